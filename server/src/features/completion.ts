import { plainSafe } from '../engine/fixer';
import { catalog, type ActionRecord } from '../iam/catalog';
import { awsManagedPolicy, awsManagedPolicyNames } from '../iam/managed-policies';
import { EFFECTS, POLICY_ELEMENTS, STATEMENT_ELEMENTS } from '../iam/policy-grammar';
import type { LintDocument } from '../model/document';
import type { StatementView } from '../model/policy';
import { policyTemplates } from '../model/sam-policy-templates';
import { statementActions } from '../model/statement-actions';
import { cursorContext, type CursorContext, type PathSegment } from './cursor';

export type CandidateKind = 'element' | 'value' | 'service' | 'action' | 'operator' | 'conditionKey' | 'principal' | 'arn' | 'template' | 'managedPolicy';

export interface CompletionCandidate {
  label: string;
  kind: CandidateKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** What replaces `replace`: quoted for its place; a snippet when `snippet` is set. */
  insertText: string;
  snippet: boolean;
  replace: { start: number; end: number };
  /** Ask the editor for completions again after inserting (a service prefix `s3:` is followed by its actions). */
  retrigger?: boolean;
  sortText?: string;
}

const OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
];
const SET_OPERATORS = ['ForAnyValue:StringEquals', 'ForAnyValue:StringLike', 'ForAllValues:StringEquals', 'ForAllValues:StringLike'];
const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const ELEMENT_DOCS: Record<string, string> = {
  Version: 'The policy language version: always `2012-10-17`.',
  Id: 'An optional identifier for the policy (used by some resource-based policies).',
  Statement: 'The permissions: one statement object or an array of them.',
  Sid: 'A statement identifier: letters and digits only in IAM policies.',
  Effect: '`Allow` or `Deny`.',
  Principal: 'Who the statement applies to (resource-based and trust policies only).',
  NotPrincipal: 'Everyone except these principals. Avoid with Allow.',
  Action: 'The actions allowed or denied, `service:Action`; wildcards allowed.',
  NotAction: 'Every action except these. Avoid with Allow.',
  Resource: 'The resources, as ARNs; `*` for all.',
  NotResource: 'Every resource except these.',
  Condition: 'When the statement applies: `{Operator: {Key: Value}}`.',
};

/** Completion at `offset`: what can be written there in a policy or template, quoted for the format. */
export function complete(doc: LintDocument | undefined, text: string, offset: number, format: 'json' | 'yaml'): CompletionCandidate[] {
  const cursor = cursorContext(text, offset, format);
  const make = new CandidateFactory(cursor, format, text);
  const statementAt = doc ? statementContaining(doc, offset) : undefined;
  const path = cursor.path;
  const st = path.lastIndexOf('Statement');

  // SAM Policies entries: templates (keys), managed policy names (values), template parameters.
  const policies = path.lastIndexOf('Policies');
  if (policies >= 0 && st < policies && isServerlessResource(doc, path)) {
    const rest = path.slice(policies + 1);
    // A new entry can be a template (a key) or a managed policy name (a value): offer both.
    if (rest.length <= 1) return [...make.templates(), ...make.managedPolicies(false), make.element('Statement', 'An inline policy document')];
    if (rest.length === 2 && typeof rest[1] === 'string' && cursor.atKey) return make.templateParameters(rest[1]);
  }
  if (path[path.length - 1] === 'ManagedPolicyArns' || path[path.length - 2] === 'ManagedPolicyArns') return make.managedPolicies(true);

  if (st < 0) {
    if (cursor.atKey && isPolicyRoot(doc, path)) return POLICY_ELEMENTS.map((e) => make.element(e, ELEMENT_DOCS[e]));
    if (path[path.length - 1] === 'Version' && isPolicyRoot(doc, path.slice(0, -1))) return [make.value('2012-10-17', 'The current policy language version')];
    return [];
  }
  if (path[st + 1] === undefined && !cursor.atKey) return [];
  const inStatement = typeof path[st + 1] === 'number' ? path.slice(st + 2) : path.slice(st + 1);
  if (inStatement.length === 0) {
    if (!cursor.atKey) return [];
    const present = new Set(statementAt?.node.properties.map((p) => p.key) ?? []);
    return STATEMENT_ELEMENTS.filter((e) => !present.has(e) || e === cursor.prefix).map((e) => make.element(e, ELEMENT_DOCS[e]));
  }
  const [element, ...below] = inStatement;
  switch (element) {
    case 'Effect':
      return EFFECTS.map((e) => make.value(e, e === 'Allow' ? 'Grant the actions' : 'Refuse the actions, overriding any Allow'));
    case 'Action':
    case 'NotAction':
      return make.actions();
    case 'Resource':
    case 'NotResource':
      return make.arns(statementAt);
    case 'Principal':
    case 'NotPrincipal':
      if (below.length === 0 && cursor.atKey) return PRINCIPAL_KEYS.map((k) => make.element(k, undefined));
      if (below[0] === 'Service') return make.servicePrincipals();
      if (below[0] === 'AWS') return [make.value('arn:aws:iam::123456789012:root', 'An account (all its principals that its own policies allow)', 'arn')];
      return [];
    case 'Condition':
      if (below.length === 0 && cursor.atKey) return [...OPERATORS, ...OPERATORS.filter((o) => o !== 'Null').map((o) => `${o}IfExists`), ...SET_OPERATORS].map((o) => make.operator(o));
      if (below.length === 1 && cursor.atKey) return make.conditionKeys(statementAt);
      if (below.length >= 2 && typeof below[1] === 'string') return make.conditionValues(String(below[0]), below[1]);
      return [];
    default:
      return [];
  }
}

function statementContaining(doc: LintDocument, offset: number): StatementView | undefined {
  let best: StatementView | undefined;
  for (const p of doc.policies) for (const s of p.statements) if (s.node.start <= offset && offset <= s.node.end && (!best || s.node.start >= best.node.start)) best = s;
  return best;
}

function isPolicyRoot(doc: LintDocument | undefined, path: PathSegment[]): boolean {
  if (path.length === 0) return doc?.kind.kind === 'policy' || doc === undefined;
  const last = path[path.length - 1];
  return last === 'PolicyDocument' || last === 'AssumeRolePolicyDocument';
}

function isServerlessResource(doc: LintDocument | undefined, path: PathSegment[]): boolean {
  if (path[0] !== 'Resources' || typeof path[1] !== 'string') return false;
  const type = doc?.template?.writtenResource(path[1])?.type;
  return type === undefined || type.startsWith('AWS::Serverless::');
}

class CandidateFactory {
  constructor(
    private readonly cursor: CursorContext,
    private readonly format: 'json' | 'yaml',
    private readonly text: string,
  ) {}

  /** A value written in the format's quoting: JSON strings quoted unless the cursor is already inside quotes. */
  private quote(value: string): string {
    if (this.cursor.inString) return value;
    if (this.format === 'json') return JSON.stringify(value);
    return plainSafe(value) ? value : `'${value.replace(/'/g, "''")}'`;
  }

  private candidate(label: string, kind: CandidateKind, insertText: string, extra: Partial<CompletionCandidate> = {}): CompletionCandidate {
    return { label, kind, insertText, snippet: false, replace: this.cursor.replace, ...extra };
  }

  element(name: string, documentation: string | undefined): CompletionCandidate {
    const insert = this.cursor.inString ? name : this.format === 'json' ? `"${name}": ` : `${name}: `;
    return this.candidate(name, 'element', insert, { documentation, sortText: `0${name}` });
  }

  value(value: string, detail?: string, kind: CandidateKind = 'value'): CompletionCandidate {
    return this.candidate(value, kind, this.quote(value), { detail });
  }

  operator(op: string): CompletionCandidate {
    const insert = this.cursor.inString ? op : this.format === 'json' ? `"${op}": ` : `${op}:`;
    return this.candidate(op, 'operator', insert, { sortText: `${op.includes(':') ? 2 : op.endsWith('IfExists') ? 1 : 0}${op}` });
  }

  actions(): CompletionCandidate[] {
    const prefix = this.cursor.prefix;
    const colon = prefix.indexOf(':');
    const c = catalog();
    if (colon < 0) {
      const lower = prefix.toLowerCase();
      return c
        .services()
        .filter((s) => s.prefix.startsWith(lower))
        .map((s) => {
          // Outside quotes in JSON the cursor must land before the closing quote, ready for the action name.
          const snippet = !this.cursor.inString && this.format === 'json';
          return this.candidate(`${s.prefix}:`, 'service', snippet ? `"${s.prefix}:$0"` : `${s.prefix}:`, { detail: s.name, retrigger: true, sortText: s.prefix, snippet });
        });
    }
    const service = c.service(prefix.slice(0, colon));
    if (!service) return [];
    const actions = c.actionsMatching(`${service.prefix}:*`);
    const out = actions.map((a) => this.actionCandidate(a));
    out.push(this.candidate(`${service.prefix}:*`, 'action', this.quote(`${service.prefix}:*`), { detail: `every ${service.name} action`, sortText: '~' }));
    for (const verb of ['Get', 'List', 'Describe', 'Put', 'Create', 'Update', 'Delete']) {
      const n = actions.filter((a) => a.name.startsWith(verb)).length;
      if (n > 1) out.push(this.candidate(`${service.prefix}:${verb}*`, 'action', this.quote(`${service.prefix}:${verb}*`), { detail: `${n} ${verb}… actions`, sortText: `~${verb}` }));
    }
    return out;
  }

  private actionCandidate(a: ActionRecord): CompletionCandidate {
    const resources = a.resourceTypes.map((r) => r.name).join(', ') || '`*` only';
    return this.candidate(a.fullName, 'action', this.quote(a.fullName), {
      detail: a.accessLevel,
      documentation: `${a.description}\n\nResource types: ${resources}. [Service Authorization Reference](${a.docsUrl})`,
      sortText: a.name,
    });
  }

  /** ARN skeletons for the statement's actions, with tab stops on the parts the user must choose. */
  arns(statement: StatementView | undefined): CompletionCandidate[] {
    const out: CompletionCandidate[] = [this.value('*', 'All resources')];
    if (!statement) return out;
    const seen = new Set<string>();
    for (const a of statementActions(statement).actions.slice(0, 50)) {
      for (const rt of a.resourceTypes) {
        for (const format of rt.resourceType.arnFormats) {
          if (seen.has(format)) continue;
          seen.add(format);
          let stop = 0;
          const defaults: Record<string, string> = { Partition: 'aws', Region: 'us-east-1', Account: '123456789012' };
          const body = format.replace(/\$\{([^}]+)\}/g, (_, name: string) => `\${${++stop}:${defaults[name] ?? name}}`);
          const quoted = this.cursor.inString ? body : this.format === 'json' ? `"${body}"` : `'${body}'`;
          out.push(this.candidate(format, 'arn', quoted, { detail: `${rt.resourceType.service} ${rt.name}`, snippet: true }));
        }
      }
    }
    return out;
  }

  servicePrincipals(): CompletionCandidate[] {
    const lower = this.cursor.prefix.toLowerCase();
    return catalog()
      .servicePrincipals()
      .filter((p) => p.name.startsWith(lower))
      .map((p) => this.value(p.name, 'service principal', 'principal'));
  }

  conditionKeys(statement: StatementView | undefined): CompletionCandidate[] {
    const c = catalog();
    const keys = new Map<string, string>();
    if (statement) {
      for (const a of statementActions(statement).actions.slice(0, 200)) {
        for (const k of a.conditionKeys) keys.set(k, a.service);
        for (const rt of a.resourceTypes) for (const k of rt.conditionKeys) keys.set(k, a.service);
      }
    }
    const out: CompletionCandidate[] = [];
    for (const [name] of keys) {
      const record = c.conditionKey(name);
      out.push(this.keyCandidate(name, record?.type, record?.description, `0${name}`));
    }
    for (const g of c.globalConditionKeys()) out.push(this.keyCandidate(g.name, g.type, g.description, `1${g.name}`));
    return out;
  }

  private keyCandidate(name: string, type: string | undefined, description: string | undefined, sortText: string): CompletionCandidate {
    const placeholder = name.replace(/\$\{[^}]+\}|<[^>]+>/, (m) => `\${1:${m.replace(/[${}<>]/g, '')}}`);
    const snippet = placeholder !== name;
    const text = snippet ? placeholder : name;
    const insert = this.cursor.inString ? text : this.format === 'json' ? `"${text}": ` : `${snippet || plainSafe(name) ? text : `'${text}'`}: `;
    return this.candidate(name, 'conditionKey', insert, { detail: type, documentation: description, sortText, snippet });
  }

  conditionValues(operator: string, key: string): CompletionCandidate[] {
    const record = catalog().conditionKey(key);
    if (/^Bool|^Null/.test(operator.replace(/^For(All|Any)Values?:/, '')) || record?.baseType === 'Bool') return ['true', 'false'].map((v) => this.value(v));
    if (/SourceAccount|PrincipalAccount/i.test(key)) return [this.value('123456789012', 'your account id')];
    if (/PassedToService/i.test(key)) return this.servicePrincipals();
    return [];
  }

  templates(): CompletionCandidate[] {
    return [...policyTemplates().values()].map((t) => {
      const params = t.parameters;
      let body: string;
      if (this.format === 'json') {
        body = `"${t.name}": {${params.map((p, i) => `"${p}": "\${${i + 1}:${p}}"`).join(', ')}}`;
      } else if (params.length === 0) {
        body = `${t.name}: {}`;
      } else {
        // The editor indents a snippet's later lines like the current line; the parameters go two columns
        // deeper than the template name, which may stand after a `- `.
        const indent = ' '.repeat(this.keyColumnInLine() + 2);
        body = `${t.name}:\n${params.map((p, i) => `${indent}${p}: \${${i + 1}:${p}}`).join('\n')}`;
      }
      return this.candidate(t.name, 'template', body, { detail: params.length ? `SAM policy template (${params.join(', ')})` : 'SAM policy template', documentation: t.description, snippet: true });
    });
  }

  templateParameters(name: string): CompletionCandidate[] {
    const t = policyTemplates().get(name);
    return (t?.parameters ?? []).map((p) => this.element(p, `Parameter of ${name}`));
  }

  managedPolicies(asArn: boolean): CompletionCandidate[] {
    const lower = this.cursor.prefix.replace(/^arn:[^/]*\//, '').toLowerCase();
    return awsManagedPolicyNames()
      .filter((n) => n.toLowerCase().startsWith(lower) || this.cursor.prefix.startsWith('arn:'))
      .slice(0, 400)
      .map((n) => {
        const ref = awsManagedPolicy(n);
        const value = asArn && ref ? ref.arn : n;
        return this.candidate(value, 'managedPolicy', this.quote(value), { detail: 'AWS managed policy', sortText: n.startsWith('AWSLambda') ? `0${n}` : `1${n}` });
      });
  }

  /** Columns between the line's indentation and where the key being typed starts (`- ` items). */
  private keyColumnInLine(): number {
    const lineStart = this.text.lastIndexOf('\n', this.cursor.replace.start - 1) + 1;
    const indent = /^[ \t]*/.exec(this.text.slice(lineStart))![0].length;
    return this.cursor.replace.start - lineStart - indent;
  }
}
