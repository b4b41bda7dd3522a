import { ruleTester } from '../../rule-tester';

ruleTester('iam/invalid-version', {
  valid: [
    { code: '{"Version": "2012-10-17", "Statement": []}' },
    { name: 'legacy is another rule', code: '{"Version": "2008-10-17", "Statement": []}' },
    { name: 'plain YAML date-like scalar', file: 'template.yaml', code: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: 2012-10-17\n        Statement: []\n' },
    { name: 'intrinsic is not judged', file: 'template.yaml', code: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: !Ref PolicyVersion\n        Statement: []\n' },
  ],
  invalid: [
    {
      code: '{"Version": «"2012-10-18"», "Statement": []}',
      messages: ['invalid'],
      output: '{"Version": "2012-10-17", "Statement": []}',
    },
    { name: 'a number', code: '{"Version": «2012», "Statement": []}', messages: ['invalid'], output: '{"Version": "2012-10-17", "Statement": []}' },
    { name: 'a variable', code: '{"Version": «"${aws:username}"», "Statement": []}', messages: ['invalid'], output: '{"Version": "2012-10-17", "Statement": []}' },
    {
      name: 'CloudFormation YAML keeps the quoting style',
      file: 'template.yaml',
      code: "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: «'2012-01-01'»\n        Statement: []\n",
      messages: ['invalid'],
      output: "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement: []\n",
    },
    {
      name: 'SAM Policies entry, plain scalar',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: «2012-17-10»\n          Statement: []\n',
      messages: ['invalid'],
      output: "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement: []\n",
    },
  ],
});
