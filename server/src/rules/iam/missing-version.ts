import { defineRule } from '../../engine/rule';
import { CURRENT_VERSION, POLICY_VARIABLE } from '../../iam/policy-grammar';
import { child } from '../../parse/tree';

export default defineRule({
  meta: {
    id: 'iam/missing-version',
    scope: 'policy',
    severity: 'warning',
    summary: 'A policy without `Version` is read as the 2008-10-17 language',
    description:
      'Without a `Version` element IAM uses `2008-10-17`, where policy variables such as `${aws:username}` are plain ' +
      'text and newer features are unavailable. State `"Version": "2012-10-17"` in every policy, inline ones included.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html',
    accessAnalyzer: ['MISSING_VERSION', 'VARIABLE_UNSUPPORTED_IN_VERSION'],
    fix: 'safe',
    messages: {
      missing: 'The policy has no Version: IAM reads it as the 2008-10-17 language. Add "Version": "2012-10-17".',
      withVariables: 'The policy has no Version, so its policy variables (${…}) are read as literal text. Add "Version": "2012-10-17".',
    },
    examples: {
      valid: [{ file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n' }],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
          fixed: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ReadPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n',
          fixed:
            "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  ReadPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n",
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      if (policy.documentless) continue;
      if (child(policy.node, 'Version') !== undefined) continue;
      const statement = policy.node.properties.find((p) => p.key === 'Statement');
      const target = statement ? { start: statement.keyStart, end: statement.keyEnd } : policy.anchor;
      const usesVariables = POLICY_VARIABLE.test(doc.text.slice(policy.node.start, policy.node.end));
      report(target, usesVariables ? 'withVariables' : 'missing', {}, [
        { title: `Add "Version": "${CURRENT_VERSION}"`, safe: true, edits: [fixer.insertProperty(policy.node, 'Version', CURRENT_VERSION, 'start')] },
      ]);
    }
  },
});
