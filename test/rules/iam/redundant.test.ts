import { ruleTester } from '../../rule-tester';

const json = (action: string, resource = '"*"') => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${action}, "Resource": ${resource}}]}`;
const cfn = (statements: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${statements}`;
const sam = (statements: string) =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n${statements}`;

ruleTester('iam/redundant', {
  valid: [
    { code: json('["s3:GetObject", "s3:PutObject", "s3:GetObjectTagging"]', '["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]') },
    { name: 'a * inside a field stops at its colon', code: json('"sqs:SendMessage"', '["arn:aws:sqs:*:orders", "arn:aws:sqs:us-east-1:123456789012:orders"]') },
    { name: 'ARNs are case-sensitive', code: json('"s3:GetObject"', '["arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x"]') },
    { name: 'policy variables are not judged', code: json('"s3:GetObject"', '["arn:aws:s3:::b/home/*", "arn:aws:s3:::b/home/${aws:username}"]') },
    {
      name: 'statements that differ in a condition',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}',
    },
    {
      name: 'statements that differ in Effect',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}',
    },
    {
      name: 'template values are not judged',
      file: 'template.yaml',
      code: cfn('          - Effect: Allow\n            Action: s3:GetObject\n            Resource:\n              - !Sub "${Bucket.Arn}/*"\n              - !Sub "${Bucket.Arn}/*"\n'),
    },
  ],
  invalid: [
    {
      name: 'an action under a wildcard',
      code: json('["s3:Get*", «"s3:GetObject"», "s3:PutObject"]'),
      messages: ['action'],
      output: json('["s3:Get*", "s3:PutObject"]'),
    },
    {
      name: 'the covering wildcard may come later; case does not matter for actions',
      code: json('[«"s3:getobject"», "S3:*"]'),
      messages: ['action'],
      output: json('["S3:*"]'),
    },
    { name: 'the same action twice: the second one', code: json('["lambda:InvokeFunction", «"lambda:invokefunction"»]'), messages: ['duplicate'], output: json('["lambda:InvokeFunction"]') },
    { name: '* covers every action', code: json('[«"iam:PassRole"», "*"]'), messages: ['action'], output: json('["*"]') },
    {
      name: 'a resource under a wildcard',
      code: json('"s3:GetObject"', '["arn:aws:s3:::my-bucket/*", «"arn:aws:s3:::my-bucket/reports/x.csv"»]'),
      messages: ['resource'],
      output: json('"s3:GetObject"', '["arn:aws:s3:::my-bucket/*"]'),
    },
    {
      name: 'a * ending a shorter ARN runs across colons',
      code: json('"s3:GetObject"', '["arn:aws:s3:*", «"arn:aws:s3:::my-bucket/*"»]'),
      messages: ['resource'],
      output: json('"s3:GetObject"', '["arn:aws:s3:*"]'),
    },
    {
      name: 'two in one list: one pass removes what does not overlap',
      code: json('["s3:*", «"s3:GetObject"», «"s3:PutObject"»]'),
      messages: ['action', 'action'],
      output: json('["s3:*", "s3:PutObject"]'),
    },
    {
      name: 'NotAction and NotResource too',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["iam:*", «"iam:PassRole"»], "NotResource": ["arn:aws:iam::123456789012:role/*", «"arn:aws:iam::123456789012:role/app"»]}]}',
      messages: ['action', 'resource'],
      output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["iam:*"], "NotResource": ["arn:aws:iam::123456789012:role/*"]}]}',
    },
    {
      name: 'a repeated statement (Sid and order aside), removed with its comma',
      code: '{"Version": "2012-10-17", "Statement": [\n  {"Sid": "A", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"},\n  {«"Sid"»: "B", "Effect": "Allow", "Action": ["s3:PutObject", "s3:getobject"], "Resource": ["*"]}\n]}',
      messages: ['statement'],
      output: '{"Version": "2012-10-17", "Statement": [\n  {"Sid": "A", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}\n]}',
    },
    {
      name: 'CloudFormation YAML block list, CRLF kept',
      file: 'template.yaml',
      code: cfn('          - Effect: Allow\r\n            Action:\r\n              - s3:GetObject\r\n              - «s3:GetObject»   # again\r\n              - s3:PutObject\r\n            Resource: "*"\r\n').replace(/\n/g, '\r\n').replace(/\r\r/g, '\r'),
      messages: ['duplicate'],
      output: cfn('          - Effect: Allow\r\n            Action:\r\n              - s3:GetObject\r\n              - s3:PutObject\r\n            Resource: "*"\r\n').replace(/\n/g, '\r\n').replace(/\r\r/g, '\r'),
    },
    {
      name: 'YAML flow list',
      file: 'template.yaml',
      code: cfn('          - Effect: Allow\n            Action: [s3:GetObject, «s3:GetObject»]\n            Resource: "*"\n'),
      messages: ['duplicate'],
      output: cfn('          - Effect: Allow\n            Action: [s3:GetObject]\n            Resource: "*"\n'),
    },
    {
      name: 'SAM Policies: a repeated YAML statement goes with its lines',
      file: 'template.yaml',
      code: sam(
        '            - Effect: Allow\n              Action: dynamodb:GetItem\n              Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders\n            - «Effect»: Allow\n              Action: [dynamodb:GetItem]\n              Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders\n',
      ),
      messages: ['statement'],
      output: sam('            - Effect: Allow\n              Action: dynamodb:GetItem\n              Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders\n'),
    },
  ],
});
