import type { FileFinding } from './report';

/**
 * The public JSON contract (DESIGN.md "CLI"): one array, one object per finding, 0-based LSP positions.
 * Keys are written in this order on purpose: other tools read and diff this output.
 */
export function formatJson(findings: readonly FileFinding[]): string {
  return JSON.stringify(
    findings.map((f) => ({ file: f.file, rule: f.rule, severity: f.severity, message: f.message, range: f.range, fixes: f.fixes })),
    null,
    2,
  );
}
