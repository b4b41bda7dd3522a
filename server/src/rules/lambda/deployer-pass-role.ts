import { defineRule, type Fix, type RuleContext } from '../../engine/rule';
import { parseArn } from '../../iam/arn';
import { wildcardMatch } from '../../iam/wildcard';
import { insertCondition } from '../../model/condition-insertion';
import { coversAction, namesOnlyAction } from '../../model/covers-action';
import { coversEveryResource } from '../../model/covers-resource';
import { mayAllow } from '../../model/deployer-policy';
import { policyHolders } from '../../model/policy-holders';
import { policyMemo, type PolicyView } from '../../model/policy';
import { statementActions } from '../../model/statement-actions';
import { statementConditions } from '../../model/statement-conditions';
import { getAtt, sub, ValueWriter } from '../../edits/value-writer';
import { resolveReference } from '../../model/resource-arns';
import { prop, type TemplateView } from '../../model/template';
import { elementStrings, isResolved, type StringValue } from '../../model/values';
import { child, scalarText } from '../../parse/tree';

const PASS_ROLE = 'iam:PassRole';
const PASSED_TO_SERVICE = 'iam:PassedToService';
const LAMBDA = 'lambda.amazonaws.com';
const CREATE = 'lambda:CreateFunction';
const UPDATE = 'lambda:UpdateFunctionConfiguration';
const ROLE_PLACEHOLDER = 'EXECUTION_ROLE_NAME';

const POLICY_START = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "DeployFunctions",\n      "Effect": "Allow",\n      "Action": ["lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"],\n      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:orders-*"\n    }';
const PASS_STATEMENT = (resource: string) =>
  `{\n      "Sid": "PassExecutionRoleToLambda",\n      "Effect": "Allow",\n      "Action": "iam:PassRole",\n      "Resource": "${resource}",\n      "Condition": {\n        "StringEquals": {\n          "iam:PassedToService": "lambda.amazonaws.com"\n        }\n      }\n    }`;

export default defineRule({
  meta: {
    id: 'lambda/deployer-pass-role',
    // A deployer policy is read against every function, role and capacity provider of the template.
    scope: 'document',
    severity: 'warning',
    summary: 'A policy that creates Lambda functions should allow iam:PassRole for their execution roles, scoped to Lambda',
    description:
      'Creating a function (`lambda:CreateFunction`), or changing its role (`lambda:UpdateFunctionConfiguration`), ' +
      'passes an execution role to Lambda, and IAM checks `iam:PassRole` on that role for the caller. A deployer ' +
      'policy that allows `CreateFunction` but no `iam:PassRole` fails with AccessDenied — unless another policy of the ' +
      'same user or role grants it, which a single policy document cannot show: the rule judges a template role with ' +
      'all its policies, and anything else (a standalone policy, a managed policy for a CI user) on its own, and says ' +
      'so. An `iam:PassRole` grant without `iam:PassedToService` lets the deployer hand those roles to any service (an ' +
      'EC2 instance, an ECS task), not only to Lambda; scope it with `"iam:PassedToService": "lambda.amazonaws.com"`. ' +
      '(PassRole on every role is `iam/pass-role-wildcard`\'s finding; a policy that also changes services that take ' +
      'roles — CloudFormation, EC2, ECS, Step Functions — may pass them there, and is left alone.) Only actions written for Lambda deployment count ' +
      '(`lambda:CreateFunction`, `lambda:Create*`, …), not `*` or `lambda:*`, and `UpdateFunctionConfiguration` alone ' +
      'does not need PassRole (only to change the role), so it is not reported as missing it.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
    fix: 'suggestion',
    messages: {
      missingPassRole:
        '{{who}} allows {{action}} but not iam:PassRole: creating a function passes its execution role, so the call fails with AccessDenied{{unless}}. Allow iam:PassRole on the execution roles with iam:PassedToService = lambda.amazonaws.com.',
      passRoleNotForLambda:
        '{{who}} allows {{action}}, but iam:PassRole only for other services (iam:PassedToService): Lambda cannot be given an execution role{{unless}}.',
      passRoleUnscoped:
        'iam:PassRole here has no iam:PassedToService condition: this deployer policy can pass these roles to any service, not only to Lambda. Add "iam:PassedToService": "lambda.amazonaws.com".',
    },
    examples: {
      valid: [{ file: 'policy.json', code: `${POLICY_START},\n    ${PASS_STATEMENT('arn:aws:iam::123456789012:role/orders-function-role')}\n  ]\n}\n` }],
      invalid: [
        {
          file: 'policy.json',
          code: `${POLICY_START}\n  ]\n}\n`,
          fixed: `${POLICY_START},\n    ${PASS_STATEMENT(`arn:aws:iam::123456789012:role/${ROLE_PLACEHOLDER}`)}\n  ]\n}\n`,
        },
      ],
    },
  },
  check(context) {
    for (const policy of context.doc.policies) {
      if (policy.kind !== 'identity') continue;
      const creates = deploymentValues(policy, CREATE);
      const updates = deploymentValues(policy, UPDATE);
      if (!creates.length && !updates.length) continue;
      if (creates.length) checkCreate(context, policy, creates[0]);
      checkScoped(context, policy);
    }
  },
});

/** The memo keys of {@link deploymentValues}, made once (a key made on each call is hashed on each call). */
const DEPLOYMENT_KEYS = { [CREATE]: `deployment\u0000${CREATE}`, [UPDATE]: `deployment\u0000${UPDATE}` } as const;

/** Action values written for deploying functions that grant `action`: `*` and `lambda:*` say nothing of intent. */
function deploymentValues(policy: PolicyView, action: typeof CREATE | typeof UPDATE): readonly StringValue[] {
  return policyMemo(policy, DEPLOYMENT_KEYS[action], () =>
    policy.statements.flatMap((s) => {
      if (scalarText(child(s.node, 'Effect')) !== 'Allow') return [];
      return elementStrings(child(s.node, 'Action')).filter(
        (v) => v.literal && isResolved(v.text) && v.text !== '*' && v.text.toLowerCase() !== 'lambda:*' && wildcardMatch(v.text, action, { ignoreCase: true }),
      );
    }),
  );
}

function checkCreate(context: RuleContext, policy: PolicyView, trigger: StringValue): void {
  const holder = policyHolders(policy, context.doc).find((h) => h.complete && !mayAllow(h.statements, PASS_ROLE, '*', { [PASSED_TO_SERVICE]: LAMBDA }));
  if (!holder) return;
  const otherServices = mayAllow(holder.statements, PASS_ROLE, '*');
  const data = {
    who: holder.role ? `Role ${holder.role.id}` : 'This policy',
    action: trigger.text,
    unless: holder.role ? '' : ', unless another policy of the same user or role allows it',
  };
  context.report(trigger.node, otherServices ? 'passRoleNotForLambda' : 'missingPassRole', data, addPassRole(context, policy, trigger));
}

/**
 * Services whose actions never take a role: a policy that changes nothing else passes its roles to Lambda. One that
 * also writes to CloudFormation, EC2, ECS, Step Functions… may pass them there, and scoping PassRole to Lambda would
 * break it, so it is left alone.
 */
const NO_ROLE_SERVICES = new Set(['lambda', 'iam', 'logs', 's3', 'xray', 'cloudwatch', 'sqs', 'sns', 'dynamodb', 'kms', 'tag', 'sts', 'ssm', 'secretsmanager', 'ecr']);

function passesRolesOnlyToLambda(policy: PolicyView): boolean {
  return policy.statements.every((s) => {
    if (scalarText(child(s.node, 'Effect')) !== 'Allow') return true;
    const { actions, complete } = statementActions(s);
    return complete && actions.every((a) => NO_ROLE_SERVICES.has(a.service) || a.accessLevel === 'Read' || a.accessLevel === 'List');
  });
}

/** PassRole grants of this policy, on named roles (every role is iam/pass-role-wildcard's), not tied to a service. */
function checkScoped(context: RuleContext, policy: PolicyView): void {
  if (!passesRolesOnlyToLambda(policy)) return;
  for (const statement of policy.statements) {
    if (scalarText(child(statement.node, 'Effect')) !== 'Allow') continue;
    const action = coversAction(statement, PASS_ROLE);
    if (!action || action.via === 'notAction' || action.text === '*' || action.text.toLowerCase() === 'iam:*') continue;
    if (coversEveryResource(statement, 'iam', 'role/*')) continue;
    const conditions = statementConditions(statement);
    if (conditions.opaque || conditions.entries.some((e) => e.key.toLowerCase() === PASSED_TO_SERVICE.toLowerCase())) continue;
    const edit = namesOnlyAction(statement, PASS_ROLE) ? insertCondition(context.fixer, statement.node, 'StringEquals', PASSED_TO_SERVICE, LAMBDA) : undefined;
    const fixes: Fix[] = edit ? [{ title: `Add condition "${PASSED_TO_SERVICE}": "${LAMBDA}"`, safe: false, edits: [edit] }] : [];
    context.report(action.range, 'passRoleUnscoped', {}, fixes);
  }
}

/** Append a PassRole statement for a placeholder execution role, in the partition and account the policy names. */
function addPassRole(context: RuleContext, policy: PolicyView, trigger: StringValue): Fix[] {
  const list = child(policy.node, 'Statement');
  if (list?.type !== 'array') return [];
  const statement = policy.statements.find((s) => elementStrings(child(s.node, 'Action')).some((v) => v.node === trigger.node));
  const arns = elementStrings(child(statement?.node, 'Resource')).map((v) => parseArn(v.text));
  const known = arns.find((a) => a.ok && /^\d{12}$/.test(a.arn.account) && !a.arn.partition.includes('$'));
  const [partition, account] = known?.ok ? [known.arn.partition, known.arn.account] : ['aws', '123456789012'];
  const template = context.doc.template;
  const roles = template ? executionRoles(template) : [];
  const placeholder = template ? sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${ROLE_PLACEHOLDER}`) : `arn:${partition}:iam::${account}:role/${ROLE_PLACEHOLDER}`;
  const roleArns = roles.map((r) => getAtt(r, 'Arn'));
  const resource = roleArns.length === 0 ? placeholder : roleArns.length === 1 ? roleArns[0]! : roleArns;
  const value = { Sid: 'PassExecutionRoleToLambda', Effect: 'Allow', Action: PASS_ROLE, Resource: resource, Condition: { StringEquals: { [PASSED_TO_SERVICE]: LAMBDA } } };
  const edit = new ValueWriter(context.fixer, context.doc.text).appendItem(list, value);
  const title = roles.length
    ? `Add an iam:PassRole statement for the template's execution role${roles.length === 1 ? '' : 's'} ${roles.join(', ')}`
    : `Add an iam:PassRole statement for the execution role (replace ${ROLE_PLACEHOLDER})`;
  return [{ title, safe: false, edits: [edit] }];
}

/**
 * The roles the template's functions run with, by logical id: each function's `Role`, resolved through the template
 * (`!GetAtt FnRole.Arn`, and for SAM the role it generates, which the template may reference as `<Function>Role`).
 */
function executionRoles(template: TemplateView): string[] {
  const ids = new Set<string>();
  for (const fn of template.resourcesOfType('AWS::Lambda::Function')) {
    const resolved = resolveReference(template, prop(fn, 'Role'));
    if (resolved?.value === 'arn' && resolved.resource.type === 'AWS::IAM::Role') ids.add(resolved.resource.id);
  }
  return [...ids].sort();
}

