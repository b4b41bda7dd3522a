// npm run test:e2e — the extension where users run it:
//   1. packaging: `npm run package` makes a .vsix of at most 5 MB;
//   2. extension tests: @vscode/test-electron's runTests with code-shim.mjs as the VS Code executable, so the suite
//      runs in the real extension host of VS Code 1.100 (code-server 4.100.3);
//   3. a UI smoke test: the .vsix installed into code-server, the workbench driven in Debian Chromium;
//   4. Neovim's LSP client against `node dist/server.js --stdio`.
// Installs what it needs first (setup.sh, idempotent), binds only to 127.0.0.1, stops what it starts, and ends
// with a "N passed, N failed" line. Screenshots go to test-results/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { runTests } from '@vscode/test-electron';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lil-e2e-'));
let passed = 0;
let failed = 0;
const t0 = Date.now();
const log = (m) => console.log(`e2e: [${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  return r.status ?? 1;
}

function workspaceCopy(name) {
  const ws = path.join(tmp, name);
  fs.cpSync(path.join(root, 'examples'), ws, { recursive: true });
  return ws;
}

function record(name, ok, counts) {
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  } else if (ok) passed++;
  else failed++;
  log(`${ok ? 'PASS' : 'FAIL'} ${name}${counts ? ` (${counts.passed} passed, ${counts.failed} failed)` : ''}`);
}

function countsFrom(text, prefix) {
  const m = new RegExp(`${prefix}: (\\d+) passed, (\\d+) failed`).exec(text);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
}

try {
  if (run('bash', [path.join(here, 'setup.sh')]) !== 0) throw new Error('setup failed');
  if (run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]) !== 0) throw new Error('build failed');

  // 1. Packaging.
  const vsix = path.join(tmp, 'lambda-iam-lint.vsix');
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const packaged = run(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '-o', vsix], { stdio: ['ignore', 'ignore', 'inherit'] }) === 0;
  const size = packaged ? fs.statSync(vsix).size : Infinity;
  record(`package: .vsix is ${(size / 1e6).toFixed(2)} MB (≤ 5 MB)`, packaged && size <= 5_000_000);

  // 2. Extension tests through @vscode/test-electron.
  const suite = path.join(tmp, 'suite', 'index.js');
  await build({ entryPoints: [path.join(here, 'suite', 'index.ts')], outfile: suite, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });
  let extCode;
  const write = process.stdout.write.bind(process.stdout);
  let captured = '';
  process.stdout.write = (chunk, ...rest) => {
    captured += String(chunk);
    return write(chunk, ...rest);
  };
  try {
    extCode = await runTests({
      vscodeExecutablePath: path.join(here, 'code-shim.mjs'),
      extensionDevelopmentPath: root,
      extensionTestsPath: suite,
      launchArgs: [workspaceCopy('ext-ws')],
    });
  } catch (e) {
    console.error('e2e: extension tests:', e);
    extCode = 1;
  } finally {
    process.stdout.write = write;
  }
  const extCounts = countsFrom(captured, 'ext-test');
  record('extension tests in VS Code 1.100 (code-server)', extCode === 0 && extCounts !== undefined, extCounts ?? { passed: 0, failed: 1 });

  // 3. UI smoke test.
  const ui = spawnSync(process.execPath, [path.join(here, 'ui.mjs'), vsix, workspaceCopy('ui-ws'), results], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  process.stdout.write(ui.stdout ?? '');
  process.stderr.write(ui.stderr ?? '');
  record('UI smoke test (Playwright + Chromium + code-server)', ui.status === 0);

  // 4. Neovim as a second LSP client.
  const policy = path.join(tmp, 'nvim-policy.json');
  fs.writeFileSync(policy, '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }\n  ]\n}\n');
  const nvim = spawnSync('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${path.join(here, 'nvim-check.lua')}`], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LIL_FILE: policy, LIL_SERVER: path.join(root, 'dist', 'server.js') },
  });
  process.stdout.write(nvim.stdout ?? '');
  const nvimCounts = countsFrom(nvim.stdout ?? '', 'nvim');
  record('Neovim LSP client', nvim.status === 0 && nvimCounts !== undefined, nvimCounts ?? { passed: 0, failed: 1 });
} catch (e) {
  console.error('e2e:', e);
  failed++;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
