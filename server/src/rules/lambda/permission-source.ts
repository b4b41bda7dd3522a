import { defineRule, type Fix } from '../../engine/rule';
import type { Fixer } from '../../engine/fixer';
import { parseArn } from '../../iam/arn';
import { hasWildcard } from '../../iam/wildcard';
import { ALEXA_PRINCIPALS, invokerPrincipal, ROLE_BASED_INVOKERS } from '../../iam/lambda-invokers';
import { isSet, lambdaPermissions, resolvedValues, type LambdaPermission } from '../../model/lambda-permission';
import { ref, ValueWriter } from '../../edits/value-writer';
import { prop } from '../../model/template';
import { referencedResource, stringValues } from '../../model/values';

const s3Template = (extra: string) =>
  'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  UploadsBucket:\n    Type: AWS::S3::Bucket\n  UploadsInvokePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: thumbnailer\n      Action: lambda:InvokeFunction\n      Principal: s3.amazonaws.com\n      SourceArn: !GetAtt UploadsBucket.Arn\n' +
  extra;

export default defineRule({
  meta: {
    id: 'lambda/permission-source',
    severity: 'warning',
    summary: 'A service may invoke the function only for your own resources: SourceArn, and SourceAccount for S3',
    description:
      'An `AWS::Lambda::Permission` for a service principal without `SourceArn` or `SourceAccount` lets that service ' +
      'invoke the function on behalf of *any* resource in *any* account — whoever points their topic, rule or bucket at ' +
      'your function ARN (the confused deputy problem; IAM Access Analyzer reports it as `RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL`).\n\n' +
      'A `SourceArn` that names no account is not enough either: "For Amazon S3, however, the source is a bucket whose ARN ' +
      "doesn't have an account ID in it. It's possible that you could delete the bucket and another account could create " +
      'a bucket with the same name. Use the source-account option with your account ID" (Lambda Developer Guide). The ' +
      'same holds for any SourceArn whose account field is empty or a wildcard. This is cfn-lint\'s W3663 (SourceAccount ' +
      'required when SourceArn references an `AWS::S3::Bucket` or is a literal without a 12-digit account), extended to ' +
      '`!Sub` ARNs.\n\n' +
      'Not reported: Alexa principals (`alexa-appkit.amazon.com`, `alexa-connectedhome.amazon.com`), which are scoped ' +
      'with `EventSourceToken` (the skill id) instead — a missing token is reported; services that invoke functions with ' +
      'an IAM role and never through this policy (event source mappings for SQS, Kinesis, DynamoDB, MSK and Amazon MQ; ' +
      'Step Functions; EventBridge Scheduler and Pipes); account and IAM ARN principals, which name the caller\'s account ' +
      'already (cfn-lint\'s W3663 still asks them for SourceAccount next to a bucket SourceArn); and permissions that SAM ' +
      'generates for push events (S3 events get `SourceAccount`, the others `SourceArn`). `PrincipalOrgID` does not ' +
      'restrict a service principal (services belong to no organization).\n\n' +
      'The quick fix adds `SourceAccount: !Ref AWS::AccountId` (JSON: `{"Ref": "AWS::AccountId"}`) and is safe: the ' +
      "invoking resource must then belong to the stack's own account. If the bucket or topic lives in another account, " +
      'write that account id instead.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html',
    accessAnalyzer: ['RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL'],
    fix: 'safe',
    messages: {
      noSource:
        '"{{principal}}" may invoke this function for any resource in any account (confused deputy): add SourceArn with the invoking resource, or at least SourceAccount.',
      bucketWithoutAccount:
        'SourceArn names an S3 bucket, and a bucket ARN carries no account: once the bucket is deleted, another account can create one with the same name and invoke this function. Add SourceAccount.',
      sourceArnWithoutAccount:
        'SourceArn "{{arn}}" does not name one account, so a resource with that name in another account matches it too: add SourceAccount.',
      missingEventSourceToken:
        '"{{principal}}" without EventSourceToken lets any Alexa skill invoke this function: set EventSourceToken to your skill id.',
    },
    examples: {
      valid: [
        { file: 'template.yaml', code: s3Template('      SourceAccount: !Ref AWS::AccountId\n') },
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  OrdersTopic:\n    Type: AWS::SNS::Topic\n  OrdersInvokePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: order-notifier\n      Action: lambda:InvokeFunction\n      Principal: sns.amazonaws.com\n      SourceArn: !Ref OrdersTopic\n',
        },
      ],
      invalid: [
        { file: 'template.yaml', code: s3Template(''), fixed: s3Template('      SourceAccount: !Ref AWS::AccountId\n') },
        {
          file: 'template.json',
          code: '{\n  "Resources": {\n    "NightlyInvokePermission": {\n      "Type": "AWS::Lambda::Permission",\n      "Properties": {\n        "FunctionName": "nightly-report",\n        "Action": "lambda:InvokeFunction",\n        "Principal": "events.amazonaws.com"\n      }\n    }\n  }\n}\n',
          fixed:
            '{\n  "Resources": {\n    "NightlyInvokePermission": {\n      "Type": "AWS::Lambda::Permission",\n      "Properties": {\n        "FunctionName": "nightly-report",\n        "Action": "lambda:InvokeFunction",\n        "Principal": "events.amazonaws.com",\n        "SourceAccount": {"Ref": "AWS::AccountId"}\n      }\n    }\n  }\n}\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    if (!doc.template) return;
    const template = doc.template;
    for (const permission of lambdaPermissions(template)) {
      const r = permission.resource;
      const hasSourceArn = isSet(r, 'SourceArn');
      const hasSourceAccount = isSet(r, 'SourceAccount');
      const principals = resolvedValues(permission.principal?.value);
      for (const p of principals) {
        const principal = invokerPrincipal(p.text);
        if (principal.kind !== 'service') continue;
        const name = principal.record?.name ?? p.text.toLowerCase();
        if (ALEXA_PRINCIPALS.has(name)) {
          if (!isSet(r, 'EventSourceToken')) report(p.node, 'missingEventSourceToken', { principal: p.text });
          continue;
        }
        if (ROLE_BASED_INVOKERS.has(name) || hasSourceArn || hasSourceAccount) continue;
        report(p.node, 'noSource', { principal: p.text }, [addSourceAccount(fixer, doc.text, permission)]);
      }
      if (!hasSourceArn || hasSourceAccount) continue;
      // An account or an IAM ARN principal already names the caller's account.
      const unresolvedPrincipal = stringValues(permission.principal?.value).length !== principals.length;
      if (!unresolvedPrincipal && principals.length > 0 && principals.every((p) => ['account', 'arn'].includes(invokerPrincipal(p.text).kind))) continue;
      for (const v of stringValues(prop(r, 'SourceArn'))) {
        const id = referencedResource(v.node);
        const target = id !== undefined ? template.resource(id) : undefined;
        if (target) {
          if (target.type === 'AWS::S3::Bucket') report(v.node, 'bucketWithoutAccount', {}, [addSourceAccount(fixer, doc.text, permission)]);
          continue;
        }
        const parsed = parseArn(v.text);
        if (!parsed.ok || parsed.arn.opaque) continue;
        const { service, account } = parsed.arn;
        if (account !== '' && !(hasWildcard(account) && !account.includes('${'))) continue;
        if (service === 's3') report(v.node, 'bucketWithoutAccount', {}, [addSourceAccount(fixer, doc.text, permission)]);
        else report(v.node, 'sourceArnWithoutAccount', { arn: v.text }, [addSourceAccount(fixer, doc.text, permission)]);
      }
    }
  },
});

function addSourceAccount(fixer: Fixer, text: string, permission: LambdaPermission): Fix {
  return { title: 'Add SourceAccount: !Ref AWS::AccountId', safe: true, edits: [new ValueWriter(fixer, text).insertProperty(permission.properties, 'SourceAccount', ref('AWS::AccountId'))] };
}
