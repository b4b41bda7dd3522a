import type { EvalStatement } from '../iam/evaluator';
import { managedPolicy } from '../iam/managed-policies';
import { parseJson } from '../parse/json';
import { child, scalarText, type Node } from '../parse/tree';
import { alternatives, elementValues, policyView, type PolicyView } from './policy';
import { evalStatements } from './statement';
import { prop, type ResourceView, type TemplateView } from './template';
import { stringValues } from './values';

/**
 * What a role can do, as IAM would evaluate it: its inline policies, the template's policies attached to it, and
 * the AWS managed policies it names (their documents extracted at build time).
 */
export interface RolePermissions {
  statements: EvalStatement[];
  /**
   * False when some attached policy could not be read (an ARN from a parameter or an import, a customer managed
   * policy outside the template, a managed policy not in the extract): then a permission that seems missing may
   * still be granted, and rules must not say it is missing.
   */
  complete: boolean;
  /** What could not be read, for messages and hover. */
  unreadable: string[];
  /** AWS managed policies attached, by name. */
  managedPolicies: string[];
  /**
   * The permissions boundary's statements, when the role has one the template lets us read: IAM allows only what
   * both the policies and the boundary allow. A boundary we cannot read is left out (it could only take away, so
   * what is missing without it is missing with it).
   */
  boundary?: EvalStatement[];
}

export type RoleOrigin = 'template' | 'sam-function' | 'sam-capacity-provider' | 'sam-generated';

export interface RoleModel {
  /** The role's logical id: the `AWS::IAM::Role`, or `<Function>Role` / `<CapacityProvider>OperatorRole` that SAM generates. */
  id: string;
  origin: RoleOrigin;
  /** The `AWS::IAM::Role` resource (for SAM, the one the transform made). */
  resource: ResourceView;
  /** The resource as written that the role comes from: the role itself, or the SAM resource that generates it. */
  source: ResourceView;
  /** Trust policies of the role (SAM's default trust included). */
  trustPolicies: PolicyView[];
  /** The trust policy IAM would evaluate. */
  trust: EvalStatement[];
  readonly permissions: RolePermissions;
}

/** Where a function or capacity provider gets its role. */
export type RoleReference =
  | { kind: 'role'; role: RoleModel; node?: Node }
  /** A parameter, an import, a literal ARN, a role of another stack: not judged (no false positives). */
  | { kind: 'external'; node: Node }
  | { kind: 'none' };

const cache = new WeakMap<TemplateView, TemplateRoles>();

export function templateRoles(template: TemplateView): TemplateRoles {
  let roles = cache.get(template);
  if (!roles) cache.set(template, (roles = new TemplateRoles(template)));
  return roles;
}

const managedViews = new Map<string, PolicyView[]>();

/** An AWS managed policy's document as policy views (parsed once per process: the documents never change). */
export function managedPolicyViews(nameOrArn: string): PolicyView[] | undefined {
  const record = managedPolicy(nameOrArn.replace(/\$\{AWS::Partition\}/g, 'aws'));
  if (!record) return undefined;
  let views = managedViews.get(record.name);
  if (!views) managedViews.set(record.name, (views = policyView(parseJson(JSON.stringify(record.document)).root, 'identity', 'managed')));
  return views;
}

/** Roles as the template deploys them: for SAM, the transform has already made the roles SAM generates. */
export class TemplateRoles {
  private readonly models = new Map<string, RoleModel>();

  constructor(private readonly template: TemplateView) {}

  /** The role an `AWS::Lambda::Function` executes with. */
  functionRole(fn: ResourceView): RoleReference {
    const role = prop(fn, 'Role');
    return role !== undefined ? this.reference(role) : { kind: 'none' };
  }

  /** The operator role of a capacity provider (`PermissionsConfig.CapacityProviderOperatorRoleArn`). */
  operatorRole(cp: ResourceView): RoleReference {
    const role = child(prop(cp, 'PermissionsConfig'), 'CapacityProviderOperatorRoleArn');
    return role !== undefined ? this.reference(role) : { kind: 'none' };
  }

  /** A value that should name a role: `!GetAtt R.Arn`, `!Ref R`, `!Sub …${R}…`, `!Join` parts. */
  reference(node: Node): RoleReference {
    const ids = new Set(referencedIds(node));
    const roles = [...ids].map((id) => this.template.resource(id)).filter((r): r is ResourceView => r?.type === 'AWS::IAM::Role');
    if (roles.length === 1) return { kind: 'role', role: this.templateRole(roles[0]), node };
    return { kind: 'external', node };
  }

  /** The functions whose execution role is this role. */
  functionsUsing(role: RoleModel): ResourceView[] {
    return this.template.resourcesOfType('AWS::Lambda::Function').filter((fn) => {
      const r = this.functionRole(fn);
      return r.kind === 'role' && r.role === role;
    });
  }

  templateRole(resource: ResourceView): RoleModel {
    const hit = this.models.get(resource.id);
    if (hit) return hit;
    const trustPolicies = policyView(prop(resource, 'AssumeRolePolicyDocument'), 'trust', 'role-trust', resource);
    const template = this.template;
    let permissions: RolePermissions | undefined;
    const model: RoleModel = {
      id: resource.id,
      origin: originOf(resource),
      resource,
      source: resource.generatedBy ?? resource,
      trustPolicies,
      trust: evalStatements(trustPolicies),
      get permissions() {
        return (permissions ??= templateRolePermissions(this.resource, template));
      },
    };
    this.models.set(resource.id, model);
    return model;
  }
}

function originOf(role: ResourceView): RoleOrigin {
  const source = role.generatedBy;
  if (!source) return 'template';
  if (source.type === 'AWS::Serverless::Function' && role.id === `${source.id}Role`) return 'sam-function';
  if (source.type === 'AWS::Serverless::CapacityProvider' && role.id === `${source.id}OperatorRole`) return 'sam-capacity-provider';
  return 'sam-generated';
}

function templateRolePermissions(role: ResourceView, template: TemplateView): RolePermissions {
  const acc = new PermissionsBuilder();
  for (const p of elementValues(prop(role, 'Policies'))) acc.views(policyView(child(p, 'PolicyDocument'), 'identity', 'role-inline', role));
  for (const arn of elementValues(prop(role, 'ManagedPolicyArns'))) {
    const target = referencedManagedPolicy(arn, template);
    if (target) acc.views(policyView(prop(target, 'PolicyDocument'), 'identity', 'managed', target));
    else for (const v of stringValues(arn)) acc.managedArn(v.text, template);
  }
  for (const r of attachedPolicies(template).get(role.id) ?? []) {
    acc.views(policyView(prop(r, 'PolicyDocument'), 'identity', r.type === 'AWS::IAM::ManagedPolicy' ? 'managed' : 'role-inline', r));
  }
  for (const what of role.unreadable ?? []) acc.unreadable(what);
  return acc.build(boundaryStatements(prop(role, 'PermissionsBoundary'), template));
}

/** The statements of a `PermissionsBoundary` (an AWS managed or template managed policy), if the template tells. */
function boundaryStatements(node: Node | undefined, template: TemplateView): EvalStatement[] | undefined {
  if (node === undefined) return undefined;
  const values = stringValues(node);
  if (values.length !== 1) return undefined;
  const acc = new PermissionsBuilder();
  const target = referencedManagedPolicy(node, template);
  if (target) acc.views(policyView(prop(target, 'PolicyDocument'), 'identity', 'managed', target));
  else acc.managedArn(values[0].text, template);
  const read = acc.build();
  return read.complete ? read.statements : undefined;
}

const attachmentCache = new WeakMap<TemplateView, Map<string, ResourceView[]>>();

/**
 * Role logical id → the `AWS::IAM::Policy`/`ManagedPolicy`/`RolePolicy` resources attached to it (by `Roles:
 * [!Ref R]`, `RoleName: !Ref R` or the role's literal `RoleName`): one pass over the template, not one per role.
 */
function attachedPolicies(template: TemplateView): Map<string, ResourceView[]> {
  let index = attachmentCache.get(template);
  if (index) return index;
  index = new Map();
  const roles = template.resourcesOfType('AWS::IAM::Role');
  const roleIds = new Set(roles.map((r) => r.id));
  const byName = new Map<string, string>();
  for (const r of roles) {
    const name = scalarText(prop(r, 'RoleName'));
    if (name !== undefined) byName.set(name, r.id);
  }
  for (const policy of template.resourcesOfType('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy')) {
    const targets = policy.type === 'AWS::IAM::RolePolicy' ? [prop(policy, 'RoleName')] : elementValues(prop(policy, 'Roles'));
    const attached = new Set<string>();
    for (const t of targets) {
      if (!t) continue;
      for (const id of referencedIds(t)) if (roleIds.has(id)) attached.add(id);
      const literal = byName.get(scalarText(t) ?? '');
      if (literal) attached.add(literal);
    }
    for (const id of attached) {
      const list = index.get(id) ?? [];
      list.push(policy);
      index.set(id, list);
    }
  }
  attachmentCache.set(template, index);
  return index;
}

function referencedManagedPolicy(node: Node, template: TemplateView): ResourceView | undefined {
  const ids = referencedIds(node).map((id) => template.resource(id)).filter((r) => r?.type === 'AWS::IAM::ManagedPolicy');
  return ids.length === 1 ? ids[0] : undefined;
}

class PermissionsBuilder {
  private readonly statements: EvalStatement[] = [];
  private readonly names: string[] = [];
  private readonly missing: string[] = [];

  managed(name: string): void {
    const views = managedPolicyViews(name);
    if (views) {
      this.names.push(name);
      this.views(views);
    } else this.missing.push(`the managed policy ${name}`);
  }

  /** A managed policy ARN or SAM managed policy name, as the template resolves it. */
  managedArn(text: string, template: TemplateView): void {
    const m = /^arn:(?:aws[a-z-]*|\$\{AWS::Partition\}):iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(text);
    if (m || /^[A-Za-z0-9+=,.@_-]+$/.test(text)) {
      const views = managedPolicyViews(text);
      if (views) {
        this.names.push(text.slice(text.lastIndexOf('/') + 1));
        this.views(views);
        return;
      }
    }
    const ref = /^\$\{([A-Za-z0-9]+)\}$/.exec(text);
    const target = ref ? template.resource(ref[1]) : undefined;
    if (target?.type === 'AWS::IAM::ManagedPolicy') {
      this.views(policyView(prop(target, 'PolicyDocument'), 'identity', 'managed', target));
      return;
    }
    this.missing.push(`the policy ${text}`);
  }

  views(views: PolicyView[]): void {
    this.statements.push(...evalStatements(views));
  }

  statement(s: EvalStatement): void {
    this.statements.push(s);
  }

  unreadable(what: string): void {
    this.missing.push(what);
  }

  build(boundary?: EvalStatement[]): RolePermissions {
    return { statements: this.statements, complete: this.missing.length === 0, unreadable: this.missing, managedPolicies: this.names, boundary };
  }
}

/** Logical ids a value refers to: `Ref`, `GetAtt`, and `${X}` / `${X.Attr}` inside `Sub`, through any nesting. */
export function referencedIds(node: Node | undefined): string[] {
  const out: string[] = [];
  const visit = (n: Node | undefined): void => {
    if (!n) return;
    if (n.type === 'array') n.items.forEach(visit);
    else if (n.type === 'object') n.properties.forEach((p) => visit(p.value));
    else if (n.type === 'intrinsic') {
      if (n.fn === 'Ref') {
        const id = scalarText(n.argument);
        if (id && !id.startsWith('AWS::')) out.push(id);
      } else if (n.fn === 'Fn::GetAtt') {
        const first = n.argument.type === 'array' ? scalarText(n.argument.items[0]) : scalarText(n.argument)?.split('.')[0];
        if (first) out.push(first);
      } else if (n.fn === 'Fn::Sub') {
        const [text, vars] = n.argument.type === 'array' ? [n.argument.items[0], n.argument.items[1]] : [n.argument, undefined];
        const local = new Set(vars?.type === 'object' ? vars.properties.map((p) => p.key) : []);
        for (const m of (scalarText(text) ?? '').matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) if (!local.has(m[1])) out.push(m[1]);
        if (vars) visit(vars);
      } else visit(n.argument);
    }
  };
  alternatives(node).forEach(visit);
  return out;
}
