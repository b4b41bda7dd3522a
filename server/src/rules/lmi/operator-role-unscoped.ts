import { defineRule, type Fix, type RuleContext } from '../../engine/rule';
import { ValueWriter } from '../../edits/value-writer';
import { compareArn, parseArn } from '../../iam/arn';
import { compilePolicy, type EvalContext, type EvalStatement } from '../../iam/evaluator';
import { wildcardMatch } from '../../iam/wildcard';
import { managedInstances } from '../../model/capacity-providers';
import { isOperatorPermissionsPolicy, LAMBDA_SCALER, MANAGED_RESOURCE_ACTIONS } from '../../model/operator-permissions';
import type { StatementView } from '../../model/policy';
import { evalStatement } from '../../model/statement';
import { elementStrings, type StringValue } from '../../model/values';
import { child } from '../../parse/tree';

interface Pin {
  key: string;
  value: string;
  /** Values of the key the pin must refuse (absent, and someone else's). */
  others: (string | null)[];
  actions: string[];
  types: string[];
}

// AWSLambdaManagedEC2ResourceOperator: launch/tag/attach only what Lambda's scaler manages, and only Amazon's images.
const OPERATOR_PIN: Pin = {
  key: 'ec2:ManagedResourceOperator',
  value: LAMBDA_SCALER,
  others: [null, 'another-operator.amazonaws.com'],
  actions: MANAGED_RESOURCE_ACTIONS,
  types: ['instance', 'network-interface', 'volume'],
};
const OWNER_PIN: Pin = { key: 'ec2:Owner', value: 'amazon', others: [null, 'aws-marketplace', '111122223333'], actions: ['ec2:RunInstances'], types: ['image'] };
/** The operator role permissions policy of the Lambda documentation (AWSLambdaManagedEC2ResourceOperator v5), with or without its image condition. */
function operatorPolicy(imageOwner: boolean): string {
  const statement = (action: string[], resource: string[] | string, condition?: Record<string, string>) => ({
    Effect: 'Allow',
    Action: action,
    Resource: resource,
    ...(condition ? { Condition: { StringEquals: condition } } : {}),
  });
  const document = {
    Version: '2012-10-17',
    Statement: [
      statement(MANAGED_RESOURCE_ACTIONS, ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:network-interface/*', 'arn:aws:ec2:*:*:volume/*'], { 'ec2:ManagedResourceOperator': LAMBDA_SCALER }),
      statement(
        ['ec2:DescribeAvailabilityZones', 'ec2:DescribeCapacityReservations', 'ec2:DescribeInstances', 'ec2:DescribeInstanceStatus', 'ec2:DescribeInstanceTypeOfferings', 'ec2:DescribeInstanceTypes', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcEncryptionControls'],
        '*',
      ),
      statement(['ec2:RunInstances', 'ec2:CreateNetworkInterface'], ['arn:aws:ec2:*:*:subnet/*', 'arn:aws:ec2:*:*:security-group/*']),
      statement(['ec2:RunInstances'], ['arn:aws:ec2:*:*:image/*'], imageOwner ? { 'ec2:Owner': 'amazon' } : undefined),
      statement(['logs:CreateLogGroup'], 'arn:aws:logs:*:*:log-group:*'),
      statement(['logs:CreateLogStream', 'logs:PutLogEvents'], 'arn:aws:logs:*:*:log-group:*:log-stream:*'),
    ],
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const OTHER_EC2_TYPES = ['subnet', 'security-group', 'instance', 'network-interface', 'volume', 'image'];

export default defineRule({
  meta: {
    id: 'lmi/operator-role-unscoped',
    severity: 'warning',
    summary: 'Operator role permissions should be pinned to the resources Lambda manages',
    description:
      'The AWS managed policy for capacity provider operator roles, `AWSLambdaManagedEC2ResourceOperator`, allows ' +
      '`ec2:RunInstances`, `ec2:CreateTags` and `ec2:AttachNetworkInterface` on instances, network interfaces and ' +
      'volumes only when `ec2:ManagedResourceOperator` is `scaler.lambda.amazonaws.com` (resources Lambda manages), ' +
      'and `ec2:RunInstances` on images only when `ec2:Owner` is `amazon`. A hand-written operator policy without these ' +
      'conditions, or with `ec2:*`, lets whoever can use the role launch arbitrary instances from any image and attach ' +
      'network interfaces to any instance in the account.\n\nThe rule evaluates each Allow statement of the operator ' +
      'role\'s policies in the template (the role in `PermissionsConfig.CapacityProviderOperatorRoleArn` or SAM ' +
      '`OperatorRole`), and of any policy recognisable as an operator permissions policy (one that pins ' +
      '`ec2:ManagedResourceOperator` for one of those actions, or whose actions are those of the managed policy, or a ' +
      'file `policyKinds` calls `operator`), standalone files included: a statement is unpinned when it still allows the action with the key absent or set to another value. ' +
      'The fix adds the condition when the statement is only about those actions and resources.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-operator-role.html',
    fix: 'suggestion',
    messages: {
      unpinned:
        '{{actions}} on {{resource}} is allowed without requiring ec2:ManagedResourceOperator = scaler.lambda.amazonaws.com: the operator role could act on {{types}} Lambda does not manage.',
      imageOwner: 'ec2:RunInstances on {{resource}} is allowed without requiring ec2:Owner = amazon: the operator role could launch instances from any image.',
      serviceWildcard: '"{{action}}" gives the operator role every EC2 action without a condition; grant the actions of AWSLambdaManagedEC2ResourceOperator instead.',
    },
    examples: {
      valid: [{ file: 'policy.json', code: operatorPolicy(true) }],
      invalid: [{ file: 'policy.json', code: operatorPolicy(false), fixed: operatorPolicy(true) }],
    },
  },
  check(context) {
    const { doc } = context;
    const statements = new Map<StatementView['node'], { view: StatementView; denies: EvalStatement[] }>();
    const add = (view: StatementView, denies: EvalStatement[]) => {
      if (!statements.has(view.node)) statements.set(view.node, { view, denies });
    };
    const viewOf = new Map(doc.policies.flatMap((p) => p.statements.map((s) => [s.node, s] as const)));
    if (doc.template) {
      for (const { role } of managedInstances(doc.template).operatorRoles) {
        if (role.origin !== 'template') continue;
        const all = role.permissions.statements;
        const denies = all.filter((s) => s.effect === 'Deny');
        for (const s of all) {
          const view = viewOf.get((s.origin as StatementView | undefined)?.node as StatementView['node']);
          if (view) add(view, denies);
        }
      }
    }
    for (const policy of doc.policies) {
      if (!isOperatorPermissionsPolicy(policy)) continue;
      const denies = policy.statements.map(evalStatement).filter((s): s is EvalStatement => s?.effect === 'Deny');
      for (const view of policy.statements) add(view, denies);
    }
    for (const { view, denies } of statements.values()) checkStatement(context, view, denies);
  },
});

function checkStatement(context: RuleContext, view: StatementView, denies: EvalStatement[]): void {
  const s = evalStatement(view);
  if (s?.effect !== 'Allow' || !s.action) return;
  const actionValues = elementStrings(child(view.node, 'Action'));
  const broad = actionValues.find((v) => /^(\*|ec2:\*)$/i.test(v.text));
  if (broad && !s.condition) {
    context.report(broad.node, 'serviceWildcard', { action: broad.text });
    return;
  }
  const policy = compilePolicy([s, ...denies], { unknownKeys: 'assume-satisfiable' });
  const resources = elementStrings(child(view.node, 'Resource'));
  for (const pin of [OPERATOR_PIN, OWNER_PIN]) {
    const actions = pin.actions.filter((a) => s.action!.some((v) => wildcardMatch(v, a, { ignoreCase: true })));
    if (!actions.length) continue;
    for (const r of resources) {
      const types = pin.types.filter((t) => covers(r, t));
      const unpinned = actions.filter((action) => types.some((t) => pin.others.some((other) => allows(policy, action, t, { [pin.key]: other }))));
      if (!unpinned.length) continue;
      const fixes = onlyAbout(actionValues, resources, pin) ? addPin(context, view, pin) : [];
      if (pin === OWNER_PIN) context.report(r.node, 'imageOwner', { resource: r.text }, fixes);
      else context.report(r.node, 'unpinned', { actions: unpinned.join(', '), resource: r.text, types: describeTypes(types) }, fixes);
    }
  }
}

/** Could this Resource value name EC2 resources of the type? Values we cannot read (`${Param}`, `${X.Arn}`) could name anything: not judged. */
function covers(r: StringValue, type: string): boolean {
  if (r.text !== '*') {
    const parsed = parseArn(r.text);
    if (!parsed.ok || parsed.arn.opaque) return false;
  }
  return compareArn(r.text, `arn:aws:ec2:*:${type === 'image' ? '' : '*'}:${type}/*`) !== 'no';
}

function allows(policy: ReturnType<typeof compilePolicy>, action: string, type: string, context: EvalContext): boolean {
  return policy.evaluate({ action, resource: `arn:*:ec2:*:*:${type}/*`, context }).decision === 'allow';
}

function describeTypes(types: string[]): string {
  const names = types.map((t) => (t === 'network-interface' ? 'network interfaces' : `${t}s`));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
}

/** The statement is only about the pinned actions and resource types, so the condition changes nothing else. */
function onlyAbout(actions: StringValue[], resources: StringValue[], pin: Pin): boolean {
  const actionsOk = actions.every((a) => a.literal && pin.actions.some((p) => p.toLowerCase() === a.text.toLowerCase()));
  const resourcesOk =
    resources.length > 0 && resources.every((r) => r.text !== '*' && OTHER_EC2_TYPES.every((t) => pin.types.includes(t) || !covers(r, t)) && pin.types.some((t) => covers(r, t)));
  return actionsOk && resourcesOk;
}

function addPin({ fixer, doc }: RuleContext, view: StatementView, pin: Pin): Fix[] {
  const writer = new ValueWriter(fixer, doc.text);
  const title = `Require ${pin.key} = ${pin.value}`;
  const condition = child(view.node, 'Condition');
  if (condition === undefined) return [{ title, safe: false, edits: [writer.insertProperty(view.node, 'Condition', { StringEquals: { [pin.key]: pin.value } })] }];
  if (condition.type !== 'object') return [];
  const equals = child(condition, 'StringEquals');
  if (equals === undefined) return [{ title, safe: false, edits: [writer.insertProperty(condition, 'StringEquals', { [pin.key]: pin.value })] }];
  if (equals.type !== 'object' || equals.properties.some((p) => p.key.toLowerCase() === pin.key.toLowerCase())) return [];
  return [{ title, safe: false, edits: [writer.insertProperty(equals, pin.key, pin.value)] }];
}
