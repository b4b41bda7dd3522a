import { ruleTester } from '../../rule-tester';

ruleTester('iam/invalid-effect', {
  valid: [
    { code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*"}]}' },
    { name: 'intrinsic', file: 'template.yaml', code: 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: !If [Strict, Deny, Allow]\n            Action: "*"\n            Resource: "*"\n' },
  ],
  invalid: [
    {
      name: 'lower case: the fix covers exactly the value',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": «"allow"», "Action": "s3:GetObject", "Resource": "*"}]}',
      messages: ['invalid'],
      output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    },
    {
      name: 'upper case Deny',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": «"DENY"», "Action": "s3:GetObject", "Resource": "*"}]}',
      messages: ['invalid'],
      output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}',
    },
    {
      name: 'misspelt: a suggestion, not a safe fix',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": «"Alow"», "Action": "s3:GetObject", "Resource": "*"}]}',
      messages: ['invalid'],
      output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
      safe: false,
    },
    { name: 'nothing close', code: '{"Version": "2012-10-17", "Statement": [{"Effect": «"Permit"», "Action": "*", "Resource": "*"}]}', messages: ['invalid'] },
    { name: 'not a string', code: '{"Version": "2012-10-17", "Statement": [{"Effect": «true», "Action": "*", "Resource": "*"}]}', messages: ['invalid'] },
    {
      name: 'YAML template, plain scalar',
      file: 'template.yaml',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: «allow»\n            Action: s3:GetObject\n            Resource: "*"\n',
      messages: ['invalid'],
      output: 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n',
    },
    {
      name: 'SAM Policies, single-quoted',
      file: 'template.yaml',
      code: "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: «'allow'»\n              Action: s3:GetObject\n              Resource: '*'\n",
      messages: ['invalid'],
      output: "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: 'Allow'\n              Action: s3:GetObject\n              Resource: '*'\n",
    },
    {
      name: 'a branch of !If',
      file: 'template.yaml',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: !If [Strict, Deny, «allow»]\n            Action: "*"\n            Resource: "*"\n',
      messages: ['invalid'],
      output: 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: !If [Strict, Deny, Allow]\n            Action: "*"\n            Resource: "*"\n',
    },
  ],
});
