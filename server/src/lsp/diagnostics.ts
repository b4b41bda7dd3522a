import { DiagnosticSeverity, type Diagnostic, type Range as LspRange } from 'vscode-languageserver';
import type { LineIndex } from '../engine/line-index';
import type { Finding, Range, Severity } from '../engine/rule';
import { ruleDocsHref } from './rule-docs';

export const SOURCE = 'lambda-iam-lint';

/** What a diagnostic carries so that code actions never re-parse or read message text. */
export interface DiagnosticData {
  version: number;
  fixes: { title: string; safe: boolean; edits: { range: LspRange; newText: string }[] }[];
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspRange(lines: LineIndex, range: Range): LspRange {
  return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
}

export function toDiagnostic(finding: Finding, lines: LineIndex, version: number): Diagnostic {
  const data: DiagnosticData = {
    version,
    fixes: finding.fixes.map((f) => ({ title: f.title, safe: f.safe, edits: f.edits.map((e) => ({ range: toLspRange(lines, e), newText: e.newText })) })),
  };
  return {
    range: toLspRange(lines, finding),
    severity: severities[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsHref(finding.ruleId) },
    source: SOURCE,
    message: finding.message,
    data,
  };
}
