import type { Rule } from '../engine/rule';
import { ruleDocsUrl } from '../engine/rule-docs';
import type { FileFinding } from './report';

const levels = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

/** SARIF 2.1.0 for code scanning: every rule in `tool.driver.rules`, 1-based UTF-16 columns. */
export function formatSarif(findings: readonly FileFinding[], rules: readonly Rule[], version: string): string {
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lambda-iam-lint',
            version,
            informationUri: 'https://github.com/lambda-iam-lint/lambda-iam-lint',
            rules: rules.map((r) => ({
              id: r.meta.id,
              name: r.meta.id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
              shortDescription: { text: r.meta.summary.replace(/`/g, '') },
              fullDescription: { text: r.meta.description.replace(/`/g, '') },
              helpUri: ruleDocsUrl(r.meta.id),
              help: { text: `${r.meta.summary.replace(/`/g, '')}. See ${ruleDocsUrl(r.meta.id)}`, markdown: `${r.meta.description}\n\n[Documentation](${ruleDocsUrl(r.meta.id)})` },
              defaultConfiguration: { level: levels[r.meta.severity] },
              properties: { tags: [...new Set(['security', 'iam', r.meta.id.split('/')[0]])] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
          level: levels[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/') },
                region: {
                  startLine: f.range.start.line + 1,
                  startColumn: f.range.start.character + 1,
                  endLine: f.range.end.line + 1,
                  endColumn: f.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
