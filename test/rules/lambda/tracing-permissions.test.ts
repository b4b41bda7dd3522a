import { ruleTester } from '../../rule-tester';

const TRUST =
  '      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n';
const BASIC = '!Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const XRAY = '!Sub arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess';
const cfn = (managed: string[], tracing = '      TracingConfig:\n        Mode: «Active»\n') =>
  `Resources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}      ManagedPolicyArns:\n${managed.map((m) => `        - ${m}\n`).join('')}  App:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt AppRole.Arn\n${tracing}`;
const sam = (managed: string[], globals: string, own: string, role = '      Role: !GetAtt AppRole.Arn\n') =>
  `Transform: AWS::Serverless-2016-10-31\n${globals}Resources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}      ManagedPolicyArns:\n${managed.map((m) => `        - ${m}\n`).join('')}  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n${role}${own}`;
const clean = (s: string) => s.replace(/[«»]/g, '');

ruleTester('lambda/tracing-permissions', {
  valid: [
    { name: 'AWSXRayDaemonWriteAccess', file: 'template.yaml', code: clean(cfn([BASIC, XRAY])) },
    { name: 'AWSXrayWriteOnlyAccess', file: 'template.yaml', code: clean(cfn([BASIC, 'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess'])) },
    { name: 'PassThrough', file: 'template.yaml', code: cfn([BASIC], '      TracingConfig:\n        Mode: PassThrough\n') },
    { name: 'no tracing', file: 'template.yaml', code: cfn([BASIC], '') },
    { name: 'SAM generated role gets X-Ray from SAM', file: 'template.yaml', code: 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Tracing: Active\nResources:\n  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n' },
    { name: 'SAM function overrides Globals with PassThrough', file: 'template.yaml', code: sam([BASIC], 'Globals:\n  Function:\n    Tracing: Active\n', '      Tracing: PassThrough\n') },
  ],
  invalid: [
    { name: 'CFN TracingConfig', file: 'template.yaml', code: cfn([BASIC]), messages: ['missing'], output: clean(cfn([BASIC, XRAY])) },
    { name: 'SAM Tracing on the function', file: 'template.yaml', code: sam([BASIC], '', '      Tracing: «Active»\n'), messages: ['missing'], output: clean(sam([BASIC, XRAY], '', '      Tracing: Active\n')) },
    {
      name: 'SAM Tracing from Globals is reported on the function Role',
      file: 'template.yaml',
      code: sam([BASIC], 'Globals:\n  Function:\n    Tracing: Active\n', '', '      Role: «!GetAtt AppRole.Arn»\n'),
      messages: ['missing'],
      output: sam([BASIC, XRAY], 'Globals:\n  Function:\n    Tracing: Active\n', ''),
    },
  ],
});
