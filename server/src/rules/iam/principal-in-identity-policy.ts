import { defineRule, keyRange } from '../../engine/rule';

export default defineRule({
  meta: {
    id: 'iam/principal-in-identity-policy',
    scope: 'policy',
    severity: 'error',
    summary: '`Principal` or `NotPrincipal` in an identity-based policy',
    description:
      'An identity-based policy (a managed policy, an inline policy of a role, user or group, a SAM `Policies` ' +
      'document) applies to the identity it is attached to, so it has no `Principal`: IAM rejects the document ' +
      '("Policy document should not specify a principal") and the stack fails to deploy. A `Principal` here usually ' +
      'means a resource-based policy (a bucket or queue policy, a Lambda permission) or a trust policy ' +
      '(`AssumeRolePolicyDocument`) was put in the wrong place. The quick fix removes the element; it is a ' +
      'suggestion, not a safe fix: the statement then grants its actions to whoever the policy is attached to, which ' +
      'for a `NotPrincipal` (everyone but …) or a list of other accounts is not what the author meant.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    accessAnalyzer: ['UNSUPPORTED_PRINCIPAL'],
    fix: 'suggestion',
    messages: {
      principal: 'An identity-based policy cannot have a {{element}}: it applies to the role, user or group it is attached to. Move this statement to a resource-based or trust policy, or remove {{element}}.',
    },
    examples: {
      valid: [
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ReadPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n',
        },
      ],
      invalid: [
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ReadPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::123456789012:role/reader\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n',
          fixed:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ReadPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      if (policy.kind !== 'identity') continue;
      for (const statement of policy.statements) {
        for (const p of statement.node.properties) {
          if (p.key !== 'Principal' && p.key !== 'NotPrincipal') continue;
          report(keyRange(p), 'principal', { element: p.key }, [
            { title: `Remove ${p.key}`, safe: false, edits: [fixer.removeProperty(statement.node, p)] },
          ]);
        }
      }
    }
  },
});
