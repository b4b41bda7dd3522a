// The IAM condition operator grammar, read strictly as IAM reads it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
//
// Operator names are case-sensitive, unlike condition key names: IAM rejects `stringEquals` with
// "MalformedPolicyDocument: Invalid Condition type : stringEquals" (CreateRole, seen in
// https://github.com/ministryofjustice/modernisation-platform-environments/pull/8893). The evaluator reads operators
// leniently to evaluate what it can; rules that judge the spelling use this module.

export type OperatorFamily = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';
export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface OperatorInfo {
  readonly family: OperatorFamily;
  /** StringNotEquals, ArnNotLike, NotIpAddress, …: true for a request without the key. */
  readonly negated: boolean;
}

const op = (family: OperatorFamily, negated = false): OperatorInfo => ({ family, negated });

/** The base operators, without a set qualifier or the IfExists suffix. */
export const BASE_OPERATORS: Readonly<Record<string, OperatorInfo>> = {
  StringEquals: op('string'),
  StringNotEquals: op('string', true),
  StringEqualsIgnoreCase: op('string'),
  StringNotEqualsIgnoreCase: op('string', true),
  StringLike: op('string'),
  StringNotLike: op('string', true),
  NumericEquals: op('numeric'),
  NumericNotEquals: op('numeric', true),
  NumericLessThan: op('numeric'),
  NumericLessThanEquals: op('numeric'),
  NumericGreaterThan: op('numeric'),
  NumericGreaterThanEquals: op('numeric'),
  DateEquals: op('date'),
  DateNotEquals: op('date', true),
  DateLessThan: op('date'),
  DateLessThanEquals: op('date'),
  DateGreaterThan: op('date'),
  DateGreaterThanEquals: op('date'),
  Bool: op('bool'),
  BinaryEquals: op('binary'),
  IpAddress: op('ip'),
  NotIpAddress: op('ip', true),
  ArnEquals: op('arn'),
  ArnLike: op('arn'),
  ArnNotEquals: op('arn', true),
  ArnNotLike: op('arn', true),
  Null: op('null'),
};

export const SET_QUALIFIERS: readonly SetQualifier[] = ['ForAllValues', 'ForAnyValue'];
const IF_EXISTS = 'IfExists';

export interface ConditionOperator extends OperatorInfo {
  readonly text: string;
  readonly qualifier?: SetQualifier;
  /** The base operator name, e.g. `StringLike` in `ForAnyValue:StringLikeIfExists`. */
  readonly base: string;
  readonly ifExists: boolean;
}

/**
 * A condition operator as IAM accepts it (case-sensitive), or undefined. `Null` with `IfExists` is rejected by IAM
 * (Access Analyzer NULL_WITH_IF_EXISTS); a set qualifier is accepted on every operator, `Null` included.
 */
export function parseConditionOperator(text: string): ConditionOperator | undefined {
  let rest = text;
  let qualifier: SetQualifier | undefined;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    qualifier = SET_QUALIFIERS.find((q) => q === text.slice(0, colon));
    if (!qualifier) return undefined;
    rest = text.slice(colon + 1);
  }
  const ifExists = rest.length > IF_EXISTS.length && rest.endsWith(IF_EXISTS);
  const base = ifExists ? rest.slice(0, -IF_EXISTS.length) : rest;
  const info = Object.hasOwn(BASE_OPERATORS, base) ? BASE_OPERATORS[base] : undefined;
  if (!info || (info.family === 'null' && ifExists)) return undefined;
  return { text, ...(qualifier ? { qualifier } : {}), base, ifExists, ...info };
}

/** `ForAnyValue:` + `ArnLike` + `IfExists`. */
export function operatorName(parts: { qualifier?: SetQualifier; base: string; ifExists: boolean }): string {
  return `${parts.qualifier ? `${parts.qualifier}:` : ''}${parts.base}${parts.ifExists ? IF_EXISTS : ''}`;
}

let allNames: string[] | undefined;

/** Every operator IAM accepts, qualified and suffixed forms included: the candidates for a did-you-mean. */
export function allConditionOperators(): readonly string[] {
  if (allNames) return allNames;
  const names: string[] = [];
  for (const [base, info] of Object.entries(BASE_OPERATORS)) {
    const suffixes = info.family === 'null' ? [false] : [false, true];
    for (const qualifier of [undefined, ...SET_QUALIFIERS]) for (const ifExists of suffixes) names.push(operatorName({ qualifier, base, ifExists }));
  }
  allNames = names;
  return names;
}

/**
 * What the condition evaluates to when the key is not in the request context: true or false, or undefined when
 * that depends on values we cannot read (a `Null` check written as a template expression).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
export function matchesWithoutKey(operator: ConditionOperator, values: readonly string[]): boolean | undefined {
  if (operator.family === 'null') {
    const wanted = new Set(values.map((v) => v.toLowerCase()));
    if (wanted.size !== 1) return wanted.has('true') && wanted.has('false') ? true : undefined;
    return wanted.has('true') ? true : wanted.has('false') ? false : undefined;
  }
  if (operator.ifExists || operator.qualifier === 'ForAllValues') return true;
  if (operator.qualifier === 'ForAnyValue') return false;
  return operator.negated;
}
