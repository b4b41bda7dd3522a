import { compilePolicy, type EvalContext, type EvalStatement } from '../iam/evaluator';
import { editDistance } from '../iam/edit-distance';
import { wildcardMatch } from '../iam/wildcard';
import { policyMemo, type PolicyView, type StatementView } from './policy';
import { statementConditions, type ConditionEntry } from './statement-conditions';
import { isResolved } from './values';
import { evalStatement } from './statement';

/**
 * What the operator role of a Lambda Managed Instances capacity provider must allow: what the AWS managed policy
 * `AWSLambdaManagedEC2ResourceOperator` allows. Its first version is written here because every later one (v2–v5)
 * grants all of it and more (v4 adds `ec2:DescribeVpcEncryptionControls`, v5 CloudWatch Logs): a role equivalent to
 * any version passes. test/lmi/operator-permissions.test.ts checks that the current version still covers it.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-operator-role.html
 */
export const OPERATOR_MANAGED_POLICY = 'AWSLambdaManagedEC2ResourceOperator';

/** The value of `ec2:ManagedResourceOperator` on the EC2 resources Lambda launches for a capacity provider. */
export const LAMBDA_SCALER = 'scaler.lambda.amazonaws.com';

export const OPERATOR_POLICY_V1: readonly EvalStatement[] = [
  {
    effect: 'Allow',
    action: ['ec2:RunInstances', 'ec2:CreateTags', 'ec2:AttachNetworkInterface'],
    resource: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:network-interface/*', 'arn:aws:ec2:*:*:volume/*'],
    condition: { StringEquals: { 'ec2:ManagedResourceOperator': [LAMBDA_SCALER] } },
  },
  {
    effect: 'Allow',
    action: [
      'ec2:DescribeAvailabilityZones',
      'ec2:DescribeCapacityReservations',
      'ec2:DescribeInstances',
      'ec2:DescribeInstanceStatus',
      'ec2:DescribeInstanceTypeOfferings',
      'ec2:DescribeInstanceTypes',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
    ],
    resource: ['*'],
  },
  { effect: 'Allow', action: ['ec2:RunInstances', 'ec2:CreateNetworkInterface'], resource: ['arn:aws:ec2:*:*:subnet/*', 'arn:aws:ec2:*:*:security-group/*'] },
  { effect: 'Allow', action: ['ec2:RunInstances'], resource: ['arn:aws:ec2:*:*:image/*'], condition: { StringEquals: { 'ec2:Owner': ['amazon'] } } },
];

export interface OperatorRequest {
  action: string;
  /** As the managed policy writes it. */
  resource: string;
  context: EvalContext;
}

/** One request per action and resource of the managed policy, with a context that meets its conditions. */
export const OPERATOR_REQUESTS: readonly OperatorRequest[] = OPERATOR_POLICY_V1.flatMap((s) => {
  const context: Record<string, string> = {};
  for (const keys of Object.values(s.condition ?? {})) for (const [key, values] of Object.entries(keys)) context[key] = values[0];
  return (s.action ?? []).flatMap((action) => (s.resource ?? []).map((resource) => ({ action, resource, context })));
});

export interface MissingPermission {
  action: string;
  resources: string[];
}

/**
 * The operator's requests these statements do not allow, by action. Any condition a request does not settle counts
 * as satisfiable, so only what no statement can allow is missing. A request is tried in each partition the
 * statements name (a role for China writes `arn:aws-cn:…`).
 */
export function missingOperatorPermissions(statements: readonly EvalStatement[]): MissingPermission[] {
  // The same statements (each is made once per statement view, and kept with it) give the same answer.
  const first = statements[0];
  if (!first) return missingFrom(statements);
  const known = missingByFirst.get(first) ?? [];
  const hit = known.find((k) => k.statements.length === statements.length && k.statements.every((s, i) => s === statements[i]));
  if (hit) return hit.missing;
  const missing = missingFrom(statements);
  known.unshift({ statements: [...statements], missing });
  missingByFirst.set(first, known.slice(0, 4));
  return missing;
}

/** Answers of {@link missingOperatorPermissions} by the first of their statements: a few lists per statement. */
const missingByFirst = new WeakMap<EvalStatement, { statements: readonly EvalStatement[]; missing: MissingPermission[] }[]>();

function missingFrom(statements: readonly EvalStatement[]): MissingPermission[] {
  const policy = compilePolicy(statements, { unknownKeys: 'assume-satisfiable' });
  const partitions = new Set(['aws']);
  for (const s of statements) {
    for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) {
      const m = /^arn:(aws[a-z-]*):/.exec(r);
      if (m) partitions.add(m[1]);
    }
  }
  const missing = new Map<string, string[]>();
  for (const r of OPERATOR_REQUESTS) {
    const allowed = [...partitions].some((p) => policy.evaluate({ action: r.action, resource: r.resource.replace(/^arn:aws:/, `arn:${p}:`), context: r.context }).decision === 'allow');
    if (!allowed) missing.set(r.action, [...(missing.get(r.action) ?? []), r.resource]);
  }
  return [...missing].map(([action, resources]) => ({ action, resources }));
}

/** "ec2:CreateNetworkInterface on arn:aws:ec2:*:*:subnet/* and arn:aws:ec2:*:*:security-group/*; …", the first few actions. */
export function describeMissing(missing: readonly MissingPermission[], max = 4): string {
  const shown = missing.slice(0, max).map((m) => `${m.action} on ${m.resources.join(' and ')}`);
  const more = missing.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more action${more === 1 ? '' : 's'}` : '');
}

/** True when the statements allow none of the operator's requests. */
export function missesEverything(missing: readonly MissingPermission[]): boolean {
  return missing.reduce((n, m) => n + m.resources.length, 0) === OPERATOR_REQUESTS.length;
}

/** Actions the managed policy allows on Lambda's managed instances only when `ec2:ManagedResourceOperator` is Lambda's scaler. */
export const MANAGED_RESOURCE_ACTIONS = ['ec2:RunInstances', 'ec2:CreateTags', 'ec2:AttachNetworkInterface'];

/** The actions of `AWSLambdaManagedEC2ResourceOperator` (v5), for recognising a policy written after it. */
const OPERATOR_ACTIONS = new Set(
  [...OPERATOR_POLICY_V1.flatMap((s) => s.action ?? []), 'ec2:DescribeVpcEncryptionControls', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'].map((a) => a.toLowerCase()),
);
const OPERATOR_EC2_ACTIONS = [...new Set(OPERATOR_POLICY_V1.flatMap((s) => s.action ?? []).map((a) => a.toLowerCase()))];

/**
 * A policy written for an operator role:
 * - it allows launching, tagging or attaching EC2 resources on a condition on `ec2:ManagedResourceOperator`
 *   pinned to Lambda's scaler or a slip for it (`lambda.amazonaws.com` there is a mistake
 *   lmi/operator-role-permissions reports; see `lambdaOperatorValue`). The `AWSServiceRoleForLambda` policy pins the
 *   same key on `ec2:TerminateInstances`, which is why the actions matter;
 * - or every action it allows is one of `AWSLambdaManagedEC2ResourceOperator`'s and it names most of its EC2 actions
 *   (nine of its twelve: no other EC2 policy lists `DescribeCapacityReservations` and `DescribeInstanceTypeOfferings`
 *   next to `RunInstances`).
 * A standalone file named `operator` in `policyKinds` is one; a file given another purpose there is not. In a
 * template the capacity provider's `PermissionsConfig` says which role operates it; its other policies are found by
 * content the same way.
 */
export function isOperatorPermissionsPolicy(policy: PolicyView): boolean {
  if (policy.kind !== 'identity') return false;
  if (policy.purpose) return policy.purpose === 'operator';
  // What its statements say is the policy's own matter: read once per policy view.
  return policyMemo(policy, OPERATOR_BY_CONTENT, () => operatorByContent(policy));
}

const OPERATOR_BY_CONTENT = 'operator permissions by content';

function operatorByContent(policy: PolicyView): boolean {
  const statements = policy.statements.map(evalStatement).filter((s): s is EvalStatement => s !== null);
  const allows = statements.filter((s) => s.effect === 'Allow' && s.action);
  const pinned = allows.some((s) => {
    if (!s.action!.some((a) => MANAGED_RESOURCE_ACTIONS.some((m) => wildcardMatch(a, m, { ignoreCase: true })))) return false;
    return Object.values(s.condition ?? {}).some((keys) =>
      Object.entries(keys).some(([k, values]) => k.toLowerCase() === 'ec2:managedresourceoperator' && values.some((v) => lambdaOperatorValue(v))),
    );
  });
  if (pinned) return true;
  const actions = allows.flatMap((s) => s.action!.map((a) => a.toLowerCase()));
  if (actions.length === 0 || !actions.every((a) => OPERATOR_ACTIONS.has(a))) return false;
  return OPERATOR_EC2_ACTIONS.filter((a) => actions.includes(a)).length >= 9;
}

/**
 * Other services manage EC2 resources the same way and pin the key to their own values (`ecs.amazonaws.com`,
 * `eks.amazonaws.com`, `bedrock-agentcore.amazonaws.com`, Lambda's own `network-connectors.lambda.amazonaws.com`, as
 * their AWS managed policies do): only Lambda's scaler, or a slip for it — the Lambda service principal, or a
 * misspelling of the scaler — marks a policy as a capacity provider's.
 */
function lambdaOperatorValue(value: string): boolean {
  const v = value.toLowerCase();
  return v === LAMBDA_SCALER || v === 'lambda.amazonaws.com' || (v !== LAMBDA_SCALER && editDistance(v, LAMBDA_SCALER, 3) <= 3);
}

/**
 * Conditions that pin `ec2:ManagedResourceOperator` to values Lambda never sets: the instances Lambda launches carry
 * `scaler.lambda.amazonaws.com`, so a statement requiring `lambda.amazonaws.com` allows nothing and the capacity
 * provider cannot launch instances. Only an entry none of whose (known) values can match is returned.
 */
export function wrongOperatorPins(view: StatementView): ConditionEntry[] {
  const s = evalStatement(view);
  if (s?.effect !== 'Allow' || !s.action?.some((a) => MANAGED_RESOURCE_ACTIONS.some((m) => wildcardMatch(a, m, { ignoreCase: true })))) return [];
  return statementConditions(view).entries.filter((e) => {
    const m = /^String(Equals|Like|EqualsIgnoreCase)(IfExists)?$/i.exec(e.operator);
    if (!m || e.key.toLowerCase() !== 'ec2:managedresourceoperator' || e.values.length === 0) return false;
    const kind = m[1].toLowerCase();
    return e.values.every((v) => {
      if (!isResolved(v.text) || !lambdaOperatorValue(v.text)) return false;
      if (kind === 'like') return !wildcardMatch(v.text, LAMBDA_SCALER);
      if (kind === 'equalsignorecase') return v.text.toLowerCase() !== LAMBDA_SCALER;
      return v.text !== LAMBDA_SCALER;
    });
  });
}
