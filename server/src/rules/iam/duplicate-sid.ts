import { defineRule } from '../../engine/rule';
import { child, scalarText } from '../../parse/tree';

export default defineRule({
  meta: {
    id: 'iam/duplicate-sid',
    severity: 'error',
    summary: 'Two statements of one policy share a `Sid`',
    description:
      'A `Sid` identifies a statement within its policy. Several policy types (Lambda and other resource-based ' +
      'policies, SCPs, managed policies updated through some services) reject duplicates outright, and everywhere ' +
      'else they make findings, logs and reviews ambiguous.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html',
    accessAnalyzer: ['UNIQUE_SIDS_REQUIRED', 'UNIQUE_SIDS_RECOMMENDED'],
    messages: { duplicate: 'Sid "{{sid}}" is already used by another statement of this policy.' },
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
        if (seen.has(value)) report(sid, 'duplicate', { sid: value });
        seen.add(value);
      }
    }
  },
});
