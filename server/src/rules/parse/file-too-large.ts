import { defineRule } from '../../engine/rule';

/** Reported by the engine before parsing; this declaration gives it docs, a severity and an id to configure. */
export default defineRule({
  meta: {
    id: 'parse/file-too-large',
    severity: 'info',
    summary: 'The document is larger than `maxFileSize` and is not linted',
    description:
      'Linting runs on every keystroke, so documents above the `lambdaIamLint.maxFileSize` setting (or `maxFileSize` in ' +
      '`.lambda-iam-lint.json`, 2,000,000 characters by default) are skipped with this one note instead of slowing the ' +
      'editor down. CloudFormation itself accepts templates of at most 1 MB from S3.',
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html',
    messages: { default: '{{message}}' },
    examples: { valid: [], invalid: [] },
  },
});
