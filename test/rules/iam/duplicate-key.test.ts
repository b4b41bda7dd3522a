import { ruleTester } from '../../rule-tester';

ruleTester('iam/duplicate-key', {
  valid: [
    { code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a", "aws:ResourceTag/team": "a"}}}]}' },
    { name: 'duplicate keys outside policies are not this rule', file: 'template.yaml', code: 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 1\n      DelaySeconds: 2\n' },
  ],
  invalid: [
    {
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", «"Action"»: "s3:PutObject", "Resource": "*"}]}',
      messages: ['duplicate'],
    },
    {
      name: 'inside a condition operator block',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": "1", «"aws:SourceAccount"»: "2"}}}]}',
      messages: ['duplicate'],
    },
    {
      name: 'condition keys that differ only in case',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": "1", «"aws:sourceaccount"»: "2"}}}]}',
      messages: ['duplicateConditionKey'],
    },
    {
      name: 'YAML',
      file: 'template.yaml',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n            «Resource»: arn:aws:s3:::b\n',
      messages: ['duplicate'],
    },
  ],
});
