import { ruleTester } from '../../rule-tester';

const statement = (effect: string, action: string, condition: string, extra = '') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", ${extra}"Action": ${action.startsWith('[') ? action : `"${action}"`}, "Resource": "*", "Condition": {${condition}}}]}`;
const notAction = (effect: string, action: string, condition: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "NotAction": "${action}", "Resource": "*", "Condition": {${condition}}}]}`;
const resourcePolicy = (principal: string, condition: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ${principal}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q", "Condition": {${condition}}}]}`;

const template = (action: string, condition: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: ${action}\n            Resource: "*"\n            Condition:\n${condition}`;

const sam = (action: string, condition: string) =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: ${action}\n              Resource: "*"\n              Condition:\n${condition}`;

ruleTester('iam/condition-key-mismatch', {
  valid: [
    { name: 'a key an action supports', code: statement('Allow', 's3:ListBucket', '"StringLike": {"s3:prefix": "reports/*"}') },
    { name: 'one supporting action is enough for a service key', code: statement('Allow', '["s3:ListBucket", "s3:GetObject"]', '"StringLike": {"s3:prefix": "reports/*"}') },
    { name: 'resource-type keys count', code: statement('Allow', 's3:GetObject', '"StringEquals": {"s3:ExistingObjectTag/classification": "public", "s3:BucketTag/team": "a"}') },
    { name: 'wildcard actions expand', code: statement('Allow', 'lambda:*FunctionUrl*', '"StringEquals": {"lambda:FunctionUrlAuthType": "AWS_IAM"}') },
    { name: 'global keys are always fine', code: statement('Allow', 's3:GetObject', '"StringEquals": {"aws:SourceAccount": "1", "aws:PrincipalOrgID": "o-a1b2c3d4e5", "lambda:SourceFunctionArn": "x"}') },
    { name: 'tag keys on services that support them', code: statement('Deny', '["lambda:InvokeFunction", "sqs:SendMessage"]', '"StringNotEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}') },
    { name: 'a Deny that always applies to a service without tag support is loud, not silent', code: statement('Deny', '["lambda:InvokeFunction", "sts:GetCallerIdentity"]', '"StringNotEquals": {"aws:ResourceTag/team": "a"}') },
    { name: 'service tag keys mirror aws:ResourceTag', code: statement('Allow', 'ssm:DeregisterManagedInstance', '"StringEquals": {"ssm:resourceTag/team": "a"}') },
    { name: 'aws-marketplace:ProductId with Subscribe (documented outside the reference)', code: statement('Allow', 'aws-marketplace:Subscribe', '"ForAnyValue:StringEquals": {"aws-marketplace:ProductId": ["prod-1"]}') },
    { name: 'unknown actions: not judged', code: statement('Allow', 's3:GetObjectt', '"StringLike": {"s3:prefix": "reports/*"}') },
    { name: 'unknown keys: another rule', code: statement('Allow', 's3:GetObject', '"StringLike": {"s3:prefixx": "reports/*", "token.actions.githubusercontent.com:sub": "x"}') },
    { name: 'a service principal with source keys', code: resourcePolicy('{"Service": "sns.amazonaws.com"}', '"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}, "StringEquals": {"aws:SourceAccount": "123456789012"}') },
    { name: 'an account principal may use aws:PrincipalOrgID', code: resourcePolicy('{"AWS": "*"}', '"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}') },
    {
      name: 'actions from a template parameter: not judged',
      file: 'template.yaml',
      code: template('!Sub "${Service}:GetObject"', '              StringLike:\n                s3:prefix: reports/*\n'),
    },
  ],
  invalid: [
    {
      name: 'a service key no action supports, in an Allow: grants nothing',
      code: statement('Allow', 's3:GetObject', '"StringLike": {«"s3:prefix"»: "reports/*"}'),
      messages: ['unsupported'],
    },
    {
      name: 'negated, IfExists and ForAllValues: restrict nothing',
      code: statement('Allow', 'lambda:InvokeFunction', '"StringNotEquals": {«"lambda:FunctionUrlAuthType"»: "NONE"}, "StringEqualsIfExists": {«"lambda:Principal"»: "x"}, "ForAllValues:StringEquals": {«"lambda:Layer"»: ["a"]}'),
      messages: ['unsupported', 'unsupported', 'unsupported'],
    },
    {
      name: 'in a Deny: denies nothing',
      code: statement('Deny', 'dynamodb:DeleteTable', '"StringEquals": {«"s3:x-amz-acl"»: "public-read"}'),
      messages: ['unsupported'],
    },
    {
      name: 'tag keys on a service that does not support them',
      code: statement('Deny', '["lambda:InvokeFunction", "sts:GetCallerIdentity"]', '"StringEquals": {«"aws:ResourceTag/team"»: "blue"}'),
      messages: ['tagKeyServices'],
    },
    {
      name: 'tag keys in an Allow',
      code: statement('Allow', '["lambda:CreateFunction", "sts:GetCallerIdentity", "sts:GetSessionToken"]', '"ForAnyValue:StringEquals": {«"aws:TagKeys"»: ["team"]}'),
      messages: ['tagKeyServices'],
    },
    {
      name: 'NotAction with a tag key',
      code: notAction('Deny', 'iam:*', '"StringEquals": {«"aws:ResourceTag/team"»: "blue"}'),
      messages: ['tagKeyNotAction'],
    },
    {
      name: 'keys of an IAM principal with a service principal',
      code: resourcePolicy('{"Service": "sns.amazonaws.com"}', '"StringEquals": {«"aws:PrincipalOrgID"»: "o-a1b2c3d4e5", «"aws:PrincipalTag/team"»: "a"}'),
      messages: ['servicePrincipal', 'servicePrincipal'],
    },
    {
      name: 'YAML template',
      file: 'template.yaml',
      code: template('lambda:InvokeFunction', '              StringEquals:\n                «lambda:FunctionUrlAuthType»: AWS_IAM\n'),
      messages: ['unsupported'],
    },
    {
      name: 'SAM Policies, !If branch',
      file: 'template.yaml',
      code: sam('s3:GetObject', '                !If\n                  - Scoped\n                  - StringLike:\n                      «s3:prefix»: reports/*\n                  - !Ref AWS::NoValue\n'),
      messages: ['unsupported'],
    },
  ],
});
