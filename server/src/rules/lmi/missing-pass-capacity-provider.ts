import { defineRule, type Fix, type RuleContext } from '../../engine/rule';
import { ValueWriter } from '../../edits/value-writer';
import { capacityProviderResource } from '../../model/capacity-provider-arns';
import { dealsWithCapacityProviders, grantingValues, mayAllow } from '../../model/deployer-policy';
import type { PolicyView } from '../../model/policy';
import { policyHolders } from '../../model/policy-holders';
import { child } from '../../parse/tree';

const DEPLOY_ACTIONS = ['lambda:CreateFunction', 'lambda:UpdateFunctionConfiguration'];
const ANY_CAPACITY_PROVIDER = 'arn:*:lambda:*:*:capacity-provider:*';

export default defineRule({
  meta: {
    id: 'lmi/missing-pass-capacity-provider',
    // A deployer policy is read against every function, role and capacity provider of the template.
    scope: 'document',
    severity: 'warning',
    summary: 'A deployer of functions on capacity providers needs lambda:PassCapacityProvider',
    description:
      '`CreateFunction` and `UpdateFunctionConfiguration` check `lambda:PassCapacityProvider` on the capacity provider ' +
      'when the function runs on Lambda Managed Instances, infrastructure-as-code deployments included. A deployer ' +
      'policy that allows creating functions and deals with capacity providers but not this action fails at deployment ' +
      'with AccessDenied.\n\nA policy is a deployer policy here when an Allow statement grants `lambda:CreateFunction` or ' +
      '`lambda:UpdateFunctionConfiguration`, and it deals with capacity providers when one of its actions is written for ' +
      'them (`lambda:CreateCapacityProvider`, `lambda:GetCapacityProvider`, …), one of its resources is a capacity ' +
      'provider, or its template puts functions on capacity providers. A policy attached to roles of its template is ' +
      'judged with all of the role\'s permissions, and never when the role has policies we cannot read. The fix adds a ' +
      'statement scoped to the template\'s capacity providers, or to a capacity provider ARN whose name you fill in.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-security.html',
    fix: 'suggestion',
    messages: {
      missing: '{{grantee}} allows {{action}} for functions on capacity providers but not lambda:PassCapacityProvider, which Lambda checks to attach a function to a capacity provider.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ["lambda:CreateFunction", "lambda:GetCapacityProvider"],\n      "Resource": [\n        "arn:aws:lambda:us-east-1:111122223333:function:orders-*",\n        "arn:aws:lambda:us-east-1:111122223333:capacity-provider:production-trusted"\n      ]\n    },\n    {\n      "Effect": "Allow",\n      "Action": "lambda:PassCapacityProvider",\n      "Resource": "arn:aws:lambda:us-east-1:111122223333:capacity-provider:production-trusted"\n    },\n    {\n      "Effect": "Allow",\n      "Action": "iam:PassRole",\n      "Resource": "arn:aws:iam::111122223333:role/orders-function-role",\n      "Condition": { "StringEquals": { "iam:PassedToService": "lambda.amazonaws.com" } }\n    }\n  ]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ["lambda:CreateFunction", "lambda:GetCapacityProvider"],\n      "Resource": [\n        "arn:aws:lambda:us-east-1:111122223333:function:orders-*",\n        "arn:aws:lambda:us-east-1:111122223333:capacity-provider:production-trusted"\n      ]\n    },\n    {\n      "Effect": "Allow",\n      "Action": "iam:PassRole",\n      "Resource": "arn:aws:iam::111122223333:role/orders-function-role",\n      "Condition": { "StringEquals": { "iam:PassedToService": "lambda.amazonaws.com" } }\n    }\n  ]\n}\n',
          fixed:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ["lambda:CreateFunction", "lambda:GetCapacityProvider"],\n      "Resource": [\n        "arn:aws:lambda:us-east-1:111122223333:function:orders-*",\n        "arn:aws:lambda:us-east-1:111122223333:capacity-provider:production-trusted"\n      ]\n    },\n    {\n      "Effect": "Allow",\n      "Action": "iam:PassRole",\n      "Resource": "arn:aws:iam::111122223333:role/orders-function-role",\n      "Condition": { "StringEquals": { "iam:PassedToService": "lambda.amazonaws.com" } }\n    },\n    {\n      "Effect": "Allow",\n      "Action": "lambda:PassCapacityProvider",\n      "Resource": "arn:aws:lambda:*:*:capacity-provider:CAPACITY_PROVIDER_NAME"\n    }\n  ]\n}\n',
        },
      ],
    },
  },
  check(context) {
    const { doc } = context;
    for (const policy of doc.policies) {
      if (policy.kind !== 'identity') continue;
      const granting = grantingValues(policy, DEPLOY_ACTIONS);
      if (!granting.length || !dealsWithCapacityProviders(policy, doc)) continue;
      const lacking = policyHolders(policy, doc).filter((h) => h.complete && !mayAllow(h.statements, 'lambda:PassCapacityProvider', ANY_CAPACITY_PROVIDER));
      if (!lacking.length) continue;
      const grantee = lacking[0].role ? `Role ${lacking.map((h) => h.role!.id).join(', ')}` : 'This policy';
      const action = DEPLOY_ACTIONS.find((a) => granting.some((v) => v.text.toLowerCase() === a.toLowerCase())) ?? granting[0].text;
      context.report(granting[0].node, 'missing', { grantee, action }, addStatement(context, policy));
    }
  },
});

function addStatement({ fixer, doc }: RuleContext, policy: PolicyView): Fix[] {
  const statements = child(policy.node, 'Statement');
  if (statements?.type !== 'array') return [];
  const edit = new ValueWriter(fixer, doc.text).appendItem(statements, { Effect: 'Allow', Action: 'lambda:PassCapacityProvider', Resource: capacityProviderResource(doc.template) });
  return [{ title: 'Add lambda:PassCapacityProvider on the capacity providers', safe: false, edits: [edit] }];
}
