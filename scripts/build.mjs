// Builds the extension: generated IAM data, then esbuild bundles for the client, the server and the CLI.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generated = join(root, 'server/src/iam/generated');
const generator = join(root, 'scripts/gen-iam-catalog.mjs');

if (existsSync(generator)) execFileSync(process.execPath, [generator], { stdio: 'inherit', cwd: root });
execFileSync(process.execPath, [join(root, 'scripts/gen-rule-index.mjs')], { stdio: 'inherit', cwd: root });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  // No keepNames: its `__name` wrapper runs on every closure a hot loop creates (about 15% of a lint). A rule that
  // throws is logged with its rule id, which names the file.
  keepNames: false,
  sourcemap: false,
  logLevel: 'warning',
  absWorkingDir: root,
  // jsonc-parser's "main" is a UMD build whose dynamic requires esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

/**
 * Node modules the language-server libraries load at start-up for calls a stdio or IPC server never makes:
 * vscode-jsonrpc's `crypto` (a random pipe name; about 15 ms of every server start) and vscode-languageserver's
 * `child_process` (its `files.resolve`, which runs npm or yarn; about 1.5 ms). Each is given them on first use instead.
 */
const LAZY_BUILTINS = { crypto: /vscode-jsonrpc/, child_process: /vscode-languageserver[\\/]lib[\\/]node[\\/]files/ };
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^(crypto|child_process)$/ }, (args) => (LAZY_BUILTINS[args.path].test(args.importer) ? { path: args.path, namespace: 'lazy-builtin' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, name) => require('node:${args.path}')[name] });`,
      loader: 'js',
    }));
  },
};

mkdirSync(join(root, 'dist'), { recursive: true });
await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js', plugins: [lazyBuiltins] }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js' }),
  // The entry points: each loads its bundle through V8's code cache (server/src/boot/load.ts).
  build({ ...common, entryPoints: ['server/src/boot/load.ts'], outfile: 'dist/server.js', define: { MAIN_BUNDLE: '"server-main.js"' } }),
  build({ ...common, entryPoints: ['server/src/boot/load.ts'], outfile: 'dist/cli.js', define: { MAIN_BUNDLE: '"cli-main.js"' }, banner: { js: '#!/usr/bin/env node' } }),
]);

// The IAM catalogue and managed-policy extract are read lazily at run time, not bundled into the code.
if (existsSync(generated)) {
  for (const f of readdirSync(generated)) if (/\.jsonl?$/.test(f)) copyFileSync(join(generated, f), join(root, 'dist', f));
}
// The catalogue's file before format 3 and the managed-policy extract's before format 2, which a package would
// otherwise still carry.
for (const stale of ['iam-catalog.json', 'managed-policies.json']) rmSync(join(root, 'dist', stale), { force: true });
