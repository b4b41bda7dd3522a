import type { FileFinding } from './report';

const colors = { red: 31, yellow: 33, cyan: 36, gray: 90, bold: 1, underline: 4 } as const;

/** Human output in the shape ESLint users know: a block per file, `line:col severity message rule`, then totals. */
export function formatStylish(findings: readonly FileFinding[], color: boolean): string {
  const paint = (c: keyof typeof colors, s: string) => (color ? `\u001b[${colors[c]}m${s}\u001b[0m` : s);
  const out: string[] = [];
  const byFile = new Map<string, FileFinding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  for (const [file, list] of byFile) {
    out.push(paint('underline', file));
    const rows = list.map((f) => [`${f.range.start.line + 1}:${f.range.start.character + 1}`, f.severity, f.message, f.rule]);
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    for (const [pos, sev, message, rule] of rows) {
      const sevText = sev.padEnd(w1);
      const painted = sev === 'error' ? paint('red', sevText) : sev === 'warning' ? paint('yellow', sevText) : paint('cyan', sevText);
      out.push(`  ${paint('gray', pos.padEnd(w0))}  ${painted}  ${message}  ${paint('gray', rule)}`);
    }
    out.push('');
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const others = findings.length - errors - warnings;
  if (findings.length === 0) return '';
  const summary = `✖ ${findings.length} problem${findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${others ? `, ${others} info/hint` : ''})`;
  out.push(paint('bold', errors ? paint('red', summary) : paint('yellow', summary)));
  const fixable = findings.filter((f) => f.fixes.some((x) => x.safe)).length;
  if (fixable) out.push(`  ${fixable} potentially fixable with the \`--fix\` option.`);
  return out.join('\n') + '\n';
}
