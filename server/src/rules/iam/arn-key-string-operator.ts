import { defineRule, keyRange, type Fix, type RuleContext, type TextEdit } from '../../engine/rule';
import { lookupConditionKey } from '../../iam/condition-key-lookup';
import { operatorName, parseConditionOperator, type ConditionOperator } from '../../iam/condition-operators';
import { statementConditions, type ConditionEntry } from '../../model/statement-conditions';
import { columnOf, lineStartOf } from '../../engine/text-layout';
import { property, type ObjectNode, type Property } from '../../parse/tree';

const ARN_OPERATOR: Readonly<Record<string, string>> = {
  StringEquals: 'ArnEquals',
  StringNotEquals: 'ArnNotEquals',
  StringLike: 'ArnLike',
  StringNotLike: 'ArnNotLike',
};

const policy = (operator: string) =>
  `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": "sns.amazonaws.com" },\n      "Action": "sqs:SendMessage",\n      "Resource": "arn:aws:sqs:us-east-1:123456789012:orders",\n      "Condition": { "${operator}": { "aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:order-events" } }\n    }\n  ]\n}\n`;

export default defineRule({
  meta: {
    id: 'iam/arn-key-string-operator',
    scope: 'policy',
    severity: 'warning',
    summary: 'String operator on an ARN-typed condition key such as `aws:SourceArn`',
    description:
      'Keys typed ARN (`aws:SourceArn`, `aws:PrincipalArn`, `lambda:FunctionArn`, …) should be compared with the ARN ' +
      'operators. `ArnLike` matches each of the six colon-separated parts of the ARN on its own, so a wildcard cannot ' +
      'run from one part into the next as it does under `StringLike`. The fix swaps `StringEquals`/`StringLike` (and ' +
      'their negations) for `ArnEquals`/`ArnLike`, keeping `ForAnyValue:`/`ForAllValues:` and `IfExists`; when the ' +
      'operator also holds keys that are not ARNs, only the ARN key moves to the ARN operator. The fix is safe when ' +
      'every value is a complete ARN, and for `StringEquals` has no wildcard (`ArnEquals` reads `*` as a wildcard).',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN',
    accessAnalyzer: ['STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS'],
    fix: 'safe',
    messages: {
      stringOperator: '"{{key}}" is an ARN: compare it with {{suggestion}} rather than "{{operator}}".',
    },
    examples: {
      valid: [{ file: 'policy.json', code: policy('ArnEquals') }],
      invalid: [
        { file: 'policy.json', code: policy('StringEquals'), fixed: policy('ArnEquals') },
        {
          file: 'template.yaml',
          code:
            'Resources:\n  InvokerPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: lambda:InvokeFunctionUrl\n            Resource: !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders\n            Condition:\n              StringLike:\n                lambda:FunctionArn: !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders*\n                lambda:FunctionUrlAuthType: AWS_IAM\n',
          fixed:
            'Resources:\n  InvokerPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: lambda:InvokeFunctionUrl\n            Resource: !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders\n            Condition:\n              ArnLike:\n                lambda:FunctionArn: !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders*\n              StringLike:\n                lambda:FunctionUrlAuthType: AWS_IAM\n',
        },
      ],
    },
  },
  check(context) {
    const { doc, report } = context;
    for (const policy of doc.policies) {
      for (const statement of policy.statements) {
        for (const entry of statementConditions(statement).entries) {
          const operator = parseConditionOperator(entry.operator);
          if (operator?.family !== 'string' || !isArnKey(entry.key)) continue;
          const arnBase = ARN_OPERATOR[operator.base];
          const target = arnBase && operatorName({ ...operator, base: arnBase });
          const suggestion = target ? `"${target}"` : '"ArnEquals" or "ArnLike" (ARN operators are case-sensitive)';
          const fix = target ? arnOperatorFix(context, entry, operator, target) : undefined;
          report(keyRange(entry.keyProperty), 'stringOperator', { key: entry.key, operator: entry.operator, suggestion }, fix ? [fix] : []);
        }
      }
    }
  },
});

function isArnKey(key: string): boolean {
  return lookupConditionKey(key)?.baseType === 'ARN';
}

/**
 * Rename the operator when every key under it is an ARN key going to the same ARN operator and that operator is
 * not already there; otherwise move this key, as written, into the ARN operator's block (created or existing).
 */
function arnOperatorFix(context: RuleContext, entry: ConditionEntry, operator: ConditionOperator, target: string): Fix | undefined {
  const { fixer } = context;
  const { condition, operatorProperty, block, keyProperty } = entry;
  const safe = safeToSwap(entry, operator);
  const title = `Use "${target}" for "${entry.key}"`;
  const existing = property(condition, target);
  const allArn = block.properties.every((p) => isArnKey(p.key));
  if (allArn && !existing && operatorProperty.value === block) {
    return { title, safe, edits: [fixer.renameKey(operatorProperty, target)] };
  }
  if (operatorProperty.value !== block) return undefined;
  const insert = existing ? addToBlock(context, existing, keyProperty) : addBlock(context, condition, target, keyProperty);
  if (!insert) return undefined;
  const remove = block.properties.length === 1 ? fixer.removeProperty(condition, operatorProperty) : fixer.removeProperty(block, keyProperty);
  return { title, safe, edits: [insert, remove] };
}

/** The key with its value exactly as written: template expressions and comments move with it. */
function sourceOf(text: string, p: Property): string {
  return text.slice(p.keyStart, p.end);
}

/** A new `target: {key: value}` before the Condition's first operator (never inside the text the removal takes). */
function addBlock({ doc, fixer }: RuleContext, condition: ObjectNode, target: string, key: Property): TextEdit | undefined {
  const text = doc.text;
  const first = condition.properties[0]!;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const name = fixer.scalar(target, doc.format === 'json' ? 'json' : 'plain');
  if (doc.format === 'json' || condition.flow) {
    const multiline = /[\r\n]/.test(text.slice(condition.start, first.keyStart));
    const indent = text.slice(lineStartOf(text, first.keyStart), first.keyStart);
    return { start: first.keyStart, end: first.keyStart, newText: `${name}: { ${sourceOf(text, key)} },${multiline ? eol + indent : ' '}` };
  }
  const operatorColumn = columnOf(text, first.keyStart);
  const keyColumn = columnOf(text, key.keyStart);
  // Continuation lines of the value keep their indentation only if the key keeps its column.
  if (keyColumn <= operatorColumn || text.slice(lineStartOf(text, first.keyStart), first.keyStart).trim() !== '') return undefined;
  return { start: first.keyStart, end: first.keyStart, newText: `${name}:${eol}${' '.repeat(keyColumn)}${sourceOf(text, key)}${eol}${' '.repeat(operatorColumn)}` };
}

/** The key appended to an existing ARN operator block. */
function addToBlock({ doc }: RuleContext, existing: Property, key: Property): TextEdit | undefined {
  const text = doc.text;
  const target = existing.value;
  if (target.type !== 'object' || target.properties.some((p) => p.key.toLowerCase() === key.key.toLowerCase())) return undefined;
  const last = target.properties[target.properties.length - 1];
  if (!last) return undefined;
  if (doc.format === 'json' || target.flow) return { start: last.end, end: last.end, newText: `, ${sourceOf(text, key)}` };
  if (columnOf(text, last.keyStart) !== columnOf(text, key.keyStart)) return undefined;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  return { start: last.end, end: last.end, newText: `${eol}${' '.repeat(columnOf(text, key.keyStart))}${sourceOf(text, key)}` };
}

/**
 * The ARN operator means the same as the string operator when every value is a whole ARN (six parts) and, for the
 * Equals forms, holds no wildcard: ArnEquals treats `*` and `?` as wildcards where StringEquals reads them literally.
 */
function safeToSwap(entry: ConditionEntry, operator: ConditionOperator): boolean {
  const equals = operator.base.includes('Equals');
  return entry.values.length > 0 && entry.values.every((v) => /^arn:[^:]*:[^:]*:[^:]*:[^:]*:/.test(v.text) && v.text !== '${?}' && !(equals && /[*?]/.test(v.text)));
}
