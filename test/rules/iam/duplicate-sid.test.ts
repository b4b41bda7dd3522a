import { ruleTester } from '../../rule-tester';

ruleTester('iam/duplicate-sid', {
  valid: [
    { code: '{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*"}, {"Sid": "B", "Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}' },
    { name: 'same Sid in two policies', file: 'template.yaml', code: 'Resources:\n  P1:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Sid: Read\n            Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n  P2:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Sid: Read\n            Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n' },
  ],
  invalid: [
    {
      code: '{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*"}, {"Sid": «"A"», "Effect": "Deny", "Action": "iam:*", "Resource": "*"}, {"Sid": «"A"», "Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}',
      messages: ['duplicateAccepted', 'duplicateAccepted'],
      severities: ['warning', 'warning'],
    },
    {
      name: 'a trust policy rejects duplicates',
      file: 'trust-policy.json',
      code: '{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}, {"Sid": «"A"», "Effect": "Allow", "Principal": {"Service": "edgelambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}',
      messages: ['duplicate'],
      severities: ['error'],
    },
    {
      name: 'YAML',
      file: 'template.yaml',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Sid: Read\n            Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n          - Sid: «Read»\n            Effect: Allow\n            Action: s3:ListBucket\n            Resource: "*"\n',
      messages: ['duplicateAccepted'],
      severities: ['warning'],
    },
  ],
});
