import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFixes, fixToFixedPoint } from '../../server/src/engine/fix';
import { lint } from '../../server/src/engine/lint';
import { fixtureDocuments } from '../fixture-documents';
import type { Finding } from '../../server/src/engine/rule';

/**
 * Property: for every fixture and every fix offered on it (in LF and CRLF form), the fixed document parses, the
 * finding the fix targets is gone, and no error appears that was not there; fix-all reaches a fixed point with no
 * safe-fixable finding left, is idempotent, and keeps the line endings.
 */
function documents(): { name: string; text: string }[] {
  return fixtureDocuments().flatMap((d) => [d, { name: d.name, text: d.text.replace(/\r?\n/g, '\r\n') }]);
}

const key = (f: Finding) => `${f.ruleId}\u0000${f.messageId}`;

function counts(findings: Finding[], filter: (f: Finding) => boolean = () => true): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) if (filter(f)) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
  return m;
}

const safeFixes = (name: string) => (text: string) => lint({ name, text }).findings.flatMap((f) => f.fixes.filter((x) => x.safe).slice(0, 1));

for (const doc of documents()) {
  const eol = doc.text.includes('\r\n') ? 'CRLF' : 'LF';
  test(`every fix on ${doc.name} (${eol}) is safe to apply`, () => {
    const before = lint({ name: doc.name, text: doc.text });
    const errorsBefore = counts(before.findings, (f) => f.severity === 'error');
    const syntaxBefore = before.findings.filter((f) => f.ruleId === 'parse/syntax' && f.severity === 'error').map((f) => f.message);
    let checked = 0;
    for (const finding of before.findings) {
      for (const fix of finding.fixes) {
        const label = `${doc.name}: ${finding.ruleId} "${finding.message}" → "${fix.title}"`;
        const fixed = applyFixes(doc.text, [fix]);
        assert.equal(fixed.applied.length, 1, `${label}: the fix's edits apply`);
        const after = lint({ name: doc.name, text: fixed.text });
        // A fixture with a syntax error in one resource keeps it: the fix must add none.
        assert.deepEqual(after.findings.filter((f) => f.ruleId === 'parse/syntax' && f.severity === 'error').map((f) => f.message), syntaxBefore, `${label}: the result parses`);
        const target = key(finding);
        assert.ok((counts(after.findings).get(target) ?? 0) < (counts(before.findings).get(target) ?? 0), `${label}: the targeted finding is gone`);
        for (const [k, n] of counts(after.findings, (f) => f.severity === 'error')) {
          assert.ok(n <= (errorsBefore.get(k) ?? 0), `${label}: a new error appeared: ${k.replace('\u0000', ' ')}`);
        }
        if (eol === 'CRLF') assert.doesNotMatch(fixed.text, /(?<!\r)\n/, `${label}: line endings kept`);
        checked++;
      }
    }
    const all = fixToFixedPoint(doc.text, safeFixes(doc.name));
    assert.ok(all.passes < 10, `${doc.name}: fix-all reaches a fixed point`);
    const left = lint({ name: doc.name, text: all.text }).findings.filter((f) => f.fixes.some((x) => x.safe));
    assert.deepEqual(left.map((f) => `${f.ruleId}: ${f.message}`), [], `${doc.name}: no safe-fixable finding left after fix-all`);
    assert.equal(fixToFixedPoint(all.text, safeFixes(doc.name)).text, all.text, `${doc.name}: fix-all is idempotent`);
    if (eol === 'CRLF') assert.doesNotMatch(all.text, /(?<!\r)\n/, `${doc.name}: fix-all keeps CRLF`);
    assert.ok(checked >= 0);
  });
}
