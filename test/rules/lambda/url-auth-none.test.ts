import { ruleTester } from '../../rule-tester';

const FN =
  'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  StatusFunction:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: status.handler\n      Role: arn:aws:iam::111122223333:role/status-function\n      Code:\n        ZipFile: "def handler(event, context): return {}"\n';
const url = (authType: string, extra = '') =>
  `${FN}  StatusUrl:\n    Type: AWS::Lambda::Url\n    Properties:\n      TargetFunctionArn: !GetAtt StatusFunction.Arn\n      AuthType: ${authType}\n${extra}`;
const URL_PERMISSION =
  '  StatusUrlPublicPermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref StatusFunction\n      Action: lambda:InvokeFunctionUrl\n      Principal: "*"\n      FunctionUrlAuthType: NONE\n';
const INVOKE_PERMISSION =
  '  StatusInvokeViaUrlPermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !GetAtt StatusFunction.Arn\n      Action: lambda:InvokeFunction\n      Principal: "*"\n      InvokedViaFunctionUrl: true\n';
const sam = (config: string, globals = '') =>
  `Transform: AWS::Serverless-2016-10-31\n${globals}Resources:\n  StatusFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: status.handler\n      CodeUri: src/\n${config}`;

ruleTester('lambda/url-auth-none', {
  valid: [
    { name: 'CFN URL with AWS_IAM', file: 'template.yaml', code: url('AWS_IAM') },
    { name: 'AuthType from a parameter', file: 'template.yaml', code: url('!Ref UrlAuthType') },
    { name: 'leftover NONE permissions of a URL now on AWS_IAM: dead or IAM-signed, not public', file: 'template.yaml', code: url('AWS_IAM', URL_PERMISSION + INVOKE_PERMISSION) },
    { name: 'SAM AWS_IAM', file: 'template.yaml', code: sam('      FunctionUrlConfig:\n        AuthType: AWS_IAM\n') },
    { name: 'SAM without a URL', file: 'template.yaml', code: sam('') },
    { name: 'SAM Globals without functions', file: 'template.yaml', code: 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    FunctionUrlConfig:\n      AuthType: NONE\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n' },
    {
      name: 'a URL permission with AWS_IAM',
      file: 'template.yaml',
      code: `${FN}  P:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref StatusFunction\n      Action: lambda:InvokeFunctionUrl\n      Principal: "111122223333"\n      FunctionUrlAuthType: AWS_IAM\n`,
    },
  ],
  invalid: [
    {
      name: 'CFN URL with both public permissions',
      file: 'template.yaml',
      code: url('«NONE»', URL_PERMISSION + INVOKE_PERMISSION),
      messages: ['none'],
      output: url('AWS_IAM', URL_PERMISSION + INVOKE_PERMISSION),
      safe: false,
    },
    {
      name: 'CFN URL without lambda:InvokeFunction for "*"',
      file: 'template.yaml',
      code: url('«NONE»', URL_PERMISSION),
      messages: ['noneMissingPermissions'],
      output: url('AWS_IAM', URL_PERMISSION),
      safe: false,
    },
    {
      name: 'CFN URL with no permissions, quoted',
      file: 'template.yaml',
      code: url('«"NONE"»'),
      messages: ['noneMissingPermissions'],
      output: url('"AWS_IAM"'),
      safe: false,
    },
    {
      name: 'permissions for another function do not count',
      file: 'template.yaml',
      code: url('«NONE»', URL_PERMISSION.replace('!Ref StatusFunction', '!Ref OtherFunction') + INVOKE_PERMISSION),
      messages: ['noneMissingPermissions'],
      output: url('AWS_IAM', URL_PERMISSION.replace('!Ref StatusFunction', '!Ref OtherFunction') + INVOKE_PERMISSION),
      safe: false,
    },
    {
      name: 'a permission naming the function by its FunctionName counts',
      file: 'template.yaml',
      code: url('«NONE»', URL_PERMISSION + INVOKE_PERMISSION.replace('!GetAtt StatusFunction.Arn', 'status-page')).replace('      Runtime: python3.12\n', '      FunctionName: status-page\n      Runtime: python3.12\n'),
      messages: ['none'],
      output: url('AWS_IAM', URL_PERMISSION + INVOKE_PERMISSION.replace('!GetAtt StatusFunction.Arn', 'status-page')).replace('      Runtime: python3.12\n', '      FunctionName: status-page\n      Runtime: python3.12\n'),
      safe: false,
    },
    {
      name: 'a branch of !If',
      file: 'template.yaml',
      code: url('!If [Public, «NONE», AWS_IAM]', URL_PERMISSION + INVOKE_PERMISSION),
      messages: ['none'],
      output: url('!If [Public, AWS_IAM, AWS_IAM]', URL_PERMISSION + INVOKE_PERMISSION),
      safe: false,
    },
    {
      name: 'SAM FunctionUrlConfig',
      file: 'template.yaml',
      code: sam('      FunctionUrlConfig:\n        AuthType: «NONE»\n        InvokeMode: RESPONSE_STREAM\n'),
      messages: ['samNone'],
      output: sam('      FunctionUrlConfig:\n        AuthType: AWS_IAM\n        InvokeMode: RESPONSE_STREAM\n'),
      safe: false,
    },
    {
      name: 'SAM Globals, merged with the function\'s own config',
      file: 'template.yaml',
      code: sam('      FunctionUrlConfig:\n        InvokeMode: BUFFERED\n', 'Globals:\n  Function:\n    FunctionUrlConfig:\n      AuthType: «NONE»\n'),
      messages: ['samNone'],
      output: sam('      FunctionUrlConfig:\n        InvokeMode: BUFFERED\n', 'Globals:\n  Function:\n    FunctionUrlConfig:\n      AuthType: AWS_IAM\n'),
      safe: false,
    },
    {
      name: 'public URL permissions for a URL created elsewhere',
      file: 'template.yaml',
      code: `${FN}${URL_PERMISSION.replace('FunctionUrlAuthType: NONE', 'FunctionUrlAuthType: «NONE»')}${INVOKE_PERMISSION.replace('InvokedViaFunctionUrl: true', 'InvokedViaFunctionUrl: «true»')}`,
      messages: ['publicPermission', 'publicPermission'],
    },
    {
      name: 'JSON URL',
      file: 'template.json',
      code: '{"Resources": {"U": {"Type": "AWS::Lambda::Url", "Properties": {"TargetFunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:status", "AuthType": «"NONE"»}}}}',
      messages: ['noneMissingPermissions'],
      output: '{"Resources": {"U": {"Type": "AWS::Lambda::Url", "Properties": {"TargetFunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:status", "AuthType": "AWS_IAM"}}}}',
      safe: false,
    },
  ],
});
