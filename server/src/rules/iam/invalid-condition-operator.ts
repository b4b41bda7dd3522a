import { defineRule, keyRange, type Fix } from '../../engine/rule';
import { allConditionOperators, parseConditionOperator, SET_QUALIFIERS } from '../../iam/condition-operators';
import { closest, editDistance } from '../../iam/edit-distance';
import { statementConditions } from '../../model/statement-conditions';
import { property } from '../../parse/tree';

const POLICY = (statement: string) => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${statement}\n  ]\n}\n`;
const invoke = (operator: string) =>
  POLICY(
    `{ "Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:orders", "Condition": { "${operator}": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }`,
  );

export default defineRule({
  meta: {
    id: 'iam/invalid-condition-operator',
    scope: 'policy',
    severity: 'error',
    summary: 'Unknown condition operator, `Null` with `IfExists`, or a misspelt `ForAllValues:`/`ForAnyValue:` qualifier',
    description:
      'IAM knows a fixed set of condition operators (`StringEquals`, `ArnLike`, `NumericLessThan`, `Bool`, `Null`, …), ' +
      'optionally prefixed with `ForAllValues:` or `ForAnyValue:` and suffixed with `IfExists`. The names are ' +
      'case-sensitive: IAM rejects `stringEquals` ("MalformedPolicyDocument: Invalid Condition type"), `StringEqual` ' +
      'and `ForAllValue:StringLike`, and `Null` takes no `IfExists` (it already tests whether the key is there). ' +
      'A case-only mistake gets a safe fix; a misspelling gets a suggestion to review.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
    accessAnalyzer: ['INVALID_CONDITION_OPERATOR', 'NULL_WITH_IF_EXISTS'],
    fix: 'safe',
    messages: {
      wrongCase: 'Condition operators are case-sensitive: write "{{suggestion}}", not "{{operator}}".',
      didYouMean: '"{{operator}}" is not a condition operator: did you mean "{{suggestion}}"?',
      badQualifier: '"{{qualifier}}:" is not a set operator: use "ForAllValues:" or "ForAnyValue:".',
      unknown: '"{{operator}}" is not a condition operator.',
      nullIfExists: '"{{operator}}": the Null operator takes no IfExists suffix (Null already tests whether the key is present). Use "{{suggestion}}".',
    },
    examples: {
      valid: [{ file: 'policy.json', code: invoke('StringEquals') }],
      invalid: [
        { file: 'policy.json', code: invoke('stringEquals'), fixed: invoke('StringEquals') },
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  Publisher:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: sns:Publish\n              Resource: !Ref OrdersTopic\n              Condition:\n                Bool:\n                  aws:SecureTransport: "true"\n                NullIfExists:\n                  aws:SourceVpce: "false"\n  OrdersTopic:\n    Type: AWS::SNS::Topic\n',
          fixed:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  Publisher:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: sns:Publish\n              Resource: !Ref OrdersTopic\n              Condition:\n                Bool:\n                  aws:SecureTransport: "true"\n                \'Null\':\n                  aws:SourceVpce: "false"\n  OrdersTopic:\n    Type: AWS::SNS::Topic\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      for (const statement of policy.statements) {
        for (const { condition, operatorProperty: p } of statementConditions(statement).operators) {
          // The operator as written: a plain YAML `null:` key reaches the tree as '' (see statementConditions).
          const raw = doc.text.slice(p.keyStart, p.keyEnd);
          const text = p.key === '' && doc.format === 'yaml' && !/^['"]/.test(raw) ? raw : p.key;
          if (parseConditionOperator(text)) continue;
          const rename = (name: string, safe: boolean): Fix[] =>
            property(condition, name) ? [] : [{ title: `Change to "${name}"`, safe, edits: [fixer.renameKey(p, name)] }];

          const nullIfExists = /^(?:(\w+):)?null\s*ifexists$/i.exec(text.trim());
          if (nullIfExists) {
            const qualifier = SET_QUALIFIERS.find((q) => q.toLowerCase() === nullIfExists[1]?.toLowerCase());
            const suggestion = qualifier ? `${qualifier}:Null` : 'Null';
            report(keyRange(p), 'nullIfExists', { operator: text, suggestion }, rename(suggestion, false));
            continue;
          }
          const names = allConditionOperators();
          const sameCase = names.find((n) => n.toLowerCase() === text.toLowerCase());
          if (sameCase) {
            report(keyRange(p), 'wrongCase', { operator: text, suggestion: sameCase }, rename(sameCase, true));
            continue;
          }
          const candidates = closest(text, names, 3);
          const best = candidates.filter((c) => distance(text, c) === distance(text, candidates[0] ?? ''));
          if (best.length > 0) {
            report(
              keyRange(p),
              'didYouMean',
              { operator: text, suggestion: best.join('" or "') },
              best.flatMap((b) => rename(b, false)),
            );
            continue;
          }
          const colon = text.indexOf(':');
          const qualifier = colon >= 0 ? text.slice(0, colon) : undefined;
          if (qualifier !== undefined && !SET_QUALIFIERS.some((q) => q.toLowerCase() === qualifier.trim().toLowerCase())) {
            report(keyRange(p), 'badQualifier', { qualifier });
          } else {
            report(keyRange(p), 'unknown', { operator: text });
          }
        }
      }
    }
  },
});

function distance(a: string, b: string): number {
  return editDistance(a.toLowerCase(), b.toLowerCase());
}
