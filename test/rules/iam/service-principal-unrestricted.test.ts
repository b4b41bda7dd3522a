import { ruleTester } from '../../rule-tester';

const queue = (principal: string, condition = '', effect = 'Allow') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Principal": ${principal}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"${condition}}]}`;

ruleTester('iam/service-principal-unrestricted', {
  valid: [
    { name: 'an SQS queue policy in a template, for its SNS topic (aws:SourceArn !Ref Topic)', file: 'template.yaml', code: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Queue:\n    Type: AWS::SQS::Queue\n  QueuePolicy:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues: [!Ref Queue]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: sns.amazonaws.com\n            Action: sqs:SendMessage\n            Resource: !GetAtt Queue.Arn\n            Condition:\n              ArnEquals:\n                aws:SourceArn: !Ref Topic\n' },
    { name: 'SourceArn', code: queue('{"Service": "sns.amazonaws.com"}', ', "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}}') },
    { name: 'SourceAccount, key in another case as Lambda stores it', code: queue('{"Service": "s3.amazonaws.com"}', ', "Condition": {"StringEquals": {"AWS:SourceAccount": "123456789012"}}') },
    { name: 'SourceOrgID', code: queue('{"Service": "events.amazonaws.com"}', ', "Condition": {"StringEquals": {"aws:SourceOrgID": "o-a1b2c3d4e5"}}') },
    { name: 'a Deny', code: queue('{"Service": "sns.amazonaws.com"}', '', 'Deny') },
    { name: 'AWS principals', code: queue('{"AWS": "arn:aws:iam::123456789012:root"}') },
    { name: 'Alexa is scoped by its skill ID', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "alexa-appkit.amazon.com"}, "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Condition": {"StringEquals": {"lambda:EventSourceToken": "amzn1.ask.skill.1234"}}}]}' },
    { name: 'a trust policy is not a resource grant here', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}' },
    {
      name: 'role trust policy in a template',
      file: 'template.yaml',
      code: 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: states.amazonaws.com\n            Action: sts:AssumeRole\n',
    },
    { name: 'an unreadable Condition', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "*", "Condition": "x"}]}' },
  ],
  invalid: [
    { name: 'an SQS queue policy in a template for any SNS topic', file: 'template.yaml', code: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Queue:\n    Type: AWS::SQS::Queue\n  QueuePolicy:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues: [!Ref Queue]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: «sns.amazonaws.com»\n            Action: sqs:SendMessage\n            Resource: !GetAtt Queue.Arn\n', messages: ['unrestricted'], output: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Queue:\n    Type: AWS::SQS::Queue\n  QueuePolicy:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues: [!Ref Queue]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: sns.amazonaws.com\n            Action: sqs:SendMessage\n            Resource: !GetAtt Queue.Arn\n            Condition:\n              StringEquals:\n                aws:SourceAccount: \'111122223333\'\n' },
    {
      name: 'no condition: the fix uses the resource account',
      code: queue('{"Service": «"sns.amazonaws.com"»}'),
      messages: ['unrestricted'],
      output: queue('{"Service": "sns.amazonaws.com"}', ', "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}'),
    },
    {
      name: 'several services: one finding on the first',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": [«"sns.amazonaws.com"», "events.amazonaws.com"]}, "Action": "sqs:SendMessage", "Resource": "*"}]}',
      messages: ['unrestricted'],
      output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": ["sns.amazonaws.com", "events.amazonaws.com"]}, "Action": "sqs:SendMessage", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}]}',
    },
    {
      name: 'other conditions only: the key joins the existing operator',
      code: queue('{"Service": «"sns.amazonaws.com"»}', ', "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}'),
      messages: ['recommendedKey'],
      output: queue('{"Service": "sns.amazonaws.com"}', ', "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d", "aws:SourceAccount": "123456789012"}}'),
    },
    {
      name: 'aws:PrincipalOrgID never holds for a service: renamed to aws:SourceOrgID',
      code: queue('{"Service": «"sns.amazonaws.com"»}', ', "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}'),
      messages: ['unsupportedKey'],
      output: queue('{"Service": "sns.amazonaws.com"}', ', "Condition": {"StringEquals": {"aws:SourceOrgID": "o-a1b2c3d4e5"}}'),
    },
    {
      name: 'a Null check on the source does not scope it',
      code: queue('{"Service": «"sns.amazonaws.com"»}', ', "Condition": {"Null": {"aws:SourceArn": "false"}}'),
      messages: ['recommendedKey'],
      output: queue('{"Service": "sns.amazonaws.com"}', ', "Condition": {"Null": {"aws:SourceArn": "false"}, "StringEquals": {"aws:SourceAccount": "123456789012"}}'),
    },
    {
      name: 'multi-line JSON',
      code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": «"s3.amazonaws.com"» },\n      "Action": "lambda:InvokeFunction",\n      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f"\n    }\n  ]\n}\n',
      messages: ['unrestricted'],
      output: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": "s3.amazonaws.com" },\n      "Action": "lambda:InvokeFunction",\n      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",\n      "Condition": {\n        "StringEquals": {\n          "aws:SourceAccount": "123456789012"\n        }\n      }\n    }\n  ]\n}\n',
    },
  ],
});
