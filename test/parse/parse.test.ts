import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_NESTING, parseDocument } from '../../server/src/parse/document';
import { child, scalarText, type IntrinsicNode, type Node } from '../../server/src/parse/tree';

function yamlValue(src: string, key = 'V'): Node {
  const { root, problems } = parseDocument(src, 'yaml');
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
  const v = child(root, key);
  assert.ok(v, `key ${key}`);
  return v;
}

function text(src: string, r: { start: number; end: number }): string {
  return src.slice(r.start, r.end);
}

const SHORT_FORMS: [string, string][] = [
  ['V: !Ref Bucket', 'Ref'],
  ['V: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"', 'Fn::Sub'],
  ['V: !Sub\n  - "${A}-${B}"\n  - B: !Ref B', 'Fn::Sub'],
  ['V: !GetAtt Role.Arn', 'Fn::GetAtt'],
  ['V: !GetAtt [Role, Arn]', 'Fn::GetAtt'],
  ['V: !Join ["", [a, b]]', 'Fn::Join'],
  ['V: !If [IsProd, a, b]', 'Fn::If'],
  ['V: !Select [0, !GetAZs ""]', 'Fn::Select'],
  ['V: !Split [",", "a,b"]', 'Fn::Split'],
  ['V: !FindInMap [M, K, V]', 'Fn::FindInMap'],
  ['V: !ImportValue shared-role-arn', 'Fn::ImportValue'],
  ['V: !Base64 "#!/bin/sh"', 'Fn::Base64'],
  ['V: !Cidr [10.0.0.0/16, 4, 8]', 'Fn::Cidr'],
  ['V: !GetAZs us-east-1', 'Fn::GetAZs'],
  ['V: !Equals [a, b]', 'Fn::Equals'],
  ['V: !And [!Condition A, !Condition B]', 'Fn::And'],
  ['V: !Or [!Condition A, !Condition B]', 'Fn::Or'],
  ['V: !Not [!Condition A]', 'Fn::Not'],
  ['V: !Condition IsProd', 'Condition'],
  ['V: !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}', 'Fn::Transform'],
];

for (const [src, fn] of SHORT_FORMS) {
  test(`short form ${src.split('\n')[0]} is an intrinsic ${fn} with the exact range`, () => {
    const v = yamlValue(src) as IntrinsicNode;
    assert.equal(v.type, 'intrinsic');
    assert.equal(v.fn, fn);
    assert.equal(v.form, 'short');
    assert.equal(text(src, v), src.slice(3));
    assert.equal(text(src, { start: v.nameStart, end: v.nameEnd }), src.slice(3).split(/[\s\n]/)[0]);
  });
}

test('short and long forms give the same intrinsic and argument', () => {
  const pairs = [
    ['V: !GetAtt [Role, Arn]', 'V:\n  Fn::GetAtt: [Role, Arn]', '{"V": {"Fn::GetAtt": ["Role", "Arn"]}}'],
    ['V: !Ref X', 'V:\n  Ref: X', '{"V": {"Ref": "X"}}'],
    ['V: !Sub "a-${X}"', 'V: { "Fn::Sub": "a-${X}" }', '{"V": {"Fn::Sub": "a-${X}"}}'],
  ];
  const shape = (n: Node): unknown => {
    if (n.type === 'intrinsic') return { fn: n.fn, arg: shape(n.argument) };
    if (n.type === 'array') return n.items.map(shape);
    if (n.type === 'object') return Object.fromEntries(n.properties.map((p) => [p.key, shape(p.value)]));
    return n.type === 'string' ? n.value : n.type;
  };
  for (const [short, longYaml, json] of pairs) {
    const a = shape(yamlValue(short));
    const b = shape(yamlValue(longYaml));
    const c = shape(child(parseDocument(json, 'json').root, 'V')!);
    assert.deepEqual(a, b, short);
    assert.deepEqual(a, c, json);
  }
});

test('long form in JSON: the intrinsic spans the object, its name the key', () => {
  const src = '{"Role": {"Fn::GetAtt": ["R", "Arn"]}}';
  const v = child(parseDocument(src, 'json').root, 'Role') as IntrinsicNode;
  assert.equal(v.type, 'intrinsic');
  assert.equal(text(src, v), '{"Fn::GetAtt": ["R", "Arn"]}');
  assert.equal(text(src, { start: v.nameStart, end: v.nameEnd }), '"Fn::GetAtt"');
});

test('an IAM Condition object is not the Condition intrinsic', () => {
  const v = yamlValue('V:\n  Condition:\n    StringEquals: {a: b}');
  assert.equal(v.type, 'object');
});

test('short-form tags inside flow sequences have exact ranges', () => {
  const src = 'V: [!Ref A, !GetAtt B.Arn]';
  const v = yamlValue(src);
  assert.equal(v.type, 'array');
  assert.deepEqual(v.type === 'array' && v.items.map((i) => text(src, i)), ['!Ref A', '!GetAtt B.Arn']);
});

test('an unknown tag is a warning, never an exception, and its value is kept', () => {
  const src = 'V: !Fancy value\nW: 1\n';
  const { root, problems } = parseDocument(src, 'yaml');
  assert.deepEqual(problems.map((p) => [p.severity, text(src, p)]), [['warning', '!Fancy']]);
  const v = child(root, 'V');
  assert.equal(v?.type === 'string' && v.value, 'value');
});

test('YAML syntax errors are reported at their position', () => {
  const src = 'Resources:\n  A: [1, 2\n  B: 3\n';
  const { problems } = parseDocument(src, 'yaml');
  assert.ok(problems.length > 0);
  assert.ok(problems.every((p) => p.start >= 0 && p.end <= src.length));
  assert.ok(problems.some((p) => p.severity === 'error' && p.start >= src.indexOf('[')));
});

test('JSON syntax errors are reported at their position', () => {
  const src = '{\n  "Statement": [\n    {"Effect": "Allow" "Action": "*"}\n  ]\n}';
  const { problems } = parseDocument(src, 'json');
  assert.equal(problems.length, 1);
  assert.equal(text(src, problems[0]), '"Action"');
  assert.match(problems[0].message, /comma expected/);
});

test('JSON comments are syntax errors: IAM and CloudFormation reject them', () => {
  const { problems } = parseDocument('{"a": 1 // note\n}', 'json');
  assert.ok(problems.some((p) => /comment/i.test(p.message)));
});

test('CRLF line endings keep exact offsets', () => {
  const src = 'A:\r\n  V: !Ref X\r\n';
  const v = child(child(parseDocument(src, 'yaml').root, 'A'), 'V')!;
  assert.equal(text(src, v), '!Ref X');
  const json = '{\r\n  "V": "x"\r\n}';
  assert.equal(text(json, child(parseDocument(json, 'json').root, 'V')!), '"x"');
});

test('a byte order mark is not content and offsets stay those of the editor', () => {
  const json = '\uFEFF{"V": "x"}';
  const r = parseDocument(json, 'json');
  assert.deepEqual(r.problems, []);
  assert.equal(text(json, child(r.root, 'V')!), '"x"');
  const yaml = '\uFEFFV: !Ref X\n';
  const y = parseDocument(yaml, 'yaml');
  assert.deepEqual(y.problems, []);
  assert.equal(text(yaml, child(y.root, 'V')!), '!Ref X');
});

test('plain scalars are typed as CloudFormation types them (YAML 1.1), numbers keep their source text', () => {
  // A leading zero followed by an 8 or 9 is no YAML 1.1 number: an account id stays the string written.
  const id = yamlValue('V: 012345678901');
  assert.deepEqual(id.type === 'string' && id.value, '012345678901');
  const cases: [string, string, unknown][] = [
    ['0755', 'number', 493],
    ['0x1F', 'number', 31],
    ['0b101', 'number', 5],
    ['1_000', 'number', 1000],
    ['1:30', 'number', 90],
    ['1e3', 'string', '1e3'],
    ['1.5e+3', 'number', 1500],
    ['yes', 'boolean', true],
    ['Off', 'boolean', false],
    ['y', 'string', 'y'],
    ['2012-10-17', 'string', '2012-10-17'],
    ['~', 'null', undefined],
  ];
  for (const [raw, type, value] of cases) {
    for (const text of [`V: ${raw}`, `V: ${raw}\nW: "multi\n  line"`]) {
      const v = yamlValue(text);
      assert.equal(v.type, type, text);
      if (v.type === 'number' || v.type === 'boolean' || v.type === 'string') assert.equal(v.value, value, text);
      if (v.type === 'number' || v.type === 'boolean') assert.equal(v.raw, raw, text);
    }
  }
});

test('duplicate keys are all kept, in order', () => {
  const { root } = parseDocument('{"a": 1, "a": 2}', 'json');
  assert.deepEqual(root?.type === 'object' && root.properties.map((p) => p.key), ['a', 'a']);
  const y = parseDocument('a: 1\na: 2\n', 'yaml');
  assert.deepEqual(y.root?.type === 'object' && y.root.properties.map((p) => p.key), ['a', 'a']);
});

test('aliases share the anchored node instead of copying it (no alias bomb)', () => {
  let src = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 12; i++) src += `a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]\n`;
  const started = Date.now();
  const { root } = parseDocument(src, 'yaml');
  assert.ok(Date.now() - started < 5000);
  const a2 = child(root, 'a2');
  const a1 = child(root, 'a1');
  assert.ok(a2?.type === 'array' && a2.items[0] === a1);
});

test('nesting deeper than the limit is refused before parsing, in JSON and YAML', () => {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  for (const format of ['json', 'yaml'] as const) {
    const r = parseDocument(deep, format);
    assert.equal(r.root, undefined);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, new RegExp(`deeper than ${MAX_NESTING}`));
  }
  let block = '';
  for (let i = 0; i < 2000; i++) block += `${' '.repeat(i)}k:\n`;
  assert.match(parseDocument(block, 'yaml').problems[0].message, /deeper than/);
});

test('ordinary nesting is fine', () => {
  const src = '{"a": ' + '['.repeat(100) + ']'.repeat(100) + '}';
  assert.deepEqual(parseDocument(src, 'json').problems, []);
});

test('a second YAML document is a warning; the first is still read', () => {
  const r = parseDocument('a: 1\n---\nb: 2\n', 'yaml');
  assert.deepEqual(r.problems.map((p) => p.severity), ['warning']);
  assert.ok(child(r.root, 'a'));
});

test('empty and whitespace-only documents', () => {
  for (const format of ['json', 'yaml'] as const) {
    const r = parseDocument('', format);
    assert.equal(r.root, undefined);
    assert.doesNotThrow(() => parseDocument('   \n\t\n', format));
  }
});

test('NUL bytes and binary content never throw', () => {
  const binary = Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
  for (const format of ['json', 'yaml'] as const) {
    assert.doesNotThrow(() => parseDocument(`{"a": "\u0000"}\u0000`, format));
    assert.doesNotThrow(() => parseDocument(binary, format));
  }
});

test('a long flat YAML template is not mistaken for deep nesting', () => {
  let src = 'Resources:\n';
  for (let i = 0; i < 2000; i++) src += `  Bucket${i}:\n    Type: AWS::S3::Bucket\n`;
  const r = parseDocument(src, 'yaml');
  assert.deepEqual(r.problems, []);
  assert.ok(r.root);
});

test('YAML keys that the core schema would read as null, booleans or numbers keep their text', () => {
  const r = parseDocument('Null: {aws:MultiFactorAuthAge: true}\ntrue: 1\n2012: x\n~: y\n', 'yaml');
  assert.deepEqual(r.root?.type === 'object' && r.root.properties.map((p) => p.key), ['Null', 'true', '2012', '~']);
});

test('flow collections need no indentation, as CloudFormation reads them', () => {
  const src = 'A:\n  B: [{\n    "x": 1,\n  "y": [2,\n3]\n  }]\n  C: ok\n';
  const { root, problems } = parseDocument(src, 'yaml');
  assert.deepEqual(problems, []);
  const b = child(child(root, 'A'), 'B');
  assert.ok(b?.type === 'array' && b.items[0].type === 'object');
  assert.equal(src.slice(b.start, b.end), src.slice(src.indexOf('[{'), src.indexOf('}]') + 2));
  const y = child(b.items[0], 'y');
  assert.equal(y && src.slice(y.start, y.end), '[2,\n3]');
  assert.equal(scalarText(child(child(root, 'A'), 'C')), 'ok');
});

test('a real syntax error is one finding, in words, where the problem starts', () => {
  const cases: [string, string, number][] = [
    ['A:\n  B: [1, 2\n  C: 3\nD: 4\n', 'YAML syntax error: the flow sequence opened at line 2 is never closed (a "]" is missing)', 8],
    ['A: {x: [1, 2}\n', 'YAML syntax error: "}" does not close the flow sequence opened with "[" at line 1', 12],
    // `yaml` would say so where the text ends: the quote being typed is where the problem starts.
    ['A:\n  B: "x\n  C: 3\nD: 4\n', 'YAML syntax error: the quoted string opened at line 2 is never closed (a closing " is missing)', 8],
    ["A:\n  B: 'x\n  C: 3\n", 'YAML syntax error: the quoted string opened at line 2 is never closed (a closing \' is missing)', 8],
  ];
  for (const [src, message, start] of cases) {
    const { problems } = parseDocument(src, 'yaml');
    assert.deepEqual(problems.map((p) => [p.message, p.start, p.severity]), [[message, start, 'error']], JSON.stringify(src));
  }
});
