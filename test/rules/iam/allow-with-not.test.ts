import { ruleTester } from '../../rule-tester';

const cfn = (statement: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n${statement}`;
const sam = (statement: string) =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n${statement}`;

ruleTester('iam/allow-with-not', {
  valid: [
    { name: 'Deny with NotAction', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]}' },
    {
      name: 'Deny with NotPrincipal',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]}',
    },
    { name: 'Allow with Action', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}' },
    {
      name: 'NotPrincipal in a trust policy is iam/resource-in-trust-policy',
      file: 'trust-policy.json',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}',
    },
  ],
  invalid: [
    {
      name: 'identity policy',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", «"NotAction"»: "iam:*", "Resource": "*"}]}',
      messages: ['notAction'],
    },
    {
      name: 'resource-based policy with NotPrincipal',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", «"NotPrincipal"»: {"AWS": "arn:aws:iam::123456789012:user/mallory"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}',
      messages: ['notPrincipal'],
    },
    {
      name: 'both',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", «"NotPrincipal"»: {"AWS": "arn:aws:iam::123456789012:user/mallory"}, «"NotAction"»: "s3:DeleteObject", "Resource": "arn:aws:s3:::b/*"}]}',
      messages: ['notPrincipal', 'notAction'],
    },
    { name: 'CloudFormation YAML', file: 'template.yaml', code: cfn('            «NotAction»: iam:*\n            Resource: "*"\n'), messages: ['notAction'] },
    { name: 'SAM Policies', file: 'template.yaml', code: sam("              «NotAction»: ['iam:*', 'organizations:*']\n              Resource: '*'\n"), messages: ['notAction'] },
  ],
});
