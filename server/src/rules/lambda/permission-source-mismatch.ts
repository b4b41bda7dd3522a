import { defineRule } from '../../engine/rule';
import { parseArn } from '../../iam/arn';
import { invokerPrincipal, principalForSourceService, PRINCIPAL_BY_SOURCE_TYPE, sourceServicesOf } from '../../iam/lambda-invokers';
import { hasWildcard } from '../../iam/wildcard';
import { lambdaPermissions, resolvedValues } from '../../model/lambda-permission';
import { resolveReference } from '../../model/resource-arns';
import { prop } from '../../model/template';
import { referencedResource, stringValues } from '../../model/values';

/** Services whose records Lambda polls through an event source mapping, with the function's role, not a permission. */
const POLLED = new Set(['sqs', 'kinesis', 'dynamodb']);

const snsPermission = (principal: string) =>
  'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  OrdersTopic:\n    Type: AWS::SNS::Topic\n  OrdersInvokePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: order-notifier\n      Action: lambda:InvokeFunction\n      Principal: ' +
  principal +
  '\n      SourceArn: !Ref OrdersTopic\n';

export default defineRule({
  meta: {
    id: 'lambda/permission-source-mismatch',
    severity: 'warning',
    summary: "The permission's principal must be the service that owns its SourceArn",
    description:
      'Lambda turns `SourceArn` into an `ArnLike aws:SourceArn` condition on the statement for `Principal`. A service ' +
      'only ever sends ARNs of its own resources: `events.amazonaws.com` with the ARN of an SNS topic matches no ' +
      'request, so the permission is dead and the topic that should invoke the function is denied.\n\n' +
      "Checked like cfn-lint's W3664 when `SourceArn` references a template resource (`AWS::SNS::Topic` → " +
      '`sns.amazonaws.com`, `AWS::Events::Rule` → `events.amazonaws.com`, `AWS::S3::Bucket` → `s3.amazonaws.com`, ' +
      '`AWS::Logs::LogGroup` → `logs.amazonaws.com` or a regional `logs.<region>.amazonaws.com`, API Gateway, Cognito ' +
      'user pools, Config rules, ALB target groups, IoT rules) — and for any other resource of the template whose ARN ' +
      'service is known (an `AWS::SQS::Queue`\'s ARN is never sent by API Gateway) —, and also for literal and `!Sub` ARNs whose service part ' +
      'is known: API Gateway invoke ARNs are `arn:aws:execute-api:…` with principal `apigateway.amazonaws.com`.\n\n' +
      'Only invoker principals whose source ARNs are documented are compared (S3, SNS, EventBridge, API Gateway, ' +
      'Cognito, Config, Elastic Load Balancing, IoT, CloudWatch Logs, SES, Secrets Manager, Connect, Lex, CodeCommit, ' +
      'VPC Lattice); an unknown or misspelt principal is `lambda/permission-principal`\'s finding.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html',
    messages: {
      resourceMismatch: 'Principal "{{principal}}" does not match SourceArn: {{resource}} is an {{type}}, whose events reach Lambda from {{expected}}.',
      serviceMismatch:
        'Principal "{{principal}}" does not match SourceArn "{{arn}}": {{principal}} never sends {{service}} ARNs{{expected}}, so this permission never applies.',
    },
    examples: {
      valid: [
        { file: 'template.yaml', code: snsPermission('sns.amazonaws.com') },
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  OrdersApiInvokePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: orders-api\n      Action: lambda:InvokeFunction\n      Principal: apigateway.amazonaws.com\n      SourceArn: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:a1b2c3d4e5/prod/POST/orders\n',
        },
      ],
      invalid: [
        { file: 'template.yaml', code: snsPermission('events.amazonaws.com') },
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  OrdersApiInvokePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: orders-api\n      Action: lambda:InvokeFunction\n      Principal: events.amazonaws.com\n      SourceArn: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:a1b2c3d4e5/prod/POST/orders\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    if (!doc.template) return;
    const template = doc.template;
    for (const { resource, principal } of lambdaPermissions(template)) {
      const sources = stringValues(prop(resource, 'SourceArn'));
      if (sources.length === 0) continue;
      for (const p of resolvedValues(principal?.value)) {
        const kind = invokerPrincipal(p.text);
        if (kind.kind !== 'service' || !kind.record) continue;
        for (const source of sources) {
          const id = referencedResource(source.node);
          const target = id !== undefined ? template.resource(id) : undefined;
          const expected = target?.type !== undefined ? PRINCIPAL_BY_SOURCE_TYPE[target.type] : undefined;
          if (target && expected) {
            if (!expected.pattern.test(p.text.toLowerCase())) report(p.node, 'resourceMismatch', { principal: p.text, resource: target.id, type: target.type!, expected: expected.expected });
            continue;
          }
          // Another resource of the template: its ARN's service says who could send it (an SQS queue: nobody who invokes).
          const resolved = resolveReference(template, source.node);
          if (resolved?.value === 'arn') {
            const allowed = sourceServicesOf(kind.record);
            if (allowed && !allowed.includes(resolved.service)) {
              const owner = principalForSourceService(resolved.service);
              report(p.node, 'resourceMismatch', { principal: p.text, resource: resolved.resource.id, type: resolved.resource.type!, expected: owner ?? (POLLED.has(resolved.service) ? 'an event source mapping (Lambda polls it; no permission needed)' : 'no service that invokes functions') });
            }
            continue;
          }
          const parsed = parseArn(source.text);
          if (!parsed.ok || parsed.arn.opaque) continue;
          const service = parsed.arn.service;
          if (service.includes('${') || hasWildcard(service)) continue;
          const allowed = sourceServicesOf(kind.record);
          if (!allowed || allowed.includes(service)) continue;
          const owner = principalForSourceService(service);
          report(p.node, 'serviceMismatch', { principal: p.text, arn: source.text, service, expected: owner ? ` (${owner} does)` : '' });
        }
      }
    }
  },
});
