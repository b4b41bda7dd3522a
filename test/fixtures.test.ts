import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, fixtureFiles, renderSnapshot } from '../scripts/update-snapshots';

// Each realistic template under test/fixtures/templates has the findings a reviewer agreed to in
// <file>.expected.txt; `npm run snapshots` rewrites them after an intended change.
for (const file of fixtureFiles()) {
  test(`fixture ${file} matches its snapshot`, () => {
    const expected = join(FIXTURES, `${file}.expected.txt`);
    assert.ok(existsSync(expected), `${file}.expected.txt exists: run npm run snapshots`);
    assert.equal(renderSnapshot(file), readFileSync(expected, 'utf8'));
  });
}
