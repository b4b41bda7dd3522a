import { ruleTester } from '../../rule-tester';

ruleTester('iam/missing-element', {
  valid: [
    { code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::b"}]}' },
    { name: 'trust policy needs no Resource', file: 'trust.json', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}' },
    { name: 'a misspelt element is iam/unknown-element\'s finding', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resources": "*"}]}' },
  ],
  invalid: [
    { name: 'no Effect, anchored at the first key', code: '{"Version": "2012-10-17", "Statement": [{«"Action"»: "*", "Resource": "*"}]}', messages: ['effect'] },
    { name: 'no Action, anchored at the Sid', code: '{"Version": "2012-10-17", "Statement": [{«"Sid"»: "S1", "Effect": "Allow", "Resource": "*"}]}', messages: ['action'] },
    { name: 'no Resource', code: '{"Version": "2012-10-17", "Statement": [{«"Effect"»: "Allow", "Action": "s3:GetObject"}]}', messages: ['resource'] },
    { name: 'empty statement: all three at its brace', code: '{"Version": "2012-10-17", "Statement": [«««{»»»}]}', messages: ['effect', 'action', 'resource'] },
    {
      name: 'trust policy in a role without Principal',
      file: 'template.yaml',
      code: 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - «Effect»: Allow\n            Action: sts:AssumeRole\n',
      messages: ['principal'],
    },
    {
      name: 'resource-based standalone policy without Resource',
      code: '{"Version": "2012-10-17", "Statement": [{«"Effect"»: "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject"}]}',
      messages: ['resource'],
    },
    {
      name: 'SAM Policies entry without Resource',
      file: 'template.yaml',
      code: "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - «Effect»: Allow\n              Action: dynamodb:GetItem\n",
      messages: ['resource'],
    },
  ],
});
