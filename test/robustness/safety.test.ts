import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { lint } from '../../server/src/engine/lint';
import { startServer } from '../lsp/lsp-client';

/**
 * The extension reads documents that may come from anyone: it must not reach the network, must not evaluate what
 * it reads, and must not read files outside the workspace and its own installation. The CLI and the server run
 * with test/robustness/guard.cjs preloaded, which records network attempts and file access; code generation from
 * strings is disabled in V8, so an eval of document content would throw.
 */
const ROOT = join(__dirname, '..', '..');
const GUARD = join(__dirname, 'guard.cjs');
const HOSTILE = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'x',
      Effect: 'Allow',
      Action: ['s3:GetObject', '${process.exit(3)}', "'); require('child_process').execSync('touch /tmp/lil-pwned'); ('"],
      Resource: ['arn:aws:s3:::b/${require("fs")}', 'http://169.254.169.254/latest/meta-data/', 'https://example.com/x'],
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-${this.constructor.constructor("return process")().exit(4)}' } },
      __proto__polluter: { polluted: true },
    },
  ],
  __proto__: { polluted: true },
  constructor: { prototype: { polluted: true } },
};

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lil-safety-'));
  cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  writeFileSync(join(dir, 'hostile.json'), JSON.stringify(HOSTILE, null, 2).replace('"__proto__polluter"', '"__proto__"'));
  writeFileSync(join(dir, '.lambda-iam-lint.json'), JSON.stringify({ rules: { 'iam/missing-version': 'warning' }, __proto__: { polluted: true } }));
  return dir;
}

function guardLog(logFile: string): { network: string[]; files: string[] } {
  const lines = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : [];
  return {
    network: lines.filter((l) => l.startsWith('network\t')).map((l) => l.slice(8)),
    files: [...new Set(lines.filter((l) => l.startsWith('file\t')).map((l) => l.slice(5)))],
  };
}

/** The extension's own files: what `npm run package` ships (the CLI and server read the data files in dist/). */
function outside(files: string[], ws: string): string[] {
  return files.filter((f) => !(f === ws || f.startsWith(ws + sep) || f.startsWith(join(ROOT, 'dist') + sep) || f === join(ROOT, 'docs', 'rules') || f.startsWith(join(ROOT, 'docs', 'rules') + sep)));
}

test('the CLI: no network, no code generation from strings, no file access outside the workspace and itself', () => {
  const ws = workspace();
  const log = join(ws, '..', `${ws.split(sep).pop()}-guard.log`);
  try {
    const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--require', GUARD, join(ROOT, 'dist', 'cli.js'), '--format', 'json', '.'], {
      cwd: ws,
      encoding: 'utf8',
      env: { ...process.env, LIL_GUARD_LOG: log },
    });
    assert.equal(r.status, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as { file: string; rule: string }[];
    assert.ok(findings.some((f) => f.file === 'hostile.json'), 'the hostile document was linted');
    const { network, files } = guardLog(log);
    assert.deepEqual(network, []);
    assert.ok(files.some((f) => f.endsWith('hostile.json')), 'file access is recorded');
    assert.deepEqual(outside(files, ws), []);
    assert.equal(existsSync('/tmp/lil-pwned'), false);
  } finally {
    rmSync(ws, { recursive: true, force: true });
    rmSync(log, { force: true });
  }
});

test('the language server: no network, no code generation from strings, no file access outside the workspace and itself', async () => {
  const ws = workspace();
  const log = join(ws, '..', `${ws.split(sep).pop()}-guard.log`);
  const previous = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `--disallow-code-generation-from-strings --require ${GUARD}`;
  process.env.LIL_GUARD_LOG = log;
  const client = await startServer({}, pathToFileURL(ws).href);
  process.env.NODE_OPTIONS = previous;
  delete process.env.LIL_GUARD_LOG;
  try {
    const hostile = pathToFileURL(join(ws, 'hostile.json')).href;
    const template = pathToFileURL(join(ws, 'examples', 'sam-app', 'template.yaml')).href;
    client.open(hostile, 'json', readFileSync(join(ws, 'hostile.json'), 'utf8'));
    client.open(template, 'yaml', readFileSync(join(ws, 'examples', 'sam-app', 'template.yaml'), 'utf8'));
    assert.ok((await client.diagnostics(hostile, 1)).length > 0);
    assert.ok((await client.diagnostics(template, 1)).length > 0);
    await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: hostile }, position: { line: 6, character: 10 } });
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: template }, position: { line: 37, character: 5 } });
    const { network, files } = guardLog(log);
    assert.deepEqual(network, []);
    assert.ok(files.length > 0, 'file access is recorded');
    assert.deepEqual(outside(files, ws), []);
  } finally {
    await client.stop();
    rmSync(ws, { recursive: true, force: true });
    rmSync(log, { force: true });
  }
});

test('document content never pollutes prototypes or reaches code', () => {
  const text = JSON.stringify(HOSTILE).replace('"__proto__polluter"', '"__proto__"');
  const result = lint({ name: 'hostile.json', text });
  assert.deepEqual(result.internalErrors, []);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  const yaml = 'Resources:\n  __proto__:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        __proto__: {polluted: true}\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n            constructor: {prototype: {polluted: true}}\n';
  assert.deepEqual(lint({ name: 't.yaml', text: yaml }).internalErrors, []);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
