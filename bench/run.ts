// npm run bench: speed and memory against the budgets (README "Performance"), measured on templates people write —
// the SAM translator corpus (../shared/corpus/sam-translator/input), the project's examples and fixtures — and on
// generated ones for sizes no real template reaches, side by side with cfn-lint in the same run.
// Prints a table and writes bench/results.json. Nothing here is a test: budgets are judged here, not asserted.
//   --quick    fewer repetitions (a smoke run, figures not for the README)
//   --no-cfn   do not run cfn-lint (it takes most of the time)
//   --only=engine,cold,edits,generated,memory,cli,vsix   run these sections alone (implies results.json is not written)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { lint } from '../server/src/engine/lint';
import { buildModel } from '../server/src/model/document';
import { parseYamlFast } from '../server/src/parse/yaml-fast';
import type { Node } from '../server/src/parse/tree';
import { startServer, type TestClient } from '../test/lsp/lsp-client';
import { generateTemplate } from './template';

const ROOT = join(__dirname, '..');
const SAM_CORPUS = join(ROOT, '..', 'shared', 'corpus', 'sam-translator', 'input');
const quick = process.argv.includes('--quick');
const noCfn = process.argv.includes('--no-cfn');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const runs = (section: string): boolean => !only || only.includes(section);

interface Row {
  measure: string;
  value: string;
  budget: string;
  met: boolean | null;
}
const rows: Row[] = [];
const notes: string[] = [];
const results: Record<string, unknown> = {};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const median = (values: number[]) => percentile(values, 50);
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
const lineCount = (text: string) => text.split('\n').length;

// ---------------------------------------------------------------------------------------------------------------
// Corpora

interface Corpus {
  name: string;
  /** Where the files come from, relative to the repository root. */
  source: string;
  files: string[];
  cleanup?: () => void;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('.')) walk(path, out);
    else if (e.isFile() && /\.(json|ya?ml|template)$/i.test(e.name) && e.name !== '.lambda-iam-lint.json') out.push(path);
  }
  return out;
}

function corpora(): Corpus[] {
  const list: Corpus[] = [];
  if (existsSync(SAM_CORPUS)) list.push({ name: 'SAM translator corpus', source: relative(ROOT, SAM_CORPUS), files: walk(SAM_CORPUS) });
  else notes.push(`SAM translator corpus not found at ${relative(ROOT, SAM_CORPUS)}: skipped`);
  list.push({ name: 'examples and fixtures', source: 'examples/, test/fixtures/templates/', files: [...walk(join(ROOT, 'examples')), ...walk(join(ROOT, 'test', 'fixtures', 'templates'))] });
  const dir = mkdtempSync(join(tmpdir(), 'lil-bench-'));
  const files: string[] = [];
  for (let i = 0; i < 100; i++) {
    const file = join(dir, `template-${String(i).padStart(3, '0')}.yaml`);
    writeFileSync(file, generateTemplate(150 + (i % 10) * 30, i));
    files.push(file);
  }
  list.push({ name: 'generated (bench/template.ts)', source: 'bench/template.ts', files, cleanup: () => rmSync(dir, { recursive: true, force: true }) });
  return list;
}

// ---------------------------------------------------------------------------------------------------------------
// Engine, in process: per-file work without start-up

function engineLint(): void {
  for (const lines of [300, 3_000, 10_000]) {
    const text = generateTemplate(lines);
    for (let i = 0; i < 5; i++) lint({ name: 'bench.yaml', text });
    const times: number[] = [];
    const runs = quick ? 10 : 30;
    let findings = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      findings = lint({ name: 'bench.yaml', text }).findings.length;
      times.push(performance.now() - t);
    }
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    results[`engine_${lines}`] = { lines: lineCount(text), runs, p50, p95, findings };
    rows.push({ measure: `engine lint, generated ${lineCount(text)}-line SAM template (${findings} findings)`, value: `p50 ${ms(p50)}, p95 ${ms(p95)}`, budget: '—', met: null });
  }
}

function engineCorpus(corpus: Corpus): number {
  const texts = corpus.files.map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));
  for (const t of texts) lint(t); // warm: catalogue loaded, code optimised
  const times: number[] = [];
  for (let run = 0; run < (quick ? 1 : 3); run++) {
    const t0 = performance.now();
    for (const t of texts) lint(t);
    times.push(performance.now() - t0);
  }
  return median(times);
}

// ---------------------------------------------------------------------------------------------------------------
// The language server over stdio

interface EditSite {
  kind: 'resource' | 'policy' | 'top-level';
  /** Offset where typing starts. */
  offset: number;
}

/** Where a user edits: a scalar in the middle resource's properties, a statement's Sid or action, the Description. */
function editSites(name: string, text: string, statementSites = 1): EditSite[] {
  const doc = buildModel(name, text);
  const sites: EditSite[] = [];
  const template = doc?.template;
  if (!template) return sites;
  const inside = (node: Node): number | undefined => {
    if (node.generated || node.type !== 'string' || node.style === 'block' || node.end - node.start < 3) return undefined;
    return node.start + Math.floor((node.end - node.start) / 2);
  };
  const firstString = (node: Node | undefined, skipKeys: Set<string>): number | undefined => {
    if (!node || node.generated) return undefined;
    if (node.type === 'string') return inside(node);
    if (node.type === 'object') {
      for (const p of node.properties) {
        if (skipKeys.has(p.key)) continue;
        const at = firstString(p.value, skipKeys);
        if (at !== undefined) return at;
      }
    } else if (node.type === 'array') {
      for (const item of node.items) {
        const at = firstString(item, skipKeys);
        if (at !== undefined) return at;
      }
    }
    return undefined;
  };
  const written = template.written;
  for (let i = 0; i < written.length; i++) {
    const r = written[Math.floor(written.length / 2 + (i % 2 ? -1 : 1) * Math.ceil(i / 2)) % written.length] ?? written[i];
    const at = firstString(r.properties, new Set(['Type', 'Condition', 'DependsOn']));
    if (at !== undefined) {
      sites.push({ kind: 'resource', offset: at });
      break;
    }
  }
  // A statement from the middle of the template's; for the real templates (`statementSites` 5) up to five, spread over
  // them (the operator role's, a function's, the deployer's, …), so the policy row is not two statements' alone.
  const statements = doc.policies.flatMap((p) => p.statements).filter((s) => !s.node.generated);
  const policySites: number[] = [];
  for (const s of statements.slice(Math.floor(statements.length / 2)).concat(statements.slice(0, Math.floor(statements.length / 2)))) {
    const sid = s.node.properties.find((p) => p.key === 'Sid' || p.key === 'Action');
    const at = sid && firstString(sid.value, new Set());
    if (at !== undefined) policySites.push(at);
  }
  const spread = (n: number) => (policySites.length <= n ? policySites : Array.from({ length: n }, (_, k) => policySites[Math.floor((k * policySites.length) / n)]!));
  for (const offset of [...new Set(spread(statementSites))]) sites.push({ kind: 'policy', offset });
  const description = doc.parsed.root?.type === 'object' ? doc.parsed.root.properties.find((p) => p.key === 'Description') : undefined;
  const at = description && inside(description.value);
  if (at !== undefined) sites.push({ kind: 'top-level', offset: at });
  return sites;
}

/**
 * A YAML template without a `Description` gets one (before its first top-level key, after any `---` or comments), so
 * every template has a top-level edit. (After the first line, as before, it landed inside `Resources:` when that was
 * the first line, and broke the four largest templates that start so.)
 */
function withDescription(text: string, name: string): string {
  if (!/\.ya?ml$/.test(name) || /^Description:/m.test(text)) return text;
  const first = /^[A-Za-z"']/m.exec(text);
  const at = first ? first.index : 0;
  return `${text.slice(0, at)}Description: Edited by the benchmark at the top level\n${text.slice(at)}`;
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/**
 * Types `count / 2` characters at the site at a fast typist's pace (50 ms apart), then deletes them one by one:
 * every edit is one incremental change, timed from didChange to the publishDiagnostics of that version.
 */
async function typeAt(client: TestClient, uri: string, state: { text: string; version: number }, offset: number, count: number): Promise<number[]> {
  const times: number[] = [];
  const half = Math.floor(count / 2);
  for (let i = 0; i < count; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const typing = i < half;
    const at = typing ? offset + i : offset + (count - i) - 1;
    const start = positionOf(state.text, at);
    const range = typing ? { start, end: start } : { start, end: { line: start.line, character: start.character + 1 } };
    state.text = typing ? state.text.slice(0, at) + 'q' + state.text.slice(at) : state.text.slice(0, at) + state.text.slice(at + 1);
    state.version++;
    const t = performance.now();
    client.change(uri, state.version, [{ range, text: typing ? 'q' : '' }]);
    await client.diagnostics(uri, state.version);
    times.push(performance.now() - t);
  }
  return times;
}

/**
 * Where a person adds lines, and what they type there: a statement after the first `Statement:` under `Resources`
 * (or the first `"Statement": [`), else an entry after the middle one of the `Properties:` lines under `Resources`
 * (a resource's or an event's; JSON: the first `"Properties": {`) — indented as the lines around it, typed a
 * character at a time, line breaks included, so the document passes through the syntax errors of half-written lines
 * (`Eff`, `Action: [s3:Get`, a JSON object without its comma yet).
 */
function newLinesSite(name: string, text: string): { offset: number; typed: string; what: string } | undefined {
  const json = /\.json$/.test(name);
  if (json) {
    const st = /"Statement"\s*:\s*\[/.exec(text);
    if (st) {
      const indent = /\n( *)\S/.exec(text.slice(st.index))?.[1] ?? '  ';
      return { offset: st.index + st[0].length, typed: `\n${indent}{ "Sid": "TypedByTheBenchmark", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*" },`, what: 'statement' };
    }
    const pr = /"Properties"\s*:\s*\{/.exec(text);
    if (!pr) return undefined;
    const indent = /\n( *)\S/.exec(text.slice(pr.index))?.[1] ?? '  ';
    return { offset: pr.index + pr[0].length, typed: `\n${indent}"Description": "typed by the benchmark",`, what: 'property' };
  }
  const resources = /^Resources:[ ]*$/m.exec(text);
  if (!resources) return undefined;
  const st = /^( *)Statement:[ ]*$/m.exec(text.slice(resources.index));
  if (st) {
    const at = resources.index + st.index + st[0].length;
    const next = /\n( *)(- )?/.exec(text.slice(at));
    const dash = next?.[2] ? next[1]! : `${st[1]}  `;
    const ind = `${dash}  `;
    return { offset: at, typed: `\n${dash}- Sid: TypedByTheBenchmark\n${ind}Effect: Allow\n${ind}Action: [s3:GetObject, s3:ListBucket]\n${ind}Resource: '*'`, what: 'statement' };
  }
  const props = [...text.slice(resources.index).matchAll(/^( +)Properties:[ ]*$/gm)];
  const pr = props[Math.floor(props.length / 2)];
  if (!pr) return undefined;
  const at = resources.index + pr.index! + pr[0].length;
  const next = /\n( *)\S/.exec(text.slice(at));
  const ind = next && next[1]!.length > pr[1]!.length ? next[1]! : `${pr[1]}  `;
  return { offset: at, typed: `\n${ind}Tags:\n${ind}  Team: orders\n${ind}  Stages: [dev, prod]`, what: 'property' };
}

/** Types `typed` at `offset` a character at a time, 50 ms apart: the time of each, and how many versions had a syntax error. */
async function typeText(client: TestClient, uri: string, state: { text: string; version: number }, offset: number, typed: string): Promise<{ times: number[]; broken: number }> {
  const times: number[] = [];
  let broken = 0;
  for (let i = 0; i < typed.length; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const at = offset + i;
    const start = positionOf(state.text, at);
    state.text = state.text.slice(0, at) + typed[i] + state.text.slice(at);
    state.version++;
    const t = performance.now();
    client.change(uri, state.version, [{ range: { start, end: start }, text: typed[i]! }]);
    const diagnostics = await client.diagnostics(uri, state.version);
    times.push(performance.now() - t);
    if (diagnostics.some((d) => d.source === 'lambda-iam-lint' && d.code === 'parse/syntax')) broken++;
  }
  return { times, broken };
}

/**
 * The first keystrokes of a fresh server, on a generated 310-line template (seed 1, unlike every measured one):
 * what they take while V8 compiles the hot paths, reported on their own row, and then the server the measured
 * edits run on is warm, as after the first few seconds of any session. Without it the template measured first
 * pays the warm-up alone: on a fresh server, the first 40 policy edits of lmi-orders.cfn.json took the server 5–10 ms
 * each to lint, the next 40 at the same place 2.3–4 ms.
 */
async function warmUp(client: TestClient): Promise<{ lines: number; times: number[] }> {
  const text = generateTemplate(310, 1);
  const uri = 'file:///bench/warm-up.yaml';
  const state = { text, version: 1 };
  client.open(uri, 'yaml', text);
  await client.diagnostics(uri, 1);
  const times: number[] = [];
  for (const site of editSites('warm-up.yaml', text)) times.push(...(await typeAt(client, uri, state, site.offset, quick ? 10 : 40)));
  void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { lines: lineCount(text), times };
}

async function realEdits(all: Corpus[]): Promise<void> {
  const real = all.filter((c) => !c.cleanup).flatMap((c) => c.files);
  const largest = real
    .map((f) => ({ file: f, text: readFileSync(f, 'utf8') }))
    .filter((f) => buildModel(f.file, f.text)?.template)
    .sort((a, b) => lineCount(b.text) - lineCount(a.text) || (a.file < b.file ? -1 : 1))
    .slice(0, 10);
  const byKind: Record<EditSite['kind'], number[]> = { resource: [], policy: [], 'top-level': [] };
  const perTemplate: { file: string; lines: number; sites: string[]; p50: number; p95: number }[] = [];
  const newLines: { file: string; what: string; characters: number; broken: number; p50: number; p95: number; times: number[] }[] = [];
  const client = await startServer();
  const count = quick ? 10 : 40;
  try {
    const { lines: warmLines, times: fresh } = await warmUp(client);
    results.lsp_edit_fresh_server = { lines: warmLines, edits: fresh.length, p50: median(fresh), p95: percentile(fresh, 95) };
    rows.push({
      measure: `didChange → publishDiagnostics, the first ${fresh.length} edits of a fresh server (generated ${warmLines}-line template; the warm-up before the rows below)`,
      value: `p50 ${ms(median(fresh))}, p95 ${ms(percentile(fresh, 95))}`,
      budget: '—',
      met: null,
    });
    for (const [n, { file, text: original }] of largest.entries()) {
      const text = withDescription(original, file);
      const uri = `file:///bench/real-${n}${file.slice(file.lastIndexOf('.'))}`;
      const state = { text, version: 1 };
      client.open(uri, /\.json$/.test(file) ? 'json' : 'yaml', text);
      await client.diagnostics(uri, 1);
      const times: number[] = [];
      const sites = editSites(file, text, 5);
      for (const site of sites) {
        const t = await typeAt(client, uri, state, site.offset, count);
        byKind[site.kind].push(...t);
        times.push(...t);
      }
      void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      perTemplate.push({ file: relative(ROOT, file), lines: lineCount(original), sites: sites.map((s) => s.kind), p50: median(times), p95: percentile(times, 95) });
    }
    // New lines typed into each, on the same warm server.
    for (const [n, { file, text }] of largest.entries()) {
      const site = newLinesSite(file, text);
      if (!site) continue;
      const uri = `file:///bench/typed-${n}${file.slice(file.lastIndexOf('.'))}`;
      const state = { text, version: 1 };
      client.open(uri, /\.json$/.test(file) ? 'json' : 'yaml', text);
      await client.diagnostics(uri, 1);
      const typed = quick ? site.typed.slice(0, 30) : site.typed;
      const { times, broken } = await typeText(client, uri, state, site.offset, typed);
      void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      newLines.push({ file: relative(ROOT, file), what: site.what, characters: typed.length, broken, p50: median(times), p95: percentile(times, 95), times });
    }
  } finally {
    await client.stop();
  }
  const allTimes = Object.values(byKind).flat();
  const lines = perTemplate.map((t) => t.lines);
  results.lsp_edit_real = {
    templates: perTemplate,
    editsPerSite: count,
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, { edits: v.length, p50: median(v), p95: percentile(v, 95) }])),
    p50: median(allTimes),
    p95: percentile(allTimes, 95),
  };
  for (const [kind, v] of Object.entries(byKind)) {
    if (v.length === 0) continue;
    rows.push({
      measure: `didChange → publishDiagnostics, the ${largest.length} largest real templates (${Math.min(...lines)}–${Math.max(...lines)} lines), edit ${kind === 'top-level' ? 'at the top level' : kind === 'policy' ? 'in a policy statement' : 'in the middle of a resource'}, ${v.length} edits`,
      value: `p50 ${ms(median(v))}, p95 ${ms(percentile(v, 95))}`,
      budget: 'p50 ≤ 5 ms, p95 ≤ 10 ms',
      met: median(v) <= 5 && percentile(v, 95) <= 10,
    });
  }
  if (newLines.length) {
    const typedTimes = newLines.flatMap((t) => t.times);
    const broken = newLines.reduce((k, t) => k + t.broken, 0);
    results.lsp_typing_new_lines = { templates: newLines.map(({ times: _, ...t }) => t), keystrokes: typedTimes.length, withSyntaxError: broken, p50: median(typedTimes), p95: percentile(typedTimes, 95) };
    rows.push({
      measure: `didChange → publishDiagnostics, the same templates, new lines typed a character at a time (a statement, or a property; ${typedTimes.length} keystrokes, ${broken} of the versions with a syntax error on the way)`,
      value: `p50 ${ms(median(typedTimes))}, p95 ${ms(percentile(typedTimes, 95))}`,
      budget: 'p50 ≤ 5 ms, p95 ≤ 10 ms',
      met: median(typedTimes) <= 5 && percentile(typedTimes, 95) <= 10,
    });
  }
  const worst = perTemplate.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  rows.push({ measure: `  worst template: ${worst.file} (${worst.lines} lines)`, value: `p50 ${ms(worst.p50)}, p95 ${ms(worst.p95)}`, budget: 'p50 ≤ 5 ms, p95 ≤ 10 ms', met: worst.p50 <= 5 && worst.p95 <= 10 });
}

async function generatedEdits(): Promise<void> {
  const client = await startServer();
  try {
    await warmUp(client);
    for (const size of [300, 10_000]) {
      const text = generateTemplate(size);
      const uri = `file:///bench/generated-${size}.yaml`;
      const state = { text, version: 1 };
      client.open(uri, 'yaml', text);
      await client.diagnostics(uri, 1);
      const sites = editSites('generated.yaml', text);
      const times: number[] = [];
      for (const site of sites) times.push(...(await typeAt(client, uri, state, site.offset, quick ? 10 : size > 1000 ? 30 : 40)));
      void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      const p50 = median(times);
      const p95 = percentile(times, 95);
      results[`lsp_edit_generated_${size}`] = { lines: lineCount(text), edits: times.length, sites: sites.map((s) => s.kind), p50, p95 };
      const big = size > 1000;
      rows.push({
        measure: `didChange → publishDiagnostics, generated ${lineCount(text)}-line SAM template, ${times.length} edits (${sites.map((s) => s.kind).join(', ')})`,
        value: `p50 ${ms(p50)}, p95 ${ms(p95)}`,
        budget: big ? 'p50 ≤ 20 ms' : 'p50 ≤ 5 ms, p95 ≤ 10 ms',
        met: big ? p50 <= 20 : p50 <= 5 && p95 <= 10,
      });
    }
  } finally {
    await client.stop();
  }
}

async function memory(): Promise<void> {
  const text = generateTemplate(300);
  const client = await startServer();
  try {
    const uri = 'file:///bench/memory.yaml';
    client.open(uri, 'yaml', text);
    await client.diagnostics(uri, 1);
    const line = text.split('\n').findIndex((l) => l.includes('Sid:'));
    const column = text.split('\n')[line].indexOf('Sid:') + 5;
    // 1,000 edits, burst-typed as a paste or a macro would, with a lint every 50.
    const many = quick ? 200 : 1000;
    let version = 1;
    for (let i = 0; i < many; i++) {
      version++;
      client.change(uri, version, [{ range: { start: { line, character: column }, end: { line, character: column } }, text: 'B' }]);
      if (i % 50 === 49) await client.diagnostics(uri, version);
    }
    await client.diagnostics(uri, version);
    const status = readFileSync(`/proc/${client.process.pid}/status`, 'utf8');
    const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    results.memory = { edits: many, peakRssMB: hwm, rssMB: rss };
    rows.push({ measure: `server RSS after ${many} edits (300-line template)`, value: `peak ${hwm.toFixed(0)} MB, now ${rss.toFixed(0)} MB`, budget: '≤ 80 MB', met: hwm <= 80 });
  } finally {
    await client.stop();
  }
}

async function coldStart(all: Corpus[]): Promise<void> {
  const real = all.filter((c) => !c.cleanup).flatMap((c) => c.files);
  const largest = real.map((f) => ({ f, text: readFileSync(f, 'utf8') })).sort((a, b) => lineCount(b.text) - lineCount(a.text))[0];
  const text = largest?.text ?? generateTemplate(300);
  const start = async (): Promise<number> => {
    const t = performance.now();
    const client = await startServer();
    // Opened as what it is: a JSON template read as YAML would take the slower general YAML parser.
    const json = largest !== undefined && /\.json$/.test(largest.f);
    const uri = `file:///bench/cold.${json ? 'json' : 'yaml'}`;
    client.open(uri, json ? 'json' : 'yaml', text);
    await client.diagnostics(uri, 1);
    const elapsed = performance.now() - t;
    await client.stop();
    return elapsed;
  };
  // The first start after an install or an update compiles the bundle and writes V8's code cache (server/src/boot/
  // load.ts); every later start reads it.
  rmSync(join(ROOT, 'dist', '.code-cache'), { recursive: true, force: true });
  const first = await start();
  const times: number[] = [];
  for (let i = 0; i < (quick ? 3 : 10); i++) times.push(await start());
  const p50 = median(times);
  results.cold_start = { template: largest ? relative(ROOT, largest.f) : 'generated', lines: lineCount(text), runs: times.length, p50, max: Math.max(...times), firstStartWithoutCodeCache: first };
  rows.push({ measure: `cold start: spawn → first diagnostics (${lineCount(text)}-line template)`, value: `p50 ${ms(p50)}, max ${ms(Math.max(...times))}`, budget: '≤ 250 ms', met: p50 <= 250 });
  rows.push({ measure: '  the first start after an install (no code cache yet)', value: ms(first), budget: '—', met: null });
}

// ---------------------------------------------------------------------------------------------------------------
// The CLI against cfn-lint, per corpus, in the same run

function cfnLintVersion(): string | undefined {
  const r = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function countJson(stdout: string): number | undefined {
  try {
    return (JSON.parse(stdout) as unknown[]).length;
  } catch {
    return undefined;
  }
}

function cli(all: Corpus[]): void {
  const cfn = noCfn ? undefined : cfnLintVersion();
  if (!cfn) notes.push(noCfn ? 'cfn-lint not run (--no-cfn)' : 'cfn-lint is not installed (pip install cfn-lint): the CLI ratios are not measured');
  results.cfnLint = cfn ?? null;
  const startup: number[] = [];
  for (let i = 0; i < (quick ? 3 : 10); i++) {
    const t = performance.now();
    spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--version']);
    startup.push(performance.now() - t);
  }
  const one = all[0].files[0];
  const first: number[] = [];
  for (let i = 0; i < (quick ? 3 : 10); i++) {
    const t = performance.now();
    spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--format', 'json', one], { encoding: 'utf8' });
    first.push(performance.now() - t);
  }
  results.cli_startup = { versionMs: median(startup), oneFileMs: median(first) };
  rows.push({ measure: 'CLI start-up: `--version`; one small template', value: `${ms(median(startup))}; ${ms(median(first))}`, budget: '—', met: null });

  results.cli = [];
  for (const corpus of all) {
    const lines = corpus.files.reduce((n, f) => n + lineCount(readFileSync(f, 'utf8')), 0);
    const ours: number[] = [];
    let ourFindings: number | undefined;
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      const t = performance.now();
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--format', 'json', ...corpus.files], { encoding: 'utf8', maxBuffer: 1 << 28 });
      ours.push(performance.now() - t);
      ourFindings = countJson(r.stdout);
    }
    const oursMs = median(ours);
    const engineMs = engineCorpus(corpus);
    let cfnMs: number | undefined;
    let cfnFindings: number | undefined;
    if (cfn) {
      const t = performance.now();
      const r = spawnSync('cfn-lint', ['--format', 'json', '--', ...corpus.files], { encoding: 'utf8', maxBuffer: 1 << 28 });
      cfnMs = performance.now() - t;
      cfnFindings = countJson(r.stdout);
    }
    const ratio = cfnMs !== undefined ? cfnMs / oursMs : undefined;
    // The YAML the fast path reads (parse/yaml-fast.ts); the rest is parsed by the yaml package, whole, on every keystroke.
    const yamlFiles = corpus.files.filter((f) => /\.ya?ml$/.test(f));
    const yamlFast = yamlFiles.filter((f) => parseYamlFast(readFileSync(f, 'utf8')) !== undefined).length;
    (results.cli as unknown[]).push({ corpus: corpus.name, source: corpus.source, files: corpus.files.length, lines, oursMs, oursRuns: ours, engineMs, ourFindings, cfnLintMs: cfnMs, cfnLintFindings: cfnFindings, ratio, yamlFiles: yamlFiles.length, yamlFast });
    rows.push({ measure: `CLI, ${corpus.name}: ${corpus.files.length} files, ${lines.toLocaleString('en')} lines (one process; in-process engine ${ms(engineMs)}; the fast YAML path reads ${yamlFast} of its ${yamlFiles.length} YAML files)`, value: `${ms(oursMs)} (${ourFindings} findings)`, budget: '—', met: null });
    rows.push({
      measure: `  ${cfn ?? 'cfn-lint'} on the same files (one process)`,
      value: cfnMs !== undefined ? `${ms(cfnMs)} (${cfnFindings} findings); **${ratio!.toFixed(1)}×**` : 'not measured',
      budget: '≥ 100× slower',
      met: ratio !== undefined ? ratio >= 100 : null,
    });
  }
}

function vsixSize(): void {
  const out = join(tmpdir(), `lil-bench-${process.pid}.vsix`);
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--skip-license', '-o', out], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(out)) {
    rows.push({ measure: '.vsix size', value: 'packaging failed', budget: '≤ 5 MB', met: false });
    return;
  }
  const size = statSync(out).size;
  rmSync(out);
  results.vsix = { bytes: size };
  rows.push({ measure: '.vsix size', value: `${(size / 1e6).toFixed(2)} MB`, budget: '≤ 5 MB', met: size <= 5_000_000 });
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'server.js'))) throw new Error('run npm run build first');
  const all = corpora();
  try {
    if (runs('engine')) engineLint();
    if (runs('cold')) await coldStart(all);
    if (runs('edits')) await realEdits(all);
    if (runs('generated')) await generatedEdits();
    if (runs('memory')) await memory();
    if (runs('cli')) cli(all);
    if (runs('vsix')) vsixSize();
  } finally {
    for (const c of all) c.cleanup?.();
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  results.machine = machine;
  results.date = new Date().toISOString().slice(0, 10);
  results.notes = notes;
  const table = ['| measure | result | budget | met |', '|---|---|---|---|', ...rows.map((r) => `| ${r.measure} | ${r.value} | ${r.budget} | ${r.met === null ? '' : r.met ? 'yes' : '**no**'} |`)].join('\n');
  console.log(`\nMachine: ${machine}\n\n${table}\n${notes.map((n) => `\nNote: ${n}`).join('')}\n`);
  if (quick || only) {
    console.log(`${quick ? '--quick' : '--only'}: bench/results.json not written`);
    return;
  }
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ ...results, table: rows }, null, 2)}\n`);
  console.log('bench/results.json written');
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
