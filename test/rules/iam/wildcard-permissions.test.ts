import { ruleTester } from '../../rule-tester';

const json = (action: string, resource = '"*"', effect = 'Allow') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Action": ${action}, "Resource": ${resource}}]}`;
const cfn = (action: string, resource = '"*"') =>
  `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: ${action}\n            Resource: ${resource}\n`;
const sam = (action: string, resource = "'*'") =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: ${action}\n              Resource: ${resource}\n`;

ruleTester('iam/wildcard-permissions', {
  valid: [
    { name: 'scoped actions on *', code: json('["s3:ListAllMyBuckets", "s3:Get*"]') },
    { name: 'a service wildcard on scoped resources', code: json('"s3:*"', '["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]') },
    { name: 'Deny', code: json('"*"', '"*"', 'Deny') },
    { name: 'NotAction is iam/allow-with-not', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}' },
    { name: 'trust policies are not checked', file: 'trust-policy.json', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:*"}]}' },
    { name: 'an unknown service is iam/unknown-service', code: json('"dyanmodb:*"') },
    { name: 'template values are not judged', file: 'template.yaml', code: cfn('!Sub "${Service}:*"') },
  ],
  invalid: [
    { name: 'everything', code: json('«"*"»'), messages: ['all'] },
    { name: 'a service', code: json('«"dynamodb:*"»'), messages: ['service'] },
    { name: 'one finding per offending action', code: json('[«"s3:*"», "sqs:SendMessage", «"lambda:*"»]', '["arn:aws:s3:::b", "*"]'), messages: ['service', 'service'] },
    { name: '*:* is every action', code: json('«"*:*"»'), messages: ['all'] },
    { name: 'a condition does not make it scoped', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": «"ec2:*"», "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}]}', messages: ['service'] },
    { name: 'CloudFormation YAML', file: 'template.yaml', code: cfn('«dynamodb:*»'), messages: ['service'] },
    { name: 'SAM Policies', file: 'template.yaml', code: sam("«'*'»"), messages: ['all'] },
    { name: 'a branch of !If', file: 'template.yaml', code: cfn('!If [Admin, «"*"», s3:GetObject]'), messages: ['all'] },
  ],
});
