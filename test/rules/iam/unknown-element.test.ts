import { ruleTester } from '../../rule-tester';

ruleTester('iam/unknown-element', {
  valid: [
    { code: '{"Version": "2012-10-17", "Id": "x", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {}}]}' },
    { name: 'keys elsewhere in a template are not policy elements', file: 'template.yaml', code: 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: x\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement: []\n' },
  ],
  invalid: [
    {
      name: 'plural',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", «"Actions"»: "s3:GetObject", "Resource": "*"}]}',
      messages: ['didYouMean'],
      output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    },
    {
      name: 'wrong case at policy level',
      code: '{«"version"»: "2012-10-17", «"statement"»: []}',
      messages: ['didYouMean', 'didYouMean'],
      output: '{"Version": "2012-10-17", "Statement": []}',
    },
    {
      name: 'the correct element is already there: no rename offered',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", «"effect"»: "Deny", "Action": "*", "Resource": "*"}]}',
      messages: ['didYouMean'],
    },
    {
      name: 'nothing close',
      code: '{"Version": "2012-10-17", «"Comment"»: "x", "Statement": []}',
      messages: ['unknownInPolicy'],
    },
    {
      name: 'unknown statement element',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", «"Description"»: "all"}]}',
      messages: ['unknownInStatement'],
    },
    {
      name: 'YAML template',
      file: 'template.yaml',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            «Resources»: "*"\n',
      messages: ['didYouMean'],
      output: 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n',
    },
    {
      name: 'SAM Policies, quoted key',
      file: 'template.yaml',
      code: "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - «'Efect'»: Allow\n              Action: s3:GetObject\n              Resource: '*'\n",
      messages: ['didYouMean'],
      output: "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - 'Effect': Allow\n              Action: s3:GetObject\n              Resource: '*'\n",
    },
  ],
});
