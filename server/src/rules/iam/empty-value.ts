import { defineRule, type Fix, type RuleContext } from '../../engine/rule';
import { alternatives } from '../../model/policy';
import type { Node, ObjectNode, Property } from '../../parse/tree';

const ELEMENTS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;
const PRINCIPALS = ['Principal', 'NotPrincipal'] as const;

export default defineRule({
  meta: {
    id: 'iam/empty-value',
    scope: 'policy',
    severity: 'hint',
    summary: 'An empty Action, Resource, Principal or Condition list or object, or an empty Sid',
    description:
      'An empty `Action`, `Resource` or `Principal` list makes the statement match nothing, so it grants (or denies) ' +
      'nothing: usually a list that was meant to be filled in. A condition key with no values never matches either ' +
      '(with `ForAllValues:` or `…IfExists` it matches only when the key is absent from the request, which the ' +
      '`Null` operator says more clearly). An empty `Condition` block or `Sid` means nothing. The quick fix removes ' +
      'an empty `Condition` or `Sid`, which cannot change what the statement allows; an empty operator block is ' +
      'removed as a suggestion. The other empty values have no fix: removing them would widen the statement or ' +
      'break it.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
    accessAnalyzer: [
      'EMPTY_ARRAY_ACTION',
      'EMPTY_ARRAY_RESOURCE',
      'EMPTY_ARRAY_PRINCIPAL',
      'EMPTY_OBJECT_PRINCIPAL',
      'EMPTY_ARRAY_CONDITION',
      'EMPTY_ARRAY_CONDITION_FORALLVALUES',
      'EMPTY_ARRAY_CONDITION_FORANYVALUE',
      'EMPTY_ARRAY_CONDITION_IFEXISTS',
      'EMPTY_OBJECT_CONDITION',
      'EMPTY_SID_VALUE',
    ],
    fix: 'safe',
    messages: {
      element: 'The {{element}} list is empty: the statement matches nothing.',
      notElement: 'The {{element}} list is empty: it excludes nothing.',
      principal: 'The {{element}} is empty: the statement applies to no one.',
      condition: 'The Condition block is empty: remove it.',
      operator: 'The {{operator}} block has no condition keys: remove it.',
      conditionValues: 'The condition key {{key}} has no values: "{{operator}}" never matches, so the statement never applies.',
      conditionForAllValues: 'The condition key {{key}} has no values: with ForAllValues it matches only when {{key}} is absent from the request; say so with "Null": {"{{key}}": "true"}.',
      conditionForAnyValue: 'The condition key {{key}} has no values: with ForAnyValue it never matches, so the statement never applies.',
      conditionIfExists: 'The condition key {{key}} has no values: with IfExists it matches only when {{key}} is absent from the request; say so with "Null": {"{{key}}": "true"}.',
      sid: 'The Sid is empty: remove it or give the statement a name.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Sid": "ReadOrders", "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders" }]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders", "Condition": {} }]\n}\n',
          fixed: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders" }]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'Resources:\n  ReadPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Sid: ""\n            Effect: Allow\n            Action: dynamodb:GetItem\n            Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders\n',
          fixed:
            'Resources:\n  ReadPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: dynamodb:GetItem\n            Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders\n',
        },
      ],
    },
  },
  check(context) {
    for (const policy of context.doc.policies) {
      for (const statement of policy.statements) {
        const s = statement.node;
        for (const p of s.properties) {
          if ((ELEMENTS as readonly string[]).includes(p.key)) {
            for (const v of alternatives(p.value)) if (isEmptyArray(v)) context.report(v, p.key.startsWith('Not') ? 'notElement' : 'element', { element: p.key });
          } else if ((PRINCIPALS as readonly string[]).includes(p.key)) {
            // In an identity policy the Principal itself is the error (iam/principal-in-identity-policy).
            if (policy.kind !== 'identity') checkPrincipal(context, p);
          } else if (p.key === 'Condition') {
            checkCondition(context, s, p);
          } else if (p.key === 'Sid' && p.value.type === 'string' && p.value.value === '') {
            context.report(p.value, 'sid', {}, [removal(context, s, p, 'Remove the empty Sid', true)]);
          }
        }
      }
    }
  },
});

function isEmptyArray(node: Node): boolean {
  return node.type === 'array' && node.items.length === 0;
}

function isEmptyObject(node: Node): boolean {
  return node.type === 'object' && node.properties.length === 0;
}

function checkPrincipal({ report }: RuleContext, p: Property): void {
  for (const v of alternatives(p.value)) {
    if (isEmptyArray(v) || isEmptyObject(v)) {
      report(v, 'principal', { element: p.key });
      continue;
    }
    if (v.type !== 'object') continue;
    for (const type of v.properties) {
      for (const list of alternatives(type.value)) if (isEmptyArray(list)) report(list, 'principal', { element: `${p.key} ${type.key} list` });
    }
  }
}

function checkCondition(context: RuleContext, statement: ObjectNode, p: Property): void {
  const condition = p.value;
  if (isEmptyObject(condition)) {
    context.report(condition, 'condition', {}, [removal(context, statement, p, 'Remove the empty Condition', true)]);
    return;
  }
  if (condition.type !== 'object') return;
  for (const op of condition.properties) {
    if (isEmptyObject(op.value)) {
      context.report(op.value, 'operator', { operator: op.key }, [removal(context, condition, op, `Remove the empty ${op.key} block`, false)]);
      continue;
    }
    if (op.value.type !== 'object') continue;
    for (const key of op.value.properties) {
      for (const values of alternatives(key.value)) {
        if (!isEmptyArray(values)) continue;
        const messageId = op.key.startsWith('ForAllValues:')
          ? 'conditionForAllValues'
          : op.key.startsWith('ForAnyValue:')
            ? 'conditionForAnyValue'
            : op.key.endsWith('IfExists')
              ? 'conditionIfExists'
              : 'conditionValues';
        context.report(values, messageId, { key: key.key, operator: op.key });
      }
    }
  }
}

function removal({ fixer }: RuleContext, obj: ObjectNode, p: Property, title: string, safe: boolean): Fix {
  return { title, safe, edits: [fixer.removeProperty(obj, p)] };
}
