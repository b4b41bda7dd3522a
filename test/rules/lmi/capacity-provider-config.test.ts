import { ruleTester } from '../../rule-tester';
import { CFN, cfnProvider, operatorRole, SAM, samProvider } from './templates';

const cfn = (role: string, extra = '') => CFN + operatorRole() + cfnProvider('CapacityProvider', role, extra);

ruleTester('lmi/capacity-provider-config', {
  valid: [
    { name: 'SAM', file: 'template.yaml', code: SAM + samProvider('CapacityProvider', '      InstanceRequirements:\n        Architectures: [arm64]\n        AllowedTypes: [m7g.xlarge]\n      ScalingConfig:\n        MaxVCpuCount: 64\n        AverageCPUUtilization: 60\n') },
    {
      name: 'CloudFormation with manual scaling policies',
      file: 'template.yaml',
      code: cfn('!GetAtt OperatorRole.Arn', '      CapacityProviderScalingConfig:\n        MaxVCpuCount: 400\n        ScalingMode: Manual\n        ScalingPolicies:\n          - PredefinedMetricType: LambdaCapacityProviderAverageCPUUtilization\n            TargetValue: 60\n'),
    },
    { name: 'a literal role ARN with a path', file: 'template.yaml', code: CFN + cfnProvider('CapacityProvider', 'arn:aws:iam::111122223333:role/service/lambda-operator') },
    { name: 'a role ARN from a parameter', file: 'template.yaml', code: 'Parameters:\n  RoleArn:\n    Type: String\n' + CFN + cfnProvider('CapacityProvider', '!Ref RoleArn') },
    { name: 'a role ARN with !Sub', file: 'template.yaml', code: CFN + cfnProvider('CapacityProvider', "!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/lambda-operator'") },
    { name: 'SAM VpcConfig from Globals', file: 'template.yaml', code: 'Globals:\n  CapacityProvider:\n    VpcConfig:\n      SubnetIds: [subnet-0a1b2c3d]\n' + SAM + '  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n' },
    { name: 'subnets from a parameter list', file: 'template.yaml', code: 'Parameters:\n  Subnets:\n    Type: List<AWS::EC2::Subnet::Id>\n' + SAM + samProvider().replace('SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]', 'SubnetIds: !Ref Subnets') },
  ],
  invalid: [
    {
      name: 'no VpcConfig',
      file: 'template.yaml',
      code: SAM + '  «CapacityProvider»:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n',
      messages: ['missingVpcConfig'],
    },
    { name: 'no SubnetIds', file: 'template.yaml', code: SAM + samProvider('«CapacityProvider»').replace('        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n', ''), messages: ['missingSubnets'] },
    { name: 'no subnet', file: 'template.yaml', code: SAM + samProvider().replace('SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]', '«SubnetIds»: []'), messages: ['subnetCount'] },
    {
      name: '17 subnets',
      file: 'template.yaml',
      code: SAM + samProvider().replace('SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]', `«SubnetIds»: [${Array.from({ length: 17 }, (_, i) => `subnet-0${i}`).join(', ')}]`),
      messages: ['subnetCount'],
    },
    { name: 'six security groups', file: 'template.yaml', code: SAM + samProvider().replace('SecurityGroupIds: [sg-0a1b2c3d]', '«SecurityGroupIds»: [sg-01, sg-02, sg-03, sg-04, sg-05, sg-06]'), messages: ['securityGroupCount'] },
    {
      name: 'CloudFormation without PermissionsConfig',
      file: 'template.yaml',
      code: CFN + '  «CapacityProvider»:\n    Type: AWS::Lambda::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d]\n        SecurityGroupIds: [sg-0a1b2c3d]\n',
      messages: ['missingPermissionsConfig'],
    },
    {
      name: 'PermissionsConfig without the role',
      file: 'template.yaml',
      code: CFN + '  CapacityProvider:\n    Type: AWS::Lambda::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d]\n        SecurityGroupIds: [sg-0a1b2c3d]\n      «PermissionsConfig»: {}\n',
      messages: ['missingPermissionsConfig'],
    },
    { name: '!Ref of a role is its name', file: 'template.yaml', code: cfn('«!Ref OperatorRole»'), messages: ['operatorRoleArn'] },
    { name: 'the role id', file: 'template.yaml', code: cfn('«!GetAtt OperatorRole.RoleId»'), messages: ['operatorRoleArn'] },
    { name: 'a role name', file: 'template.yaml', code: SAM + samProvider('CapacityProvider', '      OperatorRole: «lambda-operator»\n'), messages: ['operatorRoleArn'] },
    {
      name: 'allowed and excluded instance types',
      file: 'template.yaml',
      code: cfn('!GetAtt OperatorRole.Arn', '      InstanceRequirements:\n        AllowedInstanceTypes: [m7i.xlarge]\n        «ExcludedInstanceTypes»: [m7i.large]\n'),
      messages: ['allowedAndExcluded'],
    },
    { name: 'two architectures', file: 'template.yaml', code: SAM + samProvider('CapacityProvider', '      InstanceRequirements:\n        «Architectures»: [x86_64, arm64]\n'), messages: ['architectures'] },
    { name: 'MaxVCpuCount 1', file: 'template.yaml', code: SAM + samProvider('CapacityProvider', '      ScalingConfig:\n        MaxVCpuCount: «1»\n'), messages: ['maxVCpuCount'] },
    {
      name: 'scaling policies in the default Auto mode',
      file: 'template.yaml',
      code: cfn('!GetAtt OperatorRole.Arn', '      CapacityProviderScalingConfig:\n        «ScalingPolicies»:\n          - PredefinedMetricType: LambdaCapacityProviderAverageCPUUtilization\n            TargetValue: 60\n'),
      messages: ['scalingPoliciesMode'],
    },
  ],
});
