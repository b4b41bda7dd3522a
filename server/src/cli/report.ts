import type { LineIndex, Position } from '../engine/line-index';
import type { Finding, Severity } from '../engine/rule';

/** One finding as every formatter sees it: positions resolved once, the public JSON shape's fields. */
export interface FileFinding {
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  range: { start: Position; end: Position };
  fixes: { title: string; safe: boolean }[];
}

export function toFileFinding(file: string, finding: Finding, lines: LineIndex): FileFinding {
  return {
    file,
    rule: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    range: { start: lines.positionAt(finding.start), end: lines.positionAt(finding.end) },
    fixes: finding.fixes.map((f) => ({ title: f.title, safe: f.safe })),
  };
}
