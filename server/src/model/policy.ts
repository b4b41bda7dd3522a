import type { Range } from '../engine/rule';
import { child, property, scalarText, type IntrinsicNode, type Node, type ObjectNode, type Property } from '../parse/tree';
import type { PolicyKind, PolicyPurpose } from './detect';
import { prop, propEntry, type ResourceView, type TemplateView } from './template';

/** Where a policy document lives; it decides the size quota and some element rules. */
export type PolicyContainer =
  | 'standalone'
  | 'role-trust'
  | 'role-inline'
  | 'user-or-group-inline'
  | 'managed'
  | 'resource-policy'
  | 'sam-inline';

export interface PolicyView {
  kind: PolicyKind;
  /** For a standalone file: what it is for, from `policyKinds` or recognised by content (model/policy-purpose.ts). */
  purpose?: PolicyPurpose;
  container: PolicyContainer;
  /** The document object (`{Version, Statement}`). */
  node: ObjectNode;
  /** The template resource that holds it, if any. */
  resource?: ResourceView;
  /** Where a finding about the document as a whole goes: the key that holds it, or its opening character. */
  anchor: Range;
  /**
   * The service builds the document around statements written as a property (EventBridge `EventBusPolicy.Statement`,
   * SAM `Auth.ResourcePolicy.CustomStatements`): `Version`, `Id` and the document's size are not the user's to write.
   */
  documentless?: boolean;
  statements: StatementView[];
}

export interface StatementView {
  node: ObjectNode;
  policy: PolicyView;
}

/**
 * `!If [cond, a, b]` stands for a or b, and `!Ref AWS::NoValue` for nothing: a rule sees every branch that can be
 * deployed.
 */
export function alternatives(node: Node | undefined): Node[] {
  if (!node) return [];
  if (node.type === 'intrinsic') {
    if (node.fn === 'Fn::If' && node.argument.type === 'array' && node.argument.items.length === 3) {
      return [...alternatives(node.argument.items[1]), ...alternatives(node.argument.items[2])];
    }
    if (isNoValue(node)) return [];
  }
  return [node];
}

export function isNoValue(node: IntrinsicNode): boolean {
  return node.fn === 'Ref' && scalarText(node.argument) === 'AWS::NoValue';
}

/** Every value an element can take: list items, with `!If` branches expanded. */
export function elementValues(node: Node | undefined): Node[] {
  return alternatives(node).flatMap((n) => (n.type === 'array' ? n.items.flatMap(alternatives) : [n]));
}

export function policyView(holder: Property | Node | undefined, kind: PolicyKind, container: PolicyContainer, resource?: ResourceView): PolicyView[] {
  return policyViews(holder, kind, container, resource, true);
}

/** Policies the user wrote: a document the SAM transform generated (a policy template's expansion, SAM's default trust) is not theirs to fix. */
function writtenPolicyView(holder: Property | Node | undefined, kind: PolicyKind, container: PolicyContainer, resource?: ResourceView): PolicyView[] {
  return policyViews(holder, kind, container, resource, false);
}

function policyViews(holder: Property | Node | undefined, kind: PolicyKind, container: PolicyContainer, resource: ResourceView | undefined, generated: boolean): PolicyView[] {
  const node = holder && 'key' in holder ? holder.value : holder;
  return alternatives(node)
    .filter((n): n is ObjectNode => n.type === 'object' && (generated || !n.generated))
    .map((doc) => {
      // A key the SAM transform generated (`PolicyDocument` of a function's inline policy) is not in the text: anchor on the document.
      const anchor = holder && 'key' in holder && !holder.generated ? { start: holder.keyStart, end: holder.keyEnd } : { start: doc.start, end: doc.start + 1 };
      const view: PolicyView = { kind, container, node: doc, resource, anchor, statements: [] };
      for (const s of elementValues(child(doc, 'Statement'))) {
        if (s.type === 'object') view.statements.push({ node: s, policy: view });
      }
      return view;
    });
}

/**
 * Resource-based policies of the services that invoke Lambda or that Lambda reads from, as CloudFormation writes them:
 * resource type → the property that holds the document. (`AWS::Lambda::Permission` is a statement in property form,
 * judged by the lambda/permission-* rules.) A policy written as a JSON string is not read.
 */
const RESOURCE_POLICY_PROPERTIES: Record<string, string> = {
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::SNS::TopicInlinePolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SQS::QueueInlinePolicy': 'PolicyDocument',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::KMS::ReplicaKey': 'KeyPolicy',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
  'AWS::ApiGateway::RestApi': 'Policy',
  'AWS::ECR::Repository': 'RepositoryPolicyText',
  'AWS::EFS::FileSystem': 'FileSystemPolicy',
};

/** The policies written in a template, per DESIGN.md "Document detection"; for SAM, as the transform places them (a function's `Policies` documents are its generated role's). */
export function templatePolicies(template: TemplateView): PolicyView[] {
  const policies: PolicyView[] = [];
  for (const r of template.resources) {
    let own = policiesByResource.get(r);
    if (!own) policiesByResource.set(r, (own = resourcePolicies(r)));
    for (const p of own) policies.push(p);
  }
  return policies;
}

/**
 * The policies of each resource view: they are read from its nodes alone, and a view an edit left alone is the same
 * object in the next version (model/template.ts), so its policy and statement views, and what the model caches on
 * them, are too.
 */
const policiesByResource = new WeakMap<ResourceView, PolicyView[]>();

function resourcePolicies(r: ResourceView): PolicyView[] {
  const policies: PolicyView[] = [];
  switch (r.type) {
    case 'AWS::IAM::Role':
      policies.push(...writtenPolicyView(propEntry(r, 'AssumeRolePolicyDocument'), 'trust', 'role-trust', r));
      policies.push(...inlinePolicies(r, 'role-inline'));
      break;
    case 'AWS::IAM::User':
    case 'AWS::IAM::Group':
      policies.push(...inlinePolicies(r, 'user-or-group-inline'));
      break;
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::RolePolicy':
    case 'AWS::IAM::UserPolicy':
    case 'AWS::IAM::GroupPolicy':
      policies.push(...writtenPolicyView(propEntry(r, 'PolicyDocument'), 'identity', 'role-inline', r));
      break;
    case 'AWS::IAM::ManagedPolicy':
      policies.push(...writtenPolicyView(propEntry(r, 'PolicyDocument'), 'identity', 'managed', r));
      break;
    case 'AWS::Events::EventBusPolicy': {
      // One statement as the `Statement` property; the older Action/Principal/Condition form is a statement in property form.
      const statement = propEntry(r, 'Statement');
      if (statement && r.properties) policies.push(...statementsView(r.properties, statement, r));
      break;
    }
    case 'AWS::ApiGateway::RestApi':
      // SAM's `Auth.ResourcePolicy` (the transform's `Policy` of the RestApi it generates): only `CustomStatements` are policy statements.
      if (r.generatedBy) {
        const resourcePolicy = prop(r, 'Policy');
        const custom = property(resourcePolicy, 'CustomStatements');
        if (resourcePolicy?.type === 'object' && custom) policies.push(...statementsView(resourcePolicy, custom, r));
        break;
      }
      policies.push(...writtenPolicyView(propEntry(r, 'Policy'), 'resource', 'resource-policy', r));
      break;
    default: {
      const holder = r.type !== undefined ? RESOURCE_POLICY_PROPERTIES[r.type] : undefined;
      if (holder) policies.push(...writtenPolicyView(propEntry(r, holder), 'resource', 'resource-policy', r));
    }
  }
  return policies;
}

const byPolicy = new WeakMap<PolicyView, Map<string, unknown>>();

/**
 * What a rule reads from a policy's own statements, computed once per policy view: a view is kept while the edits
 * leave its resource alone (see `policiesByResource`), so the rules that look at every policy of a template on each keystroke
 * ask again only about the one edited. `make` must read nothing but the policy; the key names what it computes.
 */
export function policyMemo<T>(policy: PolicyView, key: string, make: () => T): T {
  let memo = byPolicy.get(policy);
  if (!memo) byPolicy.set(policy, (memo = new Map()));
  if (memo.has(key)) return memo.get(key) as T;
  const value = make();
  memo.set(key, value);
  return value;
}

/** Statements written as a property, in a document the service builds (`documentless`). */
function statementsView(holder: ObjectNode, statements: Property, resource: ResourceView): PolicyView[] {
  if (statements.value.type === 'object' && statements.value.generated) return [];
  const view: PolicyView = { kind: 'resource', container: 'resource-policy', node: holder, resource, anchor: { start: statements.keyStart, end: statements.keyEnd }, statements: [], documentless: true };
  for (const s of elementValues(statements.value)) {
    if (s.type === 'object' && !s.generated) view.statements.push({ node: s, policy: view });
  }
  return [view];
}

function inlinePolicies(r: ResourceView, container: PolicyContainer): PolicyView[] {
  return elementValues(prop(r, 'Policies')).flatMap((p) => writtenPolicyView(property(p, 'PolicyDocument'), 'identity', container, r));
}

/**
 * One entry of a SAM function's `Policies` (samtranslator `resource_policies.py`): a managed policy name or ARN,
 * an inline document, a policy template (`{SQSPollerPolicy: {QueueName: …}}`), or an intrinsic that yields an ARN.
 */
export interface SamPolicyEntry {
  resource: ResourceView;
  node: Node;
  kind: 'managed' | 'inline' | 'template' | 'expression';
}

export function samPolicyEntries(r: ResourceView): SamPolicyEntry[] {
  return elementValues(prop(r, 'Policies')).map((node): SamPolicyEntry => {
    if (node.type === 'intrinsic') return { resource: r, node, kind: 'expression' };
    if (node.type === 'object') {
      if (child(node, 'Statement') !== undefined) return { resource: r, node, kind: 'inline' };
      if (node.properties.length === 1) return { resource: r, node, kind: 'template' };
      return { resource: r, node, kind: 'inline' };
    }
    return { resource: r, node, kind: 'managed' };
  });
}
