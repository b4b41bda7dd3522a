import { ruleTester } from '../../rule-tester';

const policy = (keys: string, operator = 'StringEquals') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"${operator}": {${keys}}}}]}`;

const trust = (principal: string, action: string, keys: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "${principal}"}, "Action": "${action}", "Condition": {"StringEquals": {${keys}}}}]}`;

const template = (keys: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n            Condition:\n              StringEquals:\n${keys}`;

const sam = (keys: string) =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: "*"\n              Condition:\n                StringEquals:\n${keys}`;

ruleTester('iam/unknown-condition-key', {
  valid: [
    {
      name: 'global keys in any case, tag keys, service keys, patterned keys',
      code: policy(
        '"aws:SourceArn": "x", "AWS:sourceaccount": "1", "aws:PrincipalTag/team": "a", "aws:RequestTag/cost-center": "b", "s3:prefix": "p", ' +
          '"kms:EncryptionContext:aws:lambda:FunctionArn": "f", "s3:ExistingObjectTag/classification": "c", "lambda:SourceFunctionArn": "l", ' +
          '"secretsmanager:ResourceTag/Project": "p", "ssm:resourceTag/team": "t", "aws:PrincipalOrgMasterAccountId": "1", "sts:RequestContext/x": "y"',
      ),
    },
    {
      name: 'OIDC provider hosts and vendors define their own keys: never unknown',
      code: trust(
        'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
        'sts:AssumeRoleWithWebIdentity',
        '"token.actions.githubusercontent.com:sub": "repo:org/app:ref:refs/heads/main", "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", ' +
          '"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:default:app", "app.terraform.io:sub": "organization:o", ' +
          '"accounts.google.com:aud": "a", "cognito-identity.amazonaws.com:amr": "authenticated", "graph.facebook.com:app_id": "1", "gitlab.example.com:sub": "s"',
      ),
    },
    {
      name: 'SAML keys, known and not, and a prefix that is no near miss of a service',
      code: trust('arn:aws:iam::123456789012:saml-provider/Corp', 'sts:AssumeRoleWithSAML', '"saml:aud": "https://signin.aws.amazon.com/saml", "saml:department": "x", "myidp:sub": "u"'),
    },
    { name: 'a key built by a template is not judged', file: 'template.yaml', code: template('                ${OidcProviderHost}:sub: repo:org/app:*\n') },
  ],
  invalid: [
    {
      name: 'a misspelt global key: a suggestion',
      code: policy('«"aws:PrincipleOrgID"»: "o-a1b2c3d4e5"'),
      messages: ['unknownGlobalDidYouMean'],
      output: policy('"aws:PrincipalOrgID": "o-a1b2c3d4e5"'),
      safe: false,
    },
    { name: 'an unknown global key', code: policy('«"aws:FavouriteColour"»: "blue"'), messages: ['unknownGlobal'] },
    {
      name: 'a misspelt service key',
      code: policy('«"s3:prefixx"»: "reports/"'),
      messages: ['unknownServiceDidYouMean'],
      output: policy('"s3:prefix": "reports/"'),
      safe: false,
    },
    { name: 'an unknown service key', code: policy('«"s3:NothingLikeThisKey"»: "x"'), messages: ['unknownService'], severities: ['warning'] },
    { name: 'a key AWS wrote without its prefix (AmazonEC2SpotFleetTaggingRole v1)', code: policy('«"PassedToService"»: "ec2.amazonaws.com"'), messages: ['invalidFormat'], severities: ['warning'] },
    {
      name: 'a misspelt service prefix',
      code: policy('«"lamda:FunctionArn"»: "arn:aws:lambda:us-east-1:123456789012:function:f"'),
      messages: ['unknownPrefix'],
      output: policy('"lambda:FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f"'),
      safe: false,
    },
    { name: 'no prefix, empty prefix, empty name', code: policy('«"SourceArn"»: "x", «":x"»: "y", «"aws:"»: "z"'), messages: ['invalidFormat', 'invalidFormat', 'invalidFormat'] },
    {
      name: 'tag keys without the tag',
      code: policy('«"aws:RequestTag"»: "x", «"aws:ResourceTag/"»: "y", «"s3:ExistingObjectTag"»: "z", «"kms:EncryptionContext"»: "w"'),
      messages: ['missingTagKey', 'missingTagKey', 'missingTagKey', 'missingTagKey'],
    },
    {
      name: 'aws:ARN: two replacements offered, neither safe',
      code: policy('«"aws:ARN"»: "arn:aws:iam::123456789012:role/deployer"', 'ArnEquals'),
      messages: ['unsupportedGlobal'],
      output: policy('"aws:PrincipalArn": "arn:aws:iam::123456789012:role/deployer"', 'ArnEquals'),
      safe: false,
    },
    {
      name: 'the suggested key is already in the block: no rename',
      code: policy('"aws:SourceAccount": "1", «"aws:SoruceAccount"»: "2"'),
      messages: ['unknownGlobalDidYouMean'],
    },
    {
      name: 'YAML template',
      file: 'template.yaml',
      code: template('                «aws:SourceAcount»: "123456789012"\n'),
      messages: ['unknownGlobalDidYouMean'],
      output: template('                aws:SourceAccount: "123456789012"\n'),
      safe: false,
    },
    {
      name: 'SAM Policies',
      file: 'template.yaml',
      code: sam("                  «'aws:RequestTag/'»: finance\n"),
      messages: ['missingTagKey'],
    },
  ],
});
