/**
 * The one stretch an edit changed between two versions of a text: `[prefix, changedEnd)` in the earlier one, which
 * became `[prefix, changedEnd + delta)` in the later one. The parser (parse/incremental.ts) and the lint
 * (engine/lint.ts) both ask it of the same two versions on a keystroke: the last answer is kept.
 */
export interface TextChange {
  prefix: number;
  changedEnd: number;
  delta: number;
  /** The texts are equal. */
  same: boolean;
}

let last: { before: string; after: string; change: TextChange } | undefined;

export function textChange(before: string, after: string): TextChange {
  if (last && last.before === before && last.after === after) return last.change;
  const shortest = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shortest && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const change = { prefix, changedEnd: before.length - suffix, delta: after.length - before.length, same: prefix === before.length && prefix === after.length };
  last = { before, after, change };
  return change;
}
