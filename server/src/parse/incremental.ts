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
 * only the lines of the innermost block-mapping entry that holds the edit (a statement's `Action:`, a role's
 * `Policies:`, … the resource itself) are read again. Offsets are those of a {@link Layout} (parse/layout.ts):
 * everything before that entry keeps its node, and so does everything after it when the entry fits in its place and
 * the gap after it (otherwise a gap is opened after it and what follows is moved into the layout once, as copies);
 * the mappings and lists that hold it are new, with the same children but the re-read one. `undefined` when the
 * edit is anywhere else, or anything about it is less simple: the caller parses the whole text, and the result is
 * the same either way (test/parse/incremental.test.ts).
 */
export function reparseResource(text: string, previous: PreviousParse): ParsedDocument | undefined {
  const edit = resourceEdit(text, previous);
  if (edit === 'same') return previous.parsed;
  if (!edit) return undefined;
  const { root, resources, layout, change, index } = edit;
  const before = previous.text;
  const laid = layout.text;
  const at = layout.fromDocument(change.prefix);

  // The entries that hold the edit, from the resource down: each a key that starts its line, in a block mapping
  // (the mapping of a list item too, from its second key on).
  const path: Node[] = [root, resources];
  let entry = resources.properties[index]!;
  let deepest: { path: Node[]; index: number } | undefined;
  for (;;) {
    let value = entry.value;
    const down: Node[] = [value];
    if (value.type === 'array' && !value.flow) {
      const item = value.items.find((n) => n.start <= at && at <= n.end);
      if (!item) break;
      down.push(item);
      value = item;
    }
    if (value.type !== 'object' || value.flow) break;
    const k = lastStartingBefore(value.properties, at);
    if (k < 0) break;
    const inner = value.properties[k]!;
    if (lineStart(laid, inner.keyStart) + indentOf(laid, lineStart(laid, inner.keyStart)) !== inner.keyStart) break;
    path.push(...down);
    entry = inner;
    const stretch = entryLines(layout, path[path.length - 1] as ObjectNode, k, before.length);
    if (stretch && holdsChange(stretch, change)) deepest = { path: path.slice(), index: k };
  }
  // The innermost first; when it does not read as it was (a line indented out of it), the resource's lines.
  if (deepest) {
    const reread = rereadYamlEntry(text, before.length, layout, deepest.path, deepest.index, change);
    if (reread) return reread;
  }
  return rereadYamlEntry(text, before.length, layout, [root, resources], index, change);
}

/**
 * An edit since `previous`, a YAML template the fast path read cleanly, as both re-reads start from it: the
 * previous tree's `Resources` mapping and layout (its own, or after a full parse one of the previous text), the one
 * stretch the edit changed (`[prefix, changedEnd)` in the previous text), and the resource entry at or before which
 * it starts. `'same'` for no change; `undefined` for anything else.
 */
function resourceEdit(text: string, previous: PreviousParse): { root: ObjectNode; resources: ObjectNode; layout: Layout; change: Change; index: number } | 'same' | undefined {
  const { parsed } = previous;
  const before = previous.text;
  if (parsed.format !== 'yaml' || !parsed.fast || parsed.problems.length || parsed.root?.type !== 'object' || parsed.root.flow) return undefined;
  if (text.charCodeAt(0) === 0xfeff || before.charCodeAt(0) === 0xfeff) return undefined;
  const root = parsed.root;
  const sectionIndex = root.properties.findIndex((p) => p.key === 'Resources');
  const resources = root.properties[sectionIndex]?.value;
  if (resources?.type !== 'object' || resources.flow || root.properties.findIndex((p, i) => i !== sectionIndex && p.key === 'Resources') >= 0) return undefined;
  const layout = parsed.layout ?? new Layout(before, [{ at: 0, from: 0, length: before.length }]);
  const { prefix, changedEnd, delta, same } = textChange(before, text);
  if (same) return 'same';
  const index = lastStartingBefore(resources.properties, layout.fromDocument(prefix));
  if (index < 0) return undefined;
  return { root, resources, layout, change: { prefix, changedEnd, delta }, index };
}

/** Whether the last scalar written in `node` (at any depth) is a block scalar (`|`, `>`). */
function endsWithBlockScalar(node: Node): boolean {
  for (let n: Node | undefined = node; n; ) {
    if (n.type === 'object') n = n.properties[n.properties.length - 1]?.value;
    else if (n.type === 'array') n = n.items[n.items.length - 1];
    else if (n.type === 'intrinsic') n = n.argument;
    else return n.type === 'string' && n.style === 'block';
  }
  return false;
}

interface Change {
  prefix: number;
  changedEnd: number;
  delta: number;
}

/**
 * The tree of `text` without the one top-level resource an edit since `previous` stayed inside, and the lines that
 * resource is on now (its key's line to the line break before the next entry, or the end of the text): what the fast
 * path reads of `text` with those lines blanked (parse/yaml.ts `recoverEdited`, for a syntax error inside the
 * resource), exactly (test/parse/incremental.test.ts). Made from the previous tree: the resource's entry is left out,
 * everything else keeps its node (moved by the layout as an edit moves it), and the layout holds `text` itself, the
 * broken lines included. `undefined` when anything is less simple (the resource was the only one, or what blank
 * lines would do after the resource before it is not plain) and the caller reads the whole text.
 */
export function withoutEditedResource(text: string, previous: PreviousParse): { parsed: ParsedDocument; lines: { start: number; end: number } } | undefined {
  const edit = resourceEdit(text, previous);
  if (!edit || edit === 'same' || edit.resources.properties.length < 2) return undefined;
  const { root, resources, layout, change, index } = edit;
  const { delta } = change;
  const before = previous.text;
  const stretch = entryLines(layout, resources, index, before.length);
  if (!stretch || !holdsChange(stretch, change)) return undefined;
  const { laidFrom, from, to } = stretch;
  // Blank lines after a block scalar can be its text (lines of spaces deeper than its indentation): the resource
  // before must end otherwise.
  if (index > 0 && endsWithBlockScalar(resources.properties[index - 1]!.value)) return undefined;
  const newTo = to === before.length ? text.length : to + delta;
  // Blanking keeps line ends: a carriage return alone would be one (for YAML) that the lines of the previous tree lack.
  if (/\r(?!\n)/.test(text.slice(from, newTo))) return undefined;
  const relaid = replaceStretch(layout, before.length, laidFrom, from, to, text, newTo);
  if (!relaid) return undefined;
  const { shift } = relaid;
  const entries = resources.properties;
  const properties = [...entries.slice(0, index), ...entries.slice(index + 1).map((p) => moved(p, shift))];
  if (properties.length === 1 && isIntrinsicName(properties[0]!.key)) return undefined;
  const node: Node = { type: 'object', properties, flow: false, start: properties[0]!.start, end: properties[properties.length - 1]!.end };
  return {
    parsed: { format: 'yaml', root: withBlockChild(root, resources, node, shift) as ObjectNode, problems: [], layout: relaid.layout },
    lines: { start: from, end: newTo === text.length ? text.length : newTo - 1 },
  };
}

/** The lines of entry `index` of a block mapping, in the previous document: from its key's line to the next line at its column or less. */
function entryLines(layout: Layout, mapping: ObjectNode, index: number, previousLength: number): { laidFrom: number; column: number; from: number; to: number } | undefined {
  const laid = layout.text;
  const entries = mapping.properties;
  const entry = entries[index]!;
  const laidFrom = lineStart(laid, entry.keyStart);
  const column = entry.keyStart - laidFrom;
  const laidTo = nextLineAtOrLeft(laid, entry.end, column);
  if (index + 1 < entries.length && entries[index + 1]!.keyStart < laidTo) return undefined;
  // Both ends are on lines with content, so in pieces of the layout (the gaps are blank lines).
  const from = layout.toDocument(laidFrom);
  const to = laidTo === laid.length ? previousLength : layout.toDocument(laidTo);
  return { laidFrom, column, from, to };
}

function holdsChange(stretch: { from: number; to: number }, change: Change): boolean {
  return change.prefix >= stretch.from && change.changedEnd < stretch.to;
}

/**
 * Entry `index` of the block mapping at the end of `path` (root first, each holding the next) read again from the
 * edited text, and the tree rebuilt around it.
 */
function rereadYamlEntry(text: string, previousLength: number, layout: Layout, path: readonly Node[], index: number, change: Change): ParsedDocument | undefined {
  const mapping = path[path.length - 1] as ObjectNode;
  const entries = mapping.properties;
  const stretch = entryLines(layout, mapping, index, previousLength);
  if (!stretch || !holdsChange(stretch, change)) return undefined;
  const { laidFrom, column, from, to } = stretch;
  const newTo = to === previousLength ? text.length : to + change.delta;
  // The mappings and lists above it, and what is in it.
  if (nestingDepth(text.slice(from, newTo), 'yaml').depth + path.length > MAX_NESTING) return undefined;
  const read = parseYamlFastEntries(text, from, newTo);
  if (!read || read.length === 0 || read[0]!.keyStart - lineStart(text, read[0]!.keyStart) !== column) return undefined;
  for (const p of read) if (entries.some((o, i) => i !== index && o.key === p.key)) return undefined;

  // The entry's new lines in its place; what follows it where it is, or (when they outgrow the gap) moved by `shift`.
  const relaid = replaceStretch(layout, previousLength, laidFrom, from, to, text, newTo);
  if (!relaid) return undefined;
  const { shift } = relaid;
  const placed = laidFrom === from ? read : read.map((p) => moved(p, laidFrom - from));
  const properties = [...entries.slice(0, index), ...placed, ...entries.slice(index + 1).map((p) => moved(p, shift))];
  // A mapping of one intrinsic's key is that intrinsic (parse/tree.ts `longFormIntrinsic`): not what it was.
  if (properties.length === 1 && isIntrinsicName(properties[0]!.key)) return undefined;
  let node: Node = { type: 'object', properties, flow: false, start: properties[0]!.start, end: properties[properties.length - 1]!.end };
  for (let k = path.length - 2; k >= 0; k--) node = withBlockChild(path[k]!, path[k + 1]!, node, shift);
  return { format: 'yaml', root: node as ObjectNode, problems: [], fast: true, layout: relaid.layout };
}

/**
 * A copy of a block mapping or list with its child `old` replaced and the children after it moved by `shift`; it
 * ends where its last child does, as the fast parser ends it.
 */
function withBlockChild(parent: Node, old: Node, replacement: Node, shift: number): Node {
  if (parent.type === 'object') {
    const properties = withValue(parent.properties, old, replacement, shift, (p) => Math.max(replacement.end, p.keyEnd));
    return { type: 'object', properties, flow: parent.flow, start: parent.start, end: properties[properties.length - 1]!.end };
  }
  if (parent.type === 'array') {
    const items = withItem(parent.items, old, replacement, shift);
    return { type: 'array', items, flow: parent.flow, start: parent.start, end: items[items.length - 1]!.end };
  }
  return parent;
}

/** A mapping's entries with the value `old` replaced (its entry ending at `end`), and the entries after it moved by `shift`. */
function withValue(properties: readonly Property[], old: Node, replacement: Node, shift: number, end: (p: Property) => number): Property[] {
  const out: Property[] = new Array(properties.length);
  let after = false;
  for (let i = 0; i < out.length; i++) {
    const p = properties[i]!;
    if (p.value === old) {
      out[i] = { key: p.key, keyStart: p.keyStart, keyEnd: p.keyEnd, value: replacement, start: p.start, end: end(p) };
      after = true;
    } else out[i] = after ? moved(p, shift) : p;
  }
  return out;
}

/** A list's items with `old` replaced, and the items after it moved by `shift`. */
function withItem(items: readonly Node[], old: Node, replacement: Node, shift: number): Node[] {
  const out: Node[] = new Array(items.length);
  let after = false;
  for (let i = 0; i < out.length; i++) {
    const item = items[i]!;
    if (item === old) {
      out[i] = replacement;
      after = true;
    } else out[i] = after ? moved(item, shift) : item;
  }
  return out;
}

/** How many spaces start the line at `start`. */
function indentOf(text: string, start: number): number {
  let i = start;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  return i - start;
}

/**
 * The parse of a JSON template after an edit inside one top-level resource: the innermost object or array of that
 * resource whose brackets hold the edit (a statement's `Action` list, a statement, … the resource's value) is read
 * again, and when it is still exactly one value without a syntax error, the whole text parses to the previous tree
 * with it in its place (what a JSON value is does not depend on the text around it). Everything else keeps its node:
 * what precedes it, and what follows it too while it fits in its place and the gap after it (parse/layout.ts;
 * otherwise that is moved once, as copies). The objects and arrays that hold it are new, with the same children but
 * the one re-read. `undefined` otherwise: the caller parses the whole text, and the result is the same either way
 * (test/parse/incremental.test.ts).
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
  // The brackets that hold the edit, strictly inside them (they stay where they were), from the resource's value down.
  const holds = (n: Node): boolean => layout.toDocument(n.start) < prefix && changedEnd < layout.toDocument(n.end);
  if (!holds(entry.value)) return undefined;
  const path: Node[] = [root, resources, entry.value];
  for (let inner = innerContainer(entry.value, holds); inner; inner = innerContainer(inner, holds)) path.push(inner);
  // The innermost first: when it no longer reads as one value (a bracket typed into a list), the resource's value.
  for (const depth of path.length > 3 ? [path.length, 3] : [3]) {
    const reread = rereadJson(text, before.length, layout, path.slice(0, depth), delta);
    if (reread) return reread;
  }
  return undefined;
}

/** The object, array or intrinsic among `node`'s children whose brackets hold the edit, if any. */
function innerContainer(node: Node, holds: (n: Node) => boolean): Node | undefined {
  const bracketed = (n: Node): boolean => n.type === 'object' || n.type === 'array' || n.type === 'intrinsic';
  if (node.type === 'object') {
    for (const p of node.properties) if (bracketed(p.value) && holds(p.value)) return p.value;
  } else if (node.type === 'array') {
    for (const item of node.items) if (bracketed(item) && holds(item)) return item;
  } else if (node.type === 'intrinsic' && bracketed(node.argument) && holds(node.argument)) return node.argument;
  return undefined;
}

/** The last node of `path` (root first, each the parent of the next) read again from `text`, and the tree rebuilt around it. */
function rereadJson(text: string, previousLength: number, layout: Layout, path: readonly Node[], delta: number): ParsedDocument | undefined {
  const target = path[path.length - 1]!;
  const from = layout.toDocument(target.start);
  const to = layout.toDocument(target.end);
  const end = to + delta;
  // The brackets above it, and those in it.
  if (nestingDepth(text.slice(from, end), 'json').depth + path.length - 1 > MAX_NESTING) return undefined;
  const read = parseJsonValue(text, from, end);
  if (!read) return undefined;
  const relaid = replaceStretch(layout, previousLength, target.start, from, to, text, end);
  if (!relaid) return undefined;
  const { shift } = relaid;
  let node = target.start === from ? read : moved(read, target.start - from);
  // Each holder rebuilt around its new child: what ends where the re-read value ended ends where it ends now, the
  // rest after it moves by `shift`.
  const oldEnd = target.end;
  const newEnd = node.end;
  const endOf = (e: number): number => (e === oldEnd ? newEnd : e + shift);
  for (let k = path.length - 2; k >= 0; k--) node = withChild(path[k]!, path[k + 1]!, node, shift, endOf);
  return { format: 'json', root: node as ObjectNode, problems: [], layout: relaid.layout };
}

/** A copy of `parent` with `old` (one of its children) replaced, and the children after it moved by `shift`. */
function withChild(parent: Node, old: Node, replacement: Node, shift: number, endOf: (e: number) => number): Node {
  switch (parent.type) {
    case 'object':
      return { type: 'object', properties: withValue(parent.properties, old, replacement, shift, (p) => endOf(p.end)), flow: parent.flow, start: parent.start, end: endOf(parent.end) };
    case 'array':
      return { type: 'array', items: withItem(parent.items, old, replacement, shift), flow: parent.flow, start: parent.start, end: endOf(parent.end) };
    case 'intrinsic':
      return { type: 'intrinsic', fn: parent.fn, form: parent.form, nameStart: parent.nameStart, nameEnd: parent.nameEnd, argument: replacement, start: parent.start, end: endOf(parent.end) };
    default:
      return parent;
  }
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
