import { defineRule, keyRange, type Fix, type RuleContext } from '../../engine/rule';
import { ValueWriter } from '../../edits/value-writer';
import { compilePolicy, type EvalStatement } from '../../iam/evaluator';
import { managedInstances } from '../../model/capacity-providers';
import { LAMBDA_SCALER } from '../../model/operator-permissions';
import type { PolicyView } from '../../model/policy';
import { evalStatements } from '../../model/statement';
import { elementStrings } from '../../model/values';
import { child, type Property } from '../../parse/tree';
import { propEntry } from '../../model/template';

const LAMBDA = 'lambda.amazonaws.com';
const SCALER_PRINCIPAL = /^scaler\.lambda\.(amazonaws\.com|\$\{AWS::URLSuffix\})$/;

export default defineRule({
  meta: {
    id: 'lmi/operator-role-trust',
    severity: 'error',
    summary: 'The operator role of a capacity provider must trust lambda.amazonaws.com',
    description:
      'Lambda assumes the operator role of a Lambda Managed Instances capacity provider to launch and manage its EC2 ' +
      'instances, so the role\'s trust policy must let the service principal `lambda.amazonaws.com` call ' +
      '`sts:AssumeRole`. A common mistake is to trust `scaler.lambda.amazonaws.com`: that is only the value of the ' +
      '`ec2:ManagedResourceOperator` condition key on the instances Lambda launches, never a principal that assumes a ' +
      'role.\n\nThe rule evaluates the trust policy of the role named by `PermissionsConfig.CapacityProviderOperatorRoleArn` ' +
      '(SAM: `OperatorRole`) when that role is defined in the template; a role from a parameter, an import or a literal ARN ' +
      'is not judged, and the role SAM generates when `OperatorRole` is omitted is correct. In any trust policy, ' +
      'standalone or in a template, `scaler.lambda.amazonaws.com` as a principal is reported: no trust policy has a use ' +
      'for it. The fixes replace that principal with `lambda.amazonaws.com`, or add a statement trusting it.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-operator-role.html',
    fix: 'safe',
    messages: {
      scalerPrincipal:
        '"{{principal}}" is not a principal that assumes roles: it is the ec2:ManagedResourceOperator value of the instances Lambda manages. An operator role trusts lambda.amazonaws.com.',
      notTrusted: 'Role {{role}} is the operator role of {{providers}} but its trust policy does not let lambda.amazonaws.com call sts:AssumeRole.',
    },
    examples: {
      valid: [
        {
          file: 'trust-policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": "lambda.amazonaws.com" },\n      "Action": "sts:AssumeRole"\n    }\n  ]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'trust-policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": "scaler.lambda.amazonaws.com" },\n      "Action": "sts:AssumeRole"\n    }\n  ]\n}\n',
          fixed: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": "lambda.amazonaws.com" },\n      "Action": "sts:AssumeRole"\n    }\n  ]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  OperatorRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: ec2.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator\n  CapacityProvider:\n    Type: AWS::Lambda::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n      PermissionsConfig:\n        CapacityProviderOperatorRoleArn: !GetAtt OperatorRole.Arn\n',
          fixed:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  OperatorRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: ec2.amazonaws.com\n            Action: sts:AssumeRole\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator\n  CapacityProvider:\n    Type: AWS::Lambda::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n      PermissionsConfig:\n        CapacityProviderOperatorRoleArn: !GetAtt OperatorRole.Arn\n',
        },
      ],
    },
  },
  check(context) {
    const { doc } = context;
    const reported = new Set<PolicyView['node']>();
    for (const policy of doc.policies) {
      if (policy.kind === 'trust' && reportScalerPrincipals(context, policy)) reported.add(policy.node);
    }
    if (!doc.template) return;
    for (const { role, providers } of managedInstances(doc.template).operatorRoles) {
      const { trustPolicies } = role;
      if (role.origin !== 'template' || trustPolicies.length === 0 || trustPolicies.some((p) => reported.has(p.node))) continue;
      if (trustsLambda(role.trust)) continue;
      report(context, trustPolicies[0], propEntry(role.resource, 'AssumeRolePolicyDocument'), role.id, providers.map((p) => p.resource.id).join(', '));
    }
  },
});

function trustsLambda(trust: readonly EvalStatement[]): boolean {
  const result = compilePolicy(trust, { unknownKeys: 'assume-satisfiable' }).evaluate({ action: 'sts:AssumeRole', resource: '*', principal: { type: 'Service', id: LAMBDA } });
  return result.decision === 'allow';
}

/** `scaler.lambda.amazonaws.com` in any Service principal; true when the policy had one. */
function reportScalerPrincipals({ report, fixer }: RuleContext, policy: PolicyView): boolean {
  let found = false;
  const lambdaTrusted = trustsLambda(evalStatements([policy]));
  for (const statement of policy.statements) {
    for (const v of elementStrings(child(child(statement.node, 'Principal'), 'Service'))) {
      if (!SCALER_PRINCIPAL.test(v.text)) continue;
      found = true;
      const fixes: Fix[] = v.literal && !lambdaTrusted ? [{ title: `Trust ${LAMBDA} instead`, safe: true, edits: [fixer.replaceScalar(v.node, LAMBDA)] }] : [];
      report(v.node, 'scalerPrincipal', { principal: v.text === LAMBDA_SCALER ? LAMBDA_SCALER : v.text }, fixes);
    }
  }
  return found;
}

function report(context: RuleContext, policy: PolicyView, holder: Property | undefined, role: string, providers: string): void {
  const statements = child(policy.node, 'Statement');
  const fixes: Fix[] =
    statements?.type === 'array'
      ? [
          {
            title: `Add a statement trusting ${LAMBDA}`,
            safe: true,
            edits: [new ValueWriter(context.fixer, context.doc.text).appendItem(statements, { Effect: 'Allow', Principal: { Service: LAMBDA }, Action: 'sts:AssumeRole' })],
          },
        ]
      : [];
  context.report(holder ? keyRange(holder) : policy.anchor, 'notTrusted', { role, providers }, fixes);
}
