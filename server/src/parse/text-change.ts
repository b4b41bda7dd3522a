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

const STEPS = [1024, 32, 1];

let last: { before: string; after: string; change: TextChange } | undefined;

export function textChange(before: string, after: string): TextChange {
  if (last && last.before === before && last.after === after) return last.change;
  const b = before.length;
  const a = after.length;
  const shortest = Math.min(b, a);
  // Equal runs compared a stretch at a time (a comparison of two slices is a memory compare), then narrowed down.
  let prefix = 0;
  for (const step of STEPS) while (prefix + step <= shortest && before.slice(prefix, prefix + step) === after.slice(prefix, prefix + step)) prefix += step;
  let suffix = 0;
  for (const step of STEPS) while (suffix + step <= shortest - prefix && before.slice(b - suffix - step, b - suffix) === after.slice(a - suffix - step, a - suffix)) suffix += step;
  const change = { prefix, changedEnd: b - suffix, delta: a - b, same: prefix === b && prefix === a };
  last = { before, after, change };
  return change;
}
