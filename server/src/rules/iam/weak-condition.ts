import { defineRule, keyRange } from '../../engine/rule';
import { parseConditionOperator } from '../../iam/evaluator';
import { CURRENT_VERSION } from '../../iam/policy-grammar';
import { scanPattern } from '../../iam/wildcard';
import { alternatives, type StatementView } from '../../model/policy';
import { statementActions } from '../../model/statement-actions';
import { statementConditions } from '../../model/statement-conditions';
import { isResolved, type StringValue } from '../../model/values';
import { child, scalarText, type Node, type Property } from '../../parse/tree';

// Keys whose value the caller sends in an HTTP header: the IAM guide's warnings on aws:referer and aws:UserAgent
// ("should not be used to prevent unauthorized parties from making direct AWS requests").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-referer
const CALLER_SUPPLIED_KEYS = new Set(['aws:referer', 'aws:useragent']);

// "Sensitive condition keys": wildcards have no valid use in them, even after a substring.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sensitive
const SENSITIVE_KEYS = new Set(
  ['aws:PrincipalAccount', 'aws:PrincipalOrgID', 'aws:ResourceAccount', 'aws:ResourceOrgID', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:VpceAccount', 'aws:VpceOrgID'].map((k) =>
    k.toLowerCase(),
  ),
);

// "Always use the aws:VpcSourceIp condition key with the aws:SourceVpc, aws:SourceVpce, or aws:SourceVpcArn condition
// keys": the only pairing AWS documents for MISSING_PAIRED_CONDITION_KEYS.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-vpcsourceip
const PAIRED_KEYS: ReadonlyMap<string, readonly string[]> = new Map([['aws:vpcsourceip', ['aws:SourceVpc', 'aws:SourceVpce', 'aws:SourceVpcArn']]]);

// Select values that return no unlisted attribute (COUNT returns no item at all).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
const RESTRICTING_SELECT = new Set(['SPECIFIC_ATTRIBUTES', 'COUNT']);

const GITHUB_SUB = 'token.actions.githubusercontent.com:sub';
const GITHUB_REF = 'token.actions.githubusercontent.com:ref';
/** `<provider host>[/path]:sub`, the subject claim of an OIDC identity provider (`oidc.eks.<region>.amazonaws.com/id/X:sub`). */
const OIDC_SUBJECT_KEY = /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[^:]*)?:sub$/i;
/** Access Analyzer's bar for a wildcard or policy variable in a condition value: 6 literal characters before it. */
const MIN_PREFIX = 6;

type Operator = NonNullable<ReturnType<typeof parseConditionOperator>>;

interface ConditionEntry {
  operator: Operator;
  operatorText: string;
  keyProp: Property;
  /** Lower case: condition keys are case-insensitive. */
  key: string;
  values: StringValue[];
}

/** A condition value read as IAM reads it: literal characters, wildcards, policy variables, and what only deployment knows. */
type Piece = { kind: 'char'; char: string } | { kind: 'wildcard' } | { kind: 'variable'; name: string } | { kind: 'unknown' };

function pieces(value: StringValue, wildcards: boolean, variables: boolean): Piece[] {
  const out: Piece[] = [];
  for (const token of scanPattern(value.text)) {
    if (token.kind === 'text') {
      for (const char of token.text) out.push(wildcards && (char === '*' || char === '?') ? { kind: 'wildcard' } : { kind: 'char', char });
    } else if (token.kind === 'variable' && variables) out.push({ kind: 'variable', name: token.name });
    else if (token.kind === 'variable') for (const char of token.raw) out.push({ kind: 'char', char });
    // A template value that did not resolve reads `${?}`: unknown, not IAM's escaped `?`.
    else if (token.kind === 'escape' && value.literal) out.push({ kind: 'char', char: token.text });
    else out.push({ kind: 'unknown' });
  }
  return out;
}

/** Every condition key of a statement under an operator IAM knows, `!If` branches included. */
function conditionEntries(statement: StatementView): ConditionEntry[] {
  return statementConditions(statement).entries.flatMap((e) => {
    const operator = parseConditionOperator(e.operator);
    return operator ? [{ operator, operatorText: e.operator, keyProp: e.keyProperty, key: e.key.toLowerCase(), values: e.values }] : [];
  });
}

function restrictsSelect(entry: ConditionEntry): boolean {
  const { family, negated, ignoreCase } = entry.operator.operator;
  if (entry.key !== 'dynamodb:select' || family !== 'string' || negated || entry.values.length === 0) return false;
  return entry.values.every((v) => !isResolved(v.text) || RESTRICTING_SELECT.has(ignoreCase ? v.text.toUpperCase() : v.text));
}

/** A wildcard is permissive where it widens what is allowed: in an Allow that matches, or a Deny that excludes. */
function widensAccess(effects: ReadonlySet<string>, operator: Operator): boolean {
  return effects.has(operator.operator.negated ? 'Deny' : 'Allow');
}

export default defineRule({
  meta: {
    id: 'iam/weak-condition',
    scope: 'policy',
    severity: 'warning',
    summary: 'A condition that looks restrictive but can be bypassed or matches far more than intended',
    description:
      'Some conditions read like a guard and are not one. `aws:UserAgent` and `aws:referer` are HTTP headers the caller ' +
      'writes, so an Allow that trusts them trusts anyone. `s3:prefix` in a Deny with `StringLike` (or an Allow with ' +
      '`StringNotLike`) is bypassed by asking for a shorter prefix. `dynamodb:Attributes` only limits requests that name ' +
      'attributes, so without `dynamodb:Select` = `SPECIFIC_ATTRIBUTES` a read without a projection returns every ' +
      'attribute. `aws:VpcSourceIp` matches the same private CIDR in any VPC unless it is paired with `aws:SourceVpc`, ' +
      '`aws:SourceVpce` or `aws:SourceVpcArn`.\n\n' +
      'Wildcards and policy variables are checked where AWS documents a limit: in the sensitive keys ' +
      '(`aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:ResourceAccount`, `aws:ResourceOrgID`, `aws:SourceAccount`, ' +
      '`aws:SourceOrgID`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:VpceAccount`, `aws:VpceOrgID`) they have no valid use; ' +
      'in `aws:userid` a wildcard belongs after the colon or alone before it; in an OIDC provider\'s `sub` claim we apply ' +
      'Access Analyzer\'s bar of 6 literal characters before a wildcard or variable (AWS does not publish which keys its ' +
      'bar applies to), and a wildcard in `token.actions.githubusercontent.com:sub` must not leave the repository or ' +
      'branch open. A policy variable that is itself a sensitive key (`aws:ResourceOrgID` = `${aws:PrincipalOrgID}`, ' +
      'as in AWS\'s data-perimeter examples) is an exact comparison and is not reported.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
    accessAnalyzer: [
      'UNTRUSTWORTHY_CONDITION_KEY',
      'S3_PREFIX_IN_NEGATIVE_CONTEXT',
      'DYNAMODB_ATTRIBUTES_WITHOUT_SELECT',
      'MISSING_PAIRED_CONDITION_KEYS',
      'WILDCARD_USAGE_TOO_PERMISSIVE',
      'VARIABLE_USAGE_TOO_PERMISSIVE',
      'SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED',
    ],
    messages: {
      untrustworthyKey:
        'The caller sets "{{key}}" (an HTTP header) and can send any value, so this Allow can be obtained by spoofing it: do not use "{{key}}" for access control.',
      s3PrefixNegative:
        '"{{key}}" with {{operator}} in a {{effect}} statement does not restrict listing: a request for a shorter prefix does not match the condition and still lists those objects. Use StringLike in an Allow, or StringNotLike in a Deny.',
      dynamodbAttributesWithoutSelect:
        'Restricting "{{key}}" without also requiring "dynamodb:Select" = "SPECIFIC_ATTRIBUTES" lets read requests that omit a projection expression return every attribute.',
      missingPairedKey:
        '"{{key}}" matches the same private IP range in any VPC: pair it with {{recommended}} in this statement\'s conditions.',
      wildcardInSensitiveKey: 'Wildcards have no valid use in the sensitive condition key "{{key}}": "{{value}}" can match values you do not control. List exact values.',
      variableInSensitiveKey:
        'The policy variable in "{{value}}" makes the sensitive condition key "{{key}}" match whatever the request carries: use exact values.',
      wildcardUserId:
        'Overly permissive wildcard in "{{key}}" value "{{value}}": put the wildcard after the colon (unique ID:session name) or make it the only character before the colon.',
      variableUserId:
        'Overly permissive policy variable in "{{key}}" value "{{value}}": put the variable after the colon (unique ID:session name) or make it the only thing before the colon.',
      wildcardTooPermissive:
        'The wildcard in "{{key}}" value "{{value}}" has fewer than 6 literal characters before it, so it matches almost any subject of this identity provider.',
      variableTooPermissive:
        'The policy variable in "{{key}}" value "{{value}}" has fewer than 6 literal characters before it, so it can match almost any subject of this identity provider.',
      githubSubWildcard:
        'The wildcard in "{{key}}" value "{{value}}" lets GitHub workflows from more repositories or branches than intended assume this role: name the repository and branch, or pin the branch with "token.actions.githubusercontent.com:ref".',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:ListBucket",\n      "Resource": "arn:aws:s3:::my-bucket",\n      "Condition": { "StringLike": { "s3:prefix": ["reports/*"] } }\n    }\n  ]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::my-bucket/*",\n      "Condition": { "StringEquals": { "aws:UserAgent": "internal-reporting-tool" } }\n    }\n  ]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'Resources:\n  ListOnlyPublic:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Deny\n            Action: s3:ListBucket\n            Resource: arn:aws:s3:::my-bucket\n            Condition:\n              StringLike:\n                s3:prefix: private/*\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    for (const policy of doc.policies) {
      const variables = policy.documentless || scalarText(child(policy.node, 'Version')) === CURRENT_VERSION;
      for (const statement of policy.statements) {
        const entries = conditionEntries(statement);
        if (entries.length === 0) continue;
        const effects = new Set(alternatives(child(statement.node, 'Effect')).flatMap((n) => scalarText(n) ?? []));
        const reported = new Set<Node>();
        const reportValue = (v: StringValue, messageId: string, key: Property) => {
          if (reported.has(v.node)) return;
          reported.add(v.node);
          report(v.node, messageId, { key: key.key, value: v.text });
        };

        for (const entry of entries) {
          const { operator, key, keyProp } = entry;
          const family = operator.operator.family;

          if (CALLER_SUPPLIED_KEYS.has(key) && effects.has('Allow')) report(keyRange(keyProp), 'untrustworthyKey', { key: keyProp.key });

          // A Deny that matches, or an Allow that excludes: a shorter prefix escapes it.
          if (key === 's3:prefix' && family === 'string') {
            const effect = operator.operator.negated ? 'Allow' : 'Deny';
            if (effects.has(effect)) report(keyRange(keyProp), 's3PrefixNegative', { key: keyProp.key, operator: entry.operatorText, effect });
          }

          if (key === 'dynamodb:attributes' && family !== 'null' && effects.has('Allow') && !entries.some(restrictsSelect)) {
            const { actions, complete } = statementActions(statement);
            const reads = !complete || actions.some((a) => a.conditionKeys.some((k) => k.toLowerCase() === 'dynamodb:select'));
            if (reads) report(keyRange(keyProp), 'dynamodbAttributesWithoutSelect', { key: keyProp.key });
          }

          const partners = PAIRED_KEYS.get(key);
          if (partners && family !== 'null') {
            const lower = partners.map((p) => p.toLowerCase());
            if (!entries.some((e) => lower.includes(e.key) && e.operator.operator.family !== 'null')) {
              report(keyRange(keyProp), 'missingPairedKey', { key: keyProp.key, recommended: partners.join(', ') });
            }
          }

          if (family !== 'string') continue;
          const wildcards = operator.operator.wildcards;
          for (const v of entry.values) {
            const ps = pieces(v, wildcards, variables);
            if (SENSITIVE_KEYS.has(key)) {
              if (ps.some((p) => p.kind === 'wildcard')) reportValue(v, 'wildcardInSensitiveKey', keyProp);
              else if (ps.some((p) => p.kind === 'variable' && !SENSITIVE_KEYS.has(p.name.toLowerCase()))) reportValue(v, 'variableInSensitiveKey', keyProp);
            } else if (key === 'aws:userid') {
              const bad = misplacedInUserId(ps);
              if (bad) reportValue(v, bad === 'wildcard' ? 'wildcardUserId' : 'variableUserId', keyProp);
            } else if (OIDC_SUBJECT_KEY.test(key) && widensAccess(effects, operator)) {
              const first = ps.findIndex((p) => p.kind !== 'char');
              const special = first < 0 ? undefined : ps[first];
              if (special?.kind === 'wildcard' && first < MIN_PREFIX) reportValue(v, 'wildcardTooPermissive', keyProp);
              else if (special?.kind === 'variable' && first < MIN_PREFIX) reportValue(v, 'variableTooPermissive', keyProp);
              else if (key === GITHUB_SUB && !operator.operator.negated && ps.some((p) => p.kind === 'wildcard') && !branchPinnedByRef(ps, entries)) {
                reportValue(v, 'githubSubWildcard', keyProp);
              }
            }
          }
        }
      }
    }
  },
});

/**
 * `aws:userid` is `unique-ID:session-name` for roles: a wildcard or variable may stand for the session name (after the
 * colon) or for the whole unique ID (alone before it), nothing in between. A value with a template placeholder is not judged.
 */
function misplacedInUserId(ps: Piece[]): 'wildcard' | 'variable' | undefined {
  if (ps.some((p) => p.kind === 'unknown')) return undefined;
  const colon = ps.findIndex((p) => p.kind === 'char' && p.char === ':');
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    if (p.kind !== 'wildcard' && p.kind !== 'variable') continue;
    if (colon >= 0 && (i > colon || (i === 0 && colon === 1))) continue;
    return p.kind;
  }
  return undefined;
}

/** `repo:org/name:*` with a `token.actions.githubusercontent.com:ref` condition: the repository is named, the branch pinned apart. */
function branchPinnedByRef(ps: Piece[], entries: ConditionEntry[]): boolean {
  const first = ps.findIndex((p) => p.kind !== 'char');
  const prefix = ps
    .slice(0, first < 0 ? ps.length : first)
    .map((p) => (p.kind === 'char' ? p.char : ''))
    .join('');
  if (!/^repo:[^/]+\/[^:]+:/.test(prefix)) return false;
  return entries.some((e) => e.key === GITHUB_REF && e.operator.operator.family === 'string' && !e.operator.operator.negated);
}
