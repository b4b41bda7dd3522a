import { CONFIGURED_POLICY_KINDS, type ConfiguredPolicyKind } from '../model/detect';
import { globToRegExp } from './glob';
import type { Severity } from './rule';

export type RuleSetting = Severity | 'off';

/** What users configure, in editor settings (`lambdaIamLint.*`) and in `.lambda-iam-lint.json`. */
export interface LintConfig {
  enable: boolean;
  rules: Record<string, RuleSetting>;
  trustTagKeys: string[];
  /** Glob (relative to the configuration's base folder) → policy kind, for standalone policy files. */
  policyKinds: Record<string, ConfiguredPolicyKind>;
  maxFileSize: number;
}

export const defaultConfig: LintConfig = Object.freeze({
  enable: true,
  rules: {},
  trustTagKeys: ['TrustLevel', 'trust-level', 'Environment', 'env'],
  policyKinds: {},
  maxFileSize: 2_000_000,
});

const ruleSettings = new Set<string>(['error', 'warning', 'info', 'hint', 'off']);
const policyKinds = new Set<string>(CONFIGURED_POLICY_KINDS);

/** Later layers win; `rules` and `policyKinds` merge key by key. */
export function mergeConfig(base: LintConfig, ...layers: Partial<LintConfig>[]): LintConfig {
  let merged = { ...base, rules: { ...base.rules }, policyKinds: { ...base.policyKinds } };
  for (const layer of layers) {
    merged = {
      ...merged,
      ...layer,
      rules: { ...merged.rules, ...layer.rules },
      policyKinds: { ...merged.policyKinds, ...layer.policyKinds },
    };
  }
  return merged;
}

/**
 * Validates configuration from an untrusted source (a settings object or a parsed `.lambda-iam-lint.json`):
 * what is valid is kept, and every problem is described, never thrown.
 */
export function readConfig(input: unknown, knownRules: ReadonlySet<string>): { config: Partial<LintConfig>; problems: string[] } {
  const problems: string[] = [];
  const config: Partial<LintConfig> = {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { config, problems: ['the configuration must be a JSON object'] };
  }
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!['enable', 'rules', 'trustTagKeys', 'policyKinds', 'maxFileSize', '$schema'].includes(key)) problems.push(`unknown option "${key}"`);
  }
  if (o.enable !== undefined) {
    if (typeof o.enable === 'boolean') config.enable = o.enable;
    else problems.push('"enable" must be true or false');
  }
  if (o.rules !== undefined) {
    if (o.rules && typeof o.rules === 'object' && !Array.isArray(o.rules)) {
      config.rules = {};
      for (const [id, value] of Object.entries(o.rules as Record<string, unknown>)) {
        if (!knownRules.has(id)) problems.push(`unknown rule "${id}"`);
        else if (typeof value !== 'string' || !ruleSettings.has(value)) problems.push(`rule "${id}": severity must be one of error, warning, info, hint, off`);
        else config.rules[id] = value as RuleSetting;
      }
    } else problems.push('"rules" must be an object of rule id → severity');
  }
  if (o.trustTagKeys !== undefined) {
    if (Array.isArray(o.trustTagKeys) && o.trustTagKeys.every((k) => typeof k === 'string')) config.trustTagKeys = o.trustTagKeys as string[];
    else problems.push('"trustTagKeys" must be an array of strings');
  }
  if (o.policyKinds !== undefined) {
    if (o.policyKinds && typeof o.policyKinds === 'object' && !Array.isArray(o.policyKinds)) {
      config.policyKinds = {};
      for (const [glob, kind] of Object.entries(o.policyKinds as Record<string, unknown>)) {
        if (typeof kind === 'string' && policyKinds.has(kind)) config.policyKinds[glob] = kind as ConfiguredPolicyKind;
        else problems.push(`policyKinds "${glob}": kind must be one of ${CONFIGURED_POLICY_KINDS.join(', ')}`);
      }
    } else problems.push('"policyKinds" must be an object of glob → kind');
  }
  if (o.maxFileSize !== undefined) {
    if (typeof o.maxFileSize === 'number' && o.maxFileSize > 0) config.maxFileSize = o.maxFileSize;
    else problems.push('"maxFileSize" must be a positive number of bytes');
  }
  return { config, problems };
}

/** The kind `policyKinds` assigns to a file (its path relative to the configuration's folder), if any. */
export function configuredPolicyKind(config: LintConfig, relativePath: string): ConfiguredPolicyKind | undefined {
  const path = relativePath.replace(/\\/g, '/');
  for (const [glob, kind] of Object.entries(config.policyKinds)) {
    const pattern = glob.includes('/') ? glob : `**/${glob}`;
    if (globToRegExp(pattern).test(path)) return kind;
  }
  return undefined;
}
