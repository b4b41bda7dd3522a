import { defineRule, type Range } from '../../engine/rule';
import { intendedElements, STATEMENT_ELEMENTS } from '../../iam/policy-grammar';
import type { StatementView } from '../../model/policy';

export default defineRule({
  meta: {
    id: 'iam/missing-element',
    scope: 'policy',
    severity: 'error',
    summary: 'A statement lacks a required element: Effect, Action, Resource or Principal',
    description:
      'Every statement needs `Effect` and `Action` (or `NotAction`). Identity and resource-based policies need ' +
      '`Resource` (or `NotResource`); role trust policies must not have one. Resource-based and trust policies need ' +
      '`Principal` (or `NotPrincipal`): without it IAM cannot tell whom the statement is about. A misspelt element ' +
      '(`Resources`, `effect`) is reported once, by `iam/unknown-element`, with its fix.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
    accessAnalyzer: ['MISSING_EFFECT', 'MISSING_ACTION', 'MISSING_RESOURCE', 'MISSING_PRINCIPAL'],
    messages: {
      effect: 'The statement has no Effect: add "Effect": "Allow" or "Deny".',
      action: 'The statement has no Action or NotAction.',
      resource: 'The statement has no Resource or NotResource.',
      principal: 'This {{kind}} policy statement has no Principal or NotPrincipal.',
    },
    examples: {
      valid: [
        {
          file: 'trust-policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }]\n}\n',
        },
      ],
      invalid: [{ file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject" }]\n}\n' }],
    },
  },
  check({ report, doc }) {
    for (const policy of doc.policies) {
      for (const statement of policy.statements) {
        // A misspelt element (`Resources`) is iam/unknown-element's finding, with its rename fix: not a second one here.
        const meant = statement.node.properties.flatMap((p) => (STATEMENT_ELEMENTS as readonly string[]).includes(p.key) ? [p.key] : intendedElements(p.key, STATEMENT_ELEMENTS));
        const has = (...keys: string[]) => meant.some((k) => keys.includes(k));
        const at = anchorOf(statement);
        if (!has('Effect')) report(at, 'effect');
        if (!has('Action', 'NotAction')) report(at, 'action');
        if (policy.kind !== 'trust' && !has('Resource', 'NotResource')) report(at, 'resource');
        if (policy.kind !== 'identity' && !has('Principal', 'NotPrincipal')) report(at, 'principal', { kind: policy.kind === 'trust' ? 'trust' : 'resource-based' });
      }
    }
  },
});

/** The statement's first key (its `Sid` when it has one): the whole statement would paint half the screen. */
function anchorOf(statement: StatementView): Range {
  const sid = statement.node.properties.find((p) => p.key === 'Sid');
  const first = sid ?? statement.node.properties[0];
  return first ? { start: first.keyStart, end: first.keyEnd } : { start: statement.node.start, end: Math.min(statement.node.end, statement.node.start + 1) };
}
