import { buildModel, type LintDocument } from '../model/document';
import type { ConfiguredPolicyKind } from '../model/detect';
import { rules as allRules } from '../rules';
import { defaultConfig, type LintConfig } from './config';
import { Fixer } from './fixer';
import { LineIndex } from './line-index';
import { formatMessage, type Finding, type Fix, type Range, type Rule, type RuleContext, type Severity } from './rule';
import { applySuppressions } from './suppression';
import { isFatal } from '../parse/tree';

export interface LintRequest {
  /** A path or URI: its extension decides JSON or YAML when no language id is given. */
  name: string;
  text: string;
  languageId?: string;
  config?: LintConfig;
  /** Overrides policy-kind detection (from `policyKinds`). */
  policyKind?: ConfiguredPolicyKind;
  rules?: readonly Rule[];
}

export interface LintResult {
  findings: Finding[];
  doc: LintDocument | undefined;
  lines: LineIndex;
  /** Rules that threw: a bug of ours, logged by the front end; the other rules' findings still stand. */
  internalErrors: { ruleId: string; error: unknown }[];
}

/** Set once a document was linted: the code cache of this process is then worth keeping (server/src/boot/load.ts). */
const LINTED = Symbol.for('lambda-iam-lint.linted');
const SYNTAX = 'parse/syntax';
const TOO_LARGE = 'parse/file-too-large';

/** Lint one document version: parse once, build the model once, run every enabled rule on it. */
export function lint(request: LintRequest): LintResult {
  const config = request.config ?? defaultConfig;
  const rules = request.rules ?? allRules;
  const lines = new LineIndex(request.text);
  const findings: Finding[] = [];
  const internalErrors: LintResult['internalErrors'] = [];
  const severityOf = (rule: Rule): Severity | 'off' => config.rules[rule.meta.id] ?? rule.meta.severity;

  const engineFinding = (ruleId: string, range: Range, message: string, severity: Severity): void => {
    const configured = config.rules[ruleId];
    if (configured === 'off') return;
    findings.push({ ruleId, severity: configured ?? severity, message, messageId: 'default', fixes: [], start: range.start, end: range.end });
  };

  if (!config.enable) return { findings, doc: undefined, lines, internalErrors };
  if (request.text.length > config.maxFileSize) {
    if (/AWSTemplateFormatVersion|Resources|Statement/.test(request.text.slice(0, 65536))) {
      engineFinding(TOO_LARGE, { start: 0, end: 0 }, `Not linted: ${request.text.length} characters is over the maxFileSize setting (${config.maxFileSize})`, 'info');
    }
    return { findings, doc: undefined, lines, internalErrors };
  }

  const doc = buildModel(request.name, request.text, { languageId: request.languageId, policyKind: request.policyKind });
  if (!doc) return { findings, doc, lines, internalErrors };
  for (const p of doc.parsed.problems) engineFinding(SYNTAX, p, p.message, p.severity);

  // Rules on a tree the parser had to repair would report its repairs ("empty Statement" for a half-typed array):
  // until the document parses, its syntax errors are all there is to say.
  const broken = doc.parsed.problems.some(isFatal);
  if (doc.kind.kind !== 'none' && !broken) {
    const fixer = new Fixer(request.text, doc.format);
    for (const rule of rules) {
      if (!rule.check) continue;
      const severity = severityOf(rule);
      if (severity === 'off') continue;
      const context: RuleContext = {
        doc,
        config,
        fixer,
        report(target: Range, messageId: string, data?: Record<string, string | number>, fixes: Fix[] = []) {
          const template = rule.meta.messages[messageId];
          if (template === undefined) throw new Error(`${rule.meta.id}: unknown message id "${messageId}"`);
          findings.push({
            ruleId: rule.meta.id,
            severity: config.rules[rule.meta.id] === undefined ? (rule.meta.messageSeverity?.[messageId] ?? severity) : severity,
            message: formatMessage(template, data),
            messageId,
            // A fix that would edit what the SAM transform made (not the document's text) is never offered.
            fixes: fixes.filter((f) => !f.edits.some((e) => e.generated)),
            start: target.start,
            end: target.end,
          });
        },
      };
      try {
        rule.check(context);
      } catch (error) {
        internalErrors.push({ ruleId: rule.meta.id, error });
      }
    }
  }
  (globalThis as Record<symbol, unknown>)[LINTED] = true;
  const kept = applySuppressions(doc, lines, findings);
  kept.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  return { findings: dedupe(kept), doc, lines, internalErrors };
}

/** One policy can be reached twice (a YAML alias, an `!If` with equal branches): report each place once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\0${f.start}\0${f.end}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
