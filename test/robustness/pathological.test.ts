import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig, mergeConfig } from '../../server/src/engine/config';
import { lint } from '../../server/src/engine/lint';

/** One test per kind of input that breaks naive linters: each must end, quickly, with a clear result. */
const ROOT = join(__dirname, '..', '..');
const POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';
const TEMPLATE = 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::b/*\n';

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

function ids(name: string, text: string): string[] {
  return lint({ name, text }).findings.map((f) => f.ruleId);
}

test('a 20 MB template over maxFileSize is skipped with one info finding', () => {
  const block = TEMPLATE.split('\n').slice(1).join('\n');
  let text = 'Resources:\n';
  for (let i = 0; text.length < 20_000_000; i++) text += block.replace('  P:', `  P${i}:`);
  const { value, ms } = timed(() => lint({ name: 'big.yaml', text }));
  assert.deepEqual(value.findings.map((f) => [f.ruleId, f.severity]), [['parse/file-too-large', 'info']]);
  assert.ok(ms < 1000, `${ms} ms`);
  // Raising the limit lints it (and stays within time on a linear parser).
  const config = mergeConfig(defaultConfig, { maxFileSize: 30_000_000 });
  const big = timed(() => lint({ name: 'big.yaml', text: text.slice(0, 2_000_000).replace(/\n[^\n]*$/, '\n'), config }));
  assert.ok(big.ms < 20_000, `2 MB linted in ${big.ms} ms`);
});

test('10,000-deep nesting in JSON and YAML: one parse/syntax finding, no stack overflow', () => {
  for (const [name, text] of [
    ['deep.json', `{"Statement": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
    ['deep.yaml', `Resources: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    // Block nesting grows quadratically in size: 1,500 levels is already 1.1 MB of indentation.
    ['deep-block.yaml', `Resources:\n${Array.from({ length: 1_500 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')}\n`],
  ] as const) {
    const { value, ms } = timed(() => lint({ name, text }));
    assert.deepEqual(value.findings.map((f) => f.ruleId), ['parse/syntax'], name);
    assert.match(value.findings[0].message, /deeper than/);
    assert.ok(ms < 2000, `${name}: ${ms} ms`);
  }
});

test('a YAML alias bomb is linted in linear time', () => {
  let text = 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: &a0 [s3:GetObject, s3:GetObject, s3:GetObject, s3:GetObject, s3:GetObject, s3:GetObject, s3:GetObject, s3:GetObject, s3:GetObject]\n            Resource: "*"\n';
  text += 'Metadata:\n';
  for (let i = 1; i < 20; i++) text += `  a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]\n`;
  const { value, ms } = timed(() => lint({ name: 'bomb.yaml', text }));
  assert.ok(ms < 2000, `${ms} ms`);
  assert.deepEqual(value.internalErrors, []);
});

test('NUL bytes and binary content: no crash, syntax findings or nothing', () => {
  const withNul = POLICY.replace('s3:GetObject', 's3:Get\u0000Object');
  assert.doesNotThrow(() => lint({ name: 'nul.json', text: withNul }));
  const binary = Array.from({ length: 100_000 }, (_, i) => String.fromCharCode((i * 7919 + 13) % 256)).join('');
  for (const name of ['bin.json', 'bin.yaml', 'bin.template']) {
    const r = lint({ name, text: binary });
    assert.ok(r.findings.every((f) => f.ruleId === 'parse/syntax'), name);
  }
  const prefixed = `{"Statement": []}${'\u0000'.repeat(50)}`;
  assert.deepEqual([...new Set(ids('p.json', prefixed))], ['parse/syntax']);
});

test('a byte order mark, CRLF and CR line endings give the same findings at the same places', () => {
  const bad = POLICY.replace('"Allow"', '"allow"').replace(/, /g, ',\n  ');
  const plain = lint({ name: 'p.json', text: bad }).findings.map((f) => [f.ruleId, f.start, f.end]);
  assert.equal(plain.length, 1);
  const bom = lint({ name: 'p.json', text: `\uFEFF${bad}` }).findings.map((f) => [f.ruleId, f.start - 1, f.end - 1]);
  assert.deepEqual(bom, plain);
  const crlf = bad.replace(/\n/g, '\r\n');
  const crlfFindings = lint({ name: 'p.json', text: crlf }).findings;
  assert.deepEqual(crlfFindings.map((f) => crlf.slice(f.start, f.end)), ['"allow"']);
  const yaml = TEMPLATE.replace('Effect: Allow', 'Effect: allow').replace(/\n/g, '\r\n');
  const y = lint({ name: 't.yaml', text: yaml }).findings;
  assert.deepEqual(y.map((f) => yaml.slice(f.start, f.end)), ['allow']);
});

test('tabs: a YAML tab indentation is a syntax error at its place; tabs in JSON are whitespace', () => {
  const tabbed = TEMPLATE.replace('    Type:', '\tType:');
  const r = lint({ name: 't.yaml', text: tabbed });
  assert.ok(r.findings.length > 0 && r.findings.every((f) => f.ruleId === 'parse/syntax'));
  assert.deepEqual(ids('p.json', POLICY.replace(/ /g, '\t')), []);
});

test('duplicate anchors and unknown tags never throw', () => {
  const dup = TEMPLATE.replace('Action: s3:GetObject', 'Action: &x s3:GetObject').replace('Resource: arn:aws:s3:::b/*', 'Resource: &x arn:aws:s3:::b/*\n            Sid: *x');
  assert.doesNotThrow(() => lint({ name: 't.yaml', text: dup }));
  const tags = TEMPLATE.replace('Action: s3:GetObject', 'Action: !Custom s3:GetObject').replace('Resource: arn', 'Resource: !!binary arn');
  const r = lint({ name: 't.yaml', text: tags });
  assert.ok(r.findings.some((f) => f.ruleId === 'parse/syntax' && /Unknown tag !Custom/.test(f.message)));
});

test('multi-document YAML: the first document is linted, the rest is one warning', () => {
  const r = lint({ name: 't.yaml', text: `${TEMPLATE.replace('Effect: Allow', 'Effect: allow')}---\nother: doc\n` });
  assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity]).sort(), [['iam/invalid-effect', 'error'], ['parse/syntax', 'warning']].sort());
});

test('an empty file and a whitespace-only file: nothing to report', () => {
  for (const name of ['e.json', 'e.yaml', 'e.template']) {
    assert.deepEqual(ids(name, ''), []);
    assert.deepEqual(ids(name, '  \n\n\t\n'), []);
  }
});

test('a 2 MB single line is linted without blowing up', () => {
  const statements = Array.from({ length: 12_000 }, (_, i) => `{"Sid": "S${i}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b${i}/*"}`);
  const text = `{"Version": "2012-10-17", "Statement": [${statements.join(', ')}]}`;
  assert.ok(text.length > 1_000_000);
  const config = mergeConfig(defaultConfig, { maxFileSize: 5_000_000 });
  const { value, ms } = timed(() => lint({ name: 'line.json', text, config }));
  assert.deepEqual(value.internalErrors, []);
  assert.ok(ms < 30_000, `${ms} ms`);
});

test('the CLI reports a file it cannot read with exit 2 and goes on with the others', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lil-patho-'));
  try {
    writeFileSync(join(dir, 'ok.json'), POLICY.replace('"Allow"', '"allow"'));
    writeFileSync(join(dir, 'locked.json'), POLICY);
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--format', 'json', join(dir, 'ok.json'), join(dir, 'missing.json')], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(JSON.parse(r.stdout).length, 1, 'the readable file is still reported');
    assert.match(r.stderr, /missing\.json: no such file or directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
