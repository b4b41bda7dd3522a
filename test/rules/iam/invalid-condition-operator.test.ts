import { ruleTester } from '../../rule-tester';

const policy = (condition: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {${condition}}}]}`;

const template = (condition: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n            Condition:\n${condition}`;

const sam = (condition: string) =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: "*"\n              Condition:\n${condition}`;

ruleTester('iam/invalid-condition-operator', {
  valid: [
    {
      name: 'every family, qualifiers and IfExists',
      code: policy(
        '"StringEquals": {"aws:SourceAccount": "123456789012"}, "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": "a*"}, ' +
          '"ForAllValues:ArnLike": {"aws:SourceArn": "arn:aws:s3:::*"}, "NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}, ' +
          '"DateGreaterThanIfExists": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}, "Bool": {"aws:SecureTransport": "true"}, ' +
          '"BinaryEquals": {"s3:x": "QmluYXJ5"}, "NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "Null": {"aws:TagKeys": "false"}, ' +
          '"StringNotEqualsIgnoreCase": {"aws:username": "x"}, "ArnNotLikeIfExists": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}',
      ),
    },
    { name: 'Null with a qualifier is valid IAM (iam/set-operator warns)', code: policy('"ForAllValues:Null": {"aws:TagKeys": "false"}') },
    { name: 'YAML: a plain Null key is the Null operator', file: 'template.yaml', code: template('              Null:\n                aws:TagKeys: "false"\n') },
    {
      name: 'Condition behind !If',
      file: 'template.yaml',
      code: template('              !If\n                - Strict\n                - StringEquals:\n                    aws:SourceAccount: "123456789012"\n                - !Ref AWS::NoValue\n'),
    },
    { name: 'a Condition that is an intrinsic is not read', file: 'template.yaml', code: template('              !Ref ConditionParameter\n') },
  ],
  invalid: [
    {
      name: 'wrong case: a safe fix',
      code: policy('«"stringEquals"»: {"aws:SourceAccount": "123456789012"}'),
      messages: ['wrongCase'],
      output: policy('"StringEquals": {"aws:SourceAccount": "123456789012"}'),
    },
    {
      name: 'wrong case in the qualifier and the operator',
      code: policy('«"forallvalues:stringlikeifexists"»: {"aws:TagKeys": "a*"}'),
      messages: ['wrongCase'],
      output: policy('"ForAllValues:StringLikeIfExists": {"aws:TagKeys": "a*"}'),
    },
    {
      name: 'misspellings: suggestions, not safe',
      code: policy('«"StringEqual"»: {"aws:SourceAccount": "1"}, «"ArnLik"»: {"aws:SourceArn": "arn:aws:s3:::b"}, «"StringEqualsIfExist"»: {"aws:username": "x"}'),
      messages: ['didYouMean', 'didYouMean', 'didYouMean'],
      output: policy('"StringEquals": {"aws:SourceAccount": "1"}, "ArnLike": {"aws:SourceArn": "arn:aws:s3:::b"}, "StringEqualsIfExists": {"aws:username": "x"}'),
      safe: false,
    },
    {
      name: 'misspelt set qualifiers',
      code: policy('«"ForAllValue:StringLike"»: {"aws:TagKeys": "a*"}, «"ForAnyValues:StringEquals"»: {"aws:CalledVia": "athena.amazonaws.com"}, «"ForAllValuesStringEquals"»: {"aws:TagKeys": "b"}'),
      messages: ['didYouMean', 'didYouMean', 'didYouMean'],
      output: policy('"ForAllValues:StringLike": {"aws:TagKeys": "a*"}, "ForAnyValue:StringEquals": {"aws:CalledVia": "athena.amazonaws.com"}, "ForAllValues:StringEquals": {"aws:TagKeys": "b"}'),
      safe: false,
    },
    {
      name: 'Null takes no IfExists',
      code: policy('«"NullIfExists"»: {"aws:TagKeys": "false"}, «"ForAllValues:NullIfExists"»: {"aws:CalledVia": "true"}'),
      messages: ['nullIfExists', 'nullIfExists'],
      output: policy('"Null": {"aws:TagKeys": "false"}, "ForAllValues:Null": {"aws:CalledVia": "true"}'),
      safe: false,
    },
    { name: 'an unknown qualifier', code: policy('«"Foo:StringLike"»: {"aws:TagKeys": "a*"}'), messages: ['badQualifier'] },
    { name: 'nothing close', code: policy('«"Whatever"»: {"aws:TagKeys": "a"}'), messages: ['unknown'] },
    {
      name: 'the corrected operator is already there: no rename (it would duplicate the key)',
      code: policy('"StringEquals": {"aws:SourceAccount": "1"}, «"stringEquals"»: {"aws:username": "x"}'),
      messages: ['wrongCase'],
    },
    {
      name: 'YAML template, plain key',
      file: 'template.yaml',
      code: template('              «stringLike»:\n                aws:PrincipalArn: arn:aws:iam::*:role/x\n'),
      messages: ['wrongCase'],
      output: template('              StringLike:\n                aws:PrincipalArn: arn:aws:iam::*:role/x\n'),
    },
    {
      name: 'YAML: a lower-case null key is the wrong case of Null',
      file: 'template.yaml',
      code: template('              «null»:\n                aws:TagKeys: "false"\n'),
      messages: ['wrongCase'],
      output: template("              'Null':\n                aws:TagKeys: \"false\"\n"),
    },
    {
      name: 'SAM Policies, quoted key',
      file: 'template.yaml',
      code: sam("                «'ForAnyValue:StringEqual'»:\n                  aws:CalledVia: athena.amazonaws.com\n"),
      messages: ['didYouMean'],
      output: sam("                'ForAnyValue:StringEquals':\n                  aws:CalledVia: athena.amazonaws.com\n"),
      safe: false,
    },
    {
      name: 'a branch of !If',
      file: 'template.yaml',
      code: template('              !If\n                - Strict\n                - «Stringequals»:\n                    aws:SourceAccount: "123456789012"\n                - !Ref AWS::NoValue\n'),
      messages: ['wrongCase'],
      output: template('              !If\n                - Strict\n                - StringEquals:\n                    aws:SourceAccount: "123456789012"\n                - !Ref AWS::NoValue\n'),
    },
  ],
});
