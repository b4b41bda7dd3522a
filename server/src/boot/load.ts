/**
 * The entry point of `dist/server.js` and `dist/cli.js`: loads the bundle next to it (`server-main.js`,
 * `cli-main.js`) through V8's code cache. Compiling the 0.8 MB bundle and the functions the first lint runs takes
 * about 50 ms of every start; with the cache V8 reads the bytecode instead. The cache is written when a process that
 * had none exits after linting, under `.code-cache/` beside the bundle (or `LAMBDA_IAM_LINT_CODE_CACHE`, a directory, or `off`),
 * keyed by the Node version, the architecture and the bundle's size and time. V8 checks its own version, flags and
 * the source, and rejects a cache that does not fit: the bundle is then compiled as without one. Nothing here may
 * change what the program does: every failure falls back to a plain compile, and a cache is never written anywhere
 * but that directory.
 */
import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

declare const MAIN_BUNDLE: string;

function cachePath(file: string): string | undefined {
  const setting = process.env.LAMBDA_IAM_LINT_CODE_CACHE;
  if (setting === 'off') return undefined;
  try {
    const { size, mtimeMs } = statSync(file);
    const dir = setting || join(__dirname, '.code-cache');
    return join(dir, `${MAIN_BUNDLE}-${process.version}-${process.arch}-${size}-${Math.round(mtimeMs)}.bin`);
  } catch {
    return undefined;
  }
}

function writeCache(path: string, data: Buffer): void {
  try {
    const dir = join(path, '..');
    mkdirSync(dir, { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, data);
    renameSync(temp, path); // atomic: two processes exiting together never leave half a file
    const mine = path.slice(dir.length + 1);
    for (const f of readdirSync(dir)) if (f.startsWith(`${MAIN_BUNDLE}-`) && f !== mine && !f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  } catch {
    // A read-only installation runs without a cache.
  }
}

function load(): void {
  const file = join(__dirname, MAIN_BUNDLE);
  const bytes = readFileSync(file);
  // esbuild writes ASCII (it escapes the rest): Latin-1 decodes it byte for byte, faster than UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const path = cachePath(file);
  let cachedData: Buffer | undefined;
  try {
    if (path) cachedData = readFileSync(path);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  if (path && (cachedData === undefined || script.cachedDataRejected)) {
    // After the program ran, the cache also holds the functions it compiled on the way: written only by a process
    // that linted something, so a `--version` does not leave a cache without the lint in it.
    process.once('exit', () => {
      if ((globalThis as Record<symbol, unknown>)[Symbol.for('lambda-iam-lint.linted')]) writeCache(path, script.createCachedData());
    });
  }
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => void;
  // This module is the entry point, so the bundle's `require.main === module` holds as if it had been run itself.
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, __dirname);
}

load();
