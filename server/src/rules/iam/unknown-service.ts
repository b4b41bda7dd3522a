import { defineRule, type Fix } from '../../engine/rule';
import { matchesSomeAction } from '../../iam/action-existence';
import { catalog } from '../../iam/catalog';
import { hasWildcard } from '../../iam/wildcard';
import { child } from '../../parse/tree';
import { valueOffsets } from '../../model/value-offsets';
import { elementStrings, isResolved } from '../../model/values';

export default defineRule({
  meta: {
    id: 'iam/unknown-service',
    scope: 'policy',
    // IAM accepts any `prefix:Name` (a retired service's actions stay valid), so an unknown prefix is a warning; an
    // action without a prefix is rejected by IAM and stays an error (messageSeverity below).
    severity: 'warning',
    summary: 'The service prefix of an action is not an AWS service',
    description:
      'An action is written `service:ActionName`, and the service prefix must be one AWS defines (`dynamodb`, ' +
      '`lambda`, `s3`, …): an action of an unknown service matches nothing, so a typo such as `dyanmodb:PutItem` ' +
      'silently grants (or denies) nothing. A wildcard prefix that matches no service (`lamda*:*`) is the same ' +
      'mistake. These are warnings: IAM accepts any prefix, and the prefixes of services AWS has retired are still ' +
      'valid in policies attached today. An action without a prefix is an error: IAM rejects it ("Actions must be ' +
      'prefaced by a vendor"). The quick ' +
      'fix replaces the prefix with the one close service that has the action; it is offered as a safe fix only when ' +
      'there is exactly one such service.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html',
    accessAnalyzer: ['INVALID_SERVICE', 'INVALID_SERVICE_IN_ACTION'],
    fix: 'safe',
    messages: {
      unknown: 'IAM accepts "{{action}}", but "{{service}}" is not a current AWS service prefix, so it matches no action.',
      didYouMean: 'IAM accepts "{{action}}", but "{{service}}" is not an AWS service prefix: did you mean "{{suggestion}}"?',
      noMatchingService: 'IAM accepts "{{action}}", but the wildcard service prefix "{{service}}" matches no AWS service.',
      missingPrefix: '"{{action}}" has no service prefix: write an action as service:ActionName (or "*" for every action).',
    },
    messageSeverity: { missingPrefix: 'error' },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders" }]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "dyanmodb:PutItem", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders" }]\n}\n',
          fixed: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders" }]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  Writer:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: dyanmodb:PutItem\n              Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders\n',
          fixed:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  Writer:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: dynamodb:PutItem\n              Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders\n',
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
            if (!isResolved(v.text) || v.text === '*') continue;
            const colon = v.text.indexOf(':');
            if (colon < 0) {
              report(v.node, 'missingPrefix', { action: v.text });
              continue;
            }
            const service = v.text.slice(0, colon);
            const rest = v.text.slice(colon);
            if (hasWildcard(service)) {
              if (matchesSomeAction(`${service}:*`)) continue;
              report(v.node, 'noMatchingService', { service, action: v.text });
              continue;
            }
            if (iam.service(service) || iam.seenInAwsManagedPolicies(service)) continue;
            // Only services that have the action: `dyanmodb:PutItem` is meant for dynamodb, not for a service named alike.
            const candidates = iam
              .suggest('service', service, 5)
              .map((s) => s.value)
              .filter((prefix) => matchesSomeAction(prefix + rest));
            if (candidates.length === 0) {
              report(v.node, 'unknown', { service, action: v.text });
              continue;
            }
            // Only the service part is rewritten where the scalar spells its value verbatim; otherwise the whole scalar.
            const offsets = v.literal && v.node.type === 'string' ? valueOffsets(v.node, doc.text) : undefined;
            const fixes: Fix[] = v.literal
              ? candidates.map((prefix) => ({
                  title: `Change to "${prefix}${rest}"`,
                  safe: candidates.length === 1,
                  edits: [offsets ? { start: offsets[0]!, end: offsets[colon]!, newText: prefix } : fixer.replaceScalar(v.node, prefix + rest)],
                }))
              : [];
            report(v.node, 'didYouMean', { service, action: v.text, suggestion: candidates.map((c) => c + rest).join('" or "') }, fixes);
          }
        }
      }
    }
  },
});
