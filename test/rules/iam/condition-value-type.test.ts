import { ruleTester } from '../../rule-tester';

/** A standalone policy whose one statement has this Condition. */
const policy = (condition: string, effect = 'Allow') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": ${condition}}]}`;

/** A CloudFormation managed policy whose one statement has this Condition block (YAML, indented under `Condition:`). */
const template = (condition: string) =>
  'Parameters:\n  OfficeCidr:\n    Type: String\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Deny\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n            Condition:\n' +
  condition;

/** A SAM function with an inline policy whose one statement has this Condition block. */
const sam = (condition: string) =>
  'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: arn:aws:s3:::my-bucket/*\n              Condition:\n' +
  condition;

ruleTester('iam/condition-value-type', {
  valid: [
    { name: 'Bool as a string and as a JSON boolean', code: policy('{"Bool": {"aws:SecureTransport": "true", "aws:MultiFactorAuthPresent": true}}') },
    { name: 'Bool is not case-sensitive', code: policy('{"Bool": {"aws:SecureTransport": "False"}}', 'Deny') },
    { name: 'Null true/false', code: policy('{"Null": {"aws:TokenIssueTime": "false", "aws:PrincipalTag/team": false}}') },
    { name: 'numbers: integer, decimal, JSON number', code: policy('{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}, "NumericGreaterThanEquals": {"s3:TlsVersion": 1.2}}') },
    { name: 'aws:EpochTime takes Numeric operators too', code: policy('{"NumericGreaterThan": {"aws:EpochTime": 1767225600}}') },
    {
      name: 'dates: ISO 8601 date, date-time with offset, basic format, epoch seconds',
      code: policy('{"DateNotEquals": {"aws:CurrentTime": ["2026-01-01", "2026-01-01T12:00:00+02:00", "20260101T120000Z", "2026-07"]}, "DateLessThan": {"aws:EpochTime": "1798761600"}}'),
    },
    {
      name: 'IPv4 and IPv6 addresses and ranges',
      code: policy('{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.7", "2001:db8::/32", "2001:db8::1"]}}'),
    },
    { name: 'private ranges with aws:VpcSourceIp', code: policy('{"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}, "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}') },
    { name: 'ARN operators: ARNs and wildcards', code: policy('{"ArnLike": {"aws:SourceArn": ["arn:aws:sns:*:123456789012:topic", "*"]}}') },
    { name: 'ARN operators on String keys that hold ARNs', code: policy('{"ArnLike": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::my-bucket/*"}}') },
    { name: 'VPC and VPC endpoint ids (8 and 17 characters)', code: policy('{"StringEquals": {"aws:SourceVpc": ["vpc-1a2b3c4d", "vpc-0123456789abcdef0"], "aws:SourceVpce": "vpce-1a2b3c4d"}}') },
    { name: 'a KMS key ARN, and a pattern over key ARNs', code: policy('{"StringEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}') },
    { name: 'a wildcard with a Like operator', code: policy('{"StringLike": {"s3:prefix": "home/*"}}') },
    { name: 'StringLike "*" tests that the key is present: AWS writes it so', code: policy('{"StringLike": {"aws:ResourceTag/team": "*"}}') },
    { name: 'String operators on ARN keys are iam/arn-key-string-operator\'s', code: policy('{"StringLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012:*"}}') },
    { name: 'base64 for BinaryEquals', code: policy('{"BinaryEquals": {"aws:PrincipalTag/cert": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}') },
    { name: 'one value for an ordering operator', code: policy('{"NumericLessThanEquals": {"s3:max-keys": ["10"]}}') },
    { name: 'several values for an equality operator', code: policy('{"NumericEquals": {"s3:max-keys": [10, 20]}}') },
    { name: 'policy variables are the policy-variable rule\'s', code: policy('{"DateLessThan": {"aws:CurrentTime": "${aws:TokenIssueTime}"}}') },
    { name: 'an unknown operator is another rule\'s (operators are case-sensitive)', code: policy('{"bool": {"aws:SecureTransport": "yes"}, "Boolean": {"aws:SecureTransport": "yes"}}') },
    { name: 'an unknown key: no type to compare with', code: policy('{"StringEquals": {"aws:NoSuchKey": "x"}}') },
    { name: 'tag keys are strings compared as numbers on purpose', code: policy('{"NumericLessThan": {"aws:PrincipalTag/level": "3"}}') },
    { name: 'the same list types in JSON', code: policy('{"NumericEquals": {"s3:max-keys": [10, 20]}, "StringEquals": {"aws:PrincipalAccount": ["111122223333", "444455556666"]}}') },
    { name: 'YAML: a boolean node, a quoted boolean, a plain number', file: 'template.yaml', code: template('              Bool:\n                aws:SecureTransport: false\n              "Null":\n                aws:TokenIssueTime: "true"\n              NumericLessThan:\n                aws:MultiFactorAuthAge: 3600\n') },
    { name: 'YAML: plain yes/no may be booleans to a YAML 1.1 reader', file: 'template.yaml', code: template('              Bool:\n                aws:SecureTransport: no\n') },
    { name: 'YAML: mixed scalar types are an accident of YAML spelling', file: 'template.yaml', code: template('              StringEquals:\n                aws:PrincipalAccount: [111122223333, "444455556666"]\n') },
    { name: 'YAML: a parameter', file: 'template.yaml', code: template('              NotIpAddress:\n                aws:SourceIp: !Ref OfficeCidr\n') },
    { name: 'YAML: !Sub with a parameter', file: 'template.yaml', code: template('              NotIpAddress:\n                aws:SourceIp: !Sub "${OfficeCidr}"\n') },
    { name: 'YAML: !If branches that are both valid', file: 'template.yaml', code: template('              Bool:\n                aws:SecureTransport: !If [Strict, "false", !Ref AWS::NoValue]\n') },
    { name: 'SAM: valid IP range', file: 'template.yaml', code: sam('                IpAddress:\n                  aws:SourceIp: 203.0.113.0/24\n') },
  ],
  invalid: [
    { name: 'Bool: not a boolean', code: policy('{"Bool": {"aws:SecureTransport": «"yes"»}}', 'Deny'), messages: ['notBoolean'] },
    { name: 'Bool: a number', code: policy('{"Bool": {"aws:SecureTransport": «1»}}', 'Deny'), messages: ['notBoolean'] },
    { name: 'Bool: several values', code: policy('{"Bool": {"aws:SecureTransport": «["true", "false"]»}}', 'Deny'), messages: ['multipleBooleans'] },
    { name: 'Null: not true/false', code: policy('{"Null": {"aws:TokenIssueTime": «"absent"»}}'), messages: ['notNullValue'] },
    { name: 'Numeric: not a number', code: policy('{"NumericLessThan": {"aws:MultiFactorAuthAge": «"1h"»}}'), messages: ['notNumber'] },
    {
      name: 'Numeric: several values of an ordering operator; the fix keeps the one that counts',
      code: policy('{"NumericLessThan": {"aws:MultiFactorAuthAge": «[3600, 7200]»}}'),
      messages: ['redundantValues'],
      output: policy('{"NumericLessThan": {"aws:MultiFactorAuthAge": 7200}}'),
    },
    {
      name: 'Date: greater than keeps the earliest',
      code: policy('{"DateGreaterThan": {"aws:CurrentTime": «["2026-06-01", "2026-01-01"]»}}'),
      messages: ['redundantValues'],
      output: policy('{"DateGreaterThan": {"aws:CurrentTime": "2026-01-01"}}'),
    },
    { name: 'Date: not a date', code: policy('{"DateLessThan": {"aws:CurrentTime": «"2026-02-30"»}}'), messages: ['notDate'] },
    { name: 'Date: words', code: policy('{"DateLessThan": {"aws:CurrentTime": «"next year"»}}'), messages: ['notDate'] },
    { name: 'Date: epoch milliseconds', code: policy('{"DateLessThan": {"aws:EpochTime": «1798761600000»}}'), messages: ['epochMilliseconds'] },
    { name: 'IP: not an address', code: policy('{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", «"203.0.113.256"», «"office"»]}}'), messages: ['notIp', 'notIp'] },
    { name: 'IP: prefix too long', code: policy('{"IpAddress": {"aws:SourceIp": «"203.0.113.0/33"»}}'), messages: ['notIp'] },
    {
      name: 'IP: host bits after the prefix (IPv4 and IPv6); the fix writes the network',
      code: policy('{"IpAddress": {"aws:SourceIp": [«"203.0.113.7/24"», «"2001:DB8:0:0:1::5/64"»]}}'),
      messages: ['improveIpRange', 'improveIpRange'],
      output: policy('{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/64"]}}'),
    },
    {
      name: 'aws:SourceIp with only private ranges never matches; the suggestion moves them to aws:VpcSourceIp',
      code: policy('{"IpAddress": {"aws:SourceIp": [«"10.0.0.0/16"», «"192.168.1.10"»]}}'),
      messages: ['privateSourceIp', 'privateSourceIp'],
      output: policy('{"IpAddress": {"aws:VpcSourceIp": ["10.0.0.0/16", "192.168.1.10"]}}'),
      safe: false,
    },
    {
      name: 'NotIpAddress with only private ranges always matches',
      code: policy('{"NotIpAddress": {"aws:SourceIp": «"172.16.0.0/12"»}}', 'Deny'),
      messages: ['privateNotSourceIp'],
      output: policy('{"NotIpAddress": {"aws:VpcSourceIp": "172.16.0.0/12"}}', 'Deny'),
      safe: false,
    },
    {
      name: 'a private range among public ones has no effect',
      code: policy('{"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", «"fd00::/8"»]}}', 'Deny'),
      messages: ['privateSourceIpSubset'],
    },
    { name: 'ARN operator with an account id', code: policy('{"ArnEquals": {"aws:SourceArn": «"123456789012"»}}'), messages: ['notArn'] },
    { name: 'ARN operator with a function name', code: policy('{"ArnLike": {"lambda:FunctionArn": ["arn:aws:lambda:us-east-1:123456789012:function:ok", «"my-function"»]}}'), messages: ['notArn'] },
    { name: 'BinaryEquals with text', code: policy('{"BinaryEquals": {"aws:PrincipalTag/cert": «"not base64!"»}}'), messages: ['notBase64'] },
    { name: 'aws:SourceVpc too short', code: policy('{"StringEquals": {"aws:SourceVpc": «"vpc-123"»}}'), messages: ['invalidVpc'] },
    { name: 'aws:SourceVpce without its prefix', code: policy('{"StringEquals": {"aws:SourceVpce": «"1a2b3c4d"»}}'), messages: ['invalidVpce'] },
    {
      name: 'KMS key id or alias where S3 compares key ARNs',
      code: policy('{"StringEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": [«"1234abcd-12ab-34cd-56ef-1234567890ab"», «"alias/my-key"»]}}'),
      messages: ['invalidKmsKey', 'invalidKmsKey'],
    },
    { name: 'KMS alias ARN with ArnEquals', code: policy('{"ArnEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": «"arn:aws:kms:us-east-1:123456789012:alias/my-key"»}}'), messages: ['invalidKmsKey'] },
    {
      name: 'a * with StringEquals is literal; the suggestion switches to StringLike',
      code: policy('{"StringEquals": {"s3:prefix": «"home/*"»}}'),
      messages: ['wildcardWithoutLike'],
      output: policy('{"StringLike": {"s3:prefix": "home/*"}}'),
      safe: false,
    },
    {
      name: 'StringNotEqualsIfExists becomes StringNotLikeIfExists',
      code: policy('{"StringNotEqualsIfExists": {"aws:PrincipalTag/team": «"eng-*"»}}', 'Deny'),
      messages: ['wildcardWithoutLike'],
      output: policy('{"StringNotLikeIfExists": {"aws:PrincipalTag/team": "eng-*"}}', 'Deny'),
      safe: false,
    },
    { name: 'no rename when the Like operator is already there', code: policy('{"StringEquals": {"s3:prefix": «"home/*"»}, "StringLike": {"s3:delimiter": "/"}}'), messages: ['wildcardWithoutLike'] },
    { name: 'StringLikeIfExists "*" restricts nothing', code: policy('{"StringLikeIfExists": {"aws:ResourceTag/team": «"*"»}}'), messages: ['alwaysMatches'] },
    { name: 'String operator on a Bool key', code: policy('{"StringEquals": {«"aws:SecureTransport"»: "true"}}'), messages: ['typeMismatch'] },
    { name: 'String operator on an IP key', code: policy('{"StringLike": {«"aws:SourceIp"»: "10.*"}}'), messages: ['typeMismatch'] },
    { name: 'Date operator on a Numeric key', code: policy('{"DateGreaterThan": {«"aws:MultiFactorAuthAge"»: "2026-01-01"}}'), messages: ['typeMismatch'] },
    { name: 'Bool on a String key', code: policy('{"Bool": {«"aws:SourceVpc"»: "true"}}'), messages: ['typeMismatch'] },
    { name: 'IpAddress on a service String key', code: policy('{"IpAddress": {«"s3:prefix"»: "10.0.0.0/8"}}'), messages: ['typeMismatch'] },
    { name: 'an object as a value', code: policy('{"StringEquals": {"aws:PrincipalTag/team": «{"name": "eng"}»}}'), messages: ['notAValue'] },
    { name: 'a nested list and null', code: policy('{"StringEquals": {"aws:PrincipalTag/team": [«["eng"]», «null»]}}'), messages: ['notAValue', 'notAValue'] },
    { name: 'JSON: a list mixing numbers and strings', code: policy('{"NumericEquals": {"s3:max-keys": ["10", «20»]}}'), messages: ['mixedTypes'] },
    {
      name: 'a value resolved from !Join is judged, and reported on the expression',
      file: 'template.yaml',
      code: template('              IpAddress:\n                aws:SourceIp: «!Join [".", ["203", "0", "113", "999"]]»\n'),
      messages: ['notIp'],
    },
    {
      name: 'YAML template: host bits, plain scalar',
      file: 'template.yaml',
      code: template('              NotIpAddress:\n                aws:SourceIp: «203.0.113.7/24»\n'),
      messages: ['improveIpRange'],
      output: template('              NotIpAddress:\n                aws:SourceIp: 203.0.113.0/24\n'),
    },
    {
      name: 'YAML template: quoted non-boolean, and a !If branch',
      file: 'template.yaml',
      code: template('              Bool:\n                aws:SecureTransport: «"off"»\n                aws:MultiFactorAuthPresent: !If [Strict, "true", «maybe»]\n'),
      messages: ['notBoolean', 'notBoolean'],
    },
    {
      name: 'YAML template: a key without a value',
      file: 'template.yaml',
      code: template('              Bool:\n                «aws:SecureTransport»:\n'),
      messages: ['notAValue'],
    },
    {
      name: 'YAML template: block list of redundant numbers',
      file: 'template.yaml',
      code: template('              NumericGreaterThan:\n                aws:MultiFactorAuthAge:\n                  «- 60\n                  - 30»\n'),
      messages: ['redundantValues'],
      output: template('              NumericGreaterThan:\n                aws:MultiFactorAuthAge:\n                  30\n'),
    },
    {
      name: 'SAM Policies: private aws:SourceIp',
      file: 'template.yaml',
      code: sam('                IpAddress:\n                  aws:SourceIp: «10.1.0.0/16»\n'),
      messages: ['privateSourceIp'],
      output: sam('                IpAddress:\n                  aws:VpcSourceIp: 10.1.0.0/16\n'),
      safe: false,
    },
    {
      name: 'a private range beside a parameter that may be public has no effect, but the condition may match',
      file: 'template.yaml',
      code: template('              IpAddress:\n                aws:SourceIp: [!Ref OfficeCidr, «10.0.0.0/8»]\n'),
      messages: ['privateSourceIpSubset'],
    },
    {
      name: 'SAM Policies: ARN operator with a name',
      file: 'template.yaml',
      code: sam("                ArnLike:\n                  aws:SourceArn: «'my-topic'»\n"),
      messages: ['notArn'],
    },
  ],
});
