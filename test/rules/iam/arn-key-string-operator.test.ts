import { ruleTester } from '../../rule-tester';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:orders';
const policy = (condition: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q", "Condition": {${condition}}}]}`;

const template = (condition: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: lambda:InvokeFunctionUrl\n            Resource: "*"\n            Condition:\n${condition}`;

const sam = (condition: string) =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: iam:PassRole\n              Resource: "*"\n              Condition:\n${condition}`;

ruleTester('iam/arn-key-string-operator', {
  valid: [
    { name: 'ARN operators on ARN keys', code: policy(`"ArnLike": {"aws:SourceArn": "${TOPIC}"}, "ForAnyValue:ArnEqualsIfExists": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/r"}`) },
    { name: 'string operators on string keys', code: policy('"StringEquals": {"aws:SourceAccount": "123456789012"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:o/r:*"}') },
    { name: 'an unknown operator is another rule\'s', code: policy(`"StringEqual": {"aws:SourceArn": "${TOPIC}"}`) },
  ],
  invalid: [
    {
      name: 'StringEquals on aws:SourceArn: rename, safe',
      code: policy(`"StringEquals": {«"aws:SourceArn"»: "${TOPIC}"}`),
      messages: ['stringOperator'],
      output: policy(`"ArnEquals": {"aws:SourceArn": "${TOPIC}"}`),
    },
    {
      name: 'each string operator maps to its ARN twin, keeping qualifier and IfExists',
      code: policy(
        `"StringLike": {«"aws:SourceArn"»: "arn:aws:sns:*:123456789012:*"}, "StringNotLike": {«"aws:PrincipalArn"»: "arn:aws:iam::*:role/admin-*"}, ` +
          `"StringNotEquals": {«"aws:SourceVpcArn"»: "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1"}, "ForAnyValue:StringLikeIfExists": {«"sts:RequestContextProviders"»: "arn:aws:iam::123456789012:oidc-provider/*"}`,
      ),
      messages: ['stringOperator', 'stringOperator', 'stringOperator', 'stringOperator'],
      output: policy(
        `"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012:*"}, "ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin-*"}, ` +
          `"ArnNotEquals": {"aws:SourceVpcArn": "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1"}, "ForAnyValue:ArnLikeIfExists": {"sts:RequestContextProviders": "arn:aws:iam::123456789012:oidc-provider/*"}`,
      ),
    },
    {
      name: 'two ARN keys under one operator: one rename fixes both',
      code: policy(`"StringLike": {«"aws:SourceArn"»: "${TOPIC}", «"aws:PrincipalArn"»: "arn:aws:iam::123456789012:role/*"}`),
      messages: ['stringOperator', 'stringOperator'],
      output: policy(`"ArnLike": {"aws:SourceArn": "${TOPIC}", "aws:PrincipalArn": "arn:aws:iam::123456789012:role/*"}`),
    },
    {
      name: 'a block that also holds string keys: only the ARN key moves',
      code: policy(`"StringEquals": {"aws:SourceAccount": "123456789012", «"aws:SourceArn"»: "${TOPIC}"}`),
      messages: ['stringOperator'],
      output: policy(`"ArnEquals": { "aws:SourceArn": "${TOPIC}" }, "StringEquals": {"aws:SourceAccount": "123456789012"}`),
    },
    {
      name: 'the ARN operator exists: the key joins it',
      code: policy(`"ArnEquals": {"aws:SourceVpcArn": "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1"}, "StringEquals": {«"aws:SourceArn"»: "${TOPIC}"}`),
      messages: ['stringOperator'],
      output: policy(`"ArnEquals": {"aws:SourceVpcArn": "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1", "aws:SourceArn": "${TOPIC}"}`),
    },
    {
      name: 'StringEquals with a wildcard: ArnEquals would read it as one, so the fix is not safe',
      code: policy('"StringEquals": {«"aws:SourceArn"»: "arn:aws:sns:us-east-1:123456789012:*"}'),
      messages: ['stringOperator'],
      output: policy('"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:*"}'),
      safe: false,
    },
    {
      name: 'a value that is not an ARN: not safe',
      code: policy('"StringLike": {«"aws:SourceArn"»: "*orders*"}'),
      messages: ['stringOperator'],
      output: policy('"ArnLike": {"aws:SourceArn": "*orders*"}'),
      safe: false,
    },
    { name: 'IgnoreCase has no ARN twin: no fix', code: policy(`"StringEqualsIgnoreCase": {«"aws:SourceArn"»: "${TOPIC}"}`), messages: ['stringOperator'] },
    {
      name: 'YAML: the key moves with its template expression',
      file: 'template.yaml',
      code: template(
        '              StringEquals:\n                lambda:FunctionUrlAuthType: AWS_IAM\n                «lambda:FunctionArn»:\n                  - !GetAtt Orders.Arn\n                  - !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:audit\n',
      ),
      messages: ['stringOperator'],
      output: template(
        '              ArnEquals:\n                lambda:FunctionArn:\n                  - !GetAtt Orders.Arn\n                  - !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:audit\n              StringEquals:\n                lambda:FunctionUrlAuthType: AWS_IAM\n',
      ),
      safe: false,
    },
    {
      name: 'YAML: into an existing ARN block',
      file: 'template.yaml',
      code: template(
        '              ArnLike:\n                aws:SourceArn: arn:aws:sns:*:123456789012:*\n              StringLike:\n                lambda:FunctionUrlAuthType: AWS_IAM\n                «lambda:FunctionArn»: arn:aws:lambda:*:123456789012:function:orders*\n',
      ),
      messages: ['stringOperator'],
      output: template(
        '              ArnLike:\n                aws:SourceArn: arn:aws:sns:*:123456789012:*\n                lambda:FunctionArn: arn:aws:lambda:*:123456789012:function:orders*\n              StringLike:\n                lambda:FunctionUrlAuthType: AWS_IAM\n',
      ),
    },
    {
      name: 'SAM Policies',
      file: 'template.yaml',
      code: sam("                StringLike:\n                  «'iam:AssociatedResourceArn'»: !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*\n"),
      messages: ['stringOperator'],
      output: sam("                ArnLike:\n                  'iam:AssociatedResourceArn': !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*\n"),
    },
  ],
});
