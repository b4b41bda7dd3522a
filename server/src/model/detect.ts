import { child, itemsOf, scalarText, type Node } from '../parse/tree';

export type PolicyKind = 'identity' | 'resource' | 'trust';

/**
 * What a standalone policy file is for, beyond its IAM kind: the Lambda documents people write for the AWS CLI route
 * (`aws iam put-role-policy … file://operator.json`). Recognised by content (model/policy-purpose.ts) or named in
 * `policyKinds`; it decides which Lambda and Managed Instances rules judge the file as a whole.
 */
export type PolicyPurpose = 'operator' | 'deployer' | 'execution-trust' | 'operator-trust';

/** What `policyKinds` may name: an IAM kind, or a purpose (which implies its kind). */
export type ConfiguredPolicyKind = PolicyKind | PolicyPurpose;

export const CONFIGURED_POLICY_KINDS: readonly ConfiguredPolicyKind[] = ['identity', 'resource', 'trust', 'operator', 'deployer', 'execution-trust', 'operator-trust'];

/** The IAM kind and purpose a `policyKinds` value stands for. */
export function configuredKind(kind: ConfiguredPolicyKind): { policyKind: PolicyKind; purpose?: PolicyPurpose } {
  switch (kind) {
    case 'operator':
    case 'deployer':
      return { policyKind: 'identity', purpose: kind };
    case 'execution-trust':
    case 'operator-trust':
      return { policyKind: 'trust', purpose: kind };
    default:
      return { policyKind: kind };
  }
}

export type DocumentKind =
  | { kind: 'policy'; policyKind: PolicyKind }
  | { kind: 'template'; sam: boolean }
  | { kind: 'none' };

/**
 * Whether a text can be a policy or a template at all, before any parsing: every other JSON/YAML file
 * (package.json, docker-compose.yml, …) costs one regular expression and nothing else.
 */
export function mightBePolicyOrTemplate(text: string): boolean {
  return /["']?([Ss]tatement|STATEMENT|AWSTemplateFormatVersion|Resources)["']?\s*:/.test(text);
}

export function detectDocument(root: Node | undefined, format: 'json' | 'yaml'): DocumentKind {
  if (root?.type !== 'object') return { kind: 'none' };
  if (isTemplate(root)) return { kind: 'template', sam: isSam(root) };
  // `statement` in the wrong case is still someone's policy: iam/unknown-element tells them.
  if (format === 'json' && root.properties.some((p) => p.key.toLowerCase() === 'statement')) return { kind: 'policy', policyKind: policyKindOf(root) };
  return { kind: 'none' };
}

function isTemplate(root: Node): boolean {
  if (child(root, 'AWSTemplateFormatVersion') !== undefined || isSam(root)) return true;
  const resources = child(root, 'Resources');
  if (resources?.type !== 'object') return false;
  return resources.properties.some((r) => /^(AWS|Alexa|Custom)::/.test(scalarText(child(r.value, 'Type')) ?? ''));
}

/**
 * SAM by its `Transform`, or by its resources: a template of `AWS::Serverless::` resources without the transform line
 * (as SAM's own translator tests are written) means what SAM makes of it, not resources CloudFormation does not know.
 */
function isSam(root: Node): boolean {
  if (itemsOf(child(root, 'Transform')).some((t) => scalarText(t)?.startsWith('AWS::Serverless-'))) return true;
  const resources = child(root, 'Resources');
  return resources?.type === 'object' && resources.properties.some((r) => scalarText(child(r.value, 'Type'))?.startsWith('AWS::Serverless::'));
}

const trustActions = /^sts:(AssumeRole\w*|TagSession|SetSourceIdentity|SetContext)$/i;

/** DESIGN.md "Document detection": trust when every action is an sts:AssumeRole* family action and a Principal is present. */
export function policyKindOf(policy: Node): PolicyKind {
  const statements = itemsOf(child(policy, 'Statement')).filter((s) => s.type === 'object');
  const hasPrincipal = statements.some((s) => child(s, 'Principal') !== undefined || child(s, 'NotPrincipal') !== undefined);
  if (!hasPrincipal) return 'identity';
  const actions = statements.flatMap((s) => itemsOf(child(s, 'Action')).map(scalarText));
  const trust = actions.length > 0 && actions.every((a) => a !== undefined && trustActions.test(a));
  return trust ? 'trust' : 'resource';
}
