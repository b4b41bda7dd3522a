import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv-draft-04';
import schema from '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

const ROOT = join(__dirname, '..', '..');

test('--format sarif validates against the SARIF 2.1.0 schema', () => {
  // The OASIS schema is draft-04 and has a pattern that is not valid in Unicode mode; its formats are informative.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false, logger: false });
  const validate = ajv.compile(schema);
  for (const target of ['examples/', 'test/fixtures/templates/']) {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--format', 'sarif', target], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    const sarif = JSON.parse(r.stdout) as { runs: { results: unknown[] }[] };
    const ok = validate(sarif as unknown);
    assert.ok(ok, `${target}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`);
    assert.ok(sarif.runs[0].results.length > 0, `${target} has results`);
  }
  // The validator is not vacuous: a broken log fails.
  const broken = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'fatal', message: { text: 'x' } }] }] };
  assert.equal(validate(broken), false);
});
