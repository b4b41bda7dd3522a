import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { startServer } from './lsp-client';

const TEMPLATE = 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Sid: S\n            Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n';

function rssMB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

test('1,000 rapid didChange notifications: diagnostics for the last version only, memory stable', async () => {
  const client = await startServer();
  try {
    const uri = 'file:///work/load.yaml';
    client.open(uri, 'yaml', TEMPLATE);
    await client.diagnostics(uri, 1);
    const rssBefore = rssMB(client.process.pid!);
    const line = 7;
    const col = TEMPLATE.split('\n')[line].length;
    for (let version = 2; version <= 1001; version++) {
      // Alternate between a valid Sid and one with a hyphen, so each version's diagnostics differ.
      client.change(uri, version, [{ range: { start: { line, character: col }, end: { line, character: col } }, text: version % 2 ? '-' : 'a' }]);
    }
    const last = await client.diagnostics(uri, 1001);
    const forUri = client.published.filter((p) => p.uri === uri);
    const versions = forUri.map((p) => p.version!);
    assert.deepEqual([...versions].sort((a, b) => a - b), versions, 'never a stale version after a newer one');
    assert.equal(versions[versions.length - 1], 1001);
    assert.ok(forUri.length < 100, `a burst is coalesced: ${forUri.length} publishes for 1,000 edits`);
    // The final text has 500 hyphens in the Sid: one iam/invalid-sid finding.
    assert.deepEqual(last.map((d) => d.code), ['iam/invalid-sid']);
    const rssAfter = rssMB(client.process.pid!);
    assert.ok(rssAfter - rssBefore < 60, `RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB`);
    console.log(`load: ${forUri.length} publishes for 1,000 edits; RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB`);
  } finally {
    await client.stop();
  }
});

test('a cancelled request is answered as cancelled', async () => {
  const client = await startServer();
  try {
    const uri = 'file:///work/cancel.yaml';
    client.open(uri, 'yaml', TEMPLATE);
    await client.diagnostics(uri, 1);
    // Cancel in the same tick: the server sees the cancellation before it computes the answer.
    const { CancellationTokenSource } = await import('vscode-jsonrpc');
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 9, character: 20 } }, source.token);
    source.cancel();
    await assert.rejects(pending, (e: { code?: number }) => e.code === -32800);
    // …and the server still answers the next request.
    const ok = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 22 } });
    assert.ok(ok);
  } finally {
    await client.stop();
  }
});

test('malformed requests are answered, never crash the server', async () => {
  const client = await startServer();
  try {
    const uri = 'file:///work/malformed.yaml';
    client.open(uri, 'yaml', TEMPLATE);
    await client.diagnostics(uri, 1);
    await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [null, {}, { code: 'iam/invalid-sid' }] } });
    await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 9999, character: 9999 } });
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///not/open.json' }, position: { line: 0, character: 0 } });
    client.change(uri, 2, [{ range: { start: { line: 500, character: 0 }, end: { line: 900, character: 3 } }, text: 'x' }]);
    await client.diagnostics(uri, 2);
    assert.equal(client.process.exitCode, null, 'the server is still running');
  } finally {
    await client.stop();
  }
});
