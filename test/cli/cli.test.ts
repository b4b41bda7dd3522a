import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function run(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'lil-cli-'));
}

const BAD = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "allow", "Action": "s3:GetObject", "Resource": "*" }]\n}\n';
const GOOD = BAD.replace('"allow"', '"Allow"');

interface JsonFinding {
  file: string;
  rule: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  fixes: { title: string; safe: boolean }[];
}

test('--format json on examples/: the documented array, exit 1 because the examples contain errors', () => {
  const r = run(['--format', 'json', 'examples/']);
  assert.equal(r.code, 1, r.stderr);
  const findings = JSON.parse(r.stdout) as JsonFinding[];
  assert.ok(Array.isArray(findings) && findings.length > 0);
  for (const f of findings) {
    assert.deepEqual(Object.keys(f), ['file', 'rule', 'severity', 'message', 'range', 'fixes']);
    assert.ok(f.file.startsWith('examples/'), f.file);
    assert.match(f.rule, /^[a-z]+\/[a-z-]+$/);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(f.severity));
    assert.equal(typeof f.range.start.line, 'number');
    assert.equal(typeof f.range.end.character, 'number');
    for (const x of f.fixes) assert.deepEqual(Object.keys(x), ['title', 'safe']);
  }
  const effect = findings.find((f) => f.file === 'examples/policies/orders-reader.identity.json' && f.rule === 'iam/invalid-effect');
  assert.deepEqual(effect?.range, { start: { line: 5, character: 16 }, end: { line: 5, character: 23 } });
  assert.deepEqual(effect?.fixes, [{ title: 'Change to "Allow"', safe: true }]);
  const files = new Set(findings.map((f) => f.file));
  assert.ok(files.has('examples/sam-app/template.yaml'));
  assert.ok(files.has('examples/cloudformation/function-stack.json'));
});

test('stylish output: file blocks, 1-based line:column, rule ids and a summary', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'p.json'), BAD);
  const r = run([join(dir, 'p.json')]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /p\.json\n {2}3:29 {2}error {2}Effect "allow" is not valid: it must be "Allow" or "Deny" \(case-sensitive\)\. {2}iam\/invalid-effect\n/);
  assert.match(r.stdout, /✖ 1 problem \(1 error, 0 warnings\)/);
  assert.match(r.stdout, /1 potentially fixable with the `--fix` option/);
});

test('a clean file exits 0 with no output', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'p.json'), GOOD);
  const r = run([dir]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  assert.equal(JSON.parse(run(['--format', 'json', dir]).stdout).length, 0);
});

test('warnings alone exit 0; --max-warnings makes them fail', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'p.json'), GOOD.replace('"Version": "2012-10-17"', '"Version": "2008-10-17"'));
  assert.equal(run([dir]).code, 0);
  assert.equal(run(['--max-warnings', '1', dir]).code, 0);
  assert.equal(run(['--max-warnings', '0', dir]).code, 1);
  assert.equal(run(['--max-warnings=0', dir]).code, 1);
});

test('--fix applies safe fixes, writes the file, reports what remains', () => {
  const dir = tempDir();
  const file = join(dir, 'p.json');
  writeFileSync(file, BAD.replace('  "Version": "2012-10-17",\n', '').replace('"Effect"', '"Sid": "read-it", "Effect"').replace('"Action"', '"Actions"'));
  const r = run(['--fix', '--format', 'json', file]);
  assert.equal(
    readFileSync(file, 'utf8'),
    '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Sid": "readit", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]\n}\n',
  );
  assert.deepEqual(JSON.parse(r.stdout), []);
  assert.equal(r.code, 0);
});

test('--fix on YAML keeps indentation, quoting and CRLF line endings', () => {
  const dir = tempDir();
  const file = join(dir, 'template.yaml');
  const text = "Resources:\r\n  P:\r\n    Type: AWS::IAM::Policy\r\n    Properties:\r\n      PolicyDocument:\r\n        Statement:\r\n          - Effect: 'allow'\r\n            Action: s3:GetObject\r\n            Resource: '*'\r\n";
  writeFileSync(file, text);
  assert.equal(run(['--fix', file]).code, 0);
  assert.equal(readFileSync(file, 'utf8'), text.replace("'allow'", "'Allow'").replace('        Statement:', "        Version: '2012-10-17'\r\n        Statement:"));
});

test('SARIF 2.1.0: every rule described, results with 1-based regions', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'p.json'), BAD);
  const r = run(['--format', 'sarif', join(dir, 'p.json')]);
  assert.equal(r.code, 1);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, 'lambda-iam-lint');
  const ids = run0.tool.driver.rules.map((x: { id: string }) => x.id);
  assert.ok(ids.includes('iam/invalid-effect') && ids.includes('parse/syntax'));
  for (const rule of run0.tool.driver.rules) {
    assert.ok(rule.shortDescription.text && rule.helpUri.startsWith('https://'), rule.id);
  }
  assert.equal(run0.results.length, 1);
  const [res] = run0.results;
  assert.equal(res.ruleId, 'iam/invalid-effect');
  assert.equal(run0.tool.driver.rules[res.ruleIndex].id, 'iam/invalid-effect');
  assert.equal(res.level, 'error');
  assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 3, startColumn: 29, endLine: 3, endColumn: 36 });
});

test('directories are walked for policy and template files; other files are skipped without cost', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
  mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(dir, 'nested', 'deeper', 'p.json'), BAD);
  writeFileSync(join(dir, 'nested', 't.template'), 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Deny\n            Action: "*"\n            Resource: "*"\n            Sid: no-dash\n');
  writeFileSync(join(dir, 'node_modules', 'x', 'p.json'), BAD);
  writeFileSync(join(dir, 'package.json'), '{"name": "x"}');
  writeFileSync(join(dir, 'readme.md'), '# not linted');
  const findings = JSON.parse(run(['--format', 'json', dir]).stdout) as JsonFinding[];
  assert.deepEqual(
    findings.map((f) => [f.file.slice(dir.length + 1), f.rule]),
    [
      [join('nested', 'deeper', 'p.json'), 'iam/invalid-effect'],
      [join('nested', 't.template'), 'iam/invalid-sid'],
    ],
  );
});

test('a file that does not parse is a parse/syntax finding, never a crash', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'p.json'), '{"Statement": [{"Effect": "Allow",,}]}');
  const r = run(['--format', 'json', dir]);
  assert.equal(r.code, 1);
  const findings = JSON.parse(r.stdout) as JsonFinding[];
  assert.ok(findings.length > 0 && findings.every((f) => f.rule === 'parse/syntax'));
  assert.equal(r.stderr, '');
});

test('exit 2: bad usage, a missing file, a broken --config', () => {
  assert.equal(run([]).code, 2);
  assert.match(run([]).stderr, /no files or directories given/);
  assert.equal(run(['--format', 'xml', 'examples/']).code, 2);
  assert.equal(run(['--max-warnings', 'many', 'examples/']).code, 2);
  assert.equal(run(['--bogus', 'examples/']).code, 2);
  const missing = run(['does/not/exist.json']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /does\/not\/exist\.json: no such file or directory/);
  const dir = tempDir();
  writeFileSync(join(dir, 'bad.json'), '{ nope');
  assert.equal(run(['--config', join(dir, 'bad.json'), 'examples/']).code, 2);
  assert.equal(run(['--config', join(dir, 'absent.json'), 'examples/']).code, 2);
});

test('--help and --version', () => {
  assert.match(run(['--help']).stdout, /Usage: lambda-iam-lint/);
  assert.match(run(['--version']).stdout, /^lambda-iam-lint \d+\.\d+\.\d+/);
});

test('.lambda-iam-lint.json is found upward and applied; --config overrides it', () => {
  const dir = tempDir();
  cpSync(join(ROOT, 'examples', 'policies'), join(dir, 'policies'), { recursive: true });
  writeFileSync(join(dir, 'policies', 'p.json'), BAD);
  writeFileSync(join(dir, '.lambda-iam-lint.json'), JSON.stringify({ rules: { 'iam/invalid-effect': 'off' } }));
  const rules = (args: string[]) => (JSON.parse(run(['--format', 'json', ...args]).stdout) as JsonFinding[]).map((f) => f.rule);
  assert.ok(!rules([join(dir, 'policies')]).includes('iam/invalid-effect'));
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ rules: { 'iam/invalid-effect': 'warning' } }));
  const r = run(['--format', 'json', '--config', join(dir, 'other.json'), join(dir, 'policies', 'p.json')]);
  assert.deepEqual((JSON.parse(r.stdout) as JsonFinding[]).map((f) => [f.rule, f.severity]), [['iam/invalid-effect', 'warning']]);
  assert.equal(r.code, 0);
});

test('--jobs: threads give the same output, in the same order, as one thread; --fix and unreadable files included', () => {
  const dir = tempDir();
  cpSync(join(ROOT, 'test', 'fixtures', 'templates'), join(dir, 'templates'), { recursive: true, filter: (f) => !f.endsWith('.expected.txt') });
  cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, `bad-${String(i).padStart(2, '0')}.json`), BAD);
  mkdirSync(join(dir, 'unreadable.json'));
  const one = run(['--format', 'json', '--jobs', '1', dir]);
  for (const jobs of ['2', '3']) {
    const many = run(['--format', 'json', '--jobs', jobs, dir]);
    assert.equal(many.code, one.code);
    assert.equal(many.stderr, one.stderr);
    assert.equal(many.stdout, one.stdout, `--jobs ${jobs}`);
  }
  assert.ok((JSON.parse(one.stdout) as JsonFinding[]).length > 40);
  // --fix on threads writes every file, as on one thread.
  const fixed = run(['--format', 'json', '--fix', '--jobs', '2', dir]);
  assert.equal(fixed.code, one.code);
  for (let i = 0; i < 20; i++) assert.equal(readFileSync(join(dir, `bad-${String(i).padStart(2, '0')}.json`), 'utf8'), GOOD);
  assert.deepEqual(run(['--jobs', 'many', dir]).code, 2);
});
