import { defineRule, type Fix, type RuleContext } from '../../engine/rule';
import { getAtt, sub, ValueWriter, type WrittenValue } from '../../edits/value-writer';
import { managedInstances } from '../../model/capacity-providers';
import { grantingValues, mayAllow } from '../../model/deployer-policy';
import type { PolicyView } from '../../model/policy';
import { policyHolders, type PolicyHolder } from '../../model/policy-holders';
import type { StringValue } from '../../model/values';
import { child } from '../../parse/tree';

const LAMBDA = 'lambda.amazonaws.com';
const SLR_PATH = 'role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda';
const OPERATOR_ROLE_ARN_PLACEHOLDER = 'arn:aws:iam::*:role/OPERATOR_ROLE_NAME';

/** What the rule looks for, as one list (grantingValues keeps its answer per list). */
const CREATE_ACTIONS = ['lambda:CreateCapacityProvider'];

export default defineRule({
  meta: {
    id: 'lmi/create-capacity-provider-permissions',
    // A deployer policy is read against every function, role and capacity provider of the template.
    scope: 'document',
    severity: 'warning',
    summary: 'Creating a capacity provider also needs iam:PassRole for its operator role, and the first one iam:CreateServiceLinkedRole',
    description:
      '`CreateCapacityProvider` passes the operator role to Lambda, so the caller needs `iam:PassRole` on that role with ' +
      '`iam:PassedToService` = `lambda.amazonaws.com`. The first capacity provider of an account also creates the ' +
      '`AWSServiceRoleForLambda` service-linked role, which needs `iam:CreateServiceLinkedRole` for ' +
      '`lambda.amazonaws.com` (`AWSLambda_FullAccess` grants it on that role\'s ARN with `iam:AWSServiceName`); once the ' +
      'role exists this permission is no longer used, which is why that message is worded as a hint.\n\nThe rule reads ' +
      'policies whose Allow statements name `lambda:CreateCapacityProvider` (by name or with a wildcard written for ' +
      'capacity providers, not `lambda:*`), evaluating the policy (or, when it is attached to roles of its template, ' +
      'the roles\' whole permissions; never when they have policies we cannot read). The fixes add the missing ' +
      'statements: `iam:PassRole` on the template\'s operator roles (or an ARN whose name you fill in) with the ' +
      '`iam:PassedToService` condition, and `iam:CreateServiceLinkedRole` on the service-linked role with ' +
      '`iam:AWSServiceName`.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-operator-role.html',
    fix: 'suggestion',
    messages: {
      missingPassRole:
        '{{grantee}} allows lambda:CreateCapacityProvider but not iam:PassRole for the operator role with iam:PassedToService = lambda.amazonaws.com: creating the capacity provider fails.',
      missingServiceLinkedRole:
        '{{grantee}} allows lambda:CreateCapacityProvider but not iam:CreateServiceLinkedRole for lambda.amazonaws.com: the first capacity provider of an account creates the AWSServiceRoleForLambda service-linked role and needs it.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "lambda:CreateCapacityProvider",\n      "Resource": "arn:aws:lambda:us-east-1:111122223333:capacity-provider:production-trusted"\n    },\n    {\n      "Effect": "Allow",\n      "Action": "iam:PassRole",\n      "Resource": "arn:aws:iam::111122223333:role/lambda-operator",\n      "Condition": { "StringEquals": { "iam:PassedToService": "lambda.amazonaws.com" } }\n    },\n    {\n      "Effect": "Allow",\n      "Action": "iam:CreateServiceLinkedRole",\n      "Resource": "arn:aws:iam::111122223333:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda",\n      "Condition": { "StringEquals": { "iam:AWSServiceName": "lambda.amazonaws.com" } }\n    }\n  ]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "lambda:CreateCapacityProvider",\n      "Resource": "arn:aws:lambda:us-east-1:111122223333:capacity-provider:production-trusted"\n    },\n    {\n      "Effect": "Allow",\n      "Action": "iam:CreateServiceLinkedRole",\n      "Resource": "arn:aws:iam::111122223333:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda",\n      "Condition": { "StringEquals": { "iam:AWSServiceName": "lambda.amazonaws.com" } }\n    }\n  ]\n}\n',
          fixed:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "lambda:CreateCapacityProvider",\n      "Resource": "arn:aws:lambda:us-east-1:111122223333:capacity-provider:production-trusted"\n    },\n    {\n      "Effect": "Allow",\n      "Action": "iam:CreateServiceLinkedRole",\n      "Resource": "arn:aws:iam::111122223333:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda",\n      "Condition": { "StringEquals": { "iam:AWSServiceName": "lambda.amazonaws.com" } }\n    },\n    {\n      "Effect": "Allow",\n      "Action": "iam:PassRole",\n      "Resource": "arn:aws:iam::*:role/OPERATOR_ROLE_NAME",\n      "Condition": {\n        "StringEquals": {\n          "iam:PassedToService": "lambda.amazonaws.com"\n        }\n      }\n    }\n  ]\n}\n',
        },
      ],
    },
  },
  check(context) {
    const { doc } = context;
    for (const policy of doc.policies) {
      if (policy.kind !== 'identity') continue;
      const granting = grantingValues(policy, CREATE_ACTIONS).filter((v) => /capacityprovider/i.test(v.text));
      if (!granting.length) continue;
      const holders = policyHolders(policy, doc).filter((h) => h.complete);
      const noPassRole = holders.filter((h) => !mayAllow(h.statements, 'iam:PassRole', 'arn:*:iam::*:role/*', { 'iam:PassedToService': LAMBDA }));
      const noServiceLinkedRole = holders.filter((h) => !mayAllow(h.statements, 'iam:CreateServiceLinkedRole', `arn:*:iam::*:${SLR_PATH}`, { 'iam:AWSServiceName': LAMBDA }));
      if (noPassRole.length) report(context, policy, granting[0], 'missingPassRole', noPassRole, passRoleStatement(context));
      if (noServiceLinkedRole.length) report(context, policy, granting[0], 'missingServiceLinkedRole', noServiceLinkedRole, serviceLinkedRoleStatement(context));
    }
  },
});

function report(context: RuleContext, policy: PolicyView, at: StringValue, messageId: string, holders: PolicyHolder[], statement: WrittenValue): void {
  const grantee = holders[0].role ? `Role ${holders.map((h) => h.role!.id).join(', ')}` : 'This policy';
  const statements = child(policy.node, 'Statement');
  const fixes: Fix[] =
    statements?.type === 'array'
      ? [{ title: messageId === 'missingPassRole' ? 'Add iam:PassRole for the operator role' : 'Add iam:CreateServiceLinkedRole for lambda.amazonaws.com', safe: false, edits: [new ValueWriter(context.fixer, context.doc.text).appendItem(statements, statement)] }]
      : [];
  context.report(at.node, messageId, { grantee }, fixes);
}

function passRoleStatement({ doc }: RuleContext): WrittenValue {
  const arns = (doc.template ? managedInstances(doc.template).operatorRoles : []).map(({ role }) => getAtt(role.id, 'Arn'));
  const resource = arns.length === 0 ? OPERATOR_ROLE_ARN_PLACEHOLDER : arns.length === 1 ? arns[0] : arns;
  return { Effect: 'Allow', Action: 'iam:PassRole', Resource: resource, Condition: { StringEquals: { 'iam:PassedToService': LAMBDA } } };
}

function serviceLinkedRoleStatement({ doc }: RuleContext): WrittenValue {
  const resource = doc.template ? sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:${SLR_PATH}`) : `arn:aws:iam::*:${SLR_PATH}`;
  return { Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: resource, Condition: { StringEquals: { 'iam:AWSServiceName': LAMBDA } } };
}
