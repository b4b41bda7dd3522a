import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFixes } from '../../server/src/engine/fix';
import { Fixer } from '../../server/src/engine/fixer';
import { getAtt, sub, ValueWriter, type WrittenValue } from '../../server/src/edits/value-writer';
import { parseDocument } from '../../server/src/parse/document';
import { child, type ArrayNode, type Node, type ObjectNode } from '../../server/src/parse/tree';

function edit(text: string, format: 'json' | 'yaml', path: string[], change: (w: ValueWriter, node: Node) => ReturnType<ValueWriter['appendItem']>): string {
  const parsed = parseDocument(text, format);
  assert.deepEqual(parsed.problems, []);
  const node = path.reduce<Node | undefined>((n, key) => child(n, key), parsed.root);
  assert.ok(node, path.join('.'));
  const out = applyFixes(text, [{ title: 't', safe: true, edits: [change(new ValueWriter(new Fixer(text, format), text), node)] }]).text;
  assert.deepEqual(parseDocument(out, format).problems, [], out);
  return out;
}
const append = (value: WrittenValue) => (w: ValueWriter, n: Node) => w.appendItem(n as ArrayNode, value);

test('appendItem: YAML block list, object item with nested values and an intrinsic', () => {
  const out = edit('S:\n  - A: 1\n', 'yaml', ['S'], append({ Effect: 'Allow', Resource: getAtt('Cp', 'Arn'), Condition: { StringEquals: { k: 'v' } } }));
  assert.equal(out, 'S:\n  - A: 1\n  - Effect: Allow\n    Resource: !GetAtt Cp.Arn\n    Condition:\n      StringEquals:\n        k: v\n');
});

test('appendItem: YAML flow list and empty list', () => {
  assert.equal(edit('S: [a]\n', 'yaml', ['S'], append(sub('arn:${AWS::Partition}:x'))), "S: [a, !Sub 'arn:${AWS::Partition}:x']\n");
  assert.equal(edit('S: []\n', 'yaml', ['S'], append('b')), 'S: [b]\n');
});

test('appendItem: JSON one-line and multi-line lists keep their layout', () => {
  assert.equal(edit('{"S": [1]}', 'json', ['S'], append({ a: getAtt('X', 'Arn') })), '{"S": [1, {"a": {"Fn::GetAtt": ["X", "Arn"]}}]}');
  assert.equal(edit('{\r\n  "S": [\r\n    1\r\n  ]\r\n}', 'json', ['S'], append({ a: [1, 2] })), '{\r\n  "S": [\r\n    1,\r\n    {\r\n      "a": [1, 2]\r\n    }\r\n  ]\r\n}');
});

test('insertProperty with intrinsics, and replace with a list', () => {
  assert.equal(
    edit('R:\n  Properties:\n    A: 1\n', 'yaml', ['R', 'Properties'], (w, n) => w.insertProperty(n as ObjectNode, 'M', [sub('arn:${AWS::Partition}:p')])),
    'R:\n  Properties:\n    A: 1\n    M:\n      - !Sub arn:${AWS::Partition}:p\n',
  );
  assert.equal(edit('{"R": "*"}', 'json', ['R'], (w, n) => w.replace(n, [getAtt('A', 'Arn'), getAtt('B', 'Arn')])), '{"R": [{"Fn::GetAtt": ["A", "Arn"]}, {"Fn::GetAtt": ["B", "Arn"]}]}');
  assert.equal(edit("R: '*'\n", 'yaml', ['R'], (w, n) => w.replace(n, [getAtt('A', 'Arn')])), 'R: [!GetAtt A.Arn]\n');
});
