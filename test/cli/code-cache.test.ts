import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer } from '../lsp/lsp-client';

/**
 * dist/cli.js and dist/server.js load their bundle through V8's code cache (server/src/boot/load.ts). The cache may
 * only make a start faster: the output with no cache, with a fresh one and with a damaged one is the same, a damaged
 * one is replaced, a run that lints nothing writes none, and `off` writes nothing.
 */
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function run(cache: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', join(ROOT, 'examples')], { encoding: 'utf8', env: { ...process.env, LAMBDA_IAM_LINT_CODE_CACHE: cache } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the CLI writes a code cache on its first run, reads it on the next, replaces a damaged one, and prints the same', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lil-code-cache-'));
  try {
    const first = run(dir);
    assert.equal(first.stderr, '');
    const files = readdirSync(dir);
    assert.equal(files.length, 1, `one cache file: ${files.join(', ')}`);
    assert.match(files[0]!, /^cli-main\.js-v\d+\.\d+\.\d+-[a-z0-9]+-\d+-\d+\.bin$/);
    const cache = join(dir, files[0]!);
    const written = readFileSync(cache);
    assert.ok(written.length > 100_000, `${written.length} bytes of bytecode`);
    const before = statSync(cache).mtimeMs;

    const second = run(dir);
    assert.deepEqual(second, first);
    assert.equal(statSync(cache).mtimeMs, before, 'an accepted cache is not rewritten');

    writeFileSync(cache, Buffer.from('not a V8 code cache'));
    const damaged = run(dir);
    assert.deepEqual(damaged, first);
    assert.ok(readFileSync(cache).length > 100_000, 'a rejected cache is replaced by a good one');
    assert.deepEqual(readdirSync(dir), files, 'no temporary file is left');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run that lints nothing (--version) writes no cache: the cache is kept from a run with the lint in it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lil-code-cache-version-'));
  try {
    const r = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', env: { ...process.env, LAMBDA_IAM_LINT_CODE_CACHE: dir } });
    assert.equal(r.status, 0);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('LAMBDA_IAM_LINT_CODE_CACHE=off runs without reading or writing a cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lil-code-cache-off-'));
  try {
    const withCache = run(dir);
    const without = run('off');
    assert.deepEqual(without, withCache);
    assert.equal(readdirSync(dir).length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the language server keeps the cache it wrote: its run-time V8 flags leave the flags V8 checks the cache against as they were', async () => {
  // As the extension starts it (flags on the command line) and as Neovim does (none: the server sets them itself).
  for (const execArgv of [undefined, []]) {
    const dir = mkdtempSync(join(tmpdir(), 'lil-code-cache-server-'));
    const env = { ...process.env, LAMBDA_IAM_LINT_CODE_CACHE: dir };
    const lintOnce = async (): Promise<void> => {
      const client = await startServer({}, undefined, { execArgv, env });
      try {
        client.open('file:///cache/t.yaml', 'yaml', 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n');
        await client.diagnostics('file:///cache/t.yaml', 1);
      } finally {
        await client.stop();
      }
    };
    try {
      await lintOnce();
      const files = readdirSync(dir);
      assert.equal(files.length, 1, `one cache file: ${files.join(', ')}`);
      assert.match(files[0]!, /^server-main\.js-/);
      const before = statSync(join(dir, files[0]!)).mtimeMs;
      await lintOnce();
      assert.equal(statSync(join(dir, files[0]!)).mtimeMs, before, `an accepted cache is not rewritten (${execArgv ? 'started plainly' : 'started with the extension\'s flags'})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
