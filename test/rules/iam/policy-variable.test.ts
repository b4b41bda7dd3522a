import { ruleTester } from '../../rule-tester';

/** A standalone policy with one statement. */
const policy = (statement: string, version = '"Version": "2012-10-17", ') => `{${version}"Statement": [${statement}]}`;
const allow = (resource: string, extra = '') => policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ${resource}${extra}}`);

/** A template with a parameter, a bucket and a managed policy whose one statement has these lines (indented 12). */
const template = (statement: string) =>
  'Parameters:\n  Prefix:\n    Type: String\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n' +
  statement;

/** A SAM function with an inline policy whose one statement has these lines (indented 14). */
const sam = (statement: string) =>
  'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n' +
  statement;

ruleTester('iam/policy-variable', {
  valid: [
    { name: 'a variable in Resource', code: allow('"arn:aws:s3:::my-bucket/home/${aws:username}/*"') },
    { name: 'a tag variable with a quoted default', code: allow('"arn:aws:s3:::my-bucket/${aws:PrincipalTag/team, \'company-wide\'}/*"') },
    { name: 'the special characters ${*}, ${?} and ${$}', code: allow('"arn:aws:s3:::my-bucket/literal-${*}-${?}-${$}"') },
    { name: 'NotResource', code: policy('{"Effect": "Deny", "Action": "s3:DeleteObject", "NotResource": "arn:aws:s3:::my-bucket/home/${aws:username}/*"}') },
    {
      name: 'String and ARN condition values, with set qualifiers and IfExists',
      code: allow(
        '"*"',
        ', "Condition": {"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}, "ForAllValues:StringLike": {"aws:TagKeys": "${aws:username}-*"}, "ArnLikeIfExists": {"aws:SourceArn": "arn:aws:s3:::${aws:PrincipalTag/bucket}"}}',
      ),
    },
    { name: 'no Version: ${…} is literal text (iam/missing-version says so)', code: policy('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username"}', '') },
    { name: 'an operator IAM does not know is another rule\'s', code: allow('"*"', ', "Condition": {"NumericLessThen": {"s3:max-keys": "${aws:username}"}}') },
    {
      name: '!Sub: CloudFormation references, and policy variables written ${!…}',
      file: 'template.yaml',
      code: template('            Action: s3:GetObject\n            Resource: !Sub arn:${AWS::Partition}:s3:::${Bucket}/${Prefix}/${!aws:username}/*\n'),
    },
    {
      name: '!Sub with a variable map, long form in JSON',
      file: 'template.json',
      code:
        '{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::Sub": ["arn:aws:s3:::${Name}/${!aws:username}/*", {"Name": "my-bucket"}]}}]}}}}}',
    },
    {
      name: 'a plain string in a template is a policy variable as written',
      file: 'template.yaml',
      code: template('            Action: s3:GetObject\n            Resource: "arn:aws:s3:::my-bucket/${aws:username}/*"\n'),
    },
    {
      name: '!Join parts: a variable split across parts is the author\'s business',
      file: 'template.yaml',
      code: template("            Action: s3:GetObject\n            Resource: !Join ['', ['arn:aws:s3:::my-bucket/${aws:', 'username}/*']]\n"),
    },
    {
      name: '!Sub in a Principal with CloudFormation references only',
      file: 'template.yaml',
      code: template('            Action: s3:GetObject\n            Resource: "*"\n            Principal:\n              AWS: !Sub arn:aws:iam::${AWS::AccountId}:root\n'),
    },
    {
      name: 'a ${…} in !Sub that is not a policy variable (CloudFormation reports unknown references)',
      file: 'template.yaml',
      code: template('            Action: s3:GetObject\n            Resource: !Sub arn:aws:s3:::${Unknown}/*\n'),
    },
    { name: 'SAM: escaped variable in !Sub', file: 'template.yaml', code: sam('              Action: s3:GetObject\n              Resource: !Sub arn:aws:s3:::my-bucket/${!aws:username}/*\n') },
  ],
  invalid: [
    { name: 'missing closing brace', code: allow('"arn:aws:s3:::my-bucket/home/«${aws:username/*»"'), messages: ['missingBrace'] },
    { name: 'missing brace before the next variable', code: allow('"arn:aws:s3:::my-bucket/«${aws:PrincipalTag/team-»${aws:username}"'), messages: ['missingBrace'] },
    {
      name: 'default without quotes: the suggestion quotes it',
      code: allow('"arn:aws:s3:::my-bucket/«${aws:PrincipalTag/team, shared}»/*"'),
      messages: ['missingQuote'],
      output: allow('"arn:aws:s3:::my-bucket/${aws:PrincipalTag/team, \'shared\'}/*"'),
      safe: false,
    },
    {
      name: 'default in double quotes (escaped in JSON)',
      code: allow('"arn:aws:s3:::my-bucket/«${aws:PrincipalTag/team, \\"shared\\"}»/*"'),
      messages: ['missingQuote'],
      output: allow('"arn:aws:s3:::my-bucket/${aws:PrincipalTag/team, \'shared\'}/*"'),
      safe: false,
    },
    {
      name: 'space in the variable name',
      code: allow('"arn:aws:s3:::my-bucket/home/«${ aws:username }»/*"'),
      messages: ['unsupportedSpace'],
      output: allow('"arn:aws:s3:::my-bucket/home/${aws:username}/*"'),
      safe: false,
    },
    { name: 'empty variable', code: allow('["arn:aws:s3:::my-bucket/«${}»/*", "arn:aws:s3:::my-bucket/«${ }»"]'), messages: ['emptyVariable', 'emptyVariable'] },
    {
      name: 'variables in Action and Principal',
      code: policy('{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::«${aws:PrincipalAccount}»:root"}, "Action": "s3:«${aws:PrincipalTag/action}»", "Resource": "arn:aws:s3:::my-bucket/*"}'),
      messages: ['unsupportedElement', 'unsupportedElement'],
    },
    { name: 'a variable in NotAction', code: policy('{"Effect": "Deny", "NotAction": ["s3:Get«${aws:username}»"], "Resource": "*"}'), messages: ['unsupportedElement'] },
    {
      name: 'variables with operators that do not replace them',
      code: allow(
        '"*"',
        ', "Condition": {"NumericLessThan": {"s3:max-keys": "«${aws:PrincipalTag/limit}»"}, "DateGreaterThan": {"aws:CurrentTime": "«${aws:TokenIssueTime}»"}, "IpAddress": {"aws:SourceIp": "«${aws:PrincipalTag/cidr}»"}, "Bool": {"aws:SecureTransport": "«${aws:PrincipalTag/tls}»"}, "Null": {"aws:TokenIssueTime": "«${aws:username}»"}}',
      ),
      messages: ['unsupportedOperator', 'unsupportedOperator', 'unsupportedOperator', 'unsupportedOperator', 'unsupportedOperator'],
    },
    {
      name: '!Sub: an unescaped policy variable breaks the deployment; the fix escapes it',
      file: 'template.yaml',
      code: template('            Action: s3:GetObject\n            Resource: !Sub arn:${AWS::Partition}:s3:::${Bucket}/«${aws:username}»/*\n'),
      messages: ['unescapedInSub'],
      output: template('            Action: s3:GetObject\n            Resource: !Sub arn:${AWS::Partition}:s3:::${Bucket}/${!aws:username}/*\n'),
    },
    {
      name: 'Fn::Sub in JSON, with a map that does not define the name',
      file: 'template.json',
      code:
        '{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::Sub": ["arn:aws:s3:::${Name}/«${aws:PrincipalTag/team}»/*", {"Name": "my-bucket"}]}}]}}}}}',
      messages: ['unescapedInSub'],
      output:
        '{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::Sub": ["arn:aws:s3:::${Name}/${!aws:PrincipalTag/team}/*", {"Name": "my-bucket"}]}}]}}}}}',
    },
    {
      name: '!Sub: an escaped variable is still checked, at its place in the source',
      file: 'template.yaml',
      code: template("            Action: s3:GetObject\n            Resource: !Sub 'arn:aws:s3:::${Bucket}/«${!aws:PrincipalTag/team, shared}»/*'\n"),
      messages: ['missingQuote'],
      output: template("            Action: s3:GetObject\n            Resource: !Sub 'arn:aws:s3:::${Bucket}/${!aws:PrincipalTag/team, ''shared''}/*'\n"),
      safe: false,
    },
    {
      name: '!Sub: an escaped variable without its brace',
      file: 'template.yaml',
      code: template('            Action: s3:GetObject\n            Resource: !Sub "arn:aws:s3:::${Bucket}/«${!aws:username/*»"\n'),
      messages: ['missingBrace'],
    },
    {
      name: '!Sub: an escaped variable in a condition that does not replace it',
      file: 'template.yaml',
      code: template("            Action: s3:GetObject\n            Resource: '*'\n            Condition:\n              NumericLessThan:\n                s3:max-keys: !Sub '«${!aws:PrincipalTag/limit}»'\n"),
      messages: ['unsupportedOperator'],
    },
    {
      name: 'a parameter outside !Sub reaches IAM unchanged; the suggestion wraps the string and escapes the policy variable',
      file: 'template.yaml',
      code: template('            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/«${Prefix}»/${aws:username}/*\n'),
      messages: ['cfnReferenceOutsideSub'],
      output: template('            Action: s3:GetObject\n            Resource: !Sub arn:aws:s3:::my-bucket/${Prefix}/${!aws:username}/*\n'),
      safe: false,
    },
    {
      name: 'a pseudo parameter outside !Sub in a Principal, JSON template',
      file: 'template.json',
      code:
        '{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::«${AWS::AccountId}»:root"}, "Action": "sts:AssumeRole"}]}}}}}',
      messages: ['cfnReferenceOutsideSub'],
      output:
        '{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}}, "Action": "sts:AssumeRole"}]}}}}}',
      safe: false,
    },
    {
      name: 'a resource attribute in a !Join part',
      file: 'template.yaml',
      code: template("            Action: s3:GetObject\n            Resource: !Join ['', ['«${Bucket.Arn}»', '/*']]\n"),
      messages: ['cfnReferenceOutsideSub'],
      output: template("            Action: s3:GetObject\n            Resource: !Join ['', [!Sub '${Bucket.Arn}', '/*']]\n"),
      safe: false,
    },
    {
      name: 'YAML template: a variable in Action, in a !If branch and in a block list',
      file: 'template.yaml',
      code: template('            Action: !If [Strict, s3:GetObject, "s3:«${aws:username}»"]\n            NotAction:\n              - s3:«${aws:userid}»\n            Resource: "*"\n'),
      messages: ['unsupportedElement', 'unsupportedElement'],
    },
    {
      name: 'SAM Policies: missing brace, single-quoted',
      file: 'template.yaml',
      code: sam("              Action: s3:GetObject\n              Resource: 'arn:aws:s3:::my-bucket/«${aws:username»'\n"),
      messages: ['missingBrace'],
    },
    {
      name: 'SAM Policies: unescaped variable in !Sub',
      file: 'template.yaml',
      code: sam('              Action: s3:GetObject\n              Resource: !Sub "arn:aws:s3:::my-bucket-${AWS::Region}/«${aws:username}»/*"\n'),
      messages: ['unescapedInSub'],
      output: sam('              Action: s3:GetObject\n              Resource: !Sub "arn:aws:s3:::my-bucket-${AWS::Region}/${!aws:username}/*"\n'),
    },
    {
      name: 'a double-quoted YAML scalar with an escape elsewhere: the whole scalar, no fix',
      file: 'template.yaml',
      code: template('            Action: s3:GetObject\n            Resource: «"arn:aws:s3:::my-bucket/\\x41/${aws:username, team}"»\n'),
      messages: ['missingQuote'],
    },
  ],
});
