import { defineRule } from '../../engine/rule';
import type { LintDocument } from '../../model/document';
import { elementValues, type PolicyView } from '../../model/policy';
import { policySize } from '../../model/policy-size';
import { referencedIds } from '../../model/roles';
import { prop, type ResourceView, type TemplateView } from '../../model/template';
import { elementStrings, isResolved } from '../../model/values';
import { child, scalarText, type Node } from '../../parse/tree';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
const MANAGED = 6144;
const TRUST = 2048;
const INLINE: Record<Entity, number> = { role: 10240, user: 2048, group: 5120 };
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (function resource-based policy, 20 KB)
const LAMBDA_RESOURCE = 20480;

type Entity = 'role' | 'user' | 'group';

/** The inline policies IAM adds up against one role, user or group quota. */
interface InlineGroup {
  entity: Entity;
  name: string;
  policies: PolicyView[];
}

export default defineRule({
  meta: {
    id: 'iam/policy-size',
    severity: 'warning',
    summary: 'A policy over its IAM size quota: managed 6,144, role inline total 10,240, trust 2,048, Lambda function policy 20 KB',
    description:
      'IAM rejects a policy over its quota when the stack deploys ("Maximum policy size of 10240 bytes exceeded for ' +
      'role …"). IAM counts characters without whitespace: a customer managed policy holds 6,144; all inline policies ' +
      'of a role together 10,240 (a user 2,048, a group 5,120), whether written in `Policies` or attached by ' +
      '`AWS::IAM::Policy`/`AWS::IAM::RolePolicy`; a role trust policy 2,048 by default (the quota can be raised through ' +
      'Service Quotas); a Lambda function policy 20 KB. In a template the size is that of the policy as IAM will ' +
      'receive it, counted low where intrinsics make it uncertain (`!Ref AWS::AccountId` counts 12 characters, a ' +
      'parameter nothing), so a finding is never a guess. Split large policies into several managed policies, or ' +
      'use wildcards that stay specific (`s3:Get*` on one bucket rather than twenty actions). A standalone identity ' +
      'policy file is measured against the managed policy quota, as Access Analyzer does.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length',
    accessAnalyzer: ['POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA', 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA'],
    messages: {
      managed: 'This policy is {{size}} characters without whitespace, over the {{quota}}-character quota for a managed policy: split it into several policies.',
      trust: 'This trust policy is {{size}} characters without whitespace, over the default {{quota}}-character quota for role trust policies: shorten it, or raise the quota through Service Quotas.',
      inline: 'The inline policies of the {{entity}} {{name}} total {{size}} characters without whitespace, over the {{quota}}-character quota for all inline policies of a {{entity}}: move some statements into managed policies.',
      lambdaResource: 'This Lambda function policy is {{size}} characters, over the 20 KB ({{quota}}-character) quota: grant access to fewer, broader sources (for example one aws:SourceArn pattern) instead.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'trust-policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": {\n        "AWS": [\n' +
            Array.from({ length: 45 }, (_, i) => `          "arn:aws:iam::123456789012:role/ci-deployer-${String(i).padStart(2, '0')}"`).join(',\n') +
            '\n        ]\n      },\n      "Action": "sts:AssumeRole"\n    }\n  ]\n}\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    const reported = new Set<PolicyView>();
    const over = (policy: PolicyView, messageId: string, quota: number, data: Record<string, string> = {}): void => {
      if (reported.has(policy)) return;
      const { size, exact } = policySize(policy.node);
      if (size <= quota) return;
      reported.add(policy);
      report(policy.anchor, messageId, { size: sizeText(size, exact), quota: quota.toLocaleString('en-US'), ...data });
    };
    for (const policy of doc.policies) {
      if (policy.kind === 'trust') over(policy, 'trust', TRUST);
      else if (policy.container === 'managed' || (policy.container === 'standalone' && policy.kind === 'identity')) over(policy, 'managed', MANAGED);
      else if (policy.container === 'standalone' && policy.kind === 'resource' && isLambdaPolicy(policy)) over(policy, 'lambdaResource', LAMBDA_RESOURCE);
    }
    if (doc.template) {
      for (const group of inlineGroups(doc)) {
        let total = 0;
        let exact = true;
        for (const policy of group.policies) {
          const size = policySize(policy.node);
          total += size.size;
          exact &&= size.exact;
          if (total <= INLINE[group.entity] || reported.has(policy)) continue;
          reported.add(policy);
          report(policy.anchor, 'inline', { entity: group.entity, name: group.name, size: sizeText(total, exact), quota: INLINE[group.entity].toLocaleString('en-US') });
          break;
        }
      }
    }
  },
});

function sizeText(size: number, exact: boolean): string {
  return exact ? size.toLocaleString('en-US') : `at least ${size.toLocaleString('en-US')}`;
}

/** A resource-based policy whose every action is a Lambda action: a function (or layer) policy. */
function isLambdaPolicy(policy: PolicyView): boolean {
  const actions = policy.statements.flatMap((s) => elementStrings(child(s.node, 'Action')));
  return actions.length > 0 && actions.every((a) => isResolved(a.text) && /^lambda:/i.test(a.text));
}

/**
 * The template's inline policies grouped by the role, user or group IAM counts them against: the entity's own
 * `Policies`, `AWS::IAM::Policy` (`Roles`/`Users`/`Groups`) and `AWS::IAM::RolePolicy`-style resources naming it
 * by `!Ref` or by its literal name (a SAM function's inline `Policies` are its generated role's). A
 * policy attached to an entity the template does not define is counted alone.
 */
function inlineGroups(doc: LintDocument): InlineGroup[] {
  const template = doc.template!;
  const groups = new Map<string, InlineGroup>();
  const add = (key: string, entity: Entity, name: string, policy: PolicyView): void => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { entity, name, policies: [] }));
    if (!g.policies.includes(policy)) g.policies.push(policy);
  };
  for (const policy of doc.policies) {
    const r = policy.resource;
    if (!r || policy.kind !== 'identity') continue;
    const own = OWN_ENTITY[r.type ?? ''];
    if (own && policy.container !== 'managed') {
      add(`${own}:${r.id}`, own, r.id, policy);
      continue;
    }
    for (const [entity, nodes] of attachedTo(r)) {
      for (const node of nodes) {
        const key = entityKey(template, entity, node);
        add(key ?? `alone:${entity}:${r.id}:${node.start}`, entity, key ? key.slice(key.indexOf(':') + 1) : describe(node, r), policy);
      }
    }
  }
  return [...groups.values()];
}

const OWN_ENTITY: Record<string, Entity> = { 'AWS::IAM::Role': 'role', 'AWS::IAM::User': 'user', 'AWS::IAM::Group': 'group' };

function attachedTo(r: ResourceView): [Entity, Node[]][] {
  switch (r.type) {
    case 'AWS::IAM::Policy':
      return [
        ['role', elementValues(prop(r, 'Roles'))],
        ['user', elementValues(prop(r, 'Users'))],
        ['group', elementValues(prop(r, 'Groups'))],
      ];
    case 'AWS::IAM::RolePolicy':
      return [['role', elementValues(prop(r, 'RoleName'))]];
    case 'AWS::IAM::UserPolicy':
      return [['user', elementValues(prop(r, 'UserName'))]];
    case 'AWS::IAM::GroupPolicy':
      return [['group', elementValues(prop(r, 'GroupName'))]];
    default:
      return [];
  }
}

const ENTITY_TYPE: Record<Entity, string> = { role: 'AWS::IAM::Role', user: 'AWS::IAM::User', group: 'AWS::IAM::Group' };
const NAME_PROPERTY: Record<Entity, string> = { role: 'RoleName', user: 'UserName', group: 'GroupName' };

/** `role:<logical id>` for an entity of the template (by `!Ref`, or by its literal name), `role-name:<name>` for a literal name. */
function entityKey(template: TemplateView, entity: Entity, node: Node): string | undefined {
  const ids = referencedIds(node);
  if (ids.length === 1) {
    const target = template.resource(ids[0]);
    return target?.type === ENTITY_TYPE[entity] ? `${entity}:${target.id}` : undefined;
  }
  const name = node.type === 'string' ? node.value : undefined;
  if (name === undefined) return undefined;
  const named = template.resourcesOfType(ENTITY_TYPE[entity]).find((t) => scalarText(prop(t, NAME_PROPERTY[entity])) === name);
  return named ? `${entity}:${named.id}` : `${entity}-name:${name}`;
}

function describe(node: Node, policyResource: ResourceView): string {
  return scalarText(node) ?? `named by ${policyResource.id}`;
}
