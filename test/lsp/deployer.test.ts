import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../../server/src/cli/main';
import { lint } from '../../server/src/engine/lint';
import { applyTextEdits, startServer, type TestClient } from './lsp-client';

const ROOT = join(__dirname, '..', '..');
const MI = join(ROOT, 'examples/managed-instances/template.yaml');

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

const OTHER_YAML = `AWSTemplateFormatVersion: '2010-09-09'
Description: CI resources
Resources:
  DeployerPolicy:
    Type: AWS::SNS::Topic
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: ci-artifacts-example
`;

const OTHER_JSON = `{
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Topic": {
            "Type": "AWS::SNS::Topic"
        }
    }
}
`;

const BROAD_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PassProviders",
      "Effect": "Allow",
      "Action": "lambda:PassCapacityProvider",
      "Resource": "*"
    },
    {
      "Sid": "PassRoles",
      "Effect": "Allow",
      "Action": ["iam:PassRole"],
      "Resource": ["arn:aws:iam::*:role/*"]
    },
    {
      "Sid": "Mixed",
      "Effect": "Allow",
      "Action": ["iam:PassRole", "lambda:GetFunction"],
      "Resource": "*"
    }
  ]
}
`;

let dir: string;
let client: TestClient;
const uri = (name: string) => pathToFileURL(join(dir, name)).href;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lil-deployer-lsp-'));
  copyFileSync(MI, join(dir, 'template.yaml'));
  writeFileSync(join(dir, 'other.yaml'), OTHER_YAML);
  writeFileSync(join(dir, 'other.json'), OTHER_JSON);
  writeFileSync(join(dir, 'four-spaces.yaml'), OTHER_YAML.replace(/^( +)/gm, (m) => m.repeat(2)));
  writeFileSync(join(dir, 'deployer.json'), BROAD_POLICY);
  writeFileSync(join(dir, 'not-a-template.json'), '{"name": "x", "version": "1.0.0"}\n');
  mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
  copyFileSync(MI, join(dir, 'node_modules', 'dep', 'template.yaml'));
  client = await startServer({}, pathToFileURL(dir).href);
});
after(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

type PolicyResponse = { ok: true; text: string; notes: string[] } | { ok: false; message: string };
type InsertResponse = { ok: true; edit: { changes: Record<string, TextEdit[]> }; logicalIds: string[]; notes: string[] } | { ok: false; message: string };

test('generate: the JSON is what the CLI prints for the same template, from disk or from the open editor', async () => {
  const expected = cli(['deployer-policy', join(dir, 'template.yaml')]);
  assert.equal(expected.code, 0);
  const fromDisk = (await client.connection.sendRequest('lambdaIamLint/deployerPolicy', { uri: uri('template.yaml') })) as PolicyResponse;
  assert.ok(fromDisk.ok);
  assert.equal(fromDisk.text, expected.stdout);
  assert.deepEqual(fromDisk.notes, expected.stderr.trim().split('\n').filter(Boolean).map((l) => l.replace(/^note: /, '')));

  // The open document wins over the file: an unsaved edit is what the policy is generated for.
  const edited = readFileSync(MI, 'utf8').replace(/payments-production-trusted/g, 'payments-edited');
  const edUri = 'untitled:Untitled-1';
  client.open(edUri, 'yaml', edited);
  await client.diagnostics(edUri, 1);
  const fromEditor = (await client.connection.sendRequest('lambdaIamLint/deployerPolicy', { uri: edUri })) as PolicyResponse;
  assert.ok(fromEditor.ok);
  assert.match(fromEditor.text, /capacity-provider:payments-edited/);
  assert.doesNotMatch(fromEditor.text, /payments-production-trusted/);
  void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: edUri } });
  await client.diagnostics(edUri);
});

test('generate: not a template, a broken template or a missing file is a message, not a crash', async () => {
  const notTemplate = (await client.connection.sendRequest('lambdaIamLint/deployerPolicy', { uri: uri('deployer.json') })) as PolicyResponse;
  assert.deepEqual(notTemplate, { ok: false, message: 'deployer.json is not a SAM or CloudFormation template.' });
  const brokenUri = 'file:///project/broken-template.yaml';
  client.open(brokenUri, 'yaml', 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: [unclosed\n');
  await client.diagnostics(brokenUri, 1);
  const broken = (await client.connection.sendRequest('lambdaIamLint/deployerPolicy', { uri: brokenUri })) as PolicyResponse;
  assert.equal(broken.ok, false);
  const missing = (await client.connection.sendRequest('lambdaIamLint/deployerPolicy', { uri: uri('nope.yaml') })) as PolicyResponse;
  assert.deepEqual(missing, { ok: false, message: 'nope.yaml cannot be read.' });
});

test('workspace templates: found by a walk that skips node_modules; policies and other JSON are not templates', async () => {
  const list = (await client.connection.sendRequest('lambdaIamLint/workspaceTemplates')) as string[];
  assert.ok(list.includes(uri('template.yaml')));
  assert.ok(list.includes(uri('other.yaml')));
  assert.ok(list.includes(uri('other.json')));
  assert.ok(!list.includes(uri('deployer.json')));
  assert.ok(!list.includes(uri('not-a-template.json')));
  assert.ok(!list.some((u) => u.includes('node_modules')));
});

async function insertInto(name: string): Promise<{ before: string; after: string; ids: string[] }> {
  const before = readFileSync(join(dir, name), 'utf8');
  const r = (await client.connection.sendRequest('lambdaIamLint/insertDeployerPolicy', { uri: uri('template.yaml'), targetUri: uri(name) })) as InsertResponse;
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(Object.keys(r.edit.changes), [uri(name)]);
  return { before, after: applyTextEdits(before, r.edit.changes[uri(name)]), ids: r.logicalIds };
}

function errorsOf(name: string, text: string): string[] {
  return lint({ name, text })
    .findings.filter((f) => f.severity === 'error')
    .map((f) => `${f.ruleId}: ${f.message}`)
    .sort();
}

test('insert: YAML template gets AWS::IAM::ManagedPolicy resources in block style, ids unique, no new error', async () => {
  const generated = JSON.parse(cli(['deployer-policy', join(dir, 'template.yaml')]).stdout);
  const documents = Array.isArray(generated) ? generated : [generated];
  const { before, after, ids } = await insertInto('other.yaml');
  assert.equal(ids.length, documents.length);
  assert.ok(!ids.includes('DeployerPolicy'), 'DeployerPolicy is taken by the topic');
  assert.equal(ids[0], 'DeployerPolicy2');
  assert.ok(after.startsWith(before.trimEnd()), 'appended after the last resource');
  assert.doesNotMatch(after.slice(before.trimEnd().length), /[{}]/, 'block style, no flow mappings');
  const parsed = parseYaml(after) as { Resources: Record<string, { Type: string; Properties: { PolicyDocument: unknown } }> };
  assert.equal(parsed.Resources.DeployerPolicy.Type, 'AWS::SNS::Topic');
  ids.forEach((id, i) => {
    assert.equal(parsed.Resources[id].Type, 'AWS::IAM::ManagedPolicy');
    assert.deepEqual(parsed.Resources[id].Properties.PolicyDocument, documents[i]);
  });
  assert.deepEqual(errorsOf('other.yaml', after), errorsOf('other.yaml', before));
});

test('insert: a YAML template indented by four spaces gets four-space nesting', async () => {
  const { before, after, ids } = await insertInto('four-spaces.yaml');
  const added = after.slice(before.trimEnd().length);
  assert.match(added, new RegExp(`^\\n {4}${ids[0]}:\\n {8}Type: AWS::IAM::ManagedPolicy\\n {8}Properties:\\n {12}Description: `));
  assert.match(added, /\n {16}Statement:\n {20}- Sid: CloudFormationStack\n {22}Effect: Allow\n {22}Action:\n {26}- cloudformation:/);
  const generated = JSON.parse(cli(['deployer-policy', join(dir, 'template.yaml')]).stdout);
  const documents = Array.isArray(generated) ? generated : [generated];
  const parsed = parseYaml(after) as { Resources: Record<string, { Properties: { PolicyDocument: unknown } }> };
  ids.forEach((id, i) => assert.deepEqual(parsed.Resources[id].Properties.PolicyDocument, documents[i]));
  assert.deepEqual(errorsOf('four-spaces.yaml', after), errorsOf('four-spaces.yaml', before));
});

test('insert: JSON template keeps its four-space indentation and parses back', async () => {
  const { before, after, ids } = await insertInto('other.json');
  const parsed = JSON.parse(after) as { Resources: Record<string, { Type: string }> };
  assert.equal(parsed.Resources.Topic.Type, 'AWS::SNS::Topic');
  for (const id of ids) assert.equal(parsed.Resources[id].Type, 'AWS::IAM::ManagedPolicy');
  assert.match(after, new RegExp(`\\n {8}"${ids[0]}": \\{\\n {12}"Type": "AWS::IAM::ManagedPolicy"`));
  assert.deepEqual(errorsOf('other.json', after), errorsOf('other.json', before));
  const notTemplate = (await client.connection.sendRequest('lambdaIamLint/insertDeployerPolicy', { uri: uri('template.yaml'), targetUri: uri('deployer.json') })) as InsertResponse;
  assert.equal(notTemplate.ok, false);
});

function checkFindings(policyText: string): { rule: string; message: string }[] {
  const file = join(dir, 'checked.json');
  writeFileSync(file, policyText);
  const r = cli(['deployer-policy', '--check', file, '--format', 'json', join(dir, 'template.yaml')]);
  return JSON.parse(r.stdout) as { rule: string; message: string }[];
}

test('code action: scope lambda:PassCapacityProvider and iam:PassRole to the template; --check then has nothing for them', async () => {
  const policyUri = uri('deployer.json');
  client.open(policyUri, 'json', BROAD_POLICY);
  await client.diagnostics(policyUri, 1);
  const lines = BROAD_POLICY.split('\n');
  const lineOf = (s: string) => lines.findIndex((l) => l.includes(s));
  const at = (s: string) => ({ start: { line: lineOf(s), character: 0 }, end: { line: lineOf(s), character: 0 } });
  const actions = async (s: string) => ((await client.codeActions(policyUri, at(s), [])) as CodeAction[]).filter((a) => a.title.startsWith('Scope '));

  const before = checkFindings(BROAD_POLICY);
  assert.ok(before.some((f) => f.message.startsWith('lambda:PassCapacityProvider is allowed on a capacity provider the template does not have')));

  const provider = await actions('"PassProviders"');
  assert.deepEqual(provider.map((a) => a.title), ['Scope lambda:PassCapacityProvider to the capacity providers of template.yaml']);
  assert.equal(provider[0].kind, 'refactor.rewrite');
  const scopedProviders = applyTextEdits(BROAD_POLICY, provider[0].edit!.changes![policyUri]);
  const afterProviders = checkFindings(scopedProviders);
  assert.ok(!afterProviders.some((f) => /lambda:PassCapacityProvider/.test(f.message)), JSON.stringify(afterProviders));

  const role = await actions('"PassRoles"');
  assert.deepEqual(role.map((a) => a.title), ['Scope iam:PassRole to the roles of template.yaml']);
  const scopedRoles = applyTextEdits(BROAD_POLICY, role[0].edit!.changes![policyUri]);
  const statement = (JSON.parse(scopedRoles) as { Statement: { Sid: string; Resource: unknown; Condition?: unknown }[] }).Statement.find((s) => s.Sid === 'PassRoles')!;
  const generated = JSON.parse(cli(['deployer-policy', join(dir, 'template.yaml')]).stdout);
  const generatedPassRole = (Array.isArray(generated) ? generated : [generated]).flatMap((d: { Statement: { Action: string[]; Resource: string[]; Condition?: unknown }[] }) => d.Statement).find((s) => s.Action.length === 1 && s.Action[0] === 'iam:PassRole')!;
  assert.deepEqual(statement.Resource, generatedPassRole.Resource);
  assert.deepEqual(statement.Condition, generatedPassRole.Condition);
  // The Mixed statement still allows iam:PassRole on *: only the rewritten statement is no longer broader.
  const withoutMixed = JSON.stringify({ ...JSON.parse(scopedRoles), Statement: JSON.parse(scopedRoles).Statement.filter((s: { Sid: string }) => s.Sid !== 'Mixed') }, null, 2);
  const afterRoles = checkFindings(withoutMixed);
  assert.ok(!afterRoles.some((f) => /iam:PassRole/.test(f.message)), JSON.stringify(afterRoles));

  // Applied, the statement is what the generator says: no action is offered again.
  client.change(policyUri, 2, [{ text: scopedProviders }]);
  await client.diagnostics(policyUri, 2);
  assert.deepEqual(await actions('"PassProviders"'), []);
  // A statement with another action is not rewritten: scoping its Resource would change what the other action may do.
  assert.deepEqual(await actions('"Mixed"'), []);
});

test('code action: an identity policy inside another template is scoped too, written as YAML', async () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  CiDeployer:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: PassProviders
            Effect: Allow
            Action: lambda:PassCapacityProvider
            Resource: '*'
`;
  const ciUri = 'file:///elsewhere/ci.yaml';
  client.open(ciUri, 'yaml', text);
  await client.diagnostics(ciUri, 1);
  const line = text.split('\n').findIndex((l) => l.includes('Sid: PassProviders'));
  const actions = ((await client.codeActions(ciUri, { start: { line, character: 0 }, end: { line, character: 0 } }, [])) as CodeAction[]).filter((a) => a.title.startsWith('Scope '));
  assert.deepEqual(actions.map((a) => a.title), ['Scope lambda:PassCapacityProvider to the capacity providers of template.yaml']);
  const scoped = applyTextEdits(text, actions[0].edit!.changes![ciUri]);
  const statement = (parseYaml(scoped) as { Resources: { CiDeployer: { Properties: { PolicyDocument: { Statement: { Resource: unknown }[] } } } } }).Resources.CiDeployer.Properties.PolicyDocument.Statement[0];
  const generated = JSON.parse(cli(['deployer-policy', join(dir, 'template.yaml')]).stdout);
  const providers = (Array.isArray(generated) ? generated : [generated])
    .flatMap((d: { Statement: { Action: string[]; Resource: string[] }[] }) => d.Statement)
    .filter((s) => s.Action.includes('lambda:PassCapacityProvider'))
    .flatMap((s) => s.Resource);
  assert.deepEqual([statement.Resource].flat(), providers);
  assert.deepEqual(errorsOf('ci.yaml', scoped), errorsOf('ci.yaml', text));
});
