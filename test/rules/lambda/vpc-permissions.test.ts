import { ruleTester } from '../../rule-tester';

const TRUST =
  '      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n';
const VPC = '      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d4e5f67890]\n        SecurityGroupIds: [sg-0a1b2c3d4e5f67890]\n';
const template = (managed: string[], fn = `      «VpcConfig»:\n        SubnetIds: [subnet-0a1b2c3d4e5f67890]\n        SecurityGroupIds: [sg-0a1b2c3d4e5f67890]\n`, extraRole = '') =>
  `Resources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}      ManagedPolicyArns:\n${managed.map((m) => `        - ${m}\n`).join('')}${extraRole}  App:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt AppRole.Arn\n${fn}`;
const clean = (s: string) => s.replace(/[«»]/g, '');
const BASIC = '!Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const VPC_POLICY = '!Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';
const inline = (actions: string, resource = '"*"') =>
  `      Policies:\n        - PolicyName: eni\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: ${actions}\n                Resource: ${resource}\n`;

ruleTester('lambda/vpc-permissions', {
  valid: [
    { name: 'AWSLambdaVPCAccessExecutionRole', file: 'template.yaml', code: clean(template([VPC_POLICY])) },
    { name: 'AWSLambdaENIManagementAccess', file: 'template.yaml', code: clean(template([BASIC, 'arn:aws:iam::aws:policy/service-role/AWSLambdaENIManagementAccess'])) },
    { name: 'the three actions inline', file: 'template.yaml', code: clean(template([BASIC], undefined, inline('[ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface]'))) },
    { name: 'no VpcConfig', file: 'template.yaml', code: clean(template([BASIC], '')) },
    { name: 'empty SubnetIds detach the function', file: 'template.yaml', code: clean(template([BASIC], '      VpcConfig:\n        SubnetIds: []\n        SecurityGroupIds: []\n')) },
    { name: 'VpcConfig that is AWS::NoValue in every branch', file: 'template.yaml', code: clean(template([BASIC], '      VpcConfig: !If [InVpc, !Ref AWS::NoValue, !Ref AWS::NoValue]\n')) },
    { name: 'SAM generated role with VpcConfig', file: 'template.yaml', code: `Transform: AWS::Serverless-2016-10-31\nResources:\n  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n${VPC}` },
  ],
  invalid: [
    {
      name: 'only the basic execution role',
      file: 'template.yaml',
      code: template([BASIC]),
      messages: ['missing'],
      output: clean(template([BASIC, VPC_POLICY])),
    },
    {
      name: 'DeleteNetworkInterface missing',
      file: 'template.yaml',
      code: template([BASIC], undefined, inline('[ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces]')),
      messages: ['missing'],
      output: clean(template([BASIC, VPC_POLICY], undefined, inline('[ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces]'))),
    },
    {
      name: 'VpcConfig in one branch of an !If',
      file: 'template.yaml',
      code: template([BASIC], '      «VpcConfig»: !If\n        - InVpc\n        - SubnetIds: [subnet-0a1b2c3d4e5f67890]\n        - !Ref AWS::NoValue\n'),
      messages: ['missing'],
      output: clean(template([BASIC, VPC_POLICY], '      VpcConfig: !If\n        - InVpc\n        - SubnetIds: [subnet-0a1b2c3d4e5f67890]\n        - !Ref AWS::NoValue\n')),
    },
    {
      name: 'SAM VpcConfig from Globals, role written in the template',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    VpcConfig:\n      SubnetIds: [subnet-0a1b2c3d4e5f67890]\nResources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}      ManagedPolicyArns:\n        - ${BASIC}\n  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      Role: «!GetAtt AppRole.Arn»\n`,
      messages: ['missing'],
      output: `Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    VpcConfig:\n      SubnetIds: [subnet-0a1b2c3d4e5f67890]\nResources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}      ManagedPolicyArns:\n        - ${BASIC}\n        - ${VPC_POLICY}\n  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      Role: !GetAtt AppRole.Arn\n`,
    },
  ],
});
