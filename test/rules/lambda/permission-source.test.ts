import { ruleTester } from '../../rule-tester';

const HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  UploadsBucket:\n    Type: AWS::S3::Bucket\n';
/** A YAML permission resource with the given property lines (6-space indented). */
const yaml = (props: string) => `${HEAD}  InvokePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: thumbnailer\n      Action: lambda:InvokeFunction\n${props}`;

ruleTester('lambda/permission-source', {
  valid: [
    { name: 'S3 with SourceArn and SourceAccount', file: 'template.yaml', code: yaml('      Principal: s3.amazonaws.com\n      SourceArn: !GetAtt UploadsBucket.Arn\n      SourceAccount: !Ref AWS::AccountId\n') },
    { name: 'S3 with SourceAccount only (what SAM generates)', file: 'template.yaml', code: yaml('      Principal: s3.amazonaws.com\n      SourceAccount: "111122223333"\n') },
    { name: 'SNS topic ARN holds the account', file: 'template.yaml', code: yaml('      Principal: sns.amazonaws.com\n      SourceArn: arn:aws:sns:us-east-1:111122223333:orders\n') },
    { name: '!Sub ARN with the stack account', file: 'template.yaml', code: yaml('      Principal: events.amazonaws.com\n      SourceArn: !Sub arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/nightly\n') },
    { name: 'account from a parameter', file: 'template.yaml', code: yaml('      Principal: events.amazonaws.com\n      SourceArn: !Sub arn:aws:events:us-east-1:${SourceAccountId}:rule/nightly\n') },
    { name: 'SourceArn from a parameter', file: 'template.yaml', code: yaml('      Principal: s3.amazonaws.com\n      SourceArn: !Ref SourceBucketArn\n') },
    { name: 'SourceArn referencing a topic resource', file: 'template.yaml', code: `${HEAD}  Topic:\n    Type: AWS::SNS::Topic\n  P:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: f\n      Action: lambda:InvokeFunction\n      Principal: sns.amazonaws.com\n      SourceArn: !Ref Topic\n` },
    { name: 'account principal', file: 'template.yaml', code: yaml('      Principal: "111122223333"\n') },
    { name: 'account principal with a bucket SourceArn (never matches, but no confused deputy)', file: 'template.yaml', code: yaml('      Principal: "111122223333"\n      SourceArn: arn:aws:s3:::uploads\n') },
    { name: 'role principal', file: 'template.yaml', code: yaml('      Principal: arn:aws:iam::111122223333:role/invoker\n') },
    { name: 'public principal is permission-public\'s', file: 'template.yaml', code: yaml('      Principal: "*"\n') },
    { name: 'principal from a parameter', file: 'template.yaml', code: yaml('      Principal: !Ref InvokerPrincipal\n') },
    { name: 'Alexa skill with EventSourceToken', file: 'template.yaml', code: yaml('      Principal: alexa-appkit.amazon.com\n      EventSourceToken: amzn1.ask.skill.12345678-1234-1234-1234-123456789012\n') },
    { name: 'event source mapping services use the execution role', file: 'template.yaml', code: yaml('      Principal: sqs.amazonaws.com\n') },
    { name: 'Step Functions invokes with its own role', file: 'template.yaml', code: yaml('      Principal: states.amazonaws.com\n') },
    {
      name: 'SAM push events generate scoped permissions',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Uploads:\n    Type: AWS::S3::Bucket\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Events:\n        Upload:\n          Type: S3\n          Properties:\n            Bucket: !Ref Uploads\n            Events: s3:ObjectCreated:*\n',
    },
    {
      name: 'SAM push events of every kind: the permissions SAM generates are scoped',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Events:\n        Nightly:\n          Type: Schedule\n          Properties:\n            Schedule: rate(1 day)\n        Notified:\n          Type: SNS\n          Properties:\n            Topic: !Ref Topic\n        Api:\n          Type: HttpApi\n          Properties:\n            Path: /orders\n            Method: post\n        Logs:\n          Type: CloudWatchLogs\n          Properties:\n            LogGroupName: /acme/app\n            FilterPattern: ERROR\n',
    },
    {
      name: 'JSON with SourceAccount',
      file: 'template.json',
      code: '{"Resources": {"P": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": "f", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com", "SourceArn": "arn:aws:s3:::uploads", "SourceAccount": {"Ref": "AWS::AccountId"}}}}}',
    },
  ],
  invalid: [
    {
      name: 'service principal without any source',
      file: 'template.yaml',
      code: yaml('      Principal: «sns.amazonaws.com»\n'),
      messages: ['noSource'],
      output: yaml('      Principal: sns.amazonaws.com\n      SourceAccount: !Ref AWS::AccountId\n'),
    },
    {
      name: 'S3 bucket in the template without SourceAccount (cfn-lint W3663)',
      file: 'template.yaml',
      code: yaml('      Principal: s3.amazonaws.com\n      SourceArn: «!GetAtt UploadsBucket.Arn»\n'),
      messages: ['bucketWithoutAccount'],
      output: yaml('      Principal: s3.amazonaws.com\n      SourceArn: !GetAtt UploadsBucket.Arn\n      SourceAccount: !Ref AWS::AccountId\n'),
    },
    {
      name: '!Ref of a bucket (its name)',
      file: 'template.yaml',
      code: yaml('      Principal: s3.amazonaws.com\n      SourceArn: «!Ref UploadsBucket»\n'),
      messages: ['bucketWithoutAccount'],
      output: yaml('      Principal: s3.amazonaws.com\n      SourceArn: !Ref UploadsBucket\n      SourceAccount: !Ref AWS::AccountId\n'),
    },
    {
      name: 'literal bucket ARN, quoted',
      file: 'template.yaml',
      code: yaml("      Principal: 's3.amazonaws.com'\n      SourceArn: «'arn:aws:s3:::uploads-prod'»\n"),
      messages: ['bucketWithoutAccount'],
      output: yaml("      Principal: 's3.amazonaws.com'\n      SourceArn: 'arn:aws:s3:::uploads-prod'\n      SourceAccount: !Ref AWS::AccountId\n"),
    },
    {
      name: '!Sub bucket ARN (cfn-lint skips it)',
      file: 'template.yaml',
      code: yaml('      Principal: s3.amazonaws.com\n      SourceArn: «!Sub arn:${AWS::Partition}:s3:::${UploadsBucket}»\n'),
      messages: ['bucketWithoutAccount'],
      output: yaml('      Principal: s3.amazonaws.com\n      SourceArn: !Sub arn:${AWS::Partition}:s3:::${UploadsBucket}\n      SourceAccount: !Ref AWS::AccountId\n'),
    },
    {
      name: 'wildcard account in an execute-api ARN',
      file: 'template.yaml',
      code: yaml('      Principal: apigateway.amazonaws.com\n      SourceArn: «arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/*»\n'),
      messages: ['sourceArnWithoutAccount'],
      output: yaml('      Principal: apigateway.amazonaws.com\n      SourceArn: arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/*\n      SourceAccount: !Ref AWS::AccountId\n'),
    },
    {
      name: 'public principal with a bucket SourceArn: any account can own that bucket name',
      file: 'template.yaml',
      code: yaml('      Principal: "*"\n      SourceArn: «arn:aws:s3:::uploads»\n'),
      messages: ['bucketWithoutAccount'],
      output: yaml('      Principal: "*"\n      SourceArn: arn:aws:s3:::uploads\n      SourceAccount: !Ref AWS::AccountId\n'),
    },
    {
      name: 'a branch of !If',
      file: 'template.yaml',
      code: yaml('      Principal: s3.amazonaws.com\n      SourceArn: !If [UseImported, !ImportValue uploads-bucket-arn, «arn:aws:s3:::uploads»]\n'),
      messages: ['bucketWithoutAccount'],
      output: yaml('      Principal: s3.amazonaws.com\n      SourceArn: !If [UseImported, !ImportValue uploads-bucket-arn, arn:aws:s3:::uploads]\n      SourceAccount: !Ref AWS::AccountId\n'),
    },
    {
      name: 'Alexa without EventSourceToken: no fix, the skill id is unknown',
      file: 'template.yaml',
      code: yaml('      Principal: «alexa-connectedhome.amazon.com»\n'),
      messages: ['missingEventSourceToken'],
    },
    {
      name: 'PrincipalOrgID does not scope a service principal',
      file: 'template.yaml',
      code: yaml('      Principal: «events.amazonaws.com»\n      PrincipalOrgID: o-a1b2c3d4e5\n'),
      messages: ['noSource'],
      output: yaml('      Principal: events.amazonaws.com\n      PrincipalOrgID: o-a1b2c3d4e5\n      SourceAccount: !Ref AWS::AccountId\n'),
    },
    {
      name: 'SAM template with an explicit permission',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n  FnPermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunction\n      Principal: «cognito-idp.amazonaws.com»\n',
      messages: ['noSource'],
      output: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n  FnPermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunction\n      Principal: cognito-idp.amazonaws.com\n      SourceAccount: !Ref AWS::AccountId\n',
    },
    {
      name: 'YAML flow mapping',
      file: 'template.yaml',
      code: `${HEAD}  P:\n    Type: AWS::Lambda::Permission\n    Properties: {FunctionName: f, Action: lambda:InvokeFunction, Principal: s3.amazonaws.com, SourceArn: «!GetAtt UploadsBucket.Arn»}\n`,
      messages: ['bucketWithoutAccount'],
      output: `${HEAD}  P:\n    Type: AWS::Lambda::Permission\n    Properties: {FunctionName: f, Action: lambda:InvokeFunction, Principal: s3.amazonaws.com, SourceArn: !GetAtt UploadsBucket.Arn, SourceAccount: !Ref AWS::AccountId}\n`,
    },
    {
      name: 'JSON, Fn::GetAtt long form',
      file: 'template.json',
      code: '{\n  "Resources": {\n    "Uploads": {"Type": "AWS::S3::Bucket"},\n    "P": {\n      "Type": "AWS::Lambda::Permission",\n      "Properties": {\n        "FunctionName": "f",\n        "Action": "lambda:InvokeFunction",\n        "Principal": "s3.amazonaws.com",\n        "SourceArn": «{"Fn::GetAtt": ["Uploads", "Arn"]}»\n      }\n    }\n  }\n}\n',
      messages: ['bucketWithoutAccount'],
      output: '{\n  "Resources": {\n    "Uploads": {"Type": "AWS::S3::Bucket"},\n    "P": {\n      "Type": "AWS::Lambda::Permission",\n      "Properties": {\n        "FunctionName": "f",\n        "Action": "lambda:InvokeFunction",\n        "Principal": "s3.amazonaws.com",\n        "SourceArn": {"Fn::GetAtt": ["Uploads", "Arn"]},\n        "SourceAccount": {"Ref": "AWS::AccountId"}\n      }\n    }\n  }\n}\n',
    },
    {
      name: 'JSON on one line',
      file: 'template.json',
      code: '{"Resources": {"P": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": "f", "Action": "lambda:InvokeFunction", "Principal": «"events.amazonaws.com"»}}}}',
      messages: ['noSource'],
      output: '{"Resources": {"P": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": "f", "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com", "SourceAccount": {"Ref": "AWS::AccountId"}}}}}',
    },
  ],
});
