import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFixes } from '../server/src/engine/fix';
import { lint } from '../server/src/engine/lint';
import { LineIndex } from '../server/src/engine/line-index';
import type { Finding } from '../server/src/engine/rule';
import { ruleById } from '../server/src/rules';
import type { ConfiguredPolicyKind } from '../server/src/model/detect';

/**
 * Valid/invalid tables for one rule. In invalid cases the expected ranges are written into the code with
 * `«` and `»` (in the order the findings come), so a reader sees exactly what is underlined.
 */
export interface InvalidCase {
  name?: string;
  file?: string;
  code: string;
  /** Message ids, one per marked range, in order. */
  messages: string[];
  /** The severity of each finding, in the same order (checked when given). */
  severities?: string[];
  /** The document after applying the first fix of every finding of this rule (omit when the rule offers none). */
  output?: string;
  /** Whether that first fix is marked safe; defaults to the rule's `fix === 'safe'`. */
  safe?: boolean;
  /** What `policyKinds` says the file is. */
  policyKind?: ConfiguredPolicyKind;
}

export interface ValidCase {
  name?: string;
  file?: string;
  code: string;
  policyKind?: ConfiguredPolicyKind;
}

export function stripMarkers(marked: string): { code: string; ranges: { start: number; end: number }[] } {
  const ranges: { start: number; end: number }[] = [];
  const opens: number[] = [];
  let code = '';
  for (const ch of marked) {
    if (ch === '«') opens.push(code.length);
    else if (ch === '»') ranges.push({ start: opens.pop()!, end: code.length });
    else code += ch;
  }
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  return { code, ranges };
}

function describe(text: string, f: { start: number; end: number }): string {
  const lines = new LineIndex(text);
  const s = lines.positionAt(f.start);
  const e = lines.positionAt(f.end);
  return `${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1} ${JSON.stringify(text.slice(f.start, f.end))}`;
}

export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const rule = ruleById(ruleId);
  assert.ok(rule, `rule ${ruleId} is registered`);
  const ofRule = (findings: Finding[]) => findings.filter((f) => f.ruleId === ruleId);

  cases.valid.forEach((c, i) => {
    test(`${ruleId} valid #${i + 1}${c.name ? ` (${c.name})` : ''}`, () => {
      const result = lint({ name: c.file ?? 'policy.json', text: c.code, policyKind: c.policyKind });
      assert.deepEqual(result.internalErrors, []);
      assert.deepEqual(ofRule(result.findings).map((f) => `${f.messageId} ${describe(c.code, f)}`), []);
    });
  });

  cases.invalid.forEach((c, i) => {
    test(`${ruleId} invalid #${i + 1}${c.name ? ` (${c.name})` : ''}`, () => {
      const { code, ranges } = stripMarkers(c.code);
      const result = lint({ name: c.file ?? 'policy.json', text: code, policyKind: c.policyKind });
      assert.deepEqual(result.internalErrors, []);
      const found = ofRule(result.findings);
      assert.deepEqual(
        found.map((f) => `${f.messageId} ${describe(code, f)}`),
        ranges.map((r, k) => `${c.messages[k]} ${describe(code, r)}`),
      );
      assert.equal(c.messages.length, ranges.length, 'one message id per marked range');
      for (const f of found) assert.doesNotMatch(f.message, /\{\{/, `${f.messageId}: every placeholder is filled`);
      if (c.severities !== undefined) assert.deepEqual(found.map((f) => f.severity), c.severities, 'severities');
      const firstFixes = found.map((f) => f.fixes[0]).filter((f) => f !== undefined);
      if (c.output === undefined) {
        assert.deepEqual(firstFixes.map((f) => f.title), [], 'no fix expected');
        return;
      }
      assert.ok(firstFixes.length > 0, 'a fix is offered');
      const safe = c.safe ?? rule.meta.fix === 'safe';
      for (const f of firstFixes) assert.equal(f.safe, safe, `fix "${f.title}" safe=${f.safe}`);
      const fixed = applyFixes(code, firstFixes).text;
      assert.equal(fixed, c.output);
      const after = lint({ name: c.file ?? 'policy.json', text: fixed, policyKind: c.policyKind });
      assert.deepEqual(after.findings.filter((f) => f.ruleId === 'parse/syntax').map((f) => f.message), [], 'the fixed document parses');
    });
  });
}
