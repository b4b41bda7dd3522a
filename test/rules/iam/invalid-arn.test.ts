import { ruleTester } from '../../rule-tester';

const json = (resource: string, key = 'Resource') => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "${key}": ${resource}}]}`;
const cfn = (resource: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: ${resource}\n`;
const sam = (resource: string) =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: lambda:InvokeFunction\n              Resource: ${resource}\n`;

ruleTester('iam/invalid-arn', {
  valid: [
    {
      code: json(
        '["*", "arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*", "arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:lambda:*:*:function:*", "arn:aws:lambda:us-east-1:123456789012:function:f:prod", "arn:aws-cn:s3:::b", "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f"]',
      ),
    },
    { name: 'a * that ends the last field runs across colons', code: json('["arn:aws:s3:*", "arn:aws:*"]') },
    { name: 'AWS-owned resources have no account', code: json('["arn:aws:ssm:*::document/AWS-RunShellScript", "arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/*", "arn:aws:ec2:us-east-1::image/ami-0abcdef1234567890", "arn:aws:iam::aws:policy/AWSLambdaExecute"]') },
    { name: 'wildcards that may be empty', code: json('["arn:aws:s3:*:*:my-bucket", "arn:aws:lambda:us-east-?:12345678901?:function:f", "arn:*:s3:::b"]') },
    { name: 'policy variables', code: json('["arn:aws:s3:::my-bucket/${aws:username}/*", "arn:aws:iam::123456789012:user/${aws:username}"]') },
    { name: 'a namespace the catalogue has no formats for is not judged further', code: json('"arn:aws:example-service:us-east-1:123456789012:thing/x"') },
    {
      name: 'template values are never invalid',
      file: 'template.yaml',
      code: cfn(
        '\n              - !GetAtt Fn.Arn\n              - !Sub "${Bucket.Arn}/*"\n              - !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}\n              - !Ref BucketArn\n              - !Join ["", ["arn:aws:s3:::", !Ref Bucket, "/*"]]\n              - !Select [0, !Ref Arns]',
      ),
    },
    { name: 'a trust policy has no Resource to check here', file: 'trust-policy.json', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "arn:aws:S3:::b"}]}' },
  ],
  invalid: [
    { name: 'not an ARN', code: json('«"my-bucket"»'), messages: ['notArn'], severities: ['error'] },
    { name: 'prefix', code: json('"«aws»:s3:::my-bucket:x:y"'), messages: ['prefix'] },
    { name: 'too few fields', code: json('«"arn:aws:s3:my-bucket"»'), messages: ['missingFields'] },
    { name: 'unknown partition', code: json('"arn:«amazon»:s3:::my-bucket"'), messages: ['partition'], severities: ['error'] },
    { name: 'empty partition', code: json('"arn«::»s3:::my-bucket"'), messages: ['missingField'], severities: ['error'] },
    { name: 'service case', code: json('"arn:aws:«S3»:::my-bucket"'), messages: ['serviceCase'], severities: ['warning'] },
    { name: 'service characters', code: json('"arn:aws:«s_3»:::my-bucket"'), messages: ['service'] },
    { name: 'empty resource', code: json('"arn:aws:s3::«:»"'), messages: ['emptyResource'], severities: ['warning'] },
    { name: 'an empty resource as in AmazonDevOpsGuruOrganizationsAccess', code: json('"arn:aws:organizations::*«:»"'), messages: ['emptyResource'], severities: ['warning'] },
    { name: 'region format', code: json('"arn:aws:lambda:«useast1»:123456789012:function:f"'), messages: ['region'], severities: ['warning'] },
    { name: 'the literal word region, as in AWSCodeDeployRoleForLambda v1', code: json('"arn:aws:lambda:«region»:*:function:CodeDeployHook_*"'), messages: ['region'], severities: ['warning'] },
    { name: 'account format', code: json('"arn:aws:lambda:us-east-1:«12345678901»:function:f"'), messages: ['account'], severities: ['warning'] },
    { name: 'S3 bucket ARNs have no Region', code: json('"arn:aws:s3:«us-east-1»::my-bucket"'), messages: ['regionNotAllowed'], severities: ['warning'] },
    { name: 'S3 bucket ARNs have no account', code: json('"arn:aws:s3::«123456789012»:my-bucket/*"'), messages: ['accountNotAllowed'], severities: ['warning'] },
    { name: 'neither', code: json('"arn:aws:s3:«us-east-1»:«123456789012»:my-bucket"'), messages: ['regionNotAllowed', 'accountNotAllowed'], severities: ['warning', 'warning'] },
    { name: 'IAM ARNs have no Region', code: json('"arn:aws:iam:«us-east-1»:123456789012:role/worker"'), messages: ['regionNotAllowed'], severities: ['warning'] },
    { name: 'Lambda function ARNs need a Region', code: json('"arn:aws:lambda«::»123456789012:function:f"'), messages: ['missingRegion'], severities: ['warning'] },
    { name: 'a logs ARN without a Region is a warning', code: json('"arn:aws:logs«::»123456789012:log-group:app*"'), messages: ['missingRegion'], severities: ['warning'] },
    { name: 'DynamoDB table ARNs need an account', code: json('"arn:aws:dynamodb:us-east-1«::»table/Orders"'), messages: ['missingAccount'], severities: ['warning'] },
    { name: 'NotResource too', code: json('["arn:aws:s3:::a", "arn:aws:«S3»:::b"]', 'NotResource'), messages: ['serviceCase'] },
    {
      name: 'YAML plain scalar: the field inside it',
      file: 'template.yaml',
      code: cfn('arn:aws:lambda:us-east-1:«12345678901»:function:worker'),
      messages: ['account'],
    },
    {
      name: 'YAML single-quoted',
      file: 'template.yaml',
      code: cfn("'arn:aws:«S3»:::my-bucket'"),
      messages: ['serviceCase'],
    },
    {
      name: 'a YAML-only escape (\\x41) in the scalar: the whole value',
      file: 'template.yaml',
      code: cfn('«"arn:aws:lambda:us-east1:123456789012:function:\\x41pp"»'),
      messages: ['region'],
    },
    {
      name: 'a JSON escape in a YAML double-quoted scalar: still the field',
      file: 'template.yaml',
      code: cfn('"arn:aws:lambda:«us-east1»:123456789012:function:a\\/b"'),
      messages: ['region'],
    },
    { name: 'a JSON escape before the field: still the field', code: json('"arn:aws:«\\u0053\\u0033»:::my-bucket"'), messages: ['serviceCase'] },
    { name: 'a block scalar: the whole value', file: 'template.yaml', code: cfn('«>-\n              arn:aws:S3:::my-bucket»'), messages: ['serviceCase'] },
    {
      name: 'a known field before a template value: the whole intrinsic',
      file: 'template.yaml',
      code: cfn('«!Sub "arn:aws:S3:::${Bucket}/*"»'),
      messages: ['serviceCase'],
    },
    {
      name: 'pseudo parameters do not hide a missing account',
      file: 'template.yaml',
      code: sam('«!Sub "arn:${AWS::Partition}:lambda:${AWS::Region}::function:worker"»'),
      messages: ['missingAccount'],
    },
    {
      name: 'SAM Policies inline statement',
      file: 'template.yaml',
      code: sam('arn:aws:lambda:«us-east1»:123456789012:function:worker'),
      messages: ['region'],
    },
  ],
});
