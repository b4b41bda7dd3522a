import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LINTABLE = /\.(json|ya?ml|template)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'cdk.out', '.aws-sam']);

/**
 * The files to lint: files named on the command line as they are, directories walked for `*.json`, `*.yaml`,
 * `*.yml` and `*.template` (skipping dependencies, build output and hidden folders), in a stable order.
 * Paths keep the form the user gave them, joined with what the walk found.
 */
export function collectFiles(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      missing.push(path);
      continue;
    }
    if (isDir) walk(path, files);
    else files.push(path);
  }
  return { files, missing };
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name)) walk(path, out);
    } else if (e.isFile() && LINTABLE.test(e.name) && e.name !== '.lambda-iam-lint.json') {
      out.push(path);
    }
  }
}
