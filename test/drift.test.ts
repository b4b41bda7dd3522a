import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { accessAnalyzerChecks, notCoveredReasons, renderDocs } from '../scripts/gen-docs';
import { applyFixes } from '../server/src/engine/fix';
import { lint } from '../server/src/engine/lint';
import { rules } from '../server/src/rules';

const ROOT = join(__dirname, '..');
const RULES_DIR = join(ROOT, 'server', 'src', 'rules');

function ruleFiles(dir = RULES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? ruleFiles(join(dir, e.name)) : e.name.endsWith('.ts') && dir !== RULES_DIR ? [relative(RULES_DIR, join(dir, e.name)).replace(/\\/g, '/')] : [],
  );
}

test('the rule index is generated from the rule files (node scripts/gen-rule-index.mjs)', async () => {
  // @ts-expect-error: a plain ESM script without type declarations
  const { renderRuleIndex } = (await import('../scripts/gen-rule-index.mjs')) as { renderRuleIndex: () => string };
  assert.equal(readFileSync(join(RULES_DIR, 'index.ts'), 'utf8'), renderRuleIndex());
});

test('every rule file is registered, and its path is its id', () => {
  const files = ruleFiles().map((f) => f.replace(/\.ts$/, '')).sort();
  assert.deepEqual(rules.map((r) => r.meta.id).sort(), files);
});

test('rule ids are unique and kebab-case under a known family', () => {
  const ids = rules.map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^(parse|iam|lambda|sam|lmi)\/[a-z0-9]+(-[a-z0-9]+)*$/);
});

test('every rule has a summary, a description, an https AWS source and messages', () => {
  for (const { meta } of rules) {
    assert.ok(meta.summary.length > 10 && !meta.summary.endsWith('.'), `${meta.id} summary`);
    assert.ok(meta.description.length > 40, `${meta.id} description`);
    assert.match(meta.source, /^https:\/\/docs\.aws\.amazon\.com\//, `${meta.id} source`);
    assert.ok(Object.keys(meta.messages).length > 0, `${meta.id} messages`);
  }
});

test('every message id of every checked rule is exercised by its test table', () => {
  for (const { meta, check } of rules) {
    if (!check) continue;
    const table = join(ROOT, 'test', 'rules', `${meta.id}.test.ts`);
    assert.ok(existsSync(table), `${meta.id} has test/rules/${meta.id}.test.ts`);
    const source = readFileSync(table, 'utf8');
    for (const id of Object.keys(meta.messages)) assert.ok(source.includes(`'${id}'`), `${meta.id}: message "${id}" is tested`);
  }
});

test('documented examples run: each invalid one fires exactly its rule once, each valid one nothing', () => {
  for (const { meta } of rules) {
    for (const ex of meta.examples.invalid) {
      const findings = lint({ name: ex.file, text: ex.code }).findings;
      assert.deepEqual(findings.map((f) => f.ruleId), [meta.id], `${meta.id} invalid example in ${ex.file}`);
      if (ex.fixed !== undefined) {
        const fix = findings[0].fixes[0];
        assert.ok(fix, `${meta.id}: the example shows a fix, the rule offers one`);
        assert.equal(applyFixes(ex.code, [fix]).text, ex.fixed, `${meta.id} example fix`);
        assert.deepEqual(lint({ name: ex.file, text: ex.fixed }).findings.map((f) => f.ruleId), [], `${meta.id} fixed example is clean`);
      }
    }
    for (const ex of meta.examples.valid) {
      assert.deepEqual(lint({ name: ex.file, text: ex.code }).findings.map((f) => `${f.ruleId}: ${f.message}`), [], `${meta.id} valid example in ${ex.file}`);
    }
  }
});

test('generated rule docs are up to date (npm run docs)', () => {
  for (const [path, content] of renderDocs()) {
    const file = join(ROOT, path);
    assert.ok(existsSync(file), `${path} exists: run npm run docs`);
    assert.equal(readFileSync(file, 'utf8'), content, `${path} is current: run npm run docs`);
  }
});

test('every Access Analyzer code a rule names exists, and every check is covered or explained', () => {
  const checks = accessAnalyzerChecks();
  assert.equal(checks.size, 153);
  const covered = new Set(rules.flatMap((r) => r.meta.accessAnalyzer ?? []));
  for (const code of covered) assert.ok(checks.has(code), `unknown Access Analyzer code ${code}`);
  const reasons = notCoveredReasons();
  for (const code of Object.keys(reasons)) {
    assert.ok(checks.has(code), `reason for unknown code ${code}`);
    assert.ok(!covered.has(code), `${code} is covered by a rule but also explained as not covered`);
  }
  const unexplained = [...checks.values()].filter((c) => !covered.has(c.issueCode) && !reasons[c.issueCode]).map((c) => c.issueCode);
  assert.deepEqual(unexplained, []);
});
