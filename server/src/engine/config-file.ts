import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readConfig, type LintConfig } from './config';

export const CONFIG_FILE_NAME = '.lambda-iam-lint.json';

export interface ConfigFile {
  path: string;
  /** The folder that holds it: `policyKinds` globs are relative to it. */
  dir: string;
  config: Partial<LintConfig>;
  problems: string[];
}

const cache = new Map<string, { mtimeMs: number; file: ConfigFile }>();

/** The nearest `.lambda-iam-lint.json` in the folder or its ancestors, re-read only when it changed. */
export function findConfigFile(startDir: string, knownRules: ReadonlySet<string>, stopAt?: string): ConfigFile | undefined {
  let dir = startDir;
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    const file = loadConfigFile(candidate, knownRules, true);
    if (file) return file;
    if (stopAt !== undefined && dir === stopAt) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and validates one configuration file; a broken file yields problems, never an exception. */
export function loadConfigFile(path: string, knownRules: ReadonlySet<string>, optional = false): ConfigFile | undefined {
  let mtimeMs: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return optional ? undefined : { path, dir: dirname(path), config: {}, problems: ['not a file'] };
    mtimeMs = stat.mtimeMs;
  } catch {
    return optional ? undefined : { path, dir: dirname(path), config: {}, problems: ['cannot be read'] };
  }
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === mtimeMs) return hit.file;
  let file: ConfigFile;
  try {
    const { config, problems } = readConfig(JSON.parse(readFileSync(path, 'utf8')), knownRules);
    file = { path, dir: dirname(path), config, problems };
  } catch (e) {
    file = { path, dir: dirname(path), config: {}, problems: [`invalid JSON: ${(e as Error).message}`] };
  }
  cache.set(path, { mtimeMs, file });
  return file;
}
