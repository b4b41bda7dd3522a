// The SAM transform against SAM itself: every template of AWS SAM's translator test suite (`../shared/corpus/
// sam-translator/input`) must give the same effective permissions and the same lambda/ and lmi/ findings as the
// CloudFormation SAM generates from it (`output/NAME.json`). An error on the SAM template that SAM's output does not
// share is a failure whatever the agreement.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { permissionsRecord, templatePermissions } from '../../server/src/cli/permissions';
import { lint } from '../../server/src/engine/lint';

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'sam-translator');

/**
 * Cases that cannot agree, with the reason. Each must still disagree (so the list stays true), and only on the
 * side named.
 */
const UNMATCHED: Record<string, string> = {
  // SAM's expected output writes the role as `Fn::GetAtt: [Arn, HttpApiFunctionRole]` (attribute and id swapped), a
  // reference to no resource: the output's role is outside the template, the input's is the role SAM generates.
  http_api_local_iam_auth_enabled: 'permissions',
};

const AGREEMENT = 0.98;

interface Side {
  permissions: string;
  /** rule:severity → distinct messages. Ranges differ by nature; one Globals key reported once is one finding. */
  findings: Map<string, Set<string>>;
  errors: Set<string>;
}

function read(name: string, text: string): Side {
  const records = templatePermissions(name, text)
    .map((p) => {
      const { file: _file, ...rest } = permissionsRecord(name, p);
      return rest;
    })
    .sort((a, b) => (a.function < b.function ? -1 : a.function > b.function ? 1 : 0));
  const findings = new Map<string, Set<string>>();
  const errors = new Set<string>();
  for (const f of lint({ name, text }).findings) {
    if (!/^(lambda|lmi)\//.test(f.ruleId)) continue;
    const key = `${f.ruleId}:${f.severity}`;
    const set = findings.get(key) ?? new Set<string>();
    set.add(f.message);
    findings.set(key, set);
    if (f.severity === 'error') errors.add(`${f.ruleId}: ${f.message}`);
  }
  return { permissions: JSON.stringify(records), findings, errors };
}

function findingsDiffer(a: Side, b: Side): string[] {
  const keys = new Set([...a.findings.keys(), ...b.findings.keys()]);
  return [...keys].filter((k) => (a.findings.get(k)?.size ?? 0) !== (b.findings.get(k)?.size ?? 0)).map((k) => `${k} template=${a.findings.get(k)?.size ?? 0} output=${b.findings.get(k)?.size ?? 0}`);
}

test('SAM translator corpus: permissions and lambda/ lmi/ findings of each template equal those of SAM\'s output', () => {
  assert.ok(existsSync(join(CORPUS, 'input')), `the SAM translator corpus is expected at ${CORPUS}`);
  const names = readdirSync(join(CORPUS, 'input'))
    .filter((n) => n.endsWith('.yaml') && !n.startsWith('error_'))
    .map((n) => n.slice(0, -'.yaml'.length))
    .filter((n) => existsSync(join(CORPUS, 'output', `${n}.json`)))
    .sort();
  assert.ok(names.length > 300, `only ${names.length} input/output pairs found`);

  let permissionsAgree = 0;
  let findingsAgree = 0;
  const failures: string[] = [];
  const unmatched: string[] = [];
  for (const name of names) {
    const input = read(`${name}.yaml`, readFileSync(join(CORPUS, 'input', `${name}.yaml`), 'utf8'));
    const output = read(`${name}.json`, readFileSync(join(CORPUS, 'output', `${name}.json`), 'utf8'));
    const permissionsSame = input.permissions === output.permissions;
    const findingDiffs = findingsDiffer(input, output);
    if (permissionsSame) permissionsAgree++;
    if (findingDiffs.length === 0) findingsAgree++;
    // An error SAM's output does not share is never acceptable.
    for (const e of input.errors) if (!output.errors.has(e)) failures.push(`${name}: error on the SAM template only: ${e}`);
    const sides = [...(permissionsSame ? [] : ['permissions']), ...(findingDiffs.length ? ['findings'] : [])];
    const known = UNMATCHED[name];
    if (known) {
      if (sides.join(',') !== known) failures.push(`${name}: listed as unmatched on ${known}, now differs on ${sides.join(',') || 'nothing'}: update UNMATCHED`);
      else unmatched.push(name);
      continue;
    }
    if (!permissionsSame) failures.push(`${name}: permissions differ\n  template ${input.permissions}\n  output   ${output.permissions}`);
    if (findingDiffs.length) failures.push(`${name}: findings differ: ${findingDiffs.join('; ')}`);
  }
  const pct = (n: number) => `${((100 * n) / names.length).toFixed(1)}%`;
  console.log(
    `SAM translator corpus: ${names.length} templates; permissions agree on ${permissionsAgree} (${pct(permissionsAgree)}), ` +
      `lambda/+lmi/ findings on ${findingsAgree} (${pct(findingsAgree)}); unmatched on purpose: ${unmatched.join(', ') || 'none'}`,
  );
  assert.deepEqual(failures, []);
  assert.ok(permissionsAgree / names.length >= AGREEMENT && findingsAgree / names.length >= AGREEMENT);
});

test('SAM translator corpus: every template, error cases included, is read without an internal error', () => {
  const names = readdirSync(join(CORPUS, 'input')).filter((n) => n.endsWith('.yaml'));
  const problems: string[] = [];
  for (const n of names) {
    const text = readFileSync(join(CORPUS, 'input', n), 'utf8');
    const result = lint({ name: n, text });
    for (const e of result.internalErrors) problems.push(`${n}: ${e.ruleId}: ${(e.error as Error)?.message ?? e.error}`);
    try {
      templatePermissions(n, text);
    } catch (e) {
      problems.push(`${n}: permissions: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(problems, []);
});
