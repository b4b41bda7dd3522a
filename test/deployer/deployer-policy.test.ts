import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { lint } from '../../server/src/engine/lint';
import { compilePolicy, type EvalStatement } from '../../server/src/iam/evaluator';
import { buildModel } from '../../server/src/model/document';
import { sampleArn } from '../../server/src/model/deployer/check';
import { deployerPolicy, physicalName, type DeployTarget, type PolicyDocument } from '../../server/src/model/deployer/generate';
import { handlerPermissions } from '../../server/src/model/deployer/handler-permissions';
import { templateRoles } from '../../server/src/model/roles';
import { managedInstances } from '../../server/src/model/capacity-providers';

const ROOT = join(__dirname, '..', '..');
const TARGET: DeployTarget = { partition: 'aws', region: 'us-east-1', account: '123456789012', stackName: 'orders' };
const TEMPLATES = [
  'examples/managed-instances/template.yaml',
  'examples/sam-app/template.yaml',
  'examples/cloudformation/function-stack.json',
  'test/fixtures/templates/lmi-orders.cfn.json',
  'test/fixtures/templates/lmi-orders.sam.yaml',
  'test/fixtures/templates/order-workflow.sam.yaml',
  'test/fixtures/templates/sqs-consumer.cfn.yaml',
  'test/fixtures/templates/s3-thumbnailer.sam.yaml',
];

function statementsOf(documents: PolicyDocument[]): EvalStatement[] {
  return documents.flatMap((d) =>
    d.Statement.map((s) => ({ effect: s.Effect, action: s.Action, ...(s.Resource ? { resource: s.Resource } : {}), ...(s.NotResource ? { notResource: s.NotResource } : {}), condition: s.Condition })),
  );
}

function generate(file: string) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const doc = buildModel(file, text);
  assert.ok(doc?.template, `${file} is a template`);
  return { template: doc.template, policy: deployerPolicy(doc.template, TARGET) };
}

/** A concrete ARN of the template's own resource: the pattern with its generated suffix filled in. */
const concrete = (arn: string): string => sampleArn(arn);

/** Managed Instances templates fail this test still (see the CHANGELOG's known gaps): evaluated on the others. */
const EVALUATED = TEMPLATES;

for (const file of TEMPLATES) {
  if (EVALUATED.includes(file)) test(`deployer policy for ${file}: every handler action on the template's resources, PassRole and PassCapacityProvider nowhere else`, () => {
    const { template, policy } = generate(file);
    const compiled = compilePolicy(statementsOf(policy.documents));
    const allowed = (action: string, resource: string, context: Record<string, string> = {}) => compiled.evaluate({ action, resource, context }).decision === 'allow';

    for (const fn of template.resourcesOfType('AWS::Lambda::Function')) {
      const arn = concrete(`arn:aws:lambda:us-east-1:123456789012:function:${physicalName(fn, TARGET)}`);
      for (const action of handlerPermissions('AWS::Lambda::Function')!.actions.filter((a) => a.startsWith('lambda:'))) {
        const record = action === 'lambda:GetLayerVersion' || action === 'lambda:GetCodeSigningConfig';
        if (!record) assert.ok(allowed(action, arn), `${fn.id}: ${action} on ${arn}`);
      }
      const role = templateRoles(template).functionRole(fn);
      if (role.kind === 'role') {
        const roleArn = concrete(`arn:aws:iam::123456789012:role/${physicalName(role.role.resource, TARGET)}`);
        const path = role.role.resource.properties ? undefined : undefined;
        void path;
        assert.ok(
          allowed('iam:PassRole', roleArn, { 'iam:PassedToService': 'lambda.amazonaws.com' }) ||
            policy.passedRoles.get('lambda.amazonaws.com')?.some((r) => r.includes(':role/') && allowed('iam:PassRole', concrete(r), { 'iam:PassedToService': 'lambda.amazonaws.com' })),
          `${fn.id}: PassRole on its role`,
        );
        assert.ok(!allowed('iam:PassRole', roleArn, { 'iam:PassedToService': 'ec2.amazonaws.com' }), 'PassRole only to the service the role is passed to');
      }
    }
    for (const role of template.resourcesOfType('AWS::IAM::Role')) {
      const arn = concrete(`arn:aws:iam::123456789012:role${/* default path */ ''}/${physicalName(role, TARGET)}`);
      if (!role.properties || !('Path' in Object.fromEntries(role.properties.properties.map((p) => [p.key, 1])))) {
        for (const action of handlerPermissions('AWS::IAM::Role')!.actions) assert.ok(allowed(action, arn), `${role.id}: ${action} on ${arn}`);
      }
    }
    const mi = managedInstances(template);
    for (const cp of mi.providers) {
      const arn = concrete(`arn:aws:lambda:us-east-1:123456789012:capacity-provider:${physicalName(cp.resource, TARGET)}`);
      for (const action of ['lambda:CreateCapacityProvider', 'lambda:UpdateCapacityProvider', 'lambda:DeleteCapacityProvider', 'lambda:GetCapacityProvider']) {
        assert.ok(allowed(action, arn), `${cp.resource.id}: ${action}`);
      }
      if (mi.functions.some((f) => f.provider === cp)) assert.ok(allowed('lambda:PassCapacityProvider', arn), `${cp.resource.id}: PassCapacityProvider`);
      assert.ok(allowed('iam:CreateServiceLinkedRole', 'arn:aws:iam::123456789012:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda', { 'iam:AWSServiceName': 'lambda.amazonaws.com' }));
      assert.ok(!allowed('iam:CreateServiceLinkedRole', 'arn:aws:iam::123456789012:role/aws-service-role/ec2.amazonaws.com/AWSServiceRoleForEC2', { 'iam:AWSServiceName': 'ec2.amazonaws.com' }));
    }
    // Anything the template does not have.
    for (const service of ['lambda.amazonaws.com', 'states.amazonaws.com', 'ec2.amazonaws.com']) {
      assert.ok(!allowed('iam:PassRole', 'arn:aws:iam::123456789012:role/admin', { 'iam:PassedToService': service }), `PassRole on a foreign role to ${service}`);
      assert.ok(!allowed('iam:PassRole', 'arn:aws:iam::123456789012:role/other-stack-Role-ABC', { 'iam:PassedToService': service }));
    }
    assert.ok(!allowed('lambda:PassCapacityProvider', 'arn:aws:lambda:us-east-1:123456789012:capacity-provider:someone-elses'));
    assert.ok(!allowed('lambda:PassCapacityProvider', 'arn:aws:lambda:us-east-1:999999999999:capacity-provider:orders-production-trusted'), 'PassCapacityProvider in another account');
    // CloudFormation on this stack only.
    assert.ok(allowed('cloudformation:CreateChangeSet', 'arn:aws:cloudformation:us-east-1:123456789012:stack/orders/abc'));
    assert.ok(!allowed('cloudformation:ExecuteChangeSet', 'arn:aws:cloudformation:us-east-1:123456789012:stack/prod-db/abc'));
    if (template.sam) assert.ok(allowed('cloudformation:CreateChangeSet', 'arn:aws:cloudformation:us-east-1:aws:transform/Serverless-2016-10-31'));
  });

  test(`deployer policy for ${file}: lints with no error, within the managed-policy quota per document`, () => {
    const { policy } = generate(file);
    for (const [i, document] of policy.documents.entries()) {
      const text = JSON.stringify(document, null, 2);
      assert.ok(JSON.stringify(document).length <= 6144, `document ${i} within the quota`);
      const errors = lint({ name: `deployer-${i}.json`, text }).findings.filter((f) => f.severity === 'error');
      assert.deepEqual(errors.map((f) => `${f.ruleId}: ${f.message}`), []);
      const stars = document.Statement.filter((s) => s.Resource?.includes('*'));
      assert.ok(stars.every((s) => /Star|NoHandlerData|^Deny/.test(s.Sid)), 'Resource * only in the statement that says so');
    }
  });
}

test('a resource type without handler data gets its own statement that says so', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}\n';
  const doc = buildModel('t.yaml', text)!;
  const policy = deployerPolicy(doc.template!, TARGET);
  assert.ok(policy.documents[0].Statement.some((s) => s.Sid === 'NoHandlerDataForAWSIAMManagedPolicy'));
  assert.ok(policy.notes.some((n) => n.includes('AWS::IAM::ManagedPolicy (Policy)')));
});

test('named resources are scoped by name, unnamed ones by the stack-name pattern', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {FunctionName: checkout, Role: !GetAtt R.Arn, Code: {ZipFile: x}}\n  R:\n    Type: AWS::IAM::Role\n    Properties: {Path: /service/, AssumeRolePolicyDocument: {}}\n';
  const doc = buildModel('t.yaml', text)!;
  const policy = deployerPolicy(doc.template!, TARGET);
  assert.deepEqual(policy.passedRoles.get('lambda.amazonaws.com'), ['arn:aws:iam::123456789012:role/service/orders-R-*']);
  const fnStatement = policy.documents.flatMap((d) => d.Statement).find((s) => s.Action.includes('lambda:CreateFunction'));
  assert.deepEqual(fnStatement?.Resource, ['arn:aws:lambda:us-east-1:123456789012:function:checkout', 'arn:aws:lambda:us-east-1:123456789012:function:checkout:*']);
});

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

test('CLI: deployer-policy prints JSON and YAML; bad input is exit 2', () => {
  const json = cli(['deployer-policy', '--stack-name', 'orders', join(ROOT, 'examples/cloudformation/function-stack.json')]);
  assert.equal(json.code, 0);
  const parsed = JSON.parse(json.stdout);
  assert.equal((Array.isArray(parsed) ? parsed[0] : parsed).Version, '2012-10-17');
  const yaml = cli(['deployer-policy', '--format', 'yaml', join(ROOT, 'examples/cloudformation/function-stack.json')]);
  assert.equal(yaml.code, 0);
  assert.match(yaml.stdout, /Version: 2012-10-17|Version: "2012-10-17"/);
  assert.equal(cli(['deployer-policy', join(ROOT, 'examples/policies/ci-deployer.identity.json')]).code, 2);
  assert.equal(cli(['deployer-policy', '--region', 'nowhere', join(ROOT, 'examples/cloudformation/function-stack.json')]).code, 2);
  assert.equal(cli(['deployer-policy', join(ROOT, 'does-not-exist.yaml')]).code, 2);
});

test('CLI: --check reports what is missing and what is broader than needed, on the policy file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lil-deployer-'));
  const template = join(ROOT, 'examples/managed-instances/template.yaml');
  const generated = cli(['deployer-policy', '--stack-name', 'orders', '--region', 'us-east-1', '--account', '123456789012', template]);
  const documents = [JSON.parse(generated.stdout)].flat() as PolicyDocument[];
  const merged: PolicyDocument = { Version: '2012-10-17', Statement: documents.flatMap((d) => d.Statement) };
  const exact = join(dir, 'exact.json');
  writeFileSync(exact, JSON.stringify(merged, null, 2));
  const ok = cli(['deployer-policy', '--check', exact, '--stack-name', 'orders', '--region', 'us-east-1', '--account', '123456789012', '--format', 'json', template]);
  assert.deepEqual(JSON.parse(ok.stdout), []);
  assert.equal(ok.code, 0);

  const broad: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      ...merged.Statement.filter((s) => !s.Action.includes('lambda:PassCapacityProvider') && !s.Action.includes('iam:PassRole')),
      { Sid: 'Broad', Effect: 'Allow', Action: ['lambda:PassCapacityProvider'], Resource: ['*'] },
    ],
  };
  const broadFile = join(dir, 'broad.json');
  writeFileSync(broadFile, JSON.stringify(broad, null, 2));
  const r = cli(['deployer-policy', '--check', broadFile, '--stack-name', 'orders', '--region', 'us-east-1', '--account', '123456789012', '--format', 'json', template]);
  assert.equal(r.code, 1);
  const findings = JSON.parse(r.stdout) as { rule: string; message: string; file: string }[];
  assert.ok(findings.some((f) => f.rule === 'deployer-policy/missing' && f.message.startsWith('Missing iam:PassRole')));
  assert.ok(findings.some((f) => f.rule === 'deployer-policy/broader' && f.message.startsWith('lambda:PassCapacityProvider is allowed')));
  assert.ok(findings.every((f) => f.file === broadFile));
});

test('CLI: each note is said once, however many resources of the type share it', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket\n';
  const dir = mkdtempSync(join(tmpdir(), 'lil-deployer-notes-'));
  const template = join(dir, 'two-buckets.yaml');
  writeFileSync(template, text);
  const r = cli(['deployer-policy', template]);
  assert.equal(r.code, 0);
  const notes = r.stderr.split('\n').filter((l) => l.startsWith('note: '));
  assert.ok(notes.some((n) => n.includes('AWS::S3::Bucket: "s3:')), 'the bucket handler has uncatalogued actions (the premise of this test)');
  assert.equal(new Set(notes).size, notes.length, notes.join('\n'));
});
