import { ruleTester } from '../../rule-tester';

const HEAD =
  'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Rule:\n    Type: AWS::Events::Rule\n    Properties:\n      ScheduleExpression: rate(1 hour)\n  Logs:\n    Type: AWS::Logs::LogGroup\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: orders\n  Queue:\n    Type: AWS::SQS::Queue\n';
const yaml = (principal: string, sourceArn: string) =>
  `${HEAD}  InvokePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: worker\n      Action: lambda:InvokeFunction\n      Principal: ${principal}\n      SourceArn: ${sourceArn}\n`;

ruleTester('lambda/permission-source-mismatch', {
  valid: [
    { name: 'SourceArn of a state machine for states (not an invoker we compare)', file: 'template.yaml', code: 'Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n  P:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: worker\n      Action: lambda:InvokeFunction\n      Principal: states.amazonaws.com\n      SourceArn: !Ref M\n' },
    { name: 'SNS topic', file: 'template.yaml', code: yaml('sns.amazonaws.com', '!Ref Topic') },
    { name: 'EventBridge rule', file: 'template.yaml', code: yaml('events.amazonaws.com', '!GetAtt Rule.Arn') },
    { name: 'log group, global logs principal', file: 'template.yaml', code: yaml('logs.amazonaws.com', '!GetAtt Logs.Arn') },
    { name: 'log group, regional logs principal', file: 'template.yaml', code: yaml('logs.eu-west-1.amazonaws.com', '!GetAtt Logs.Arn') },
    { name: 'log group, !Sub regional principal', file: 'template.yaml', code: yaml('!Sub logs.${AWS::Region}.amazonaws.com', '!GetAtt Logs.Arn') },
    { name: 'execute-api ARN with apigateway', file: 'template.yaml', code: yaml('apigateway.amazonaws.com', '!Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/orders') },
    { name: 'literal rule ARN', file: 'template.yaml', code: yaml('events.amazonaws.com', 'arn:aws:events:us-east-1:111122223333:rule/nightly') },
    { name: 'Lex V2 bot alias', file: 'template.yaml', code: yaml('lexv2.amazonaws.com', 'arn:aws:lex:us-east-1:111122223333:bot-alias/ABCDEFGHIJ/TSTALIASID') },
    { name: 'principal whose sources we do not know', file: 'template.yaml', code: yaml('bedrock.amazonaws.com', 'arn:aws:sns:us-east-1:111122223333:orders') },
    { name: 'misspelt principal is permission-principal\'s', file: 'template.yaml', code: yaml('sns.amazon.com', '!Ref Topic') },
    { name: 'account principal', file: 'template.yaml', code: yaml('"111122223333"', '!Ref Topic') },
    { name: 'SourceArn from a parameter', file: 'template.yaml', code: yaml('events.amazonaws.com', '!Ref TopicArn') },
    { name: 'service hidden in a placeholder', file: 'template.yaml', code: yaml('events.amazonaws.com', '!Sub arn:aws:${Service}:us-east-1:111122223333:x') },
    { name: 'no SourceArn', file: 'template.yaml', code: `${HEAD}  P:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: worker\n      Action: lambda:InvokeFunction\n      Principal: events.amazonaws.com\n      SourceAccount: !Ref AWS::AccountId\n` },
  ],
  invalid: [
    { name: 'a resource type cfn-lint does not map, resolved through the template', file: 'template.yaml', code: yaml('«sns.amazonaws.com»', '!GetAtt Queue.Arn'), messages: ['resourceMismatch'] },
    {
      name: 'SourceArn of an SQS queue of the template for API Gateway (resolved through the template)',
      file: 'template.yaml',
      code: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n  P:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: worker\n      Action: lambda:InvokeFunction\n      Principal: «apigateway.amazonaws.com»\n      SourceArn: !GetAtt Queue.Arn\n',
      messages: ['resourceMismatch'],
    },
    { name: 'topic with the EventBridge principal (cfn-lint W3664)', file: 'template.yaml', code: yaml('«events.amazonaws.com»', '!Ref Topic'), messages: ['resourceMismatch'] },
    { name: 'rule with the SNS principal, quoted', file: 'template.yaml', code: yaml('«"sns.amazonaws.com"»', '!GetAtt Rule.Arn'), messages: ['resourceMismatch'] },
    { name: 'REST API with the Lambda principal', file: 'template.yaml', code: yaml('«lambda.amazonaws.com»', '!Ref Api'), messages: ['resourceMismatch'] },
    { name: 'log group through !Sub ${Logs.Arn}', file: 'template.yaml', code: yaml('«events.amazonaws.com»', '!Sub ${Logs.Arn}'), messages: ['resourceMismatch'] },
    { name: 'literal SNS ARN with EventBridge', file: 'template.yaml', code: yaml('«events.amazonaws.com»', 'arn:aws:sns:us-east-1:111122223333:orders'), messages: ['serviceMismatch'] },
    { name: 'apigateway ARN service instead of execute-api', file: 'template.yaml', code: yaml('«apigateway.amazonaws.com»', 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5'), messages: ['serviceMismatch'] },
    { name: 'regional logs principal with an events ARN', file: 'template.yaml', code: yaml('«logs.us-east-1.amazonaws.com»', '!Sub arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/nightly'), messages: ['serviceMismatch'] },
    { name: 'a branch of !If', file: 'template.yaml', code: yaml('!If [FromBus, «events.amazonaws.com», sns.amazonaws.com]', '!Ref Topic'), messages: ['resourceMismatch'] },
    {
      name: 'JSON',
      file: 'template.json',
      code: '{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}, "P": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": "f", "Action": "lambda:InvokeFunction", "Principal": «"s3.amazonaws.com"», "SourceArn": {"Ref": "Topic"}, "SourceAccount": {"Ref": "AWS::AccountId"}}}}}',
      messages: ['resourceMismatch'],
    },
  ],
});
