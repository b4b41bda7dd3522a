import { ruleTester } from '../../rule-tester';

const bucket = (principal: string, condition = '', effect = 'Allow') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Principal": ${principal}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"${condition}}]}`;
const trust = (principal: string, condition = '') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ${principal}, "Action": "sts:AssumeRole"${condition}}]}`;
const role = (condition = '') =>
  `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: «"*"»\n            Action: sts:AssumeRole\n${condition}`;

/** A template resource holding a resource-based policy under `holder`, one statement written at 10 spaces. */
const resourcePolicy = (type: string, holder: string, statement: string, extra = '') =>
  `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: ${type}\n    Properties:\n${extra}      ${holder}:\n        Version: "2012-10-17"\n        Statement:\n${statement}`;
const everyone = (action: string, resource = '"*"', condition = '') =>
  `          - Effect: Allow\n            Principal: «"*"»\n            Action: ${action}\n            Resource: ${resource}\n${condition}`;
const RESOURCE_POLICIES: [string, string, string][] = [
  ['AWS::SNS::TopicPolicy', 'PolicyDocument', 'sns:Publish'],
  ['AWS::SNS::TopicInlinePolicy', 'PolicyDocument', 'sns:Publish'],
  ['AWS::SQS::QueuePolicy', 'PolicyDocument', 'sqs:SendMessage'],
  ['AWS::SQS::QueueInlinePolicy', 'PolicyDocument', 'sqs:SendMessage'],
  ['AWS::S3::BucketPolicy', 'PolicyDocument', 's3:GetObject'],
  ['AWS::KMS::Key', 'KeyPolicy', 'kms:Decrypt'],
  ['AWS::SecretsManager::ResourcePolicy', 'ResourcePolicy', 'secretsmanager:GetSecretValue'],
  ['AWS::ECR::Repository', 'RepositoryPolicyText', 'ecr:BatchGetImage'],
  ['AWS::EFS::FileSystem', 'FileSystemPolicy', 'elasticfilesystem:ClientMount'],
];
const ORG = '            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: o-a1b2c3d4e5\n';

ruleTester('iam/public-principal', {
  valid: [
    ...RESOURCE_POLICIES.map(([type, holder, action]) => ({ name: `${type} limited to the organization`, file: 'template.yaml', code: resourcePolicy(type, holder, everyone(action, '"*"', ORG)).replace(/[«»]/g, '') })),
    {
      name: 'execute-api:Invoke for everyone on an API Gateway API (its authorizers decide)',
      file: 'template.yaml',
      code: resourcePolicy('AWS::ApiGateway::RestApi', 'Policy', everyone('execute-api:Invoke', 'execute-api:/*')).replace(/[«»]/g, ''),
    },
    {
      name: 'an EventBridge bus shared with the organization',
      file: 'template.yaml',
      code: 'Resources:\n  Bus:\n    Type: AWS::Events::EventBusPolicy\n    Properties:\n      StatementId: Org\n      Statement:\n        Effect: Allow\n        Principal: "*"\n        Action: events:PutEvents\n        Resource: "*"\n        Condition:\n          StringEquals:\n            aws:PrincipalOrgID: o-a1b2c3d4e5\n',
    },
    { name: 'organization', code: bucket('"*"', ', "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}') },
    { name: 'source VPC endpoint', code: bucket('{"AWS": "*"}', ', "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}') },
    { name: 'IP range', code: bucket('"*"', ', "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}') },
    { name: 'ForAnyValue on org paths', code: bucket('"*"', ', "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}') },
    { name: 'a Deny with "*" restricts', code: bucket('"*"', ', "Condition": {"Bool": {"aws:SecureTransport": "false"}}', 'Deny') },
    { name: 'named principals', code: bucket('{"AWS": "arn:aws:iam::123456789012:root"}') },
    { name: 'a condition from a parameter is not judged', file: 'template.yaml', code: role('            Condition: !Ref TrustCondition\n').replace(/[«»]/g, '') },
    { name: 'trust policy limited to the organization', code: trust('{"AWS": "*"}', ', "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}') },
    { name: '"Principal": "*" in a trust policy is invalid-principal\'s error', code: trust('"*"') },
  ],
  invalid: [
    ...RESOURCE_POLICIES.map(([type, holder, action]) => ({ name: `${type} open to everyone`, file: 'template.yaml', code: resourcePolicy(type, holder, everyone(action)), messages: ['publicResource'] })),
    {
      name: 'an EventBridge bus policy (Statement property) open to everyone',
      file: 'template.yaml',
      code: 'Resources:\n  Bus:\n    Type: AWS::Events::EventBusPolicy\n    Properties:\n      StatementId: Anyone\n      Statement:\n        Effect: Allow\n        Principal: «"*"»\n        Action: events:PutEvents\n        Resource: "*"\n',
      messages: ['publicResource'],
    },
    {
      name: 'SAM Auth.ResourcePolicy.CustomStatements: another action for everyone',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      Auth:\n        ResourcePolicy:\n          CustomStatements:\n            - Effect: Allow\n              Principal: «"*"»\n              Action: execute-api:ManageConnections\n              Resource: execute-api:/*\n',
      messages: ['publicResource'],
    },
    { name: 'no condition', code: bucket('«"*"»'), messages: ['publicResource'] },
    { name: 'AWS "*" in a list', code: bucket('{"AWS": ["arn:aws:iam::123456789012:root", «"*"»]}'), messages: ['publicResource'] },
    { name: 'SecureTransport does not limit who', code: bucket('«"*"»', ', "Condition": {"Bool": {"aws:SecureTransport": "true"}}'), messages: ['publicResource'] },
    { name: 'IfExists passes for anonymous callers', code: bucket('«"*"»', ', "Condition": {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}'), messages: ['publicResource'] },
    { name: 'a negated operator', code: bucket('«"*"»', ', "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "444455556666"}}'), messages: ['publicResource'] },
    { name: 'a wildcard value', code: bucket('«"*"»', ', "Condition": {"StringLike": {"aws:PrincipalAccount": "*"}}'), messages: ['publicResource'] },
    { name: 'an open IP range', code: bucket('«"*"»', ', "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}'), messages: ['publicResource'] },
    {
      name: 'function URL with AWS_IAM: any authenticated principal of any account',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": «"*"», "Action": "lambda:InvokeFunctionUrl", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "AWS_IAM"}}}]}',
      messages: ['publicResource'],
    },
    { name: 'trust policy: any AWS account', code: trust('{"AWS": «"*"»}'), messages: ['publicTrust'] },
    { name: 'YAML role trust policy', file: 'template.yaml', code: role(), messages: ['publicTrust'] },
    {
      name: 'YAML role trust policy, ExternalId alone is not enough',
      file: 'template.yaml',
      code: role('            Condition:\n              StringEquals:\n                sts:ExternalId: shared-secret\n'),
      messages: ['publicTrust'],
    },
    {
      name: 'SAM function trust policy',
      file: 'template.yaml',
      code:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n          - Effect: Allow\n            Principal:\n              AWS: «'*'»\n            Action: sts:AssumeRole\n",
      messages: ['publicTrust'],
    },
  ],
});
