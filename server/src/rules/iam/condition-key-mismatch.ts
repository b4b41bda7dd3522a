import { defineRule, keyRange } from '../../engine/rule';
import { catalog, type ActionRecord, type ConditionKeyRecord } from '../../iam/catalog';
import { lookupConditionKey } from '../../iam/condition-key-lookup';
import { matchesWithoutKey, parseConditionOperator } from '../../iam/condition-operators';
import { alternatives, type StatementView } from '../../model/policy';
import { statementActions } from '../../model/statement-actions';
import { statementConditions } from '../../model/statement-conditions';
import { elementStrings } from '../../model/values';
import { child, scalarText } from '../../parse/tree';

const MAX_LISTED = 5;

// Global tag keys: supported per service (and per action), so a statement can mix services that honour them with
// services that never see them. Access Analyzer {ALLOW,DENY}[_NOTACTION]_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE.
const TAG_KEY = /^aws:(?:requesttag\/.+|resourcetag\/.+|tagkeys)$/i;

// Keys that describe an IAM principal (its organization, its tags): a service principal has none of them, so the
// condition never matches for it. Access Analyzer UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
const PRINCIPAL_ONLY_KEY = /^aws:(?:principalorgid|principalorgpaths|principaltag\/.+)$/i;

const queuePolicy = (key: string, value: string) =>
  `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::reports-bucket/*",\n      "Condition": { "StringEquals": { "${key}": "${value}" } }\n    }\n  ]\n}\n`;

export default defineRule({
  meta: {
    id: 'iam/condition-key-mismatch',
    scope: 'policy',
    severity: 'warning',
    summary: 'A condition key that the statement\'s actions (or principal) never send',
    description:
      'A service only puts a condition key in the request context for the actions (and resource types) that support ' +
      'it. A key that no action of the statement supports is never present, so the condition is constant: an Allow ' +
      'that grants nothing, a Deny that denies nothing, or (with a negated operator, `…IfExists` or `ForAllValues`) a ' +
      'condition that restricts nothing. The same holds for the global tag keys (`aws:ResourceTag/…`, ' +
      '`aws:RequestTag/…`, `aws:TagKeys`) on services that do not support them, and for keys that describe an IAM ' +
      'principal (`aws:PrincipalOrgID`, `aws:PrincipalTag/…`) when the statement grants a service principal. Support ' +
      'comes from the Service Authorization Reference; a statement whose actions cannot all be resolved (template ' +
      'placeholders, unknown actions) is not judged.',
    source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
    accessAnalyzer: [
      'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
      'DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
      'DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
      'ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
      'ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
      'UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL',
    ],
    messages: {
      unsupported: 'No action in this statement supports "{{key}}", so the request never has it: {{consequence}}.',
      tagKeyServices: '{{services}} no "{{key}}" for the actions here, so for them {{consequence}}. Move those actions to a statement without this condition.',
      tagKeyNotAction: 'NotAction covers services that do not support "{{key}}", so for their actions {{consequence}}. List the actions in Action instead.',
      servicePrincipal: '"{{key}}" describes an IAM principal: requests from {{principal}} never have it, so {{consequence}}.',
    },
    examples: {
      valid: [{ file: 'policy.json', code: queuePolicy('s3:ExistingObjectTag/classification', 'public') }],
      invalid: [
        { file: 'policy.json', code: queuePolicy('s3:prefix', 'reports/') },
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  Reader:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: lambda:InvokeFunction\n              Resource: !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders\n              Condition:\n                StringEquals:\n                  lambda:FunctionUrlAuthType: AWS_IAM\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    for (const policy of doc.policies) {
      for (const statement of policy.statements) {
        const { entries } = statementConditions(statement);
        if (entries.length === 0) continue;
        const effect = scalarText(child(statement.node, 'Effect'));
        if (effect !== 'Allow' && effect !== 'Deny') continue;
        const principal = onlyServicePrincipals(statement);
        // Computed once, on the first key that needs it; null when the statement's actions cannot all be resolved.
        let actions: readonly ActionRecord[] | null | undefined;
        for (const entry of entries) {
          const operator = parseConditionOperator(entry.operator);
          const key = lookupConditionKey(entry.key);
          if (!operator || !key) continue;
          const constant = matchesWithoutKey(operator, entry.values.map((v) => v.text));
          if (constant === undefined) continue;
          const consequence = consequenceOf(effect, constant);
          const range = keyRange(entry.keyProperty);

          if (principal && PRINCIPAL_ONLY_KEY.test(entry.key)) {
            report(range, 'servicePrincipal', { key: entry.key, principal, consequence });
            continue;
          }
          const tagKey = TAG_KEY.test(entry.key);
          if (key.global && !tagKey) continue;
          if (actions === undefined) actions = resolvedActions(statement);
          if (actions === null) continue;
          const name = key.name.toLowerCase();
          const unsupported = actions.filter((a) => !supports(a, name));
          if (unsupported.length === 0) continue;
          if (!tagKey) {
            if (unsupported.length === actions.length && attachedToActions(key)) report(range, 'unsupported', { key: entry.key, consequence });
            continue;
          }
          // A Deny that always applies to the services without tag support fails loudly; the other cases are silent.
          if (effect === 'Deny' && constant) continue;
          if (child(statement.node, 'NotAction') !== undefined) {
            report(range, 'tagKeyNotAction', { key: entry.key, consequence: consequenceOf(effect, constant, 'them') });
            continue;
          }
          const services = servicesWithout(actions, unsupported);
          if (services.length > 0) report(range, 'tagKeyServices', { key: entry.key, services: listed(services), consequence: consequenceOf(effect, constant, 'them') });
        }
      }
    }
  },
});

const supportCache = new WeakMap<ActionRecord, ReadonlySet<string>>();

/** Lower-case names of the keys an action supports, its resource types' keys included. */
function keysOf(action: ActionRecord): ReadonlySet<string> {
  let keys = supportCache.get(action);
  if (!keys) {
    const names = [...action.conditionKeys, ...action.resourceTypes.flatMap((rt) => [...rt.conditionKeys, ...rt.resourceType.conditionKeys])];
    keys = new Set(names.map((n) => n.toLowerCase()));
    supportCache.set(action, keys);
  }
  return keys;
}

// Where the Service Authorization Reference is known to be incomplete: "For the aws-marketplace:Subscribe action
// only, you can use the aws-marketplace:ProductId condition key" (Amazon Bedrock model access, and AWS's managed
// policies do so) — https://docs.aws.amazon.com/bedrock/latest/userguide/model-access-permissions.html
const DOCUMENTED_ELSEWHERE: Readonly<Record<string, readonly string[]>> = {
  'aws-marketplace:productid': ['aws-marketplace:subscribe'],
};

/**
 * Does the action put the key in the request context? A service's own resource-tag key (`ssm:resourceTag/…`)
 * mirrors aws:ResourceTag, which the reference lists more completely.
 */
function supports(action: ActionRecord, name: string): boolean {
  const keys = keysOf(action);
  if (keys.has(name) || DOCUMENTED_ELSEWHERE[name]?.includes(action.fullName.toLowerCase())) return true;
  return name.startsWith(`${action.service}:resourcetag/`) && keys.has('aws:resourcetag/${tagkey}');
}

const attachedCache = new Map<string, ReadonlySet<string>>();

/**
 * The Service Authorization Reference lists some keys for a service without naming an action or resource type that
 * supports them (`iottwinmaker:linkedServices`): there the reference is incomplete, not the key unused.
 */
function attachedToActions(key: ConditionKeyRecord): boolean {
  if (!catalog().service(key.service)) return true;
  let attached = attachedCache.get(key.service);
  if (!attached) {
    const names = new Set<string>();
    for (const a of catalog().actionsOf(key.service)) for (const n of keysOf(a)) names.add(n);
    attachedCache.set(key.service, (attached = names));
  }
  return attached.has(key.name.toLowerCase());
}

/** Null when the statement's actions are not all known: then nothing can be said about what they support. */
function resolvedActions(statement: StatementView): readonly ActionRecord[] | null {
  const { actions, complete } = statementActions(statement);
  return complete && actions.length > 0 ? actions : null;
}

/** Services none of whose actions in the statement support the key (a service with one supporting action is fine). */
function servicesWithout(actions: readonly ActionRecord[], unsupported: readonly ActionRecord[]): string[] {
  const lacking = new Set(unsupported.map((a) => a.service));
  const without = new Set(unsupported);
  for (const a of actions) if (!without.has(a)) lacking.delete(a.service);
  return [...lacking].sort();
}

function listed(services: readonly string[]): string {
  const shown = services.slice(0, MAX_LISTED).map((s) => `"${s}"`);
  const more = services.length - shown.length;
  return `${services.length === 1 ? 'The service' : 'The services'} ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''} ${services.length === 1 ? 'supports' : 'support'}`;
}

function consequenceOf(effect: 'Allow' | 'Deny', constant: boolean, of: 'statement' | 'them' = 'statement'): string {
  if (constant) return effect === 'Allow' ? 'the condition is always true and restricts nothing' : 'the condition is always true and the Deny always applies';
  if (of === 'them') return `the condition is never true and the statement never ${effect === 'Allow' ? 'allows' : 'denies'} them`;
  return effect === 'Allow' ? 'the condition is never true and the statement allows nothing' : 'the condition is never true and the statement denies nothing';
}

/** The statement's principal when it is only service principals (`{"Service": …}`), as text for the message. */
function onlyServicePrincipals(statement: StatementView): string | undefined {
  const principals = alternatives(child(statement.node, 'Principal'));
  if (principals.length === 0) return undefined;
  const names: string[] = [];
  for (const p of principals) {
    if (p.type !== 'object' || p.properties.length === 0 || p.properties.some((q) => q.key !== 'Service')) return undefined;
    for (const q of p.properties) names.push(...elementStrings(q.value).map((v) => v.text));
  }
  if (names.length === 0) return undefined;
  return `${names.length === 1 ? 'the service principal' : 'the service principals'} ${names.map((n) => `"${n}"`).join(', ')}`;
}
