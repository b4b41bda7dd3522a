/** Where each rule's documentation page is published; the CLI's SARIF and JSON output link here. */
export const RULE_DOCS_BASE_URL = 'https://github.com/lambda-iam-lint/lambda-iam-lint/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}${ruleId}.md`;
}
