import { defineRule } from '../../engine/rule';
import { CURRENT_VERSION, POLICY_VARIABLE } from '../../iam/policy-grammar';
import { child, scalarText } from '../../parse/tree';

export default defineRule({
  meta: {
    id: 'iam/legacy-version',
    scope: 'policy',
    severity: 'warning',
    summary: 'Version `2008-10-17` is the legacy policy language',
    description:
      '`2008-10-17` is an earlier version of the policy language: policy variables are read literally and newer ' +
      'features are not available. Use `2012-10-17`. The fix is safe unless the policy contains `${…}` text, which the ' +
      'new version would start to substitute; then it is offered for you to review.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html',
    accessAnalyzer: ['VARIABLE_UNSUPPORTED_IN_VERSION'],
    fix: 'safe',
    messages: {
      legacy: 'Version "2008-10-17" is the legacy policy language: use "2012-10-17".',
      withVariables: 'Under Version "2008-10-17" the policy variables (${…}) in this policy are read as literal text: use "2012-10-17".',
    },
    examples: {
      valid: [{ file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n' }],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2008-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
          fixed: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      if (policy.documentless) continue;
      const version = child(policy.node, 'Version');
      if (scalarText(version) !== '2008-10-17' || !version) continue;
      const usesVariables = POLICY_VARIABLE.test(doc.text.slice(policy.node.start, policy.node.end));
      report(version, usesVariables ? 'withVariables' : 'legacy', {}, [
        { title: `Set Version to "${CURRENT_VERSION}"`, safe: !usesVariables, edits: [fixer.replaceScalar(version, CURRENT_VERSION)] },
      ]);
    }
  },
});
