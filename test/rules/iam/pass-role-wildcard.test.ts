import { ruleTester } from '../../rule-tester';

const policy = (statement: string) => `{"Version": "2012-10-17", "Statement": [${statement}]}`;
const managed = (statement: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${statement}`;
const CONDITION = '"Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}';

ruleTester('iam/pass-role-wildcard', {
  valid: [
    { name: 'a named role', code: policy('{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/fn"}') },
    { name: 'a role path', code: policy('{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/service-role/*"}') },
    { name: 'PassedToService', code: policy(`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", ${CONDITION}}`) },
    { name: 'PassedToService with a set operator', code: policy('{"Effect": "Allow", "Action": "iam:*", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"iam:passedtoservice": ["lambda.amazonaws.com"]}}}') },
    { name: 'a Deny', code: policy('{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}') },
    { name: 'other iam actions', code: policy('{"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"}') },
    { name: 'NotAction excluding it', code: policy('{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}') },
    { name: 'NotResource excluding every role', code: policy('{"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::*:role/*"}') },
    { name: 'an action from a parameter', file: 'template.yaml', code: managed('          - Effect: Allow\n            Action: !Ref ActionParam\n            Resource: "*"\n') },
    { name: 'a resource from a parameter', file: 'template.yaml', code: managed('          - Effect: Allow\n            Action: iam:PassRole\n            Resource: !Ref RoleArn\n') },
    { name: 'a role name from a parameter', file: 'template.yaml', code: managed('          - Effect: Allow\n            Action: iam:PassRole\n            Resource: !Sub arn:aws:iam::${AWS::AccountId}:role/${RoleName}\n') },
    { name: 'a resource-based policy', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "iam:PassRole", "Resource": "*"}]}' },
  ],
  invalid: [
    {
      name: 'Resource "*": the condition is added',
      code: policy('{"Effect": "Allow", "Action": «"iam:PassRole"», "Resource": "*"}'),
      messages: ['everyRole'],
      output: policy(`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", ${CONDITION}}`),
    },
    {
      name: 'iam:Pass* names PassRole alone: the fix is offered',
      code: policy('{"Effect": "Allow", "Action": «"iam:Pass*"», "Resource": "arn:aws:iam::*:role/*"}'),
      messages: ['everyRole'],
      output: policy(`{"Effect": "Allow", "Action": "iam:Pass*", "Resource": "arn:aws:iam::*:role/*", ${CONDITION}}`),
    },
    { name: 'iam:* with other actions: no fix (it would deny them)', code: policy('{"Effect": "Allow", "Action": [«"iam:*"»], "Resource": "*"}'), messages: ['everyRole'] },
    { name: 'Action "*"', code: policy('{"Effect": "Allow", "Action": «"*"», "Resource": "*"}'), messages: ['everyRole'] },
    { name: 'a mixed statement: no fix', code: policy('{"Effect": "Allow", "Action": ["lambda:CreateFunction", «"iam:PassRole"»], "Resource": "*"}'), messages: ['everyRole'] },
    { name: 'NotAction that leaves PassRole in', code: policy('{"Effect": "Allow", «"NotAction"»: "s3:*", "Resource": "*"}'), messages: ['everyRole'] },
    {
      name: 'NotResource',
      code: policy('{"Effect": "Allow", "Action": «"iam:PassRole"», "NotResource": "arn:aws:iam::123456789012:role/admin"}'),
      messages: ['notResource'],
      output: policy(`{"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::123456789012:role/admin", ${CONDITION}}`),
    },
    { name: 'NotAction and NotResource', code: policy('{"Effect": "Allow", «"NotAction"»: "s3:*", "NotResource": "arn:aws:s3:::b"}'), messages: ['notResource'] },
    {
      name: 'another condition: the operator is added to it',
      code: policy('{"Effect": "Allow", "Action": «"iam:passrole"», "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}'),
      messages: ['everyRole'],
      output: policy('{"Effect": "Allow", "Action": "iam:passrole", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}, "StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}'),
    },
    {
      name: 'YAML managed policy, role ARN built with !Sub',
      file: 'template.yaml',
      code: managed('          - Effect: Allow\n            Action: «iam:PassRole»\n            Resource: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*\n'),
      messages: ['everyRole'],
      output: managed(
        '          - Effect: Allow\n            Action: iam:PassRole\n            Resource: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*\n            Condition:\n              StringEquals:\n                iam:PassedToService: lambda.amazonaws.com\n',
      ),
    },
    {
      name: 'YAML role inline policy with an existing StringEquals',
      file: 'template.yaml',
      code:
        'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: codebuild.amazonaws.com\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: deploy\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action:\n                  - «iam:PassRole»\n                Resource: "*"\n                Condition:\n                  StringEquals:\n                    aws:RequestedRegion: us-east-1\n',
      messages: ['everyRole'],
      output:
        'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: codebuild.amazonaws.com\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: deploy\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action:\n                  - iam:PassRole\n                Resource: "*"\n                Condition:\n                  StringEquals:\n                    aws:RequestedRegion: us-east-1\n                    iam:PassedToService: lambda.amazonaws.com\n',
    },
    {
      name: 'SAM Policies',
      file: 'template.yaml',
      code:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: «iam:PassRole»\n              Resource: '*'\n",
      messages: ['everyRole'],
      output:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: iam:PassRole\n              Resource: '*'\n              Condition:\n                StringEquals:\n                  iam:PassedToService: lambda.amazonaws.com\n",
    },
  ],
});
