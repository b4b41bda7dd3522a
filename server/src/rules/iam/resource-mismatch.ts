import { defineRule, type RuleContext } from '../../engine/rule';
import { parseArn } from '../../iam/arn';
import { arnFitsFormat, arnFormatsIn, formatNamespace, formatsFitting, formatsOf, isActedOn, shapeFitsFormat } from '../../iam/arn-formats';
import type { ActionRecord } from '../../iam/catalog';
import type { PolicyKind } from '../../model/detect';
import type { StatementView } from '../../model/policy';
import type { TemplateView } from '../../model/template';
import { statementActions, type StatementActions } from '../../model/statement-actions';
import { elementStrings, isResolved, type StringValue } from '../../model/values';
import { arnShape, resolveReference } from '../../model/resource-arns';
import { child, itemsOf, type Node } from '../../parse/tree';

/** Pseudo parameters stand for one ARN field each, so an ARN built with them still has a known shape. */
const PSEUDO_PARAMETER = /\$\{AWS::(?:Partition|Region|AccountId|URLSuffix)\}/g;
const SHOWN_FORMATS = 3;
const SHOWN_ACTIONS = 3;

interface StatementFormats {
  actions: readonly ActionRecord[];
  /** The statement's actions' ARN formats by the namespace written in them, filled on demand. */
  byNamespace: Map<string, string[]>;
}

/** By the statement's actions (`statementActions` gives statements with the same actions the same object). */
const cache = new WeakMap<StatementActions, StatementFormats | null>();

export default defineRule({
  meta: {
    id: 'iam/resource-mismatch',
    severity: 'warning',
    summary: 'A Resource ARN is not a resource type of any action in the statement',
    description:
      'Each action applies to certain resource types, listed in the Service Authorization Reference with their ARN ' +
      'formats; a statement grants an action only on resources of those types. `lambda:PassCapacityProvider` on a ' +
      'function ARN, `s3:GetObject` on a bucket ARN (objects are `arn:aws:s3:::bucket/key`) or `s3:ListBucket` on ' +
      '`arn:aws:s3:::bucket/*` grant nothing, and the code fails with AccessDenied. A Resource ARN needs to fit only ' +
      'one action of the statement. Not judged: statements with an action that supports no resource-level ' +
      "permissions (AWS's own policies grant some of them on ARNs, such as `s3:ListAllMyBuckets` on " +
      '`arn:aws:s3:::*`), `NotAction` and `NotResource` statements, statements with an action the catalogue does not ' +
      'know, ARNs with template values other than the pseudo parameters, and ARNs of a resource type the catalogue ' +
      'does not list, or lists without any action acting on it (two reference pages share the `apigateway` and ' +
      '`elasticloadbalancing` prefixes, and only one page\'s resource lists survive). A `Ref`, `Fn::GetAtt` or ' +
      '`!Sub "${Id}"` to a resource of the template is resolved through that resource type\'s return values: in an ' +
      'identity policy `!Ref Queue` (a URL), `!Ref Bucket` or `!Ref Role` (names) are not ARNs, which IAM refuses ' +
      '(an error). An ARN from the template is judged by its resource type\'s ARN format, as the literal ARNs are: ' +
      '`s3:GetObject` on `!GetAtt Bucket.Arn` (a bucket, not its objects), `s3:ListBucket` on `!Sub "${Bucket.Arn}/*"`, ' +
      '`dynamodb:GetRecords` on `!GetAtt Table.Arn` (the table, not `Table.StreamArn`) and `states:DescribeExecution` on ' +
      '`!Ref StateMachine` grant nothing. Values built around a parameter are not judged.',
    source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
    messages: {
      mismatch: '"{{arn}}" is not a resource of {{actions}}: expected {{formats}}.',
      notArn: '{{reference}} is the {{what}} of {{id}} ({{type}}), not its ARN: IAM refuses a Resource that is not an ARN.{{hint}}',
      wrongService: '{{reference}} is the ARN of {{id}} ({{type}}), a {{service}} resource: none of {{actions}} acts on {{service}} resources.',
      shapeMismatch: '{{reference}} is {{shape}}{{of}}: not a resource of {{actions}}; expected {{formats}}.',
    },
    messageSeverity: { notArn: 'error' },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "lambda:PassCapacityProvider", "Resource": "arn:aws:lambda:us-east-1:123456789012:capacity-provider:trusted-workloads" }]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "lambda:PassCapacityProvider", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:worker" }]\n}\n',
        },
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket" }]\n}\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    for (const policy of doc.policies) {
      if (policy.kind === 'trust') continue;
      for (const statement of policy.statements) {
        const resource = child(statement.node, 'Resource');
        if (resource === undefined || child(statement.node, 'Action') === undefined) continue;
        const seen = new Set<string>();
        if (doc.template) checkReferences(doc.template, policy.kind, resource, doc.text, report);
        for (const v of elementStrings(resource)) {
          if (v.text === '*') continue;
          if (!judgeable(v.text)) {
            if (doc.template && !v.node.generated) checkShape(doc.template, statement, v, doc.text, seen, report);
            continue;
          }
          const parsed = parseArn(v.text);
          if (!parsed.ok || parsed.arn.opaque || !/^[a-z0-9-]+$/.test(parsed.arn.service)) continue;
          const namespace = parsed.arn.service;
          // A resource type the catalogue does not list, or lists without the actions that act on it, cannot be judged.
          const types = formatsFitting(v.text, namespace);
          if (types.length === 0 || !types.every(isActedOn)) continue;
          const formats = statementFormats(statement);
          if (!formats) break;
          if (formatsIn(formats, namespace).some((f) => arnFitsFormat(v.text, f))) continue;
          const key = `${v.node.start}:${v.text}`;
          if (seen.has(key)) continue;
          seen.add(key);
          report(v.node, 'mismatch', { arn: v.text, actions: describeActions(formats.actions), formats: listFormats(formats, namespace) });
        }
      }
    }
  },
});

const VALUE_NAMES: Readonly<Record<string, string>> = { name: 'name', id: 'id', url: 'URL' };

/** `Resource` values that reference a resource of the template's name, id or URL where an ARN belongs. */
function checkReferences(template: TemplateView, kind: PolicyKind, resource: Node, text: string, report: RuleContext['report']): void {
  // Resource-based policies name their own resource in other ways; IAM validates identity policies' ARNs.
  if (kind !== 'identity') return;
  for (const node of resource.type === 'array' ? itemsOf(resource) : [resource]) {
    if (node.generated || node.type !== 'intrinsic') continue;
    const resolved = resolveReference(template, node);
    if (!resolved?.resource.type || resolved.value === 'arn') continue;
    const reference = text.slice(node.start, node.end).replace(/\s+/g, ' ');
    const id = resolved.resource.id;
    report(node, 'notArn', {
      reference,
      what: VALUE_NAMES[resolved.value] ?? resolved.value,
      id,
      type: resolved.resource.type,
      hint: resolved.arnAttribute ? ` Use its ARN: Fn::GetAtt ${id}.${resolved.arnAttribute}.` : '',
    });
  }
}

/**
 * A value built from the template's resources (`!GetAtt Bucket.Arn`, `!Sub "${Table.Arn}/index/*"`), judged by the
 * ARN shape the resolver gives it like a literal ARN: `s3:GetObject` on a bucket's ARN grants nothing.
 */
function checkShape(template: TemplateView, statement: StatementView, v: StringValue, text: string, seen: Set<string>, report: RuleContext['report']): void {
  const found = arnShape(template, v.text);
  if (!found) return;
  const parsed = parseArn(found.shape);
  if (!parsed.ok || parsed.arn.opaque || !/^[a-z0-9-]+$/.test(parsed.arn.service)) return;
  const namespace = parsed.arn.service;
  const types = arnFormatsIn(namespace).filter((f) => shapeFitsFormat(found.shape, f));
  if (types.length === 0 || !types.every(isActedOn)) return;
  const formats = statementFormats(statement);
  if (!formats) return;
  const candidates = formatsIn(formats, namespace);
  if (candidates.some((f) => shapeFitsFormat(found.shape, f))) return;
  const key = `${v.node.start}:${v.text}`;
  if (seen.has(key)) return;
  seen.add(key);
  const reference = text.slice(v.node.start, v.node.end).replace(/\s+/g, ' ');
  const actions = describeActions(formats.actions);
  const [arn] = found.arns;
  if (candidates.length === 0 && arn?.resource.type && found.arns.length === 1) {
    report(v.node, 'wrongService', { reference, id: arn.resource.id, type: arn.resource.type, service: arn.service, actions });
    return;
  }
  const of = arn?.resource.type && found.arns.length === 1 ? ` (from the ARN of ${arn.resource.id}, an ${arn.resource.type})` : '';
  report(v.node, 'shapeMismatch', { reference, shape: found.shape, of, actions, formats: listFormats(formats, namespace) });
}

function listFormats(formats: StatementFormats, namespace: string): string {
  const all = new Set(formats.actions.flatMap((a) => a.resourceTypes.flatMap((rt) => formatsOf(rt.resourceType.arnFormats))));
  const shown = [...all].sort((a, b) => Number(formatNamespace(b) === namespace) - Number(formatNamespace(a) === namespace));
  return shown.slice(0, SHOWN_FORMATS).join(' or ') + (shown.length > SHOWN_FORMATS ? ` (or ${shown.length - SHOWN_FORMATS} more)` : '');
}

function judgeable(text: string): boolean {
  return isResolved(text.replace(PSEUDO_PARAMETER, '*'));
}

function statementFormats(statement: StatementView): StatementFormats | null {
  const known = statementActions(statement);
  let hit = cache.get(known);
  if (hit === undefined) {
    const { actions, complete } = known;
    // The Service Authorization Reference lists no resource type for actions that IAM still evaluates against an
    // ARN (`s3:ListAllMyBuckets` on `arn:aws:s3:::*`, `ssmmessages:OpenDataChannel` on Session Manager session
    // ARNs, as AWS's own policies write them): such an action may take any Resource, so the statement is not judged.
    const judged = complete && actions.length > 0 && actions.every((a) => a.resourceTypes.length > 0);
    hit = judged ? { actions, byNamespace: new Map() } : null;
    cache.set(known, hit);
  }
  return hit;
}

function formatsIn(formats: StatementFormats, namespace: string): string[] {
  let list = formats.byNamespace.get(namespace);
  if (!list) {
    const found = new Set<string>();
    for (const a of formats.actions) {
      for (const rt of a.resourceTypes) for (const f of formatsOf(rt.resourceType.arnFormats)) {
        const ns = formatNamespace(f);
        if (ns === namespace || ns === undefined) found.add(f);
      }
    }
    formats.byNamespace.set(namespace, (list = [...found]));
  }
  return list;
}

function describeActions(actions: readonly ActionRecord[]): string {
  if (actions.length <= SHOWN_ACTIONS) return actions.map((a) => a.fullName).join(', ');
  const more = actions.length - SHOWN_ACTIONS;
  return `${actions.slice(0, SHOWN_ACTIONS).map((a) => a.fullName).join(', ')} and ${more} more action${more === 1 ? '' : 's'}`;
}
