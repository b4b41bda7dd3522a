import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../server/src/engine/lint';
import { ruleTester } from '../../rule-tester';

const json = (action: string, resource: string, key = 'Resource') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${action}, "${key}": ${resource}}]}`;
const cfn = (action: string, resource: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: ${action}\n            Resource: ${resource}\n`;
const sam = (action: string, resource: string) =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: ${action}\n              Resource: ${resource}\n`;

/** An identity policy beside the resources it names: a queue, a topic, a bucket and a role. */
const withResources = (action: string, resource: string) =>
  `${cfn(action, resource)}  Queue:\n    Type: AWS::SQS::Queue\n  Topic:\n    Type: AWS::SNS::Topic\n  Bucket:\n    Type: AWS::S3::Bucket\n  Role:\n    Type: AWS::IAM::Role\n`;
/** An identity policy beside a bucket, a table, a log group, a state machine and a function. */
const withMore = (action: string, resource: string) =>
  `${cfn(action, resource)}  Bucket:\n    Type: AWS::S3::Bucket\n  Table:\n    Type: AWS::DynamoDB::Table\n  Logs:\n    Type: AWS::Logs::LogGroup\n  Machine:\n    Type: AWS::StepFunctions::StateMachine\n  Fn:\n    Type: AWS::Lambda::Function\n`;
const samWithTable = (action: string, resource: string) => `${sam(action, resource)}  Table:\n    Type: AWS::Serverless::SimpleTable\n`;

const PASS = 'lambda:PassCapacityProvider';
const PROVIDERS = 'arn:aws:lambda:*:*:capacity-provider:trusted-workloads-*';
const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:f';

ruleTester('iam/resource-mismatch', {
  valid: [
    { name: 'PassCapacityProvider on capacity providers (JSON)', code: json(`"${PASS}"`, `"${PROVIDERS}"`) },
    { name: 'PassCapacityProvider on capacity providers (CloudFormation)', file: 'template.yaml', code: cfn(PASS, PROVIDERS) },
    { name: 'PassCapacityProvider on capacity providers (SAM Policies)', file: 'template.yaml', code: sam(PASS, PROVIDERS) },
    { name: 'each resource fits one action of the statement', code: json('["s3:GetObject", "s3:ListBucket"]', '["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]') },
    { name: 'qualified function ARNs (version, alias)', code: json('"lambda:InvokeFunction"', `["${FUNCTION}", "${FUNCTION}:prod", "${FUNCTION}:*"]`) },
    { name: 'wildcards', code: json(`"${PASS}"`, '["*", "arn:aws:lambda:*:*:*", "arn:aws:lambda:us-east-1:123456789012:capacity-provider:*"]') },
    { name: 'wildcard actions', code: json('"lambda:*"', `"${FUNCTION}"`) },
    { name: 'NotResource is not judged', code: json(`"${PASS}"`, `"${FUNCTION}"`, 'NotResource') },
    { name: 'NotAction is not judged', code: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "${PASS}", "Resource": "${FUNCTION}"}]}` },
    { name: 'an action the catalogue does not know: not judged', code: json(`["${PASS}", "lambda:PassCapacityProviders"]`, `"${FUNCTION}"`) },
    { name: 'an action without resource types may take any resource', code: json(`["${PASS}", "lambda:ListFunctions"]`, `"${FUNCTION}"`) },
    { name: 'a resource type the catalogue does not list', code: json('"apigateway:GET"', '"arn:aws:apigateway:us-east-1::/apis"') },
    { name: 'an ARN of a namespace without formats', code: json(`"${PASS}"`, '"arn:aws:example-service:us-east-1:123456789012:thing/x"') },
    { name: 'malformed ARNs are iam/invalid-arn', code: json(`"${PASS}"`, '["arn:aws:lambda:us-east-1:1234:function:f", "arn:aws:S3:::b"]') },
    { name: 'policy variables match anything', code: json('"s3:GetObject"', '"arn:aws:s3:::my-bucket/${aws:username}"') },
    {
      name: 'template values other than pseudo parameters are not judged',
      file: 'template.yaml',
      code: cfn(PASS, '\n              - !GetAtt Fn.Arn\n              - !Sub "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}"\n              - !Ref ProviderArn'),
    },
    { name: 'a queue by its ARN attribute', file: 'template.yaml', code: withResources('sqs:SendMessage', '!GetAtt Queue.Arn') },
    { name: 'Ref of a topic is its ARN', file: 'template.yaml', code: withResources('sns:Publish', '!Ref Topic') },
    { name: 'a bucket ARN through !Sub', file: 'template.yaml', code: withResources('s3:GetObject', '!Sub "${Bucket.Arn}/*"') },
    { name: 'PassRole on a role by its ARN attribute', file: 'template.yaml', code: withResources('iam:PassRole', '!GetAtt Role.Arn') },
    { name: 'a reference to a parameter or an unknown resource is not judged', file: 'template.yaml', code: withResources('sqs:SendMessage', '[!Ref QueueArnParameter, !GetAtt Other.Arn]') },
    { name: 'a bucket and its objects, each for the action that takes it', file: 'template.yaml', code: withMore('[s3:GetObject, s3:ListBucket]', '[!GetAtt Bucket.Arn, !Sub "${Bucket.Arn}/*"]') },
    { name: 'objects of a bucket named by Ref in an ARN', file: 'template.yaml', code: withMore('s3:GetObject', '!Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"') },
    { name: 'objects through !Join', file: 'template.yaml', code: withMore('s3:PutObject', "!Join ['', [!GetAtt Bucket.Arn, '/*']]") },
    { name: 'a table and its indexes', file: 'template.yaml', code: withMore('dynamodb:Query', '[!GetAtt Table.Arn, !Sub "${Table.Arn}/index/*"]') },
    { name: "a table's stream by StreamArn", file: 'template.yaml', code: withMore('dynamodb:GetRecords', '!GetAtt Table.StreamArn') },
    { name: "a log group's ARN (with :*) for its streams", file: 'template.yaml', code: withMore('[logs:CreateLogStream, logs:PutLogEvents]', '!GetAtt Logs.Arn') },
    { name: 'a state machine by Ref (its ARN)', file: 'template.yaml', code: withMore('states:StartExecution', '!Ref Machine') },
    { name: "a function's versions and aliases", file: 'template.yaml', code: withMore('lambda:InvokeFunction', '[!GetAtt Fn.Arn, !Sub "${Fn.Arn}:*"]') },
    { name: 'a parameter in the ARN: not judged', file: 'template.yaml', code: withMore('s3:ListBucket', '!Sub "${Bucket.Arn}/${Prefix}"') },
    { name: 'a SAM table by its ARN attribute', file: 'template.yaml', code: samWithTable('dynamodb:GetItem', '!GetAtt Table.Arn') },
    {
      name: 'a queue policy names its queue by URL (resource policy, not judged for ARNs)',
      file: 'template.yaml',
      code: 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n  QP:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues: [!Ref Queue]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: {Service: sns.amazonaws.com}\n            Action: sqs:SendMessage\n            Resource: !GetAtt Queue.Arn\n',
    },
    { name: 'trust policies have no Resource', file: 'trust-policy.json', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}' },
  ],
  invalid: [
    { name: 'PassCapacityProvider on a function (JSON)', code: json(`"${PASS}"`, `«"${FUNCTION}"»`), messages: ['mismatch'] },
    { name: 'PassCapacityProvider on a function (CloudFormation)', file: 'template.yaml', code: cfn(PASS, `«${FUNCTION}»`), messages: ['mismatch'] },
    { name: 'PassCapacityProvider on a function (SAM Policies)', file: 'template.yaml', code: sam(PASS, `«${FUNCTION}»`), messages: ['mismatch'] },
    { name: 'GetObject on a bucket', code: json('"s3:GetObject"', '«"arn:aws:s3:::my-bucket"»'), messages: ['mismatch'] },
    { name: 'ListBucket on objects', code: json('"s3:ListBucket"', '["arn:aws:s3:::my-bucket", «"arn:aws:s3:::my-bucket/*"»]'), messages: ['mismatch'] },
    { name: 'PassRole on an instance profile', code: json('"iam:PassRole"', '«"arn:aws:iam::123456789012:instance-profile/worker"»'), messages: ['mismatch'] },
    {
      name: 'a Deny on the wrong resource denies nothing either',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "lambda:DeleteFunction", "Resource": «"arn:aws:lambda:us-east-1:123456789012:layer:shared"»}]}',
      messages: ['mismatch'],
    },
    {
      name: 'an ARN built from pseudo parameters is judged',
      file: 'template.yaml',
      code: sam(PASS, '«!Sub "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:worker"»'),
      messages: ['mismatch'],
    },
    { name: 'Ref of a queue is its URL', file: 'template.yaml', code: withResources('sqs:SendMessage', '«!Ref Queue»'), messages: ['notArn'] },
    { name: 'Ref of a bucket is its name', file: 'template.yaml', code: withResources('s3:GetObject', '«!Ref Bucket»'), messages: ['notArn'] },
    { name: 'PassRole on Ref of a role (its name)', file: 'template.yaml', code: withResources('iam:PassRole', '[!GetAtt Role.Arn, «!Ref Role»]'), messages: ['notArn'] },
    { name: '!Sub of a name alone', file: 'template.yaml', code: withResources('s3:GetObject', '«!Sub "${Bucket}"»'), messages: ['notArn'] },
    { name: 'Ref of a SAM table (its name) in SAM Policies', file: 'template.yaml', code: samWithTable('dynamodb:GetItem', '«!Ref Table»'), messages: ['notArn'] },
    { name: 'a topic ARN for a queue action', file: 'template.yaml', code: withResources('sqs:SendMessage', '«!GetAtt Topic.TopicArn»'), messages: ['wrongService'] },
    { name: 'PassRole on a queue ARN', file: 'template.yaml', code: withResources('iam:PassRole', '«!GetAtt Queue.Arn»'), messages: ['wrongService'] },
    { name: 'GetObject on the ARN of a bucket', file: 'template.yaml', code: withMore('s3:GetObject', '«!GetAtt Bucket.Arn»'), messages: ['shapeMismatch'] },
    { name: "ListBucket on a bucket's objects", file: 'template.yaml', code: withMore('s3:ListBucket', '«!Sub "${Bucket.Arn}/*"»'), messages: ['shapeMismatch'] },
    { name: 'ListBucket on objects through !Join', file: 'template.yaml', code: withMore('s3:ListBucket', "«!Join ['', [!GetAtt Bucket.Arn, '/*']]»"), messages: ['shapeMismatch'] },
    { name: 'GetRecords on the table, not its stream', file: 'template.yaml', code: withMore('dynamodb:GetRecords', '«!GetAtt Table.Arn»'), messages: ['shapeMismatch'] },
    { name: 'DescribeExecution on the state machine, not its executions', file: 'template.yaml', code: withMore('states:DescribeExecution', '«!Ref Machine»'), messages: ['shapeMismatch'] },
    { name: 'a name placed where the bucket ARN goes, for ListBucket', file: 'template.yaml', code: withMore('s3:ListBucket', '«!Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"»'), messages: ['shapeMismatch'] },
    {
      name: 'each branch of !If',
      file: 'template.yaml',
      code: cfn(PASS, `!If [Shared, ${PROVIDERS}, «${FUNCTION}»]`),
      messages: ['mismatch'],
    },
  ],
});

test('iam/resource-mismatch names the expected ARN formats', () => {
  const messages = (text: string, name = 'policy.json') => lint({ name, text }).findings.filter((f) => f.ruleId === 'iam/resource-mismatch').map((f) => f.message);
  const expected =
    `"${FUNCTION}" is not a resource of lambda:PassCapacityProvider: expected arn:\${Partition}:lambda:\${Region}:\${Account}:capacity-provider:\${CapacityProviderName}.`;
  assert.deepEqual(messages(json(`"${PASS}"`, `"${FUNCTION}"`)), [expected]);
  assert.deepEqual(messages(cfn(PASS, FUNCTION), 'template.yaml'), [expected]);
  assert.deepEqual(messages(sam(PASS, FUNCTION), 'template.yaml'), [expected]);
  const many = messages(json('["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectTagging"]', '"arn:aws:s3:::my-bucket"'));
  assert.equal(many.length, 1);
  assert.match(many[0]!, /^"arn:aws:s3:::my-bucket" is not a resource of s3:GetObject, s3:PutObject, s3:DeleteObject and 1 more action: expected arn:\$\{Partition\}:s3:/);
});

test('iam/resource-mismatch says what a resolved value is and what the actions take', () => {
  const found = lint({ name: 'template.yaml', text: withMore('s3:GetObject', '!GetAtt Bucket.Arn') }).findings.filter((f) => f.ruleId === 'iam/resource-mismatch');
  assert.deepEqual(
    found.map((f) => [f.severity, f.message]),
    [
      [
        'warning',
        '!GetAtt Bucket.Arn is arn:${Partition}:s3:::${BucketName} (from the ARN of Bucket, an AWS::S3::Bucket): not a resource of s3:GetObject; expected arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName} or arn:${Partition}:s3:::${BucketName}/${ObjectName}.',
      ],
    ],
  );
});

test('iam/resource-mismatch: a reference that is not an ARN is an error that says what it is', () => {
  const found = lint({ name: 'template.yaml', text: withResources('sqs:SendMessage', '!Ref Queue') }).findings.filter((f) => f.ruleId === 'iam/resource-mismatch');
  assert.deepEqual(
    found.map((f) => [f.severity, f.message]),
    [['error', '!Ref Queue is the URL of Queue (AWS::SQS::Queue), not its ARN: IAM refuses a Resource that is not an ARN. Use its ARN: Fn::GetAtt Queue.Arn.']],
  );
  const wrong = lint({ name: 'template.yaml', text: withResources('sqs:SendMessage', '!GetAtt Topic.TopicArn') }).findings.filter((f) => f.ruleId === 'iam/resource-mismatch');
  assert.deepEqual(
    wrong.map((f) => [f.severity, f.message]),
    [['warning', '!GetAtt Topic.TopicArn is the ARN of Topic (AWS::SNS::Topic), a sns resource: none of sqs:SendMessage acts on sns resources.']],
  );
});
