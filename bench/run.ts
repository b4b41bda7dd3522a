// npm run bench: speed and memory against the budgets in DESIGN.md, side by side with cfn-lint.
// Prints a table and writes bench/results.json. Nothing here is a test: budgets are judged here, not asserted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { lint } from '../server/src/engine/lint';
import { startServer } from '../test/lsp/lsp-client';
import { generateTemplate } from './template';

const ROOT = join(__dirname, '..');
const quick = process.argv.includes('--quick');

interface Row {
  measure: string;
  value: string;
  budget: string;
  met: boolean | null;
}
const rows: Row[] = [];
const results: Record<string, unknown> = {};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;

function engineLint(): void {
  for (const lines of [300, 3_000, 10_000]) {
    const text = generateTemplate(lines);
    const actual = text.split('\n').length;
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
    results[`engine_${lines}`] = { lines: actual, runs, p50, p95, findings };
    const budget = lines === 10_000 ? 150 : undefined;
    rows.push({ measure: `engine lint, ${actual}-line SAM template (${findings} findings)`, value: `p50 ${ms(p50)}, p95 ${ms(p95)}`, budget: budget ? `≤ ${budget} ms` : '—', met: budget ? p95 <= budget : null });
  }
}

async function lspEdits(): Promise<void> {
  const text = generateTemplate(300);
  const client = await startServer();
  try {
    const uri = 'file:///bench/template.yaml';
    client.open(uri, 'yaml', text);
    await client.diagnostics(uri, 1);
    const edits = quick ? 30 : 100;
    const times: number[] = [];
    let version = 1;
    // Type into the first Sid, one character at a time, at a fast typist's pace (50 ms apart).
    const line = text.split('\n').findIndex((l) => l.includes('Sid:'));
    const column = text.split('\n')[line].indexOf('Sid:') + 5;
    for (let i = 0; i < edits; i++) {
      await new Promise((r) => setTimeout(r, 50));
      version++;
      const t = performance.now();
      client.change(uri, version, [{ range: { start: { line, character: column }, end: { line, character: column } }, text: 'A' }]);
      await client.diagnostics(uri, version);
      times.push(performance.now() - t);
    }
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    results.lsp_edit = { edits, p50, p95 };
    rows.push({ measure: `didChange → publishDiagnostics, 300-line SAM template, ${edits} edits`, value: `p50 ${ms(p50)}, p95 ${ms(p95)}`, budget: 'p50 ≤ 20 ms, p95 ≤ 50 ms', met: p50 <= 20 && p95 <= 50 });

    // Memory after 1,000 edits: burst-typed, as a paste or a macro would.
    const many = quick ? 200 : 1000;
    for (let i = 0; i < many; i++) {
      version++;
      client.change(uri, version, [{ range: { start: { line, character: column }, end: { line, character: column } }, text: 'B' }]);
      if (i % 50 === 49) await client.diagnostics(uri, version);
    }
    await client.diagnostics(uri, version);
    const status = readFileSync(`/proc/${client.process.pid}/status`, 'utf8');
    const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    results.memory = { edits: many + edits, peakRssMB: hwm, rssMB: rss };
    rows.push({ measure: `server peak RSS after ${many + edits} edits`, value: `${hwm.toFixed(0)} MB (now ${rss.toFixed(0)} MB)`, budget: '≤ 120 MB', met: hwm <= 120 });
  } finally {
    await client.stop();
  }
}

async function coldStart(): Promise<void> {
  const text = generateTemplate(300);
  const times: number[] = [];
  for (let i = 0; i < (quick ? 3 : 10); i++) {
    const t = performance.now();
    const client = await startServer();
    client.open('file:///bench/cold.yaml', 'yaml', text);
    await client.diagnostics('file:///bench/cold.yaml', 1);
    times.push(performance.now() - t);
    await client.stop();
  }
  const p50 = percentile(times, 50);
  results.cold_start = { runs: times.length, p50, max: Math.max(...times) };
  rows.push({ measure: 'cold start: spawn → first diagnostics (300-line template)', value: `p50 ${ms(p50)}, max ${ms(Math.max(...times))}`, budget: '≤ 500 ms', met: p50 <= 500 });
}

function cliVersusCfnLint(): void {
  const dir = mkdtempSync(join(tmpdir(), 'lil-bench-'));
  try {
    const files: string[] = [];
    for (let i = 0; i < 100; i++) {
      const file = join(dir, `template-${String(i).padStart(3, '0')}.yaml`);
      writeFileSync(file, generateTemplate(150 + (i % 10) * 30, i));
      files.push(file);
    }
    const t = performance.now();
    const ours = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const oursMs = performance.now() - t;
    const ourFindings = (JSON.parse(ours.stdout) as unknown[]).length;
    const hasCfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
    let cfnMs: number | undefined;
    let cfnFindings: number | undefined;
    if (hasCfnLint) {
      const t2 = performance.now();
      const cfn = spawnSync('cfn-lint', ['--format', 'json', '--', ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
      cfnMs = performance.now() - t2;
      try {
        cfnFindings = (JSON.parse(cfn.stdout) as unknown[]).length;
      } catch {
        cfnFindings = undefined;
      }
    }
    const ratio = cfnMs ? cfnMs / oursMs : undefined;
    results.cli = { templates: 100, oursMs, ourFindings, cfnLintMs: cfnMs, cfnLintFindings: cfnFindings, ratio };
    rows.push({ measure: 'CLI, 100 templates (one process)', value: `${ms(oursMs)} (${ourFindings} findings)`, budget: '—', met: null });
    rows.push({
      measure: 'cfn-lint 1.x, the same 100 templates (one process)',
      value: cfnMs ? `${ms(cfnMs)} (${cfnFindings} findings); ratio ${ratio!.toFixed(1)}×` : 'cfn-lint not installed',
      budget: '≥ 20× faster',
      met: ratio !== undefined ? ratio >= 20 : null,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
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
  engineLint();
  await coldStart();
  await lspEdits();
  cliVersusCfnLint();
  vsixSize();
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  results.machine = machine;
  results.date = new Date().toISOString().slice(0, 10);
  const table = ['| measure | result | budget | met |', '|---|---|---|---|', ...rows.map((r) => `| ${r.measure} | ${r.value} | ${r.budget} | ${r.met === null ? '' : r.met ? 'yes' : '**no**'} |`)].join('\n');
  console.log(`\nMachine: ${machine}\n\n${table}\n`);
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ ...results, table: rows }, null, 2)}\n`);
  console.log('bench/results.json written');
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
