// Parity with cfn-lint on its two Lambda permission rules: every W3663 (SourceAccount required when SourceArn is an
// S3 bucket or names no account) and W3664 (Principal does not match the SourceArn's resource type) that cfn-lint
// reports on test/fixtures/templates/* must be reported by lambda-iam-lint too, at the same resource.
//
// cfn-lint runs once over all template fixtures (it takes seconds per run). Where it is not installed, the test
// compares against the copy of its output recorded in test/fixtures/cfn-lint-findings.json; where it is, the test
// also checks that the recording is still what cfn-lint says. After adding or changing a fixture, refresh it on a
// machine with cfn-lint:
//
//   UPDATE_CFN_LINT=1 node scripts/run-tests.mjs test/cfn-lint-parity.test.ts
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, fixtureFiles } from '../scripts/update-snapshots';
import { lint } from '../server/src/engine/lint';

const RECORDING = join(__dirname, 'fixtures', 'cfn-lint-findings.json');

/** cfn-lint rule → the lambda-iam-lint rules that report the same problem. */
const COUNTERPARTS: Record<string, string[]> = {
  W3663: ['lambda/permission-source'],
  // A misspelt principal (`s3.amazon.com` for a bucket) fails W3664's pattern; we report it as a typo.
  W3664: ['lambda/permission-source-mismatch', 'lambda/permission-principal'],
};

interface CfnLintFinding {
  file: string;
  resource: string;
  rule: string;
  message: string;
}

interface Recording {
  /** The template fixtures cfn-lint ran on. */
  files: string[];
  findings: CfnLintFinding[];
}

interface Row extends CfnLintFinding {
  ours: string | undefined;
}

/** The fixtures that are CloudFormation or SAM templates (standalone policies are not cfn-lint's). */
function templateFixtures(): string[] {
  return fixtureFiles().filter((f) => lint({ name: f, text: readFileSync(join(FIXTURES, f), 'utf8') }).doc?.kind.kind === 'template');
}

/** Undefined when cfn-lint cannot be spawned. */
function runCfnLint(files: string[]): Recording | undefined {
  const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...files], { cwd: FIXTURES, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  if (run.error) throw run.error;
  // A version-manager shim (pyenv, asdf) without cfn-lint behind it exits 127: command not found.
  if (run.status === 127) return undefined;
  // Exit status is a bit set (2 errors, 4 warnings, 8 informational); bit 1 means cfn-lint itself failed.
  if (run.status === null || (run.status & 1) === 1) throw new Error(`cfn-lint failed (status ${run.status}): ${run.stderr}`);
  const matches = JSON.parse(run.stdout) as { Rule: { Id: string }; Filename: string; Message: string; Location: { Path: (string | number)[] } }[];
  const findings = matches
    .filter((m) => m.Rule.Id in COUNTERPARTS && m.Location.Path[0] === 'Resources')
    .map((m) => ({ file: basename(m.Filename), resource: String(m.Location.Path[1]), rule: m.Rule.Id, message: m.Message }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.resource.localeCompare(b.resource) || a.rule.localeCompare(b.rule));
  return { files, findings };
}

/** Our findings in one fixture, by the logical id of the resource that contains them. */
function ourFindingsByResource(file: string): { resource: string; rule: string }[] {
  const result = lint({ name: file, text: readFileSync(join(FIXTURES, file), 'utf8') });
  const resources = result.doc?.template?.resources ?? [];
  return result.findings.flatMap((f) => {
    const r = resources.find((x) => x.entry.start <= f.start && f.end <= x.entry.end);
    return r ? [{ resource: r.id, rule: f.ruleId }] : [];
  });
}

/** Each cfn-lint finding beside the counterpart we report at the same resource, or undefined when we miss it. */
function compare(findings: CfnLintFinding[], ours: (file: string) => { resource: string; rule: string }[]): Row[] {
  const cache = new Map<string, { resource: string; rule: string }[]>();
  return findings.map((f) => {
    if (!cache.has(f.file)) cache.set(f.file, ours(f.file));
    const hit = cache.get(f.file)!.find((o) => o.resource === f.resource && COUNTERPARTS[f.rule].includes(o.rule));
    return { ...f, ours: hit?.rule };
  });
}

function table(rows: Row[]): string[] {
  const cells = [['fixture', 'resource', 'cfn-lint', 'lambda-iam-lint'], ...rows.map((r) => [r.file, r.resource, r.rule, r.ours ?? 'MISSING'])];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  return cells.map((c) => c.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}

const files = templateFixtures();
const live = runCfnLint(files);
if (live && process.env.UPDATE_CFN_LINT === '1') writeFileSync(RECORDING, `${JSON.stringify(live, null, 2)}\n`);
const recorded = existsSync(RECORDING) ? (JSON.parse(readFileSync(RECORDING, 'utf8')) as Recording) : undefined;

test('lambda-iam-lint reports every cfn-lint W3663 and W3664 finding, at the same resource', (t) => {
  const source = live ?? recorded;
  assert.ok(source, `cfn-lint is not installed and ${RECORDING} does not exist: record it where cfn-lint is (UPDATE_CFN_LINT=1)`);
  if (!live) {
    t.diagnostic('cfn-lint not found: comparing with the recorded copy test/fixtures/cfn-lint-findings.json');
    assert.deepEqual(source.files, files, 'the recording covers exactly the template fixtures: refresh it with UPDATE_CFN_LINT=1 where cfn-lint is installed');
  }
  const rows = compare(source.findings, ourFindingsByResource);
  for (const line of table(rows)) t.diagnostic(line);
  const missed = rows.filter((r) => r.ours === undefined).map((r) => `${r.file} ${r.resource}: cfn-lint ${r.rule} "${r.message}"`);
  assert.deepEqual(missed, [], 'cfn-lint findings lambda-iam-lint does not report');
});

test('the parity check is not vacuous: the fixtures hold both rules, and missing them fails', () => {
  const source = live ?? recorded;
  assert.ok(source);
  const rules = new Set(source.findings.map((f) => f.rule));
  for (const rule of Object.keys(COUNTERPARTS)) assert.ok(rules.has(rule), `some fixture makes cfn-lint report ${rule}`);
  // With our findings taken away, every row must come out missing.
  assert.ok(compare(source.findings, () => []).every((r) => r.ours === undefined));
});

test('the recorded cfn-lint output is what cfn-lint reports now', (t) => {
  if (!live) {
    t.skip('cfn-lint is not installed');
    return;
  }
  assert.ok(recorded, `${RECORDING} is missing: run with UPDATE_CFN_LINT=1`);
  assert.deepEqual(recorded, live, 'test/fixtures/cfn-lint-findings.json is out of date: run with UPDATE_CFN_LINT=1');
});
