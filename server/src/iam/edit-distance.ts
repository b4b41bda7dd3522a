/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions), stopping past `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[cols - 1];
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
