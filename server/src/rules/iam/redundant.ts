import { removeArrayItem } from '../../engine/array-item-removal';
import { defineRule, keyRange, type Fix, type Range, type RuleContext } from '../../engine/rule';
import { hasWildcard, wildcardCovers, wildcardMatch } from '../../iam/wildcard';
import { alternatives, type PolicyView } from '../../model/policy';
import { child, property, scalarText, type ArrayNode, type Node, type ObjectNode } from '../../parse/tree';

const LIST_ELEMENTS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;

export default defineRule({
  meta: {
    id: 'iam/redundant',
    scope: 'policy',
    severity: 'hint',
    summary: 'An action or resource already covered by a wildcard in the same list, or a statement that repeats another',
    description:
      '`s3:GetObject` next to `s3:Get*`, `arn:aws:s3:::my-bucket/reports/*` next to `arn:aws:s3:::my-bucket/*`, an ' +
      'action listed twice, or a statement identical to another one (Sid aside) add nothing but length: a policy has ' +
      'a size quota, and a reviewer reads the narrow entry as a restriction it is not. Action names are compared ' +
      'without regard to case, ARNs with it, field by field; an entry is only reported when the wildcard provably ' +
      'covers it. The quick fix removes the redundant entry or statement, which cannot change what the policy allows.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-redundant-action',
    accessAnalyzer: ['REDUNDANT_ACTION', 'REDUNDANT_RESOURCE', 'REDUNDANT_STATEMENT'],
    fix: 'safe',
    messages: {
      action: '"{{item}}" is already covered by "{{by}}" in this {{element}} list.',
      resource: '"{{item}}" is already covered by "{{by}}" in this {{element}} list.',
      duplicate: '"{{item}}" is listed twice in this {{element}} list.',
      statement: 'This statement repeats statement {{other}} (the same Effect, actions, resources, principals and conditions).',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
          fixed: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": ["s3:Get*"], "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'Resources:\n  ReadPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource:\n              - arn:aws:s3:::my-bucket/*\n              - arn:aws:s3:::my-bucket/reports/*\n',
          fixed:
            'Resources:\n  ReadPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource:\n              - arn:aws:s3:::my-bucket/*\n',
        },
      ],
    },
  },
  check(context) {
    for (const policy of context.doc.policies) {
      for (const statement of policy.statements) {
        for (const element of LIST_ELEMENTS) {
          for (const list of alternatives(child(statement.node, element))) {
            if (list.type === 'array') checkList(context, element, list);
          }
        }
      }
      checkStatements(context, policy);
    }
  },
});

function checkList(context: RuleContext, element: (typeof LIST_ELEMENTS)[number], list: ArrayNode): void {
  const isAction = element.endsWith('Action');
  const fold = (t: string) => (isAction ? t.toLowerCase() : t);
  // Literal entries only, and no `${…}`: a policy variable may stand for text with colons or slashes.
  const entries: ({ node: Node; text: string; key: string } | undefined)[] = list.items.map((node) => {
    const text = node.type === 'string' ? node.value : undefined;
    return text === undefined || text.includes('${') ? undefined : { node, text, key: fold(text) };
  });
  // Only a wildcard covers another entry (or the same text written twice): a policy with hundreds of actions has a
  // handful of wildcards, and an action's can only be those of its own service (or with a wildcard in the service).
  const wildcards = new Map<string, NonNullable<(typeof entries)[number]>[]>();
  for (const e of entries) {
    if (e === undefined || !hasWildcard(e.text)) continue;
    const bucket = bucketOf(e.key, isAction);
    wildcards.set(bucket, [...(wildcards.get(bucket) ?? []), e]);
  }
  const firstOf = new Map<string, number>();
  entries.forEach((entry, j) => {
    if (!entry) return;
    const first = firstOf.get(entry.key);
    if (first === undefined) firstOf.set(entry.key, j);
    const bucket = bucketOf(entry.key, isAction);
    const candidates = [...(wildcards.get(bucket) ?? []), ...(bucket === ANY ? [] : (wildcards.get(ANY) ?? []))];
    const coveredBy =
      first !== undefined
        ? entries[first]!
        : candidates.find(
            (w) =>
              w.key !== entry.key &&
              mayCover(w.key, entry.key) &&
              covers(w.text, entry.text, isAction) &&
              (entries.indexOf(w) < j || !covers(entry.text, w.text, isAction)),
          );
    if (!coveredBy) return;
    const fix: Fix = { title: `Remove "${entry.text}"`, safe: true, edits: [removeArrayItem(context.doc.text, context.doc.format, list, entry.node)] };
    context.report(entry.node, first !== undefined ? 'duplicate' : isAction ? 'action' : 'resource', { item: entry.text, by: coveredBy.text, element }, [fix]);
  });
}

const ANY = '*';

/** Actions by service prefix, when it has no wildcard; everything else in one bucket. */
function bucketOf(key: string, isAction: boolean): string {
  if (!isAction) return ANY;
  const colon = key.indexOf(':');
  const service = colon < 0 ? key : key.slice(0, colon);
  return colon < 0 || hasWildcard(service) ? ANY : service;
}

/**
 * A cheap necessary condition for `pattern` covering `other`: it matches `other` with each `*` taken as empty and
 * each `?` as a character no literal matches (both texts already case-folded for actions).
 */
function mayCover(pattern: string, other: string): boolean {
  if (!other.startsWith(/^[^*?]*/.exec(pattern)![0])) return false;
  return wildcardMatch(pattern, other.replace(/\*/g, '').replace(/\?/g, '\u0000'));
}

/** Does every action or resource `b` stands for also match `a`? Never claimed without proof. */
function covers(a: string, b: string, isAction: boolean): boolean {
  if (a === '*') return true;
  if (isAction) return b !== '*' && wildcardCovers(a, b, { ignoreCase: true });
  return arnCovers(a, b);
}

/**
 * ARNs are matched segment by segment (a `*` stops at a colon), except that a `*` ending the last segment of a
 * shorter ARN runs on across the rest, as the Resource element documents: `log-group:app*` covers
 * `log-group:app-1:log-stream:x`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 */
function arnCovers(a: string, b: string): boolean {
  if (b === '*') return false;
  const sa = a.split(':');
  const sb = b.split(':');
  if (sa.length === sb.length) return sa.every((f, i) => wildcardCovers(f, sb[i]!));
  const last = sa.length - 1;
  if (sa.length > sb.length || !sa[last]!.endsWith('*')) return false;
  return sa.slice(0, last).every((f, i) => wildcardCovers(f, sb[i]!)) && wildcardCovers(sa[last]!, sb.slice(last).join(':'));
}

function checkStatements(context: RuleContext, policy: PolicyView): void {
  const seen = new Map<string, number>();
  const holder = child(policy.node, 'Statement');
  policy.statements.forEach((statement, index) => {
    const key = statementKey(statement.node);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
      return;
    }
    const earlier = policy.statements[first]!.node;
    const sid = scalarText(child(earlier, 'Sid'));
    const other = sid ? `"${sid}"` : `#${first + 1}`;
    const fixes: Fix[] =
      holder?.type === 'array' && holder.items.includes(statement.node)
        ? [{ title: 'Remove the repeated statement', safe: true, edits: [removeArrayItem(context.doc.text, context.doc.format, holder, statement.node)] }]
        : [];
    context.report(anchorOf(statement.node), 'statement', { other }, fixes);
  });
}

/** The statement's Sid key, or its first key: the whole statement would paint half the screen. */
function anchorOf(s: ObjectNode): Range {
  const p = property(s, 'Sid') ?? s.properties[0];
  return p ? keyRange(p) : { start: s.start, end: s.start + 1 };
}

/** Equal for statements IAM reads the same: Sid aside, element lists as sets, action names in any case. */
function statementKey(s: ObjectNode): string {
  return s.properties
    .filter((p) => p.key !== 'Sid')
    .map((p) => `${p.key}=${elementKey(p.key, p.value)}`)
    .sort()
    .join('\n');
}

function elementKey(key: string, node: Node): string {
  if ((LIST_ELEMENTS as readonly string[]).includes(key)) return setKey(node, key.endsWith('Action'));
  if ((key === 'Principal' || key === 'NotPrincipal' || key === 'Condition') && node.type === 'object') {
    const nested = key === 'Condition';
    const entries = node.properties.map((p) => `${JSON.stringify(p.key)}:${nested && p.value.type === 'object' ? elementKey('Principal', p.value) : setKey(p.value, false)}`);
    return `{${entries.sort().join(',')}}`;
  }
  return canonical(node);
}

function setKey(node: Node, foldCase: boolean): string {
  const items = node.type === 'array' ? node.items : [node];
  const keys = items.map((n) => (foldCase && scalarText(n) !== undefined ? canonical(n).toLowerCase() : canonical(n)));
  return `[${[...new Set(keys)].sort().join(',')}]`;
}

function canonical(node: Node): string {
  switch (node.type) {
    case 'object':
      return `{${node.properties.map((p) => `${JSON.stringify(p.key)}:${canonical(p.value)}`).sort().join(',')}}`;
    case 'array':
      return `[${node.items.map(canonical).join(',')}]`;
    case 'intrinsic':
      return `!${node.fn}(${canonical(node.argument)})`;
    case 'null':
      return 'null';
    default:
      return JSON.stringify(scalarText(node));
  }
}
