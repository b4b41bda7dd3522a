import { defineRule } from '../../engine/rule';
import { CURRENT_VERSION, POLICY_VERSIONS } from '../../iam/policy-grammar';
import { child, isScalar, scalarText } from '../../parse/tree';

export default defineRule({
  meta: {
    id: 'iam/invalid-version',
    scope: 'policy',
    severity: 'error',
    summary: 'Version must be `2012-10-17` (or the legacy `2008-10-17`)',
    description:
      'The policy `Version` element names the version of the policy language, not a date of your choosing. IAM rejects ' +
      'any other value. Use `2012-10-17`: only it supports policy variables such as `${aws:username}`.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html',
    accessAnalyzer: ['INVALID_VERSION', 'VARIABLE_UNSUPPORTED_IN_VERSION'],
    fix: 'safe',
    messages: { invalid: 'The policy Version "{{value}}" is not valid: use "2012-10-17".' },
    examples: {
      valid: [{ file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n' }],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2023-01-01",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
          fixed: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      if (policy.documentless) continue;
      const version = child(policy.node, 'Version');
      if (!version || version.type === 'intrinsic') continue;
      const value = scalarText(version);
      if (value !== undefined && (POLICY_VERSIONS as readonly string[]).includes(value)) continue;
      const shown = value ?? (isScalar(version) ? '' : doc.text.slice(version.start, Math.min(version.end, version.start + 40)));
      report(version, 'invalid', { value: shown }, [{ title: `Set Version to "${CURRENT_VERSION}"`, safe: true, edits: [fixer.replaceScalar(version, CURRENT_VERSION)] }]);
    }
  },
});
