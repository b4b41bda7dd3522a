import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lint } from '../../server/src/engine/lint';
import { LineIndex } from '../../server/src/engine/line-index';
import { parseDocument } from '../../server/src/parse/document';
import { walk, type Node } from '../../server/src/parse/tree';
import { parseYamlWithLibrary } from '../../server/src/parse/yaml';
import { parseYamlFast } from '../../server/src/parse/yaml-fast';

/**
 * Differential test against the reference CloudFormation-compatible reading (cfn-lint's `cfnlint.decode.cfn_yaml`,
 * PyYAML), recorded by `python3 scripts/yaml-reference.py` in test/fixtures/yaml-reference.json: every document it
 * accepts reads to the same value, in the fast path and in the library path alike; every document it refuses gives
 * exactly one `parse/syntax` error, on a line the reference names.
 */
const ROOT = join(__dirname, '..', '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'sam-translator', 'input');

interface Reference {
  name: string;
  sha256: string;
  text?: string;
  accepted: boolean;
  value?: string;
  lines?: number[];
  reason?: string;
}

const reference = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'yaml-reference.json'), 'utf8')) as { documents: Reference[] };

function sha(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function textOf(d: Reference): string | undefined {
  if (d.text !== undefined) return d.text;
  const path = d.name.startsWith('corpus:') ? join(CORPUS, d.name.slice('corpus:'.length)) : join(ROOT, d.name);
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  assert.equal(sha(text), d.sha256, `${d.name} changed since the reference was recorded: run python3 scripts/yaml-reference.py`);
  return text;
}

/** Python's `repr(float)` for a finite number that is not a safe integer. */
function pythonFloat(v: number): string {
  const [digits, exp] = v.toExponential().split('e');
  const e = Number(exp);
  const mantissa = digits.replace('.', '').replace('-', '');
  const sign = v < 0 ? '-' : '';
  if (e >= -5 && e < 16) {
    if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${mantissa}`;
    const int = mantissa.slice(0, e + 1).padEnd(e + 1, '0');
    const frac = mantissa.slice(e + 1);
    return `${sign}${int}.${frac || '0'}`;
  }
  const m = mantissa.length > 1 ? `${mantissa[0]}.${mantissa.slice(1)}` : mantissa;
  return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** `number` of scripts/yaml-reference.py. */
function canonicalNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 2 ** 53) return String(v);
  return pythonFloat(v);
}

/** `canonical` of scripts/yaml-reference.py, on our tree: intrinsics as cfn-lint builds them (`!GetAtt A.B` → [A, B]). */
function canonical(n: Node): string {
  switch (n.type) {
    case 'null':
      return 'null';
    case 'boolean':
      return n.value ? 'true' : 'false';
    case 'number':
      return `#${canonicalNumber(n.value)}`;
    case 'string':
      return JSON.stringify(n.value);
    case 'array':
      return `[${n.items.map(canonical).join(',')}]`;
    case 'object': {
      const items = n.properties.map((p) => [p.key, canonical(p.value)] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
      return `{${items.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
    }
    case 'intrinsic': {
      let arg = canonical(n.argument);
      if (n.fn === 'Fn::GetAtt' && n.form === 'short' && n.argument.type === 'string') {
        const v = n.argument.value;
        const dot = v.indexOf('.');
        arg = JSON.stringify(dot < 0 ? [v] : [v.slice(0, dot), v.slice(dot + 1)]);
      }
      return `{${JSON.stringify(n.fn)}:${arg}}`;
    }
  }
}

function valueHash(root: Node | undefined): string {
  return sha(root ? canonical(root) : '{}').slice(0, 24);
}

/** Ranges are exact: a plain or one-line quoted scalar's range holds exactly its text. */
function checkRanges(text: string, root: Node | undefined, label: string): void {
  walk(root, (n) => {
    if (n.type !== 'string') return;
    const src = text.slice(n.start, n.end);
    if (src.includes('\n')) return;
    if (n.style === 'plain') assert.equal(src, n.value, `${label}: range of ${JSON.stringify(n.value)}`);
    if (n.style === 'double' && !src.includes('\\')) assert.equal(src, JSON.stringify(n.value), `${label}: range of "${n.value}"`);
    if (n.style === 'single') assert.equal(src, `'${n.value.replace(/'/g, "''")}'`, `${label}: range of '${n.value}'`);
  });
}

test('documents the reference accepts read to the same values, in both paths, with exact ranges', () => {
  let checked = 0;
  let fast = 0;
  const byOrigin = new Map<string, number>();
  for (const d of reference.documents.filter((x) => x.accepted)) {
    const text = textOf(d);
    if (text === undefined) continue;
    const parsed = parseDocument(text, 'yaml');
    assert.deepEqual(parsed.problems.filter((p) => p.severity === 'error'), [], `${d.name}: the reference accepts it`);
    assert.equal(valueHash(parsed.root), d.value, `${d.name}: a different value than the reference reads`);
    const library = parseYamlWithLibrary(text);
    assert.equal(valueHash(library.root), d.value, `${d.name}: the library path reads a different value`);
    const quick = parseYamlFast(text);
    if (quick) {
      fast++;
      assert.deepEqual(quick, library.root, `${d.name}: the fast path and the library path differ`);
    }
    checkRanges(text, parsed.root, d.name);
    checked++;
    const origin = d.name.split(':')[0].split('/')[0];
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + 1);
  }
  assert.ok(checked >= 100, `${checked} documents checked`);
  console.log(`yaml reference: ${checked} accepted documents read alike (${fast} by the fast path): ${[...byOrigin].map(([k, v]) => `${k} ${v}`).join(', ')}`);
});

test('documents the reference refuses give exactly one parse/syntax error, on a line it names', () => {
  let checked = 0;
  for (const d of reference.documents.filter((x) => !x.accepted)) {
    const text = textOf(d);
    if (text === undefined) continue;
    const result = lint({ name: 'template.yaml', text });
    const syntax = result.findings.filter((f) => f.ruleId === 'parse/syntax' && f.severity === 'error');
    assert.equal(syntax.length, 1, `${d.name}: ${syntax.length} syntax errors (${syntax.map((f) => f.message).join(' | ')}); the reference says: ${d.reason}`);
    const line = new LineIndex(text).positionAt(syntax[0].start).line + 1;
    assert.ok(d.lines?.includes(line), `${d.name}: reported at line ${line} (${syntax[0].message}), the reference names ${d.lines?.join(', ')}: ${d.reason}`);
    checked++;
  }
  assert.ok(checked >= 100, `${checked} documents checked`);
  console.log(`yaml reference: ${checked} refused documents, one syntax error each`);
});
