import { ruleTester } from '../../rule-tester';

ruleTester('iam/legacy-version', {
  valid: [{ code: '{"Version": "2012-10-17", "Statement": []}' }],
  invalid: [
    { code: '{"Version": «"2008-10-17"», "Statement": []}', messages: ['legacy'], output: '{"Version": "2012-10-17", "Statement": []}' },
    {
      name: 'with policy variables the fix changes meaning: offered, not safe',
      code: '{"Version": «"2008-10-17"», "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}"}}',
      messages: ['withVariables'],
      output: '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}"}}',
      safe: false,
    },
    {
      file: 'template.yaml',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: «"2008-10-17"»\n        Statement: []\n',
      messages: ['legacy'],
      output: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement: []\n',
    },
  ],
});
