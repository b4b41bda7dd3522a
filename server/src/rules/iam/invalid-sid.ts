import { defineRule } from '../../engine/rule';
import { IAM_SID } from '../../iam/policy-grammar';
import { child, scalarText } from '../../parse/tree';

export default defineRule({
  meta: {
    id: 'iam/invalid-sid',
    scope: 'policy',
    severity: 'error',
    summary: 'An IAM policy `Sid` may contain only letters and digits',
    description:
      'In IAM identity policies and role trust policies a `Sid` supports only ASCII letters and digits ' +
      '(`[A-Za-z0-9]`): `read-bucket` or `Read Bucket` is rejected. Resource-based policies of other services (S3, SNS, ' +
      'SQS) accept more characters, so this rule does not look at them. The fix removes the other characters.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html',
    accessAnalyzer: ['UNSUPPORTED_SID'],
    fix: 'safe',
    messages: { invalid: 'Sid "{{sid}}" may contain only letters and digits in an IAM policy.' },
    examples: {
      valid: [{ file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Sid": "ReadBucket1", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n' }],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Sid": "read-bucket_1", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
          fixed: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Sid": "readbucket1", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      if (policy.kind === 'resource') continue;
      for (const statement of policy.statements) {
        const sid = child(statement.node, 'Sid');
        const value = scalarText(sid);
        if (!sid || value === undefined || IAM_SID.test(value)) continue;
        const stripped = value.replace(/[^A-Za-z0-9]/g, '');
        report(sid, 'invalid', { sid: value }, [{ title: `Change Sid to "${stripped}"`, safe: true, edits: [fixer.replaceScalar(sid, stripped)] }]);
      }
    }
  },
});
