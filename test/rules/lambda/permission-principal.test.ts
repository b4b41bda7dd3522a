import { ruleTester } from '../../rule-tester';

const yaml = (principal: string) =>
  `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  InvokePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: worker\n      Action: lambda:InvokeFunction\n      Principal: ${principal}\n      SourceAccount: !Ref AWS::AccountId\n`;
const layer = (principal: string) =>
  `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  LayerPermission:\n    Type: AWS::Lambda::LayerVersionPermission\n    Properties:\n      Action: lambda:GetLayerVersion\n      LayerVersionArn: arn:aws:lambda:us-east-1:111122223333:layer:shared:1\n      Principal: ${principal}\n`;

ruleTester('lambda/permission-principal', {
  valid: [
    { name: 'service principal', file: 'template.yaml', code: yaml('s3.amazonaws.com') },
    { name: 'regional logs principal', file: 'template.yaml', code: yaml('logs.ap-southeast-2.amazonaws.com') },
    { name: 'China spelling of a known principal', file: 'template.yaml', code: yaml('sns.amazonaws.com.cn') },
    { name: 'Alexa Skills Kit', file: 'template.yaml', code: yaml('alexa-appkit.amazon.com') },
    { name: 'Alexa Smart Home', file: 'template.yaml', code: yaml('alexa-connectedhome.amazon.com') },
    { name: 'account id, quoted', file: 'template.yaml', code: yaml('"111122223333"') },
    { name: 'account id as a YAML number', file: 'template.yaml', code: yaml('111122223333') },
    { name: 'role ARN', file: 'template.yaml', code: yaml('arn:aws:iam::111122223333:role/invoker') },
    { name: 'account root ARN in GovCloud', file: 'template.yaml', code: yaml('arn:aws-us-gov:iam::111122223333:root') },
    { name: 'star', file: 'template.yaml', code: yaml('"*"') },
    { name: 'unknown but well-formed: maybe a newer service', file: 'template.yaml', code: yaml('quantum-ledger-insights.amazonaws.com') },
    { name: 'CloudWatch alarm action principal', file: 'template.yaml', code: yaml('lambda.alarms.cloudwatch.amazonaws.com') },
    { name: '!Sub account root', file: 'template.yaml', code: yaml('!Sub arn:${AWS::Partition}:iam::${TrustedAccount}:root') },
    { name: 'parameter', file: 'template.yaml', code: yaml('!Ref InvokerPrincipal') },
    { name: 'layer: account', file: 'template.yaml', code: layer('"111122223333"') },
    { name: 'layer: account root ARN', file: 'template.yaml', code: layer('arn:aws:iam::111122223333:root') },
    { name: 'layer: star', file: 'template.yaml', code: layer('"*"') },
  ],
  invalid: [
    {
      name: 'amazon.com instead of amazonaws.com (safe: one candidate)',
      file: 'template.yaml',
      code: yaml('«s3.amazon.com»'),
      messages: ['unknownServicePrincipal'],
      output: yaml('s3.amazonaws.com'),
    },
    {
      name: 'misspelt service, double-quoted',
      file: 'template.yaml',
      code: yaml('«"lamda.amazonaws.com"»'),
      messages: ['unknownServicePrincipal'],
      output: yaml('"lambda.amazonaws.com"'),
    },
    {
      name: 'the ARN service name instead of the principal: a suggestion',
      file: 'template.yaml',
      code: yaml('«execute-api.amazonaws.com»'),
      messages: ['unknownServicePrincipal'],
      output: yaml('apigateway.amazonaws.com'),
      safe: false,
    },
    { name: 'Alexa with the AWS domain', file: 'template.yaml', code: yaml('«alexa-appkit.amazonaws.com»'), messages: ['unknownServicePrincipal'], output: yaml('alexa-appkit.amazon.com') },
    { name: 'a bare service name', file: 'template.yaml', code: yaml('«apigateway»'), messages: ['invalid'], output: yaml('apigateway.amazonaws.com'), safe: false },
    { name: 'surrounding whitespace (safe to trim)', file: 'template.yaml', code: yaml('«"sns.amazonaws.com "»'), messages: ['invalid'], output: yaml('"sns.amazonaws.com"') },
    { name: 'an 11-digit account', file: 'template.yaml', code: yaml('«"11112222333"»'), messages: ['invalid'] },
    { name: 'ARN with a short account', file: 'template.yaml', code: yaml('«arn:aws:iam::1111222233:role/invoker»'), messages: ['invalid'] },
    { name: 'ARN of a non-IAM resource', file: 'template.yaml', code: yaml('«arn:aws:sns:us-east-1:111122223333:orders»'), messages: ['invalid'] },
    { name: 'a branch of !If', file: 'template.yaml', code: yaml('!If [Shared, «sns.amazon.com», "111122223333"]'), messages: ['unknownServicePrincipal'], output: yaml('!If [Shared, sns.amazonaws.com, "111122223333"]') },
    { name: 'layer: a service principal', file: 'template.yaml', code: layer('«lambda.amazonaws.com»'), messages: ['invalidLayerPrincipal'] },
    { name: 'layer: a role ARN', file: 'template.yaml', code: layer('«arn:aws:iam::111122223333:role/builder»'), messages: ['invalidLayerPrincipal'] },
    {
      name: 'JSON',
      file: 'template.json',
      code: '{"Resources": {"P": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": "f", "Action": "lambda:InvokeFunction", "Principal": «"evnets.amazonaws.com"», "SourceAccount": {"Ref": "AWS::AccountId"}}}}}',
      messages: ['unknownServicePrincipal'],
      output: '{"Resources": {"P": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": "f", "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com", "SourceAccount": {"Ref": "AWS::AccountId"}}}}}',
    },
  ],
});
