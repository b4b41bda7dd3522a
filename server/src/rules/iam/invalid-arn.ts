import { defineRule, type Range } from '../../engine/rule';
import { ARN_PARTITIONS, parseArn, type Arn, type ArnErrorReason } from '../../iam/arn';
import { arnFitsFormat, arnFormatsIn, formatsFitting } from '../../iam/arn-formats';
import { wildcardMatch } from '../../iam/wildcard';
import { valueOffsets } from '../../model/value-offsets';
import { elementStrings, type StringValue } from '../../model/values';
import { child } from '../../parse/tree';

// Resources AWS itself owns are written without an account (SSM documents `arn:aws:ssm:*::document/AWS-*`, public
// parameters `arn:aws:ssm:*::parameter/aws/service/*`, Resource Explorer service views), and the catalogue cannot
// tell them apart: a missing account is only reported in namespaces whose resources always belong to an account.
const ACCOUNT_REQUIRED = new Set(['lambda', 'iam', 'dynamodb', 'sqs', 'sns', 'logs', 'kinesis', 'states', 'events', 'secretsmanager']);

const PARSE_MESSAGES: Record<ArnErrorReason, string> = {
  'invalid-prefix': 'prefix',
  'missing-fields': 'missingFields',
  'unknown-partition': 'partition',
  'missing-service': 'missingField',
  'service-case': 'serviceCase',
  'invalid-service': 'service',
  'invalid-region': 'region',
  'invalid-account': 'account',
  'missing-resource': 'emptyResource',
};

export default defineRule({
  meta: {
    id: 'iam/invalid-arn',
    scope: 'policy',
    severity: 'error',
    summary: 'A Resource ARN is malformed: prefix, partition, service, Region or account',
    description:
      'A Resource is `*` or an ARN, `arn:partition:service:region:account:resource`. IAM stores a malformed ARN ' +
      'without complaint, and it then matches nothing: `arn:aws:S3:::bucket` (the service is lower case), ' +
      '`arn:aws:lambda:us-east-1:1234:function:f` (an account ID has 12 digits), `arn:aws:s3:us-east-1::my-bucket` ' +
      '(bucket ARNs have no Region) or `arn:aws:lambda::123456789012:function:f` (function ARNs need one). A Region or ' +
      'account where the service has none, or none where it needs one, is a warning: IAM and CloudFormation accept ' +
      'the policy, but the statement can never apply to that resource, so the permission it means to grant is missing; ' +
      'so is a Region or account that is not one, a service not in lower case and an empty resource. A Resource that ' +
      'is not an ARN, a wrong prefix, too few fields and an unknown partition are errors: IAM rejects the policy. Where a ' +
      'Region or account is allowed is read from the ARN formats of the Service Authorization Reference; a missing ' +
      'account is only reported for services whose resources always belong to an account (Lambda, IAM, DynamoDB, ' +
      'SQS, SNS, CloudWatch Logs, Kinesis, Step Functions, EventBridge, Secrets Manager), because resources AWS owns ' +
      'are written without one (`arn:aws:ssm:*::document/AWS-RunShellScript`). Wildcards are allowed in every field, ' +
      'a `*` ending the last field may run across colons, and policy variables and CloudFormation substitutions ' +
      '(`${AWS::Region}`) are never judged. Principal and condition ARNs are checked by the principal and condition ' +
      'rules.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html',
    accessAnalyzer: [
      'INVALID_ARN_PREFIX',
      'MISSING_ARN_FIELD',
      'INVALID_PARTITION',
      'INVALID_ARN_SERVICE_CASE',
      'INVALID_ARN_REGION',
      'INVALID_ARN_ACCOUNT',
      'ARN_REGION_NOT_ALLOWED',
      'ARN_ACCOUNT_NOT_ALLOWED',
      'MISSING_ARN_REGION',
      'MISSING_ARN_ACCOUNT',
    ],
    messages: {
      notArn: '"{{value}}" is not an ARN: a Resource is "*" or an ARN such as arn:aws:s3:::my-bucket/*.',
      prefix: 'An ARN starts with "arn:", not "{{prefix}}:".',
      missingFields: 'This ARN has {{count}} of the six fields arn:partition:service:region:account:resource.',
      missingField: 'The ARN has an empty {{field}}.',
      partition: '"{{partition}}" is not an AWS partition ({{partitions}}).',
      emptyResource: 'IAM accepts this ARN, but it can never match: its resource field is empty.',
      serviceCase: 'IAM accepts this ARN, but it can never match: the service in an ARN is lower case, "{{lower}}", not "{{service}}".',
      service: 'IAM accepts this ARN, but it can never match: "{{service}}" is not a service namespace (lower-case letters, digits and hyphens).',
      region: 'IAM accepts this ARN, but it can never match: "{{region}}" is not a Region code such as us-east-1.',
      account: 'IAM accepts this ARN, but it can never match: "{{account}}" is not an account ID, which has 12 digits.',
      regionNotAllowed: 'IAM accepts this ARN, but it can never match: {{service}} ARNs name no Region ({{format}}), and this one names "{{region}}".',
      accountNotAllowed: 'IAM accepts this ARN, but it can never match: {{service}} ARNs name no account ({{format}}), and this one names "{{account}}".',
      missingRegion: 'IAM accepts this ARN, but it can never match: {{service}} ARNs name a Region ({{format}}), and this one has none.',
      missingAccount: 'IAM accepts this ARN, but it can never match: {{service}} ARNs name an account ({{format}}), and this one has none.',
    },
    // IAM stores an ARN whose Region or account does not fit the service's formats: the policy is valid, the statement
    // just never applies to it. A warning, not an error (Access Analyzer reports these, but IAM and CloudFormation accept them).
    // AWS's own managed policies were stored with `arn:aws:lambda:region:*:…` (AWSCodeDeployRoleForLambda v1) and
    // `arn:aws:organizations::*:` (AmazonDevOpsGuruOrganizationsAccess): IAM accepts a bad Region and an empty
    // resource. What IAM rejects stays an error: a Resource that is not an ARN ("must be in ARN format or *"), a wrong
    // prefix, too few fields, an unknown partition, an empty partition or service.
    messageSeverity: {
      emptyResource: 'warning',
      serviceCase: 'warning',
      service: 'warning',
      region: 'warning',
      account: 'warning',
      regionNotAllowed: 'warning', accountNotAllowed: 'warning', missingRegion: 'warning', missingAccount: 'warning' },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket" }]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:us-east-1::my-bucket" }]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'Resources:\n  InvokePolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: lambda:InvokeFunction\n            Resource: arn:aws:lambda:us-east-1:12345678901:function:worker\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    for (const policy of doc.policies) {
      // A trust policy has no Resource: iam/resource-in-trust-policy says so.
      if (policy.kind === 'trust') continue;
      for (const statement of policy.statements) {
        for (const key of ['Resource', 'NotResource']) {
          for (const v of elementStrings(child(statement.node, key))) {
            // `${?}` is an intrinsic nobody can resolve; `${X}` tokens are handled by parseArn.
            if (v.text === '*' || v.text.includes('${?}')) continue;
            // API Gateway resource policies may name methods of the API itself as `execute-api:/stage/VERB/path`.
            // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
            if (policy.kind === 'resource' && v.text.startsWith('execute-api:/')) continue;
            checkArn(v, doc.text, report);
          }
        }
      }
    }
  },
});

type Report = (target: Range, messageId: string, data?: Record<string, string | number>) => void;

function checkArn(v: StringValue, text: string, report: Report): void {
  const offsets = v.literal && v.node.type === 'string' ? valueOffsets(v.node, text) : undefined;
  const at = (from: number, to: number): Range => (offsets ? { start: offsets[from]!, end: offsets[to]! } : v.node);
  const parsed = parseArn(v.text);
  if (!parsed.ok) {
    const e = parsed.error;
    if (e.reason === 'invalid-prefix' && !v.text.includes(':')) return report(v.node, 'notArn', { value: v.text });
    // A `*` that ends the last field written runs on across colons: `arn:aws:s3:*` is a valid pattern.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
    if (e.reason === 'missing-fields' && v.text.endsWith('*')) return;
    const field = v.text.slice(e.start, e.end);
    const empty = e.start === e.end;
    const range = e.reason === 'missing-fields' ? v.node : empty ? at(Math.max(0, e.start - 1), Math.min(v.text.length, e.start + 1)) : at(e.start, e.end);
    const messageId = e.reason === 'missing-resource' ? 'emptyResource' : empty && e.reason !== 'missing-fields' ? 'missingField' : PARSE_MESSAGES[e.reason];
    report(range, messageId, {
      prefix: field,
      count: v.text.split(':').length,
      field: e.field,
      partition: field,
      partitions: ARN_PARTITIONS.join(', '),
      lower: field.toLowerCase(),
      service: field,
      region: field,
      account: field,
    });
    return;
  }
  const arn = parsed.arn;
  if (arn.opaque || !/^[a-z0-9-]+$/.test(arn.service)) return;
  const formats = arnFormatsIn(arn.service);
  if (formats.length === 0 || formatsFitting(v.text, arn.service).length > 0) return;
  const prefixLength = v.text.length - [arn.partition, arn.service, arn.region, arn.account, arn.resource].join(':').length - 1;
  const regionStart = prefixLength + 1 + arn.partition.length + 1 + arn.service.length + 1;
  const accountStart = regionStart + arn.region.length + 1;
  // What the field would have to be for the ARN to fit a format: `''` (none allowed), `'*'` (one needed), or
  // undefined when it cannot be the problem (it may already be empty, or is a template value).
  const region = alternative(arn.region);
  const account = alternative(arn.account);
  const tries: { region?: string; account?: string }[] = [];
  if (region !== undefined) tries.push({ region });
  if (account !== undefined) tries.push({ account });
  if (region !== undefined && account !== undefined) tries.push({ region, account });
  for (const t of tries) {
    const candidate = rebuild(v.text.slice(0, prefixLength), arn, t.region ?? arn.region, t.account ?? arn.account);
    const format = formats.find((f) => arnFitsFormat(candidate, f));
    if (format === undefined) continue;
    const service = arn.service;
    if (t.region !== undefined) {
      if (t.region === '') report(at(regionStart, regionStart + arn.region.length), 'regionNotAllowed', { service, format, region: arn.region });
      else report(at(regionStart - 1, regionStart + 1), 'missingRegion', { service, format });
    }
    if (t.account !== undefined) {
      if (t.account === '') report(at(accountStart, accountStart + arn.account.length), 'accountNotAllowed', { service, format, account: arn.account });
      else if (ACCOUNT_REQUIRED.has(arn.service)) report(at(accountStart - 1, accountStart + 1), 'missingAccount', { service, format });
    }
    return;
  }
}

function alternative(field: string): string | undefined {
  if (field === '') return '*';
  return field.includes('${') || wildcardMatch(field, '') ? undefined : '';
}

function rebuild(prefix: string, arn: Arn, region: string, account: string): string {
  return [prefix, arn.partition, arn.service, region, account, arn.resource].join(':');
}
