// Building blocks for the lmi/ rule tables: realistic, clean resources to put the case under test next to.

export const SAM = 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31\nResources:\n';
export const CFN = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';

/** A SAM capacity provider; `extra` lines go under Properties (indented 6). */
export function samProvider(id = 'CapacityProvider', extra = '', name = 'production-trusted'): string {
  return `  ${id}:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: ${name}\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n${extra}`;
}

/** A CloudFormation capacity provider operated by `role` (a YAML value). */
export function cfnProvider(id = 'CapacityProvider', role = '!GetAtt OperatorRole.Arn', extra = ''): string {
  return `  ${id}:\n    Type: AWS::Lambda::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n      PermissionsConfig:\n        CapacityProviderOperatorRoleArn: ${role}\n${extra}`;
}

/** An operator role trusted by Lambda with the managed policy; `trust` and `policies` replace its parts when given. */
export function operatorRole(id = 'OperatorRole', options: { trust?: string; managed?: string; policies?: string } = {}): string {
  const trust = options.trust ?? '          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n';
  const managed = options.managed ?? '      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator\n';
  return `  ${id}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${trust}${managed}${options.policies ?? ''}`;
}

/** A SAM function on a capacity provider; `config` and `extra` are lines under Properties. */
export function samFunction(id = 'OrdersFunction', config = '      CapacityProviderConfig:\n        Arn: !GetAtt CapacityProvider.Arn\n', extra = ''): string {
  return `  ${id}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      CodeUri: src/\n      MemorySize: 2048\n      AutoPublishAlias: live\n${config}${extra}`;
}

/** The operator permissions policy of the Lambda documentation (AWSLambdaManagedEC2ResourceOperator v5), as policy statements in YAML at `indent`. */
export function operatorStatementsYaml(indent: string): string {
  const lines = [
    '- Effect: Allow',
    '  Action: [ec2:RunInstances, ec2:CreateTags, ec2:AttachNetworkInterface]',
    "  Resource: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:network-interface/*', 'arn:aws:ec2:*:*:volume/*']",
    '  Condition:',
    '    StringEquals:',
    '      ec2:ManagedResourceOperator: scaler.lambda.amazonaws.com',
    '- Effect: Allow',
    '  Action:',
    '    - ec2:DescribeAvailabilityZones',
    '    - ec2:DescribeCapacityReservations',
    '    - ec2:DescribeInstances',
    '    - ec2:DescribeInstanceStatus',
    '    - ec2:DescribeInstanceTypeOfferings',
    '    - ec2:DescribeInstanceTypes',
    '    - ec2:DescribeSecurityGroups',
    '    - ec2:DescribeSubnets',
    '    - ec2:DescribeVpcEncryptionControls',
    "  Resource: '*'",
    '- Effect: Allow',
    '  Action: [ec2:RunInstances, ec2:CreateNetworkInterface]',
    "  Resource: ['arn:aws:ec2:*:*:subnet/*', 'arn:aws:ec2:*:*:security-group/*']",
    '- Effect: Allow',
    '  Action: ec2:RunInstances',
    "  Resource: 'arn:aws:ec2:*:*:image/*'",
    '  Condition:',
    '    StringEquals:',
    '      ec2:Owner: amazon',
  ];
  return lines.map((l) => `${indent}${l}\n`).join('');
}
