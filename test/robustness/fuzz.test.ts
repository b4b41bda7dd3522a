import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { lint } from '../../server/src/engine/lint';
import { fixtureDocuments } from '../fixture-documents';
import { mutate, random } from '../mutations';

/**
 * Fuzzing with a fixed seed: thousands of documents derived from the fixtures and examples by truncation,
 * deletion, inserted quotes/brackets/tags, duplicated lines and deep nesting go through the engine (and a sample
 * through the CLI). None may throw, and each must be linted within a bound.
 */
const ROOT = join(__dirname, '..', '..');
const DOCUMENTS = 5_000;
/** Far above the budgets (ms), on a loaded 2-core machine: a hang or a super-linear blow-up, not a slow run. */
const PER_DOCUMENT_BOUND_MS = 2_000;

const seeds = fixtureDocuments;

test(`fuzz: ${DOCUMENTS} mutated documents through the engine, no exception, each within ${PER_DOCUMENT_BOUND_MS} ms`, () => {
  const base = seeds();
  assert.ok(base.length >= 5, `${base.length} seed documents`);
  const rnd = random(20261122);
  let slowest = 0;
  let findings = 0;
  const started = performance.now();
  for (let i = 0; i < DOCUMENTS; i++) {
    const seed = base[i % base.length];
    let text = seed.text;
    const rounds = 1 + Math.floor(rnd() * 3);
    for (let r = 0; r < rounds; r++) text = mutate(text, rnd);
    const t = performance.now();
    let result;
    try {
      result = lint({ name: seed.name, text });
    } catch (e) {
      writeFileSync(join(tmpdir(), `lil-fuzz-crash-${i}-${seed.name}`), text);
      throw new Error(`document #${i} (from ${seed.name}) threw: ${(e as Error).stack}`);
    }
    const elapsed = performance.now() - t;
    assert.deepEqual(result.internalErrors.map((e) => `${e.ruleId}: ${(e.error as Error).stack}`), [], `document #${i} (from ${seed.name})`);
    assert.ok(elapsed < PER_DOCUMENT_BOUND_MS, `document #${i} (from ${seed.name}) took ${elapsed.toFixed(0)} ms`);
    slowest = Math.max(slowest, elapsed);
    findings += result.findings.length;
  }
  console.log(`fuzz: ${DOCUMENTS} documents in ${((performance.now() - started) / 1000).toFixed(1)} s, slowest ${slowest.toFixed(1)} ms, ${findings} findings`);
});

test('fuzz: mutated files through the CLI exit 0 or 1, never crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lil-fuzz-cli-'));
  try {
    const base = seeds();
    const rnd = random(7);
    for (let i = 0; i < 200; i++) {
      const seed = base[i % base.length];
      writeFileSync(join(dir, `${i}-${seed.name}`), mutate(mutate(seed.text, rnd), rnd));
    }
    for (const format of ['json', 'sarif', 'stylish']) {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--format', format, dir], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
      assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}, signal ${r.signal}: ${r.stderr.slice(0, 2000)}`);
      assert.doesNotMatch(r.stderr, /internal error|TypeError|RangeError/);
      if (format !== 'stylish') JSON.parse(r.stdout);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
