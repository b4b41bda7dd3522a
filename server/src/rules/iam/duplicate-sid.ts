import { defineRule } from '../../engine/rule';
import { child, scalarText } from '../../parse/tree';

export default defineRule({
  meta: {
    id: 'iam/duplicate-sid',
    scope: 'policy',
    severity: 'error',
    summary: 'Two statements of one policy share a `Sid`',
    description:
      'A `Sid` identifies a statement within its policy. Several policy types (Lambda and other resource-based ' +
      'policies, SCPs, role trust policies) reject duplicates outright: an error. IAM stores an identity policy with ' +
      'duplicate Sids, so there it is a warning: they make findings, logs and reviews ambiguous.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html',
    accessAnalyzer: ['UNIQUE_SIDS_REQUIRED', 'UNIQUE_SIDS_RECOMMENDED'],
    messages: {
      duplicate: 'Sid "{{sid}}" is already used by another statement of this policy.',
      duplicateAccepted: 'IAM accepts it in an identity policy, but Sid "{{sid}}" is already used by another statement of this policy, which makes findings, logs and reviews ambiguous.',
    },
    // Access Analyzer: UNIQUE_SIDS_REQUIRED (an error) for resource-based and trust policies, UNIQUE_SIDS_RECOMMENDED
    // (a warning) for identity policies, which IAM stores with duplicate Sids.
    messageSeverity: { duplicateAccepted: 'warning' },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" },\n    { "Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::my-bucket/*" }\n  ]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Sid": "Objects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" },\n    { "Sid": "Objects", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::my-bucket/*" }\n  ]\n}\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    for (const policy of doc.policies) {
      const seen = new Set<string>();
      for (const statement of policy.statements) {
        const sid = child(statement.node, 'Sid');
        const value = scalarText(sid);
        if (!sid || !value) continue;
        if (seen.has(value)) report(sid, policy.kind === 'identity' ? 'duplicateAccepted' : 'duplicate', { sid: value });
        seen.add(value);
      }
    }
  },
});
