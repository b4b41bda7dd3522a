// Refreshes test/fixtures/templates/*.expected.txt: what lambda-iam-lint reports on each fixture, in a form a
// reviewer can read. `npm run snapshots` writes them; test/fixtures.test.ts fails when one is out of date.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../server/src/engine/lint';

export const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'templates');

export function fixtureFiles(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
}

/** One line per finding: `line:col-line:col severity rule message [fix: title (safe)]`, 1-based like an editor shows. */
export function renderSnapshot(file: string): string {
  const text = readFileSync(join(FIXTURES, file), 'utf8');
  const result = lint({ name: file, text });
  if (result.internalErrors.length) throw new Error(`${file}: ${result.internalErrors.map((e) => String(e.error)).join('; ')}`);
  const lines = result.findings.map((f) => {
    const s = result.lines.positionAt(f.start);
    const e = result.lines.positionAt(f.end);
    const fixes = f.fixes.map((x) => ` [fix: ${x.title}${x.safe ? ' (safe)' : ''}]`).join('');
    return `${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1} ${f.severity} ${f.ruleId} ${f.message}${fixes}`;
  });
  return `# ${file}: ${lines.length === 0 ? 'no findings' : `${lines.length} finding${lines.length === 1 ? '' : 's'}`}\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}

if (require.main === module) {
  for (const file of fixtureFiles()) writeFileSync(join(FIXTURES, `${file}.expected.txt`), renderSnapshot(file));
  console.log(`snapshots: ${fixtureFiles().length} written under test/fixtures/templates/`);
}
