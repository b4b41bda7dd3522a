import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closest, editDistance } from '../../server/src/iam/edit-distance';

/** The textbook optimal string alignment distance, one table per call. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

test('the distance is the optimal string alignment distance, and above the bound whenever it is past it', () => {
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  // A small alphabet makes near misses; a non-ASCII letter, the rows' growth past 64 columns and unbounded calls too.
  const alphabet = ['a', 'b', 'c', ':', '*', 'é', 'x'];
  for (let k = 0; k < 20_000; k++) {
    const word = (): string => Array.from({ length: random(k % 50 === 0 ? 90 : 10) }, () => alphabet[random(k % 2 ? 3 : alphabet.length)]).join('');
    const a = word();
    const b = word();
    const max = k % 5 === 0 ? Infinity : random(4);
    const expected = reference(a, b);
    const got = editDistance(a, b, max);
    if (expected <= max) assert.equal(got, expected, `${a} / ${b} within ${max}`);
    else assert.ok(got > max, `${a} / ${b}: ${got} is past ${max} (the distance is ${expected})`);
  }
  assert.equal(editDistance('lambda:invokefunction', 'lambda:invokefunctoin'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting', 1), 2);
});

test('closest ranks candidates by distance, then by name, within a limit that grows with the word', () => {
  assert.deepEqual(closest('InvokeFuntion', ['InvokeFunction', 'InvokeAsync', 'GetFunction']), ['InvokeFunction']);
  assert.deepEqual(closest('abd', ['abc', 'abe', 'xyz']), ['abc', 'abe']);
});
