import { getLocation } from 'jsonc-parser';

export type PathSegment = string | number;

/**
 * Where the cursor is, read from the text itself so it works while the document is half typed (an unclosed
 * string, a key without its colon): the key path from the root, and whether a key or a value is being written.
 */
export interface CursorContext {
  path: PathSegment[];
  /** Typing a key (a new property of the object at `path`), rather than a value at `path`. */
  atKey: boolean;
  /** The text typed so far in the current key or value, without quotes. */
  prefix: string;
  /** The range completion replaces: the current word or string content. */
  replace: { start: number; end: number };
  /** Inside a JSON string (`"s3:Ge|"`): completions are inserted without quotes. */
  inString: boolean;
}

export function cursorContext(text: string, offset: number, format: 'json' | 'yaml'): CursorContext {
  return format === 'json' ? jsonCursor(text, offset) : yamlCursor(text, offset);
}

function jsonCursor(text: string, offset: number): CursorContext {
  const location = getLocation(text, offset);
  const path = location.path.slice();
  // getLocation names the key itself as the last segment when the cursor is on a key.
  if (location.isAtPropertyKey && typeof path[path.length - 1] === 'string') path.pop();
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  // Inside a string when an odd number of unescaped quotes precede the cursor on its line.
  const quotes = [...before.matchAll(/(?<!\\)"/g)].map((m) => lineStart + (m.index ?? 0));
  if (quotes.length % 2 === 1) {
    const open = quotes[quotes.length - 1];
    let close = offset;
    while (close < text.length && text[close] !== '"' && text[close] !== '\n') close++;
    return { path, atKey: location.isAtPropertyKey, prefix: text.slice(open + 1, offset), replace: { start: open + 1, end: text[close] === '"' ? close : close }, inString: true };
  }
  const word = /([A-Za-z0-9_:.*-]*)$/.exec(before)![1];
  let end = offset;
  while (end < text.length && /[A-Za-z0-9_:.*-]/.test(text[end])) end++;
  return { path, atKey: location.isAtPropertyKey, prefix: word, replace: { start: offset - word.length, end }, inString: false };
}

interface LineShape {
  /** Column of the first non-space character. */
  indent: number;
  /** Columns of the `- ` sequence indicators at the start of the line. */
  dashes: number[];
  /** Column after the dashes. */
  content: number;
  key?: string;
  /** Text after `key:` (or after the dashes when there is no key). */
  rest: string;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s:#'"[{][^:#]*?)\s*:(\s|$)/;

function shapeOf(line: string): LineShape {
  const indent = /^ */.exec(line)![0].length;
  let rest = line.slice(indent);
  let column = indent;
  const dashes: number[] = [];
  while (/^-( |$)/.test(rest)) {
    dashes.push(column);
    const step = rest.length > 1 ? 2 : 1;
    rest = rest.slice(step).replace(/^ +/, (m) => {
      column += m.length;
      return '';
    });
    column += step;
  }
  const key = KEY.exec(rest);
  return { indent, dashes, content: column, key: key ? unquote(key[1]) : undefined, rest: key ? rest.slice(key[0].length) : rest };
}

/**
 * YAML: the indentation of the lines above the cursor gives the path, the way YAML language servers do it for
 * documents that do not parse yet. A flow list on the cursor's line (`Action: [s3:Get, |]`) counts as a list.
 */
function yamlCursor(text: string, offset: number): CursorContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, offset);

  const word = /([^\s,[\]{}'"]*)$/.exec(before)![1];
  const start = offset - word.length;
  let end = offset;
  while (end < lineEnd && !/[\s,\]}'"\r]/.test(text[end])) end++;
  const quoteChar = before[before.length - word.length - 1];
  const inString = quoteChar === '"' || quoteChar === "'";

  const own = shapeOf(before);
  const path: PathSegment[] = ancestors(text, lineStart, own.dashes.length > 0 ? own.dashes[0] : own.indent);
  for (const dash of own.dashes) path.push(itemIndex(text, lineStart, dash));
  let atKey: boolean;
  if (own.key !== undefined) {
    path.push(own.key);
    atKey = false;
    if (/\[[^\]]*$/.test(own.rest)) path.push(0);
  } else if (/\[[^\]]*$/.test(own.rest)) {
    path.push(0);
    atKey = false;
  } else {
    // `- s3:Get` in a list of scalars is a value; a bare word where keys live is a key being typed.
    atKey = !(own.dashes.length > 0 && scalarListAbove(text, lineStart, own.dashes[own.dashes.length - 1]));
  }
  return { path, atKey, prefix: word, replace: { start, end }, inString };
}

/** The previous lines at the same `- ` column hold scalars (`- s3:GetObject`), not mappings. */
function scalarListAbove(text: string, lineStart: number, column: number): boolean {
  for (const line of linesAbove(text, lineStart)) {
    const shape = shapeOf(line);
    if (shape.indent < column) return false;
    if (shape.dashes[0] === column) return shape.key === undefined;
  }
  return false;
}

function* linesAbove(text: string, lineStart: number): Generator<string> {
  let pos = lineStart;
  while (pos > 0) {
    const prevEnd = pos - 1;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    pos = prevStart;
    const line = text.slice(prevStart, prevEnd).replace(/\r$/, '');
    if (/^\s*(#.*)?$/.test(line)) continue;
    yield line;
  }
}

/** Keys and item indices of the lines that contain the line at `lineStart`, whose content starts at `column`. */
function ancestors(text: string, lineStart: number, column: number): PathSegment[] {
  const out: PathSegment[] = [];
  let limit = column;
  let pos = lineStart;
  while (pos > 0 && limit > 0) {
    const prevEnd = pos - 1;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    pos = prevStart;
    const line = text.slice(prevStart, prevEnd).replace(/\r$/, '');
    if (/^\s*(#.*)?$/.test(line)) continue;
    const shape = shapeOf(line);
    if (shape.indent >= limit) continue;
    const items = shape.dashes.filter((d) => d < limit);
    if (shape.key !== undefined && shape.content === limit && items.length > 0) {
      // `- Effect: Allow` above our `  Action: …`: a sibling key in the same item.
      for (let i = items.length - 1; i >= 0; i--) out.unshift(itemIndex(text, prevStart, items[i]));
    } else if (shape.key !== undefined && shape.content < limit) {
      out.unshift(shape.key);
      for (let i = items.length - 1; i >= 0; i--) out.unshift(itemIndex(text, prevStart, items[i]));
    } else if (items.length > 0) {
      for (let i = items.length - 1; i >= 0; i--) out.unshift(itemIndex(text, prevStart, items[i]));
    } else continue;
    limit = shape.indent;
  }
  return out;
}

/** The 0-based index of the `- ` item at `column` on the line at `lineStart` among its siblings. */
function itemIndex(text: string, lineStart: number, column: number): number {
  let index = 0;
  for (const line of linesAbove(text, lineStart)) {
    const shape = shapeOf(line);
    if (shape.indent < column) break;
    if (shape.dashes[0] === column) index++;
    else if (shape.indent === column) break;
  }
  return index;
}

function unquote(key: string): string {
  return /^["'].*["']$/.test(key) ? key.slice(1, -1) : key.trim();
}
