import assert from 'node:assert/strict';
import type { Layout } from '../server/src/parse/layout';
import type { Node, ParsedDocument, Property } from '../server/src/parse/tree';

const OFFSETS = new Set(['start', 'end', 'keyStart', 'keyEnd', 'nameStart', 'nameEnd']);

/**
 * A copy of a tree (or anything holding nodes) with every offset an incremental parse's layout gave it mapped to the
 * document's (parse/layout.ts): what a whole parse of the same text has. Without a layout, the value itself.
 */
export function inDocument<T>(value: T, layout: Layout | undefined): T {
  if (!layout) return value;
  const seen = new Map<object, unknown>();
  const map = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(map);
    if (!v || typeof v !== 'object') return v;
    const done = seen.get(v);
    if (done) return done;
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [k, x] of Object.entries(v)) out[k] = OFFSETS.has(k) && typeof x === 'number' ? layout.toDocument(x) : map(x);
    return out;
  };
  return map(value) as T;
}

/** The parse in the document's offsets, without its layout, after checking the layout holds the document's text. */
export function documentParse(parsed: ParsedDocument, text: string): ParsedDocument {
  const { layout, ...rest } = parsed;
  if (!layout) return parsed;
  assertLayoutOf(layout, text);
  const at = (o: number): number => layout.toDocument(o);
  const node = (n: Node): Node => {
    switch (n.type) {
      case 'object':
        return { ...n, properties: n.properties.map(property), start: at(n.start), end: at(n.end) };
      case 'array':
        return { ...n, items: n.items.map(node), start: at(n.start), end: at(n.end) };
      case 'intrinsic':
        return { ...n, nameStart: at(n.nameStart), nameEnd: at(n.nameEnd), argument: node(n.argument), start: at(n.start), end: at(n.end) };
      default:
        return { ...n, start: at(n.start), end: at(n.end) };
    }
  };
  const property = (p: Property): Property => ({ ...p, keyStart: at(p.keyStart), keyEnd: at(p.keyEnd), value: node(p.value), start: at(p.start), end: at(p.end) });
  // A syntax error inside the resource a recovered parse left out is in the layout's offsets too (parse/yaml.ts).
  return { ...rest, root: rest.root && node(rest.root), problems: rest.problems.map((p) => ({ ...p, start: at(p.start), end: at(p.end) })) };
}

/** Each piece of the layout text is the document's text at its place; the gaps between them are blank lines. */
export function assertLayoutOf(layout: Layout, text: string): void {
  let from = 0;
  let at = 0;
  for (const p of layout.pieces) {
    assert.equal(p.from, from, 'the pieces cover the document in order');
    assert.ok(p.at >= at, 'the pieces are in order in the layout text');
    assert.ok(/^\n*$/.test(layout.text.slice(at, p.at)), 'a gap is blank lines');
    assert.equal(layout.text.slice(p.at, p.at + p.length), text.slice(p.from, p.from + p.length), 'a piece is the document text');
    from += p.length;
    at = p.at + p.length;
  }
  assert.equal(from, text.length, 'the pieces cover the document');
  assert.equal(at, layout.text.length, 'the layout text ends with the last piece');
}
