import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findConfigFile } from '../engine/config-file';
import { configuredPolicyKind, defaultConfig, mergeConfig, readConfig, type LintConfig } from '../engine/config';
import type { ConfiguredPolicyKind } from '../model/detect';
import { ruleIds } from '../rules';

export interface DocumentConfig {
  config: LintConfig;
  policyKind: ConfiguredPolicyKind | undefined;
  /** Problems in the settings or the configuration file, for the log. */
  problems: string[];
}

/**
 * Resolves the configuration of one document: defaults, then the editor's `lambdaIamLint.*` settings, then the
 * nearest `.lambda-iam-lint.json` (the project's file wins: it is what the CLI in CI uses too).
 */
export function resolveDocumentConfig(uri: string, editorSettings: unknown, workspaceFolders: readonly string[]): DocumentConfig {
  const settings = readConfig(editorSettings ?? {}, ruleIds);
  const problems = settings.problems.map((p) => `settings: ${p}`);
  if (!uri.startsWith('file:')) {
    const config = mergeConfig(defaultConfig, settings.config);
    return { config, policyKind: undefined, problems };
  }
  const path = fileURLToPath(uri);
  const folder = workspaceFolders.filter((f) => f.startsWith('file:')).map((f) => fileURLToPath(f)).find((f) => path.startsWith(f + '/') || path.startsWith(f + '\\'));
  // The search stops at the workspace folder (a file opened on its own: its folder): nothing outside is read.
  const file = findConfigFile(dirname(path), ruleIds, folder ?? dirname(path));
  if (file) problems.push(...file.problems.map((p) => `${file.path}: ${p}`));
  const config = mergeConfig(defaultConfig, settings.config, file?.config ?? {});
  const fromFile = file?.config.policyKinds ? configuredPolicyKind({ ...config, policyKinds: file.config.policyKinds }, relative(file.dir, path)) : undefined;
  const fromSettings = settings.config.policyKinds
    ? configuredPolicyKind({ ...config, policyKinds: settings.config.policyKinds }, folder ? relative(folder, path) : path)
    : undefined;
  return { config, policyKind: fromFile ?? fromSettings, problems };
}
