// IAM wildcard patterns, compiled once and matched without backtracking.
//
// `*` matches any run of characters (empty included, across `:` and `/`) and
// `?` exactly one, as in Action, Resource and the Like operators:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
//
// A pattern may also hold `${...}` tokens: IAM policy variables
// (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`) and CloudFormation
// substitutions left unresolved (`${AWS::Region}`, `${MyBucket.Arn}`,
// `${ParamName}`). Unless a caller resolves it, a token is an *unknown*: one
// specific string we cannot see. Tested against text it matches anything (so it
// never produces a false mismatch), yet it only *covers* another pattern's run
// when that run is a `*` or the very same token.
//
// Three questions are answered over compiled globs:
// - `test`: does the pattern match this text (segment scan, O(text × pattern) worst case, usually linear);
// - `globCovers(a, b)`: does every string b can stand for match a (a sound approximation, see there);
// - `globsOverlap(a, b)`: is there a string both match (exact).
// `compareGlob(policy, value)` combines them into yes / maybe / no.

import { memoized } from './bounded-memo';

/** Tri-state answer: `maybe` when the answer depends on a wildcard or unknown in the value, or an unknown in the pattern. */
export type Match = 'yes' | 'maybe' | 'no';

/** A wildcard atom. `star`: any run; `any`: one character; `unknown`: one specific unseen run (a `${...}` token). */
export interface GlobWild {
  readonly kind: 'star' | 'any' | 'unknown';
  /** Characters this atom cannot produce (e.g. `:` for an ARN-format placeholder); empty for IAM's own wildcards. */
  readonly except: string;
  /** For `unknown`: the token as written, `${AWS::Region}`; two unknowns are the same string only when their names are equal. */
  readonly name: string;
}

/** A one-character string (a literal) or a wildcard. */
export type GlobAtom = string | GlobWild;

export const STAR: GlobWild = Object.freeze({ kind: 'star', except: '', name: '' });
export const ANY_CHAR: GlobWild = Object.freeze({ kind: 'any', except: '', name: '' });

export function star(except = ''): GlobWild {
  return except === '' ? STAR : { kind: 'star', except, name: '' };
}

export function anyChar(except = ''): GlobWild {
  return except === '' ? ANY_CHAR : { kind: 'any', except, name: '' };
}

export function unknown(name: string): GlobWild {
  return { kind: 'unknown', except: '', name };
}

interface Segment {
  readonly text: string;
  /** Positions holding `?`; null when the segment is plain text (then `indexOf` finds it). */
  readonly any: readonly boolean[] | null;
}

export class Glob {
  readonly atoms: readonly GlobAtom[];
  readonly ignoreCase: boolean;
  /** No wildcard and no unknown: the glob stands for exactly one string, `literal`. */
  readonly concrete: boolean;
  readonly literal: string;
  readonly hasUnknown: boolean;
  // Split at stars for the fast scan; null when a wildcard excludes characters and the NFA is needed.
  private plan: Plan | null | undefined;

  constructor(atoms: readonly (string | GlobWild)[], ignoreCase = false) {
    this.ignoreCase = ignoreCase;
    this.atoms = canonical(atoms, ignoreCase);
    let concrete = true;
    let hasUnknown = false;
    for (const a of this.atoms) {
      if (typeof a !== 'string') {
        concrete = false;
        if (a.kind === 'unknown') hasUnknown = true;
      }
    }
    this.concrete = concrete;
    this.hasUnknown = hasUnknown;
    this.literal = concrete ? (this.atoms as string[]).join('') : '';
  }

  /** Does the pattern match this text? Unknowns match any run here. */
  test(text: string): boolean {
    return this.testFolded(this.ignoreCase ? text.toLowerCase() : text);
  }

  /** `test` for text already lower-cased when the glob ignores case (a value compiled the same way). */
  testFolded(text: string): boolean {
    if (this.concrete) return text === this.literal;
    if (this.plan === undefined) this.plan = plan(this.atoms);
    return this.plan ? scan(this.plan, text) : simulate(this.atoms, text);
  }

  /** The pattern in IAM syntax; unknowns print as their token, restricted wildcards as `*`/`?`. */
  toString(): string {
    return this.atoms.map((a) => (typeof a === 'string' ? a : a.kind === 'unknown' ? a.name : a.kind === 'star' ? '*' : '?')).join('');
  }
}

/** Merges runs of plain `*`/`?` into `?…?*` so that covering needs no search over their order. */
function canonical(input: readonly (string | GlobWild)[], ignoreCase: boolean): GlobAtom[] {
  const out: GlobAtom[] = [];
  let i = 0;
  while (i < input.length) {
    const a = input[i]!;
    if (typeof a === 'string') {
      for (const ch of (ignoreCase ? a.toLowerCase() : a).split('')) out.push(ch);
      i++;
      continue;
    }
    if (a.kind === 'unknown') {
      out.push(ignoreCase ? unknown(a.name.toLowerCase()) : a);
      i++;
      continue;
    }
    let j = i;
    let plain = true;
    let anys = 0;
    let stars = 0;
    while (j < input.length) {
      const w = input[j]!;
      if (typeof w === 'string' || w.kind === 'unknown') break;
      if (w.except !== '') plain = false;
      if (w.kind === 'any') anys++;
      else stars++;
      j++;
    }
    if (plain) {
      for (let k = 0; k < anys; k++) out.push(ANY_CHAR);
      if (stars > 0) out.push(STAR);
    } else {
      for (let k = i; k < j; k++) {
        const w = input[k] as GlobWild;
        const prev = out[out.length - 1];
        if (w.kind === 'star' && typeof prev !== 'string' && prev?.kind === 'star') {
          if (subset(w.except, prev.except)) out[out.length - 1] = w;
          else if (!subset(prev.except, w.except)) out.push(w);
        } else {
          out.push(w);
        }
      }
    }
    i = j;
  }
  return out;
}

function subset(small: string, big: string): boolean {
  for (const ch of small) if (!big.includes(ch)) return false;
  return true;
}

interface Plan {
  readonly segments: readonly Segment[];
  /** The length of the shortest text that can match. */
  readonly minimum: number;
}

function plan(atoms: readonly GlobAtom[]): Plan | null {
  const segs: Segment[] = [];
  let text = '';
  let any: boolean[] | null = null;
  for (const a of atoms) {
    if (typeof a === 'string') {
      text += a;
      any?.push(false);
    } else if (a.except !== '') {
      return null;
    } else if (a.kind === 'any') {
      any ??= Array.from(text, () => false);
      any.push(true);
      text += '?';
    } else {
      segs.push({ text, any });
      text = '';
      any = null;
    }
  }
  segs.push({ text, any });
  return { segments: segs, minimum: segs.reduce((n, seg) => n + seg.text.length, 0) };
}

function segmentAt(seg: Segment, text: string, pos: number): boolean {
  if (seg.any === null) return text.startsWith(seg.text, pos);
  for (let k = 0; k < seg.text.length; k++) {
    if (!seg.any[k] && text.charCodeAt(pos + k) !== seg.text.charCodeAt(k)) return false;
  }
  return true;
}

function find(seg: Segment, text: string, from: number, end: number): number {
  const len = seg.text.length;
  if (seg.any === null) {
    const p = text.indexOf(seg.text, from);
    return p >= 0 && p + len <= end ? p : -1;
  }
  for (let p = from; p + len <= end; p++) if (segmentAt(seg, text, p)) return p;
  return -1;
}

// Between two stars, taking the leftmost occurrence of each middle segment is
// always safe, so there is no backtracking: `a*a*a*…b` costs one pass.
function scan({ segments: segs, minimum }: Plan, text: string): boolean {
  const first = segs[0]!;
  if (segs.length === 1) return text.length === first.text.length && segmentAt(first, text, 0);
  const last = segs[segs.length - 1]!;
  if (text.length < minimum) return false;
  if (!segmentAt(first, text, 0)) return false;
  const end = text.length - last.text.length;
  if (!segmentAt(last, text, end)) return false;
  let pos = first.text.length;
  for (let k = 1; k < segs.length - 1; k++) {
    const seg = segs[k]!;
    const p = find(seg, text, pos, end);
    if (p < 0) return false;
    pos = p + seg.text.length;
  }
  return true;
}

// Thompson simulation over pattern positions, for wildcards that exclude characters.
function simulate(atoms: readonly GlobAtom[], text: string): boolean {
  const n = atoms.length;
  let cur = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  cur[0] = 1;
  closeOverStars(atoms, cur);
  for (let t = 0; t < text.length; t++) {
    const c = text[t]!;
    next.fill(0);
    let alive = false;
    for (let i = 0; i < n; i++) {
      if (!cur[i]) continue;
      const a = atoms[i]!;
      if (typeof a === 'string' ? a !== c : a.except.includes(c)) continue;
      next[typeof a !== 'string' && a.kind !== 'any' ? i : i + 1] = 1;
      alive = true;
    }
    if (!alive) return false;
    closeOverStars(atoms, next);
    [cur, next] = [next, cur];
  }
  return cur[n] === 1;
}

function closeOverStars(atoms: readonly GlobAtom[], set: Uint8Array): void {
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i]!;
    if (set[i] && typeof a !== 'string' && a.kind !== 'any') set[i + 1] = 1;
  }
}

// Product-automaton searches are quadratic in the two lengths; past this many
// states (policy documents never get there) covering answers "not proven" and
// overlapping "possibly", the lenient answers.
const MAX_STATES = 1 << 22;

const isStarLike = (a: GlobAtom | undefined): a is GlobWild => a !== undefined && typeof a !== 'string' && a.kind !== 'any';

/**
 * Does every string `b` can stand for match `a`?
 *
 * Sound but not complete: it proves cover by consuming b's atoms with a's — an
 * a-literal takes the same literal, an a-`?` takes one literal or `?`, an a-`*`
 * takes any run of b's atoms (an unknown included), an unknown takes only the same
 * unknown. So `s3:*` covers `s3:Get*` and `arn:aws:s3:::b/*` covers
 * `arn:aws:s3:::b/x/*`, while an equivalence that needs reasoning about
 * character counts across wildcards may be missed (never wrongly claimed).
 */
export function globCovers(a: Glob, b: Glob): boolean {
  const A = a.atoms;
  const B = b.atoms;
  const fold = a.ignoreCase || b.ignoreCase;
  return reachesEnd(A.length, B.length, false, (i, j, push) => {
    if (i === A.length) return;
    const x = A[i]!;
    const y = B[j];
    if (typeof x !== 'string' && x.kind === 'star') {
      push(i + 1, j);
      if (y !== undefined && absorbs(x, y)) push(i, j + 1);
      return;
    }
    if (y === undefined) return;
    if (typeof x === 'string') {
      if (typeof y === 'string' && sameChar(x, y, fold)) push(i + 1, j + 1);
    } else if (x.kind === 'any') {
      if (typeof y === 'string' ? !x.except.includes(y) : y.kind === 'any' && subset(x.except, y.except)) push(i + 1, j + 1);
    } else if (typeof y !== 'string' && y.kind === 'unknown' && sameChar(x.name, y.name, fold)) {
      push(i + 1, j + 1);
    }
  });
}

/**
 * Depth-first search over the pairs (i, j) of positions in two atom lists, from (0, 0): is (n, m) reachable with
 * the moves `step` offers? A search space over MAX_STATES answers `tooLarge` instead (a sound default per caller).
 */
function reachesEnd(n: number, m: number, tooLarge: boolean, step: (i: number, j: number, push: (i: number, j: number) => void) => void): boolean {
  if ((n + 1) * (m + 1) > MAX_STATES) return tooLarge;
  const seen = new Uint8Array((n + 1) * (m + 1));
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number): void => {
    const k = i * (m + 1) + j;
    if (!seen[k]) {
      seen[k] = 1;
      stack.push(k);
    }
  };
  while (stack.length > 0) {
    const k = stack.pop()!;
    const i = Math.floor(k / (m + 1));
    const j = k % (m + 1);
    if (i === n && j === m) return true;
    step(i, j, push);
  }
  return false;
}

function absorbs(x: GlobWild, y: GlobAtom): boolean {
  if (typeof y === 'string') return !x.except.includes(y);
  if (y.kind === 'unknown') return x.except === '';
  return subset(x.except, y.except);
}

function sameChar(x: string, y: string, fold: boolean): boolean {
  return x === y || (fold && x.toLowerCase() === y.toLowerCase());
}

/** Is there a string both globs match? Unknowns count as `*` (they could be anything). Exact. */
export function globsOverlap(a: Glob, b: Glob): boolean {
  const A = a.atoms;
  const B = b.atoms;
  const fold = a.ignoreCase || b.ignoreCase;
  return reachesEnd(A.length, B.length, true, (i, j, push) => {
    const x = A[i];
    const y = B[j];
    const xs = isStarLike(x);
    const ys = isStarLike(y);
    if (xs) push(i + 1, j);
    if (ys) push(i, j + 1);
    if (x === undefined || y === undefined || (xs && ys)) return;
    if (shareChar(x, y, fold)) push(xs ? i : i + 1, ys ? j : j + 1);
  });
}

function shareChar(x: GlobAtom, y: GlobAtom, fold: boolean): boolean {
  if (typeof x === 'string') return typeof y === 'string' ? sameChar(x, y, fold) : !y.except.includes(x);
  if (typeof y === 'string') return !x.except.includes(y);
  return true;
}

/**
 * A policy pattern against a request value that may itself hold unknown runs.
 * `yes`: every string the value stands for matches; `no`: none does; `maybe`:
 * some do, or the match rests on an unknown in the pattern.
 */
export function compareGlob(pattern: Glob, value: Glob): Match {
  if (value.concrete) {
    if (!(pattern.ignoreCase === value.ignoreCase ? pattern.testFolded(value.literal) : pattern.test(value.literal))) return 'no';
    return pattern.hasUnknown ? 'maybe' : 'yes';
  }
  // Two wildcard globs are compared by a search over position pairs; compiled globs are shared (compilePattern,
  // compileArnPattern cache them), so the answer is kept per pair for the next keystroke's identical question.
  let answers = compared.get(pattern);
  if (answers === undefined) compared.set(pattern, (answers = new Map()));
  let m = answers.get(value);
  if (m === undefined) {
    m = globCovers(pattern, value) ? 'yes' : globsOverlap(pattern, value) ? 'maybe' : 'no';
    if (++comparedCount > MAX_COMPARED) {
      compared = new WeakMap();
      comparedCount = 0;
    }
    answers.set(value, m);
  }
  return m;
}

/**
 * Pattern → value → compareGlob's answer. Weak in the pattern (globs no cache holds any more take their answers
 * along), and started over after MAX_COMPARED answers, so a long session cannot grow it without bound.
 */
let compared = new WeakMap<Glob, Map<Glob, Match>>();
let comparedCount = 0;
const MAX_COMPARED = 50_000;

export type PatternToken =
  | { readonly kind: 'text'; readonly text: string; readonly start: number }
  /** `${*}`, `${?}`, `${$}`: a literal `*`, `?` or `$`. */
  | { readonly kind: 'escape'; readonly text: string; readonly start: number; readonly raw: string }
  /** An IAM policy variable, `${aws:username}` or `${aws:PrincipalTag/team, 'default'}`. */
  | { readonly kind: 'variable'; readonly name: string; readonly fallback: string | undefined; readonly start: number; readonly raw: string }
  /** Any other `${...}`: a CloudFormation substitution (`${AWS::Region}`, `${MyBucket.Arn}`, `${ParamName}`). */
  | { readonly kind: 'substitution'; readonly name: string; readonly start: number; readonly raw: string };

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars
// and #policy-vars-default-values
const TOKEN = /\$\{([^}]*)\}/g;
const VARIABLE = /^\s*([^\s,':]+:[^\s,':][^\s,']*)\s*(?:,\s*'([^']*)'\s*)?$/;

/** Splits text at `${...}` tokens. An unterminated `${` is plain text. */
export function scanPattern(text: string): PatternToken[] {
  const out: PatternToken[] = [];
  if (!text.includes('${')) {
    if (text !== '') out.push({ kind: 'text', text, start: 0 });
    return out;
  }
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start), start: last });
    const raw = m[0];
    const inner = m[1]!;
    const variable = VARIABLE.exec(inner);
    if (inner === '*' || inner === '?' || inner === '$') out.push({ kind: 'escape', text: inner, start, raw });
    else if (variable) out.push({ kind: 'variable', name: variable[1]!, fallback: variable[2], start, raw });
    else out.push({ kind: 'substitution', name: inner.trim(), start, raw });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last), start: last });
  return out;
}

/**
 * What a policy variable stands for in one evaluation: a string (inserted
 * literally), atoms (e.g. an unknown), or null when it has no value, which
 * makes the whole pattern match nothing, as IAM does.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value
 */
export type VariableResolver = (name: string, fallback: string | undefined) => string | readonly GlobAtom[] | null;

export interface PatternOptions {
  readonly ignoreCase?: boolean;
  /** `*` and `?` are wildcards (Action, Resource, Like operators). False for the Equals operators. Default true. */
  readonly wildcards?: boolean;
  /** Resolves policy variables; without it each variable is an unknown. */
  readonly variable?: VariableResolver;
  /** False for policies whose Version predates variables: `${aws:username}` is then literal text. Default true. */
  readonly variables?: boolean;
}

/**
 * Compiled patterns without a resolver, one memo per combination of the options (bit 0 ignoreCase, bit 1 wildcards,
 * bit 2 variables), keyed by the text alone.
 */
const patterns = Array.from({ length: 8 }, (_, bits) => memoized<Glob>(10_000, (text) => buildPattern(text, (bits & 1) !== 0, (bits & 2) !== 0, (bits & 4) !== 0, undefined)!));

/** Compiles a policy pattern. Null only when the resolver says a variable has no value. Cached unless a resolver is given. */
export function compilePattern(text: string, options: PatternOptions = {}): Glob | null {
  const ignoreCase = options.ignoreCase ?? false;
  const wildcards = options.wildcards ?? true;
  const variables = options.variables ?? true;
  if (options.variable === undefined || !text.includes('${')) return patterns[(ignoreCase ? 1 : 0) | (wildcards ? 2 : 0) | (variables ? 4 : 0)]!(text);
  return buildPattern(text, ignoreCase, wildcards, variables, options.variable);
}

function buildPattern(text: string, ignoreCase: boolean, wildcards: boolean, variables: boolean, resolve: VariableResolver | undefined): Glob | null {
  const atoms: (string | GlobWild)[] = [];
  const literal = (s: string): void => {
    for (const ch of s.split('')) atoms.push(wildcards && ch === '*' ? STAR : wildcards && ch === '?' ? ANY_CHAR : ch);
  };
  for (const tok of scanPattern(text)) {
    if (tok.kind === 'text') literal(tok.text);
    else if (tok.kind === 'escape') atoms.push(tok.text);
    else if (tok.kind === 'substitution') atoms.push(unknown(tok.raw));
    else if (!variables) literal(tok.raw);
    else if (resolve === undefined) atoms.push(unknown(tok.raw));
    else {
      const value = resolve(tok.name, tok.fallback);
      if (value === null) return null;
      if (typeof value === 'string') atoms.push(...value.split(''));
      else atoms.push(...value);
    }
  }
  return new Glob(atoms, ignoreCase);
}

const values = memoized<Glob>(10_000, (text) => new Glob(valueAtoms(text), false));
const valuesIgnoringCase = memoized<Glob>(10_000, (text) => new Glob(valueAtoms(text), true));

/**
 * Compiles a request value (an action, a resource ARN, a context value) whose
 * unresolved parts the caller left in place: each `*` is a run nobody knows and
 * each `${...}` an unknown (equal to the same token in a pattern); `?` is literal.
 */
export function compileValue(text: string, ignoreCase = false): Glob {
  return (ignoreCase ? valuesIgnoringCase : values)(text);
}

/** The atoms of a request value, for splicing into a pattern. */
export function valueAtoms(text: string): GlobAtom[] {
  const atoms: GlobAtom[] = [];
  for (const tok of scanPattern(text)) {
    if (tok.kind === 'text') for (const ch of tok.text.split('')) atoms.push(ch === '*' ? STAR : ch);
    else atoms.push(unknown(tok.raw));
  }
  return atoms;
}

export interface WildcardOptions {
  /** True for actions; resources, ARNs and string values are case-sensitive. */
  readonly ignoreCase?: boolean;
}

/** StringLike semantics: does the pattern match the text? `${...}` tokens in the pattern match any run. */
export function wildcardMatch(pattern: string, text: string, options: WildcardOptions = {}): boolean {
  return compilePattern(pattern, options)!.test(text);
}

/** Does pattern `a` match every string pattern `b` can match? For "redundant" checks; see `globCovers` for the approximation. */
export function wildcardCovers(a: string, b: string, options: WildcardOptions = {}): boolean {
  return globCovers(compilePattern(a, options)!, compilePattern(b, options)!);
}

/** Is there a string both patterns match? `${...}` tokens count as `*`. */
export function wildcardsOverlap(a: string, b: string, options: WildcardOptions = {}): boolean {
  return globsOverlap(compilePattern(a, options)!, compilePattern(b, options)!);
}

/** Holds a `*` or `?` outside `${...}` tokens. */
export function hasWildcard(text: string): boolean {
  return scanPattern(text).some((t) => t.kind === 'text' && /[*?]/.test(t.text));
}
