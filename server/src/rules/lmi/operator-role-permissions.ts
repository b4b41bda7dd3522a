import { defineRule, keyRange, type Fix, type RuleContext } from '../../engine/rule';
import { sub, ValueWriter } from '../../edits/value-writer';
import { managedInstances } from '../../model/capacity-providers';
import {
  describeMissing,
  isOperatorPermissionsPolicy,
  LAMBDA_SCALER,
  MANAGED_RESOURCE_ACTIONS,
  missesEverything,
  missingOperatorPermissions,
  OPERATOR_MANAGED_POLICY,
  wrongOperatorPins,
  type MissingPermission,
} from '../../model/operator-permissions';
import type { StatementView } from '../../model/policy';
import type { RoleModel } from '../../model/roles';
import { evalStatements } from '../../model/statement';
import { prop, propEntry } from '../../model/template';
import { property } from '../../parse/tree';

const MANAGED_ARN = `arn:\${AWS::Partition}:iam::aws:policy/${OPERATOR_MANAGED_POLICY}`;

export default defineRule({
  meta: {
    id: 'lmi/operator-role-permissions',
    severity: 'error',
    summary: 'The operator role of a capacity provider must allow what AWSLambdaManagedEC2ResourceOperator allows',
    description:
      'Lambda launches, tags and wires up the EC2 instances of a Managed Instances capacity provider with its operator ' +
      'role, which needs at least the permissions of the AWS managed policy `AWSLambdaManagedEC2ResourceOperator`: ' +
      '`ec2:RunInstances`, `ec2:CreateTags` and `ec2:AttachNetworkInterface` on instances, network interfaces and volumes ' +
      'it manages, `ec2:RunInstances` and `ec2:CreateNetworkInterface` on subnets and security groups, `ec2:RunInstances` ' +
      'on Amazon-owned images, and the `ec2:Describe*` calls it makes. Without them the capacity provider cannot launch ' +
      'instances.\n\nThe role is **evaluated**, not pattern-matched: its inline policies, the template\'s ' +
      '`AWS::IAM::Policy`/`ManagedPolicy` resources attached to it and the AWS managed policies it names are asked ' +
      'whether they allow each of the managed policy\'s actions on each of its resources, with the condition values ' +
      'Lambda\'s requests carry (`ec2:ManagedResourceOperator = scaler.lambda.amazonaws.com`, `ec2:Owner = amazon`). ' +
      'A hand-written equivalent passes; the message names each action and resource no statement can allow. The ' +
      'requirement is the policy\'s first version, which every later version (up to v5, which adds CloudWatch Logs) ' +
      'includes. Nothing is reported when the role has a policy we cannot read (a customer managed policy outside the ' +
      'template, an ARN from a parameter), when the role comes from outside the template, or for the role SAM generates.' +
      '\n\nA standalone policy file (`aws iam put-role-policy … file://operator.json`) is checked when it is an operator ' +
      'permissions policy: `policyKinds` calls it `operator`, or it allows `ec2:RunInstances`, `ec2:CreateTags` or ' +
      '`ec2:AttachNetworkInterface` on condition that `ec2:ManagedResourceOperator` is `scaler.lambda.amazonaws.com` or a ' +
      'slip for it (`lambda.amazonaws.com`, a misspelling; other services\' values such as `ecs.amazonaws.com` are theirs), ' +
      'or its actions are those of the managed policy.\n\nThe instances Lambda launches carry ' +
      '`ec2:ManagedResourceOperator = scaler.lambda.amazonaws.com`: a condition that requires another value ' +
      '(`lambda.amazonaws.com` is the usual slip) allows nothing, and is reported on the value with a fix.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-operator-role.html',
    fix: 'suggestion',
    messages: {
      roleMissing:
        'Role {{role}} is the operator role of {{providers}} but does not allow {{missing}}. Attach AWSLambdaManagedEC2ResourceOperator or grant them.',
      roleNone:
        'Role {{role}} is the operator role of {{providers}} but allows none of what Lambda needs to manage its instances (AWSLambdaManagedEC2ResourceOperator: ec2:RunInstances, ec2:CreateNetworkInterface, ec2:Describe*, …).',
      policyMissing: 'This operator role permissions policy does not allow {{missing}}, which Lambda needs to manage capacity provider instances (AWSLambdaManagedEC2ResourceOperator).',
      wrongOperator:
        'ec2:ManagedResourceOperator is never "{{value}}": the instances Lambda launches for a capacity provider carry "scaler.lambda.amazonaws.com", so this statement allows nothing and the capacity provider cannot launch instances.',
    },
    examples: {
      valid: [
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n',
        },
      ],
      invalid: [
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  OperatorRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n  CapacityProvider:\n    Type: AWS::Lambda::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n      PermissionsConfig:\n        CapacityProviderOperatorRoleArn: !GetAtt OperatorRole.Arn\n',
          fixed:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  OperatorRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator\n  CapacityProvider:\n    Type: AWS::Lambda::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n      PermissionsConfig:\n        CapacityProviderOperatorRoleArn: !GetAtt OperatorRole.Arn\n',
        },
      ],
    },
  },
  check(context) {
    const { doc, report } = context;
    // A pin on a value Lambda never sets (`lambda.amazonaws.com` for `scaler.lambda.amazonaws.com`) in any operator policy.
    const pinned = new Set<StatementView['node']>();
    const checkPins = (view: StatementView) => {
      if (pinned.has(view.node)) return;
      pinned.add(view.node);
      for (const entry of wrongOperatorPins(view)) {
        for (const v of entry.values) {
          const fixes: Fix[] = v.literal ? [{ title: `Require ${LAMBDA_SCALER}`, safe: false, edits: [context.fixer.replaceScalar(v.node, LAMBDA_SCALER)] }] : [];
          report(v.node, 'wrongOperator', { value: v.text }, fixes);
        }
      }
    };
    const operatorPolicies = doc.policies.filter(isOperatorPermissionsPolicy);
    for (const policy of operatorPolicies) policy.statements.forEach(checkPins);
    if (!doc.template) {
      for (const policy of operatorPolicies) {
        // What a wrong pin leaves out has its own finding, with the fix.
        const wrong = policy.statements.some((v) => wrongOperatorPins(v).length > 0);
        const missing = withoutPinned(missingOperatorPermissions(evalStatements([policy])), wrong);
        const statement = property(policy.node, 'Statement');
        if (missing.length) report(statement ? keyRange(statement) : policy.anchor, 'policyMissing', { missing: describeMissing(missing) });
      }
      return;
    }
    const viewOf = new Map(doc.policies.flatMap((p) => p.statements.map((s) => [s.node, s] as const)));
    for (const { role, providers } of managedInstances(doc.template).operatorRoles) {
      if (role.origin !== 'template') continue;
      let wrong = false;
      for (const s of role.permissions.statements) {
        const view = viewOf.get((s.origin as StatementView | undefined)?.node as StatementView['node']);
        if (!view) continue;
        checkPins(view);
        wrong ||= wrongOperatorPins(view).length > 0;
      }
      if (!role.permissions.complete) continue;
      const missing = withoutPinned(missingOperatorPermissions(role.permissions.statements), wrong);
      if (!missing.length) continue;
      const data = { role: role.id, providers: providers.map((p) => p.resource.id).join(', '), missing: describeMissing(missing) };
      report(keyRange(role.resource.entry), missesEverything(missing) ? 'roleNone' : 'roleMissing', data, attachManagedPolicy(context, role));
    }
  },
});

/** Without the requests a wrong `ec2:ManagedResourceOperator` pin denies, when that pin is reported on its own. */
function withoutPinned(missing: MissingPermission[], wrongPin: boolean): MissingPermission[] {
  if (!wrongPin) return missing;
  return missing
    .map((m) => ({ ...m, resources: MANAGED_RESOURCE_ACTIONS.includes(m.action) ? m.resources.filter((r) => !/:(instance|network-interface|volume)\//.test(r)) : m.resources }))
    .filter((m) => m.resources.length > 0);
}

function attachManagedPolicy({ fixer, doc }: RuleContext, role: RoleModel): Fix[] {
  const writer = new ValueWriter(fixer, doc.text);
  const arns = prop(role.resource, 'ManagedPolicyArns');
  const title = `Attach ${OPERATOR_MANAGED_POLICY} to ${role.id}`;
  if (role.permissions.managedPolicies.includes(OPERATOR_MANAGED_POLICY)) return [];
  if (arns?.type === 'array') return [{ title, safe: false, edits: [writer.appendItem(arns, sub(MANAGED_ARN))] }];
  if (arns !== undefined || !role.resource.properties || propEntry(role.resource, 'ManagedPolicyArns')) return [];
  return [{ title, safe: false, edits: [writer.insertProperty(role.resource.properties, 'ManagedPolicyArns', [sub(MANAGED_ARN)])] }];
}
