import type { StringNode } from '../parse/tree';

/**
 * Where each character of a string scalar's value sits in the document: `offsets[i]` is the document offset of
 * `value[i]`, and `offsets[value.length]` the offset just after the last one. Undefined when the source does not
 * spell the value one character at a time on one line (block scalars, folded lines, YAML escapes other than the
 * JSON ones), so a rule reports on the whole scalar rather than on a guessed part of it.
 */
export function valueOffsets(node: StringNode, text: string): number[] | undefined {
  const raw = text.slice(node.start, node.end);
  if (/[\r\n]/.test(raw)) return undefined;
  const offsets: number[] = [];
  switch (node.style) {
    case 'plain':
      if (raw !== node.value) return undefined;
      for (let i = 0; i <= raw.length; i++) offsets.push(node.start + i);
      return offsets;
    case 'single': {
      if (raw.length < 2 || raw[0] !== "'" || raw[raw.length - 1] !== "'") return undefined;
      for (let i = 1; i < raw.length - 1; i++) {
        offsets.push(node.start + i);
        if (raw[i] === "'") i++;
      }
      offsets.push(node.end - 1);
      break;
    }
    case 'json':
    case 'double': {
      if (raw.length < 2 || raw[0] !== '"' || raw[raw.length - 1] !== '"') return undefined;
      for (let i = 1; i < raw.length - 1; i++) {
        const at = node.start + i;
        if (raw[i] !== '\\') {
          offsets.push(at);
          continue;
        }
        const escape = raw[i + 1];
        if (escape === 'u') {
          offsets.push(at);
          i += 5;
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
          offsets.push(at);
          i += 1;
        } else {
          return undefined;
        }
      }
      offsets.push(node.end - 1);
      break;
    }
    default:
      return undefined;
  }
  return offsets.length === node.value.length + 1 ? offsets : undefined;
}
