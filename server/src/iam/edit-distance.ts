/*
 * Rows of the distance table, kept between calls: an unknown action typed into a policy is compared with hundreds of
 * a service's action names on every keystroke, and allocating rows for each comparison was most of that time.
 */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);
const counts = new Int32Array(128);

/**
 * Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions), stopping past `max`: a
 * number above `max` (not always the distance) when the distance is above it.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (max < a.length + b.length && bagDistance(a, b) > max) return max + 1;
  const cols = b.length + 1;
  if (rowA.length < cols) {
    rowA = new Int32Array(cols * 2);
    rowB = new Int32Array(cols * 2);
    rowC = new Int32Array(cols * 2);
  }
  // prev2, prev, cur: the rows two before, one before and at `i`.
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j < cols; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    const aBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let d = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      if (ins < d) d = ins;
      const sub = prev[j - 1]! + cost;
      if (sub < d) d = sub;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && aBefore === bj) {
        const swap = prev2[j - 2]! + 1;
        if (swap < d) d = swap;
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[cols - 1]!;
}

/**
 * A lower bound of the distance, cheap to compute: the characters one string has more of than the other (a
 * substitution or a transposition changes each side's surplus by at most one, an insertion or deletion one side's).
 * 0 (no bound) when a string has a character outside ASCII.
 */
function bagDistance(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (c >= 128) {
      clearCounts(a, i);
      return 0;
    }
    counts[c]!++;
  }
  for (let i = 0; i < b.length; i++) {
    const c = b.charCodeAt(i);
    if (c >= 128) {
      for (let k = 0; k < i; k++) counts[b.charCodeAt(k)]!++;
      clearCounts(a, a.length);
      return 0;
    }
    counts[c]!--;
  }
  let more = 0;
  let fewer = 0;
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    const n = counts[c]!;
    if (n > 0) more += n;
    counts[c] = 0;
  }
  for (let i = 0; i < b.length; i++) {
    const c = b.charCodeAt(i);
    const n = counts[c]!;
    if (n < 0) fewer -= n;
    counts[c] = 0;
  }
  return more > fewer ? more : fewer;
}

/** Clears the counts of `a`'s first `upTo` characters. */
function clearCounts(a: string, upTo: number): void {
  for (let i = 0; i < upTo; i++) counts[a.charCodeAt(i)] = 0;
}

/** The candidates closest to `text` (case-insensitive), within a distance that grows with the word's length. */
export function closest(text: string, candidates: readonly string[], maxResults = 3): string[] {
  const lower = text.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(text.length / 3)));
  return candidates
    .map((c) => ({ c, d: editDistance(lower, c.toLowerCase(), limit) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, maxResults)
    .map((x) => x.c);
}
