import { defineRule, keyRange, type Fix } from '../../engine/rule';
import { elementStrings } from '../../model/values';
import { property } from '../../parse/tree';

export default defineRule({
  meta: {
    id: 'iam/resource-in-trust-policy',
    scope: 'policy',
    severity: 'error',
    summary: '`Resource`, `NotResource` or `NotPrincipal` in a role trust policy',
    description:
      'A role trust policy is the role\'s own resource-based policy: the resource is always the role, so IAM rejects ' +
      'a trust policy with `Resource` or `NotResource` ("Has prohibited field Resource"), and it rejects ' +
      '`NotPrincipal` there too: name who may assume the role with `Principal`. The quick fix removes `Resource`; it ' +
      'is safe when the value is `"*"` (which already meant the role itself) and a suggestion otherwise. `NotPrincipal` ' +
      'gets no automatic fix: turning "everyone except X" into a list of principals is a decision only you can make.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles',
    accessAnalyzer: ['ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL'],
    fix: 'safe',
    messages: {
      resource: 'A role trust policy cannot have {{element}}: it always applies to the role itself. Remove it.',
      notPrincipal: 'A role trust policy cannot use NotPrincipal: list who may assume the role in Principal instead.',
    },
    examples: {
      valid: [
        {
          file: 'trust-policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  FunctionRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n            Resource: "*"\n',
          fixed:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  FunctionRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      if (policy.kind !== 'trust') continue;
      for (const statement of policy.statements) {
        for (const p of statement.node.properties) {
          if (p.key === 'Resource' || p.key === 'NotResource') {
            const values = elementStrings(p.value);
            const safe = p.key === 'Resource' && values.length > 0 && values.every((v) => v.literal && v.text === '*');
            report(keyRange(p), 'resource', { element: p.key }, [{ title: `Remove ${p.key}`, safe, edits: [fixer.removeProperty(statement.node, p)] }]);
          } else if (p.key === 'NotPrincipal') {
            // With a Principal beside it (iam/conflicting-elements), dropping NotPrincipal leaves a valid statement.
            const fixes: Fix[] = property(statement.node, 'Principal')
              ? [{ title: 'Remove NotPrincipal', safe: false, edits: [fixer.removeProperty(statement.node, p)] }]
              : [];
            report(keyRange(p), 'notPrincipal', {}, fixes);
          }
        }
      }
    }
  },
});
