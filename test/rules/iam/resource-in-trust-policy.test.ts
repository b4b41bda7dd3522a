import { ruleTester } from '../../rule-tester';

const role = (statement: string) =>
  `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${statement}`;

ruleTester('iam/resource-in-trust-policy', {
  valid: [
    { code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}' },
    {
      name: 'Resource in the role\'s identity policy is right',
      file: 'template.yaml',
      code:
        role('          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n') +
        '      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: s3:GetObject\n                Resource: arn:aws:s3:::b/*\n',
    },
    {
      name: 'NotPrincipal in a resource-based policy is allow-with-not\'s business',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]}',
    },
  ],
  invalid: [
    {
      name: 'Resource "*": removed, safely',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole", «"Resource"»: "*"}]}',
      messages: ['resource'],
      output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}',
    },
    {
      name: 'a role ARN: removal is a suggestion',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", «"Resource"»: "arn:aws:iam::123456789012:role/r", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}',
      messages: ['resource'],
      output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}',
      safe: false,
    },
    {
      name: 'NotResource: a suggestion',
      file: 'template.yaml',
      code: role('          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n            «NotResource»: arn:aws:iam::123456789012:role/other\n'),
      messages: ['resource'],
      output: role('          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n'),
      safe: false,
    },
    {
      name: 'NotPrincipal alone: no automatic fix',
      file: 'template.yaml',
      code: role('          - Effect: Allow\n            «NotPrincipal»:\n              AWS: arn:aws:iam::123456789012:role/admin\n            Action: sts:AssumeRole\n'),
      messages: ['notPrincipal'],
    },
    {
      name: 'NotPrincipal beside Principal: removing it leaves a valid statement',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, «"NotPrincipal"»: {"AWS": "123456789012"}, "Action": "sts:AssumeRole"}]}',
      messages: ['notPrincipal'],
      output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}',
      safe: false,
    },
    {
      name: 'SAM AssumeRolePolicyDocument, Resource list of "*"',
      file: 'template.yaml',
      code:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n            «Resource»: ['*']\n",
      messages: ['resource'],
      output:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n",
    },
    {
      name: 'Resource from an intrinsic: a suggestion',
      file: 'template.yaml',
      code: role('          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n            «Resource»: !Sub arn:aws:iam::${AWS::AccountId}:role/x\n'),
      messages: ['resource'],
      output: role('          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n'),
      safe: false,
    },
  ],
});
