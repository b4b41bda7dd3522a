import { MAX_NESTING, nestingDepth } from './document';
import { parseJsonValue } from './json';
import { isIntrinsicName, type Node, type ObjectNode, type ParsedDocument, type Property } from './tree';
import { textChange } from './text-change';
import { parseYamlFastEntries } from './yaml-fast';
import { Layout, replaceStretch } from './layout';

/** The parse of an earlier version of the same document. */
export interface PreviousParse {
  text: string;
  parsed: ParsedDocument;
}

/**
 * The parse of `text` after an edit that stayed inside one top-level resource of a YAML template the fast path read:
 * only that resource's lines are read again. Offsets are those of a {@link Layout} (parse/layout.ts): the resources
 * and sections before the edited one are the previous tree's own nodes, and so are those after it when the edited
 * resource fits in its place and the gap after it (otherwise a gap is opened after it and they are copies moved
 * into the layout once). `undefined` when the edit is anywhere else, or anything about it is less simple: the caller
 * parses the whole text, and the result is the same either way (test/parse/incremental.test.ts).
 */
export function reparseResource(text: string, previous: PreviousParse): ParsedDocument | undefined {
  const { parsed } = previous;
  const before = previous.text;
  if (parsed.format !== 'yaml' || !parsed.fast || parsed.problems.length || parsed.root?.type !== 'object' || parsed.root.flow) return undefined;
  if (text.charCodeAt(0) === 0xfeff || before.charCodeAt(0) === 0xfeff) return undefined;
  const root = parsed.root;
  const sectionIndex = root.properties.findIndex((p) => p.key === 'Resources');
  const section = root.properties[sectionIndex];
  const resources = section?.value;
  if (resources?.type !== 'object' || resources.flow || root.properties.findIndex((p, i) => i !== sectionIndex && p.key === 'Resources') >= 0) return undefined;
  // The previous tree's offsets: its layout's, or (after a full parse) the previous text's own.
  const layout = parsed.layout ?? new Layout(before, [{ at: 0, from: 0, length: before.length }]);
  const laid = layout.text;

  // The one stretch the edit changed: [prefix, changedEnd) in the previous text.
  const { prefix, changedEnd, delta, same } = textChange(before, text);
  if (same) return parsed;

  // The resource whose lines hold the edit: from its key's line to the line of the next key at its column or less.
  const entries = resources.properties;
  const index = lastStartingBefore(entries, layout.fromDocument(prefix));
  if (index < 0) return undefined;
  const entry = entries[index]!;
  const laidFrom = lineStart(laid, entry.keyStart);
  const column = entry.keyStart - laidFrom;
  const laidTo = nextLineAtOrLeft(laid, entry.end, column);
  if (index + 1 < entries.length && entries[index + 1]!.keyStart < laidTo) return undefined;
  // Its lines are one stretch of the document: within one piece, up to that piece's end at most.
  const piece = layout.pieces.find((p) => p.at <= laidFrom && laidFrom < p.at + p.length);
  if (!piece) return undefined;
  const pieceEnd = piece.at + piece.length;
  const atEnd = laidTo === laid.length;
  if (!atEnd && laidTo > pieceEnd && !(laidTo === layout.fromDocument(piece.from + piece.length) && laidTo >= pieceEnd)) return undefined;
  const from = piece.from + (laidFrom - piece.at);
  const to = atEnd ? before.length : Math.min(piece.from + piece.length, piece.from + (laidTo - piece.at));
  if (prefix < from || changedEnd >= to) return undefined;

  const newTo = to === before.length ? text.length : to + delta;
  const fragment = text.slice(from, newTo);
  if (nestingDepth(fragment, 'yaml').depth + 2 > MAX_NESTING) return undefined;
  const read = parseYamlFastEntries(text, from, newTo);
  if (!read || read.length === 0 || read[0]!.keyStart - lineStart(text, read[0]!.keyStart) !== column) return undefined;
  const others = [...entries.slice(0, index), ...entries.slice(index + 1)];
  for (const p of read) if (others.some((o) => o.key === p.key)) return undefined;

  // The resource's new lines in its place; what follows it where it is, or (when they outgrow the gap) moved by `shift`.
  const relaid = replaceStretch(layout, before.length, laidFrom, from, to, text, newTo);
  if (!relaid) return undefined;
  const { shift } = relaid;
  const placed = laidFrom === from ? read : read.map((p) => moved(p, laidFrom - from));

  const properties = [...entries.slice(0, index), ...placed, ...entries.slice(index + 1).map((p) => moved(p, shift))];
  if (properties.length === 1 && isIntrinsicName(properties[0]!.key)) return undefined;
  const value: ObjectNode = { type: 'object', properties, flow: false, start: properties[0]!.start, end: properties[properties.length - 1]!.end };
  const newSection: Property = { ...section!, value, end: Math.max(value.end, section!.keyEnd) };
  const top = [...root.properties.slice(0, sectionIndex), newSection, ...root.properties.slice(sectionIndex + 1).map((p) => moved(p, shift))];
  const newRoot: ObjectNode = { type: 'object', properties: top, flow: false, start: top[0]!.start, end: top[top.length - 1]!.end };
  return { format: 'yaml', root: newRoot, problems: [], fast: true, layout: relaid.layout };
}


/**
 * The parse of a JSON template after an edit inside the value (the braces) of one top-level resource: that value
 * alone is read again, and when it is still exactly one object without a syntax error, the whole text parses to the
 * previous tree with it in its place (what a JSON value is does not depend on the text around it). The entries before
 * it are the previous tree's nodes, those after it copies moved by the edit. `undefined` otherwise: the caller
 * parses the whole text, and the result is the same either way (test/parse/incremental.test.ts).
 */
export function reparseJsonResource(text: string, previous: PreviousParse): ParsedDocument | undefined {
  const { parsed } = previous;
  const before = previous.text;
  if (parsed.format !== 'json' || parsed.problems.length || parsed.root?.type !== 'object') return undefined;
  if (text.charCodeAt(0) === 0xfeff || before.charCodeAt(0) === 0xfeff) return undefined;
  const root = parsed.root;
  const sectionIndex = root.properties.findIndex((p) => p.key === 'Resources');
  const section = root.properties[sectionIndex];
  const resources = section?.value;
  if (resources?.type !== 'object' || root.properties.findIndex((p, i) => i !== sectionIndex && p.key === 'Resources') >= 0) return undefined;
  // The previous tree's offsets: its layout's (parse/layout.ts), or (after a full parse) the previous text's own.
  const layout = parsed.layout ?? new Layout(before, [{ at: 0, from: 0, length: before.length }]);
  const { prefix, changedEnd, delta, same } = textChange(before, text);
  if (same) return parsed;
  const entries = resources.properties;
  const index = lastStartingBefore(entries, layout.fromDocument(prefix));
  const entry = entries[index];
  if (!entry || entry.value.type !== 'object' || entry.end !== entry.value.end) return undefined;
  // The braces, in the document; with no gap between them.
  const from = layout.toDocument(entry.value.start);
  const to = layout.toDocument(entry.value.end);
  if (to - from !== entry.value.end - entry.value.start) return undefined;
  // Strictly inside the resource's braces, which stay where they were.
  if (prefix <= from || changedEnd >= to) return undefined;
  const end = to + delta;
  if (nestingDepth(text.slice(from, end), 'json').depth + 2 > MAX_NESTING) return undefined;
  const read = parseJsonValue(text, from, end);
  if (!read) return undefined;
  // The value in its place; what follows it where it is, or (when it outgrows the gap after it) moved by `shift`.
  const laidFrom = entry.value.start;
  const relaid = replaceStretch(layout, before.length, laidFrom, from, to, text, end);
  if (!relaid) return undefined;
  const { shift } = relaid;
  const value = laidFrom === from ? read : moved(read, laidFrom - from);
  const property: Property = { key: entry.key, keyStart: entry.keyStart, keyEnd: entry.keyEnd, value, start: entry.start, end: value.end };
  const properties = [...entries.slice(0, index), property, ...entries.slice(index + 1).map((p) => moved(p, shift))];
  const newValue: ObjectNode = { type: 'object', properties, flow: true, start: resources.start, end: resources.end + shift };
  const newSection: Property = { key: section!.key, keyStart: section!.keyStart, keyEnd: section!.keyEnd, value: newValue, start: section!.start, end: section!.end + shift };
  const top = [...root.properties.slice(0, sectionIndex), newSection, ...root.properties.slice(sectionIndex + 1).map((p) => moved(p, shift))];
  const newRoot: ObjectNode = { type: 'object', properties: top, flow: true, start: root.start, end: root.end + shift };
  return { format: 'json', root: newRoot, problems: [], layout: relaid.layout };
}

/** The index of the last entry whose key starts at or before `offset`. */
function lastStartingBefore(entries: readonly Property[], offset: number): number {
  let lo = 0;
  let hi = entries.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.keyStart <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The start of the line `offset` is on, as the fast parser splits lines (only `\n` ends one). */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The start of the first line after `offset`'s line with content at `column` or further left (or the text's end). */
function nextLineAtOrLeft(text: string, offset: number, column: number): number {
  let at = text.indexOf('\n', offset);
  while (at >= 0) {
    const start = at + 1;
    let i = start;
    while (i < text.length && text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    const blank = i >= text.length || c === 10 || c === 13 || c === 35; /* # */
    if (!blank && i - start <= column) return start;
    at = text.indexOf('\n', start);
  }
  return text.length;
}

/**
 * A copy of a subtree with every offset moved by `delta`, each node built with the fields in the order the parser
 * builds them (one object shape per node type, as a parsed tree has).
 */
function moved<T extends Node | Property>(node: T, delta: number): T {
  if (delta === 0) return node;
  return ('key' in node ? movedProperty(node as Property, delta) : movedNode(node as Node, delta)) as T;
}

function movedProperty(p: Property, d: number): Property {
  return { key: p.key, keyStart: p.keyStart + d, keyEnd: p.keyEnd + d, value: movedNode(p.value, d), start: p.start + d, end: p.end + d };
}

function movedNode(n: Node, d: number): Node {
  switch (n.type) {
    case 'object': {
      const properties: Property[] = new Array(n.properties.length);
      for (let i = 0; i < properties.length; i++) properties[i] = movedProperty(n.properties[i]!, d);
      return { type: 'object', properties, flow: n.flow, start: n.start + d, end: n.end + d };
    }
    case 'array': {
      const items: Node[] = new Array(n.items.length);
      for (let i = 0; i < items.length; i++) items[i] = movedNode(n.items[i]!, d);
      return { type: 'array', items, flow: n.flow, start: n.start + d, end: n.end + d };
    }
    case 'intrinsic':
      return { type: 'intrinsic', fn: n.fn, form: n.form, nameStart: n.nameStart + d, nameEnd: n.nameEnd + d, argument: movedNode(n.argument, d), start: n.start + d, end: n.end + d };
    case 'string':
      return { type: 'string', value: n.value, style: n.style, start: n.start + d, end: n.end + d };
    case 'number':
      return { type: 'number', value: n.value, raw: n.raw, style: n.style, start: n.start + d, end: n.end + d };
    case 'boolean':
      return { type: 'boolean', value: n.value, raw: n.raw, style: n.style, start: n.start + d, end: n.end + d };
    case 'null':
      return { type: 'null', raw: n.raw, style: n.style, start: n.start + d, end: n.end + d };
  }
}
