import type { LintDocument } from '../model/document';
import type { LineIndex } from './line-index';
import type { Finding } from './rule';

const directive = /#\s*lambda-iam-lint-(disable-next-line|disable-line|disable)(?:[ \t]+([^\r\n]*?))?[ \t]*(?:--.*)?$/;

/** A set of rule ids, or `*` for every rule. */
type RuleSet = Set<string>;

/**
 * YAML comments (`# lambda-iam-lint-disable-next-line <rule>`, `… -disable-line`, `… -disable <rule>` for the whole
 * file; no rule means every rule) and `Metadata: lambda-iam-lint: ignore: [<rule>]` on a template resource.
 */
export function applySuppressions(doc: LintDocument, lines: LineIndex, findings: Finding[]): Finding[] {
  const fileWide: RuleSet = new Set();
  const byLine = new Map<number, RuleSet>();
  if (doc.format === 'yaml' && doc.text.includes('lambda-iam-lint-disable')) {
    for (let line = 0; line < lines.lineCount; line++) {
      const text = lines.lineText(line);
      if (!text.includes('lambda-iam-lint-disable')) continue;
      const m = directive.exec(text);
      if (!m) continue;
      const rules = (m[2] ?? '').split(/[\s,]+/).filter(Boolean);
      const target = m[1] === 'disable' ? fileWide : lineSet(byLine, m[1] === 'disable-next-line' ? line + 1 : line);
      if (rules.length === 0) target.add('*');
      for (const r of rules) target.add(r);
    }
  }
  const resources = doc.template?.written.filter((r) => r.ignores.length > 0) ?? [];
  if (fileWide.size === 0 && byLine.size === 0 && resources.length === 0) return findings;
  return findings.filter((f) => {
    if (matches(fileWide, f.ruleId)) return false;
    const rules = byLine.get(lines.positionAt(f.start).line);
    if (rules && matches(rules, f.ruleId)) return false;
    for (const r of resources) {
      if (f.start >= r.entry.start && f.start <= r.entry.end && matches(new Set(r.ignores), f.ruleId)) return false;
    }
    return true;
  });
}

function lineSet(map: Map<number, RuleSet>, line: number): RuleSet {
  let set = map.get(line);
  if (!set) map.set(line, (set = new Set()));
  return set;
}

/** `*`, the exact id, or a `prefix/*` family. */
function matches(rules: RuleSet, id: string): boolean {
  if (rules.size === 0) return false;
  return rules.has('*') || rules.has(id) || rules.has(`${id.split('/')[0]}/*`);
}
