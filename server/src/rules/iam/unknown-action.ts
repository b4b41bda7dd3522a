import { defineRule } from '../../engine/rule';
import { matchesSomeAction } from '../../iam/action-existence';
import { catalog } from '../../iam/catalog';
import { hasWildcard } from '../../iam/wildcard';
import { child } from '../../parse/tree';
import { elementStrings, isResolved } from '../../model/values';

export default defineRule({
  meta: {
    id: 'iam/unknown-action',
    scope: 'policy',
    // A warning: IAM and CloudFormation accept any action name (Access Analyzer's INVALID_ACTION does not stop a
    // deployment), and actions of services AWS has retired stay in policies attached today.
    severity: 'warning',
    summary: 'The action does not exist in its service',
    description:
      'IAM accepts any action name, so a misspelt one (`s3:GetObjects`, `lambda:InvokeFunctions`) is stored without ' +
      'complaint and grants nothing: the code then fails with AccessDenied at run time. A wildcard that matches no ' +
      'action of its service (`lambda:Invok*Url`) is the same mistake. Action names are case-insensitive, so ' +
      '`s3:getobject` is valid and not reported. The quick fix offers the closest actions of the service, in their ' +
      'canonical case; it is a suggestion, because a near name (`PutObject` for `GetObject`) can be a different ' +
      'permission. It is a warning, not an error: the policy deploys, and an action of a service AWS has retired ' +
      'is still valid to IAM. Services that are themselves unknown are `iam/unknown-service`.',
    source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
    accessAnalyzer: ['INVALID_ACTION'],
    fix: 'suggestion',
    messages: {
      unknown: 'IAM accepts "{{action}}", but it is not an action of {{service}}, so it grants nothing.',
      didYouMean: 'IAM accepts "{{action}}", but it is not an action of {{service}}: did you mean "{{suggestion}}"?',
      noMatch: 'IAM accepts the wildcard "{{action}}", but it matches no action of {{service}}.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:getobjecttagging"], "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
          fixed: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    const iam = catalog();
    for (const policy of doc.policies) {
      for (const statement of policy.statements) {
        for (const key of ['Action', 'NotAction']) {
          for (const v of elementStrings(child(statement.node, key))) {
            if (!isResolved(v.text)) continue;
            const colon = v.text.indexOf(':');
            // No prefix, or a prefix that names no service: iam/unknown-service.
            if (colon < 0) continue;
            const service = v.text.slice(0, colon);
            if (hasWildcard(service) ? !matchesSomeAction(`${service}:*`) : !iam.service(service)) continue;
            if (matchesSomeAction(v.text) || iam.seenInAwsManagedPolicies(v.text)) continue;
            const name = iam.service(service)?.name ?? `the services matching "${service}"`;
            if (hasWildcard(v.text)) {
              report(v.node, 'noMatch', { action: v.text, service: name });
              continue;
            }
            const suggestions = iam.suggest('action', v.text, 3).map((s) => s.value);
            if (suggestions.length === 0) {
              report(v.node, 'unknown', { action: v.text, service: name });
              continue;
            }
            const fixes = v.literal
              ? suggestions.map((s) => ({ title: `Change to "${s}"`, safe: false, edits: [fixer.replaceScalar(v.node, s)] }))
              : [];
            report(v.node, 'didYouMean', { action: v.text, service: name, suggestion: suggestions.join('" or "') }, fixes);
          }
        }
      }
    }
  },
});
