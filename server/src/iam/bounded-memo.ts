/**
 * A memo for lookups a policy repeats on every keystroke: each key is computed once, and once `limit` keys are held
 * the memo starts over, so a long session cannot grow it without bound. `make` must not return undefined, and must
 * be a pure function of the key: the memo is what lets an edit reuse what the version before it computed, and a lint
 * with warm memos must equal one with cold memos (test/engine/warm-memos.test.ts holds every memo to that).
 */
export function boundedMemo<V>(limit: number): (key: string, make: () => V) => V {
  const cache = new Map<string, V>();
  memos.push(cache);
  return (key, make) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= limit) cache.clear();
      value = make();
      cache.set(key, value);
    }
    return value;
  };
}

const memos: Map<string, unknown>[] = [];

/** Forgets everything every memo holds, as a new process would start: for tests that compare warm with cold. */
export function clearMemos(): void {
  for (const m of memos) m.clear();
}
