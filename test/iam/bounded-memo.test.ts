import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedMemo } from '../../server/src/iam/bounded-memo';

test('boundedMemo computes each key once, falsy values included, and starts over at its limit', () => {
  const calls: string[] = [];
  const memo = boundedMemo<boolean>(2);
  const look = (key: string) => memo(key, () => (calls.push(key), key === 'yes'));
  assert.equal(look('no'), false);
  assert.equal(look('no'), false);
  assert.equal(look('yes'), true);
  assert.deepEqual(calls, ['no', 'yes']);
  assert.equal(look('third'), false); // the memo is full: it forgets 'no' and 'yes'
  assert.equal(look('no'), false);
  assert.deepEqual(calls, ['no', 'yes', 'third', 'no']);
});
