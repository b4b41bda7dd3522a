import { catalog, type ActionRecord } from '../iam/catalog';
import { compilePolicy, type EvalStatement } from '../iam/evaluator';
import { child, type Node } from '../parse/tree';
import { lambdaFunctions } from './execution-role-requirements';
import { functionKey, lambdaPermissions } from './lambda-permission';
import { alternatives } from './policy';
import { referencedIds, type RoleModel } from './roles';
import { prop, type ResourceView, type TemplateView } from './template';
import { stringValues } from './values';

/**
 * What a Lambda function of a template really runs with, read from the template as SAM deploys it: its execution
 * role, whether Lambda may assume that role, every catalogue action the role allows, and who may invoke it. The
 * `permissions` command prints it; the hover on a function shows it.
 */
export interface FunctionPermissions {
  /** The function's logical id: the `AWS::Lambda::Function` (for SAM, the id SAM gives it: its own). */
  function: string;
  resource: ResourceView;
  /** The role's logical id in the template, the ARN as written for a role from outside, or null. */
  role: string | null;
  roleModel?: RoleModel;
  /** Whether the trust policy lets lambda.amazonaws.com assume the role; null when it cannot be read. */
  assumableByLambda: boolean | null;
  /** Catalogue actions (`service:Name`) the role allows on at least one resource, sorted; null for a role outside the template. */
  actions: ActionRecord[] | null;
  /** Policies attached to the role that could not be read: the actions may be more than `actions`. */
  unreadable: string[];
  /** Principals of the permissions on the function, its versions and its aliases (generated ones included), sorted. */
  invokers: string[];
}

const cache = new WeakMap<TemplateView, FunctionPermissions[]>();

export function functionPermissions(template: TemplateView): FunctionPermissions[] {
  let found = cache.get(template);
  if (!found) cache.set(template, (found = build(template)));
  return found;
}

function build(template: TemplateView): FunctionPermissions[] {
  const invokers = invokersByFunction(template);
  return lambdaFunctions(template)
    .filter(({ fn }) => fn.type === 'AWS::Lambda::Function')
    .map(({ fn, role: ref }): FunctionPermissions => {
      const base = { function: fn.id, resource: fn, invokers: [...(invokers.get(fn.id) ?? [])].sort(compareText) };
      if (ref.kind === 'role') {
        const role = ref.role;
        return { ...base, role: role.id, roleModel: role, assumableByLambda: assumable(role), actions: allowedActions(role), unreadable: role.permissions.unreadable };
      }
      const written = ref.kind === 'external' ? stringValues(ref.node) : [];
      return { ...base, role: written.length === 1 ? written[0].text : null, assumableByLambda: null, actions: null, unreadable: [] };
    });
}

/** `sts:AssumeRole` by `lambda.amazonaws.com` under the role's trust policy; unknown when a trust document is not literal. */
function assumable(role: RoleModel): boolean | null {
  const trustNode = child(role.resource.properties, 'AssumeRolePolicyDocument');
  const documents = alternatives(trustNode);
  if (documents.length === 0 || documents.some((d) => d.type !== 'object' || child(d, 'Statement') === undefined)) return null;
  const decision = compilePolicy(role.trust, { unknownKeys: 'assume-satisfiable' }).evaluate({
    action: 'sts:AssumeRole',
    resource: '*',
    principal: { type: 'Service', id: 'lambda.amazonaws.com' },
  });
  return decision.decision === 'allow';
}

/**
 * Every catalogue action some Allow statement grants (on at least one resource, with or without conditions), less
 * those an unconditional Deny on every resource takes away, within the permissions boundary when there is one.
 */
export function allowedActions(role: RoleModel): ActionRecord[] {
  const granted = actionSet(role.permissions.statements);
  const boundary = role.permissions.boundary;
  const result = boundary ? [...granted].filter((a) => actionSet(boundary).has(a)) : [...granted];
  return result.sort((a, b) => compareText(a.fullName, b.fullName));
}

function actionSet(statements: readonly EvalStatement[]): Set<ActionRecord> {
  const c = catalog();
  const allowed = new Set<ActionRecord>();
  const matching = (patterns: readonly string[]) => new Set(patterns.flatMap((p) => c.actionsMatching(p)));
  let all: readonly ActionRecord[] | undefined;
  const everything = () => (all ??= c.actionsMatching('*'));
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    if (s.action) for (const a of matching(s.action)) allowed.add(a);
    else if (s.notAction) {
      const excluded = matching(s.notAction);
      for (const a of everything()) if (!excluded.has(a)) allowed.add(a);
    }
  }
  for (const s of statements) {
    if (s.effect !== 'Deny' || s.condition !== undefined || s.notResource !== undefined) continue;
    if (s.resource !== undefined && !s.resource.includes('*')) continue;
    if (s.action) for (const a of matching(s.action)) allowed.delete(a);
    else if (s.notAction) {
      const kept = matching(s.notAction);
      for (const a of [...allowed]) if (!kept.has(a)) allowed.delete(a);
    }
  }
  return allowed;
}

/**
 * Function id → principals of the `AWS::Lambda::Permission`s naming the function, one of its versions or aliases,
 * or its literal `FunctionName` (with or without a qualifier).
 */
function invokersByFunction(template: TemplateView): Map<string, Set<string>> {
  const functions = template.resourcesOfType('AWS::Lambda::Function');
  const owner = new Map<string, string>();
  for (const fn of functions) {
    owner.set(`id:${fn.id}`, fn.id);
    for (const name of stringValues(prop(fn, 'FunctionName'))) owner.set(`name:${name.text}`, fn.id);
  }
  // Versions and aliases point at their function (an alias may point at a version).
  const qualified = [...template.resourcesOfType('AWS::Lambda::Version'), ...template.resourcesOfType('AWS::Lambda::Alias')];
  for (let changed = true; changed; ) {
    changed = false;
    for (const q of qualified) {
      if (owner.has(`id:${q.id}`)) continue;
      const target = ownerOf(owner, prop(q, 'FunctionName')) ?? ownerOf(owner, prop(q, 'FunctionVersion'));
      if (target) {
        owner.set(`id:${q.id}`, target);
        changed = true;
      }
    }
  }
  const out = new Map<string, Set<string>>();
  for (const permission of lambdaPermissions(template)) {
    const fn = ownerOf(owner, prop(permission.resource, 'FunctionName'));
    if (!fn) continue;
    const set = out.get(fn) ?? new Set<string>();
    for (const v of stringValues(permission.principal?.value)) set.add(v.text);
    out.set(fn, set);
  }
  return out;
}

function ownerOf(owner: Map<string, string>, node: Node | undefined): string | undefined {
  for (const id of referencedIds(node)) {
    const found = owner.get(`id:${id}`);
    if (found) return found;
  }
  const key = functionKey(node);
  if (key === undefined) return undefined;
  // `name:my-fn:live` is the alias `live` of `my-fn`.
  return owner.get(key) ?? (key.startsWith('name:') ? owner.get(key.replace(/:[^:]+$/, '')) : undefined);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
