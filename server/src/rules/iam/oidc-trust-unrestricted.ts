import { defineRule } from '../../engine/rule';
import { requiresValue } from '../../model/condition-requirement';
import { statementConditions } from '../../model/statement-conditions';
import { principalValues } from '../../model/statement-principals';
import { isResolved } from '../../model/values';
import { child, scalarText } from '../../parse/tree';

const GITHUB = 'token.actions.githubusercontent.com';
const COGNITO = 'cognito-identity.amazonaws.com';

export default defineRule({
  meta: {
    id: 'iam/oidc-trust-unrestricted',
    scope: 'policy',
    severity: 'warning',
    summary: 'A role trusts an OIDC provider (GitHub Actions, Cognito, EKS, …) without conditions on its tokens',
    description:
      'Trusting an OpenID Connect provider trusts every token it signs. GitHub\'s provider ' +
      '(`token.actions.githubusercontent.com`) signs tokens for every workflow of every repository on GitHub, so a ' +
      'role that checks no `token.actions.githubusercontent.com:sub` can be assumed from anyone\'s repository (a ' +
      'wildcard in the subject is reported by `iam/weak-condition`). A Cognito identity pool role must check ' +
      '`cognito-identity.amazonaws.com:aud` (the identity pool ID), or identities from any pool can assume it; other ' +
      'providers (EKS service accounts, Google, your own IdP) need at least one condition on a claim of that ' +
      'provider (`<provider>:sub`, `<provider>:aud`). Conditions with `…IfExists`, `ForAllValues:` or negated ' +
      'operators do not count: they pass when the claim is missing.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub',
    accessAnalyzer: ['MISSING_GITHUB_REPO_CONDITION_KEY', 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL'],
    messages: {
      githubNoSubject: 'Any GitHub repository can assume this role: add a condition on token.actions.githubusercontent.com:sub naming your repository (for example StringLike "repo:my-org/my-repo:ref:refs/heads/main").',
      cognitoNoAudience: 'Identities of any Cognito identity pool can assume this role: add a StringEquals condition on cognito-identity.amazonaws.com:aud with your identity pool ID.',
      noCondition: 'Any token {{provider}} issues can assume this role: add a condition on the provider\'s claims, such as {{provider}}:sub or {{provider}}:aud.',
    },
    examples: {
      valid: [
        {
          file: 'trust-policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },\n      "Action": "sts:AssumeRoleWithWebIdentity",\n      "Condition": {\n        "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },\n        "StringLike": { "token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:ref:refs/heads/main" }\n      }\n    }\n  ]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'trust-policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },\n      "Action": "sts:AssumeRoleWithWebIdentity",\n      "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }\n    }\n  ]\n}\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    for (const policy of doc.policies) {
      if (policy.kind !== 'trust') continue;
      for (const statement of policy.statements) {
        if (scalarText(child(statement.node, 'Effect')) !== 'Allow') continue;
        const conditions = statementConditions(statement);
        if (conditions.opaque) continue;
        for (const value of principalValues(statement)) {
          if (value.element !== 'Principal' || value.type !== 'Federated') continue;
          const written = oidcProvider(value.text);
          if (!written) continue;
          const provider = written.toLowerCase();
          const claims = (claim?: string) =>
            conditions.entries.filter((e) => requiresValue(e) && (claim ? e.key.toLowerCase() === `${provider}:${claim}` : e.key.toLowerCase().startsWith(`${provider}:`)));
          if (provider === GITHUB) {
            // A wildcard in the subject is iam/weak-condition's finding (SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED).
            if (claims('sub').length === 0) report(value.node, 'githubNoSubject');
          } else if (provider === COGNITO) {
            if (claims('aud').length === 0) report(value.node, 'cognitoNoAudience');
          } else if (claims().length === 0) {
            report(value.node, 'noCondition', { provider: written });
          }
        }
      }
    }
  },
});

/** The provider host whose claims condition keys are prefixed with, for an OIDC (not SAML) federated principal. */
function oidcProvider(text: string): string | undefined {
  if (!text.startsWith('arn:')) return isResolved(text) && text.includes('.') ? text : undefined;
  const m = /:oidc-provider\/(.+)$/.exec(text);
  return m && isResolved(m[1]) ? m[1] : undefined;
}
