import { ruleTester } from '../../rule-tester';

ruleTester('iam/conflicting-elements', {
  valid: [{ code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]}' }],
  invalid: [
    { code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", «"NotAction"»: "iam:*", "Resource": "*"}]}', messages: ['conflict'] },
    { code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", «"NotResource"»: "arn:aws:s3:::b", "Action": "s3:*", "Resource": "*"}]}', messages: ['conflict'] },
    {
      name: 'Principal and NotPrincipal in a YAML trust policy',
      file: 'template.yaml',
      code: 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            «NotPrincipal»: { AWS: "arn:aws:iam::123456789012:root" }\n            Action: sts:AssumeRole\n',
      messages: ['conflict'],
    },
  ],
});
