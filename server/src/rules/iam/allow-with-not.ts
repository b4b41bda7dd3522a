import { defineRule, keyRange } from '../../engine/rule';
import { property, scalarText } from '../../parse/tree';

export default defineRule({
  meta: {
    id: 'iam/allow-with-not',
    scope: 'policy',
    severity: 'warning',
    summary: 'Allow with `NotAction` or `NotPrincipal` grants everything that is not listed',
    description:
      '`"Effect": "Allow"` with `NotAction` allows every action except the ones listed, including actions of services ' +
      'you never meant to grant and actions AWS adds later. `Allow` with `NotPrincipal` in a resource-based policy ' +
      'allows everyone except the principals listed, anonymous users included. Both are almost always meant as a ' +
      '`Deny` with `NotAction`/`NotPrincipal`, or as an `Allow` that lists what it grants. (`NotPrincipal` in an ' +
      'identity policy or a role trust policy is an error of its own, reported by `iam/principal-in-identity-policy` ' +
      'and `iam/resource-in-trust-policy`.)',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
    accessAnalyzer: ['ALLOW_WITH_NOT_PRINCIPAL'],
    messages: {
      notAction: 'Allow with NotAction grants every action except those listed, including actions AWS adds later: list the actions to allow, or use Deny.',
      notPrincipal: 'Allow with NotPrincipal grants everyone except the principals listed, anonymous users included: name the principals to allow in Principal.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Deny", "NotAction": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"] }]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "NotAction": "s3:DeleteObject", "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"] }]\n}\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    for (const policy of doc.policies) {
      if (policy.kind === 'trust') continue;
      for (const statement of policy.statements) {
        if (scalarText(property(statement.node, 'Effect')?.value) !== 'Allow') continue;
        const notAction = property(statement.node, 'NotAction');
        if (notAction) report(keyRange(notAction), 'notAction');
        const notPrincipal = property(statement.node, 'NotPrincipal');
        if (notPrincipal && policy.kind === 'resource') report(keyRange(notPrincipal), 'notPrincipal');
      }
    }
  },
});
