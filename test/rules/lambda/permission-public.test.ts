import { ruleTester } from '../../rule-tester';

const yaml = (props: string) =>
  `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  InvokePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: partner-webhook\n${props}`;
const layer = (props: string) =>
  `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  LayerPermission:\n    Type: AWS::Lambda::LayerVersionPermission\n    Properties:\n      Action: lambda:GetLayerVersion\n      LayerVersionArn: arn:aws:lambda:us-east-1:111122223333:layer:shared:1\n${props}`;

ruleTester('lambda/permission-public', {
  valid: [
    { name: 'organization', file: 'template.yaml', code: yaml('      Action: lambda:InvokeFunction\n      Principal: "*"\n      PrincipalOrgID: o-a1b2c3d4e5\n') },
    { name: 'source account', file: 'template.yaml', code: yaml('      Action: lambda:InvokeFunction\n      Principal: "*"\n      SourceAccount: "111122223333"\n') },
    { name: 'source ARN', file: 'template.yaml', code: yaml('      Action: lambda:InvokeFunction\n      Principal: "*"\n      SourceArn: arn:aws:sns:us-east-1:111122223333:orders\n') },
    { name: 'an account', file: 'template.yaml', code: yaml('      Action: lambda:InvokeFunction\n      Principal: "111122223333"\n') },
    { name: 'principal from a parameter', file: 'template.yaml', code: yaml('      Action: lambda:InvokeFunction\n      Principal: !Ref InvokerPrincipal\n') },
    { name: 'function URL with AWS_IAM is excepted', file: 'template.yaml', code: yaml('      Action: lambda:InvokeFunctionUrl\n      Principal: "*"\n      FunctionUrlAuthType: AWS_IAM\n') },
    { name: 'public URL statement: url-auth-none reports it', file: 'template.yaml', code: yaml('      Action: lambda:InvokeFunctionUrl\n      Principal: "*"\n      FunctionUrlAuthType: NONE\n') },
    { name: 'public URL invoke statement: url-auth-none reports it', file: 'template.yaml', code: yaml('      Action: lambda:InvokeFunction\n      Principal: "*"\n      InvokedViaFunctionUrl: true\n') },
    { name: 'layer shared with an organization', file: 'template.yaml', code: layer('      Principal: "*"\n      OrganizationId: o-a1b2c3d4e5\n') },
    { name: 'layer shared with an account', file: 'template.yaml', code: layer('      Principal: "111122223333"\n') },
    {
      name: 'JSON with PrincipalOrgID',
      file: 'template.json',
      code: '{"Resources": {"P": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": "f", "Action": "lambda:InvokeFunction", "Principal": "*", "PrincipalOrgID": "o-a1b2c3d4e5"}}}}',
    },
  ],
  invalid: [
    { name: 'invoke by anyone', file: 'template.yaml', code: yaml('      Action: lambda:InvokeFunction\n      Principal: «"*"»\n'), messages: ['public'] },
    { name: 'plain-scalar star in single quotes', file: 'template.yaml', code: yaml("      Action: lambda:GetFunction\n      Principal: «'*'»\n"), messages: ['public'] },
    { name: 'function URL without an auth type condition', file: 'template.yaml', code: yaml('      Action: lambda:InvokeFunctionUrl\n      Principal: «"*"»\n'), messages: ['public'] },
    { name: 'a branch of !If', file: 'template.yaml', code: yaml('      Action: lambda:InvokeFunction\n      Principal: !If [IsOpen, «"*"», "111122223333"]\n'), messages: ['public'] },
    { name: 'PrincipalOrgID set to AWS::NoValue', file: 'template.yaml', code: yaml('      Action: lambda:InvokeFunction\n      Principal: «"*"»\n      PrincipalOrgID: !Ref AWS::NoValue\n'), messages: ['public'] },
    { name: 'public layer', file: 'template.yaml', code: layer('      Principal: «"*"»\n'), messages: ['publicLayer'] },
    {
      name: 'JSON',
      file: 'template.json',
      code: '{"Resources": {"P": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": "f", "Action": "lambda:InvokeFunction", "Principal": «"*"»}}}}',
      messages: ['public'],
    },
    {
      name: 'SAM template, explicit permission',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n  FnPermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunction\n      Principal: «"*"»\n',
      messages: ['public'],
    },
  ],
});
