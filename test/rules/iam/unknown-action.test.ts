import { ruleTester } from '../../rule-tester';

const json = (action: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${action}, "Resource": "*"}]}`;
const cfn = (action: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: ${action}\n            Resource: "*"\n`;
const sam = (action: string) =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: ${action}\n              Resource: '*'\n`;

ruleTester('iam/unknown-action', {
  valid: [
    { code: json('["s3:GetObject", "lambda:PassCapacityProvider", "s3:Get*", "s3:*", "*", "lambda:Invoke?unction"]') },
    { name: 'action names are case-insensitive: a lower-case action is valid', code: json('["s3:getobject", "LAMBDA:INVOKEFUNCTION", "DynamoDB:putItem"]') },
    { name: 'unknown services are iam/unknown-service', code: json('["dyanmodb:PutItem", "GetObject"]') },
    { name: 'template values are not judged', file: 'template.yaml', code: cfn('\n              - !Sub "s3:${Verb}Object"\n              - !Ref ActionName') },
    { name: 'SAM', file: 'template.yaml', code: sam('lambda:InvokeFunction') },
  ],
  invalid: [
    {
      name: 'a typo: suggestions in canonical case, not a safe fix',
      code: json('«"s3:GetObjects"»'),
      messages: ['didYouMean'],
      severities: ['warning'],
      output: json('"s3:GetObject"'),
    },
    {
      name: 'a typo in lower case gets the canonical spelling',
      code: json('«"lambda:invokefuncton"»'),
      messages: ['didYouMean'],
      output: json('"lambda:InvokeFunction"'),
    },
    {
      name: 'CloudFormation YAML list',
      file: 'template.yaml',
      code: cfn('\n              - s3:GetObject\n              - «s3:PutObjet»'),
      messages: ['didYouMean'],
      output: cfn('\n              - s3:GetObject\n              - s3:PutObject'),
    },
    {
      name: 'SAM Policies, single-quoted',
      file: 'template.yaml',
      code: sam("«'lambda:PassCapacityProvders'»"),
      messages: ['didYouMean'],
      output: sam("'lambda:PassCapacityProvider'"),
    },
    { name: 'nothing close', code: json('«"s3:MakeCoffee"»'), messages: ['unknown'] },
    { name: 'a wildcard that matches no action', code: json('«"lambda:Invok*Urls"»'), messages: ['noMatch'] },
    { name: 'a wildcard service whose services have no such action', code: json('«"lambda*:GetObject"»'), messages: ['noMatch'] },
    {
      name: 'NotAction',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["s3:GetObject", «"s3:ListBuckets"»], "Resource": "*"}]}',
      messages: ['didYouMean'],
      output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]}',
    },
    {
      name: 'each branch of !If',
      file: 'template.yaml',
      code: cfn('!If [Prod, «s3:GetObjects», s3:GetObject]'),
      messages: ['didYouMean'],
      output: cfn('!If [Prod, s3:GetObject, s3:GetObject]'),
    },
  ],
});
