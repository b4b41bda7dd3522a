import { child, property, scalarText, type Node, type ObjectNode } from '../../parse/tree';
import type { ResourceView } from '../template';
import { referencedResource, stringValues } from '../values';
import type { RoleBuilder } from './function';
import { anchorOf, arr, getAtt, intrinsic, obj, ref, statement, sub, type Anchor, type Value } from './synthetic';
import { typeOf, type SamTransformer } from './transform';

/** Pull events: Lambda polls the source with the function's role, through an event source mapping. */
const POLLER_POLICIES: Record<string, string> = {
  SQS: 'AWSLambdaSQSQueueExecutionRole',
  Kinesis: 'AWSLambdaKinesisExecutionRole',
  DynamoDB: 'AWSLambdaDynamoDBExecutionRole',
  MSK: 'AWSLambdaMSKExecutionRole',
};
const SOURCE_PROPERTY: Record<string, string> = { SQS: 'Queue', Kinesis: 'Stream', DynamoDB: 'Stream', MSK: 'Stream', MQ: 'Broker', DocumentDB: 'Cluster' };

const ENI_ACTIONS = ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'];

interface EventContext {
  t: SamTransformer;
  fn: ResourceView;
  /** `!Ref` of the function, or of its alias when SAM publishes one. */
  target: Node;
  role: RoleBuilder;
  id: string;
  at: Anchor;
  props: ObjectNode | undefined;
}

/**
 * A function's `Events` (samtranslator `model/eventsources/push.py`, `pull.py`, `cloudwatchlogs.py`, `scheduler.py`):
 * the resources each event type makes, and what it adds to the function's role.
 */
export function transformEvents(t: SamTransformer, fn: ResourceView, events: Node | undefined, target: Node, role: RoleBuilder): void {
  if (events?.type !== 'object') return;
  for (const e of events.properties) {
    const props = child(e.value, 'Properties');
    const c: EventContext = { t, fn, target, role, id: `${fn.id}${e.key}`, at: anchorOf(e), props: props?.type === 'object' ? props : undefined };
    const type = typeOf(e.value);
    switch (type) {
      case 'S3':
        permission(c, 's3.amazonaws.com', { SourceAccount: ref(c.at, 'AWS::AccountId') });
        break;
      case 'SNS':
        sns(c);
        break;
      case 'Api':
        api(c, 'ServerlessRestApi', 'RestApiId');
        break;
      case 'HttpApi':
        api(c, 'ServerlessHttpApi', 'ApiId');
        break;
      case 'Schedule':
      case 'CloudWatchEvent':
      case 'EventBridgeRule':
        c.t.add(c.id, 'AWS::Events::Rule', obj(c.at, { EventPattern: child(c.props, 'Pattern'), ScheduleExpression: child(c.props, 'Schedule'), EventBusName: child(c.props, 'EventBusName') }), fn, c.at);
        permission(c, 'events.amazonaws.com', { SourceArn: getAtt(c.at, c.id, 'Arn') });
        break;
      case 'ScheduleV2':
        scheduleV2(c);
        break;
      case 'IoTRule':
        c.t.add(c.id, 'AWS::IoT::TopicRule', obj(c.at, {}), fn, c.at);
        permission(c, 'iot.amazonaws.com', {
          SourceAccount: sub(c.at, '${AWS::AccountId}'),
          SourceArn: sub(c.at, 'arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}:rule/${RuleName}', { RuleName: ref(c.at, c.id) }),
        });
        break;
      case 'AlexaSkill':
        permission(c, 'alexa-appkit.amazon.com', { EventSourceToken: child(c.props, 'SkillId') });
        break;
      case 'Cognito': {
        const pool = referencedResource(child(c.props, 'UserPool'));
        permission(c, 'cognito-idp.amazonaws.com', { SourceArn: pool ? getAtt(c.at, pool, 'Arn') : child(c.props, 'UserPool') });
        break;
      }
      case 'CloudWatchLogs':
        c.t.add(c.id, 'AWS::Logs::SubscriptionFilter', obj(c.at, { LogGroupName: child(c.props, 'LogGroupName'), DestinationArn: c.target }), fn, c.at);
        permission(c, 'logs.amazonaws.com', {
          SourceArn: sub(c.at, 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${__LogGroupName__}:*', { __LogGroupName__: child(c.props, 'LogGroupName') }),
        });
        break;
      case 'SQS':
      case 'Kinesis':
      case 'DynamoDB':
      case 'MSK':
      case 'MQ':
      case 'SelfManagedKafka':
      case 'DocumentDB':
        pull(c, type);
        break;
    }
  }
}

/** `AWS::Lambda::Permission` `<Function><Event>Permission` for a push event's service. */
function permission(c: EventContext, principal: string, scope: Record<string, Value>, suffix = 'Permission'): void {
  c.t.add(`${c.id}${suffix}`, 'AWS::Lambda::Permission', obj(c.at, { Action: 'lambda:InvokeFunction', FunctionName: c.target, Principal: principal, ...scope }), c.fn, c.at);
}

function sns(c: EventContext): void {
  const topic = child(c.props, 'Topic');
  const sqs = child(c.props, 'SqsSubscription');
  if (sqs !== undefined && scalarText(sqs) !== 'false') {
    // SNS → SQS queue → the function: SAM makes a queue (or uses QueueArn), subscribes it, and polls it.
    const queueArn = child(sqs, 'QueueArn');
    const queueId = `${c.id}Queue`;
    if (!queueArn) c.t.add(queueId, 'AWS::SQS::Queue', obj(c.at, {}), c.fn, c.at);
    const arn = queueArn ?? getAtt(c.at, queueId, 'Arn');
    c.t.add(`${c.id}EventSourceMapping`, 'AWS::Lambda::EventSourceMapping', obj(c.at, { FunctionName: c.target, EventSourceArn: arn }), c.fn, c.at);
    c.role.awsManaged(POLLER_POLICIES.SQS, c.at);
    return;
  }
  c.t.add(c.id, 'AWS::SNS::Subscription', obj(c.at, { Endpoint: c.target, Protocol: 'lambda', TopicArn: topic }), c.fn, c.at);
  permission(c, 'sns.amazonaws.com', { SourceArn: topic });
}

/**
 * Api / HttpApi: one permission per event for `apigateway.amazonaws.com`, scoped to the API's execute-api ARN for the
 * method and path (any stage); an event without an API id goes to the implicit API SAM creates.
 */
function api(c: EventContext, implicit: string, idProperty: string): void {
  const apiId = child(c.props, idProperty);
  const method = scalarText(child(c.props, 'Method'))?.toUpperCase();
  const path = scalarText(child(c.props, 'Path')) ?? '';
  const methodPart = !method || method === 'ANY' ? '*' : method;
  const pathPart = path.replace(/\{[^}]*\}/g, '*');
  c.t.implicitApi(apiId === undefined ? implicit : undefined, c.fn);
  const arn = idProperty === 'ApiId' && !method && !path ? '${__ApiId__}/*' : `\${__ApiId__}/\${__Stage__}/${methodPart}${pathPart}`;
  permission(c, 'apigateway.amazonaws.com', {
    SourceArn: sub(c.at, `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:${arn}`, { __ApiId__: apiId ?? ref(c.at, implicit), __Stage__: '*' }),
  });
}

/** ScheduleV2: an EventBridge Scheduler schedule that invokes the function with a role of its own (no permission). */
function scheduleV2(c: EventContext): void {
  const roleArn = child(c.props, 'RoleArn');
  const roleId = `${c.id}Role`;
  c.t.add(c.id, 'AWS::Scheduler::Schedule', obj(c.at, { Target: obj(c.at, { Arn: c.target, RoleArn: roleArn ?? getAtt(c.at, roleId, 'Arn') }) }), c.fn, c.at);
  if (roleArn) return;
  c.t.add(
    roleId,
    'AWS::IAM::Role',
    obj(c.at, {
      AssumeRolePolicyDocument: obj(c.at, {
        Version: '2012-10-17',
        Statement: arr(c.at, [obj(c.at, { Effect: 'Allow', Principal: obj(c.at, { Service: arr(c.at, ['scheduler.amazonaws.com']) }), Action: arr(c.at, ['sts:AssumeRole']) })]),
      }),
      Policies: arr(c.at, [obj(c.at, { PolicyName: `${c.id}LambdaPolicy`, PolicyDocument: obj(c.at, { Version: '2012-10-17', Statement: arr(c.at, [statement(c.at, ['lambda:InvokeFunction'], c.target)]) }) })]),
    }),
    c.fn,
    c.at,
  );
}

/** Pull events: the event source mapping, and the poller's permissions on the function's role. */
function pull(c: EventContext, type: string): void {
  const source = SOURCE_PROPERTY[type] ? child(c.props, SOURCE_PROPERTY[type]) : undefined;
  c.t.add(c.id, 'AWS::Lambda::EventSourceMapping', obj(c.at, { FunctionName: c.target, EventSourceArn: source }), c.fn, c.at);
  onFailureDestination(c);
  if (POLLER_POLICIES[type]) {
    c.role.awsManaged(POLLER_POLICIES[type], c.at);
    if (type !== 'MSK') return;
  }
  const statements = pullStatements(c, type, source);
  const name = { MQ: 'SamAutoGeneratedAMQPolicy', DocumentDB: 'SamAutoGeneratedDocumentDBPolicy', MSK: 'MSKExecutionRolePolicy' }[type] ?? 'SelfManagedKafkaExecutionRolePolicy';
  if (statements) {
    if (statements.length) c.role.statements(name, c.at, statements);
  } else c.role.unreadable.push(`the policy SAM generates for the ${type} event ${c.id.slice(c.fn.id.length)}`);
}

/**
 * `DestinationConfig.OnFailure` of a pull event with a `Type`: SAM lets the role send failed batches there
 * (samtranslator `pull.py` `_link_policy` / `add_extra_eventsourcemapping_fields`): SQS `SendMessage`, SNS `Publish`,
 * S3 `PutObject` on the bucket's objects and `ListBucket` on the bucket.
 */
function onFailureDestination(c: EventContext): void {
  const onFailure = child(child(c.props, 'DestinationConfig'), 'OnFailure');
  const kind = scalarText(child(onFailure, 'Type'));
  const destination = child(onFailure, 'Destination');
  if (!kind || destination === undefined) return;
  const at = anchorOf(property(child(c.props, 'DestinationConfig'), 'OnFailure') ?? onFailure!);
  if (kind === 'SQS') c.role.statements(`${c.id}SQSPolicy`, at, [statement(at, ['sqs:SendMessage'], destination)]);
  else if (kind === 'SNS') c.role.statements(`${c.id}SNSPolicy`, at, [statement(at, ['sns:Publish'], destination)]);
  else if (kind === 'S3') {
    const objects = intrinsic(at, 'Fn::Join', arr(at, ['/', arr(at, [destination, '*'])]));
    c.role.statements(`${c.id}S3Policy`, at, [statement(at, ['s3:PutObject'], objects), statement(at, ['s3:ListBucket'], destination)]);
  }
}

/**
 * `SchemaRegistryConfig` of a Kafka event: the secrets of its `AccessConfigs`, and for an AWS Glue registry
 * `glue:GetRegistry` on it and `glue:GetSchemaVersion` on its schemas.
 */
function schemaRegistryStatements(c: EventContext, out: Node[]): void {
  const config = child(c.props, 'SchemaRegistryConfig');
  if (config === undefined) return;
  const at = c.at;
  const access = child(config, 'AccessConfigs');
  for (const item of access?.type === 'array' ? access.items : []) {
    const uri = child(item, 'URI');
    if (uri !== undefined) out.push(statement(at, ['secretsmanager:GetSecretValue'], uri));
  }
  const registry = child(config, 'SchemaRegistryURI');
  const text = stringValues(registry)[0]?.text ?? '';
  // `${AWS::Partition}` has colons of its own: match the service and the resource, not the fields between.
  const glue = /^arn:.*:glue:.*:registry\/([^/]+)$/.exec(text);
  if (!glue) return;
  out.push(statement(at, ['glue:GetRegistry'], registry));
  out.push(statement(at, ['glue:GetSchemaVersion'], sub(at, `arn:\${AWS::Partition}:glue:\${AWS::Region}:\${AWS::AccountId}:schema/${glue[1]}/*`)));
}

/** samtranslator `pull.py` `get_policy_statements` for MQ, SelfManagedKafka and DocumentDB. */
function pullStatements(c: EventContext, type: string, source: Node | undefined): Node[] | undefined {
  const at = c.at;
  const access = child(c.props, 'SourceAccessConfigurations');
  const configs = access?.type === 'array' ? access.items : [];
  const uriOf = (kinds: string[]): Node[] =>
    configs.filter((item) => kinds.includes(scalarText(child(item, 'Type')) ?? '')).map((item) => child(item, 'URI')).filter((n): n is Node => n !== undefined);
  const kms = child(c.props, 'SecretsManagerKmsKeyId');
  const out: Node[] = [];
  const secretActions = (uris: Node[]) => uris.forEach((u) => out.push(statement(at, ['secretsmanager:GetSecretValue'], u)));
  const kmsStatement = () => {
    if (kms) out.push(statement(at, ['kms:Decrypt'], sub(at, 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${KmsKey}', { KmsKey: kms })));
  };
  if (type === 'MQ') {
    secretActions(uriOf(['BASIC_AUTH']).slice(0, 1));
    out.push(statement(at, ['mq:DescribeBroker'], source));
    kmsStatement();
    return out;
  }
  if (type === 'SelfManagedKafka') {
    secretActions(uriOf(['BASIC_AUTH', 'SASL_SCRAM_256_AUTH', 'SASL_SCRAM_512_AUTH', 'CLIENT_CERTIFICATE_TLS_AUTH', 'SERVER_ROOT_CA_CERTIFICATE']));
    if (uriOf(['VPC_SUBNET', 'VPC_SECURITY_GROUP']).length) out.push(statement(at, ENI_ACTIONS, '*'));
    kmsStatement();
    schemaRegistryStatements(c, out);
    return out;
  }
  if (type === 'MSK') {
    // Besides AWSLambdaMSKExecutionRole: the mTLS client certificate's secret and a schema registry's permissions.
    secretActions(uriOf(['CLIENT_CERTIFICATE_TLS_AUTH']));
    schemaRegistryStatements(c, out);
    return out;
  }
  if (type === 'DocumentDB') {
    secretActions(uriOf(['BASIC_AUTH']));
    out.push(statement(at, ['rds:DescribeDBClusterParameters'], sub(at, 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster-pg:*')));
    out.push(statement(at, ['rds:DescribeDBSubnetGroups'], sub(at, 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:subgrp:*')));
    out.push(statement(at, ['rds:DescribeDBClusters'], source));
    out.push(statement(at, ENI_ACTIONS, '*'));
    kmsStatement();
    return out;
  }
  return undefined;
}

