import { ruleTester } from '../../rule-tester';

/** A standalone policy with one statement. */
const policy = (statement: string) => `{"Version": "2012-10-17", "Statement": [${statement}]}`;
const GITHUB = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
const EKS = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const trust = (federated: string, condition: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "${federated}"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": ${condition}}]}`;

ruleTester('iam/weak-condition', {
  valid: [
    {
      name: 's3:prefix with StringLike in an Allow',
      code: policy('{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket", "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}}'),
    },
    {
      name: 's3:prefix with StringNotLike in a Deny (the pattern AWS recommends)',
      code: policy('{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket", "Condition": {"StringNotLike": {"s3:prefix": ["public/*", ""]}}}'),
    },
    {
      name: 's3:prefix presence check with Null',
      code: policy('{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket", "Condition": {"Null": {"s3:prefix": "true"}}}'),
    },
    {
      name: 'a spoofable key in a Deny only narrows what is denied',
      code: policy('{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"StringLike": {"aws:UserAgent": "*curl*"}}}'),
    },
    {
      name: 'dynamodb:Attributes with Select = SPECIFIC_ATTRIBUTES (AWS example)',
      code: policy(
        '{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/People", "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["Id", "Name"]}, "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}}',
      ),
    },
    {
      name: 'dynamodb:Attributes on writes only: nothing is returned',
      code: policy(
        '{"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:UpdateItem"], "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/People", "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["Id", "Name"]}}}',
      ),
    },
    {
      name: 'aws:VpcSourceIp paired with aws:SourceVpce',
      code: policy(
        '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}, "StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}',
      ),
    },
    {
      name: 'sensitive keys with exact values, and a variable that is itself a sensitive key (data perimeter)',
      code: policy(
        '{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}", "aws:PrincipalOrgID": ["o-a1b2c3d4e5"]}, "StringNotEqualsIfExists": {"aws:ResourceOrgId": "${aws:PrincipalOrgId}"}}}',
      ),
    },
    {
      name: 'a * under StringEquals is literal (another rule says so)',
      code: policy('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-*"}}}'),
    },
    {
      name: 'aws:userid: wildcard after the colon, or alone before it',
      code: policy(
        '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"StringLike": {"aws:userid": ["AROAEXAMPLEID:*", "*:${aws:username}", "AIDACKCEVSQ6C2EXAMPLE"]}}}',
      ),
    },
    {
      name: 'GitHub sub naming repository and branch',
      file: 'trust-policy.json',
      code: trust(
        GITHUB,
        '{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"}}',
      ),
    },
    {
      name: 'GitHub sub wildcard after the repository, branch pinned with :ref',
      file: 'trust-policy.json',
      code: trust(
        GITHUB,
        '{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:ref": "refs/heads/main"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*"}}',
      ),
    },
    {
      name: 'EKS service account sub with a long literal prefix',
      file: 'trust-policy.json',
      code: trust(EKS, '{"StringLike": {"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:payments:*"}}'),
    },
    {
      name: 'Version 2008-10-17: ${...} is literal text, not a variable',
      code: '{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "${aws:PrincipalTag/account}"}}}]}',
    },
    {
      name: 'template placeholders are not judged',
      file: 'template.yaml',
      code:
        'Parameters:\n  Account:\n    Type: String\n  Prefix:\n    Type: String\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Federated: !Sub arn:aws:iam::${AWS::AccountId}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE\n            Action: sts:AssumeRoleWithWebIdentity\n            Condition:\n              StringLike:\n                oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub:\n                  - !Sub "${Prefix}*"\n                  - !Join ["", [!ImportValue SubjectPrefix, "*"]]\n      Policies:\n        - PolicyName: read\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: s3:GetObject\n                Resource: arn:aws:s3:::my-bucket/*\n                Condition:\n                  StringLike:\n                    aws:PrincipalAccount: !Ref Account\n                    aws:userid: !Sub "${Prefix}:*"\n',
    },
  ],
  invalid: [
    {
      name: 'aws:referer in a public bucket policy',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"StringLike": {«"aws:Referer"»: ["https://www.example.com/*"]}}}]}',
      messages: ['untrustworthyKey'],
    },
    {
      name: 'aws:UserAgent in a YAML AWS::IAM::Policy',
      file: 'template.yaml',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n      Roles: [r]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n            Condition:\n              StringEquals:\n                «aws:useragent»: internal-tool/1.0\n',
      messages: ['untrustworthyKey'],
    },
    {
      name: 's3:prefix: Deny with StringLike',
      code: policy('{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket", "Condition": {"StringLike": {«"s3:prefix"»: "private/*"}}}'),
      messages: ['s3PrefixNegative'],
    },
    {
      name: 's3:prefix: Allow with StringNotLike, Deny with StringEqualsIfExists',
      code: policy(
        '{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket", "Condition": {"StringNotLike": {«"s3:prefix"»: "private/*"}}}, {"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket", "Condition": {"StringEqualsIfExists": {«"S3:Prefix"»: "private/"}}}',
      ),
      messages: ['s3PrefixNegative', 's3PrefixNegative'],
    },
    {
      name: 's3:prefix in SAM Policies',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Deny\n              Action: s3:ListBucket\n              Resource: arn:aws:s3:::my-bucket\n              Condition:\n                StringLike:\n                  «s3:prefix»: [secret/*]\n',
      messages: ['s3PrefixNegative'],
    },
    {
      name: 'dynamodb:Attributes without Select, with Select = ALL_ATTRIBUTES, with a negated Select',
      code: policy(
        [
          '{"Effect": "Allow", "Action": "dynamodb:Query", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/People", "Condition": {"ForAllValues:StringEquals": {«"dynamodb:Attributes"»: ["Id", "Name"]}}}',
          '{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/People", "Condition": {"ForAllValues:StringEquals": {«"dynamodb:Attributes"»: ["Id"]}, "StringEquals": {"dynamodb:Select": ["SPECIFIC_ATTRIBUTES", "ALL_ATTRIBUTES"]}}}',
          '{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/People", "Condition": {"ForAllValues:StringEquals": {«"dynamodb:Attributes"»: ["Id"]}, "StringNotEquals": {"dynamodb:Select": "ALL_ATTRIBUTES"}}}',
        ].join(', '),
      ),
      messages: ['dynamodbAttributesWithoutSelect', 'dynamodbAttributesWithoutSelect', 'dynamodbAttributesWithoutSelect'],
    },
    {
      name: 'aws:VpcSourceIp alone, or with only a Null check on aws:SourceVpc',
      code: policy(
        '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"IpAddress": {«"aws:VpcSourceIp"»: "10.0.0.0/16"}}}, {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NotIpAddressIfExists": {«"aws:vpcsourceip"»: "10.0.0.0/16"}, "Null": {"aws:SourceVpc": "false"}}}',
      ),
      messages: ['missingPairedKey', 'missingPairedKey'],
    },
    {
      name: 'wildcards in sensitive keys: each value',
      code: policy(
        '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"StringLike": {"aws:PrincipalOrgID": [«"o-*"», "o-a1b2c3d4e5", «"o-a1b2c3d4e?"»]}, "StringNotLikeIfExists": {"aws:SourceAccount": «"1111*"»}}}',
      ),
      messages: ['wildcardInSensitiveKey', 'wildcardInSensitiveKey', 'wildcardInSensitiveKey'],
    },
    {
      name: 'a policy variable in a sensitive key',
      code: policy(
        '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"StringEquals": {"aws:PrincipalAccount": «"${aws:PrincipalTag/account}"»}}}',
      ),
      messages: ['variableInSensitiveKey'],
    },
    {
      name: 'aws:userid: wildcard and variable before the colon',
      code: policy(
        '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"StringLike": {"aws:userid": [«"AIDA*"», «"AROA*:admin"», "AROAEXAMPLEID:*"]}}}, {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"StringEquals": {"aws:userid": «"${aws:username}"»}}}',
      ),
      messages: ['wildcardUserId', 'wildcardUserId', 'variableUserId'],
    },
    {
      name: 'OIDC sub with fewer than 6 characters before the wildcard',
      file: 'trust-policy.json',
      code: trust(
        GITHUB,
        '{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": [«"repo:*"», «"*"»]}}',
      ),
      messages: ['wildcardTooPermissive', 'wildcardTooPermissive'],
    },
    {
      name: 'EKS sub: short prefix before a wildcard or a variable',
      file: 'trust-policy.json',
      code: trust(
        EKS,
        '{"StringLike": {"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": «"sys*"»}, "StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com", "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": «"${aws:PrincipalTag/sa}"»}}',
      ),
      messages: ['wildcardTooPermissive', 'variableTooPermissive'],
    },
    {
      name: 'GitHub sub: any repository of the organization; any branch without :ref',
      file: 'trust-policy.json',
      code: trust(
        GITHUB,
        '{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": [«"repo:octo-org/*"», «"repo:octo-org/octo-repo:*"»]}}',
      ),
      messages: ['githubSubWildcard', 'githubSubWildcard'],
    },
    {
      name: 'GitHub sub in a CloudFormation role, through !Sub: the literal wildcard is judged',
      file: 'template.yaml',
      code: 'Parameters:\n  GitHubOrg:\n    Type: String\nResources:\n  DeployRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Federated: !Sub arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com\n            Action: sts:AssumeRoleWithWebIdentity\n            Condition:\n              StringEquals:\n                token.actions.githubusercontent.com:aud: sts.amazonaws.com\n              StringLike:\n                token.actions.githubusercontent.com:sub: «!Sub "repo:${GitHubOrg}/*"»\n',
      messages: ['githubSubWildcard'],
    },
    {
      name: 'GitHub sub in a SAM function trust policy',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Federated: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com\n            Action: sts:AssumeRoleWithWebIdentity\n            Condition:\n              StringLike:\n                token.actions.githubusercontent.com:sub: «"repo:*"»\n',
      messages: ['wildcardTooPermissive'],
    },
    {
      name: 'dynamodb:Attributes in a role inline policy (YAML)',
      file: 'template.yaml',
      code: 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: {Service: lambda.amazonaws.com}\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: people\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: [dynamodb:GetItem, dynamodb:Query]\n                Resource: !GetAtt People.Arn\n                Condition:\n                  ForAllValues:StringEquals:\n                    «dynamodb:Attributes»: [Id, Name]\n  People:\n    Type: AWS::DynamoDB::Table\n',
      messages: ['dynamodbAttributesWithoutSelect'],
    },
    {
      name: 'aws:VpcSourceIp in a YAML AWS::IAM::Policy',
      file: 'template.yaml',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n      Roles: [r]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n            Condition:\n              IpAddress:\n                «aws:VpcSourceIp»: 10.0.0.0/16\n',
      messages: ['missingPairedKey'],
    },
    {
      name: 'sensitive key wildcard and aws:userid in SAM Policies',
      file: 'template.yaml',
      code: "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: arn:aws:s3:::my-bucket/*\n              Condition:\n                StringLike:\n                  aws:ResourceAccount: «'1234*'»\n                  aws:userid: «AIDA*»\n",
      messages: ['wildcardInSensitiveKey', 'wildcardUserId'],
    },
    {
      name: 'a branch of !If on the Condition',
      file: 'template.yaml',
      code: 'Conditions:\n  Strict: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n            Condition: !If\n              - Strict\n              - StringEquals: {aws:PrincipalOrgID: o-a1b2c3d4e5}\n              - StringLike: {aws:PrincipalOrgID: «"o-*"»}\n',
      messages: ['wildcardInSensitiveKey'],
    },
  ],
});
