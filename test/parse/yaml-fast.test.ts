import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateTemplate } from '../../bench/template';
import { parseYamlWithLibrary } from '../../server/src/parse/yaml';
import { parseYamlFast } from '../../server/src/parse/yaml-fast';
import { fixtureDocuments } from '../fixture-documents';
import { mutate, random } from '../mutations';

/**
 * The fast YAML path must build exactly the tree the `yaml` path builds, and must never accept a document that
 * `yaml` finds an error in (it gives up instead, and `yaml` reports the error). Checked on every fixture and
 * example, in LF and CRLF, on generated templates, and on thousands of fuzzed documents.
 */
function same(text: string, label: string): boolean {
  const fast = parseYamlFast(text);
  if (!fast) return false;
  const reference = parseYamlWithLibrary(text);
  assert.deepEqual(reference.problems, [], `${label}: the fast path accepted a document with problems`);
  assert.deepEqual(fast, reference.root, `${label}: the trees differ`);
  return true;
}

test('the fast path reads every YAML fixture and example exactly as yaml does', () => {
  const docs = fixtureDocuments().filter((d) => /\.ya?ml$/.test(d.name));
  let fast = 0;
  for (const d of docs) {
    for (const text of [d.text, d.text.replace(/\n/g, '\r\n')]) if (same(text, d.name)) fast++;
  }
  for (const lines of [300, 3000]) assert.ok(same(generateTemplate(lines), `generated ${lines}`), `generated ${lines} lines take the fast path`);
  assert.ok(fast >= docs.length, `${fast} of ${docs.length * 2} documents took the fast path`);
});

test('the fast path gives up on what it does not handle', () => {
  const giveUp = [
    'a: &x 1\nb: *x\n',
    'a: |2\n   x\n',
    'a: "multi\nline"\n',
    'a:\n  b: "multi\n  line"\n',
    'a: plain\n  continued: x\n',
    'a: plain\n\n  continued\n',
    'a: plain\n  # c\n  continued\n',
    'a: plain\n  - continued\n',
    '? complex\n: key\n',
    '%YAML 1.2\na: 1\n',
    '%TAG ! tag:example.com,2000:\n---\na: 1\n',
    '%YAML 1.1\n%YAML 1.1\n---\na: 1\n',
    'a: 1\n%YAML 1.1\n',
    'a: 1\n---\nb: 2\n',
    'a:\n\t- x\n',
    'a: !Custom x\n',
    'a: 1\na: 2\n',
    'a: {x: 1, x: 2}\n',
    'a: b: c\n',
    'a: [1, 2\n',
    'a: "\\x41"\n',
  ];
  for (const text of giveUp) assert.equal(parseYamlFast(text), undefined, JSON.stringify(text));
});

test('fuzz: wherever the fast path accepts a mutated document, yaml agrees exactly', () => {
  const docs = fixtureDocuments().filter((d) => /\.ya?ml$/.test(d.name));
  const rnd = random(424242);
  let accepted = 0;
  for (let i = 0; i < 3000; i++) {
    const seed = docs[i % docs.length];
    const text = mutate(seed.text, rnd);
    if (same(text, `mutation #${i} of ${seed.name}`)) accepted++;
  }
  assert.ok(accepted > 300, `${accepted} mutated documents took the fast path`);
  console.log(`yaml fast path: ${accepted} of 3000 mutated documents accepted, all identical to yaml`);
});

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'sam-translator', 'input');

test('the fast path reads the SAM translator corpus exactly as yaml does, multi-line flow collections included', () => {
  assert.ok(existsSync(CORPUS), `the SAM translator corpus is expected at ${CORPUS}`);
  const texts = readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f)).map((f) => ({ name: f, text: readFileSync(join(CORPUS, f), 'utf8') }));
  let fast = 0;
  for (const { name, text } of texts) if (same(text, name)) fast++;
  assert.equal(fast, texts.length, `${fast} of ${texts.length} corpus templates took the fast path`);
  // Flow collections over several lines, mutated: the fast path follows them across lines, comments and indentation.
  const multiLine = texts.filter((t) => /[[{][^\]}\n]*\n/.test(t.text) && parseYamlFast(t.text));
  assert.ok(multiLine.length >= 15, `${multiLine.length} corpus templates with multi-line flow collections`);
  const rnd = random(777);
  let accepted = 0;
  for (let i = 0; i < 2000; i++) if (same(mutate(multiLine[i % multiLine.length]!.text, rnd), `mutation #${i} of ${multiLine[i % multiLine.length]!.name}`)) accepted++;
  assert.ok(accepted > 300, `${accepted} mutated corpus documents took the fast path`);
  // And the whole corpus, mutated: multi-line plain scalars, block scalars, everything its templates are made of.
  let all = 0;
  for (let i = 0; i < 2000; i++) if (same(mutate(texts[(i * 7) % texts.length]!.text, rnd), `mutation #${i} of ${texts[(i * 7) % texts.length]!.name}`)) all++;
  assert.ok(all > 300, `${all} mutated corpus documents took the fast path`);
});

test('multi-line flow collections: line breaks, comments and indentation are white space; scalars stay on one line', () => {
  const accepted = [
    'a: [1,\n  2]\n',
    'a: [1, # one\n  2]\n',
    'a:\n  - {x: 1,\n     y: [2,\n 3]}\n',
    'a: !Sub [x,\n  {b: 1}]\nb: 2\n',
  ];
  for (const text of accepted) assert.ok(same(text, JSON.stringify(text)), `${JSON.stringify(text)} takes the fast path`);
  for (const text of ['a: [one\n  two]\n', 'a: {x\n  : 1}\n', 'a: ["x\n  y"]\n', 'a: [1,\n  2\n']) assert.equal(parseYamlFast(text), undefined, JSON.stringify(text));
});

test('a plain scalar over several lines is folded with single spaces', () => {
  for (const text of ['a: one\n  two\n  three\nb: 1\n', 'a:\n  - one\n    two\n  - 3\n', 'Description: A long\n   description, wrapped  \n   at 80 columns\nResources: {}\n', 'a: 1\n  2\n']) {
    assert.ok(same(text, JSON.stringify(text)), `${JSON.stringify(text)} takes the fast path`);
  }
});

test('one document start marker before the content is read; a second one, or one after content, gives up', () => {
  for (const text of ['---\na: 1\n', '# c\n--- # start\na: [1]\n']) assert.ok(same(text, JSON.stringify(text)), `${JSON.stringify(text)} takes the fast path`);
  for (const text of ['---\na: 1\n---\nb: 2\n', 'a: 1\n---\n', '--- a\n', '---\n---\na: 1\n']) assert.equal(parseYamlFast(text), undefined, JSON.stringify(text));
});

test('a literal block scalar keeps lines of spaces past its indentation as text; one that ends with such a line gives up', () => {
  const code = 'Code:\n  ZipFile: |-\n    exports.handler = async () => {\n        \n      return 1;\n    }\nHandler: index.handler\n';
  assert.ok(same(code, 'spaces inside a literal scalar'));
  const value = (parseYamlFast(code) as { properties: { value: { properties: { value: { value: string } }[] } }[] }).properties[0]!.value.properties[0]!.value.value;
  assert.equal(value, 'exports.handler = async () => {\n    \n  return 1;\n}');
  for (const text of ['a: |\n  x\n      \nb: 1\n', 'a: |-\n  x\n      \n\nb: 1\n', 'a: >\n  x\n      \n  y\nb: 1\n']) assert.equal(parseYamlFast(text), undefined, JSON.stringify(text));
});

test('a %YAML directive before the document start reads as without it', () => {
  for (const text of ['%YAML 1.1\n---\na: 1\n', '# c\n%YAML 1.2 # v\n\n--- # start\na: [1]\n']) assert.ok(same(text, JSON.stringify(text)), `${JSON.stringify(text)} takes the fast path`);
});

test('quoted scalars over several lines fold as yaml folds them; an under-indented line gives up', () => {
  const accepted = [
    'a: "one\n  two"\n',
    "a: 'it''s\n  folded'\nb: 1\n",
    'a: "x  \n\n\n  y"\n',
    'a: "x\n  "\n',
    'a: "\n  x"\n',
    'a: "x\n  # not a comment\n  z" # a comment\n',
    'a:\n  - "x\n   y"\n  - b\n',
    'a: !Sub "arn:${AWS::Partition}:s3:::\n  ${Bucket}/*"\n',
    'a: "one \\\n    two"\n',
    'a: "code\\\n  \\ => {}"\n',
  ];
  for (const text of accepted) assert.ok(same(text, JSON.stringify(text)), `${JSON.stringify(text)} takes the fast path`);
  const folded = parseYamlFast('a: "one \\\n    two"\n') as { properties: { value: { value: string } }[] };
  assert.equal(folded.properties[0]!.value.value, 'one two');
  for (const text of ['a:\n  - "x\n  y"\n', 'a: "x\\ \n  y"\n', 'a: "x\\\n\n  y"\n', "a: 'x\\\n  y'\n"]) {
    const fast = parseYamlFast(text);
    if (fast) assert.ok(same(text, JSON.stringify(text)));
  }
  assert.equal(parseYamlFast('a:\n  - "x\n  y"\n'), undefined);
});

test('nested block sequences, empty sequence items and key: value pairs in flow sequences', () => {
  const accepted = [
    'a:\n  - - x\n    - y\n  - z\n',
    'a:\n- - - x\n    - y\n  - z\n- w\n',
    'a:\n- \n  # c\nb: 1\n',
    'a:\n  -\n  - x\n',
    'a:\n  - # c\nb: 1\n',
    'a: [sub: x, b]\n',
    'a: !Not [Condition: IsDevStack]\n',
    'a: [Ref: X, "q": 1, b: c d, e: [1], f: {g: 1}]\n',
    'a: [a : b]\n',
  ];
  for (const text of accepted) assert.ok(same(text, JSON.stringify(text)), `${JSON.stringify(text)} takes the fast path`);
  for (const text of ['a: [h: ]\n', 'a: [h:]\n', 'a: [[x]: y]\n', 'a: [~: y]\n', 'a: [x: 1, x: 2]\n'.replace('x: 1, x: 2', '{x: 1}: 2')]) {
    const fast = parseYamlFast(text);
    if (fast) assert.ok(same(text, JSON.stringify(text)));
  }
  assert.equal(parseYamlFast('a: [h: ]\n'), undefined);
});

test('fuzz: quoted scalars over several lines, with blank lines, escapes and odd indentation, read as yaml reads them', () => {
  const rnd = random(99);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const pieces = ['x', 'two words', ' ', '  ', '\\', '\\\\', '\\ ', '\\n', '\\"', "''", '#', ' # c', ': ', '- ', '${AWS::Region}', '"', "'"];
  let accepted = 0;
  for (let i = 0; i < 3000; i++) {
    const quote = pick(['"', "'"]);
    const lines: string[] = [];
    for (let k = 0, n = 1 + Math.floor(rnd() * 4); k < n; k++) {
      let line = ' '.repeat(Math.floor(rnd() * 5));
      for (let m = 0, w = Math.floor(rnd() * 4); m < w; m++) line += pick(pieces);
      lines.push(line);
    }
    const shape = pick(['map', 'nested', 'item', 'tag']);
    const body = `${quote}${lines.join('\n')}${quote}`;
    const text = shape === 'map' ? `a: ${body}\nb: 1\n` : shape === 'nested' ? `r:\n  a: ${body}\n  b: 1\n` : shape === 'item' ? `r:\n  - ${body}\n  - 2\n` : `a: !Sub ${body}\n`;
    const fast = parseYamlFast(text);
    if (!fast) continue;
    const reference = parseYamlWithLibrary(text);
    assert.deepEqual(reference.problems, [], `${JSON.stringify(text)}: the fast path accepted a document with problems`);
    assert.deepEqual(fast, reference.root, `${JSON.stringify(text)}: the trees differ`);
    if (lines.length > 1) accepted++;
  }
  assert.ok(accepted > 200, `${accepted} multi-line quoted scalars took the fast path`);
  console.log(`yaml fast path: ${accepted} multi-line quoted scalars accepted, all identical to yaml`);
});

test('a value on the line after its key reads as yaml reads it', () => {
  for (const text of ['a:\n  value\nb: 1\n', 'a:\n  long value\n  continued\nb: 1\n', 'a:\n  "q"\nb: 1\n', 'a:\n  [x, y]\nb: 1\n', 'a:\n  # c\n  v\nb: 1\n', 'r:\n  - a:\n      v\n', 'Tags:\n  T\n']) {
    assert.ok(same(text, JSON.stringify(text)), `${JSON.stringify(text)} takes the fast path`);
  }
  for (const text of ['a:\n  |\n  x\n', 'a:\n  v\n    w: 1\n', 'a:\n  !Ref x\nb: 1\n', 'a:\n  !GetAtt # c\n  Type: x\n']) {
    const fast = parseYamlFast(text);
    if (fast) assert.ok(same(text, JSON.stringify(text)));
  }
});
