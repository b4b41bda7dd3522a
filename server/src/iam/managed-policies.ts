// AWS managed policies: the default-version documents of the policies the
// rules reason about, plus the name and path of every AWS managed policy, read
// from generated/managed-policies.jsonl (written by scripts/gen-iam-catalog.mjs):
// the names at the first question, a document when it is first asked for.

import { openGeneratedLines, type GeneratedLines } from './generated-data';
import { editDistance } from './edit-distance';

export interface PolicyDocumentJson {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: unknown;
  readonly [key: string]: unknown;
}

/** An AWS managed policy known by name and path; `arn` is in the partition asked for. */
export interface AwsManagedPolicyRef {
  readonly name: string;
  /** IAM path, `/` or e.g. `/service-role/`. */
  readonly path: string;
  readonly arn: string;
  /** Whether its document is in the extract (see managedPolicy). */
  readonly extracted: boolean;
}

export interface ManagedPolicyRecord {
  readonly name: string;
  readonly arn: string;
  readonly path: string;
  /** Default version at extraction time, e.g. `v5`. */
  readonly versionId: string;
  readonly document: PolicyDocumentJson;
}

const FORMAT = 2;
// Any partition (aws, aws-cn, aws-us-gov, aws-iso...); account is always the literal "aws".
const AWS_MANAGED_ARN = /^arn:(aws[a-z-]*):iam::aws:policy(\/(?:.*\/)?)([^/]+)$/;

interface ManagedPoliciesHeader {
  meta: { format: number; managedPoliciesVersion: string; contentHash: string };
  /** Name → where its document's line is. */
  policies: Record<string, [path: string, versionId: string, offset: number, length: number]>;
  /** Path → names of every AWS managed policy. */
  names: Record<string, string[]>;
}

interface Index {
  readonly file: GeneratedLines<ManagedPoliciesHeader>;
  /** Lower-case name → canonical name and path. */
  readonly byName: Map<string, { name: string; path: string }>;
  /** Documents read so far, by name. */
  readonly documents: Map<string, PolicyDocumentJson>;
}

let loaded: Index | undefined;

function index(): Index {
  if (loaded) return loaded;
  const file = openGeneratedLines<ManagedPoliciesHeader>('managed-policies.jsonl', FORMAT);
  const byName = new Map<string, { name: string; path: string }>();
  for (const [path, names] of Object.entries(file.header.names)) {
    for (const name of names) byName.set(name.toLowerCase(), { name, path });
  }
  loaded = { file, byName, documents: new Map() };
  return loaded;
}

/**
 * Resolves a bare policy name or an AWS managed policy ARN (any partition) to
 * the policy AWS publishes under it. Names match case-insensitively (IAM names
 * are unique regardless of case) and come back canonical, so a caller can
 * compare to flag casing; an ARN whose path is not the policy's real path
 * (`policy/AWSLambdaBasicExecutionRole` without `service-role/`) does not
 * resolve, because IAM rejects it.
 */
export function awsManagedPolicy(nameOrArn: string): AwsManagedPolicyRef | undefined {
  const { byName, file } = index();
  const arn = AWS_MANAGED_ARN.exec(nameOrArn);
  const partition = arn ? arn[1]! : 'aws';
  const known = byName.get((arn ? arn[3]! : nameOrArn).toLowerCase());
  if (!known || (arn && arn[2] !== known.path)) return undefined;
  return {
    name: known.name,
    path: known.path,
    arn: `arn:${partition}:iam::aws:policy${known.path}${known.name}`,
    extracted: Object.hasOwn(file.header.policies, known.name),
  };
}

/** The extracted default-version document of an AWS managed policy, by name or ARN (see awsManagedPolicy). */
export function managedPolicy(nameOrArn: string): ManagedPolicyRecord | undefined {
  const ref = awsManagedPolicy(nameOrArn);
  if (!ref?.extracted) return undefined;
  const { file, documents } = index();
  const [, versionId, offset, length] = file.header.policies[ref.name]!;
  let document = documents.get(ref.name);
  if (!document) documents.set(ref.name, (document = file.line<PolicyDocumentJson>(offset, length)));
  return { name: ref.name, arn: ref.arn, path: ref.path, versionId, document };
}

/** True for the exact (case-sensitive) name of any AWS managed policy, extracted or not. */
export function isAwsManagedPolicyName(name: string): boolean {
  return index().byName.get(name.toLowerCase())?.name === name;
}

/** Names of the policies whose documents are extracted. */
export function extractedManagedPolicyNames(): readonly string[] {
  return Object.keys(index().file.header.policies);
}

/** Names of every AWS managed policy. */
export function awsManagedPolicyNames(): readonly string[] {
  return [...index().byName.values()].map((p) => p.name);
}

/** Did-you-mean candidates for a mistyped AWS managed policy name, closest first. */
export function suggestManagedPolicyNames(text: string, max = 3): { value: string; distance: number }[] {
  const lower = text.toLowerCase();
  const limit = lower.length <= 4 ? 1 : lower.length <= 10 ? 2 : 3;
  const found: { value: string; distance: number }[] = [];
  for (const [candidate, { name }] of index().byName) {
    const d = editDistance(lower, candidate, limit);
    if (d <= limit) found.push({ value: name, distance: d });
  }
  return found.sort((a, b) => a.distance - b.distance || (a.value < b.value ? -1 : 1)).slice(0, max);
}

export function managedPoliciesVersion(): string {
  return index().file.header.meta.managedPoliciesVersion;
}
