import { ruleTester } from '../../rule-tester';

/** `n` S3 object ARNs of 42 characters each (45 with quotes and comma). */
const arns = (n: number, prefix = 'reports') => Array.from({ length: n }, (_, i) => `arn:aws:s3:::my-bucket/${prefix}/2024/${String(i).padStart(4, '0')}/*`);
const jsonPolicy = (resources: string[], indent = '') =>
  `{${indent}"Version": "2012-10-17",${indent}"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [${resources.map((r) => `"${r}"`).join(`,${indent}`)}]}]}`;
const yamlStatement = (resources: string[], pad: string) =>
  `${pad}Version: "2012-10-17"\n${pad}Statement:\n${pad}  - Effect: Allow\n${pad}    Action: s3:GetObject\n${pad}    Resource: [${resources.join(', ')}]\n`;
const TRUST = 'AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n';
const roleWith = (policies: string[]) =>
  `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      ${TRUST}      Policies:\n${policies.map((p, i) => `        - PolicyName: p${i}\n          «PolicyDocument»:\n${p}`).join('')}`;

ruleTester('iam/policy-size', {
  valid: [
    { name: 'small', code: jsonPolicy(arns(3)) },
    { name: 'whitespace is not counted', code: jsonPolicy(arns(120), '\n                                ') },
    {
      name: 'two inline policies of one role within 10,240 together',
      file: 'template.yaml',
      code: roleWith([yamlStatement(arns(100, 'a'), '            '), yamlStatement(arns(100, 'b'), '            ')]).replace(/[«»]/g, ''),
    },
    {
      name: 'values only deployment knows count for nothing',
      file: 'template.yaml',
      code: `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: [${Array.from({ length: 200 }, (_, i) => `!GetAtt Bucket${i}.Arn`).join(', ')}]\n`,
    },
    {
      name: 'a property that may be removed counts for nothing',
      file: 'template.yaml',
      code: `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n            Condition: !If\n              - Strict\n              - StringEquals:\n                  aws:SourceVpce: [${Array.from({ length: 400 }, (_, i) => `vpce-${String(i).padStart(8, '0')}`).join(', ')}]\n              - !Ref AWS::NoValue\n`,
    },
    {
      name: 'a bucket policy: other services\' quotas are not judged',
      code: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": [${arns(500).map((r) => `"${r}"`).join(', ')}]}]}`,
    },
  ],
  invalid: [
    { name: 'standalone identity policy over 6,144', code: `«{»${jsonPolicy(arns(150)).slice(1)}`, messages: ['managed'] },
    {
      name: 'YAML managed policy',
      file: 'template.yaml',
      code: `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      «PolicyDocument»:\n${yamlStatement(arns(150), '        ')}`,
      messages: ['managed'],
    },
    {
      name: 'role inline policies over 10,240 together: reported on the one that crosses',
      file: 'template.yaml',
      code: roleWith([yamlStatement(arns(130, 'a'), '            '), yamlStatement(arns(130, 'b'), '            ')]).replace('«PolicyDocument»', 'PolicyDocument'),
      messages: ['inline'],
    },
    {
      name: 'AWS::IAM::Policy attached by !Ref adds to the role\'s inline policies',
      file: 'template.yaml',
      code:
        roleWith([yamlStatement(arns(130, 'a'), '            ')]).replace(/[«»]/g, '') +
        `  Extra:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: extra\n      Roles:\n        - !Ref R\n      «PolicyDocument»:\n${yamlStatement(arns(130, 'b'), '        ')}`,
      messages: ['inline'],
    },
    {
      name: 'SAM function inline policies go to its generated role',
      file: 'template.yaml',
      code:
        `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n` +
        `        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: [${arns(130, 'a').join(', ')}]\n` +
        `        - «V»ersion: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: [${arns(130, 'b').join(', ')}]\n`,
      messages: ['inline'],
    },
    {
      name: 'trust policy over 2,048, counted low through !Sub',
      file: 'template.yaml',
      code: `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      «AssumeRolePolicyDocument»:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: [${Array.from({ length: 50 }, (_, i) => `!Sub "arn:aws:iam::\${AWS::AccountId}:role/ci-deployer-${i}"`).join(', ')}]\n            Action: sts:AssumeRole\n`,
      messages: ['trust'],
    },
    {
      name: 'Lambda function policy over 20 KB',
      code: `«{»"Version": "2012-10-17", "Statement": [${Array.from({ length: 120 }, (_, i) => `{"Sid": "s${i}", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:sns:us-east-1:123456789012:topic-${i}"}}}`).join(', ')}]}`,
      messages: ['lambdaResource'],
    },
  ],
});
