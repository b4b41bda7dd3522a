import { ruleTester } from '../../rule-tester';

const TRUST =
  '      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n';
const template = (roleProperties: string, functionProperties = '', more = '') =>
  `Resources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}${roleProperties}  App:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: «!GetAtt AppRole.Arn»\n${functionProperties}${more}`;
const clean = (marked: string) => marked.replace(/[«»]/g, '');
const inline = (actions: string, resource: string) =>
  `      Policies:\n        - PolicyName: logs\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: ${actions}\n                Resource: ${resource}\n`;
const BASIC = '      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n';

ruleTester('lambda/execution-role-logs', {
  valid: [
    { name: 'AWSLambdaBasicExecutionRole', file: 'template.yaml', code: clean(template(BASIC)) },
    { name: 'a managed policy that includes logs (VPC access)', file: 'template.yaml', code: clean(template('      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole\n')) },
    { name: 'inline, scoped to the function log group by name', file: 'template.yaml', code: clean(template(inline('[logs:CreateLogStream, logs:PutLogEvents]', '!Sub arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/orders:*'), '      FunctionName: orders\n')) },
    { name: 'inline, scoped through !Ref of the function', file: 'template.yaml', code: clean(template(inline('[logs:CreateLogStream, logs:PutLogEvents]', '!Sub arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${App}:*'))) },
    { name: 'a custom log group from LoggingConfig', file: 'template.yaml', code: clean(template(inline('[logs:CreateLogStream, logs:PutLogEvents]', '!Sub ${AppLogs.Arn}'), '      LoggingConfig:\n        LogGroup: !Ref AppLogs\n', '  AppLogs:\n    Type: AWS::Logs::LogGroup\n')) },
    { name: 'logs:* on every log group', file: 'template.yaml', code: clean(template(inline('logs:*', 'arn:aws:logs:*:*:*'))) },
    {
      name: 'an AWS::IAM::Policy attached to the role',
      file: 'template.yaml',
      code: clean(template('', '', '  LogsPolicy:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: logs\n      Roles: [!Ref AppRole]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: [logs:CreateLogStream, logs:PutLogEvents]\n            Resource: "*"\n')),
    },
    { name: 'a customer managed policy we cannot read', file: 'template.yaml', code: clean(template('      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/lambda-logging\n')) },
    { name: 'a managed policy ARN from a parameter', file: 'template.yaml', code: `Parameters:\n  LoggingPolicy:\n    Type: String\n${clean(template('      ManagedPolicyArns:\n        - !Ref LoggingPolicy\n'))}` },
    { name: 'an explicit Deny is a decision', file: 'template.yaml', code: clean(template(inline('[logs:CreateLogStream, logs:PutLogEvents]', '"*"').replace('Effect: Allow', 'Effect: Deny'))) },
    {
      name: 'a SAM function whose permissions boundary allows logs',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      PermissionsBoundary: !Ref Boundary\n' + '  Boundary:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: [dynamodb:*, ACTIONS]\n            Resource: "*"\n'.replace('ACTIONS', 'logs:*'),
    },
    { name: 'SAM generated role', file: 'template.yaml', code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n' },
    { name: 'external role', file: 'template.yaml', code: 'Resources:\n  App:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !ImportValue shared-lambda-role\n' },
  ],
  invalid: [
    {
      name: 'a SAM function whose permissions boundary leaves out logs: reported, no attach fix (the boundary decides)',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  «App»:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      PermissionsBoundary: !Ref Boundary\n' + '  Boundary:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: [dynamodb:*, ACTIONS]\n            Resource: "*"\n'.replace('ACTIONS', 'sqs:SendMessage'),
      messages: ['missing'],
    },
    {
      name: 'a role with AWSLambdaBasicExecutionRole under an AWS managed permissions boundary without logs',
      file: 'template.yaml',
      code: template(BASIC + '      PermissionsBoundary: !Sub arn:${AWS::Partition}:iam::aws:policy/AmazonDynamoDBReadOnlyAccess\n'),
      messages: ['missing'],
    },
    {
      name: 'no logs permission at all',
      file: 'template.yaml',
      code: template(inline('dynamodb:GetItem', '!Sub arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders')),
      messages: ['missing'],
      output: clean(template(inline('dynamodb:GetItem', '!Sub arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders') + BASIC)),
    },
    {
      name: 'logs for another function',
      file: 'template.yaml',
      code: template(inline('[logs:CreateLogStream, logs:PutLogEvents]', 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/payments:*'), '      FunctionName: orders\n'),
      messages: ['missing'],
      output: clean(template(inline('[logs:CreateLogStream, logs:PutLogEvents]', 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/payments:*') + BASIC, '      FunctionName: orders\n')),
    },
    {
      name: 'only CreateLogGroup and CreateLogStream',
      file: 'template.yaml',
      code: template(inline('[logs:CreateLogGroup, logs:CreateLogStream]', '"*"')),
      messages: ['missing'],
      output: clean(template(inline('[logs:CreateLogGroup, logs:CreateLogStream]', '"*"') + BASIC)),
    },
    {
      name: 'the fix appends to ManagedPolicyArns',
      file: 'template.yaml',
      code: template('      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess\n'),
      messages: ['missing'],
      output: clean(template('      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n')),
    },
    {
      name: 'a flow list: the !Sub is quoted (braces end a plain scalar there)',
      file: 'template.yaml',
      code: template('      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess]\n'),
      messages: ['missing'],
      output: clean(template("      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess, !Sub 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']\n")),
    },
    {
      name: 'a SAM function with its own role',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n' + TRUST + '  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      Role: «!GetAtt AppRole.Arn»\n',
      messages: ['missing'],
      output: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n' + TRUST + BASIC + '  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      Role: !GetAtt AppRole.Arn\n',
    },
    {
      name: 'JSON template: the fix writes Fn::Sub',
      file: 'template.json',
      code: '{\n  "Resources": {\n    "AppRole": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}\n      }\n    },\n    "App": {"Type": "AWS::Lambda::Function", "Properties": {"Role": «{"Fn::GetAtt": ["AppRole", "Arn"]}»}}\n  }\n}\n',
      messages: ['missing'],
      output: '{\n  "Resources": {\n    "AppRole": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},\n        "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}]\n      }\n    },\n    "App": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["AppRole", "Arn"]}}}\n  }\n}\n',
    },
  ],
});
