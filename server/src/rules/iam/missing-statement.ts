import { defineRule, keyRange } from '../../engine/rule';
import { alternatives } from '../../model/policy';
import { property } from '../../parse/tree';

export default defineRule({
  meta: {
    id: 'iam/missing-statement',
    scope: 'policy',
    severity: 'error',
    summary: 'A policy needs a `Statement`: an object or an array of objects',
    description:
      'Every policy document holds its permissions in `Statement`, a single statement object or an array of them. A ' +
      'policy without one, with an empty array, or with something else there (a string, a number) grants nothing and ' +
      'is rejected by IAM.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html',
    accessAnalyzer: ['MISSING_STATEMENT'],
    messages: {
      missing: 'The policy has no Statement.',
      empty: 'The policy\'s Statement is empty.',
      notObject: 'A statement must be an object with Effect, Action and Resource (or Principal) elements.',
    },
    examples: {
      valid: [{ file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }\n}\n' }],
      invalid: [
        { file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": "s3:GetObject"\n}\n' },
        { file: 'template.yaml', code: 'Resources:\n  ReadPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n' },
      ],
    },
  },
  check({ doc, report }) {
    for (const policy of doc.policies) {
      if (policy.documentless) continue;
      const statement = property(policy.node, 'Statement');
      if (!statement) {
        report(policy.anchor, 'missing');
        continue;
      }
      for (const value of alternatives(statement.value)) {
        if (value.type === 'array') {
          if (value.items.length === 0) report(keyRange(statement), 'empty');
          for (const item of value.items.flatMap(alternatives)) {
            if (item.type !== 'object' && item.type !== 'intrinsic') report(item, 'notObject');
          }
        } else if (value.type !== 'object' && value.type !== 'intrinsic') {
          report(value.type === 'null' && value.start === value.end ? keyRange(statement) : value, 'notObject');
        }
      }
    }
  },
});
