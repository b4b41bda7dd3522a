// A small IAM policy evaluator over plain statements: "does this set of
// statements allow action A on resource R for principal P with context C?"
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
//
// Statements are compiled once (`compilePolicy`) and then answer many requests.
//
// The linter rarely knows the whole request, so every statement evaluates to
// yes / maybe / no, and a decision that rests on a `maybe` is `conditional`:
// - A request part the caller could not resolve is left in place: a `*` in the
//   action, resource or a context value is a run nobody knows, and a `${...}`
//   is an unknown that equals the same token on the policy side. A policy
//   pattern that covers every such value matches (yes); one that covers only
//   some of them may match (maybe). So `arn:aws:s3:::b/*` matches the request
//   resource `arn:aws:s3:::b/${Key}` but only maybe matches `*`.
// - `${...}` left in the policy (CloudFormation substitutions, unresolvable
//   policy variables) is one specific unknown string: it may match anything
//   (maybe), and covers only the same token in the request.
// - Condition keys: by default a key missing from `context` is absent, as in
//   IAM (the condition fails, except IfExists, Null, ForAllValues and the
//   negated operators). With `unknownKeys: 'assume-satisfiable'` a missing key
//   is unknown instead, and a condition on it is `maybe`; give a key the value
//   null to say it is known to be absent.
// - A request without `principal` leaves Principal/NotPrincipal `maybe`
//   (except `"*"`).
//
// Decision: any yes-Deny → deny. Otherwise any Allow (yes or maybe) → allow,
// conditional when no Allow is a yes or some Deny is a maybe. Otherwise a
// maybe-Deny → deny, conditional (never allowed; explicitly only if the Deny
// applies). Otherwise implicitDeny.

import { BASE_OPERATORS, type OperatorInfo } from './condition-operators';
import { type ArnGlob, compareArnGlobs, compileArnPattern, compileArnValue, parseArn } from './arn';
import { boundedMemo } from './bounded-memo';
import { compareGlob, compilePattern, compileValue, type Glob, type GlobAtom, type Match, unknown, valueAtoms, type VariableResolver } from './wildcard';

export type Effect = 'Allow' | 'Deny';
export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';
export type PrincipalSpec = { readonly [K in PrincipalType]?: string | readonly string[] };

export interface EvalStatement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  /** Neither Resource nor NotResource (a role trust policy): the statement applies to any resource. */
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly principal?: PrincipalSpec | '*';
  readonly notPrincipal?: PrincipalSpec | '*';
  /** Operator (`StringEquals`, `ForAnyValue:StringLike`, `ArnLikeIfExists`) → key → values. */
  readonly condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** The caller's handle (e.g. the statement node), returned in results untouched. */
  readonly origin?: unknown;
}

/** The principal making the request. For `AWS`, an account ID or an IAM/STS ARN (`arn:aws:sts::123456789012:assumed-role/r/s`). */
export interface EvalPrincipal {
  readonly type: PrincipalType;
  readonly id: string;
}

/** null: the key is known to be absent. An empty array counts as absent too. */
export type ContextValue = string | readonly string[] | null;
export type EvalContext = Readonly<Record<string, ContextValue | undefined>>;

export interface EvalRequest {
  readonly action: string;
  readonly resource: string;
  readonly principal?: EvalPrincipal;
  /** Condition keys, any case. */
  readonly context?: EvalContext;
}

export interface EvalOptions {
  /** What a condition key missing from the context means; default `absent` (IAM's semantics). */
  readonly unknownKeys?: 'absent' | 'assume-satisfiable';
}

export interface CompileOptions extends EvalOptions {
  /** False for `Version: 2008-10-17` policies, where `${aws:username}` is literal text. Default true. */
  readonly policyVariables?: boolean;
}

export type Decision = 'allow' | 'deny' | 'implicitDeny';

export interface EvalResult {
  readonly decision: Decision;
  /** The decision holds only for some of the requests the unknowns stand for. */
  readonly conditional: boolean;
  /** The deciding statements: the Denies that deny, or the Allows that allow (the certain ones when there are any). */
  readonly matched: readonly EvalStatement[];
  /** Statements that evaluated to maybe and could change the decision. */
  readonly uncertain: readonly EvalStatement[];
}

export interface AllowsAnyResult extends EvalResult {
  /** The resource the result is for (the first allowed one), undefined when no resources were given. */
  readonly resource: string | undefined;
}

export interface CompiledPolicy {
  readonly statements: readonly EvalStatement[];
  evaluate(request: EvalRequest, options?: EvalOptions): EvalResult;
  /** Is the action allowed on any of the resources? The first certain allow wins, then the first conditional one. */
  allowsAny(action: string, resources: readonly string[], request?: Omit<EvalRequest, 'action' | 'resource'>, options?: EvalOptions): AllowsAnyResult;
}

export function compilePolicy(statements: readonly EvalStatement[], options: CompileOptions = {}): CompiledPolicy {
  return new Policy(statements, options);
}

const compiledDefaults = new WeakMap<readonly EvalStatement[], CompiledPolicy>();

function compiled(policy: CompiledPolicy | readonly EvalStatement[]): CompiledPolicy {
  if (!Array.isArray(policy)) return policy as CompiledPolicy;
  const statements = policy as readonly EvalStatement[];
  let c = compiledDefaults.get(statements);
  if (c === undefined) {
    c = compilePolicy(statements);
    compiledDefaults.set(statements, c);
  }
  return c;
}

/** Evaluates one request; a statement array is compiled once and remembered while the array lives. */
export function evaluate(policy: CompiledPolicy | readonly EvalStatement[], request: EvalRequest, options?: EvalOptions): EvalResult {
  return compiled(policy).evaluate(request, options);
}

/** Is the action allowed on any of the resources? See `CompiledPolicy.allowsAny`. */
export function allowsAny(
  policy: CompiledPolicy | readonly EvalStatement[],
  action: string,
  resources: readonly string[],
  request?: Omit<EvalRequest, 'action' | 'resource'>,
  options?: EvalOptions,
): AllowsAnyResult {
  return compiled(policy).allowsAny(action, resources, request, options);
}

// --- tri-state logic ---

const not = (m: Match): Match => (m === 'yes' ? 'no' : m === 'no' ? 'yes' : 'maybe');

function or<T>(items: readonly T[], f: (t: T) => Match): Match {
  let r: Match = 'no';
  for (const t of items) {
    const m = f(t);
    if (m === 'yes') return 'yes';
    if (m === 'maybe') r = 'maybe';
  }
  return r;
}

function and<T>(items: readonly T[], f: (t: T) => Match): Match {
  let r: Match = 'yes';
  for (const t of items) {
    const m = f(t);
    if (m === 'no') return 'no';
    if (m === 'maybe') r = 'maybe';
  }
  return r;
}

const both = (a: Match, b: Match): Match => (a === 'no' || b === 'no' ? 'no' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'yes');
const either = (a: Match, b: Match): Match => (a === 'yes' || b === 'yes' ? 'yes' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'no');

const list = (v: string | readonly string[] | undefined): readonly string[] | undefined => (v === undefined ? undefined : typeof v === 'string' ? [v] : v);

// --- the request, prepared once per evaluation ---

type Lookup = { readonly state: 'unknown' } | { readonly state: 'absent' } | { readonly state: 'present'; readonly values: readonly string[] };

const UNKNOWN: Lookup = { state: 'unknown' };
const ABSENT: Lookup = { state: 'absent' };

class RequestContext {
  private readonly index = new Map<string, ContextValue>();
  private readonly assume: boolean;
  private readonly dynamic = new Map<string, unknown>();
  readonly resolve: VariableResolver;

  constructor(context: EvalContext | undefined, options: EvalOptions) {
    this.assume = options.unknownKeys === 'assume-satisfiable';
    for (const [k, v] of Object.entries(context ?? {})) if (v !== undefined) this.index.set(k.toLowerCase(), v);
    this.resolve = (name, fallback) => this.variable(name, fallback);
    this.key = `${this.assume ? 'u' : 'a'}${this.index.size === 0 ? '' : JSON.stringify([...this.index])}`;
  }

  /** Everything a statement's answer depends on besides the request's action, resource and principal. */
  readonly key: string;

  lookup(keyLower: string): Lookup {
    const v = this.index.get(keyLower);
    if (v === undefined) return this.assume ? UNKNOWN : ABSENT;
    if (v === null) return ABSENT;
    const values = typeof v === 'string' ? [v] : v.map(String);
    return values.length === 0 ? ABSENT : { state: 'present', values };
  }

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value
  // A variable without a value (or with several: multivalued keys cannot be
  // variables) makes its pattern match nothing, unless it has a default.
  private variable(name: string, fallback: string | undefined): string | readonly GlobAtom[] | null {
    const found = this.lookup(name.toLowerCase());
    if (found.state === 'unknown') return [unknown(`\${${name}}`)];
    if (found.state === 'absent' || found.values.length !== 1) return fallback ?? null;
    const value = found.values[0]!;
    if (!value.includes('*') && !value.includes('${')) return value;
    // An unresolved run in the value is one unknown string here, not a wildcard of the policy's.
    return valueAtoms(value).map((a) => (typeof a !== 'string' && a.kind === 'star' ? unknown(`\${${name}}`) : a));
  }

  /** Compiles a pattern holding policy variables once per request. */
  memo<T>(key: string, make: () => T): T {
    if (this.dynamic.has(key)) return this.dynamic.get(key) as T;
    const v = make();
    this.dynamic.set(key, v);
    return v;
  }
}

const isUnresolved = (v: string): boolean => v.includes('*') || v.includes('${');
const hasVariable = (t: string): boolean => /\$\{[^}:]+:[^:}]/.test(t);

// --- compiled statements ---

interface CompiledStatement {
  readonly source: EvalStatement;
  readonly core: StatementCore;
}

/**
 * What a statement's content compiles to, shared by every statement with the same content (a keystroke elsewhere
 * leaves the others as they were): the answers it gave, by request, are kept with it. An answer depends only on the
 * content and the request (action, resource, principal, context and options: `RequestContext.key`).
 */
interface StatementCore {
  readonly deny: boolean;
  /** null: the statement names no action and applies to none. */
  readonly actions: { readonly negate: boolean; readonly globs: readonly Glob[] } | null;
  /** null: no Resource/NotResource, any resource. */
  readonly resources: { readonly negate: boolean; readonly items: readonly ArnItem[] } | null;
  readonly principal: { readonly negate: boolean; readonly spec: PrincipalMatcher } | null;
  readonly conditions: readonly CompiledCondition[];
  readonly answers: Map<string, Match>;
  /** The answers are from this epoch; an older one's are dropped on first use. */
  epoch: number;
}

/**
 * Answers kept over all statements: past MAX_ANSWERS every statement starts over on its next use, and none keeps more
 * than MAX_STATEMENT_ANSWERS, so a long session stays bounded.
 */
const MAX_ANSWERS = 50_000;
const MAX_STATEMENT_ANSWERS = 256;
let answerCount = 0;
let answerEpoch = 0;
const cores = boundedMemo<StatementCore>(1000);

type ArnItem = { readonly glob: ArnGlob } | { readonly text: string };

class Policy implements CompiledPolicy {
  readonly statements: readonly EvalStatement[];
  private readonly compiled: readonly CompiledStatement[];
  private readonly options: CompileOptions;

  constructor(statements: readonly EvalStatement[], options: CompileOptions) {
    this.statements = statements;
    this.options = options;
    const variables = options.policyVariables ?? true;
    this.compiled = statements.map((s) => compileStatement(s, variables));
  }

  evaluate(request: EvalRequest, options?: EvalOptions): EvalResult {
    return this.run(request.action, request.resource, request.principal, new RequestContext(request.context, options ?? this.options));
  }

  allowsAny(action: string, resources: readonly string[], request: Omit<EvalRequest, 'action' | 'resource'> = {}, options?: EvalOptions): AllowsAnyResult {
    const ctx = new RequestContext(request.context, options ?? this.options);
    let best: AllowsAnyResult | undefined;
    for (const resource of resources) {
      const r = this.run(action, resource, request.principal, ctx);
      if (r.decision === 'allow' && !r.conditional) return { ...r, resource };
      if (best === undefined || (r.decision === 'allow' && best.decision !== 'allow')) best = { ...r, resource };
    }
    return best ?? { decision: 'implicitDeny', conditional: false, matched: [], uncertain: [], resource: undefined };
  }

  private run(action: string, resource: string, principal: EvalPrincipal | undefined, ctx: RequestContext): EvalResult {
    let actionValue: Glob | undefined;
    let resourceValue: ArnGlob | undefined;
    const key = `${action}\u0001${resource}\u0001${principal ? `${principal.type}\u0002${principal.id}` : ''}\u0001${ctx.key}`;
    const yesDeny: EvalStatement[] = [];
    const maybeDeny: EvalStatement[] = [];
    const yesAllow: EvalStatement[] = [];
    const maybeAllow: EvalStatement[] = [];
    for (const s of this.compiled) {
      const core = s.core;
      if (!core.deny && yesDeny.length > 0) continue;
      if (core.epoch !== answerEpoch) {
        core.answers.clear();
        core.epoch = answerEpoch;
      }
      let m = core.answers.get(key);
      if (m === undefined) {
        m = matchStatement(core, (actionValue ??= compileValue(action, true)), (resourceValue ??= compileArnValue(resource)), principal, ctx);
        if (++answerCount > MAX_ANSWERS) {
          answerEpoch++;
          answerCount = 0;
        }
        if (core.answers.size >= MAX_STATEMENT_ANSWERS) core.answers.clear();
        core.answers.set(key, m);
      }
      if (m === 'no') continue;
      if (core.deny) (m === 'yes' ? yesDeny : maybeDeny).push(s.source);
      else (m === 'yes' ? yesAllow : maybeAllow).push(s.source);
    }
    if (yesDeny.length > 0) return { decision: 'deny', conditional: false, matched: yesDeny, uncertain: [] };
    if (yesAllow.length > 0) return { decision: 'allow', conditional: maybeDeny.length > 0, matched: yesAllow, uncertain: maybeDeny };
    if (maybeAllow.length > 0) return { decision: 'allow', conditional: true, matched: maybeAllow, uncertain: [...maybeAllow, ...maybeDeny] };
    if (maybeDeny.length > 0) return { decision: 'deny', conditional: true, matched: maybeDeny, uncertain: maybeDeny };
    return { decision: 'implicitDeny', conditional: false, matched: [], uncertain: [] };
  }
}

function compileStatement(s: EvalStatement, variables: boolean): CompiledStatement {
  const key = JSON.stringify([variables, s.effect, s.action, s.notAction, s.resource, s.notResource, s.principal, s.notPrincipal, s.condition]);
  return { source: s, core: cores(key, () => compileCore(s, variables)) };
}

function compileCore(s: EvalStatement, variables: boolean): StatementCore {
  const actionList = list(s.action) ?? list(s.notAction);
  const resourceList = list(s.resource) ?? list(s.notResource);
  const principal = s.principal ?? s.notPrincipal;
  return {
    answers: new Map(),
    epoch: answerEpoch,
    deny: s.effect === 'Deny',
    actions: actionList === undefined ? null : {
      negate: s.action === undefined,
      globs: actionList.map((a) => compilePattern(String(a), { ignoreCase: true, variables: false })!),
    },
    resources: resourceList === undefined ? null : {
      negate: s.resource === undefined,
      items: resourceList.map((r): ArnItem => {
        const text = String(r);
        return variables && hasVariable(text) ? { text } : { glob: compileArnPattern(text, { variables })! };
      }),
    },
    principal: principal === undefined ? null : { negate: s.principal === undefined, spec: principalMatcher(principal) },
    conditions: Object.entries(s.condition ?? {}).flatMap(([operator, keys]) =>
      Object.entries(keys ?? {}).map(([key, values]) => compileCondition(operator, key, list(values as string | readonly string[]) ?? [], variables)),
    ),
  };
}

function matchStatement(s: StatementCore, action: Glob, resource: ArnGlob, principal: EvalPrincipal | undefined, ctx: RequestContext): Match {
  if (s.actions === null) return 'no';
  let m = or(s.actions.globs, (g) => compareGlob(g, action));
  if (s.actions.negate) m = not(m);
  if (m === 'no') return 'no';
  if (s.resources !== null) {
    let r = or(s.resources.items, (item) => {
      const glob = 'glob' in item ? item.glob : ctx.memo(`r${item.text}`, () => compileArnPattern(item.text, { variable: ctx.resolve }));
      return glob === null ? 'no' : compareArnGlobs(glob, resource);
    });
    if (s.resources.negate) r = not(r);
    m = both(m, r);
    if (m === 'no') return 'no';
  }
  if (s.principal !== null) {
    const p = s.principal.spec(principal);
    m = both(m, s.principal.negate ? not(p) : p);
    if (m === 'no') return 'no';
  }
  for (const c of s.conditions) {
    m = both(m, evaluateCondition(c, ctx));
    if (m === 'no') return 'no';
  }
  return m;
}

// --- principals ---
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

type PrincipalMatcher = (principal: EvalPrincipal | undefined) => Match;

function principalMatcher(spec: PrincipalSpec | '*'): PrincipalMatcher {
  if (spec === '*') return () => 'yes';
  const byType = new Map<string, readonly string[]>();
  for (const [k, v] of Object.entries(spec)) byType.set(k.toLowerCase(), (list(v as string | readonly string[]) ?? []).map(String));
  // {"AWS": "*"} is everyone, anonymous and services included.
  if (byType.get('aws')?.includes('*')) return () => 'yes';
  return (principal) => {
    if (principal === undefined) return 'maybe';
    const type = principal.type.toLowerCase();
    const entries = byType.get(type) ?? [];
    return or(entries, (e) => (e === '*' ? 'yes' : type === 'aws' ? awsPrincipalMatch(e, principal.id) : literal(e, principal.id, type === 'service')));
  };
}

function literal(pattern: string, value: string, ignoreCase = false): Match {
  return compareGlob(compilePattern(pattern, { wildcards: false, ignoreCase })!, compileValue(value, ignoreCase));
}

interface AwsPrincipal {
  readonly kind: 'account' | 'role' | 'assumed-role' | 'other';
  readonly account: string;
  readonly roleName: string;
  readonly text: string;
}

function awsPrincipal(text: string): AwsPrincipal {
  if (!text.startsWith('arn:')) return { kind: 'account', account: text, roleName: '', text };
  const parsed = parseArn(text);
  if (!parsed.ok || parsed.arn.opaque) return { kind: 'other', account: '', roleName: '', text };
  const { service, account, resource } = parsed.arn;
  if (service === 'iam' && resource === 'root') return { kind: 'account', account, roleName: '', text };
  if (service === 'iam' && resource.startsWith('role/')) return { kind: 'role', account, roleName: resource.slice(resource.lastIndexOf('/') + 1), text };
  if (service === 'sts' && resource.startsWith('assumed-role/')) return { kind: 'assumed-role', account, roleName: resource.split('/')[1] ?? '', text };
  return { kind: 'other', account, roleName: '', text };
}

// An account (ID or `:root`) stands for every principal in it; a role ARN also
// for that role's sessions (`sts::…:assumed-role/name/session`).
function awsPrincipalMatch(entry: string, id: string): Match {
  const e = awsPrincipal(entry);
  const r = awsPrincipal(id);
  if (e.kind === 'account') return literal(e.account, r.account);
  const exact = literal(e.text, r.text);
  if (e.kind !== 'role' || r.kind !== 'assumed-role') return exact;
  return either(exact, both(literal(e.account, r.account), literal(e.roleName, r.roleName)));
}

// --- conditions ---
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

type Order = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

interface Operator extends OperatorInfo {
  readonly order: Order;
  readonly ignoreCase: boolean;
  readonly wildcards: boolean;
}

function orderOf(name: string): Order {
  if (name.endsWith('LessThanEquals')) return 'le';
  if (name.endsWith('LessThan')) return 'lt';
  if (name.endsWith('GreaterThanEquals')) return 'ge';
  if (name.endsWith('GreaterThan')) return 'gt';
  return 'eq';
}

/**
 * The operators of condition-operators.ts, keyed lower-case: the evaluator reads names leniently to evaluate what it
 * can (a wrong case is the rules' finding). ArnEquals takes wildcards exactly like ArnLike.
 */
const OPERATORS = new Map<string, Operator>(
  Object.entries(BASE_OPERATORS).map(([name, info]) => [
    name.toLowerCase(),
    { ...info, order: orderOf(name), ignoreCase: name.includes('IgnoreCase'), wildcards: name.endsWith('Like') || info.family === 'arn' },
  ]),
);

interface ParsedOperator {
  readonly operator: Operator;
  readonly set: 'all' | 'any' | undefined;
  readonly ifExists: boolean;
}

/** `ForAllValues:StringLikeIfExists` → its parts; undefined for an operator IAM does not know (Null takes no IfExists). */
export function parseConditionOperator(text: string): ParsedOperator | undefined {
  let rest = text;
  let set: ParsedOperator['set'];
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const qualifier = text.slice(0, colon).toLowerCase();
    if (qualifier === 'forallvalues') set = 'all';
    else if (qualifier === 'foranyvalue') set = 'any';
    else return undefined;
    rest = text.slice(colon + 1);
  }
  const ifExists = rest.length > 8 && rest.toLowerCase().endsWith('ifexists');
  if (ifExists) rest = rest.slice(0, -8);
  const operator = OPERATORS.get(rest.toLowerCase());
  if (operator === undefined || (operator.family === 'null' && ifExists)) return undefined;
  return { operator, set, ifExists };
}

type PolicyValue =
  | { readonly kind: 'glob'; readonly glob: Glob }
  | { readonly kind: 'arn'; readonly glob: ArnGlob }
  | { readonly kind: 'dynamic'; readonly text: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'ip'; readonly value: Cidr | undefined }
  | { readonly kind: 'text'; readonly value: string };

interface CompiledCondition {
  readonly key: string;
  readonly parsed: ParsedOperator | undefined;
  readonly values: readonly PolicyValue[];
}

function compileCondition(operator: string, key: string, rawValues: readonly unknown[], variables: boolean): CompiledCondition {
  const parsed = parseConditionOperator(operator);
  const o = parsed?.operator;
  const values = rawValues.map(String).map((v): PolicyValue => {
    switch (o?.family) {
      case 'string':
        if (variables && hasVariable(v)) return { kind: 'dynamic', text: v };
        return { kind: 'glob', glob: compilePattern(v, { ignoreCase: o.ignoreCase, wildcards: o.wildcards, variables })! };
      case 'arn':
        return variables && hasVariable(v) ? { kind: 'dynamic', text: v } : { kind: 'arn', glob: compileArnPattern(v, { variables })! };
      case 'numeric':
        return { kind: 'number', value: parseNumber(v) };
      case 'date':
        return { kind: 'number', value: parseDate(v) };
      case 'ip':
        return { kind: 'ip', value: parseCidr(v) };
      case 'binary':
        return { kind: 'text', value: v.replace(/\s+|=+$/g, '') };
      default:
        return { kind: 'text', value: v.toLowerCase() };
    }
  });
  return { key: key.toLowerCase(), parsed, values };
}

function evaluateCondition(c: CompiledCondition, ctx: RequestContext): Match {
  // An operator IAM would reject cannot be evaluated; another rule reports it.
  if (c.parsed === undefined) return 'maybe';
  const { operator, set, ifExists } = c.parsed;
  const found = ctx.lookup(c.key);
  if (found.state === 'unknown') return 'maybe';
  if (operator.family === 'null') {
    const present = found.state === 'present';
    return or(c.values, (v) => (v.kind === 'text' && (v.value === 'true' ? !present : v.value === 'false' && present) ? 'yes' : 'no'));
  }
  if (found.state === 'absent') {
    if (ifExists || set === 'all') return 'yes';
    if (set === 'any') return 'no';
    return operator.negated ? 'yes' : 'no';
  }
  const positive = (v: string): Match => or(c.values, (p) => compareValue(operator, p, v, ctx));
  const single = (v: string): Match => (operator.negated ? not(positive(v)) : positive(v));
  if (set === 'all') return and(found.values, single);
  if (set === 'any') return or(found.values, single);
  const any = or(found.values, positive);
  return operator.negated ? not(any) : any;
}

/** Does one context value satisfy one policy value, before negation? */
function compareValue(o: Operator, p: PolicyValue, value: string, ctx: RequestContext): Match {
  if (o.family === 'string') {
    const glob =
      p.kind === 'glob'
        ? p.glob
        : p.kind === 'dynamic'
          ? ctx.memo(`s${o.ignoreCase ? 'i' : ''}${o.wildcards ? 'w' : ''}${p.text}`, () =>
              compilePattern(p.text, { ignoreCase: o.ignoreCase, wildcards: o.wildcards, variable: ctx.resolve }),
            )
          : null;
    return glob ? compareGlob(glob, compileValue(value, o.ignoreCase)) : 'no';
  }
  if (o.family === 'arn') {
    const glob = p.kind === 'arn' ? p.glob : p.kind === 'dynamic' ? ctx.memo(`a${p.text}`, () => compileArnPattern(p.text, { variable: ctx.resolve })) : null;
    return glob ? compareArnGlobs(glob, compileArnValue(value)) : 'no';
  }
  if (isUnresolved(value)) return 'maybe';
  switch (p.kind) {
    case 'number': {
      const v = o.family === 'date' ? parseDate(value) : parseNumber(value);
      return Number.isNaN(v) || Number.isNaN(p.value) ? 'no' : ordered(o.order, v, p.value) ? 'yes' : 'no';
    }
    case 'ip': {
      const ip = parseCidr(value);
      return ip && p.value && contains(p.value, ip) ? 'yes' : 'no';
    }
    case 'text':
      if (o.family === 'bool') return /^(true|false)$/.test(p.value) && value.toLowerCase() === p.value ? 'yes' : 'no';
      return value.replace(/\s+|=+$/g, '') === p.value ? 'yes' : 'no';
    default:
      return 'no';
  }
}

function ordered(order: Order, a: number, b: number): boolean {
  switch (order) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
  }
}

function parseNumber(text: string): number {
  const t = text.trim();
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

// ISO 8601 (date, date-time, basic or extended, optional fraction and offset;
// no offset means UTC) or epoch seconds, as the Date operators accept.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
const ISO_DATE = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Milliseconds since the epoch, NaN when the text is no date. */
export function parseDate(text: string): number {
  const t = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(t) && !ISO_DATE.test(t)) return Number(t) * 1000;
  const m = ISO_DATE.exec(t);
  if (m === null) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const ms = Math.round(Number(`0.${frac}`) * 1000);
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const date = new Date(time);
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return NaN;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
  }
  return time;
}

interface Cidr {
  readonly bits: 32 | 128;
  readonly address: bigint;
  readonly prefix: number;
}

/** An IPv4 or IPv6 address, optionally with a `/prefix`; IPv4-mapped IPv6 reads as IPv4. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))) return undefined;
  const prefix = prefixText === undefined ? undefined : Number(prefixText);
  const v4 = parseIpv4(addr);
  if (v4 !== undefined) return prefix === undefined || prefix <= 32 ? { bits: 32, address: v4.address, prefix: prefix ?? 32 } : undefined;
  const v6 = parseIpv6(addr);
  if (v6 === undefined || (prefix !== undefined && prefix > 128)) return undefined;
  if (v6 >> 32n === 0xffffn && (prefix === undefined || prefix >= 96)) return { bits: 32, address: v6 & 0xffffffffn, prefix: (prefix ?? 128) - 96 };
  return { bits: 128, address: v6, prefix: prefix ?? 128 };
}

function parseIpv4(text: string): { bits: 32; address: bigint } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (m === null) return undefined;
  let address = 0n;
  for (const part of m.slice(1)) {
    const n = Number(part);
    if (n > 255) return undefined;
    address = (address << 8n) | BigInt(n);
  }
  return { bits: 32, address };
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-f:.]+$/i.test(text)) return undefined;
  let groups = text;
  let tail: bigint[] = [];
  if (text.includes('.')) {
    const lastColon = text.lastIndexOf(':');
    const v4 = lastColon < 0 ? undefined : parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4.address >> 16n, v4.address & 0xffffn];
    groups = text.slice(0, lastColon + 1);
    if (!groups.endsWith('::')) groups = groups.slice(0, -1);
  }
  const halves = groups.split('::');
  if (halves.length > 2) return undefined;
  const read = (s: string): bigint[] | undefined => {
    if (s === '') return [];
    const out: bigint[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
      out.push(BigInt(`0x${g}`));
    }
    return out;
  };
  const head = read(halves[0]!);
  const rest = halves.length === 2 ? read(halves[1]!) : [];
  if (head === undefined || rest === undefined) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const all = [...head, ...Array<bigint>(8 - known).fill(0n), ...rest, ...tail];
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

function contains(net: Cidr, ip: Cidr): boolean {
  if (net.bits !== ip.bits) return false;
  const shift = BigInt(net.bits - net.prefix);
  return net.address >> shift === ip.address >> shift;
}
