import type { ArrayNode, Node } from '../parse/tree';
import { guardEdit, type TextEdit } from './rule';
import { lineEnd, lineEndWithBreak, lineStartOf } from './text-layout';

/**
 * The edit that removes one item from a JSON array or a YAML sequence, leaving a document that still parses and
 * keeps its indentation and line endings: in JSON and YAML flow sequences the item goes with one comma; in a YAML
 * block sequence its `- item` line(s) go, trailing comment included. The last item leaves `[]`, not a null.
 */
export function removeArrayItem(text: string, format: 'json' | 'yaml', array: ArrayNode, item: Node): TextEdit {
  return guardEdit(removal(text, format, array, item), array, item);
}

function removal(text: string, format: 'json' | 'yaml', array: ArrayNode, item: Node): TextEdit {
  const i = array.items.indexOf(item);
  if (i < 0) throw new Error('removeArrayItem: the item is not in the array');
  const prev = array.items[i - 1];
  const next = array.items[i + 1];
  if (!prev && !next) return format === 'yaml' && !array.flow ? { start: array.start, end: array.end, newText: '[]' } : { start: array.start + 1, end: array.end - 1, newText: '' };
  if (format === 'json' || array.flow) {
    if (next) return { start: item.start, end: next.start, newText: '' };
    return { start: prev!.end, end: item.end, newText: '' };
  }
  const dash = dashBefore(text, item.start);
  const lineStart = lineStartOf(text, dash);
  if (text.slice(lineStart, dash).trim() === '') return { start: lineStart, end: lineEndWithBreak(text, item.end), newText: '' };
  // `- - a` (a nested sequence opened on its parent's line): the next item's dash takes this one's place.
  if (next) return { start: dash, end: dashBefore(text, next.start), newText: '' };
  return { start: lineEnd(text, prev!.end), end: lineEnd(text, item.end), newText: '' };
}

/** The `-` that introduces a block sequence item (the item's node starts after it, and after any tag or anchor). */
function dashBefore(text: string, offset: number): number {
  const start = lineStartOf(text, offset);
  const dashes = /^(?:[ \t]*-[ \t]+)+(?=(?:[!&]\S*[ \t]+)*$)/.exec(text.slice(start, offset));
  if (dashes) return start + dashes[0].trimEnd().length - 1;
  let i = offset - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n')) i--;
  return text[i] === '-' ? i : offset;
}
