import { defineRule, type Fix } from '../../engine/rule';
import { insertCondition } from '../../model/condition-insertion';
import { coversAction, namesOnlyAction, type ActionCoverage } from '../../model/covers-action';
import { coversEveryResource } from '../../model/covers-resource';
import { statementConditions } from '../../model/statement-conditions';
import { child, scalarText } from '../../parse/tree';

const PASS_ROLE = 'iam:PassRole';
const PASSED_TO_SERVICE = 'iam:PassedToService';

export default defineRule({
  meta: {
    id: 'iam/pass-role-wildcard',
    scope: 'policy',
    severity: 'warning',
    summary: '`iam:PassRole` on every role without an `iam:PassedToService` condition',
    description:
      'Whoever may pass a role may give a service (a Lambda function, an EC2 instance, a Step Functions state machine) ' +
      'that role\'s permissions. Allowing `iam:PassRole` on `Resource: "*"`, on `arn:aws:iam::*:role/*` or through ' +
      '`NotResource` lets the holder pass any role of the account, administrator roles included, to any service: a ' +
      'classic privilege escalation. Name the roles that may be passed, or at least say to which service with ' +
      '`iam:PassedToService`. The rule also finds `iam:PassRole` reached through `iam:*`, `iam:Pass*`, `*` and ' +
      '`NotAction`. The quick fix adds `"iam:PassedToService": "lambda.amazonaws.com"` (review the service); it is ' +
      'offered only when the statement is about `iam:PassRole` alone, since the condition would otherwise deny its ' +
      'other actions.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
    accessAnalyzer: [
      'PASS_ROLE_WITH_STAR_IN_RESOURCE',
      'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE',
      'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION',
      'PASS_ROLE_WITH_NOT_RESOURCE',
      'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE',
      'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE',
    ],
    fix: 'suggestion',
    messages: {
      everyRole: 'iam:PassRole is allowed{{via}} on every role ({{resource}}) without an iam:PassedToService condition: name the roles, or the service they may be passed to.',
      notResource: 'iam:PassRole is allowed{{via}} with NotResource, so on every role it does not exclude, without an iam:PassedToService condition: name the roles in Resource instead.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "iam:PassRole",\n      "Resource": "arn:aws:iam::123456789012:role/my-function-role",\n      "Condition": { "StringEquals": { "iam:PassedToService": "lambda.amazonaws.com" } }\n    }\n  ]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "iam:PassRole",\n      "Resource": "*"\n    }\n  ]\n}\n',
          fixed:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "iam:PassRole",\n      "Resource": "*",\n      "Condition": {\n        "StringEquals": {\n          "iam:PassedToService": "lambda.amazonaws.com"\n        }\n      }\n    }\n  ]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  DeployerPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: iam:PassRole\n            Resource: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*\n',
          fixed:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  DeployerPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: iam:PassRole\n            Resource: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*\n            Condition:\n              StringEquals:\n                iam:PassedToService: lambda.amazonaws.com\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      if (policy.kind !== 'identity') continue;
      for (const statement of policy.statements) {
        if (scalarText(child(statement.node, 'Effect')) !== 'Allow') continue;
        const action = coversAction(statement, PASS_ROLE);
        if (!action) continue;
        const resource = coversEveryResource(statement, 'iam', 'role/*');
        if (!resource) continue;
        const conditions = statementConditions(statement);
        if (conditions.opaque || conditions.entries.some((e) => e.key.toLowerCase() === PASSED_TO_SERVICE.toLowerCase())) continue;
        const fixes: Fix[] = [];
        const edit = namesOnlyAction(statement, PASS_ROLE) ? insertCondition(fixer, statement.node, 'StringEquals', PASSED_TO_SERVICE, 'lambda.amazonaws.com') : undefined;
        if (edit) fixes.push({ title: 'Add condition "iam:PassedToService": "lambda.amazonaws.com"', safe: false, edits: [edit] });
        const data = { via: describeAction(action), resource: resource.via === 'resource' ? `"${resource.value.text}"` : '' };
        report(action.range, resource.via === 'resource' ? 'everyRole' : 'notResource', data, fixes);
      }
    }
  },
});

/** How the action is reached, for the message: nothing to add when the statement names it. */
function describeAction(action: ActionCoverage): string {
  if (action.via === 'notAction') return ' through NotAction';
  return action.via === 'wildcard' ? ` through "${action.text}"` : '';
}
