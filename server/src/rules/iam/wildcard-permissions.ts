import { defineRule } from '../../engine/rule';
import { catalog } from '../../iam/catalog';
import { elementStrings } from '../../model/values';
import { child, scalarText } from '../../parse/tree';

export default defineRule({
  meta: {
    id: 'iam/wildcard-permissions',
    scope: 'policy',
    severity: 'warning',
    summary: 'Allow every action (`*`) or every action of a service (`s3:*`) on every resource',
    description:
      '`"Action": "*"` with `"Resource": "*"` is administrator access, and `"Action": "dynamodb:*"` with ' +
      '`"Resource": "*"` lets the code delete every table in the account, change its backups and its resource ' +
      'policies. Grant the actions the code calls, on the resources it uses: least privilege limits what a bug or a ' +
      'leaked credential can do. Conditions do not make this finding go away: they narrow who or when, not what. ' +
      'Role trust policies and resource-based policies are not checked (there `"Resource": "*"` is the role, key, queue ' +
      'or topic itself: KMS\'s default key policy gives the account `kms:*` on `*`), nor `NotAction` ' +
      '(`iam/allow-with-not`).',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    messages: {
      all: 'Allow "{{action}}" on "Resource": "*" grants every action on every resource (administrator access).',
      service: 'Allow "{{action}}" on "Resource": "*" grants every {{service}} action on every resource: list the actions the code needs.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"], "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders" }]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "dynamodb:*", "Resource": "*" }]\n}\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    for (const policy of doc.policies) {
      // In a resource-based policy `"Resource": "*"` is the resource itself (a key policy's `kms:*` for the account
      // is KMS's default key policy); who gets the grant is iam/public-principal's question.
      if (policy.kind !== 'identity') continue;
      for (const statement of policy.statements) {
        if (scalarText(child(statement.node, 'Effect')) !== 'Allow') continue;
        if (!elementStrings(child(statement.node, 'Resource')).some((v) => v.text === '*')) continue;
        for (const v of elementStrings(child(statement.node, 'Action'))) {
          const m = /^([^:*?]+):\*$/.exec(v.text);
          if (v.text === '*' || v.text === '*:*') report(v.node, 'all', { action: v.text });
          else if (m && catalog().service(m[1]!)) report(v.node, 'service', { action: v.text, service: catalog().service(m[1]!)!.name });
        }
      }
    }
  },
});
