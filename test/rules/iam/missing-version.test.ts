import { ruleTester } from '../../rule-tester';

ruleTester('iam/missing-version', {
  valid: [
    { code: '{"Version": "2012-10-17", "Statement": []}' },
    { name: 'not a policy', code: '{"name": "package", "version": "1.0.0"}' },
  ],
  invalid: [
    {
      name: 'one-line JSON',
      code: '{«"Statement"»: {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}',
      messages: ['missing'],
      output: '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}',
    },
    {
      name: 'indented JSON keeps the indentation',
      code: '{\n    «"Statement"»: []\n}\n',
      messages: ['missing'],
      output: '{\n    "Version": "2012-10-17",\n    "Statement": []\n}\n',
    },
    {
      name: 'CRLF JSON keeps the line endings',
      code: '{\r\n  «"Statement"»: []\r\n}\r\n',
      messages: ['missing'],
      output: '{\r\n  "Version": "2012-10-17",\r\n  "Statement": []\r\n}\r\n',
    },
    {
      name: 'policy variables are then literal text',
      code: '{«"Statement"»: {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}}',
      messages: ['withVariables'],
      output: '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}}',
    },
    {
      name: 'trust policy in a CloudFormation role',
      file: 'template.yaml',
      code: 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        «Statement»:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n',
      messages: ['missing'],
      output: "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n",
    },
    {
      name: 'SAM Policies inline document as a list item',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - «Statement»:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: "*"\n',
      messages: ['missing'],
      output: "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: \"*\"\n",
    },
    {
      name: 'flow mapping in YAML',
      file: 'template.yaml',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: {«Statement»: []}\n',
      messages: ['missing'],
      output: "Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: {Version: '2012-10-17', Statement: []}\n",
    },
  ],
});
