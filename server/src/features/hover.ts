import { catalog, type AccessLevel, type ActionRecord } from '../iam/catalog';
import type { EvalStatement } from '../iam/evaluator';
import { awsManagedPolicy, managedPolicy } from '../iam/managed-policies';
import type { LintDocument } from '../model/document';
import { functionPermissions } from '../model/function-permissions';
import { templateRoles } from '../model/roles';
import { policyTemplate } from '../model/sam-policy-templates';
import type { Node, Property } from '../parse/tree';
import type { PathSegment } from './cursor';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: { start: number; end: number };
}

interface Hit {
  path: PathSegment[];
  /** Set when the cursor is on a key. */
  property?: Property;
  node?: Node;
}

/** What the positioned tree has under the cursor: a key, or a scalar value, with its key path. */
function hitAt(root: Node | undefined, offset: number): Hit | undefined {
  const path: PathSegment[] = [];
  let node = root;
  for (let depth = 0; node && depth < 300; depth++) {
    if (node.type === 'intrinsic') {
      node = node.argument;
      continue;
    }
    if (node.type === 'object') {
      const p = node.properties.find((q) => q.keyStart <= offset && offset <= q.end);
      if (!p) return undefined;
      if (offset <= p.keyEnd) return { path, property: p };
      path.push(p.key);
      node = p.value;
    } else if (node.type === 'array') {
      const i = node.items.findIndex((item) => item.start <= offset && offset <= item.end);
      if (i < 0) return undefined;
      path.push(i);
      node = node.items[i];
    } else return { path, node };
  }
  return undefined;
}

export function hover(doc: LintDocument, offset: number): HoverResult | undefined {
  const hit = hitAt(doc.parsed.root, offset);
  if (!hit) return undefined;
  const { path } = hit;
  if (hit.property) {
    const range = { start: hit.property.keyStart, end: hit.property.keyEnd };
    const key = hit.property.key;
    if (path.length === 1 && path[0] === 'Resources' && doc.template) return withRange(effectivePermissions(doc, key), range);
    const parent = path[path.length - 1];
    const grand = path[path.length - 2];
    if (grand === 'Condition' || (typeof grand === 'number' && path[path.length - 3] === 'Condition')) return withRange(conditionKeyHover(key), range);
    if (parent === 'Condition') return withRange(operatorHover(key), range);
    if (typeof parent === 'number' && path[path.length - 2] === 'Policies') return withRange(templateHover(key), range);
    return undefined;
  }
  const node = hit.node;
  if (!node || node.type !== 'string') return undefined;
  const range = { start: node.start, end: node.end };
  // The innermost element: `Action` inside a SAM `Policies` entry is about the action.
  const element = [...path].reverse().find((p) => p === 'Action' || p === 'NotAction' || p === 'Service' || p === 'ManagedPolicyArns' || p === 'Policies' || p === 'Principal');
  if (element === 'Action' || element === 'NotAction') return withRange(actionHover(node.value), range);
  if (element === 'Service' || (element === 'Principal' && /\.amazonaws\.com$|\.amazon\.com$/.test(node.value))) return withRange(principalHover(node.value), range);
  if (element === 'ManagedPolicyArns' || element === 'Policies') return withRange(managedPolicyHover(node.value), range);
  return undefined;
}

function withRange(contents: string | undefined, range: { start: number; end: number }): HoverResult | undefined {
  return contents ? { contents, range } : undefined;
}

function actionHover(text: string): string | undefined {
  const c = catalog();
  if (/[*?]/.test(text)) {
    const matches = c.actionsMatching(text);
    if (matches.length === 0) return `**${text}** matches no known action.`;
    const byLevel = countBy(matches.map((a) => a.accessLevel));
    const shown = matches.slice(0, 15).map((a) => `\`${a.fullName}\``).join(', ');
    return `**${text}** matches ${matches.length} action${matches.length === 1 ? '' : 's'} (${formatCounts(byLevel)}): ${shown}${matches.length > 15 ? ', …' : ''}`;
  }
  const a = c.action(text);
  if (!a) return undefined;
  const resources = a.resourceTypes.length
    ? a.resourceTypes.map((r) => `- \`${r.name}\`${r.required ? ' (required)' : ''}: \`${r.resourceType.arnFormats.join('` or `')}\``).join('\n')
    : '- none: the action supports only `"Resource": "*"`';
  const keys = a.conditionKeys.length ? a.conditionKeys.map((k) => `\`${k}\``).join(', ') : 'none';
  return [`**${a.fullName}** · ${a.accessLevel}`, '', a.description, '', '**Resource types**', resources, '', `**Condition keys**: ${keys}`, '', `[Service Authorization Reference](${a.docsUrl})`].join('\n');
}

function conditionKeyHover(key: string): string | undefined {
  const k = catalog().conditionKey(key);
  if (!k) return undefined;
  const valued = k.multivalued ? 'multivalued: use `ForAnyValue:` or `ForAllValues:`' : 'single-valued';
  return [`**${k.name}** · ${k.type} · ${valued}${k.global ? ' · global key' : ''}`, '', k.description, '', `[Documentation](${k.docsUrl})`].join('\n');
}

const OPERATOR_DOCS: [RegExp, string][] = [
  [/^String/, 'Compares strings; `Like` variants accept `*` and `?` wildcards.'],
  [/^Numeric/, 'Compares numbers.'],
  [/^Date/, 'Compares dates (ISO 8601 or epoch seconds).'],
  [/^Bool/, 'Compares `true` / `false`.'],
  [/^BinaryEquals/, 'Compares base-64 encoded binary values.'],
  [/IpAddress/, 'Compares IP addresses against CIDR ranges.'],
  [/^Arn/, 'Compares ARNs; use with ARN-typed keys such as `aws:SourceArn`.'],
  [/^Null/, 'Tests whether the key is absent (`true`) or present (`false`).'],
];

function operatorHover(op: string): string | undefined {
  const base = op.replace(/^(ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
  const doc = OPERATOR_DOCS.find(([re]) => re.test(base));
  if (!doc) return undefined;
  const notes = [
    op.endsWith('IfExists') ? '`IfExists`: also true when the key is absent from the request.' : '',
    op.startsWith('ForAllValues:') ? '`ForAllValues:` every value in the request must match; true when the key is absent.' : '',
    op.startsWith('ForAnyValue:') ? '`ForAnyValue:` at least one value in the request must match.' : '',
  ].filter(Boolean);
  return [`**${op}**`, '', doc[1], ...notes.map((n) => `\n${n}`), '', '[Condition operators](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)'].join('\n');
}

function principalHover(name: string): string | undefined {
  const p = catalog().servicePrincipal(name);
  if (!p) return `**${name}** is not a service principal lambda-iam-lint knows.`;
  return `**${p.name}** · AWS service principal${p.region ? ` (regional form, ${p.region})` : ''}`;
}

function managedPolicyHover(text: string): string | undefined {
  const normalized = text.replace(/\$\{AWS::Partition\}/g, 'aws');
  const ref = awsManagedPolicy(normalized);
  if (!ref) return undefined;
  const record = managedPolicy(normalized);
  const body = record ? `\n\n\`\`\`json\n${JSON.stringify(record.document, null, 2).slice(0, 4000)}\n\`\`\`` : '';
  return `**${ref.name}** · AWS managed policy${record ? ` (${record.versionId})` : ''}\n\n\`${ref.arn}\`${body}`;
}

function templateHover(name: string): string | undefined {
  const t = policyTemplate(name);
  if (!t) return undefined;
  const params = t.parameters.length ? t.parameters.map((p) => `\`${p}\``).join(', ') : 'none (write `{}`)';
  return [`**${t.name}** · SAM policy template`, '', t.description, '', `Parameters: ${params}`, '', '```json', JSON.stringify(t.definition, null, 2), '```'].join('\n');
}

/**
 * On a function's or role's logical id: what it can really do, by service and access level. For a function this is
 * the data `lambda-iam-lint permissions` prints: its role and whether Lambda may assume it, the actions, the invokers.
 */
function effectivePermissions(doc: LintDocument, id: string): string | undefined {
  const template = doc.template!;
  const resource = template.resource(id);
  if (!resource) return undefined;
  if (resource.type === 'AWS::IAM::Role') {
    const role = templateRoles(template).templateRole(resource);
    return [`**${id}** · IAM role`, '', summarize(role.permissions.statements), ...notCounted(role.permissions.unreadable)].join('\n');
  }
  if (resource.type !== 'AWS::Lambda::Function') return undefined;
  const p = functionPermissions(template).find((f) => f.function === id);
  if (!p) return undefined;
  const invokers = `Invoked by: ${p.invokers.length ? p.invokers.map((i) => `\`${i}\``).join(', ') : 'no permission in this template'}.`;
  if (!p.roleModel || !p.actions) {
    return [`**${id}** · its execution role comes from outside this template: its permissions are not known here.`, '', invokers].join('\n');
  }
  const trust = p.assumableByLambda === true ? 'trusted by `lambda.amazonaws.com`' : p.assumableByLambda === false ? '**not trusted by `lambda.amazonaws.com`**' : 'trust policy not readable';
  const heading = `**${id}** · runs as \`${p.roleModel.id}\`${p.roleModel.origin === 'sam-function' ? ' (generated by SAM)' : ''}, ${trust}`;
  return [heading, '', summarizeActions(p.actions), ...notCounted(p.unreadable), '', invokers].join('\n');
}

function notCounted(unreadable: readonly string[]): string[] {
  return unreadable.length ? ['', `Not counted (could not be read): ${unreadable.join(', ')}.`] : [];
}

/** Actions counted by service and access level, as a table. */
function summarizeActions(actions: readonly ActionRecord[]): string {
  if (actions.length === 0) return 'No permissions.';
  const byService = new Map<string, Map<AccessLevel, number>>();
  for (const a of actions) {
    const levels = byService.get(a.service) ?? new Map<AccessLevel, number>();
    levels.set(a.accessLevel, (levels.get(a.accessLevel) ?? 0) + 1);
    byService.set(a.service, levels);
  }
  const rows = [...byService.entries()].map(([service, levels]) => `| ${service} | ${LEVELS.map((l) => String(levels.get(l) ?? '')).join(' | ')} |`);
  return ['| service | List | Read | Write | Tagging | Permissions |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

const LEVELS: AccessLevel[] = ['List', 'Read', 'Write', 'Tagging', 'Permissions management'];

export function summarize(statements: readonly EvalStatement[]): string {
  const c = catalog();
  const byService = new Map<string, Map<AccessLevel, Set<string>>>();
  const notes: string[] = [];
  for (const s of statements) {
    if (s.effect !== 'Allow') {
      notes.push(`Deny: ${(s.action ?? s.notAction ?? []).join(', ')}`);
      continue;
    }
    if (s.notAction) {
      notes.push(`Allows every action except ${s.notAction.join(', ')}${s.condition ? ' (with conditions)' : ''}`);
      continue;
    }
    for (const pattern of s.action ?? []) {
      if (pattern === '*') {
        notes.push(`Allows **every action of every service** on ${(s.resource ?? ['*']).join(', ')}`);
        continue;
      }
      for (const a of c.actionsMatching(pattern)) {
        const levels = byService.get(a.service) ?? new Map<AccessLevel, Set<string>>();
        const set = levels.get(a.accessLevel) ?? new Set<string>();
        set.add(a.name);
        levels.set(a.accessLevel, set);
        byService.set(a.service, levels);
      }
    }
  }
  if (byService.size === 0 && notes.length === 0) return 'No permissions.';
  const rows = [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, levels]) => {
      const cells = LEVELS.map((l) => {
        const names = levels.get(l);
        return names ? String(names.size) : '';
      });
      return `| ${service} | ${cells.join(' | ')} |`;
    });
  const table = rows.length ? ['| service | List | Read | Write | Tagging | Permissions |', '|---|---|---|---|---|---|', ...rows] : [];
  return [...table, ...(notes.length ? ['', ...notes.map((n) => `- ${n}`)] : [])].join('\n');
}

function countBy<T extends string>(values: T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

function formatCounts(counts: Map<string, number>): string {
  return [...counts.entries()].map(([k, n]) => `${n} ${k}`).join(', ');
}
