import { ruleTester } from '../../rule-tester';

const json = (action: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${action}, "Resource": "*"}]}`;
const cfn = (action: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: ${action}\n            Resource: "*"\n`;
const sam = (action: string) =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: ${action}\n              Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders\n`;

ruleTester('iam/unknown-service', {
  valid: [
    { code: json('["dynamodb:PutItem", "s3:*", "*", "S3:GetObject", "lambda*:Invoke*", "*:GetObject"]') },
    { name: 'NotAction', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["iam:*", "sts:AssumeRole"], "Resource": "*"}]}' },
    { name: 'trust policy actions', file: 'trust-policy.json', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}' },
    { name: 'template values are not judged', file: 'template.yaml', code: cfn('\n              - !Sub "${Service}:GetObject"\n              - !Ref ActionName\n              - !If [Prod, dynamodb:GetItem, dynamodb:Query]') },
    { name: 'SAM', file: 'template.yaml', code: sam('dynamodb:PutItem') },
  ],
  invalid: [
    {
      name: 'transposed letters: one service has the action, a safe fix',
      code: json('«"dyanmodb:PutItem"»'),
      messages: ['didYouMean'],
      output: json('"dynamodb:PutItem"'),
    },
    {
      name: 'SAM Policies inline statement: exactly the scalar, only the service replaced',
      file: 'template.yaml',
      code: sam('«dyanmodb:PutItem»'),
      messages: ['didYouMean'],
      output: sam('dynamodb:PutItem'),
    },
    {
      name: 'CloudFormation YAML, double-quoted, in a list',
      file: 'template.yaml',
      code: cfn('\n              - dynamodb:GetItem\n              - «"dyanmodb:Query"»'),
      messages: ['didYouMean'],
      output: cfn('\n              - dynamodb:GetItem\n              - "dynamodb:Query"'),
    },
    {
      name: 'the rest of the action is kept as written, wildcards included',
      code: json('«"lamdba:Get*"»'),
      messages: ['didYouMean'],
      output: json('"lambda:Get*"'),
    },
    {
      name: 'only the service part is rewritten: an escape in the rest stays as written',
      code: json('«"dyanmodb:Put\\u0049tem"»'),
      messages: ['didYouMean'],
      output: json('"dynamodb:Put\\u0049tem"'),
    },
    {
      name: 'two services have the action: suggestions, not a safe fix',
      code: json('«"ecx:DescribeImages"»'),
      messages: ['didYouMean'],
      output: json('"ec2:DescribeImages"'),
      safe: false,
    },
    { name: 'nothing close', code: json('«"foobarbaz:GetThing"»'), messages: ['unknown'], severities: ['warning'] },
    { name: 'a close service without that action is no suggestion', code: json('«"s4:InvokeFunction"»'), messages: ['unknown'] },
    { name: 'a wildcard prefix that matches no service', code: json('«"lamda*:*"»'), messages: ['noMatchingService'] },
    { name: 'no prefix at all', code: json('["s3:GetObject", «"GetObject"»]'), messages: ['missingPrefix'], severities: ['error'] },
    {
      name: 'NotAction',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": «"dyanmodb:GetItem"», "Resource": "*"}]}',
      messages: ['didYouMean'],
      output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "dynamodb:GetItem", "Resource": "*"}]}',
    },
    {
      name: 'a !Sub without placeholders is judged on the intrinsic, without a fix',
      file: 'template.yaml',
      code: cfn('«!Sub dyanmodb:PutItem»'),
      messages: ['didYouMean'],
    },
  ],
});
