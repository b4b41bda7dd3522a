import { ruleTester } from '../../rule-tester';

ruleTester('iam/invalid-sid', {
  valid: [
    { code: '{"Version": "2012-10-17", "Statement": [{"Sid": "ReadObjects2", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}' },
    { name: 'resource-based policies of other services allow more characters', code: '{"Version": "2012-10-17", "Statement": [{"Sid": "allow-read by partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}' },
  ],
  invalid: [
    {
      code: '{"Version": "2012-10-17", "Statement": [{"Sid": «"read-objects_2"», "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
      messages: ['invalid'],
      output: '{"Version": "2012-10-17", "Statement": [{"Sid": "readobjects2", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    },
    {
      name: 'trust policy, plain YAML',
      file: 'template.yaml',
      code: 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Sid: «Lambda assume»\n            Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n',
      messages: ['invalid'],
      output: 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Sid: Lambdaassume\n            Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n',
    },
    {
      name: 'SAM Policies',
      file: 'template.yaml',
      code: "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Sid: «'Read.Table'»\n              Effect: Allow\n              Action: dynamodb:GetItem\n              Resource: '*'\n",
      messages: ['invalid'],
      output: "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Sid: 'ReadTable'\n              Effect: Allow\n              Action: dynamodb:GetItem\n              Resource: '*'\n",
    },
  ],
});
