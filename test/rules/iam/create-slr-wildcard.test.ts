import { ruleTester } from '../../rule-tester';

const policy = (statement: string) => `{"Version": "2012-10-17", "Statement": [${statement}]}`;
const CONDITION = '"Condition": {"StringEquals": {"iam:AWSServiceName": "lambda.amazonaws.com"}}';

ruleTester('iam/create-slr-wildcard', {
  valid: [
    { name: 'AWSServiceName', code: policy(`{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", ${CONDITION}}`) },
    { name: 'one service-linked role', code: policy('{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::*:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda"}') },
    { name: 'the service-linked roles of one service', code: policy('{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::*:role/aws-service-role/lambda.amazonaws.com/*"}') },
    { name: 'a Deny', code: policy('{"Effect": "Deny", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}') },
    { name: 'iam:Create* on ordinary roles only', code: policy('{"Effect": "Allow", "Action": "iam:Create*", "Resource": "arn:aws:iam::123456789012:role/app/*"}') },
    {
      name: 'YAML with AWSServiceName from a parameter',
      file: 'template.yaml',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: iam:CreateServiceLinkedRole\n            Resource: "*"\n            Condition:\n              StringEquals:\n                iam:AWSServiceName: !Ref ServiceName\n',
    },
  ],
  invalid: [
    {
      name: 'Resource "*"',
      code: policy('{"Effect": "Allow", "Action": «"iam:CreateServiceLinkedRole"», "Resource": "*"}'),
      messages: ['everyService'],
      output: policy(`{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", ${CONDITION}}`),
    },
    {
      name: 'every service-linked role',
      code: policy('{"Effect": "Allow", "Action": «"iam:CreateServiceLinkedRole"», "Resource": "arn:aws:iam::*:role/aws-service-role/*"}'),
      messages: ['everyService'],
      output: policy(`{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::*:role/aws-service-role/*", ${CONDITION}}`),
    },
    { name: 'iam:Create* with other actions: no fix', code: policy('{"Effect": "Allow", "Action": «"iam:Create*"», "Resource": "*"}'), messages: ['everyService'] },
    { name: 'NotAction', code: policy('{"Effect": "Allow", «"NotAction"»: ["s3:*", "ec2:*"], "Resource": "*"}'), messages: ['everyService'] },
    {
      name: 'NotResource',
      code: policy('{"Effect": "Allow", "Action": «"iam:CreateServiceLinkedRole"», "NotResource": "arn:aws:iam::*:role/aws-service-role/ec2.amazonaws.com/*"}'),
      messages: ['notResource'],
      output: policy(`{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "NotResource": "arn:aws:iam::*:role/aws-service-role/ec2.amazonaws.com/*", ${CONDITION}}`),
    },
    {
      name: 'YAML role inline policy',
      file: 'template.yaml',
      code:
        'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: codebuild.amazonaws.com\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: slr\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: «iam:CreateServiceLinkedRole»\n                Resource: "*"\n',
      messages: ['everyService'],
      output:
        'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: codebuild.amazonaws.com\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: slr\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: iam:CreateServiceLinkedRole\n                Resource: "*"\n                Condition:\n                  StringEquals:\n                    iam:AWSServiceName: lambda.amazonaws.com\n',
    },
    {
      name: 'SAM Policies',
      file: 'template.yaml',
      code:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: «iam:CreateServiceLinkedRole»\n              Resource: '*'\n",
      messages: ['everyService'],
      output:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: iam:CreateServiceLinkedRole\n              Resource: '*'\n              Condition:\n                StringEquals:\n                  iam:AWSServiceName: lambda.amazonaws.com\n",
    },
  ],
});
