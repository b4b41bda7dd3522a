import { defineRule, type Fix } from '../../engine/rule';
import { closest } from '../../iam/edit-distance';
import { EFFECTS } from '../../iam/policy-grammar';
import { alternatives } from '../../model/policy';
import { child, scalarText } from '../../parse/tree';

export default defineRule({
  meta: {
    id: 'iam/invalid-effect',
    scope: 'policy',
    severity: 'error',
    summary: 'Effect must be exactly `Allow` or `Deny`',
    description:
      '`Effect` is case-sensitive: `allow`, `ALLOW` and `Alow` are rejected by IAM (and `cfn-lint` only notices some of ' +
      'them). The quick fix corrects the case and is safe; a misspelling gets a suggestion to review, because Allow and ' +
      'Deny mean opposite things.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html',
    accessAnalyzer: ['INVALID_EFFECT'],
    fix: 'safe',
    messages: { invalid: 'Effect "{{value}}" is not valid: it must be "Allow" or "Deny" (case-sensitive).' },
    examples: {
      valid: [{ file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n' }],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
          fixed: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  Reader:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Alow\n              Action: s3:GetObject\n              Resource: arn:aws:s3:::my-bucket/*\n',
          fixed:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  Reader:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: arn:aws:s3:::my-bucket/*\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      for (const statement of policy.statements) {
        for (const effect of alternatives(child(statement.node, 'Effect'))) {
          if (effect.type === 'intrinsic') continue;
          const value = scalarText(effect) ?? '';
          if ((EFFECTS as readonly string[]).includes(value)) continue;
          const sameCase = EFFECTS.find((e) => e.toLowerCase() === value.toLowerCase());
          const fixes: Fix[] = sameCase
            ? [{ title: `Change to "${sameCase}"`, safe: true, edits: [fixer.replaceScalar(effect, sameCase)] }]
            : closest(value, EFFECTS, 1).map((e) => ({ title: `Change to "${e}"`, safe: false, edits: [fixer.replaceScalar(effect, e)] }));
          report(effect, 'invalid', { value: value || doc.text.slice(effect.start, effect.end) }, fixes);
        }
      }
    }
  },
});
