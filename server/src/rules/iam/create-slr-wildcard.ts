import { defineRule, type Fix } from '../../engine/rule';
import { insertCondition } from '../../model/condition-insertion';
import { coversAction, namesOnlyAction, type ActionCoverage } from '../../model/covers-action';
import { coversEveryResource } from '../../model/covers-resource';
import { statementConditions } from '../../model/statement-conditions';
import { child, scalarText } from '../../parse/tree';

const CREATE_SLR = 'iam:CreateServiceLinkedRole';
const SERVICE_NAME = 'iam:AWSServiceName';

export default defineRule({
  meta: {
    id: 'iam/create-slr-wildcard',
    scope: 'policy',
    severity: 'warning',
    summary: '`iam:CreateServiceLinkedRole` for every service without an `iam:AWSServiceName` condition',
    description:
      'A service-linked role lets an AWS service act in your account with the permissions AWS defines for it. ' +
      'Allowing `iam:CreateServiceLinkedRole` on `Resource: "*"` (or on `arn:aws:iam::*:role/aws-service-role/*`, or ' +
      'through `NotResource`) lets the holder create the service-linked role of any service, not just the one the ' +
      'workload needs. Scope it with `iam:AWSServiceName`, or name the role ARN ' +
      '(`arn:aws:iam::*:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda`). Lambda Managed ' +
      'Instances need this permission once, for `lambda.amazonaws.com`. The quick fix adds ' +
      '`"iam:AWSServiceName": "lambda.amazonaws.com"` (review the service); it is offered only when the statement is ' +
      'about `iam:CreateServiceLinkedRole` alone.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions',
    accessAnalyzer: [
      'CREATE_SLR_WITH_STAR_IN_RESOURCE',
      'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE',
      'CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION',
      'CREATE_SLR_WITH_NOT_RESOURCE',
      'CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE',
      'CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE',
    ],
    fix: 'suggestion',
    messages: {
      everyService:
        'iam:CreateServiceLinkedRole is allowed{{via}} on every service-linked role ({{resource}}) without an iam:AWSServiceName condition: name the service whose role may be created.',
      notResource:
        'iam:CreateServiceLinkedRole is allowed{{via}} with NotResource, so for every service not excluded, without an iam:AWSServiceName condition: name the role ARN in Resource instead.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "iam:CreateServiceLinkedRole",\n      "Resource": "*",\n      "Condition": { "StringEquals": { "iam:AWSServiceName": "lambda.amazonaws.com" } }\n    }\n  ]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "iam:CreateServiceLinkedRole",\n      "Resource": "*"\n    }\n  ]\n}\n',
          fixed:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "iam:CreateServiceLinkedRole",\n      "Resource": "*",\n      "Condition": {\n        "StringEquals": {\n          "iam:AWSServiceName": "lambda.amazonaws.com"\n        }\n      }\n    }\n  ]\n}\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      if (policy.kind !== 'identity') continue;
      for (const statement of policy.statements) {
        if (scalarText(child(statement.node, 'Effect')) !== 'Allow') continue;
        const action = coversAction(statement, CREATE_SLR);
        if (!action) continue;
        const resource = coversEveryResource(statement, 'iam', 'role/aws-service-role/*');
        if (!resource) continue;
        const conditions = statementConditions(statement);
        if (conditions.opaque || conditions.entries.some((e) => e.key.toLowerCase() === SERVICE_NAME.toLowerCase())) continue;
        const fixes: Fix[] = [];
        const edit = namesOnlyAction(statement, CREATE_SLR) ? insertCondition(fixer, statement.node, 'StringEquals', SERVICE_NAME, 'lambda.amazonaws.com') : undefined;
        if (edit) fixes.push({ title: 'Add condition "iam:AWSServiceName": "lambda.amazonaws.com"', safe: false, edits: [edit] });
        const data = { via: describeAction(action), resource: resource.via === 'resource' ? `"${resource.value.text}"` : '' };
        report(action.range, resource.via === 'resource' ? 'everyService' : 'notResource', data, fixes);
      }
    }
  },
});

/** How the action is reached, for the message: nothing to add when the statement names it. */
function describeAction(action: ActionCoverage): string {
  if (action.via === 'notAction') return ' through NotAction';
  return action.via === 'wildcard' ? ` through "${action.text}"` : '';
}
