import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { dirname, relative, resolve, sep } from 'node:path';
import { version } from '../../../package.json';
import { configuredPolicyKind, defaultConfig, mergeConfig, type LintConfig } from '../engine/config';
import { findConfigFile, loadConfigFile, type ConfigFile } from '../engine/config-file';
import { fixToFixedPoint } from '../engine/fix';
import { lint } from '../engine/lint';
import { ruleIds, rules } from '../rules';
import { runDeployerPolicy } from './deployer-policy-command';
import { collectFiles } from './files';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatStylish } from './format-stylish';
import { runPermissions } from './permissions';
import { toFileFinding, type FileFinding } from './report';

const USAGE = `Usage: lambda-iam-lint [options] <files or directories...>
       lambda-iam-lint permissions [--format stylish|json] <files or directories...>
       lambda-iam-lint deployer-policy [options] <template>   (see deployer-policy --help)

Lints IAM policy JSON files and SAM/CloudFormation templates (YAML or JSON) for AWS Lambda permission problems.
Directories are walked for *.json, *.yaml, *.yml and *.template files.

Commands:
  permissions                        what each Lambda function really runs with: role, trust, actions, invokers

Options:
  -f, --format <stylish|json|sarif>  output format (default: stylish)
      --fix                          apply safe fixes to the files, then report what remains
  -c, --config <file>                use this configuration file instead of the nearest .lambda-iam-lint.json
      --max-warnings <n>             exit 1 when there are more than n warnings
  -j, --jobs <n|auto>                lint on n threads (default auto: one per core but one, from 32 files
                                     and 3 cores)
  -v, --version                      print the version and exit
  -h, --help                         print this help and exit

Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings over the threshold,
            2 bad usage, or a file or configuration that cannot be read.`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  color: boolean;
}

interface Options {
  format: 'stylish' | 'json' | 'sarif';
  fix: boolean;
  config?: string;
  maxWarnings: number;
  /** Threads to lint on; undefined for auto. */
  jobs: number | undefined;
  paths: string[];
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Options | 'help' | 'version' {
  const options: Options = { format: 'stylish', fix: false, maxWarnings: -1, jobs: undefined, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '-v':
      case '--version':
        return 'version';
      case '-f':
      case '--format': {
        const f = value();
        if (f !== 'stylish' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}": use stylish, json or sarif`);
        options.format = f;
        break;
      }
      case '--fix':
        options.fix = true;
        break;
      case '-c':
      case '--config':
        options.config = value();
        break;
      case '--max-warnings': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings needs a whole number, not "${v}"`);
        options.maxWarnings = Number(v);
        break;
      }
      case '-j':
      case '--jobs': {
        const v = value();
        if (v !== 'auto' && !/^[1-9]\d*$/.test(v)) throw new UsageError(`--jobs needs a number of threads or auto, not "${v}"`);
        options.jobs = v === 'auto' ? undefined : Number(v);
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) throw new UsageError('no files or directories given');
  return options;
}

/** Runs the CLI and returns its exit code; all output goes through `io`, so tests can run it in-process. One thread. */
export function runCli(argv: readonly string[], io: CliIo): number {
  const plan = prepare(argv, io);
  if (typeof plan === 'number') return plan;
  return finish(plan, plan.files.map((file, i) => lintFile(file, plan.configs[i], plan.options.fix)), io);
}

/**
 * The command line's entry: as {@link runCli}, but a large walk is linted on worker threads, one per core (or
 * `--jobs`), each file's results put back in the order of the walk so the output does not depend on the threads.
 */
export async function runCliThreaded(argv: readonly string[], io: CliIo, script: string): Promise<number> {
  const plan = prepare(argv, io);
  if (typeof plan === 'number') return plan;
  const jobs = Math.min(plan.options.jobs ?? autoThreads(plan.files.length), plan.files.length);
  if (jobs <= 1) return finish(plan, plan.files.map((file, i) => lintFile(file, plan.configs[i], plan.options.fix)), io);
  return finish(plan, await onThreads(plan, jobs, script), io);
}

/** Below this many files a thread's start-up (loading the bundle and the IAM catalogue again) costs more than it saves. */
const AUTO_THREADS_FROM = 32;

/**
 * Threads for `--jobs auto`: one core is left to V8, which compiles and collects garbage on background threads.
 * Measured on 2 cores (bench/results.json): one thread 2.1 s over the SAM corpus and its output, two 2.6 s — so on
 * two cores or fewer the walk stays on one thread.
 */
function autoThreads(files: number): number {
  const cores = availableParallelism();
  return files >= AUTO_THREADS_FROM && cores > 2 ? cores - 1 : 1;
}
/** Files handed to a thread at a time: small enough to balance the load, large enough to keep messages few. */
const CHUNK = 8;

interface ResolvedConfig {
  config: LintConfig;
  policyKind: ReturnType<typeof configuredPolicyKind>;
}

interface Plan {
  options: Options;
  files: string[];
  /** Each file's configuration; undefined when its configuration file cannot be used. */
  configs: (ResolvedConfig | undefined)[];
  exitCode: number;
}

/** What linting one file gives: its findings, what to say on stderr, and the exit code it forces (2) if any. */
interface FileResult {
  findings: FileFinding[];
  messages: string[];
  exitCode: number;
}

function prepare(argv: readonly string[], io: CliIo): Plan | number {
  if (argv[0] === 'permissions') return runPermissions(argv.slice(1), io);
  if (argv[0] === 'deployer-policy') return runDeployerPolicy(argv.slice(1), io);
  let options: Options | 'help' | 'version';
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`lambda-iam-lint: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (options === 'version') {
    io.stdout(`lambda-iam-lint ${version}\n`);
    return 0;
  }

  let exitCode = 0;
  let explicit: ConfigFile | undefined;
  if (options.config) {
    explicit = loadConfigFile(resolve(options.config), ruleIds);
    if (!explicit || explicit.problems.some((p) => p === 'cannot be read' || p === 'not a file' || p.startsWith('invalid JSON') || p.startsWith('the configuration must'))) {
      io.stderr(`lambda-iam-lint: ${options.config}: ${explicit?.problems.join('; ') ?? 'cannot be read'}\n`);
      return 2;
    }
  }
  const warned = new Set<string>();
  // One search per folder: the files of a walk share a few folders, and each search stats every folder up to the root.
  const foundIn = new Map<string, ReturnType<typeof findConfigFile>>();
  const merged = new Map<string, LintConfig>();
  const configFor = (file: string): ResolvedConfig | undefined => {
    // Upward from the file, but not above the working folder when the file is inside it (the project's root).
    const absolute = resolve(file);
    const cwd = process.cwd();
    const stopAt = absolute.startsWith(cwd + sep) ? cwd : undefined;
    const dir = dirname(absolute);
    const searched = `${dir}\0${stopAt ?? ''}`;
    if (!explicit && !foundIn.has(searched)) foundIn.set(searched, findConfigFile(dir, ruleIds, stopAt));
    const found = explicit ?? foundIn.get(searched);
    if (found && !warned.has(found.path)) {
      warned.add(found.path);
      for (const p of found.problems) io.stderr(`lambda-iam-lint: ${found.path}: ${p}\n`);
    }
    if (found?.problems.some((p) => p.startsWith('invalid JSON') || p.startsWith('the configuration must'))) return undefined;
    const configKey = found?.path ?? '';
    let config = merged.get(configKey);
    if (!config) merged.set(configKey, (config = mergeConfig(defaultConfig, found?.config ?? {})));
    const policyKind = found ? configuredPolicyKind(config, relative(found.dir, absolute)) : undefined;
    return { config, policyKind };
  };

  const { files, missing } = collectFiles(options.paths);
  for (const m of missing) {
    io.stderr(`lambda-iam-lint: ${m}: no such file or directory\n`);
    exitCode = 2;
  }
  return { options, files, configs: files.map(configFor), exitCode };
}

function lintFile(file: string, resolved: ResolvedConfig | undefined, fix: boolean): FileResult {
  const out: FileResult = { findings: [], messages: [], exitCode: 0 };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    out.messages.push(`lambda-iam-lint: ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    return { ...out, exitCode: 2 };
  }
  if (!resolved) return { ...out, exitCode: 2 };
  const run = (t: string) => lint({ name: file, text: t, config: resolved.config, policyKind: resolved.policyKind });
  if (fix) {
    const fixed = fixToFixedPoint(text, (t) => run(t).findings.flatMap((f) => f.fixes.filter((x) => x.safe).slice(0, 1)));
    if (fixed.text !== text) {
      try {
        writeFileSync(file, fixed.text);
        text = fixed.text;
      } catch (e) {
        out.messages.push(`lambda-iam-lint: ${file}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
        out.exitCode = 2;
      }
    }
  }
  const result = run(text);
  for (const e of result.internalErrors) out.messages.push(`lambda-iam-lint: internal error in rule ${e.ruleId} on ${file}: ${(e.error as Error)?.message ?? e.error}\n`);
  for (const f of result.findings) out.findings.push(toFileFinding(file, f, result.lines));
  return out;
}

function finish(plan: Plan, results: FileResult[], io: CliIo): number {
  let exitCode = plan.exitCode;
  const findings: FileFinding[] = [];
  for (const r of results) {
    for (const m of r.messages) io.stderr(m);
    if (r.exitCode) exitCode = r.exitCode;
    for (const f of r.findings) findings.push(f);
  }
  const { options } = plan;
  if (options.format === 'json') io.stdout(`${formatJson(findings)}\n`);
  else if (options.format === 'sarif') io.stdout(`${formatSarif(findings, rules, version)}\n`);
  else io.stdout(formatStylish(findings, io.color));

  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (exitCode === 0 && (errors > 0 || (options.maxWarnings >= 0 && warnings > options.maxWarnings))) exitCode = 1;
  return exitCode;
}

interface Chunk {
  start: number;
  files: string[];
  configs: (ResolvedConfig | undefined)[];
  fix: boolean;
}

/** Lints the plan's files on `jobs` worker threads running `script` (this bundle), chunk by chunk as each is free. */
function onThreads(plan: Plan, jobs: number, script: string): Promise<FileResult[]> {
  const results: FileResult[] = new Array(plan.files.length);
  let next = 0;
  let done = 0;
  return new Promise((resolvePromise, reject) => {
    const workers: Worker[] = [];
    const stopAll = () => {
      for (const w of workers) void w.terminate();
    };
    const give = (worker: Worker): void => {
      if (next >= plan.files.length) {
        void worker.terminate();
        return;
      }
      const start = next;
      next = Math.min(plan.files.length, next + CHUNK);
      const chunk: Chunk = { start, files: plan.files.slice(start, next), configs: plan.configs.slice(start, next), fix: plan.options.fix };
      worker.postMessage(chunk);
    };
    for (let i = 0; i < jobs; i++) {
      const worker = new (threads().Worker)(script, { workerData: { lambdaIamLintWorker: true }, env: { ...process.env, [WORKER_ENV]: '1' } });
      workers.push(worker);
      worker.on('message', (m: { start: number; results: FileResult[] }) => {
        m.results.forEach((r, k) => (results[m.start + k] = r));
        done += m.results.length;
        if (done === plan.files.length) {
          stopAll();
          resolvePromise(results);
        } else give(worker);
      });
      worker.on('error', (e) => {
        stopAll();
        reject(e);
      });
      give(worker);
    }
  });
}

/**
 * `node:worker_threads`, loaded only where threads are used: loading it (and the stream modules it needs) is about
 * 4 ms of every start, a tenth of `--version`.
 */
function threads(): typeof import('node:worker_threads') {
  return require('node:worker_threads') as typeof import('node:worker_threads');
}

/** Set in the environment of the CLI's worker threads, so a start that is not one needs no `node:worker_threads`. */
const WORKER_ENV = 'LAMBDA_IAM_LINT_WORKER';

/** A worker thread's side: lint each chunk it is given and send the results back. */
function serveChunks(parentPort: import('node:worker_threads').MessagePort): void {
  parentPort.on('message', (chunk: Chunk) => {
    const results = chunk.files.map((file, i) => lintFile(file, chunk.configs[i], chunk.fix));
    parentPort.postMessage({ start: chunk.start, results });
  });
}

const inThread = process.env[WORKER_ENV] === '1' ? threads() : undefined;
if (inThread && !inThread.isMainThread && inThread.parentPort && (inThread.workerData as { lambdaIamLintWorker?: boolean } | undefined)?.lambdaIamLintWorker) {
  serveChunks(inThread.parentPort);
} else if (require.main === module) {
  void runCliThreaded(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  }, __filename).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`lambda-iam-lint: ${(e as Error)?.stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
