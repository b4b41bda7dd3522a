import { defineRule, keyRange } from '../../engine/rule';

const PAIRS = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
] as const;

export default defineRule({
  meta: {
    id: 'iam/conflicting-elements',
    scope: 'policy',
    severity: 'error',
    summary: 'A statement has both an element and its `Not` form',
    description:
      '`Action` and `NotAction`, `Resource` and `NotResource`, `Principal` and `NotPrincipal` are alternatives: a ' +
      'statement has one of each pair, never both. IAM rejects the policy.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
    accessAnalyzer: ['UNSUPPORTED_ELEMENT_COMBINATION'],
    messages: { conflict: '{{element}} and {{notElement}} cannot be used in the same statement: keep one.' },
    examples: {
      valid: [{ file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n' }],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Deny", "Action": "s3:DeleteObject", "NotAction": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    for (const policy of doc.policies) {
      for (const statement of policy.statements) {
        for (const [element, notElement] of PAIRS) {
          const positive = statement.node.properties.find((p) => p.key === element);
          const negative = statement.node.properties.find((p) => p.key === notElement);
          if (positive && negative) report(keyRange(negative), 'conflict', { element, notElement });
        }
      }
    }
  },
});
