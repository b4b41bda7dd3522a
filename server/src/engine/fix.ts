import type { Fix, TextEdit } from './rule';

/**
 * Apply fixes to a text. A fix whose edits overlap an already accepted one is skipped (the next pass gets it),
 * as ESLint does: one fix is applied whole or not at all.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: Fix[] } {
  const accepted: { fix: Fix; edits: TextEdit[] }[] = [];
  const taken: TextEdit[] = [];
  for (const fix of fixes) {
    const edits = [...fix.edits].sort((a, b) => a.start - b.start);
    if (edits.some((e) => e.start > e.end || e.end > text.length || e.start < 0)) continue;
    if (edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    if (edits.some((e, i) => i > 0 && overlaps(e, edits[i - 1]))) continue;
    accepted.push({ fix, edits });
    taken.push(...edits);
  }
  const all = taken.slice().sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of all) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return { text: out, applied: accepted.map((a) => a.fix) };
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end || b.start === b.end) {
    const [point, other] = a.start === a.end ? [a, b] : [b, a];
    if (other.start === other.end) return point.start === other.start;
    return point.start > other.start && point.start < other.end;
  }
  return a.start < b.end && b.start < a.end;
}

/**
 * Apply every safe fix, re-lint, and repeat until nothing changes (or 10 passes: fixes that undo each other must
 * not loop forever).
 */
export function fixToFixedPoint(text: string, safeFixesOf: (text: string) => Fix[], maxPasses = 10): { text: string; passes: number; applied: number } {
  let current = text;
  let applied = 0;
  for (let pass = 1; pass <= maxPasses; pass++) {
    const fixes = safeFixesOf(current);
    if (fixes.length === 0) return { text: current, passes: pass - 1, applied };
    const result = applyFixes(current, fixes);
    if (result.applied.length === 0 || result.text === current) return { text: current, passes: pass, applied };
    applied += result.applied.length;
    current = result.text;
  }
  return { text: current, passes: maxPasses, applied };
}
