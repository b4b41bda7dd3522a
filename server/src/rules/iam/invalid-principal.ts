import { defineRule, keyRange, type Fix, type RuleContext } from '../../engine/rule';
import { parseArn } from '../../iam/arn';
import { hasWildcard, wildcardsOverlap } from '../../iam/wildcard';
import { coversAction } from '../../model/covers-action';
import type { PolicyView, StatementView } from '../../model/policy';
import { PRINCIPAL_TYPES, principalForms, principalValues, type PrincipalValue } from '../../model/statement-principals';
import { elementStrings, isResolved } from '../../model/values';
import { child, scalarText } from '../../parse/tree';

const EXAMPLE = '{"AWS": "arn:aws:iam::123456789012:root"} or {"Service": "lambda.amazonaws.com"}';
/** IAM unique ids (`AIDA…` users, `AROA…` roles): IAM shows them in place of a deleted principal's ARN and accepts them. */
const UNIQUE_ID = /^A[A-Z]{3}[A-Z0-9]{12,}$/;
/** CloudFront origin access identities keep the legacy form with `cloudfront` in the account field. */
const CLOUDFRONT_OAI = /^arn:aws[a-z-]*:iam::cloudfront:user\/CloudFront Origin Access Identity [A-Z0-9]+$/;
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;
const ROLES_ANYWHERE = 'rolesanywhere.amazonaws.com';
const ROLES_ANYWHERE_ACTIONS = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];

export default defineRule({
  meta: {
    id: 'iam/invalid-principal',
    scope: 'policy',
    severity: 'error',
    summary: 'Principal that IAM rejects: unknown type key, malformed account ID or ARN, wildcards, `*` in a trust policy',
    description:
      'A `Principal` (or `NotPrincipal`) is `"*"` or a map from a principal type (`AWS`, `Service`, `Federated`, ' +
      '`CanonicalUser`, case-sensitive) to one value or a list. `AWS` takes a 12-digit account ID or the ARN of an ' +
      'account root, IAM role, IAM user, assumed-role session or federated user; IAM groups are not principals. ' +
      'Wildcards are not allowed inside principal values (`arn:aws:iam::*:role/x`): use `"*"` with an `aws:PrincipalArn` ' +
      'condition instead. A role trust policy cannot use `"Principal": "*"`. In a trust policy, `sts:AssumeRoleWithSAML` ' +
      'needs a SAML provider, `sts:AssumeRoleWithWebIdentity` an OIDC provider, and the `rolesanywhere.amazonaws.com` ' +
      'principal needs `sts:AssumeRole`, `sts:TagSession` and `sts:SetSourceIdentity`. IAM (and so CloudFormation) ' +
      'rejects every one of these. In YAML, an account ID that starts with 0 and has only the digits 0-7 must be ' +
      'quoted: unquoted, CloudFormation (YAML 1.1) reads it as an octal number and loses its digits. Values built by `!Sub`/`!Ref` are judged only where they are written out. Service ' +
      'principal names are checked by `iam/unknown-service-principal`.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    accessAnalyzer: [
      'INVALID_PRINCIPAL_KEY',
      'INVALID_PRINCIPAL_FORMAT',
      'UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
      'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
      'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY',
      'FEDERATED_PRINCIPAL_NOT_SUPPORTED',
      'MISMATCHED_ACTION_FOR_PRINCIPAL',
      'MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY',
    ],
    fix: 'safe',
    messages: {
      notAMap: '{{element}} must be "*" or a map of principal types to values, such as ' + EXAMPLE + '.',
      invalidKey: '"{{key}}" is not a principal type: use AWS, Service, Federated or CanonicalUser (case-sensitive).',
      notAString: 'A principal is a string (an account ID, an ARN, a service or provider name), not a {{kind}}.',
      wildcard: 'Wildcards are not allowed in a {{type}} principal ("{{value}}"): name the principals, or use "*" with a condition such as ArnLike aws:PrincipalArn.',
      trustWildcard: '"Principal": "*" is not allowed in a role trust policy: name who may assume the role.',
      accountId: '"{{value}}" is not an AWS account ID: account IDs are 12 digits.',
      yamlNumber: 'The account ID {{value}} is a YAML number with a leading zero, which CloudFormation reads as a number without the zero: quote it.',
      principalArn: '"{{value}}" is not a principal ARN: {{reason}}',
      awsFormat: '"{{value}}" is not an AWS principal: use a 12-digit account ID or the ARN of an account root, IAM role or user, assumed-role session or federated user.',
      federatedFormat: '"{{value}}" is not a federated principal: use a SAML or OIDC provider ARN (arn:aws:iam::123456789012:saml-provider/Name, …:oidc-provider/host) or a provider domain such as cognito-identity.amazonaws.com.',
      federatedNotSupported: 'A Federated principal is only valid in a role trust policy: in this resource-based policy, name the role that federated users assume.',
      canonicalUser: '"{{value}}" is not an S3 canonical user ID (64 hexadecimal characters).',
      mismatchedAction: '{{action}} cannot be called by {{principals}}: {{expected}}.',
      rolesAnywhere: 'The rolesanywhere.amazonaws.com principal needs sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity; this policy does not allow {{missing}}.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "AWS": ["123456789012", "arn:aws:iam::123456789012:role/reader"] },\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::my-bucket/*"\n    }\n  ]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "AWS": "arn:aws:iam::123456789012:role/*" },\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::my-bucket/*"\n    }\n  ]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ReaderRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: 012345670123\n            Action: sts:AssumeRole\n',
          fixed:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ReaderRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: \'012345670123\'\n            Action: sts:AssumeRole\n',
        },
      ],
    },
  },
  check(context) {
    for (const policy of context.doc.policies) {
      // In an identity policy the whole element is wrong: iam/principal-in-identity-policy says so, once.
      if (policy.kind === 'identity') continue;
      for (const statement of policy.statements) {
        checkForms(context, policy, statement);
        for (const value of principalValues(statement)) {
          if (policy.kind === 'trust' && value.element === 'NotPrincipal') continue; // iam/resource-in-trust-policy
          checkValue(context, policy, statement, value);
        }
        if (policy.kind === 'trust') checkTrustActions(context, statement);
      }
      if (policy.kind === 'trust') checkRolesAnywhere(context, policy);
    }
  },
});

function checkForms({ report, fixer, doc }: RuleContext, policy: PolicyView, statement: StatementView): void {
  for (const form of principalForms(statement)) {
    if (policy.kind === 'trust' && form.element === 'NotPrincipal') continue;
    const node = form.node;
    if (node.type === 'intrinsic') continue;
    if (node.type === 'object') {
      const present = new Set(node.properties.map((p) => p.key));
      for (const p of node.properties) {
        if ((PRINCIPAL_TYPES as readonly string[]).includes(p.key)) continue;
        const meant = PRINCIPAL_TYPES.find((t) => t.toLowerCase() === p.key.toLowerCase());
        const fixes: Fix[] = meant && !present.has(meant) ? [{ title: `Rename to "${meant}"`, safe: true, edits: [fixer.renameKey(p, meant)] }] : [];
        report(keyRange(p), 'invalidKey', { key: p.key }, fixes);
      }
      continue;
    }
    if (scalarText(node) === '*' && node.type === 'string') {
      if (policy.kind === 'trust') report(node, 'trustWildcard');
      continue;
    }
    report(node, 'notAMap', { element: form.element, value: doc.text.slice(node.start, node.end) });
  }
}

function checkValue({ report, fixer, doc }: RuleContext, policy: PolicyView, statement: StatementView, value: PrincipalValue): void {
  const type = value.type;
  if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) return;
  const node = value.node;
  if (node.type === 'object' || node.type === 'array' || node.type === 'boolean') {
    report(node, 'notAString', { kind: node.type === 'boolean' ? 'boolean' : node.type === 'array' ? 'list' : 'map' });
    return;
  }
  const text = value.text;
  if (hasWildcard(text)) {
    // {"AWS": "*"} is everyone (iam/public-principal judges it); any other wildcard is rejected.
    if (!(type === 'AWS' && text === '*')) report(node, 'wildcard', { type, value: text });
    return;
  }
  if (!isResolved(text)) return;
  switch (type) {
    case 'AWS': {
      if (node.type === 'number' && doc.format === 'yaml' && /^0\d{11}$/.test(text)) {
        report(node, 'yamlNumber', { value: text }, [{ title: `Quote the account ID: '${text}'`, safe: true, edits: [fixer.replaceScalar(node, text)] }]);
        return;
      }
      const problem = awsPrincipalProblem(text);
      if (problem) report(node, problem.messageId, { value: text, reason: problem.reason ?? '' });
      return;
    }
    case 'Federated':
      if (!isFederatedPrincipal(text)) report(node, 'federatedFormat', { value: text });
      else if (policy.kind === 'resource' && !namesStsAction(statement)) report(node, 'federatedNotSupported');
      return;
    case 'CanonicalUser':
      if (!/^[0-9a-f]{64}$/i.test(text)) report(node, 'canonicalUser', { value: text });
      return;
  }
}

function awsPrincipalProblem(text: string): { messageId: string; reason?: string } | undefined {
  if (/^\d{12}$/.test(text) || UNIQUE_ID.test(text) || CLOUDFRONT_OAI.test(text)) return undefined;
  if (/^\d+$/.test(text)) return { messageId: 'accountId' };
  if (!text.startsWith('arn:')) return { messageId: 'awsFormat' };
  const parsed = parseArn(text);
  if (!parsed.ok) return { messageId: 'principalArn', reason: parsed.error.message };
  const { arn } = parsed;
  if (arn.service !== 'iam' && arn.service !== 'sts') {
    return { messageId: 'principalArn', reason: `a principal is an IAM or STS ARN, not an ARN of ${arn.service}.` };
  }
  if (arn.region !== '') return { messageId: 'principalArn', reason: `${arn.service.toUpperCase()} ARNs have no Region.` };
  if (!/^\d{12}$/.test(arn.account)) return { messageId: 'principalArn', reason: 'the account field must be a 12-digit account ID.' };
  const r = arn.resource;
  if (arn.service === 'iam') {
    if (r === 'root' || /^(user|role)\/.+/.test(r)) return undefined;
    if (r.startsWith('group/')) return { messageId: 'principalArn', reason: 'an IAM group cannot be a principal; name its users or a role.' };
    return { messageId: 'principalArn', reason: 'an IAM principal ARN names the account root, a role or a user.' };
  }
  if (/^assumed-role\/[^/]+\/.+/.test(r) || /^federated-user\/.+/.test(r)) return undefined;
  return { messageId: 'principalArn', reason: 'an STS principal ARN names an assumed-role session (assumed-role/role/session) or a federated user.' };
}

function isFederatedPrincipal(text: string): boolean {
  if (!text.startsWith('arn:')) return DOMAIN.test(text);
  const parsed = parseArn(text);
  return parsed.ok && parsed.arn.service === 'iam' && /^\d{12}$/.test(parsed.arn.account) && /^(saml-provider\/.+|oidc-provider\/.+)$/.test(parsed.arn.resource);
}

/** A statement that mentions an `sts:` action may be a trust statement detected as resource-based: not judged. */
function namesStsAction(statement: StatementView): boolean {
  const action = child(statement.node, 'Action');
  if (action === undefined) return true; // NotAction (or none): may well include sts: actions
  return elementStrings(action).some((v) => !isResolved(v.text) || wildcardsOverlap(v.text, 'sts:*', { ignoreCase: true }));
}

type PrincipalClass = 'saml' | 'oidc' | 'aws' | 'service' | 'unknown';

function classify(value: PrincipalValue): PrincipalClass {
  if (!isResolved(value.text)) return 'unknown';
  switch (value.type) {
    case 'Federated':
      return /:saml-provider\//.test(value.text) ? 'saml' : 'oidc';
    case 'Service':
      return 'service';
    case 'AWS':
      return 'aws';
    default:
      return 'unknown';
  }
}

const EXPECTED: Record<string, { fits: PrincipalClass[]; text: string }> = {
  'sts:assumerolewithsaml': { fits: ['saml'], text: 'it needs a SAML provider ARN in Federated' },
  'sts:assumerolewithwebidentity': { fits: ['oidc'], text: 'it needs an OIDC provider (an oidc-provider ARN, or a provider domain such as cognito-identity.amazonaws.com) in Federated' },
  'sts:assumerole': { fits: ['aws', 'service'], text: 'federated users assume roles with sts:AssumeRoleWithSAML or sts:AssumeRoleWithWebIdentity' },
};

/** https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html and …WithWebIdentity.html */
function checkTrustActions({ report }: RuleContext, statement: StatementView): void {
  const values = principalValues(statement).filter((v) => v.element === 'Principal' && (PRINCIPAL_TYPES as readonly string[]).includes(v.type));
  if (values.length === 0 || principalForms(statement).some((f) => f.element === 'Principal' && f.node.type !== 'object')) return;
  const classes = new Set(values.map(classify));
  if (classes.has('unknown')) return;
  const actions = elementStrings(child(statement.node, 'Action'));
  if (actions.some((a) => !isResolved(a.text) || hasWildcard(a.text))) return;
  const assumeFamily = actions.filter((a) => /^sts:AssumeRole/i.test(a.text));
  for (const a of assumeFamily) {
    const expected = EXPECTED[a.text.toLowerCase()];
    if (!expected || expected.fits.some((c) => classes.has(c))) continue;
    // sts:AssumeRole beside a federated action in a federated-only statement is dead weight, not an error.
    if (a.text.toLowerCase() === 'sts:assumerole' && assumeFamily.length > 1) continue;
    report(a.node, 'mismatchedAction', { action: a.text, principals: values.map((v) => v.text).join(', '), expected: expected.text });
  }
}

/** https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html#trust-policy */
function checkRolesAnywhere({ report }: RuleContext, policy: PolicyView): void {
  let first: PrincipalValue | undefined;
  const covered = new Set<string>();
  for (const statement of policy.statements) {
    if (scalarText(child(statement.node, 'Effect')) !== 'Allow') continue;
    const principal = principalValues(statement).find((v) => v.element === 'Principal' && v.type === 'Service' && v.text === ROLES_ANYWHERE);
    if (!principal) continue;
    if (elementStrings(child(statement.node, 'Action') ?? child(statement.node, 'NotAction')).some((v) => !isResolved(v.text))) return;
    first ??= principal;
    for (const action of ROLES_ANYWHERE_ACTIONS) if (coversAction(statement, action)) covered.add(action);
  }
  const missing = ROLES_ANYWHERE_ACTIONS.filter((a) => !covered.has(a));
  if (first && missing.length > 0) report(first.node, 'rolesAnywhere', { missing: missing.join(', ') });
}
