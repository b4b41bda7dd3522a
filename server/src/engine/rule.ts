import type { LintDocument } from '../model/document';
import type { Property } from '../parse/tree';
import type { LintConfig } from './config';
import type { Fixer } from './fixer';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Range {
  start: number;
  end: number;
}

export interface TextEdit extends Range {
  newText: string;
  /** The edit targets something the SAM transform made, not text of the document: a fix with one is never offered. */
  generated?: true;
}

/** The edit, marked when any of the nodes it was made from is generated (so the engine drops its fix). */
export function guardEdit(edit: TextEdit, ...sources: ({ generated?: true } | undefined)[]): TextEdit {
  return sources.some((s) => s?.generated) ? { ...edit, generated: true } : edit;
}

export interface Fix {
  title: string;
  /** Safe fixes cannot change what the policy means beyond the finding: they also run in fix-all and `--fix`. */
  safe: boolean;
  edits: TextEdit[];
}

export interface Finding extends Range {
  ruleId: string;
  severity: Severity;
  message: string;
  messageId: string;
  fixes: Fix[];
}

export interface RuleExample {
  /** `policy.json` is a standalone identity policy, `template.yaml` a SAM/CloudFormation template, … */
  file: string;
  code: string;
  /** For invalid examples: the output of the first (preferred) fix, when the rule has one. */
  fixed?: string;
}

export interface RuleMeta {
  id: string;
  severity: Severity;
  summary: string;
  /** Why it matters, in a paragraph of Markdown. */
  description: string;
  /** The AWS documentation this rule encodes. */
  source: string;
  /** IAM Access Analyzer policy-check issue codes this rule covers. */
  accessAnalyzer?: string[];
  fix?: 'safe' | 'suggestion';
  messages: Record<string, string>;
  /**
   * Messages whose finding has another severity than the rule's: a rule that reports both what IAM rejects (an error)
   * and what IAM accepts but that still cannot work (a warning). A severity set for the rule in the configuration
   * applies to all its messages.
   */
  messageSeverity?: Record<string, Severity>;
  examples: { valid: RuleExample[]; invalid: RuleExample[] };
  /**
   * `document`: the rule reads the whole template at once (a deployer policy against every function and capacity
   * provider in it). Other rules are run on one group of resources that reference each other at a time, and keep
   * their findings on groups an edit did not touch (engine/components.ts).
   *
   * `policy`: the rule reads nothing but each policy of `doc.policies` on its own (its nodes, its `kind`, `purpose`,
   * `container`, `documentless` and `anchor`, the document's text within it and its format): not the template, not
   * the policy's resource, not another policy. The engine then runs it one policy at a time and, for a policy written
   * in a resource, keeps its findings while that resource's text is unchanged, wherever the resource moved.
   */
  scope?: 'document' | 'policy';
}

export interface RuleContext {
  readonly doc: LintDocument;
  readonly config: LintConfig;
  readonly fixer: Fixer;
  report(target: Range, messageId: string, data?: Record<string, string | number>, fixes?: Fix[]): void;
}

export interface Rule {
  meta: RuleMeta;
  /** Findings the engine itself reports (`parse/syntax`) have no check. */
  check?(context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

export function keyRange(p: Property): Range {
  return { start: p.keyStart, end: p.keyEnd };
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}
