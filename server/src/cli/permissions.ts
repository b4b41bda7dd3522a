import { readFileSync } from 'node:fs';
import type { AccessLevel, ActionRecord } from '../iam/catalog';
import { buildModel } from '../model/document';
import { functionPermissions, type FunctionPermissions } from '../model/function-permissions';
import { collectFiles } from './files';
import type { CliIo } from './main';

export const PERMISSIONS_USAGE = `Usage: lambda-iam-lint permissions [--format stylish|json] <files or directories...>

For each Lambda function of each SAM/CloudFormation template: the execution role it runs with, whether Lambda may
assume it, every action the role allows (wildcards expanded through the IAM catalogue), and who may invoke it.
SAM templates are read as SAM deploys them: generated roles, policy templates and event permissions included.

Options:
  -f, --format <stylish|json>  output format (default: stylish)
  -h, --help                   print this help and exit

Exit codes: 0 done, 2 bad usage or a file that cannot be read.`;

/** One object per function, as the JSON format prints it. */
export interface PermissionsRecord {
  file: string;
  function: string;
  role: string | null;
  assumableByLambda: boolean | null;
  actions: string[] | null;
  invokers: string[];
}

export function permissionsRecord(file: string, p: FunctionPermissions): PermissionsRecord {
  return { file, function: p.function, role: p.role, assumableByLambda: p.assumableByLambda, actions: p.actions?.map((a) => a.fullName) ?? null, invokers: p.invokers };
}

/** The functions of one template's text; empty for a document that is not a template. */
export function templatePermissions(file: string, text: string): FunctionPermissions[] {
  const doc = buildModel(file, text);
  return doc?.template ? functionPermissions(doc.template) : [];
}

export function runPermissions(argv: readonly string[], io: CliIo): number {
  let format: 'stylish' | 'json' = 'stylish';
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '-h' || flag === '--help') {
      io.stdout(`${PERMISSIONS_USAGE}\n`);
      return 0;
    }
    if (flag === '-f' || flag === '--format') {
      const v = inline ?? argv[++i];
      if (v !== 'stylish' && v !== 'json') return usage(io, v === undefined ? `${flag} needs a value` : `unknown format "${v}": use stylish or json`);
      format = v;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') return usage(io, `unknown option ${arg}`);
    paths.push(arg);
  }
  if (paths.length === 0) return usage(io, 'no files or directories given');

  let exitCode = 0;
  const { files, missing } = collectFiles(paths);
  for (const m of missing) {
    io.stderr(`lambda-iam-lint: ${m}: no such file or directory\n`);
    exitCode = 2;
  }
  const byFile: [string, FunctionPermissions[]][] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      io.stderr(`lambda-iam-lint: ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
      exitCode = 2;
      continue;
    }
    const functions = templatePermissions(file, text);
    if (functions.length) byFile.push([file, functions]);
  }
  if (format === 'json') io.stdout(`${JSON.stringify(byFile.flatMap(([file, fns]) => fns.map((p) => permissionsRecord(file, p))), null, 2)}\n`);
  else io.stdout(formatPermissionsStylish(byFile, io.color));
  return exitCode;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`lambda-iam-lint: ${message}\n\n${PERMISSIONS_USAGE}\n`);
  return 2;
}

const LEVELS: AccessLevel[] = ['List', 'Read', 'Write', 'Tagging', 'Permissions management'];
const NAMES_SHOWN = 8;

/** By file and function: the role and whether Lambda trusts it, the actions by service and access level, the invokers. */
export function formatPermissionsStylish(byFile: readonly [string, FunctionPermissions[]][], color: boolean): string {
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const warn = (s: string) => (color ? `\x1b[33m${s}\x1b[39m` : s);
  const out: string[] = [];
  for (const [file, functions] of byFile) {
    out.push(bold(file));
    for (const p of functions) {
      out.push(`  ${bold(p.function)}`);
      out.push(`    role      ${roleLine(p, warn)}`);
      if (p.actions === null) out.push(`    actions   ${dim('not known here: the role is defined outside this template')}`);
      else if (p.actions.length === 0) out.push(`    actions   none`);
      else {
        const services = byService(p.actions);
        out.push(`    actions   ${p.actions.length} in ${services.size} service${services.size === 1 ? '' : 's'}`);
        const width = Math.max(...[...services.keys()].map((s) => s.length));
        for (const [service, levels] of services) {
          const parts = LEVELS.filter((l) => levels.has(l)).map((l) => `${l}: ${names(levels.get(l)!)}`);
          out.push(`      ${service.padEnd(width)}  ${parts.join(dim(' · '))}`);
        }
      }
      if (p.unreadable.length) out.push(`    ${warn('not read')}  ${p.unreadable.join(', ')} (the role may allow more)`);
      out.push(`    invokers  ${p.invokers.length ? p.invokers.join(', ') : dim('none in this template')}`);
    }
    out.push('');
  }
  const count = byFile.reduce((n, [, fns]) => n + fns.length, 0);
  out.push(`${count} function${count === 1 ? '' : 's'} in ${byFile.length} template${byFile.length === 1 ? '' : 's'}`);
  return `${out.join('\n')}\n`;
}

function roleLine(p: FunctionPermissions, warn: (s: string) => string): string {
  if (p.role === null) return 'not known (no role, or one this template cannot name)';
  const generated = p.roleModel && p.roleModel.origin !== 'template' ? ' (generated by SAM)' : '';
  if (!p.roleModel) return `${p.role} (outside this template)`;
  const trust =
    p.assumableByLambda === true ? 'trusted by lambda.amazonaws.com' : p.assumableByLambda === false ? warn('NOT trusted by lambda.amazonaws.com') : 'trust policy not readable';
  return `${p.role}${generated}, ${trust}`;
}

function byService(actions: readonly ActionRecord[]): Map<string, Map<AccessLevel, string[]>> {
  const services = new Map<string, Map<AccessLevel, string[]>>();
  for (const a of actions) {
    const levels = services.get(a.service) ?? new Map<AccessLevel, string[]>();
    const list = levels.get(a.accessLevel) ?? [];
    list.push(a.name);
    levels.set(a.accessLevel, list);
    services.set(a.service, levels);
  }
  return services;
}

function names(list: readonly string[]): string {
  if (list.length <= NAMES_SHOWN) return list.join(', ');
  return `${list.slice(0, NAMES_SHOWN).join(', ')} and ${list.length - NAMES_SHOWN} more`;
}
