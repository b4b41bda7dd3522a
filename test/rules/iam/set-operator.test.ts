import { ruleTester } from '../../rule-tester';

const statement = (effect: string, action: string, condition: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Action": "${action}", "Resource": "*", "Condition": {${condition}}}]}`;
const allow = (condition: string) => statement('Allow', 'sqs:CreateQueue', condition);

const trust = (condition: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {${condition}}}]}`;

const template = (condition: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: sqs:CreateQueue\n            Resource: "*"\n            Condition:\n${condition}`;

const sam = (condition: string) =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: sqs:CreateQueue\n              Resource: "*"\n              Condition:\n${condition}`;

ruleTester('iam/set-operator', {
  valid: [
    { name: 'ForAllValues with a Null guard', code: allow('"ForAllValues:StringEquals": {"aws:TagKeys": ["Team"]}, "Null": {"aws:TagKeys": "false"}') },
    { name: 'ForAllValues guarded by a required request tag', code: allow('"ForAllValues:StringEquals": {"aws:TagKeys": ["Team"]}, "StringEquals": {"aws:RequestTag/Team": "a"}') },
    { name: 'ForAnyValue on a multivalued key', code: allow('"ForAnyValue:StringEquals": {"aws:TagKeys": ["Team"]}') },
    { name: 'ForAllValues in a Deny matches a missing key on purpose', code: statement('Deny', 'sqs:CreateQueue', '"ForAllValues:StringNotEquals": {"aws:TagKeys": ["Team"]}') },
    { name: 'ForAllValues…IfExists says so', code: allow('"ForAllValues:StringEqualsIfExists": {"aws:TagKeys": ["Team"]}') },
    { name: 'tagging actions always send aws:TagKeys', code: statement('Allow', 'sqs:TagQueue', '"ForAllValues:StringEquals": {"aws:TagKeys": ["Team"]}') },
    { name: 'single-valued keys without a qualifier, Null on a multivalued key', code: allow('"StringEquals": {"aws:SourceAccount": "1"}, "Null": {"aws:TagKeys": "true"}') },
    {
      name: 'Cognito: ForAnyValue on the multivalued amr claim, plain StringEquals on aud',
      code: trust('"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:a"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}'),
    },
    { name: 'a key the catalogue does not know is not judged single-valued', code: allow('"ForAnyValue:StringLike": {"token.actions.githubusercontent.com:sub": "repo:o/*"}, "Null": {"x.example.com:groups": "false"}, "ForAllValues:StringEquals": {"x.example.com:groups": ["a"]}') },
    {
      name: 'a Null guard whose value is a template parameter is not doubted',
      file: 'template.yaml',
      code: template('              ForAllValues:StringLike:\n                aws:TagKeys: [team]\n              "Null":\n                aws:TagKeys: !Ref TagsOptional\n'),
    },
    { name: 'YAML: a plain Null key guards', file: 'template.yaml', code: template('              ForAllValues:StringLike:\n                aws:TagKeys: [team, cost-*]\n              Null:\n                aws:TagKeys: "false"\n') },
  ],
  invalid: [
    {
      name: 'ForAllValues in an Allow without a Null guard: add one',
      code: allow('"ForAllValues:StringEquals": {«"aws:TagKeys"»: ["Team"]}'),
      messages: ['missingNullGuard'],
      output: allow('"ForAllValues:StringEquals": {"aws:TagKeys": ["Team"]}, "Null": {"aws:TagKeys": "false"}'),
      safe: false,
    },
    {
      name: 'the guard joins the existing Null operator (one insertion per pass)',
      code: allow('"Null": {"aws:RequestTag/Team": "false"}, "ForAllValues:StringLike": {«"kms:EncryptionContextKeys"»: "app-*"}, "ForAllValues:StringNotEquals": {«"aws:CalledVia"»: "athena.amazonaws.com"}'),
      messages: ['missingNullGuard', 'missingNullGuard'],
      output: allow('"Null": {"aws:RequestTag/Team": "false", "kms:EncryptionContextKeys": "false"}, "ForAllValues:StringLike": {"kms:EncryptionContextKeys": "app-*"}, "ForAllValues:StringNotEquals": {"aws:CalledVia": "athena.amazonaws.com"}'),
      safe: false,
    },
    {
      name: 'Null true and IfExists operators are no guard',
      code: allow('"Null": {"aws:TagKeys": "true"}, "StringEqualsIfExists": {«"aws:TagKeys"»: "Team"}, "ForAllValues:StringEquals": {«"aws:TagKeys"»: ["Team"]}'),
      messages: ['missingQualifier', 'missingNullGuard'],
    },
    {
      name: 'ForAllValues with a single-valued key',
      code: allow('"ForAllValues:StringEquals": {«"aws:PrincipalOrgID"»: "o-a1b2c3d4e5"}, "ForAllValues:ArnLike": {«"aws:SourceArn"»: "arn:aws:s3:::b"}'),
      messages: ['forAllValuesSingleValued', 'forAllValuesSingleValued'],
    },
    {
      name: 'a multivalued key without a qualifier',
      code: allow('"StringEquals": {«"aws:TagKeys"»: "Team"}, "StringNotLike": {«"aws:PrincipalOrgPaths"»: "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}'),
      messages: ['missingQualifier', 'missingQualifier'],
    },
    {
      name: 'Null with a qualifier',
      code: allow('«"ForAllValues:Null"»: {"aws:TagKeys": "false", "aws:CalledVia": "false"}, «"ForAnyValue:Null"»: {"aws:TagKeys": "true"}'),
      messages: ['nullWithQualifier', 'nullWithQualifier'],
    },
    {
      name: 'ForAnyValue on a single-valued audience claim',
      code: trust('"ForAnyValue:StringEquals": {«"cognito-identity.amazonaws.com:aud"»: "us-east-1:a"}'),
      messages: ['forAnyValueAudience'],
    },
    {
      name: 'YAML template: the guard goes into the plain Null operator',
      file: 'template.yaml',
      code: template('              Null:\n                aws:RequestTag/team: "false"\n              ForAllValues:StringEquals:\n                «aws:CalledVia»: [athena.amazonaws.com]\n'),
      messages: ['missingNullGuard'],
      output: template("              Null:\n                aws:RequestTag/team: \"false\"\n                aws:CalledVia: 'false'\n              ForAllValues:StringEquals:\n                aws:CalledVia: [athena.amazonaws.com]\n"),
      safe: false,
    },
    {
      name: 'SAM Policies: a new Null operator',
      file: 'template.yaml',
      code: sam('                ForAllValues:StringEquals:\n                  «aws:TagKeys»:\n                    - team\n'),
      messages: ['missingNullGuard'],
      output: sam("                ForAllValues:StringEquals:\n                  aws:TagKeys:\n                    - team\n                'Null':\n                  aws:TagKeys: 'false'\n"),
      safe: false,
    },
  ],
});
