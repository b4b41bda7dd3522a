import assert from 'node:assert/strict';
import { test } from 'node:test';
import { removeArrayItem } from '../../server/src/engine/array-item-removal';
import { parseDocument } from '../../server/src/parse/document';
import type { ArrayNode, Node } from '../../server/src/parse/tree';

/** Removes item `index` of the array at `path` and checks the result still parses. */
function remove(text: string, format: 'json' | 'yaml', path: (string | number)[], index: number): string {
  const parsed = parseDocument(text, format);
  let node: Node | undefined = parsed.root;
  for (const step of path) {
    if (typeof step === 'number') node = node?.type === 'array' ? node.items[step] : undefined;
    else node = node?.type === 'object' ? node.properties.find((p) => p.key === step)?.value : undefined;
  }
  assert.equal(node?.type, 'array');
  const array = node as ArrayNode;
  const edit = removeArrayItem(text, format, array, array.items[index]!);
  const out = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  assert.deepEqual(parseDocument(out, format).problems, [], `parses: ${JSON.stringify(out)}`);
  return out;
}

test('JSON: the item goes with one comma, wherever it is', () => {
  assert.equal(remove('{"A": ["a", "b", "c"]}', 'json', ['A'], 0), '{"A": ["b", "c"]}');
  assert.equal(remove('{"A": ["a", "b", "c"]}', 'json', ['A'], 1), '{"A": ["a", "c"]}');
  assert.equal(remove('{"A": ["a", "b", "c"]}', 'json', ['A'], 2), '{"A": ["a", "b"]}');
  assert.equal(remove('{"A": [\n  "a",\n  "b"\n]}', 'json', ['A'], 0), '{"A": [\n  "b"\n]}');
  assert.equal(remove('{"A": [\n  "a",\n  "b"\n]}', 'json', ['A'], 1), '{"A": [\n  "a"\n]}');
  assert.equal(remove('{"A": [ "a" ]}', 'json', ['A'], 0), '{"A": []}');
  assert.equal(remove('{"A": [{"x": 1}, {"y": 2}]}', 'json', ['A'], 0), '{"A": [{"y": 2}]}');
});

test('YAML block sequences: the item lines go, with their comment; indentation and CRLF stay', () => {
  assert.equal(remove('A:\n  - a   # why\n  - b\n', 'yaml', ['A'], 0), 'A:\n  - b\n');
  assert.equal(remove('A:\n  - a\n  - b\n', 'yaml', ['A'], 1), 'A:\n  - a\n');
  assert.equal(remove('A:\r\n  - a\r\n  - b\r\n  - c\r\n', 'yaml', ['A'], 1), 'A:\r\n  - a\r\n  - c\r\n');
  assert.equal(remove('A:\r\n  - a\r\n  - b', 'yaml', ['A'], 1), 'A:\r\n  - a\r\n');
  assert.equal(remove('A:\n- a\n- b\n', 'yaml', ['A'], 0), 'A:\n- b\n');
  assert.equal(remove('A:\n  - Effect: Allow\n    Action: x\n  - Effect: Deny\n    Action: y\nB: 1\n', 'yaml', ['A'], 0), 'A:\n  - Effect: Deny\n    Action: y\nB: 1\n');
  assert.equal(remove('A:\n  - a\n  - !Sub "${X}"\n  - c\n', 'yaml', ['A'], 1), 'A:\n  - a\n  - c\n');
});

test('YAML: a nested sequence opened on its parent line, and the last item', () => {
  assert.equal(remove('A:\n  - - a\n    - b\n  - c\n', 'yaml', ['A', 0], 0), 'A:\n  - - b\n  - c\n');
  assert.equal(remove('A:\n  - only\nB: 1\n', 'yaml', ['A'], 0), 'A:\n  []\nB: 1\n');
});

test('YAML flow sequences', () => {
  assert.equal(remove('A: [a, b, c]\n', 'yaml', ['A'], 0), 'A: [b, c]\n');
  assert.equal(remove('A: [a, b, c]\n', 'yaml', ['A'], 2), 'A: [a, b]\n');
  assert.equal(remove('A: [a]\n', 'yaml', ['A'], 0), 'A: []\n');
});
