import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { applyTextEdits, startServer, type TestClient } from './lsp-client';

const POLICY = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }\n  ]\n}\n';
const TEMPLATE =
  'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ReadPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: allow\n            Action: s3:GetObject\n            Resource: "*"\n';

let client: TestClient;
before(async () => {
  client = await startServer();
});
after(async () => {
  await client.stop();
  assert.deepEqual(client.streamErrors, [], 'nothing but protocol on stdout');
});

async function fixFirst(uri: string, text: string, diagnostic: Diagnostic): Promise<string> {
  const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
  const preferred = actions.filter((a) => a.isPreferred);
  assert.equal(preferred.length, 1, 'one preferred (safe) quick fix');
  assert.equal(preferred[0].kind, 'quickfix');
  return applyTextEdits(text, preferred[0].edit!.changes![uri]);
}

test('JSON policy: iam/invalid-effect covers exactly the value and its quick fix writes "Allow"', async () => {
  const uri = 'file:///project/policies/reader.json';
  client.open(uri, 'json', POLICY);
  const [d, ...rest] = await client.diagnostics(uri, 1);
  assert.deepEqual(rest, []);
  assert.equal(d.code, 'iam/invalid-effect');
  assert.equal(d.source, 'lambda-iam-lint');
  assert.equal(d.severity, 1);
  assert.deepEqual(d.range, { start: { line: 3, character: 16 }, end: { line: 3, character: 23 } });
  assert.match(d.codeDescription!.href, /docs\/rules\/iam\/invalid-effect\.md$/);
  assert.ok((d.data as { fixes: unknown[] }).fixes.length > 0, 'data carries the fixes');

  const actions = await client.codeActions(uri, d.range, [d]);
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Change to "Allow"', 'Show documentation for iam/invalid-effect'],
  );
  const fixed = await fixFirst(uri, POLICY, d);
  assert.equal(fixed, POLICY.replace('"allow"', '"Allow"'));

  const change = actions[0].edit!.changes![uri][0];
  client.change(uri, 2, [{ range: change.range, text: change.newText }]);
  assert.deepEqual(await client.diagnostics(uri, 2), []);
});

test('YAML template: the same finding at the same kind of range, fixed in YAML style, with disable actions', async () => {
  const uri = 'file:///project/template.yaml';
  client.open(uri, 'yaml', TEMPLATE);
  const [d] = await client.diagnostics(uri, 1);
  assert.equal(d.code, 'iam/invalid-effect');
  assert.deepEqual(d.range, { start: { line: 8, character: 20 }, end: { line: 8, character: 25 } });
  assert.equal(await fixFirst(uri, TEMPLATE, d), TEMPLATE.replace('Effect: allow', 'Effect: Allow'));
  const titles = (await client.codeActions(uri, d.range, [d])).map((a) => a.title);
  assert.deepEqual(titles, [
    'Change to "Allow"',
    'Disable iam/invalid-effect for this line',
    'Disable iam/invalid-effect for this file',
    'Show documentation for iam/invalid-effect',
  ]);
  const disable = (await client.codeActions(uri, d.range, [d])).find((a) => a.title.endsWith('for this line'))!;
  const disabled = applyTextEdits(TEMPLATE, disable.edit!.changes![uri]);
  assert.match(disabled, /\n {10}# lambda-iam-lint-disable-next-line iam\/invalid-effect\n {10}- Effect: allow/);
  client.change(uri, 2, [{ text: disabled }]);
  assert.deepEqual(await client.diagnostics(uri, 2), []);
});

test('incremental edits: diagnostics follow the latest version only', async () => {
  const uri = 'file:///project/burst.json';
  client.open(uri, 'json', POLICY);
  await client.diagnostics(uri, 1);
  // Type "Deny" over "allow" one character at a time, then back to a broken value.
  const line = 3;
  const col = 17;
  let version = 1;
  const typed = ['D', 'De', 'Den', 'Deny'];
  client.change(uri, ++version, [{ range: { start: { line, character: col }, end: { line, character: col + 5 } }, text: '' }]);
  for (let i = 0; i < typed.length; i++) {
    client.change(uri, ++version, [{ range: { start: { line, character: col + i }, end: { line, character: col + i } }, text: typed[typed.length - 1][i] }]);
  }
  const final = await client.diagnostics(uri, version);
  assert.deepEqual(final, []);
  const forUri = client.published.filter((p) => p.uri === uri);
  const versions = forUri.map((p) => p.version ?? 0);
  assert.deepEqual([...versions].sort((a, b) => a - b), versions, 'published in version order');
  assert.ok(forUri.length < version, `bursts are coalesced (${forUri.length} publishes for ${version} versions)`);
});

test('source.fixAll.lambdaIamLint fixes every safe finding in one edit', async () => {
  const uri = 'file:///project/fixall.json';
  const text = '{\n  "Statement": [\n    { "Sid": "read-1", "Effect": "allow", "Action": "s3:GetObject", "Resource": "*" }\n  ]\n}\n';
  client.open(uri, 'json', text);
  const diagnostics = await client.diagnostics(uri, 1);
  assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['iam/invalid-effect', 'iam/invalid-sid', 'iam/missing-version']);
  const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.lambdaIamLint']);
  assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all lambda-iam-lint problems', 'source.fixAll.lambdaIamLint']]);
  const edits = actions[0].edit!.changes![uri];
  assert.equal(edits.length, 1);
  assert.equal(
    applyTextEdits(text, edits),
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Sid": "read1", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }\n  ]\n}\n',
  );
});

test('settings: a rule turned off disappears after didChangeConfiguration', async () => {
  const uri = 'file:///project/settings.json';
  client.open(uri, 'json', POLICY);
  assert.equal((await client.diagnostics(uri, 1)).length, 1);
  const before = client.published.length;
  client.settings = { rules: { 'iam/invalid-effect': 'off' } };
  void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await new Promise((r) => setTimeout(r, 50));
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && !client.published.slice(before).some((p) => p.uri === uri)) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(client.published.slice(before).filter((p) => p.uri === uri).pop()?.diagnostics, []);
  client.settings = {};
});

test('a document that is neither policy nor template gets no diagnostics and closing clears them', async () => {
  const uri = 'file:///project/package.json';
  client.open(uri, 'json', '{"name": "x", "version": "1.0.0"}');
  assert.deepEqual(await client.diagnostics(uri, 1), []);
  const policy = 'file:///project/closing.json';
  client.open(policy, 'json', POLICY);
  assert.equal((await client.diagnostics(policy, 1)).length, 1);
  const count = client.published.length;
  void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: policy } });
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && !client.published.slice(count).some((p) => p.uri === policy)) await new Promise((r) => setTimeout(r, 10));
  const last = client.published.filter((p) => p.uri === policy).pop();
  assert.deepEqual(last?.diagnostics, []);
});
