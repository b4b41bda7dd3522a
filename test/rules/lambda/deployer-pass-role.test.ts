import { ruleTester } from '../../rule-tester';

const DEPLOY = '{"Sid": "Deploy", "Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:UpdateFunctionCode"], "Resource": "arn:aws:lambda:eu-west-1:111122223333:function:orders-*"}';
const policy = (...statements: string[]) => `{"Version": "2012-10-17", "Statement": [${statements.join(', ')}]}`;
const PASS_LAMBDA = '{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/orders-*", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}';
const TRUST =
  '      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: codebuild.amazonaws.com\n            Action: sts:AssumeRole\n';

ruleTester('lambda/deployer-pass-role', {
  valid: [
    { name: 'PassRole scoped to Lambda', code: policy(DEPLOY, PASS_LAMBDA) },
    { name: 'PassRole for Lambda and ECS', code: policy(DEPLOY, PASS_LAMBDA.replace('"lambda.amazonaws.com"', '["lambda.amazonaws.com", "ecs-tasks.amazonaws.com"]')) },
    { name: 'lambda:* says nothing of intent', code: policy('{"Effect": "Allow", "Action": "lambda:*", "Resource": "*"}') },
    { name: 'UpdateFunctionConfiguration alone does not need PassRole', code: policy('{"Effect": "Allow", "Action": "lambda:UpdateFunctionConfiguration", "Resource": "arn:aws:lambda:eu-west-1:111122223333:function:orders"}') },
    { name: 'a policy that only reads', code: policy('{"Effect": "Allow", "Action": ["lambda:GetFunction", "lambda:ListFunctions"], "Resource": "*"}') },
    { name: 'PassRole on every role is iam/pass-role-wildcard\'s finding', code: policy(DEPLOY, '{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}') },
    {
      name: 'a policy that also deploys CloudFormation stacks may pass its roles to CloudFormation',
      code: policy(DEPLOY, '{"Effect": "Allow", "Action": ["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"], "Resource": "arn:aws:cloudformation:eu-west-1:111122223333:stack/orders/*"}', '{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/orders-*"}'),
    },
    {
      name: 'a template role with PassRole in another of its policies',
      file: 'template.yaml',
      code: `Resources:\n  DeployRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}      Policies:\n        - PolicyName: deploy\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: lambda:CreateFunction\n                Resource: !Sub arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:orders-*\n  PassPolicy:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: pass\n      Roles: [!Ref DeployRole]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: iam:PassRole\n            Resource: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/orders-*\n            Condition:\n              StringEquals:\n                iam:PassedToService: lambda.amazonaws.com\n`,
    },
    {
      name: 'a template role with AWSLambda_FullAccess',
      file: 'template.yaml',
      code: `Resources:\n  DeployRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AWSLambda_FullAccess\n      Policies:\n        - PolicyName: deploy\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: lambda:CreateFunction\n                Resource: "*"\n`,
    },
  ],
  invalid: [
    {
      name: 'no PassRole',
      code: policy(DEPLOY.replace('"lambda:CreateFunction"', '«"lambda:CreateFunction"»')),
      messages: ['missingPassRole'],
      output: policy(DEPLOY, '{"Sid": "PassExecutionRoleToLambda", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/EXECUTION_ROLE_NAME", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}'),
    },
    {
      name: 'lambda:Create* counts',
      code: policy('{"Effect": "Allow", "Action": «"lambda:Create*"», "Resource": "*"}'),
      messages: ['missingPassRole'],
      output: policy('{"Effect": "Allow", "Action": "lambda:Create*", "Resource": "*"}', '{"Sid": "PassExecutionRoleToLambda", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/EXECUTION_ROLE_NAME", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}'),
    },
    {
      name: 'PassRole for another service only',
      code: policy(DEPLOY.replace('"lambda:CreateFunction"', '«"lambda:CreateFunction"»'), PASS_LAMBDA.replace('lambda.amazonaws.com', 'ecs-tasks.amazonaws.com')),
      messages: ['passRoleNotForLambda'],
      output: policy(DEPLOY, PASS_LAMBDA.replace('lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'), '{"Sid": "PassExecutionRoleToLambda", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/EXECUTION_ROLE_NAME", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}'),
    },
    {
      name: 'PassRole on named roles without PassedToService',
      code: policy(DEPLOY, '{"Effect": "Allow", "Action": «"iam:PassRole"», "Resource": "arn:aws:iam::111122223333:role/orders-*"}'),
      messages: ['passRoleUnscoped'],
      output: policy(DEPLOY, '{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/orders-*", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}'),
    },
    {
      name: 'UpdateFunctionConfiguration with an unscoped PassRole',
      code: policy('{"Effect": "Allow", "Action": ["lambda:UpdateFunctionConfiguration", «"iam:PassRole"»], "Resource": ["arn:aws:lambda:eu-west-1:111122223333:function:orders", "arn:aws:iam::111122223333:role/orders-role"]}'),
      messages: ['passRoleUnscoped'],
    },
    {
      name: 'a CI managed policy in a template: the fix writes !Sub',
      file: 'template.yaml',
      code: 'Resources:\n  DeployerPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action:\n              - «lambda:CreateFunction»\n              - lambda:UpdateFunctionCode\n            Resource: !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders-*\n',
      messages: ['missingPassRole'],
      output: 'Resources:\n  DeployerPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action:\n              - lambda:CreateFunction\n              - lambda:UpdateFunctionCode\n            Resource: !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders-*\n          - Sid: PassExecutionRoleToLambda\n            Effect: Allow\n            Action: iam:PassRole\n            Resource: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/EXECUTION_ROLE_NAME\n            Condition:\n              StringEquals:\n                iam:PassedToService: lambda.amazonaws.com\n',
    },
    {
      name: "in a template with functions, the fix names the functions' execution roles",
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31\nResources:\n  Orders:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n  Worker:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      Code: {ZipFile: x}\n      Role: !GetAtt WorkerRole.Arn\n  WorkerRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}  DeployerPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: «lambda:CreateFunction»\n            Resource: "*"\n`,
      messages: ['missingPassRole'],
      output: `Transform: AWS::Serverless-2016-10-31\nResources:\n  Orders:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n  Worker:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      Code: {ZipFile: x}\n      Role: !GetAtt WorkerRole.Arn\n  WorkerRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}  DeployerPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: lambda:CreateFunction\n            Resource: "*"\n          - Sid: PassExecutionRoleToLambda\n            Effect: Allow\n            Action: iam:PassRole\n            Resource:\n              - !GetAtt OrdersRole.Arn\n              - !GetAtt WorkerRole.Arn\n            Condition:\n              StringEquals:\n                iam:PassedToService: lambda.amazonaws.com\n`,
    },
    {
      name: 'a template role without PassRole anywhere',
      file: 'template.yaml',
      code: `Resources:\n  DeployRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}      Policies:\n        - PolicyName: deploy\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: «lambda:CreateFunction»\n                Resource: "*"\n`,
      messages: ['missingPassRole'],
      output: `Resources:\n  DeployRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}      Policies:\n        - PolicyName: deploy\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: lambda:CreateFunction\n                Resource: "*"\n              - Sid: PassExecutionRoleToLambda\n                Effect: Allow\n                Action: iam:PassRole\n                Resource: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/EXECUTION_ROLE_NAME\n                Condition:\n                  StringEquals:\n                    iam:PassedToService: lambda.amazonaws.com\n`,
    },
  ],
});
