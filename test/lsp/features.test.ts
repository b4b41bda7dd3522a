import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CompletionItem, CompletionList, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver';
import { startServer, type TestClient } from './lsp-client';

let client: TestClient;
before(async () => {
  client = await startServer();
});
after(async () => {
  await client.stop();
});

let counter = 0;
/** Open `marked` (with `|` at the cursor) and ask for completion there. */
async function completeAt(ext: 'json' | 'yaml', marked: string): Promise<CompletionItem[]> {
  const uri = `file:///project/completion-${++counter}.${ext}`;
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  client.open(uri, ext, text);
  await client.diagnostics(uri, 1);
  const before = text.slice(0, offset).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  const result = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as CompletionList | CompletionItem[];
  return Array.isArray(result) ? result : result.items;
}

async function hoverAt(ext: 'json' | 'yaml', marked: string): Promise<string | undefined> {
  const uri = `file:///project/hover-${++counter}.${ext}`;
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  client.open(uri, ext, text);
  await client.diagnostics(uri, 1);
  const before = text.slice(0, offset).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  const h = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as Hover | null;
  return h ? (h.contents as MarkupContent).value : undefined;
}

const item = (items: CompletionItem[], label: string) => items.find((i) => i.label === label);
const edit = (i: CompletionItem | undefined) => (i?.textEdit && 'newText' in i.textEdit ? i.textEdit.newText : undefined);

test('JSON: actions of the typed service, inserted inside the quotes', async () => {
  const items = await completeAt('json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:Pass|", "Resource": "*"}]}');
  const pass = item(items, 'lambda:PassCapacityProvider');
  assert.ok(pass, 'lambda:PassCapacityProvider offered');
  assert.equal(edit(pass), 'lambda:PassCapacityProvider');
  assert.ok(item(items, 'lambda:*'));
  assert.ok(items.every((i) => i.label.startsWith('lambda:')));
});

test('JSON: a service prefix first, then its actions', async () => {
  const items = await completeAt('json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynam|"}]}');
  assert.ok(item(items, 'dynamodb:'));
  assert.equal(item(items, 'dynamodb:')?.command?.command, 'editor.action.triggerSuggest');
});

test('JSON: Effect values, statement elements, condition operators and keys, principals, ARN skeletons', async () => {
  assert.deepEqual((await completeAt('json', '{"Version": "2012-10-17", "Statement": [{"Effect": "|"}]}')).map((i) => i.label), ['Allow', 'Deny']);
  const elements = (await completeAt('json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "|"}]}')).map((i) => i.label);
  assert.ok(elements.includes('Action') && elements.includes('Condition') && !elements.includes('Effect'));
  const ops = await completeAt('json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"|"}}]}');
  assert.ok(item(ops, 'StringEquals') && item(ops, 'ArnLike') && item(ops, 'ForAnyValue:StringLike') && item(ops, 'BoolIfExists'));
  const keys = await completeAt('json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*", "Condition": {"StringEquals": {"|"}}}]}');
  assert.ok(item(keys, 'aws:SourceAccount'), 'global keys');
  assert.ok(keys.some((k) => k.label.startsWith('lambda:')), 'the statement\'s service keys');
  const principals = await completeAt('json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lamb|"}, "Action": "sts:AssumeRole"}]}');
  assert.ok(item(principals, 'lambda.amazonaws.com'));
  const arns = await completeAt('json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:PassCapacityProvider", "Resource": "|"}]}');
  const skeleton = arns.find((i) => i.label.includes('capacity-provider'));
  assert.equal(edit(skeleton), 'arn:${1:aws}:lambda:${2:us-east-1}:${3:123456789012}:capacity-provider:${4:CapacityProviderName}');
  assert.equal(skeleton?.insertTextFormat, 2);
});

test('YAML template: plain scalars, keys with a colon, SAM policy templates with their parameters', async () => {
  const actions = await completeAt('yaml', 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetOb|\n');
  assert.equal(edit(item(actions, 's3:GetObject')), 's3:GetObject');
  assert.equal(edit(item(actions, 's3:*')), 's3:*');
  const star = await completeAt('yaml', 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: |\n');
  assert.equal(edit(item(star, '*')), "'*'", 'a YAML scalar that would be an alias is quoted');
  const elements = await completeAt('yaml', 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Act|\n');
  assert.equal(edit(item(elements, 'Action')), 'Action: ');
  const templates = await completeAt('yaml', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - SQSPoll|\n');
  assert.equal(edit(item(templates, 'SQSPollerPolicy')), 'SQSPollerPolicy:\n    QueueName: ${1:QueueName}');
  assert.equal(edit(item(templates, 'AMIDescribePolicy')), 'AMIDescribePolicy: {}');
  const params = await completeAt('yaml', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - DynamoDBCrudPolicy:\n            Tab|\n');
  assert.deepEqual(params.map((i) => i.label), ['TableName']);
});

test('no completion in documents that are not policies or templates', async () => {
  assert.deepEqual(await completeAt('json', '{"name": "x", "scripts": {"|"}}'), []);
});

test('hover: an action, a condition key, a service principal, a managed policy, a SAM template, effective permissions', async () => {
  const action = await hoverAt('json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:PassCap|acityProvider", "Resource": "*"}]}');
  assert.match(action!, /\*\*lambda:PassCapacityProvider\*\* · /);
  assert.match(action!, /capacity-provider/);
  assert.match(action!, /Service Authorization Reference/);
  const key = await hoverAt('json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ArnLike": {"aws:Sou|rceArn": "arn:aws:s3:::b"}}}]}');
  assert.match(key!, /\*\*aws:SourceArn\*\* · ARN · single-valued/);
  const principal = await hoverAt('json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazon|aws.com"}, "Action": "sts:AssumeRole"}]}');
  assert.match(principal!, /AWS service principal/);
  const yaml = 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Orders|Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      Policies:\n        - DynamoDBReadPolicy:\n            TableName: orders\n        - AWSLambdaBasicExecutionRole\n';
  const permissions = await hoverAt('yaml', yaml);
  assert.match(permissions!, /runs as `OrdersFnRole` \(generated by SAM\), trusted by `lambda\.amazonaws\.com`/);
  assert.match(permissions!, /Invoked by: no permission in this template\./);
  assert.match(permissions!, /\| dynamodb \| .*\|/);
  assert.match(permissions!, /\| logs \| /);
  const template = await hoverAt('yaml', yaml.replace('Orders|Fn', 'OrdersFn').replace('DynamoDBReadPolicy', 'DynamoDB|ReadPolicy'));
  assert.match(template!, /SAM policy template/);
  const managed = await hoverAt('yaml', yaml.replace('Orders|Fn', 'OrdersFn').replace('- AWSLambdaBasicExecutionRole', '- AWSLambdaBasic|ExecutionRole'));
  assert.match(managed!, /AWS managed policy/);
  assert.match(managed!, /logs:PutLogEvents/);
});

test('typing new lines through syntax errors: every version\'s diagnostics, and hover in the other resources, are a fresh document\'s', async () => {
  // Half-written lines (`Eff`, `Action: [s3:Get`) are syntax errors in the first function; the server lints against
  // the last version that parsed and leaves the broken resource out (parse/yaml.ts `recoverEdited`).
  const text =
    'Transform: AWS::Serverless-2016-10-31\nResources:\n  First:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: first.handler\n      Runtime: python3.12\n      CodeUri: src/\n      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: "*"\n' +
    '  Second:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: second.handler\n      Runtime: python3.12\n      CodeUri: src/\n      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: [s3:GetObject, lambda:InvokeFunctoin]\n              Resource: "*"\n';
  const typed = '\n            - Effect: Allow\n              Action: [sqs:SendMessage, s3:PutObjectt]\n              Resource: "*"';
  const uri = `file:///project/typed-${++counter}.yaml`;
  client.open(uri, 'yaml', text);
  await client.diagnostics(uri, 1);
  const after = text.indexOf('              Resource: "*"\n') + '              Resource: "*"'.length;
  let current = text;
  let broken = 0;
  const unversioned = (ds: Diagnostic[]) => ds.map((d) => ({ ...d, data: { ...(d.data as object), version: undefined } }));
  for (let i = 0; i < typed.length; i++) {
    const at = after + i;
    const before = current.slice(0, at).split('\n');
    const position = { line: before.length - 1, character: before[before.length - 1]!.length };
    current = current.slice(0, at) + typed[i] + current.slice(at);
    client.change(uri, i + 2, [{ range: { start: position, end: position }, text: typed[i]! }]);
    const edited = await client.diagnostics(uri, i + 2);
    const fresh = `file:///project/typed-${++counter}.yaml`;
    client.open(fresh, 'yaml', current);
    const expected = await client.diagnostics(fresh, 1);
    assert.deepEqual(unversioned(edited), unversioned(expected), `after ${JSON.stringify(typed.slice(0, i + 1))}`);
    if (expected.some((d) => d.code === 'parse/syntax')) {
      broken++;
      // Hover on the second function's misspelt action: its nodes come from the last version that parsed.
      const lines = current.split('\n');
      const line = lines.findIndex((l) => l.includes('lambda:InvokeFunctoin'));
      const position2 = { line, character: lines[line]!.indexOf('lambda:InvokeFunctoin') + 3 };
      const [hovered, hoveredFresh] = [
        await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: position2 }),
        await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: fresh }, position: position2 }),
      ];
      assert.deepEqual(hovered, hoveredFresh, `hover after ${JSON.stringify(typed.slice(0, i + 1))}`);
    }
    void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: fresh } });
  }
  assert.ok(broken >= 20, `${broken} versions with a syntax error`);
  const final = await client.diagnostics(uri, typed.length + 1);
  assert.ok(final.some((d) => d.code === 'iam/unknown-action' && /PutObjectt/.test(d.message)), 'the typed statement is linted once it parses');
});

test('after typing in one resource, hover, completion and quick fixes in the resources after it are those of a fresh document', async () => {
  // Typing into the first function opens a gap after it (parse/layout.ts): the second function keeps its nodes, at
  // offsets that are no longer the document's. What the editor is given must be in the document's positions.
  const text =
    'Transform: AWS::Serverless-2016-10-31\nResources:\n  First:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: first.handler\n      Runtime: python3.12\n      CodeUri: src/\n' +
    '  Second:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: second.handler\n      Runtime: python3.12\n      CodeUri: src/\n      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: [s3:GetObject, lambda:InvokeFunctoin]\n              Resource: "*"\n';
  const typed = 'Handler: first.handlerxyz';
  const uri = `file:///project/typed-${++counter}.yaml`;
  client.open(uri, 'yaml', text);
  await client.diagnostics(uri, 1);
  const line = text.split('\n').findIndex((l) => l.includes('first.handler'));
  // One keystroke at a time, each linted (the first opens the gap, the others grow into it).
  let edited: Diagnostic[] = [];
  for (let i = 0; i < 3; i++) {
    const character = text.split('\n')[line]!.length + i;
    client.change(uri, i + 2, [{ range: { start: { line, character }, end: { line, character } }, text: 'xyz'[i]! }]);
    edited = await client.diagnostics(uri, i + 2);
  }
  const now = text.replace('Handler: first.handler', typed);
  const fresh = `file:///project/typed-${++counter}.yaml`;
  client.open(fresh, 'yaml', now);
  const expected = await client.diagnostics(fresh, 1);
  // The same ranges, messages and fixes; only the version the fixes belong to differs.
  const unversioned = (ds: Diagnostic[]) => ds.map((d) => ({ ...d, data: { ...(d.data as object), version: undefined } }));
  assert.deepEqual(unversioned(edited), unversioned(expected), 'the diagnostics, with their ranges and fixes, of a fresh document');
  assert.ok(expected.some((d) => d.code === 'iam/unknown-action'), 'the misspelt action is found');

  const lines = now.split('\n');
  const at = (needle: string, within = 0) => {
    const l = lines.findIndex((x) => x.includes(needle));
    return { line: l, character: lines[l]!.indexOf(needle) + within };
  };
  const ask = async (method: string, params: object) => [
    await client.connection.sendRequest(method, { textDocument: { uri }, ...params }),
    await client.connection.sendRequest(method, { textDocument: { uri: fresh }, ...params }),
  ];
  const [hovered, hoveredFresh] = await ask('textDocument/hover', { position: at('s3:GetObject', 4) });
  assert.ok(hovered, 'a hover on the action');
  assert.deepEqual(hovered, hoveredFresh);
  const [completed, completedFresh] = await ask('textDocument/completion', { position: at('s3:GetObject', 6) });
  assert.ok((completed as CompletionList).items.length > 0, 'completions for the action');
  assert.deepEqual(completed, completedFresh);
  const diagnostic = expected.find((d) => d.code === 'iam/unknown-action')!;
  const [fixes, fixesFresh] = await ask('textDocument/codeAction', { range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  assert.ok((fixes as unknown[]).length > 0, 'code actions for the misspelt action');
  assert.deepEqual(JSON.stringify(fixes).replaceAll(uri, fresh), JSON.stringify(fixesFresh));
});
