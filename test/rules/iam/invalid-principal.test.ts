import { ruleTester } from '../../rule-tester';

const resourcePolicy = (principal: string, action = '"s3:GetObject"') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ${principal}, "Action": ${action}, "Resource": "arn:aws:s3:::b/*"}]}`;
const trustPolicy = (principal: string, action = '"sts:AssumeRole"', extra = '') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ${principal}, "Action": ${action}${extra}}]}`;
const role = (principal: string, action = 'sts:AssumeRole') =>
  `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n${principal}            Action: ${action}\n`;

ruleTester('iam/invalid-principal', {
  valid: [
    { name: 'account id, root, role, user', code: resourcePolicy('{"AWS": ["123456789012", "arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:role/path/r", "arn:aws:iam::123456789012:user/u"]}') },
    { name: 'sessions, federated users, unique ids, other partitions', code: resourcePolicy('{"AWS": ["arn:aws:sts::123456789012:assumed-role/r/s", "arn:aws-cn:sts::123456789012:federated-user/f", "AROAEXAMPLEID1234567", "arn:aws-us-gov:iam::123456789012:root"]}') },
    { name: 'CloudFront origin access identity', code: resourcePolicy('{"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"}') },
    { name: 'everyone is public-principal\'s concern', code: resourcePolicy('"*"') },
    { name: '{"AWS": "*"} in a trust policy is accepted by IAM', code: trustPolicy('{"AWS": "*"}', '"sts:AssumeRole"', ', "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}') },
    { name: 'canonical user', code: resourcePolicy('{"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}') },
    { name: 'SAML and OIDC providers with the matching actions', code: trustPolicy('{"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"}', '["sts:AssumeRoleWithSAML", "sts:TagSession"]') },
    { name: 'Cognito', code: trustPolicy('{"Federated": "cognito-identity.amazonaws.com"}', '"sts:AssumeRoleWithWebIdentity"', ', "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-1234-1234-1234-123456789012"}}') },
    { name: 'mixed principals, each has its action', code: trustPolicy('{"Service": "lambda.amazonaws.com", "AWS": "123456789012"}', '["sts:AssumeRole", "sts:TagSession"]') },
    { name: 'Roles Anywhere with its three actions', code: trustPolicy('{"Service": "rolesanywhere.amazonaws.com"}', '["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]') },
    { name: 'Roles Anywhere through sts:*', file: 'template.yaml', code: role('              Service: rolesanywhere.amazonaws.com\n', '"sts:*"') },
    { name: 'YAML account id without a leading zero', file: 'template.yaml', code: role('              AWS: 123456789012\n') },
    {
      name: 'intrinsics are not judged',
      file: 'template.yaml',
      code: role('              AWS:\n                - !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root\n                - !GetAtt Other.Arn\n                - !Ref TrustedAccount\n                - !If [IsProd, "111122223333", !Ref AWS::NoValue]\n'),
    },
    { name: 'an identity policy is principal-in-identity-policy\'s concern', file: 'template.yaml', code: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: "arn:aws:iam::*:role/x"\n            Action: s3:GetObject\n            Resource: "*"\n' },
  ],
  invalid: [
    {
      name: 'principal type in the wrong case: safe rename',
      code: resourcePolicy('{«"aws"»: "123456789012"}'),
      messages: ['invalidKey'],
      output: resourcePolicy('{"AWS": "123456789012"}'),
    },
    { name: 'unknown principal type', code: resourcePolicy('{«"Account"»: "123456789012"}'), messages: ['invalidKey'] },
    { name: 'a string that is not "*"', code: resourcePolicy('«"arn:aws:iam::123456789012:root"»'), messages: ['notAMap'] },
    { name: 'a list', code: resourcePolicy('«["*"]»'), messages: ['notAMap'] },
    { name: 'partial wildcard in an ARN', code: resourcePolicy('{"AWS": «"arn:aws:iam::*:role/deployer"»}'), messages: ['wildcard'] },
    { name: 'wildcard service principal', code: trustPolicy('{"Service": «"*.amazonaws.com"»}'), messages: ['wildcard'] },
    { name: '"*" in a trust policy', code: trustPolicy('«"*"»'), messages: ['trustWildcard'] },
    { name: 'account id of 11 digits', code: resourcePolicy('{"AWS": «"12345678901"»}'), messages: ['accountId'] },
    { name: 'a role name is not a principal', code: resourcePolicy('{"AWS": «"my-role"»}'), messages: ['awsFormat'] },
    { name: 'an IAM group', code: resourcePolicy('{"AWS": «"arn:aws:iam::123456789012:group/admins"»}'), messages: ['principalArn'] },
    { name: 'an ARN of another service', code: resourcePolicy('{"AWS": «"arn:aws:lambda:us-east-1:123456789012:function:f"»}'), messages: ['principalArn'] },
    { name: 'an IAM ARN with a Region', code: resourcePolicy('{"AWS": «"arn:aws:iam:us-east-1:123456789012:root"»}'), messages: ['principalArn'] },
    { name: 'a malformed ARN', code: resourcePolicy('{"AWS": «"arn:aws:iam:123456789012:root"»}'), messages: ['principalArn'] },
    { name: 'not a string', code: resourcePolicy('{"AWS": [«true», «{"Ref": 1}»]}'), messages: ['notAString', 'notAString'] },
    { name: 'federated principal that is a role ARN', code: trustPolicy('{"Federated": «"arn:aws:iam::123456789012:role/idp"»}', '"sts:AssumeRoleWithWebIdentity"'), messages: ['federatedFormat'] },
    { name: 'Federated in a bucket policy', code: resourcePolicy('{"Federated": «"cognito-identity.amazonaws.com"»}'), messages: ['federatedNotSupported'] },
    { name: 'canonical user id', code: resourcePolicy('{"CanonicalUser": «"not-a-canonical-id"»}'), messages: ['canonicalUser'] },
    {
      name: 'web identity with a service principal',
      code: trustPolicy('{"Service": "lambda.amazonaws.com"}', '«"sts:AssumeRoleWithWebIdentity"»'),
      messages: ['mismatchedAction'],
    },
    {
      name: 'SAML action with an OIDC provider',
      code: trustPolicy('{"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}', '«"sts:AssumeRoleWithSAML"»', ', "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:o/r:*"}}'),
      messages: ['mismatchedAction'],
    },
    {
      name: 'sts:AssumeRole with a SAML provider only',
      code: trustPolicy('{"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"}', '«"sts:AssumeRole"»'),
      messages: ['mismatchedAction'],
    },
    {
      name: 'Roles Anywhere without TagSession and SetSourceIdentity',
      code: trustPolicy('{"Service": «"rolesanywhere.amazonaws.com"»}'),
      messages: ['rolesAnywhere'],
    },
    {
      // Only digits 0-7 after the zero: a YAML 1.1 octal number to CloudFormation (`012345678901` stays a string).
      name: 'YAML account id with a leading zero: quoted by the safe fix',
      file: 'template.yaml',
      code: role('              AWS: «012345670123»\n'),
      messages: ['yamlNumber'],
      output: role("              AWS: '012345670123'\n"),
    },
    {
      name: 'YAML: a partial wildcard written around a substitution',
      file: 'template.yaml',
      code: role('              AWS: «!Sub "arn:aws:iam::${AWS::AccountId}:role/ci-*"»\n'),
      messages: ['wildcard'],
    },
    {
      name: 'YAML: an !If branch is judged',
      file: 'template.yaml',
      code: role('              AWS: !If [IsProd, «"arn:aws:iam::123456789012:group/ops"», "123456789012"]\n'),
      messages: ['principalArn'],
    },
    {
      name: 'SAM AssumeRolePolicyDocument: wrong key case',
      file: 'template.yaml',
      code:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              «service»: lambda.amazonaws.com\n            Action: sts:AssumeRole\n",
      messages: ['invalidKey'],
      output:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n",
    },
  ],
});
