import { ruleTester } from '../../rule-tester';

ruleTester('iam/missing-statement', {
  valid: [
    { code: '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}' },
    { name: 'intrinsic statement list', file: 'template.yaml', code: 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement: !If [C, [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}], {Effect: Deny, Action: "*", Resource: "*"}]\n' },
  ],
  invalid: [
    { name: 'null', code: '{"Version": "2012-10-17", "Statement": «null»}', messages: ['notObject'] },
    { name: 'a string', code: '{"Version": "2012-10-17", "Statement": «"s3:GetObject"»}', messages: ['notObject'] },
    { name: 'empty array', code: '{"Version": "2012-10-17", «"Statement"»: []}', messages: ['empty'] },
    { name: 'array of strings', code: '{"Version": "2012-10-17", "Statement": [«"a"», {"Effect": "Deny", "Action": "*", "Resource": "*"}]}', messages: ['notObject'] },
    {
      name: 'template: anchored at the key that holds the document',
      file: 'template.yaml',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      «PolicyDocument»:\n        Version: "2012-10-17"\n',
      messages: ['missing'],
    },
    {
      name: 'YAML key without a value',
      file: 'template.yaml',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        «Statement»:\n',
      messages: ['notObject'],
    },
  ],
});
