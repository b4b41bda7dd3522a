import { defineRule, keyRange, type Fix } from '../../engine/rule';
import { catalog, type ConditionKeyRecord } from '../../iam/catalog';
import { lookupConditionKey } from '../../iam/condition-key-lookup';
import { statementConditions } from '../../model/statement-conditions';
import type { ObjectNode, Property } from '../../parse/tree';
import type { Fixer } from '../../engine/fixer';

const policy = (key: string) =>
  `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::reports-bucket/*",\n      "Condition": { "StringEquals": { "${key}": "o-a1b2c3d4e5" } }\n    }\n  ]\n}\n`;

// `aws:ARN` was never a usable key: Access Analyzer reports it as UNSUPPORTED_GLOBAL_CONDITION_KEY (an error) and as
// DEPRECATED_GLOBAL_CONDITION_KEY (a warning), both recommending aws:PrincipalArn or aws:SourceArn.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-unsupported-global-condition-key
const UNSUPPORTED_GLOBAL_KEYS: Readonly<Record<string, readonly string[]>> = { 'aws:arn': ['aws:PrincipalArn', 'aws:SourceArn'] };

export default defineRule({
  meta: {
    id: 'iam/unknown-condition-key',
    scope: 'policy',
    // A warning: IAM stores a condition on any key (AWS's own AWSServiceRoleForLogDeliveryPolicy v1 has
    // `firehose:ResourceTag/…`, AmazonEC2SpotFleetTaggingRole v1 `PassedToService`); the condition just never matches.
    severity: 'warning',
    summary: 'Unknown global (`aws:`) or service condition key, or a tag key without its tag name',
    description:
      'A condition on a key that does not exist never finds it in the request context: the condition is silently ' +
      'false (or true for negated operators, `…IfExists` and `ForAllValues`), which either blocks what you meant to ' +
      'allow or lets through what you meant to restrict. Key names are case-insensitive, so only spelling counts. ' +
      'Global keys (`aws:`) and the keys of every service come from the Service Authorization Reference; keys of ' +
      'identity providers (`saml:`, `accounts.google.com:aud`, `token.actions.githubusercontent.com:sub`, any OIDC ' +
      'provider host such as `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub`) are never reported. Tag keys need ' +
      'the tag name: `aws:RequestTag/Team`, not `aws:RequestTag`. IAM accepts a condition on any key, so these are ' +
      'warnings: the policy deploys, and does something else than it says.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
    accessAnalyzer: [
      'INVALID_GLOBAL_CONDITION_KEY',
      'INVALID_SERVICE_CONDITION_KEY',
      'INVALID_CONDITION_KEY_FORMAT',
      'UNSUPPORTED_GLOBAL_CONDITION_KEY',
      'DEPRECATED_GLOBAL_CONDITION_KEY',
      'MISSING_TAG_KEY_IN_CONDITION',
    ],
    fix: 'suggestion',
    messages: {
      invalidFormat: 'IAM accepts it, but condition key "{{key}}" is not of the form prefix:name (for example "aws:SourceArn" or "s3:prefix"), so no request has it.',
      unknownGlobal: 'IAM accepts it, but "{{key}}" is not a global condition key, so no request has it.',
      unknownGlobalDidYouMean: 'IAM accepts it, but "{{key}}" is not a global condition key: did you mean "{{suggestion}}"?',
      unknownService: 'IAM accepts it, but "{{key}}" is not a condition key of the service "{{service}}", so no request has it.',
      unknownServiceDidYouMean: 'IAM accepts it, but "{{key}}" is not a condition key of the service "{{service}}": did you mean "{{suggestion}}"?',
      unknownPrefix: 'IAM accepts it, but "{{prefix}}" is not a service prefix: did you mean "{{suggestion}}"?',
      missingTagKey: 'IAM accepts it, but no request has "{{key}}": it must end with the tag (or context) key it tests, as in "{{pattern}}".',
      unsupportedGlobal: 'IAM accepts it, but "{{key}}" is not supported, so no request has it: use "{{suggestion}}".',
    },
    examples: {
      valid: [{ file: 'policy.json', code: policy('aws:PrincipalOrgID') }],
      invalid: [
        { file: 'policy.json', code: policy('aws:PrincipleOrgID'), fixed: policy('aws:PrincipalOrgID') },
        {
          file: 'template.yaml',
          code:
            'Resources:\n  TaggingPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: lambda:TagResource\n            Resource: !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders\n            Condition:\n              StringEquals:\n                aws:RequestTag: finance\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      for (const statement of policy.statements) {
        for (const { block, keyProperty } of statementConditions(statement).entries) {
          const key = keyProperty.key;
          // A key built by a template (`Fn::ForEach`, a `${Param}:sub` provider key) is not ours to judge.
          if (key.includes('${')) continue;
          const colon = key.indexOf(':');
          if (colon <= 0 || colon === key.length - 1 || /\s/.test(key.slice(0, colon))) {
            report(keyRange(keyProperty), 'invalidFormat', { key });
            continue;
          }
          const prefix = key.slice(0, colon).toLowerCase();
          const unsupported = UNSUPPORTED_GLOBAL_KEYS[key.toLowerCase()];
          if (unsupported) {
            report(keyRange(keyProperty), 'unsupportedGlobal', { key, suggestion: unsupported.join('" or "') }, renames(fixer, block, keyProperty, unsupported));
            continue;
          }
          if (lookupConditionKey(key)) continue;
          const isGlobal = prefix === 'aws';
          const service = isGlobal ? undefined : catalog().service(prefix);
          // Identity providers and vendors define keys under their own prefixes (`saml:`, any OIDC provider host):
          // only AWS's own prefixes are closed lists.
          if (!isGlobal && !service) {
            checkPrefix(key, prefix, keyProperty, block, report, fixer);
            continue;
          }
          const pattern = missingTagKeyPattern(key);
          if (pattern) {
            report(keyRange(keyProperty), 'missingTagKey', { key, pattern: pattern.name.replace(/\$\{([^}]+)\}|<([^>]+)>/, (_, a: string | undefined, b: string | undefined) => `<${a ?? b}>`) });
            continue;
          }
          const suggestions = catalog()
            .suggest('conditionKey', key)
            .filter((s) => s.value.toLowerCase().startsWith(`${prefix}:`))
            .map((s) => s.value);
          const best = suggestions.slice(0, 1);
          if (isGlobal) {
            if (best.length > 0) report(keyRange(keyProperty), 'unknownGlobalDidYouMean', { key, suggestion: best[0] }, renames(fixer, block, keyProperty, best));
            else report(keyRange(keyProperty), 'unknownGlobal', { key });
          } else if (best.length > 0) {
            report(keyRange(keyProperty), 'unknownServiceDidYouMean', { key, service: service!.prefix, suggestion: best[0] }, renames(fixer, block, keyProperty, best));
          } else {
            report(keyRange(keyProperty), 'unknownService', { key, service: service!.prefix });
          }
        }
      }
    }
  },
});

/** A prefix that is neither `aws` nor a service: reported only when it is a near miss of a service prefix (`lamda:`). */
function checkPrefix(
  key: string,
  prefix: string,
  keyProperty: Property,
  block: ObjectNode,
  report: (range: { start: number; end: number }, id: string, data: Record<string, string>, fixes?: Fix[]) => void,
  fixer: Fixer,
): void {
  if (/[./]/.test(prefix)) return;
  const suggestions = catalog().suggest('conditionKey', key);
  if (suggestions.length === 0 || suggestions.some((s) => s.value.toLowerCase().startsWith(`${prefix}:`))) return;
  const best = suggestions[0]!.value;
  const suggestedPrefix = best.slice(0, best.indexOf(':'));
  if (!catalog().service(suggestedPrefix) && suggestedPrefix !== 'aws') return;
  report(keyRange(keyProperty), 'unknownPrefix', { prefix: key.slice(0, key.indexOf(':')), suggestion: best }, renames(fixer, block, keyProperty, [best]));
}

/** `aws:RequestTag`, `aws:RequestTag/`, `s3:ExistingObjectTag`: a key whose name needs a tag (or context) key after it. */
function missingTagKeyPattern(key: string): ConditionKeyRecord | undefined {
  const probes = /[/:]$/.test(key) ? [`${key}x`] : [`${key}/x`, `${key}:x`];
  for (const probe of probes) {
    const record = lookupConditionKey(probe);
    if (record?.pattern && record.name.toLowerCase().startsWith(probe.slice(0, -1).toLowerCase())) return record;
  }
  return undefined;
}

function renames(fixer: Fixer, block: ObjectNode, p: Property, names: readonly string[]): Fix[] {
  const taken = new Set(block.properties.map((q) => q.key.toLowerCase()));
  return names.filter((n) => !taken.has(n.toLowerCase())).map((name) => ({ title: `Rename to "${name}"`, safe: false, edits: [fixer.renameKey(p, name)] }));
}
