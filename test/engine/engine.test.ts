import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { configuredPolicyKind, defaultConfig, mergeConfig, readConfig } from '../../server/src/engine/config';
import { findConfigFile } from '../../server/src/engine/config-file';
import { applyFixes, fixToFixedPoint } from '../../server/src/engine/fix';
import { Fixer } from '../../server/src/engine/fixer';
import { lint } from '../../server/src/engine/lint';
import { LineIndex } from '../../server/src/engine/line-index';
import { detectDocument } from '../../server/src/model/detect';
import { buildModel } from '../../server/src/model/document';
import { parseDocument } from '../../server/src/parse/document';
import { child, type ObjectNode } from '../../server/src/parse/tree';
import { ruleIds } from '../../server/src/rules';

const BAD_EFFECT = '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}';

test('document detection: policy kinds, CloudFormation, SAM, and everything else', () => {
  const kind = (text: string, format: 'json' | 'yaml' = 'json') => detectDocument(parseDocument(text, format).root, format);
  assert.deepEqual(kind('{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'), { kind: 'policy', policyKind: 'identity' });
  assert.deepEqual(kind('{"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}'), { kind: 'policy', policyKind: 'trust' });
  assert.deepEqual(kind('{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": "*"}]}'), { kind: 'policy', policyKind: 'resource' });
  assert.deepEqual(kind('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}'), { kind: 'template', sam: false });
  assert.deepEqual(kind('Resources:\n  Q:\n    Type: AWS::SQS::Queue\n', 'yaml'), { kind: 'template', sam: false });
  assert.deepEqual(kind('Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources: {}\n', 'yaml'), { kind: 'template', sam: true });
  assert.deepEqual(kind('Resources:\n  F:\n    Type: AWS::Serverless::Function\n', 'yaml'), { kind: 'template', sam: true }, 'SAM resources without the Transform line');
  assert.deepEqual(kind('{"name": "x", "version": "1.0.0"}'), { kind: 'none' });
  assert.deepEqual(kind('services:\n  web:\n    image: nginx\n', 'yaml'), { kind: 'none' });
  assert.deepEqual(kind('Statement: []\n', 'yaml'), { kind: 'none' }, 'standalone policies are JSON');
});

test('documents that are not ours cost nothing and get no findings', () => {
  assert.equal(buildModel('package.json', '{"name": "x"}'), undefined);
  assert.deepEqual(lint({ name: 'docker-compose.yml', text: 'services: {web: {image: nginx}}' }).findings, []);
  assert.deepEqual(lint({ name: 'broken.json', text: '{"name": ' }).findings, []);
});

test('a broken document that looks like a policy still gets its syntax error', () => {
  const findings = lint({ name: 'p.json', text: '{"Statement": [' }).findings;
  assert.ok(findings.length > 0);
  assert.deepEqual([...new Set(findings.map((f) => f.ruleId))], ['parse/syntax'], 'no rule runs on a tree the parser repaired');
});

test('a syntax error in the only resource of a template is reported, with or without the version before', () => {
  const good = 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n';
  const bad = good.replace('      Runtime', '      T\n      Runtime');
  const previous = lint({ name: 't.yaml', text: good, incremental: true }).state;
  for (const result of [lint({ name: 't.yaml', text: bad }), lint({ name: 't.yaml', text: bad, incremental: true, previous })]) {
    assert.deepEqual(result.findings.map((f) => `${f.ruleId} ${f.severity} ${result.lines.positionAt(f.start).line}`), ['parse/syntax error 4']);
  }
});

test('severity overrides and off', () => {
  const off = mergeConfig(defaultConfig, { rules: { 'iam/invalid-effect': 'off' } });
  assert.deepEqual(lint({ name: 'p.json', text: BAD_EFFECT, config: off }).findings, []);
  const warn = mergeConfig(defaultConfig, { rules: { 'iam/invalid-effect': 'warning' } });
  assert.deepEqual(lint({ name: 'p.json', text: BAD_EFFECT, config: warn }).findings.map((f) => f.severity), ['warning']);
  const disabled = mergeConfig(defaultConfig, { enable: false });
  assert.deepEqual(lint({ name: 'p.json', text: BAD_EFFECT, config: disabled }).findings, []);
});

test('documents over maxFileSize are skipped with one info finding', () => {
  const config = mergeConfig(defaultConfig, { maxFileSize: 50 });
  const findings = lint({ name: 'p.json', text: BAD_EFFECT, config }).findings;
  assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.start, f.end]), [['parse/file-too-large', 'info', 0, 0]]);
  assert.match(findings[0].message, /maxFileSize/);
});

test('policyKinds overrides detection', () => {
  const config = mergeConfig(defaultConfig, { policyKinds: { 'trust/*.json': 'trust', '**/*.bucket.json': 'resource' } });
  assert.equal(configuredPolicyKind(config, 'trust/lambda.json'), 'trust');
  assert.equal(configuredPolicyKind(config, 'a/b/c.bucket.json'), 'resource');
  assert.equal(configuredPolicyKind(config, 'other/lambda.json'), undefined);
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}';
  assert.deepEqual(lint({ name: 'p.json', text }).findings.map((f) => f.messageId), ['resource']);
  assert.deepEqual(lint({ name: 'p.json', text, policyKind: 'trust' }).findings.map((f) => f.messageId), ['principal']);
});

test('readConfig keeps what is valid and describes every problem', () => {
  const { config, problems } = readConfig(
    { rules: { 'iam/invalid-effect': 'warning', 'iam/nope': 'off', 'iam/missing-version': 'loud' }, trustTagKeys: 'x', maxFileSize: -1, colour: true },
    ruleIds,
  );
  assert.deepEqual(config.rules, { 'iam/invalid-effect': 'warning' });
  assert.deepEqual(problems.sort(), [
    '"maxFileSize" must be a positive number of bytes',
    '"trustTagKeys" must be an array of strings',
    'rule "iam/missing-version": severity must be one of error, warning, info, hint, off',
    'unknown option "colour"',
    'unknown rule "iam/nope"',
  ]);
  assert.deepEqual(readConfig([1], ruleIds).problems, ['the configuration must be a JSON object']);
});

test('.lambda-iam-lint.json is found upward and re-read when it changes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lil-config-'));
  mkdirSync(join(dir, 'a', 'b'), { recursive: true });
  writeFileSync(join(dir, '.lambda-iam-lint.json'), JSON.stringify({ rules: { 'iam/invalid-sid': 'off' } }));
  const found = findConfigFile(join(dir, 'a', 'b'), ruleIds);
  assert.equal(found?.path, join(dir, '.lambda-iam-lint.json'));
  assert.deepEqual(found?.config.rules, { 'iam/invalid-sid': 'off' });
  writeFileSync(join(dir, 'a', '.lambda-iam-lint.json'), '{ not json');
  const broken = findConfigFile(join(dir, 'a', 'b'), ruleIds);
  assert.equal(broken?.path, join(dir, 'a', '.lambda-iam-lint.json'));
  assert.match(broken!.problems[0], /^invalid JSON/);
});

const SUPPRESSIBLE = (prefix: string) =>
  `${prefix}Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Sid: bad-sid\n            Effect: allow\n            Action: "*"\n            Resource: "*"\n`;

test('YAML suppression comments: next line, same line, whole file, all rules', () => {
  const ids = (text: string) => lint({ name: 't.yaml', text }).findings.map((f) => f.ruleId);
  assert.deepEqual(ids(SUPPRESSIBLE('')), ['iam/invalid-sid', 'iam/invalid-effect']);
  assert.deepEqual(ids(SUPPRESSIBLE('# lambda-iam-lint-disable iam/invalid-effect\n')), ['iam/invalid-sid']);
  assert.deepEqual(ids(SUPPRESSIBLE('# lambda-iam-lint-disable iam/invalid-effect, iam/invalid-sid -- reviewed\n')), []);
  assert.deepEqual(ids(SUPPRESSIBLE('# lambda-iam-lint-disable iam/*\n')), []);
  assert.deepEqual(ids(SUPPRESSIBLE('# lambda-iam-lint-disable\n')), []);
  const nextLine = SUPPRESSIBLE('').replace('            Effect: allow', '            # lambda-iam-lint-disable-next-line iam/invalid-effect\n            Effect: allow');
  assert.deepEqual(ids(nextLine), ['iam/invalid-sid']);
  const sameLine = SUPPRESSIBLE('').replace('Sid: bad-sid', 'Sid: bad-sid # lambda-iam-lint-disable-line');
  assert.deepEqual(ids(sameLine), ['iam/invalid-effect']);
  const otherRule = SUPPRESSIBLE('').replace('            Effect: allow', '            # lambda-iam-lint-disable-next-line iam/invalid-sid\n            Effect: allow');
  assert.deepEqual(ids(otherRule), ['iam/invalid-sid', 'iam/invalid-effect']);
});

test('Metadata ignores on a resource', () => {
  const text = SUPPRESSIBLE('').replace('    Type: AWS::IAM::Policy\n', '    Type: AWS::IAM::Policy\n    Metadata:\n      lambda-iam-lint:\n        ignore: [iam/invalid-effect]\n');
  assert.deepEqual(lint({ name: 't.yaml', text }).findings.map((f) => f.ruleId), ['iam/invalid-sid']);
  const json = JSON.stringify({
    Resources: {
      P: {
        Type: 'AWS::IAM::Policy',
        Metadata: { 'lambda-iam-lint': { ignore: ['iam/invalid-effect'] } },
        Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] } },
      },
      Q: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] } } },
    },
  });
  assert.deepEqual(lint({ name: 't.json', text: json }).findings.map((f) => f.ruleId), ['iam/invalid-effect']);
});

test('applyFixes applies non-overlapping fixes whole and skips overlapping ones', () => {
  const text = 'abcdef';
  const r = applyFixes(text, [
    { title: '1', safe: true, edits: [{ start: 0, end: 1, newText: 'A' }, { start: 5, end: 6, newText: 'F' }] },
    { title: '2', safe: true, edits: [{ start: 0, end: 2, newText: 'XX' }] },
    { title: '3', safe: true, edits: [{ start: 3, end: 3, newText: '+' }] },
  ]);
  assert.equal(r.text, 'abc+deF'.replace('abc', 'Abc'));
  assert.deepEqual(r.applied.map((f) => f.title), ['1', '3']);
  assert.equal(applyFixes('ab', [{ title: 'bad', safe: true, edits: [{ start: 1, end: 9, newText: '' }] }]).text, 'ab');
});

test('fixToFixedPoint stops when nothing changes and on fixes that undo each other', () => {
  let calls = 0;
  const flip = fixToFixedPoint('a', (t) => {
    calls++;
    return [{ title: 'flip', safe: true, edits: [{ start: 0, end: 1, newText: t === 'a' ? 'b' : 'a' }] }];
  });
  assert.equal(flip.passes, 10);
  assert.equal(calls, 10);
  const settle = fixToFixedPoint(BAD_EFFECT.replace('"Version": "2012-10-17", ', ''), (t) =>
    lint({ name: 'p.json', text: t }).findings.flatMap((f) => f.fixes.filter((x) => x.safe).slice(0, 1)),
  );
  assert.equal(settle.text, BAD_EFFECT.replace('allow', 'Allow'));
  assert.equal(settle.applied, 2);
});

test('Fixer writes nested values in the document\'s own style', () => {
  const json = '{\n  "Statement": {\n    "Effect": "Allow"\n  }\n}';
  const jroot = parseDocument(json, 'json').root as ObjectNode;
  const stmt = child(jroot, 'Statement') as ObjectNode;
  const e = new Fixer(json, 'json').insertProperty(stmt, 'Condition', { StringEquals: { 'aws:SourceAccount': '123456789012' } });
  assert.equal(
    applyFixes(json, [{ title: '', safe: true, edits: [e] }]).text,
    '{\n  "Statement": {\n    "Effect": "Allow",\n    "Condition": {\n      "StringEquals": {\n        "aws:SourceAccount": "123456789012"\n      }\n    }\n  }\n}',
  );
  const yaml = 'Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n';
  const yroot = parseDocument(yaml, 'yaml').root as ObjectNode;
  const ystmt = (child(yroot, 'Statement') as { items: ObjectNode[] }).items[0];
  const fixer = new Fixer(yaml, 'yaml');
  const y = fixer.insertProperty(ystmt, 'Resource', ['arn:aws:s3:::a/*', '*']);
  assert.equal(applyFixes(yaml, [{ title: '', safe: true, edits: [y] }]).text, "Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource:\n      - arn:aws:s3:::a/*\n      - '*'\n");
  const first = fixer.removeProperty(ystmt, ystmt.properties[0]);
  assert.equal(applyFixes(yaml, [{ title: '', safe: true, edits: [first] }]).text, 'Statement:\n  - Action: s3:GetObject\n');
  const last = fixer.removeProperty(ystmt, ystmt.properties[1]);
  assert.equal(applyFixes(yaml, [{ title: '', safe: true, edits: [last] }]).text, 'Statement:\n  - Effect: Allow\n');
  const jfix = new Fixer(json, 'json').removeProperty(stmt, stmt.properties[0]);
  assert.equal(applyFixes(json, [{ title: '', safe: true, edits: [jfix] }]).text, '{\n  "Statement": {}\n}');
});

test('Fixer quotes YAML scalars only when a plain scalar would change type or break', () => {
  const f = new Fixer('', 'yaml');
  assert.equal(f.scalar('Allow'), 'Allow');
  assert.equal(f.scalar('*'), "'*'");
  assert.equal(f.scalar('2012-10-17'), "'2012-10-17'");
  assert.equal(f.scalar('yes'), "'yes'");
  assert.equal(f.scalar('123456789012'), "'123456789012'");
  assert.equal(f.scalar('arn:aws:s3:::b/*'), 'arn:aws:s3:::b/*');
  assert.equal(f.scalar('a: b'), "'a: b'");
  assert.equal(f.scalar("it's", 'single'), "'it''s'");
  assert.equal(f.scalar('x', 'double'), '"x"');
});

test('LineIndex converts offsets and positions for LF, CRLF and CR', () => {
  const lines = new LineIndex('a\r\nbc\rd\ne');
  assert.equal(lines.lineCount, 4);
  assert.deepEqual(lines.positionAt(4), { line: 1, character: 1 });
  assert.deepEqual(lines.positionAt(6), { line: 2, character: 0 });
  assert.equal(lines.offsetAt({ line: 3, character: 0 }), 8);
  assert.equal(lines.lineText(1), 'bc');
  assert.deepEqual(lines.positionAt(999), { line: 3, character: 1 });
});
