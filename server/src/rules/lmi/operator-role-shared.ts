import { defineRule } from '../../engine/rule';
import { managedInstances } from '../../model/capacity-providers';
import { templateRoles } from '../../model/roles';

export default defineRule({
  meta: {
    id: 'lmi/operator-role-shared',
    severity: 'warning',
    summary: 'A role should not be both an operator role and a function execution role',
    description:
      'The operator role lets Lambda launch and manage EC2 instances in your account; an execution role is what a ' +
      'function\'s code runs with. When one role is both, every function using it can call `ec2:RunInstances`, ' +
      '`ec2:CreateNetworkInterface` and the rest of the operator\'s permissions, and the operator role carries whatever ' +
      'the function needs. Keep them separate, each trusted by `lambda.amazonaws.com` for its own purpose.\n\nThe rule ' +
      'compares the roles defined in the template: the role in a capacity provider\'s ' +
      '`PermissionsConfig.CapacityProviderOperatorRoleArn` (SAM: `OperatorRole`) and the `Role` of every ' +
      '`AWS::Lambda::Function` and `AWS::Serverless::Function`.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-operator-role.html',
    messages: {
      shared: 'Role {{role}} is the operator role of {{provider}} and also the execution role of {{functions}}: give the functions their own role.',
    },
    examples: {
      valid: [
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n  OrdersFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      CodeUri: src/\n      MemorySize: 2048\n      AutoPublishAlias: live\n      CapacityProviderConfig:\n        Arn: !GetAtt CapacityProvider.Arn\n',
        },
      ],
      invalid: [
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  SharedRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      OperatorRole: !GetAtt SharedRole.Arn\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n  OrdersFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      CodeUri: src/\n      MemorySize: 2048\n      AutoPublishAlias: live\n      Role: !GetAtt SharedRole.Arn\n      CapacityProviderConfig:\n        Arn: !GetAtt CapacityProvider.Arn\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    if (!doc.template) return;
    const roles = templateRoles(doc.template);
    for (const provider of managedInstances(doc.template).providers) {
      const ref = provider.operatorRole;
      if (ref.kind !== 'role' || ref.role.origin !== 'template' || !ref.node) continue;
      const functions = roles.functionsUsing(ref.role);
      if (!functions.length) continue;
      report(ref.node, 'shared', { role: ref.role.id, provider: provider.resource.id, functions: functions.map((f) => f.id).join(', ') });
    }
  },
});
