import { defineRule, keyRange, type Fix } from '../../engine/rule';
import type { Fixer } from '../../engine/fixer';
import { lookupConditionKey } from '../../iam/condition-key-lookup';
import { parseConditionOperator } from '../../iam/condition-operators';
import type { StatementView } from '../../model/policy';
import { statementActions } from '../../model/statement-actions';
import { isResolved } from '../../model/values';
import { statementConditions, type ConditionEntry, type ConditionOperatorEntry } from '../../model/statement-conditions';
import { child, scalarText } from '../../parse/tree';

const tagging = (condition: string) =>
  `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "sqs:CreateQueue",\n      "Resource": "arn:aws:sqs:us-east-1:123456789012:orders",\n      "Condition": {\n${condition}\n      }\n    }\n  ]\n}\n`;
const ONLY_ALLOWED_TAGS = '        "ForAllValues:StringEquals": { "aws:TagKeys": ["CostCenter", "Team"] }';
const NULL_GUARD = '        "Null": { "aws:TagKeys": "false" }';

// "Audience" claims: AWS documents them single-valued for these providers (Access Analyzer
// FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE); other OIDC providers may send several audiences.
const SINGLE_VALUED_AUDIENCE = /^(?:accounts\.google\.com|cognito-identity\.amazonaws\.com|saml):aud$/i;

export default defineRule({
  meta: {
    id: 'iam/set-operator',
    scope: 'policy',
    severity: 'warning',
    summary: '`ForAllValues`/`ForAnyValue` used with the wrong kind of key, or missing where a key has several values',
    description:
      '`ForAllValues:` and `ForAnyValue:` are for multivalued keys such as `aws:TagKeys` or `aws:PrincipalOrgPaths`. ' +
      '`ForAllValues:` is true when the request has no value at all for the key, so in an `Allow` statement it lets ' +
      'through a request that omits the key unless a `Null` condition requires it; on a single-valued key it is ' +
      'always that permissive. A multivalued key without a qualifier leaves it to IAM to decide how the values ' +
      'combine: say which you mean. `Null` with a qualifier is constant, and `ForAnyValue:` on a single-valued ' +
      'audience (`aud`) claim is not what you want either. The fix for a missing `Null` guard adds ' +
      '`"Null": {"<key>": "false"}`, which makes the statement require the key: review it.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
    accessAnalyzer: ['FORALLVALUES_WITH_SINGLE_VALUED_KEY', 'MISSING_QUALIFIER', 'NULL_WITH_QUALIFIER', 'FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE'],
    fix: 'suggestion',
    messages: {
      forAllValuesSingleValued:
        '"{{key}}" is single-valued: "ForAllValues:" makes the condition true whenever the key is missing from the request. Remove "ForAllValues:".',
      missingNullGuard:
        '"{{operator}}" is also true for a request without "{{key}}", so this Allow applies to requests that omit it. Add "Null": {"{{key}}": "false"} to require the key.',
      missingQualifier:
        '"{{key}}" can hold several values: say how they combine with "ForAnyValue:{{operator}}" (at least one value matches) or "ForAllValues:{{operator}}" (every value matches).',
      nullWithQualifier: '"{{operator}}": Null takes no set qualifier (with it the condition is always {{constant}}). Use "Null".',
      forAnyValueAudience: '"{{key}}" is a single-valued audience claim: "ForAnyValue:" is overly permissive here. Remove "ForAnyValue:".',
    },
    examples: {
      valid: [{ file: 'policy.json', code: tagging(`${ONLY_ALLOWED_TAGS},\n${NULL_GUARD}`) }],
      invalid: [
        { file: 'policy.json', code: tagging(ONLY_ALLOWED_TAGS), fixed: tagging(`${ONLY_ALLOWED_TAGS},\n        "Null": {\n          "aws:TagKeys": "false"\n        }`) },
        {
          file: 'template.yaml',
          code:
            'Resources:\n  DeployerPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub arn:${AWS::Partition}:s3:::reports-${AWS::AccountId}/*\n            Condition:\n              ForAllValues:StringEquals:\n                aws:PrincipalOrgID: o-a1b2c3d4e5\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      for (const statement of policy.statements) {
        const allow = scalarText(child(statement.node, 'Effect')) === 'Allow';
        const { entries, operators } = statementConditions(statement);
        for (const entry of entries) {
          const operator = parseConditionOperator(entry.operator);
          if (!operator) continue;
          const range = keyRange(entry.keyProperty);
          const data = { key: entry.key, operator: entry.operator };
          if (operator.family === 'null') {
            // One finding per operator, on its first key.
            if (operator.qualifier && entry.block.properties[0] === entry.keyProperty) {
              report(keyRange(entry.operatorProperty), 'nullWithQualifier', { ...data, constant: operator.qualifier === 'ForAllValues' ? 'true' : 'false' });
            }
            continue;
          }
          const key = lookupConditionKey(entry.key);
          if (operator.qualifier === 'ForAnyValue' && SINGLE_VALUED_AUDIENCE.test(entry.key) && key && !key.multivalued) {
            report(range, 'forAnyValueAudience', data);
            continue;
          }
          if (operator.qualifier === 'ForAllValues' && key && !key.multivalued) {
            report(range, 'forAllValuesSingleValued', data);
            continue;
          }
          if (operator.qualifier === 'ForAllValues' && allow && !operator.ifExists && !requiresKey(entries, entry) && !alwaysSent(statement, entry.key)) {
            report(range, 'missingNullGuard', data, nullGuard(fixer, operators, entry));
            continue;
          }
          if (!operator.qualifier && key?.multivalued) report(range, 'missingQualifier', data);
        }
      }
    }
  },
});

/**
 * Some other condition of the statement fails when the key is missing: `Null: false`, or a plain positive operator.
 * A request that carries a tag `aws:RequestTag/<k>` also carries `aws:TagKeys`.
 */
function requiresKey(entries: readonly ConditionEntry[], entry: ConditionEntry): boolean {
  const name = entry.key.toLowerCase();
  const implies = (other: string) => other === name || (name === 'aws:tagkeys' && other.startsWith('aws:requesttag/'));
  return entries.some((other) => {
    if (other.condition !== entry.condition || !implies(other.key.toLowerCase())) return false;
    const operator = parseConditionOperator(other.operator);
    if (!operator) return false;
    // A Null value from a template parameter may well be "false": not ours to doubt.
    if (operator.family === 'null') return !operator.qualifier && other.values.length > 0 && other.values.every((v) => v.text.toLowerCase() === 'false' || !isResolved(v.text));
    return !operator.ifExists && !operator.negated && operator.qualifier !== 'ForAllValues';
  });
}

/**
 * Tagging actions (TagResource, UntagResource, …) cannot be called without tag keys: for them aws:TagKeys is always
 * in the request, and ForAllValues needs no guard.
 */
function alwaysSent(statement: StatementView, key: string): boolean {
  if (key.toLowerCase() !== 'aws:tagkeys') return false;
  const { actions, complete } = statementActions(statement);
  return complete && actions.length > 0 && actions.every((a) => a.accessLevel === 'Tagging');
}

function nullGuard(fixer: Fixer, operators: readonly ConditionOperatorEntry[], entry: ConditionEntry): Fix[] {
  const title = `Add "Null": {"${entry.key}": "false"}`;
  const existing = operators.filter((o) => o.condition === entry.condition && o.operator === 'Null');
  if (existing.length === 0) return [{ title, safe: false, edits: [fixer.insertProperty(entry.condition, 'Null', { [entry.key]: 'false' }, 'end')] }];
  const block = existing[0]!.operatorProperty.value;
  if (existing.length > 1 || block.type !== 'object' || block.properties.some((p) => p.key.toLowerCase() === entry.key.toLowerCase())) return [];
  return [{ title, safe: false, edits: [fixer.insertProperty(block, entry.key, 'false', 'end')] }];
}
