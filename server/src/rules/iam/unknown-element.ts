import { defineRule, keyRange, type Fix } from '../../engine/rule';
import { intendedElements, POLICY_ELEMENTS, STATEMENT_ELEMENTS } from '../../iam/policy-grammar';
import type { ObjectNode } from '../../parse/tree';
import type { Fixer } from '../../engine/fixer';
import type { RuleContext } from '../../engine/rule';

export default defineRule({
  meta: {
    id: 'iam/unknown-element',
    scope: 'policy',
    severity: 'error',
    summary: 'Unknown element in a policy or statement (element names are case-sensitive)',
    description:
      'A policy may contain only `Version`, `Id` and `Statement`; a statement only `Sid`, `Effect`, `Principal`, ' +
      '`NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource` and `Condition`, spelled exactly so. IAM rejects ' +
      'anything else: `Actions`, `resource` and `Condtion` are errors, not synonyms. The quick fix renames the element ' +
      'when there is exactly one candidate that the statement does not already have.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
    accessAnalyzer: ['INVALID_POLICY_ELEMENT'],
    fix: 'safe',
    messages: {
      unknownInPolicy: '"{{key}}" is not a policy element: a policy has Version, Id and Statement.',
      unknownInStatement: '"{{key}}" is not a statement element.',
      didYouMean: '"{{key}}" is not a {{where}} element: did you mean "{{suggestion}}"?',
    },
    examples: {
      valid: [{ file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n' }],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resources": "arn:aws:s3:::my-bucket/*" }]\n}\n',
          fixed: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'Resources:\n  ReadPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n',
          fixed:
            'Resources:\n  ReadPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n',
        },
      ],
    },
  },
  check(context) {
    for (const policy of context.doc.policies) {
      if (!policy.documentless) checkKeys(context, policy.node, POLICY_ELEMENTS, 'policy');
      for (const statement of policy.statements) checkKeys(context, statement.node, STATEMENT_ELEMENTS, 'statement');
    }
  },
});

function checkKeys({ report, fixer }: RuleContext, obj: ObjectNode, allowed: readonly string[], where: 'policy' | 'statement'): void {
  const present = new Set(obj.properties.map((p) => p.key));
  for (const p of obj.properties) {
    if (allowed.includes(p.key)) continue;
    const suggestions = intendedElements(p.key, allowed);
    const free = suggestions.filter((s) => !present.has(s));
    if (suggestions.length === 0) {
      report(keyRange(p), where === 'policy' ? 'unknownInPolicy' : 'unknownInStatement', { key: p.key });
      continue;
    }
    report(keyRange(p), 'didYouMean', { key: p.key, where, suggestion: suggestions.join('" or "') }, renames(fixer, p, free, suggestions.length === 1));
  }
}

function renames(fixer: Fixer, p: ObjectNode['properties'][number], names: string[], unique: boolean): Fix[] {
  return names.map((name) => ({ title: `Rename to "${name}"`, safe: unique && names.length === 1, edits: [fixer.renameKey(p, name)] }));
}
