import { defineRule, type RuleContext } from '../../engine/rule';
import { parseArn } from '../../iam/arn';
import { attachManagedPolicy, lambdaFunctions, missingRequirements, requirementText, roleLabel, type LambdaFunction, type Requirement } from '../../model/execution-role-requirements';
import { referencedIds } from '../../model/roles';
import { prop, propEntry, type TemplateView } from '../../model/template';
import { stringValues } from '../../model/values';
import { scalarText, type Node } from '../../parse/tree';

type Source = 'SQS' | 'Kinesis' | 'DynamoDB' | 'MSK';

/**
 * What Lambda's poller calls with the execution role, per source (the actions of the matching AWS managed policy
 * that Lambda needs; the lists in each service's "execution role permissions" section). One of several
 * alternatives is enough where the docs say so (`kafka:DescribeCluster` or `DescribeClusterV2`).
 */
const POLLER: Record<Source, { policy: string; requirements: (arn: string) => Requirement[] }> = {
  SQS: {
    policy: 'AWSLambdaSQSQueueExecutionRole',
    requirements: (arn) => ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'].map((a) => ({ anyOf: [a], resources: [arn] })),
  },
  Kinesis: {
    policy: 'AWSLambdaKinesisExecutionRole',
    requirements: (arn) => {
      // An enhanced fan-out consumer ARN is not what a policy on the stream names: judge the actions alone.
      const resources = arn.includes('/consumer/') ? ['*'] : [arn];
      return [['kinesis:GetRecords'], ['kinesis:GetShardIterator'], ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary']].map((anyOf) => ({ anyOf, resources }));
    },
  },
  DynamoDB: {
    policy: 'AWSLambdaDynamoDBExecutionRole',
    requirements: (arn) => [
      ...['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream'].map((a) => ({ anyOf: [a], resources: [arn] })),
      { anyOf: ['dynamodb:ListStreams'], resources: ['*'] },
    ],
  },
  MSK: {
    policy: 'AWSLambdaMSKExecutionRole',
    requirements: (arn) => [
      { anyOf: ['kafka:DescribeClusterV2', 'kafka:DescribeCluster'], resources: [arn] },
      { anyOf: ['kafka:GetBootstrapBrokers'], resources: [arn] },
      ...['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DeleteNetworkInterface', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'].map(
        (a) => ({ anyOf: [a], resources: ['*'] }),
      ),
    ],
  },
};

const SOURCE_BY_RESOURCE_TYPE: Record<string, Source> = {
  'AWS::SQS::Queue': 'SQS',
  'AWS::Kinesis::Stream': 'Kinesis',
  'AWS::Kinesis::StreamConsumer': 'Kinesis',
  'AWS::DynamoDB::Table': 'DynamoDB',
  'AWS::DynamoDB::GlobalTable': 'DynamoDB',
  'AWS::MSK::Cluster': 'MSK',
  'AWS::MSK::ServerlessCluster': 'MSK',
};

const ROLE =
  'Resources:\n  OrdersQueue:\n    Type: AWS::SQS::Queue\n  ConsumerRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n';
const REST =
  '  Consumer:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      Role: !GetAtt ConsumerRole.Arn\n      Code:\n        ZipFile: "def handler(event, context): return event"\n  ConsumerMapping:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      FunctionName: !Ref Consumer\n      EventSourceArn: !GetAtt OrdersQueue.Arn\n      BatchSize: 10\n';
const POLLER_POLICY =
  '      Policies:\n        - PolicyName: poll-orders\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action:\n                  - sqs:ReceiveMessage\n                  - sqs:DeleteMessage\n                  - sqs:GetQueueAttributes\n                Resource: !GetAtt OrdersQueue.Arn\n';

export default defineRule({
  meta: {
    id: 'lambda/event-source-permissions',
    severity: 'warning',
    summary: "An event source mapping needs an execution role that can read its source",
    description:
      'For SQS queues, Kinesis and DynamoDB streams and Amazon MSK clusters, Lambda polls the source itself with the ' +
      'function\'s execution role, so the role needs the poller\'s actions (`sqs:ReceiveMessage`, `DeleteMessage`, ' +
      '`GetQueueAttributes`; `kinesis:GetRecords`, `GetShardIterator`, `DescribeStream`; the DynamoDB Streams ' +
      'equivalents; the MSK cluster and network interface actions). Lambda checks them when the mapping is created, ' +
      'so a role without them fails the deployment. The rule follows `AWS::Lambda::EventSourceMapping` resources and ' +
      'SAM pull events (`SQS`, `Kinesis`, `DynamoDB`, `MSK`, as the SAM transform deploys them) to the function\'s role; ' +
      'SAM adds the matching managed policy to the roles it generates for its own events, and connectors add theirs, ' +
      'so those are clean. Roles with a policy the linter cannot read are not judged. The fix attaches the matching AWS managed policy.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html',
    fix: 'suggestion',
    messages: {
      missing:
        'Role {{role}} does not allow {{actions}} on {{source}}: Lambda cannot poll this {{service}} source for {{function}}, and rejects the event source mapping.',
    },
    examples: {
      valid: [{ file: 'template.yaml', code: ROLE + POLLER_POLICY + REST }],
      invalid: [
        {
          file: 'template.yaml',
          code: ROLE + REST,
          fixed: `${ROLE}        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole\n${REST}`,
        },
      ],
    },
  },
  check(context) {
    const template = context.doc.template;
    if (!template) return;
    const functions = lambdaFunctions(template);
    for (const mapping of template.resourcesOfType('AWS::Lambda::EventSourceMapping')) {
      const arn = propEntry(mapping, 'EventSourceArn');
      const fn = mappedFunction(template, functions, prop(mapping, 'FunctionName'));
      if (!arn || !fn) continue;
      checkSource(context, fn, arn.value);
    }
  },
});

function checkSource(context: RuleContext, { fn, role: ref }: LambdaFunction, arnNode: Node): void {
  const template = context.doc.template!;
  if (ref.kind !== 'role') return;
  const values = stringValues(arnNode);
  if (values.length !== 1) return;
  const arn = values[0].text;
  const source = sourceOf(template, arnNode, arn);
  if (!source) return;
  const poller = POLLER[source];
  const missing = missingRequirements(ref.role, poller.requirements(arn));
  if (!missing?.length) return;
  const fix = attachManagedPolicy(context, ref.role, poller.policy);
  const id = referencedIds(arnNode)[0];
  context.report(
    arnNode,
    'missing',
    { role: roleLabel(ref.role), actions: requirementText(missing), source: id && template.resource(id) ? id : arn, service: source, function: fn.id },
    fix ? [fix] : [],
  );
}

/** The kind of source an `EventSourceArn` names: a template resource's type, or the ARN's service. */
function sourceOf(template: TemplateView, node: Node, arn: string): Source | undefined {
  const ids = referencedIds(node);
  if (ids.length === 1) {
    const type = template.resource(ids[0])?.type;
    if (type) return SOURCE_BY_RESOURCE_TYPE[type];
  }
  const parsed = parseArn(arn);
  if (!parsed.ok) return undefined;
  const { service, resource } = parsed.arn;
  if (service === 'sqs') return 'SQS';
  if (service === 'kinesis' && resource.startsWith('stream/')) return 'Kinesis';
  if (service === 'dynamodb' && resource.includes('/stream/')) return 'DynamoDB';
  if (service === 'kafka' && resource.startsWith('cluster/')) return 'MSK';
  return undefined;
}

/** The function an event source mapping invokes: `!Ref Fn`, `!GetAtt Fn.Arn`, an alias or version of it, or its literal name. */
function mappedFunction(template: TemplateView, functions: LambdaFunction[], name: Node | undefined): LambdaFunction | undefined {
  for (const id of referencedIds(name).map((i) => i.split('.')[0])) {
    const r = template.resource(id);
    const fn = functions.find((f) => f.fn === r);
    if (fn) return fn;
    if (r?.type === 'AWS::Lambda::Alias' || r?.type === 'AWS::Lambda::Version') return mappedFunction(template, functions, prop(r, 'FunctionName'));
    return undefined;
  }
  const literal = scalarText(name);
  return literal === undefined ? undefined : functions.find((f) => scalarText(prop(f.fn, 'FunctionName')) === literal);
}
