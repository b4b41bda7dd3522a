import { ruleTester } from '../../rule-tester';

const role = (trust: string, extra = '') =>
  `Resources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${trust}${extra}  App:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt AppRole.Arn\n`;
const statement = (service: string) => `          - Effect: Allow\n            Principal:\n              Service: ${service}\n            Action: sts:AssumeRole\n`;

const trustFile = (service: string, action = 'sts:AssumeRole', effect = 'Allow') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Principal: { Service: service }, Action: action }] }, null, 2) + '\n';

ruleTester('lambda/execution-role-trust', {
  valid: [
    { name: 'a standalone Lambda trust file (create-role --assume-role-policy-document)', file: 'trust.json', code: trustFile('lambda.amazonaws.com') },
    { name: 'a trust file for another service is not a Lambda one', file: 'trust.json', code: trustFile('ec2.amazonaws.com') },
    { name: 'policyKinds operator-trust, trusting Lambda', file: 'operator-trust.json', policyKind: 'operator-trust', code: trustFile('lambda.amazonaws.com') },
    { name: 'trusts lambda', file: 'template.yaml', code: role(statement('lambda.amazonaws.com')) },
    { name: 'lambda and edgelambda (Lambda@Edge)', file: 'template.yaml', code: role(statement('[lambda.amazonaws.com, edgelambda.amazonaws.com]')) },
    { name: 'a principal list', file: 'template.yaml', code: role(statement('\n                - states.amazonaws.com\n                - lambda.amazonaws.com')) },
    { name: 'the China-partition spelling is not judged', file: 'template.yaml', code: role(statement('lambda.amazonaws.com.cn')) },
    { name: 'a principal the template cannot resolve', file: 'template.yaml', code: role(statement('!Sub lambda.${AWS::URLSuffix}')) },
    {
      name: 'a condition on a key the template cannot know',
      file: 'template.yaml',
      code: role(`${statement('lambda.amazonaws.com')}            Condition:\n              StringEquals:\n                aws:SourceAccount: !Ref AWS::AccountId\n`),
    },
    {
      name: 'a role that no function uses is not an execution role',
      file: 'template.yaml',
      code: 'Resources:\n  InstanceRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: ec2.amazonaws.com\n            Action: sts:AssumeRole\n',
    },
    { name: 'a role from a parameter is not judged', file: 'template.yaml', code: 'Parameters:\n  RoleArn:\n    Type: String\nResources:\n  App:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !Ref RoleArn\n' },
    { name: 'a role ARN written literally is not judged', file: 'template.yaml', code: 'Resources:\n  App:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: arn:aws:iam::123456789012:role/app-role\n' },
    { name: 'an Effect another rule reports leaves the trust unknown', file: 'template.yaml', code: role('          - Effect: allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n') },
    { name: 'a trust document from a parameter', file: 'template.yaml', code: 'Parameters:\n  Trust:\n    Type: String\nResources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: !Ref Trust\n  App:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt AppRole.Arn\n' },
    { name: 'SAM default trust', file: 'template.yaml', code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n' },
    {
      name: 'JSON template',
      file: 'template.json',
      code: '{"Resources": {"AppRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com"]}, "Action": ["sts:AssumeRole"]}]}}},\n "App": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["AppRole", "Arn"]}}}}}',
    },
    {
      name: 'an edge function whose role trusts both principals',
      file: 'template.yaml',
      code: `${role(statement('[lambda.amazonaws.com, edgelambda.amazonaws.com]'))}  AppVersion:\n    Type: AWS::Lambda::Version\n    Properties:\n      FunctionName: !Ref App\n  Cdn:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        DefaultCacheBehavior:\n          LambdaFunctionAssociations:\n            - EventType: viewer-request\n              LambdaFunctionARN: !Ref AppVersion\n`,
    },
  ],
  invalid: [
    {
      name: 'a Lambda trust file that only allows web identity',
      file: 'trust.json',
      code: trustFile('lambda.amazonaws.com', 'sts:AssumeRoleWithWebIdentity').replace('"Statement"', '«"Statement"»'),
      messages: ['fileMissing'],
    },
    {
      name: 'a Lambda trust file with a Deny for Lambda',
      file: 'trust.json',
      code: trustFile('lambda.amazonaws.com', 'sts:AssumeRole', 'Deny').replace('"Statement"', '«"Statement"»'),
      messages: ['fileMissing'],
    },
    {
      name: 'policyKinds execution-trust on a file that trusts EC2',
      file: 'role-trust.json',
      policyKind: 'execution-trust',
      code: trustFile('ec2.amazonaws.com').replace('"Statement"', '«"Statement"»'),
      messages: ['fileMissing'],
    },
    {
      name: 'copied from an EC2 role',
      file: 'template.yaml',
      code: role(statement('ec2.amazonaws.com')).replace('AssumeRolePolicyDocument', '«AssumeRolePolicyDocument»'),
      messages: ['missing'],
      output: role(statement('ec2.amazonaws.com') + statement('lambda.amazonaws.com')),
    },
    {
      name: 'a near miss is reported on the principal',
      file: 'template.yaml',
      code: role(statement('«lamda.amazonaws.com»')),
      messages: ['principalTypo'],
      output: role(statement('lambda.amazonaws.com')),
    },
    {
      name: 'lambda.amazon.com in a list',
      file: 'template.yaml',
      code: role(statement('[states.amazonaws.com, «"lambda.amazon.com"»]')),
      messages: ['principalTypo'],
      output: role(statement('[states.amazonaws.com, "lambda.amazonaws.com"]')),
    },
    {
      name: 'edgelambda alone',
      file: 'template.yaml',
      code: role(statement('edgelambda.amazonaws.com')).replace('AssumeRolePolicyDocument', '«AssumeRolePolicyDocument»'),
      messages: ['edgeOnly'],
      output: role(statement('edgelambda.amazonaws.com') + statement('lambda.amazonaws.com')),
    },
    {
      name: 'an explicit Deny',
      file: 'template.yaml',
      code: role(`${statement('lambda.amazonaws.com')}          - Effect: Deny\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n`).replace('AssumeRolePolicyDocument', '«AssumeRolePolicyDocument»'),
      messages: ['denied'],
    },
    {
      name: 'a Statement that is not a list: no fix',
      file: 'template.yaml',
      code: 'Resources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n      «AssumeRolePolicyDocument»:\n        Version: "2012-10-17"\n        Statement:\n          Effect: Allow\n          Principal:\n            Service: ec2.amazonaws.com\n          Action: sts:AssumeRole\n  App:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt AppRole.Arn\n',
      messages: ['missing'],
    },
    {
      name: 'an action that is not sts:AssumeRole',
      file: 'template.yaml',
      code: role('          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRoleWithWebIdentity\n').replace('AssumeRolePolicyDocument', '«AssumeRolePolicyDocument»'),
      messages: ['missing'],
      output: role('          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRoleWithWebIdentity\n' + statement('lambda.amazonaws.com')),
    },
    {
      name: 'JSON template, fix in JSON',
      file: 'template.json',
      code: '{\n  "Resources": {\n    "AppRole": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        «"AssumeRolePolicyDocument"»: {\n          "Version": "2012-10-17",\n          "Statement": [\n            {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}\n          ]\n        }\n      }\n    },\n    "App": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["AppRole", "Arn"]}}}\n  }\n}\n',
      messages: ['missing'],
      output: '{\n  "Resources": {\n    "AppRole": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        "AssumeRolePolicyDocument": {\n          "Version": "2012-10-17",\n          "Statement": [\n            {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"},\n            {\n              "Effect": "Allow",\n              "Principal": {\n                "Service": "lambda.amazonaws.com"\n              },\n              "Action": "sts:AssumeRole"\n            }\n          ]\n        }\n      }\n    },\n    "App": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["AppRole", "Arn"]}}}\n  }\n}\n',
    },
    {
      name: 'SAM function with its own AssumeRolePolicyDocument',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      «AssumeRolePolicyDocument»:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: states.amazonaws.com\n            Action: sts:AssumeRole\n',
      messages: ['missing'],
      output: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: states.amazonaws.com\n            Action: sts:AssumeRole\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n',
    },
    {
      name: 'SAM Globals: one finding for every function it applies to',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    «AssumeRolePolicyDocument»:\n      Version: "2012-10-17"\n      Statement:\n        - Effect: Allow\n          Principal:\n            Service: lamda.amazonaws.com\n          Action: sts:AssumeRole\nResources:\n  One:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: one.handler\n      Runtime: python3.12\n      CodeUri: src/\n  Two:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: two.handler\n      Runtime: python3.12\n      CodeUri: src/\n'.replace('«AssumeRolePolicyDocument»', 'AssumeRolePolicyDocument').replace('Service: lamda.amazonaws.com', 'Service: «lamda.amazonaws.com»'),
      messages: ['principalTypo'],
      output: 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    AssumeRolePolicyDocument:\n      Version: "2012-10-17"\n      Statement:\n        - Effect: Allow\n          Principal:\n            Service: lambda.amazonaws.com\n          Action: sts:AssumeRole\nResources:\n  One:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: one.handler\n      Runtime: python3.12\n      CodeUri: src/\n  Two:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: two.handler\n      Runtime: python3.12\n      CodeUri: src/\n',
    },
    {
      name: 'Lambda@Edge needs edgelambda too',
      file: 'template.yaml',
      code: `${role(statement('lambda.amazonaws.com')).replace('AssumeRolePolicyDocument', '«AssumeRolePolicyDocument»')}  AppVersion:\n    Type: AWS::Lambda::Version\n    Properties:\n      FunctionName: !Ref App\n  Cdn:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        DefaultCacheBehavior:\n          LambdaFunctionAssociations:\n            - EventType: viewer-request\n              LambdaFunctionARN: !Ref AppVersion\n`,
      messages: ['missing'],
      output: `${role(statement('lambda.amazonaws.com') + statement('edgelambda.amazonaws.com'))}  AppVersion:\n    Type: AWS::Lambda::Version\n    Properties:\n      FunctionName: !Ref App\n  Cdn:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        DefaultCacheBehavior:\n          LambdaFunctionAssociations:\n            - EventType: viewer-request\n              LambdaFunctionARN: !Ref AppVersion\n`,
    },
  ],
});
