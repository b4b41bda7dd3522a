import { defineRule, keyRange } from '../../engine/rule';
import { walk } from '../../parse/tree';

export default defineRule({
  meta: {
    id: 'iam/duplicate-key',
    scope: 'policy',
    severity: 'error',
    summary: 'The same key appears twice in one object of a policy',
    description:
      'JSON and YAML parsers disagree on which of two equal keys wins, and IAM rejects policies with duplicate ' +
      'elements, so a second `Action` or `Resource` in one statement is either an error at deploy time or a silently ' +
      'dropped permission. Condition keys are case-insensitive, so `aws:SourceArn` and `aws:sourcearn` in one ' +
      'condition block are duplicates too.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
    accessAnalyzer: ['DUPLICATE_KEYS_WITH_DIFFERENT_CASE'],
    messages: {
      duplicate: '"{{key}}" appears more than once in this object.',
      duplicateConditionKey: 'Condition key "{{key}}" appears more than once in this condition block (condition keys are case-insensitive).',
    },
    examples: {
      valid: [{ file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n' }],
      invalid: [{ file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n' }],
    },
  },
  check({ doc, report }) {
    for (const policy of doc.policies) {
      // A document the service builds is only its statements: the rest of the holder is CloudFormation's to check.
      for (const root of policy.documentless ? policy.statements.map((s) => s.node) : [policy.node]) walk(root, (node) => {
        if (node.type !== 'object') return;
        const seen = new Set<string>();
        for (const p of node.properties) {
          if (seen.has(p.key)) report(keyRange(p), 'duplicate', { key: p.key });
          seen.add(p.key);
        }
      });
      for (const statement of policy.statements) {
        const condition = statement.node.properties.find((p) => p.key === 'Condition')?.value;
        if (condition?.type !== 'object') continue;
        for (const operator of condition.properties) {
          if (operator.value.type !== 'object') continue;
          const seen = new Map<string, string>();
          for (const p of operator.value.properties) {
            const folded = p.key.toLowerCase();
            const earlier = seen.get(folded);
            if (earlier !== undefined && earlier !== p.key) report(keyRange(p), 'duplicateConditionKey', { key: p.key });
            seen.set(folded, p.key);
          }
        }
      }
    }
  },
});
