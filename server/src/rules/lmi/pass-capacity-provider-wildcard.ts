import { defineRule, keyRange, type Fix, type RuleContext } from '../../engine/rule';
import { ValueWriter } from '../../edits/value-writer';
import { compareArn } from '../../iam/arn';
import { wildcardMatch } from '../../iam/wildcard';
import { capacityProviderResource, coversEveryCapacityProvider } from '../../model/capacity-provider-arns';
import { policyMemo, type StatementView } from '../../model/policy';
import { elementStrings, isResolved, type StringValue } from '../../model/values';
import { child, property, scalarText } from '../../parse/tree';

const PASS = 'lambda:PassCapacityProvider';

export default defineRule({
  meta: {
    id: 'lmi/pass-capacity-provider-wildcard',
    // A deployer policy is read against every function, role and capacity provider of the template.
    scope: 'document',
    severity: 'warning',
    summary: 'lambda:PassCapacityProvider should name the capacity providers it may pass',
    description:
      'A capacity provider is the trust boundary of Lambda Managed Instances: functions on one provider share its EC2 ' +
      'instances, and containers do not isolate them from each other. `lambda:PassCapacityProvider` decides who may put ' +
      'a function on a provider (it is checked by `CreateFunction` and `UpdateFunctionConfiguration`), so granting it on ' +
      '`*`, or on every capacity provider (`arn:aws:lambda:*:*:capacity-provider:*`), lets a deployer place an untrusted ' +
      'function next to trusted ones. AWS recommends granting it only for the capacity providers needed, for example ' +
      '`arn:aws:lambda:*:*:capacity-provider:trusted-workloads-*`.\n\nThe rule reports, in any identity policy (standalone, in a template, in SAM `Policies`), an Allow statement whose `Action` ' +
      'reaches `lambda:PassCapacityProvider` (by name, `lambda:*`, `lambda:Pass*`, `*`, …) on such a resource, or with a ' +
      '`NotResource` that excludes no capacity provider, unless a condition on `aws:ResourceTag/…` scopes it. The action ' +
      'has no condition keys of its own. The fix (offered when the statement is only about this action) scopes ' +
      '`Resource` to the capacity providers the template defines (`!GetAtt Provider.Arn`), or, in a standalone policy, to ' +
      '`arn:aws:lambda:*:*:capacity-provider:CAPACITY_PROVIDER_NAME` for you to complete.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-security.html',
    fix: 'suggestion',
    messages: {
      wildcard:
        '{{via}} allows lambda:PassCapacityProvider on {{resource}}: any function can be placed on any capacity provider, across trust boundaries. Name the capacity providers.',
      notResource: '{{via}} allows lambda:PassCapacityProvider on every capacity provider: NotResource excludes none. Name the capacity providers in Resource.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "lambda:PassCapacityProvider",\n      "Resource": "arn:aws:lambda:*:*:capacity-provider:trusted-workloads-*"\n    }\n  ]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "lambda:PassCapacityProvider",\n      "Resource": "*"\n    }\n  ]\n}\n',
          fixed:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "lambda:PassCapacityProvider",\n      "Resource": "arn:aws:lambda:*:*:capacity-provider:CAPACITY_PROVIDER_NAME"\n    }\n  ]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n  DeployPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: lambda:PassCapacityProvider\n            Resource: arn:aws:lambda:*:*:capacity-provider:*\n',
          fixed:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n  DeployPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: lambda:PassCapacityProvider\n            Resource: !GetAtt CapacityProvider.Arn\n',
        },
      ],
    },
  },
  check(context) {
    for (const policy of context.doc.policies) {
      if (policy.kind !== 'identity') continue;
      // Which statements allow passing capacity providers is the policy's own matter: asked once per policy view.
      for (const statement of policyMemo(policy, 'allows lambda:PassCapacityProvider', () => policy.statements.filter(passes))) checkStatement(context, statement);
    }
  },
});

/** An Allow statement whose Action (a value the template resolves) includes lambda:PassCapacityProvider. */
function passes(statement: StatementView): boolean {
  return scalarText(child(statement.node, 'Effect')) === 'Allow' && elementStrings(child(statement.node, 'Action')).some((a) => isResolved(a.text) && wildcardMatch(a.text, PASS, { ignoreCase: true }));
}

function checkStatement(context: RuleContext, statement: StatementView): void {
  const s = statement.node;
  const actions = elementStrings(child(s, 'Action')).filter((a) => isResolved(a.text));
  const via = actions.find((a) => wildcardMatch(a.text, PASS, { ignoreCase: true }));
  if (!via || scopedByTag(s)) return;
  const viaText = via.text.toLowerCase() === PASS.toLowerCase() ? `"${via.text}"` : `"${via.text}" (which includes lambda:PassCapacityProvider)`;
  const notResource = property(s, 'NotResource');
  if (notResource) {
    const excluded = elementStrings(notResource.value);
    if (excluded.every((r) => isResolved(r.text) && compareArn(r.text, 'arn:aws:lambda:*:*:capacity-provider:*') === 'no')) {
      context.report(keyRange(notResource), 'notResource', { via: viaText });
    }
    return;
  }
  const onlyPass = actions.length === elementStrings(child(s, 'Action')).length && actions.every((a) => a.text.toLowerCase() === PASS.toLowerCase());
  for (const r of elementStrings(child(s, 'Resource'))) {
    if (!coversEveryCapacityProvider(r.text)) continue;
    context.report(r.node, 'wildcard', { via: viaText, resource: r.text }, onlyPass ? scope(context, r, r.node !== child(s, 'Resource')) : []);
  }
}

/** `aws:ResourceTag/…` conditions select capacity providers by their tags: a scoping we cannot see through. */
function scopedByTag(s: StatementView['node']): boolean {
  const condition = child(s, 'Condition');
  return condition?.type === 'object' && condition.properties.some((op) => op.value.type === 'object' && op.value.properties.some((k) => /^aws:ResourceTag\//i.test(k.key)));
}

function scope({ fixer, doc }: RuleContext, r: StringValue, inList: boolean): Fix[] {
  const value = capacityProviderResource(doc.template);
  if (!r.literal || (inList && Array.isArray(value))) return [];
  const title = typeof value === 'string' ? 'Scope to a named capacity provider (fill in its name)' : "Scope to the template's capacity providers";
  return [{ title, safe: false, edits: [new ValueWriter(fixer, doc.text).replace(r.node, value)] }];
}
