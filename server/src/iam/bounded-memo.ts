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

/**
 * As {@link boundedMemo}, with its one `make` given once. A hit costs a map lookup of the key as it is: no key is
 * built and no closure made on each call (the strings a lint asks about are mostly the same string objects on every
 * keystroke, the tree's, whose hashes V8 keeps).
 */
export function memoized<V>(limit: number, make: (key: string) => V): (key: string) => V {
  const cache = new Map<string, V>();
  memos.push(cache);
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= limit) cache.clear();
      value = make(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** As {@link memoized}, for a pure function of two strings, kept per first string without joining the two. */
export function memoized2<V>(limit: number, make: (a: string, b: string) => V): (a: string, b: string) => V {
  const cache = new Map<string, Map<string, V>>();
  let size = 0;
  memos.push({
    clear: () => {
      cache.clear();
      size = 0;
    },
  });
  return (a, b) => {
    let inner = cache.get(a);
    let value = inner?.get(b);
    if (value === undefined) {
      if (size >= limit) {
        cache.clear();
        size = 0;
        inner = undefined;
      }
      if (!inner) cache.set(a, (inner = new Map()));
      value = make(a, b);
      inner.set(b, value);
      size++;
    }
    return value;
  };
}

const memos: { clear(): void }[] = [];

/** Forgets everything every memo holds, as a new process would start: for tests that compare warm with cold. */
export function clearMemos(): void {
  for (const m of memos) m.clear();
}
