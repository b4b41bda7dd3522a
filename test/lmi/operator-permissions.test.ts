import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../server/src/engine/lint';
import { managedPolicy } from '../../server/src/iam/managed-policies';
import { missingOperatorPermissions, OPERATOR_MANAGED_POLICY, OPERATOR_POLICY_V1, OPERATOR_REQUESTS } from '../../server/src/model/operator-permissions';
import { managedPolicyViews } from '../../server/src/model/roles';
import { evalStatements } from '../../server/src/model/statement';

// What lmi/operator-role-permissions requires is the first version of AWSLambdaManagedEC2ResourceOperator; every
// later version must still grant it, or the rule would ask for something AWS no longer gives.
test('the current AWSLambdaManagedEC2ResourceOperator still allows everything the first version did', () => {
  const views = managedPolicyViews(OPERATOR_MANAGED_POLICY);
  assert.ok(views, 'the managed policy is in the extract');
  assert.deepEqual(missingOperatorPermissions(evalStatements(views)), []);
  assert.deepEqual(missingOperatorPermissions(OPERATOR_POLICY_V1), []);
  assert.equal(OPERATOR_REQUESTS.length, 3 * 3 + 8 + 2 * 2 + 1);
});

test('a role with no permissions misses every request, grouped by action', () => {
  const missing = missingOperatorPermissions([]);
  assert.equal(missing.reduce((n, m) => n + m.resources.length, 0), OPERATOR_REQUESTS.length);
  assert.deepEqual(missing.find((m) => m.action === 'ec2:CreateNetworkInterface')?.resources, ['arn:aws:ec2:*:*:subnet/*', 'arn:aws:ec2:*:*:security-group/*']);
});

test('a role written for another partition is judged in that partition', () => {
  const cn = OPERATOR_POLICY_V1.map((s) => ({ ...s, resource: s.resource?.map((r) => r.replace('arn:aws:', 'arn:aws-cn:')) }));
  assert.deepEqual(missingOperatorPermissions(cn), []);
});

// The Lambda documentation's policies for Managed Instances lint clean, whatever rule looks at them.
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-operator-role.html
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-security.html
const documented: [string, string, unknown][] = [
  ['the operator role trust policy', 'trust-policy.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }],
  ['the operator role permissions policy (AWSLambdaManagedEC2ResourceOperator)', 'policy.json', managedPolicy(OPERATOR_MANAGED_POLICY)?.document],
  ['the lambda:PassCapacityProvider example', 'policy.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:PassCapacityProvider', Resource: 'arn:aws:lambda:*:*:capacity-provider:trusted-workloads-*' }] }],
];
for (const [name, file, document] of documented) {
  test(`the documented ${name} has no finding`, () => {
    assert.ok(document);
    const text = `${JSON.stringify(document, null, 2)}\n`;
    const result = lint({ name: file, text });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(result.findings.map((f) => `${f.ruleId}: ${f.message}`), []);
  });
}
