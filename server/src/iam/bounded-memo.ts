/**
 * A memo for lookups a policy repeats on every keystroke: each key is computed once, and once `limit` keys are held
 * the memo starts over, so a long session cannot grow it without bound. `make` must not return undefined.
 */
export function boundedMemo<V>(limit: number): (key: string, make: () => V) => V {
  const cache = new Map<string, V>();
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
