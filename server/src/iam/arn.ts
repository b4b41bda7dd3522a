// ARNs as written in policies and templates: parsing with errors that name the
// field, and matching that understands wildcards and unresolved `${...}`.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
//
// `${...}` tokens (policy variables and CloudFormation substitutions, see
// wildcard.ts) never make an ARN invalid. A token may stand for text holding
// colons (`${MyFunction.Arn}`), so when fields do not line up around one the
// ARN is reported `opaque` rather than malformed, and matching falls back to
// comparing whole strings.

import { memoized, memoized2 } from './bounded-memo';
import {
  ANY_CHAR,
  compareGlob,
  compilePattern,
  compileValue,
  Glob,
  type GlobAtom,
  globsOverlap,
  hasWildcard,
  type Match,
  type PatternToken,
  scanPattern,
  STAR,
  anyChar,
  star,
  type VariableResolver,
  wildcardMatch,
} from './wildcard';

export const ARN_PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'] as const;
export type ArnPartition = (typeof ARN_PARTITIONS)[number];

/** `us-east-1`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, and the European Sovereign Cloud's `eusc-de-east-1`. */
export const REGION_PATTERN = /^(?:[a-z]{2}|eusc)(?:-[a-z]+)+-\d+$/;

export const ARN_FIELDS = ['prefix', 'partition', 'service', 'region', 'account', 'resource'] as const;
export type ArnField = (typeof ARN_FIELDS)[number];

export interface Arn {
  /** Fields as written: they may hold `*`, `?` and `${...}`. */
  readonly partition: string;
  readonly service: string;
  /** Empty for global services (IAM, S3 buckets). */
  readonly region: string;
  /** 12 digits, `aws` (AWS managed policies), or empty (S3 buckets). */
  readonly account: string;
  /** Everything after the fifth colon; may itself hold colons. */
  readonly resource: string;
  /** The resource up to its first `/` or `:` (`role`, `function`, `capacity-provider`), when it has one. */
  readonly resourceType?: string;
  /** The resource after that separator, or the whole resource when there is none. */
  readonly resourceId?: string;
  /** A `${...}` that may expand to text with colons hides where fields start: the fields from it on read `*`. */
  readonly opaque?: boolean;
}

export type ArnErrorReason =
  | 'invalid-prefix'
  | 'missing-fields'
  | 'unknown-partition'
  | 'missing-service'
  | 'service-case'
  | 'invalid-service'
  | 'invalid-region'
  | 'invalid-account'
  | 'missing-resource';

export interface ArnError {
  readonly field: ArnField;
  readonly reason: ArnErrorReason;
  readonly message: string;
  /** Offsets of the offending field in the parsed text, end exclusive (the whole text for missing fields). */
  readonly start: number;
  readonly end: number;
}

export type ArnParseResult = { readonly ok: true; readonly arn: Arn } | { readonly ok: false; readonly error: ArnError };

interface Field {
  readonly text: string;
  readonly start: number;
  readonly tokens: readonly PatternToken[];
}

/** Splits at the first five colons outside `${...}`; the sixth field keeps the rest. */
function splitFields(text: string): Field[] {
  const out: Field[] = [];
  const add = (from: number, to: number): void => {
    const t = text.slice(from, to);
    out.push({ text: t, start: from, tokens: scanPattern(t) });
  };
  let start = 0;
  for (let i = 0; i < text.length && out.length < 5; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close >= 0) {
        i = close;
        continue;
      }
    }
    if (text[i] === ':') {
      add(start, i);
      start = i + 1;
    }
  }
  add(start, text.length);
  return out;
}

const hasToken = (f: Field): boolean => f.tokens.some((t) => t.kind === 'variable' || t.kind === 'substitution');

// Pseudo parameters and policy variables whose values never hold a colon, so
// they cannot shift the fields after them.
function mayHideColons(t: PatternToken): boolean {
  if (t.kind === 'variable') return /(?:arn|userid)$/i.test(t.name);
  if (t.kind === 'substitution') return !/^AWS::(?:Partition|Region|AccountId|URLSuffix|StackName)$/.test(t.name);
  return false;
}

const WILD_ARN: Arn = { partition: '*', service: '*', region: '*', account: '*', resource: '*', resourceId: '*' };

/**
 * Parses `arn:partition:service:region:account:resource` as written in a
 * policy: wildcards are allowed in every field, `${...}` anywhere, and `*` alone
 * reads as an ARN whose fields are all `*`.
 */
export function parseArn(text: string): ArnParseResult {
  if (text === '*') return { ok: true, arn: WILD_ARN };
  // Every rule that reads a Resource parses its ARNs again on every keystroke: one parse per text, shared (frozen).
  return parsedArns(text);
}

const parsedArns = memoized<ArnParseResult>(20_000, (text) => frozen(readArn(text)));

function frozen(result: ArnParseResult): ArnParseResult {
  Object.freeze(result.ok ? result.arn : result.error);
  return Object.freeze(result);
}

function readArn(text: string): ArnParseResult {
  const fields = splitFields(text);
  const hides = fields.map((f) => f.tokens.some(mayHideColons));
  const hiddenBefore = (i: number): boolean => hides.slice(0, i).some(Boolean);
  const opaque = (): ArnParseResult => {
    const first = hides.indexOf(true);
    const read = (i: number): string => (i < first && i < fields.length ? fields[i]!.text : '*');
    return { ok: true, arn: { partition: read(1), service: read(2), region: read(3), account: read(4), resource: '*', resourceId: '*', opaque: true } };
  };
  const fail = (i: number, reason: ArnErrorReason, message: string): ArnParseResult => {
    const f = fields[i]!;
    return { ok: false, error: { field: ARN_FIELDS[i]!, reason, message, start: f.start, end: f.start + f.text.length } };
  };

  const prefix = fields[0]!;
  if (prefix.text !== 'arn' && !(hasWildcard(prefix.text) && wildcardMatch(prefix.text, 'arn'))) {
    if (hides[0]) return opaque();
    return fail(0, 'invalid-prefix', `An ARN starts with \`arn:\`, not \`${prefix.text}:\`.`);
  }
  if (fields.length < 6) {
    if (hides.some(Boolean)) return opaque();
    return {
      ok: false,
      error: {
        field: ARN_FIELDS[fields.length]!,
        reason: 'missing-fields',
        message: `An ARN has six colon-separated fields (arn:partition:service:region:account:resource); this one has ${fields.length}.`,
        start: 0,
        end: text.length,
      },
    };
  }
  const checks: readonly [number, (f: Field) => [ArnErrorReason, string] | undefined][] = [
    [1, checkPartition],
    [2, checkService],
    [3, checkRegion],
    [4, checkAccount],
    [5, (f) => (f.text === '' ? ['missing-resource', 'The ARN has no resource after its fifth colon.'] : undefined)],
  ];
  for (const [i, check] of checks) {
    const problem = check(fields[i]!);
    if (problem === undefined) continue;
    if (hiddenBefore(i)) return opaque();
    return fail(i, problem[0], problem[1]);
  }
  const resource = fields[5]!.text;
  return {
    ok: true,
    arn: { partition: fields[1]!.text, service: fields[2]!.text, region: fields[3]!.text, account: fields[4]!.text, resource, ...splitResource(resource) },
  };
}

function checkPartition(f: Field): [ArnErrorReason, string] | undefined {
  const t = f.text;
  if (hasToken(f)) return undefined;
  const known = hasWildcard(t) ? ARN_PARTITIONS.some((p) => wildcardMatch(t, p)) : (ARN_PARTITIONS as readonly string[]).includes(t);
  if (known) return undefined;
  return ['unknown-partition', t === '' ? 'The ARN has an empty partition.' : `Unknown partition \`${t}\`; expected one of ${ARN_PARTITIONS.join(', ')}.`];
}

function checkService(f: Field): [ArnErrorReason, string] | undefined {
  const t = f.text;
  if (hasToken(f)) return undefined;
  if (t === '') return ['missing-service', 'The ARN has an empty service.'];
  if (/^[a-z0-9*?-]+$/.test(t)) return undefined;
  if (/^[A-Za-z0-9*?-]+$/.test(t)) return ['service-case', `The service in an ARN is lower case: \`${t.toLowerCase()}\`, not \`${t}\`.`];
  return ['invalid-service', `\`${t}\` is not a service prefix.`];
}

function checkRegion(f: Field): [ArnErrorReason, string] | undefined {
  const t = f.text;
  if (t === '' || hasToken(f) || REGION_PATTERN.test(t)) return undefined;
  if (hasWildcard(t) && /^[a-z0-9*?-]+$/.test(t)) return undefined;
  return ['invalid-region', `\`${t}\` is not a Region code such as us-east-1.`];
}

function checkAccount(f: Field): [ArnErrorReason, string] | undefined {
  const t = f.text;
  if (t === '' || t === 'aws' || /^\d{12}$/.test(t) || hasToken(f)) return undefined;
  if (hasWildcard(t) && ((/^[0-9*?]+$/.test(t) && t.replace(/[*?]/g, '').length <= 12) || wildcardMatch(t, 'aws'))) return undefined;
  return ['invalid-account', `\`${t}\` is not an account ID (12 digits), \`aws\`, or empty.`];
}

function splitResource(resource: string): { resourceType?: string; resourceId: string } {
  for (let i = 0; i < resource.length; i++) {
    const c = resource[i];
    if (c === '$' && resource[i + 1] === '{') {
      const close = resource.indexOf('}', i + 2);
      if (close >= 0) {
        i = close;
        continue;
      }
    }
    if (c === '/' || c === ':') return i > 0 ? { resourceType: resource.slice(0, i), resourceId: resource.slice(i + 1) } : { resourceId: resource };
  }
  return { resourceId: resource };
}

/** An ARN compiled for matching: one glob per field, plus the whole text for when fields cannot be aligned. */
export interface ArnGlob {
  readonly text: string;
  /** The policy resource `*`: matches everything. */
  readonly any: boolean;
  readonly fields: readonly Glob[];
  readonly whole: Glob;
  /** Fewer than six fields and the last ends in `*`, which then runs across the remaining colons. */
  readonly spans: boolean;
  /** Fewer than six fields and some unknown or wildcard among them: the structure cannot be read. */
  readonly opaque: boolean;
}

function arnGlob(text: string, any: boolean, compileField: (t: string) => Glob | null, whole: Glob | null): ArnGlob | null {
  if (whole === null) return null;
  const fields: Glob[] = [];
  for (const f of splitFields(text)) {
    const g = compileField(f.text);
    if (g === null) return null;
    fields.push(g);
  }
  const short = fields.length < 6;
  const lastAtom = fields[fields.length - 1]!.atoms.at(-1);
  return {
    text,
    any,
    fields,
    whole,
    spans: short && lastAtom === STAR,
    opaque: short && fields.some((g) => !g.concrete),
  };
}

/** Without a resolver (or nothing to resolve), a pattern depends on its text and on whether variables are read. */
const patterns = memoized<ArnGlob>(10_000, (text) => arnGlob(text, text === '*', (t) => compilePattern(t), compilePattern(text))!);
const literalPatterns = memoized<ArnGlob>(10_000, (text) => arnGlob(text, text === '*', (t) => compilePattern(t, NO_VARIABLES), compilePattern(text, NO_VARIABLES))!);
const NO_VARIABLES = { variables: false } as const;
const arnValues = memoized<ArnGlob>(10_000, (text) => arnGlob(text, false, (t) => compileValue(t), compileValue(text))!);
const formats = memoized<ArnGlob>(10_000, (format) => arnGlob(format, false, compileFormat, compileFormat(format))!);
const shapes = memoized<ArnGlob>(1_000, (shape) => arnGlob(shape, false, compileShape, compileShape(shape))!);

export interface ArnPatternOptions {
  /** Resolves policy variables (`${aws:username}`); without it every `${...}` is an unknown. */
  readonly variable?: VariableResolver;
  /** False when the policy Version predates policy variables. Default true. */
  readonly variables?: boolean;
}

/**
 * Compiles a policy-side ARN (Resource, ArnLike values): `*` and `?` are
 * wildcards, `${...}` an unknown. Null only when the resolver says a variable
 * has no value (the entry then matches nothing).
 */
export function compileArnPattern(text: string, options: ArnPatternOptions = {}): ArnGlob | null {
  if (options.variable === undefined || !text.includes('${')) return (options.variables === false ? literalPatterns : patterns)(text);
  return arnGlob(text, text === '*', (t) => compilePattern(t, options), compilePattern(text, options));
}

/**
 * Compiles a request-side ARN: concrete except where the caller left a part
 * unresolved — each `*` is a run nobody knows, each `${...}` an unknown equal to
 * the same token in a pattern. `?` is literal.
 */
export function compileArnValue(text: string): ArnGlob {
  return arnValues(text);
}

/**
 * Compares a policy ARN with a request ARN, each of the six fields on its own
 * (ArnLike; the resource field may hold colons).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 * A pattern of fewer than six fields whose last ends in `*` lets that `*` run on
 * across colons, as the Resource element documents ("arn:aws:s3:*").
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 */
export function compareArnGlobs(pattern: ArnGlob, value: ArnGlob): Match {
  return compareFields(pattern, value, compareGlob);
}

function compareFields(pattern: ArnGlob, value: ArnGlob, cmp: (p: Glob, v: Glob) => Match): Match {
  if (pattern.any) return 'yes';
  const pf = pattern.fields;
  let vf = value.fields;
  if (pf.length !== vf.length) {
    if (pattern.spans && vf.length > pf.length) {
      const last = pf.length - 1;
      const rest: GlobAtom[] = [];
      for (let i = last; i < vf.length; i++) {
        if (i > last) rest.push(':');
        rest.push(...vf[i]!.atoms);
      }
      vf = [...vf.slice(0, last), new Glob(rest)];
    } else {
      return pattern.opaque || value.opaque ? cmp(pattern.whole, value.whole) : 'no';
    }
  }
  let result: Match = 'yes';
  for (let i = 0; i < pf.length; i++) {
    const m = cmp(pf[i]!, vf[i]!);
    if (m === 'no') return 'no';
    if (m === 'maybe') result = 'maybe';
  }
  return result;
}

/** Policy ARN against request ARN, yes / maybe / no; see `compareArnGlobs`, `compileArnPattern` and `compileArnValue`. */
export function compareArn(pattern: string, value: string): Match {
  return arnAnswers(pattern, value);
}

const arnAnswers = memoized2<Match>(20_000, (pattern, value) => compareArnGlobs(compileArnPattern(pattern)!, compileArnValue(value)));

/**
 * ArnLike: could the policy ARN `pattern` match `arn`? Wildcards in the
 * pattern, and unresolved `${...}` (or `*`) on either side, match anything.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  return compareArn(pattern, arn) !== 'no';
}

// Placeholders that name paths or keys may hold `/` and `:`; bucket names hold
// neither (so `bucket/*` is no bucket ARN); the others (names, IDs) are one
// non-empty run without `:`, `/` allowed, as in log group and parameter names.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
const FREE_PLACEHOLDER = /Path|Object|Key/i;
const SLASHLESS_PLACEHOLDER = /^\$\{BucketName\}$/i;

/**
 * In a template resource's ARN shape a placeholder is that resource's own name or id, which holds no `/` — unless it
 * is a path (role names with a path, log group names, secret names, a name of unknown kind).
 */
const SHAPE_PATH_PLACEHOLDER = /Path|LogGroupName|SecretId|^\$\{Name\}$/;

function compileShape(text: string): Glob {
  return compileFormat(text, (raw) => (SHAPE_PATH_PLACEHOLDER.test(raw) ? ':' : ':/'));
}

function compileFormat(text: string, excluded?: (raw: string) => string): Glob {
  const atoms: GlobAtom[] = [];
  for (const tok of scanPattern(text)) {
    if (tok.kind === 'text') {
      for (const ch of tok.text.split('')) atoms.push(ch === '*' ? STAR : ch === '?' ? ANY_CHAR : ch);
    } else if (tok.kind === 'escape') {
      atoms.push(tok.text);
    } else {
      const except = excluded ? excluded(tok.raw) : SLASHLESS_PLACEHOLDER.test(tok.raw) ? ':/' : FREE_PLACEHOLDER.test(tok.raw) ? '' : ':';
      atoms.push(anyChar(except), star(except));
    }
  }
  return new Glob(atoms);
}

/**
 * Could a policy Resource ARN (wildcards, `${...}`) refer to a resource of the
 * type whose ARN format the Service Authorization Reference gives, such as
 * `arn:${Partition}:lambda:${Region}:${Account}:capacity-provider:${CapacityProviderName}`?
 * True when some ARN fits both; lenient, so a "mismatch" it reports is real.
 */
export function arnMatchesFormat(arn: string, format: string): boolean {
  const f = formats(format);
  return compareFields(compileArnPattern(arn)!, f, (p, v) => (globsOverlap(p, v) ? 'maybe' : 'no')) !== 'no';
}

/**
 * Could a resource of one ARN format (or shape: a format with IAM wildcards in it, as a template resource's ARN with a
 * `/*` after it) also be a resource of another? Both sides' placeholders stand for what the format says they may hold.
 */
export function formatsOverlap(shape: string, format: string): boolean {
  const a = shapes(shape);
  const f = formats(format);
  return compareFields(a, f, (p, v) => (globsOverlap(p, v) ? 'maybe' : 'no')) !== 'no';
}

/** A Region code in the usual shape (no wildcards). */
export function isRegion(text: string): boolean {
  return REGION_PATTERN.test(text);
}
