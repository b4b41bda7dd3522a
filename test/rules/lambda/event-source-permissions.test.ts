import { ruleTester } from '../../rule-tester';

const TRUST =
  '      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n';
const BASIC = '!Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const policy = (name: string) => `!Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/${name}`;
const clean = (s: string) => s.replace(/[«»]/g, '');
const cfn = (source: string, arn: string, managed: string[], extraRole = '', fnName = '!Ref App') =>
  `Resources:\n${source}  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}      ManagedPolicyArns:\n${managed.map((m) => `        - ${m}\n`).join('')}${extraRole}  App:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt AppRole.Arn\n  AppMapping:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      FunctionName: ${fnName}\n      EventSourceArn: ${arn}\n`;
const QUEUE = '  Orders:\n    Type: AWS::SQS::Queue\n';
const STREAM = '  Clicks:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n';
const TABLE = '  Table:\n    Type: AWS::DynamoDB::Table\n';
const inline = (actions: string, resource: string) =>
  `      Policies:\n        - PolicyName: poll\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: ${actions}\n                Resource: ${resource}\n`;
const sam = (events: string, role = '      Role: !GetAtt AppRole.Arn\n') =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n${QUEUE}  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}      ManagedPolicyArns:\n        - ${BASIC}\n  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n${role}      Events:\n${events}`;
// Findings land on the event's source: the EventSourceArn SAM generates comes from `Queue`.
const SQS_EVENT = '        Orders:\n          Type: SQS\n          Properties:\n            Queue: «!GetAtt Orders.Arn»\n';

ruleTester('lambda/event-source-permissions', {
  valid: [
    { name: 'SQS with the managed policy', file: 'template.yaml', code: cfn(QUEUE, '!GetAtt Orders.Arn', [policy('AWSLambdaSQSQueueExecutionRole')]) },
    { name: 'SQS inline on the queue', file: 'template.yaml', code: cfn(QUEUE, '!GetAtt Orders.Arn', [BASIC], inline('[sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]', '!GetAtt Orders.Arn')) },
    { name: 'sqs:* on the queue', file: 'template.yaml', code: cfn(QUEUE, '!GetAtt Orders.Arn', [BASIC], inline('sqs:*', '!GetAtt Orders.Arn')) },
    { name: 'Kinesis with the managed policy', file: 'template.yaml', code: cfn(STREAM, '!GetAtt Clicks.Arn', [policy('AWSLambdaKinesisExecutionRole')]) },
    { name: 'Kinesis with DescribeStreamSummary instead of DescribeStream', file: 'template.yaml', code: cfn(STREAM, '!GetAtt Clicks.Arn', [BASIC], inline('[kinesis:GetRecords, kinesis:GetShardIterator, kinesis:DescribeStreamSummary, kinesis:ListShards]', '!GetAtt Clicks.Arn')) },
    { name: 'DynamoDB stream', file: 'template.yaml', code: cfn(TABLE, '!GetAtt Table.StreamArn', [policy('AWSLambdaDynamoDBExecutionRole')]) },
    { name: 'MSK', file: 'template.yaml', code: cfn('  Cluster:\n    Type: AWS::MSK::Cluster\n', '!Ref Cluster', [policy('AWSLambdaMSKExecutionRole')]) },
    { name: 'an Amazon MQ broker is not judged', file: 'template.yaml', code: cfn('', 'arn:aws:mq:us-east-1:123456789012:broker:orders:b-1234a5b6-78cd-901e-2fgh-3i45j6k178l9', [BASIC]) },
    { name: 'a function we cannot find', file: 'template.yaml', code: cfn(QUEUE, '!GetAtt Orders.Arn', [BASIC], '', 'orders-consumer') },
    { name: 'a role policy we cannot read', file: 'template.yaml', code: cfn(QUEUE, '!GetAtt Orders.Arn', [BASIC, '!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/sqs-consumer']) },
    // The written role has another id: SAM refuses a template whose written resource takes the id of one it generates (`AppRole`).
    { name: 'SAM event with a generated role', file: 'template.yaml', code: clean(sam(SQS_EVENT, '')).replace(/AppRole/g, 'SharedRole') },
    {
      name: 'a SAM connector grants the poller permissions',
      file: 'template.yaml',
      code: `${clean(sam(SQS_EVENT))}  OrdersConnector:\n    Type: AWS::Serverless::Connector\n    Properties:\n      Source:\n        Id: Orders\n      Destination:\n        Id: App\n      Permissions: [Read, Write]\n`,
    },
  ],
  invalid: [
    {
      name: 'SQS without the poller actions',
      file: 'template.yaml',
      code: cfn(QUEUE, '«!GetAtt Orders.Arn»', [BASIC]),
      messages: ['missing'],
      output: cfn(QUEUE, '!GetAtt Orders.Arn', [BASIC, policy('AWSLambdaSQSQueueExecutionRole')]),
    },
    {
      name: 'SQS with only ReceiveMessage',
      file: 'template.yaml',
      code: cfn(QUEUE, '«!GetAtt Orders.Arn»', [BASIC], inline('sqs:ReceiveMessage', '!GetAtt Orders.Arn')),
      messages: ['missing'],
      output: cfn(QUEUE, '!GetAtt Orders.Arn', [BASIC, policy('AWSLambdaSQSQueueExecutionRole')], inline('sqs:ReceiveMessage', '!GetAtt Orders.Arn')),
    },
    {
      name: 'a literal queue ARN the role does not name',
      file: 'template.yaml',
      code: cfn('', '«arn:aws:sqs:us-east-1:123456789012:orders»', [BASIC], inline('[sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]', 'arn:aws:sqs:us-east-1:123456789012:payments')),
      messages: ['missing'],
      output: cfn('', 'arn:aws:sqs:us-east-1:123456789012:orders', [BASIC, policy('AWSLambdaSQSQueueExecutionRole')], inline('[sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]', 'arn:aws:sqs:us-east-1:123456789012:payments')),
    },
    {
      name: 'Kinesis through an alias',
      file: 'template.yaml',
      code: `${cfn(STREAM, '«!GetAtt Clicks.Arn»', [BASIC], '', '!Ref AppAlias')}  AppAlias:\n    Type: AWS::Lambda::Alias\n    Properties:\n      FunctionName: !Ref App\n      FunctionVersion: "1"\n      Name: live\n`,
      messages: ['missing'],
      output: `${cfn(STREAM, '!GetAtt Clicks.Arn', [BASIC, policy('AWSLambdaKinesisExecutionRole')], '', '!Ref AppAlias')}  AppAlias:\n    Type: AWS::Lambda::Alias\n    Properties:\n      FunctionName: !Ref App\n      FunctionVersion: "1"\n      Name: live\n`,
    },
    {
      name: 'DynamoDB stream',
      file: 'template.yaml',
      code: cfn(TABLE, '«!GetAtt Table.StreamArn»', [BASIC]),
      messages: ['missing'],
      output: cfn(TABLE, '!GetAtt Table.StreamArn', [BASIC, policy('AWSLambdaDynamoDBExecutionRole')]),
    },
    {
      name: 'MSK cluster by literal ARN',
      file: 'template.yaml',
      code: cfn('', '«arn:aws:kafka:us-east-1:123456789012:cluster/orders/0b1c2d3e-4f56-7890-abcd-ef0123456789-1»', [BASIC]),
      messages: ['missing'],
      output: cfn('', 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/0b1c2d3e-4f56-7890-abcd-ef0123456789-1', [BASIC, policy('AWSLambdaMSKExecutionRole')]),
    },
    {
      name: 'SAM SQS event on a function with its own role',
      file: 'template.yaml',
      code: sam(SQS_EVENT),
      messages: ['missing'],
      output: clean(sam(SQS_EVENT)).replace(`        - ${BASIC}\n`, `        - ${BASIC}\n        - ${policy('AWSLambdaSQSQueueExecutionRole')}\n`),
    },
    {
      name: 'a mapping to a SAM function: the fix adds the policy to its Policies',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31\nResources:\n${QUEUE}  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      Policies:\n        - DynamoDBReadPolicy:\n            TableName: orders\n  AppMapping:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      FunctionName: !Ref App\n      EventSourceArn: «!GetAtt Orders.Arn»\n`,
      messages: ['missing'],
      output: `Transform: AWS::Serverless-2016-10-31\nResources:\n${QUEUE}  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      Policies:\n        - DynamoDBReadPolicy:\n            TableName: orders\n        - AWSLambdaSQSQueueExecutionRole\n  AppMapping:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      FunctionName: !Ref App\n      EventSourceArn: !GetAtt Orders.Arn\n`,
    },
  ],
});
