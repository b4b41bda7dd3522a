import { ruleTester } from '../../rule-tester';

const GITHUB = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
const trust = (federated: string, condition = '') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": ${federated}}, "Action": "sts:AssumeRoleWithWebIdentity"${condition}}]}`;
const role = (federated: string, condition = '') =>
  `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Federated: ${federated}\n            Action: sts:AssumeRoleWithWebIdentity\n${condition}`;

ruleTester('iam/oidc-trust-unrestricted', {
  valid: [
    { name: 'GitHub repository and branch', code: trust(`"${GITHUB}"`, ', "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:ref:refs/heads/main"}}') },
    { name: 'GitHub, any branch of one repository', code: trust(`"${GITHUB}"`, ', "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:*"}}') },
    { name: 'a wildcard in StringEquals is a literal', code: trust(`"${GITHUB}"`, ', "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:*"}}') },
    { name: 'a wildcard subject is weak-condition\'s finding', code: trust(`"${GITHUB}"`, ', "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*"}}') },
    { name: 'one entry names the repository (entries are ANDed)', code: trust(`"${GITHUB}"`, ', "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "*"}, "StringEquals": {"token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/main"}}') },
    { name: 'Cognito with aud', code: trust('"cognito-identity.amazonaws.com"', ', "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-1234-1234-1234-123456789012"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}') },
    { name: 'EKS service account', code: trust('"arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"', ', "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:default:app"}}') },
    { name: 'SAML is not OIDC', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"}, "Action": "sts:AssumeRoleWithSAML"}]}' },
    { name: 'a provider from a parameter', file: 'template.yaml', code: role('!Ref OidcProviderArn') },
    { name: 'a Condition from a parameter', file: 'template.yaml', code: role(`${GITHUB}`, '            Condition: !Ref Cond\n') },
    {
      name: 'YAML, provider ARN with !Sub',
      file: 'template.yaml',
      code: role('!Sub arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com', '            Condition:\n              StringLike:\n                token.actions.githubusercontent.com:sub: repo:my-org/my-repo:*\n'),
    },
  ],
  invalid: [
    { name: 'GitHub without conditions', code: trust(`«"${GITHUB}"»`), messages: ['githubNoSubject'] },
    { name: 'GitHub with aud only', code: trust(`«"${GITHUB}"»`, ', "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}'), messages: ['githubNoSubject'] },
    { name: 'GitHub sub with IfExists', code: trust(`«"${GITHUB}"»`, ', "Condition": {"StringLikeIfExists": {"token.actions.githubusercontent.com:sub": "repo:o/r:*"}}'), messages: ['githubNoSubject'] },
    { name: 'Cognito without aud', code: trust('«"cognito-identity.amazonaws.com"»', ', "Condition": {"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "unauthenticated"}}'), messages: ['cognitoNoAudience'] },
    { name: 'EKS without conditions', code: trust('«"arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"»'), messages: ['noCondition'] },
    { name: 'Google with an unrelated condition', code: trust('«"accounts.google.com"»', ', "Condition": {"Bool": {"aws:SecureTransport": "true"}}'), messages: ['noCondition'] },
    { name: 'YAML role', file: 'template.yaml', code: role(`«${GITHUB}»`), messages: ['githubNoSubject'] },
    {
      name: 'SAM AssumeRolePolicyDocument, !Sub provider',
      file: 'template.yaml',
      code:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Federated: «!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com'»\n            Action: sts:AssumeRoleWithWebIdentity\n",
      messages: ['githubNoSubject'],
    },
  ],
});
