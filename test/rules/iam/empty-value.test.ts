import { ruleTester } from '../../rule-tester';

const json = (extra: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"${extra}}]}`;
const cfn = (statement: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${statement}`;
const sam = (statement: string) =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n${statement}`;
const bucketPolicy = (principal: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ${principal}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`;

ruleTester('iam/empty-value', {
  valid: [
    { code: json(', "Sid": "Read", "Condition": {"Bool": {"aws:SecureTransport": "true"}}') },
    {
      name: 'a Principal in an identity policy is iam/principal-in-identity-policy',
      file: 'template.yaml',
      code: cfn('          - Effect: Allow\n            Principal: {}\n            Action: s3:GetObject\n            Resource: "*"\n'),
    },
    { name: 'a null is not an empty list', file: 'template.yaml', code: cfn('          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n            Condition:\n              Bool:\n                aws:SecureTransport: "true"\n') },
  ],
  invalid: [
    { name: 'empty Condition: removed, safely', code: json(', "Condition": «{}»'), messages: ['condition'], output: json('') },
    { name: 'empty Sid: removed, safely', code: json(', "Sid": «""»'), messages: ['sid'], output: json('') },
    {
      name: 'empty Action and Resource lists: no fix',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": «[]», "Resource": «[]»}]}',
      messages: ['element', 'element'],
    },
    { name: 'NotAction and NotResource', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": «[]», "NotResource": «[]»}]}', messages: ['notElement', 'notElement'] },
    { name: 'empty Principal object', code: bucketPolicy('«{}»'), messages: ['principal'] },
    { name: 'empty principal list', code: bucketPolicy('{"AWS": «[]»}'), messages: ['principal'] },
    {
      name: 'an empty operator block: its removal is a suggestion',
      code: json(', "Condition": {"StringEquals": «{}»}'),
      messages: ['operator'],
      output: json(', "Condition": {}'),
      safe: false,
    },
    { name: 'a condition key without values', code: json(', "Condition": {"StringEquals": {"aws:SourceAccount": «[]»}}'), messages: ['conditionValues'] },
    { name: 'ForAllValues', code: json(', "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": «[]»}}'), messages: ['conditionForAllValues'] },
    { name: 'ForAnyValue', code: json(', "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": «[]»}}'), messages: ['conditionForAnyValue'] },
    { name: 'IfExists', code: json(', "Condition": {"StringEqualsIfExists": {"aws:SourceVpc": «[]»}}'), messages: ['conditionIfExists'] },
    {
      name: 'CloudFormation YAML: the empty Sid line goes',
      file: 'template.yaml',
      code: cfn('          - Effect: Allow\n            Sid: «\'\'»\n            Action: s3:GetObject\n            Resource: "*"\n'),
      messages: ['sid'],
      output: cfn('          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n'),
    },
    {
      name: 'SAM Policies: an empty Condition',
      file: 'template.yaml',
      code: sam("            - Effect: Allow\n              Action: s3:GetObject\n              Resource: '*'\n              Condition: «{}»\n"),
      messages: ['condition'],
      output: sam("            - Effect: Allow\n              Action: s3:GetObject\n              Resource: '*'\n"),
    },
    {
      name: 'SAM Policies: an empty Resource list',
      file: 'template.yaml',
      code: sam('            - Effect: Allow\n              Action: s3:GetObject\n              Resource: «[]»\n'),
      messages: ['element'],
    },
  ],
});
