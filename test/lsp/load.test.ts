import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { SERVER, startServer } from './lsp-client';

const TEMPLATE = 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Sid: S\n            Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n';

function rssMB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

test('1,000 rapid didChange notifications: diagnostics for the last version only, memory stable', async () => {
  const client = await startServer();
  try {
    const uri = 'file:///project/load.yaml';
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
  // Raw stdio, so the request and its $/cancelRequest reach the server in one write, as a fast client sends them.
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const frame = (message: object) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };
  const responses = new Map<number, { result?: unknown; error?: { code: number } }>();
  let buffer = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const header = buffer.indexOf('\r\n\r\n');
      if (header < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(buffer.subarray(0, header).toString())![1]);
      if (buffer.length < header + 4 + length) return;
      const message = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString());
      buffer = buffer.subarray(header + 4 + length);
      if (typeof message.id === 'number' && ('result' in message || 'error' in message)) responses.set(message.id, message);
      else if (message.method === 'workspace/configuration') child.stdin.write(frame({ id: message.id, result: [{}] }));
      else if (message.id !== undefined && message.method) child.stdin.write(frame({ id: message.id, result: null }));
    }
  });
  const response = async (id: number) => {
    const deadline = Date.now() + 10_000;
    while (!responses.has(id)) {
      assert.ok(Date.now() < deadline, `no response to request ${id}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return responses.get(id)!;
  };
  try {
    const uri = 'file:///project/cancel.yaml';
    child.stdin.write(frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: { workspace: { configuration: true } } } }));
    await response(1);
    child.stdin.write(frame({ method: 'initialized', params: {} }) + frame({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text: TEMPLATE } } }));
    child.stdin.write(frame({ id: 2, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 9, character: 22 } } }));
    assert.ok((await response(2)).result, 'a hover that is not cancelled is answered');
    child.stdin.write(
      frame({ id: 3, method: 'textDocument/completion', params: { textDocument: { uri }, position: { line: 9, character: 20 } } }) + frame({ method: '$/cancelRequest', params: { id: 3 } }),
    );
    assert.equal((await response(3)).error?.code, -32800, 'answered with RequestCancelled');
    child.stdin.write(frame({ id: 4, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 9, character: 22 } } }));
    assert.ok((await response(4)).result, 'and the next request is answered');
  } finally {
    child.kill();
  }
});

test('malformed requests are answered, never crash the server', async () => {
  const client = await startServer();
  try {
    const uri = 'file:///project/malformed.yaml';
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
