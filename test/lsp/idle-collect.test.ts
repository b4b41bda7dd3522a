import assert from 'node:assert/strict';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { test } from 'node:test';
import { idleCollection, v8Collector } from '../../server/src/idle-collect';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('one young-generation collection per idle period, postponed by each lint that comes sooner', async () => {
  const calls: string[] = [];
  const afterLint = idleCollection(30, (o) => calls.push(o.type));
  afterLint();
  await sleep(10);
  afterLint(); // a keystroke 10 ms later: the collection waits for 30 ms of quiet after it
  await sleep(10);
  afterLint();
  assert.deepEqual(calls, []);
  await sleep(60);
  assert.deepEqual(calls, ['minor']);
  await sleep(40);
  assert.deepEqual(calls, ['minor'], 'nothing more without another lint');
  afterLint();
  await sleep(60);
  assert.deepEqual(calls, ['minor', 'minor']);
});

test('without a collector it does nothing', async () => {
  const afterLint = idleCollection(1, undefined);
  afterLint();
  await sleep(5);
});

test('the collector is found in a process started without --expose-gc, and collects the young generation', async () => {
  assert.equal(process.execArgv.includes('--expose-gc'), false);
  const collect = v8Collector();
  assert.equal(typeof collect, 'function');
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) kinds.push((e as unknown as { detail: { kind: number } }).detail.kind);
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    collect!({ type: 'minor' });
    await sleep(20);
    assert.ok(kinds.includes(constants.NODE_PERFORMANCE_GC_MINOR), `GC kinds seen: ${kinds.join(', ')}`);
  } finally {
    observer.disconnect();
  }
});
