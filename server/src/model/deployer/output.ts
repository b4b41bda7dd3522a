import { yaml } from '../../parse/yaml';
import { buildModel, type LintDocument } from '../document';
import { deployerPolicy, type DeployerPolicy, type DeployTarget } from './generate';

/** The target the CLI and the editor use when the user names none. */
export const DEFAULT_TARGET: DeployTarget = { partition: 'aws', region: '*', account: '*', stackName: '*' };

/** What `deployer-policy` prints: the one document, or the list of documents when it had to be split. */
export function deployerPolicyText(policy: DeployerPolicy, format: 'json' | 'yaml' = 'json'): string {
  const output = policy.documents.length === 1 ? policy.documents[0] : policy.documents;
  return format === 'yaml' ? yaml().stringify(output) : `${JSON.stringify(output, null, 2)}\n`;
}

export type TemplatePolicy = { ok: true; doc: LintDocument; policy: DeployerPolicy } | { ok: false; message: string };

/** The deployer policy of a template's text, or why there is none (not a template, does not parse). */
export function templateDeployerPolicy(name: string, text: string, target: DeployTarget = DEFAULT_TARGET, languageId?: string): TemplatePolicy {
  const doc = buildModel(name, text, { languageId });
  if (!doc?.template) {
    const broken = doc?.parsed.problems.find((p) => p.severity === 'error');
    return { ok: false, message: broken ? `does not parse (${broken.message})` : 'is not a SAM or CloudFormation template' };
  }
  return { ok: true, doc, policy: deployerPolicy(doc.template, target) };
}
