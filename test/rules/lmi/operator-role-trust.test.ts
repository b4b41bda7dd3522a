import { ruleTester } from '../../rule-tester';
import { CFN, cfnProvider, operatorRole, SAM, samProvider } from './templates';

const lambdaTrust = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';
const ec2Trust = '          - Effect: Allow\n            Principal:\n              Service: ec2.amazonaws.com\n            Action: sts:AssumeRole\n';

ruleTester('lmi/operator-role-trust', {
  valid: [
    { name: 'the documented operator trust policy', file: 'trust-policy.json', code: lambdaTrust },
    { name: 'SAM generates the operator role', file: 'template.yaml', code: SAM + samProvider() },
    { name: 'CloudFormation role trusting Lambda', file: 'template.yaml', code: CFN + operatorRole() + cfnProvider() },
    {
      name: 'a condition the linter cannot settle does not make it untrusted',
      file: 'template.yaml',
      code:
        CFN +
        operatorRole('OperatorRole', {
          trust: '          - Effect: Allow\n            Principal:\n              Service: [lambda.amazonaws.com]\n            Action: sts:AssumeRole\n            Condition:\n              StringEquals:\n                aws:SourceAccount: !Ref AWS::AccountId\n',
        }) +
        cfnProvider(),
    },
    { name: 'a role from outside the template is not judged', file: 'template.yaml', code: CFN + cfnProvider('CapacityProvider', 'arn:aws:iam::111122223333:role/lambda-operator') },
    {
      name: 'a role ARN from a parameter is not judged',
      file: 'template.yaml',
      code: 'Parameters:\n  OperatorRoleArn:\n    Type: String\n' + CFN + cfnProvider('CapacityProvider', '!Ref OperatorRoleArn'),
    },
    { name: 'a role trusting EC2 that no capacity provider uses', file: 'template.yaml', code: CFN + operatorRole('InstanceRole', { trust: ec2Trust }) },
    { name: 'a trust policy written by an intrinsic is not read', file: 'template.yaml', code: CFN + '  OperatorRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: !ImportValue shared-trust\n' + cfnProvider() },
  ],
  invalid: [
    {
      name: 'scaler.lambda.amazonaws.com as the principal of a standalone trust policy',
      file: 'trust-policy.json',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": «"scaler.lambda.amazonaws.com"»}, "Action": "sts:AssumeRole"}]}',
      messages: ['scalerPrincipal'],
      output: lambdaTrust,
    },
    {
      name: 'scaler next to lambda: reported, nothing to replace',
      file: 'trust-policy.json',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com", «"scaler.lambda.amazonaws.com"»]}, "Action": "sts:AssumeRole"}]}',
      messages: ['scalerPrincipal'],
    },
    {
      name: 'scaler in the operator role of a template: one finding, on the principal',
      file: 'template.yaml',
      code:
        CFN +
        operatorRole('OperatorRole', { trust: '          - Effect: Allow\n            Principal:\n              Service: «scaler.lambda.amazonaws.com»\n            Action: sts:AssumeRole\n' }) +
        cfnProvider(),
      messages: ['scalerPrincipal'],
      output: CFN + operatorRole() + cfnProvider(),
    },
    {
      name: 'scaler through !Sub with the URL suffix',
      file: 'template.yaml',
      code:
        CFN +
        operatorRole('OperatorRole', { trust: '          - Effect: Allow\n            Principal:\n              Service: «!Sub scaler.lambda.${AWS::URLSuffix}»\n            Action: sts:AssumeRole\n' }) +
        cfnProvider(),
      messages: ['scalerPrincipal'],
    },
    {
      name: 'operator role trusting EC2: a statement trusting Lambda is added',
      file: 'template.yaml',
      code: CFN + operatorRole('OperatorRole', { trust: ec2Trust }).replace('AssumeRolePolicyDocument', '«AssumeRolePolicyDocument»') + cfnProvider(),
      messages: ['notTrusted'],
      output:
        CFN +
        operatorRole('OperatorRole', {
          trust: ec2Trust + '          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n',
        }) +
        cfnProvider(),
    },
    {
      name: 'SAM OperatorRole trusting Lambda only for web identity; one finding for two providers',
      file: 'template.yaml',
      code:
        SAM +
        operatorRole('OperatorRole', {
          trust: '          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRoleWithWebIdentity\n',
        }).replace('AssumeRolePolicyDocument', '«AssumeRolePolicyDocument»') +
        samProvider('TrustedProvider', '      OperatorRole: !GetAtt OperatorRole.Arn\n') +
        samProvider('SandboxProvider', '      OperatorRole: !GetAtt OperatorRole.Arn\n', 'dev-sandbox'),
      messages: ['notTrusted'],
      output:
        SAM +
        operatorRole('OperatorRole', {
          trust:
            '          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRoleWithWebIdentity\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n',
        }) +
        samProvider('TrustedProvider', '      OperatorRole: !GetAtt OperatorRole.Arn\n') +
        samProvider('SandboxProvider', '      OperatorRole: !GetAtt OperatorRole.Arn\n', 'dev-sandbox'),
    },
    {
      name: 'a Statement that is one object: reported without a fix',
      file: 'template.yaml',
      code:
        CFN +
        '  OperatorRole:\n    Type: AWS::IAM::Role\n    Properties:\n      «AssumeRolePolicyDocument»:\n        Version: "2012-10-17"\n        Statement:\n          Effect: Allow\n          Principal:\n            Service: ec2.amazonaws.com\n          Action: sts:AssumeRole\n' +
        cfnProvider(),
      messages: ['notTrusted'],
    },
    {
      name: 'JSON template',
      file: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "OperatorRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        «"AssumeRolePolicyDocument"»: {
          "Version": "2012-10-17",
          "Statement": [
            { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }
          ]
        },
        "ManagedPolicyArns": [{ "Fn::Sub": "arn:\${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator" }]
      }
    },
    "CapacityProvider": {
      "Type": "AWS::Lambda::CapacityProvider",
      "Properties": {
        "CapacityProviderName": "production-trusted",
        "VpcConfig": { "SubnetIds": ["subnet-0a1b2c3d"], "SecurityGroupIds": ["sg-0a1b2c3d"] },
        "PermissionsConfig": { "CapacityProviderOperatorRoleArn": { "Fn::GetAtt": ["OperatorRole", "Arn"] } }
      }
    }
  }
}
`,
      messages: ['notTrusted'],
      output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "OperatorRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [
            { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" },
            {
              "Effect": "Allow",
              "Principal": {
                "Service": "lambda.amazonaws.com"
              },
              "Action": "sts:AssumeRole"
            }
          ]
        },
        "ManagedPolicyArns": [{ "Fn::Sub": "arn:\${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator" }]
      }
    },
    "CapacityProvider": {
      "Type": "AWS::Lambda::CapacityProvider",
      "Properties": {
        "CapacityProviderName": "production-trusted",
        "VpcConfig": { "SubnetIds": ["subnet-0a1b2c3d"], "SecurityGroupIds": ["sg-0a1b2c3d"] },
        "PermissionsConfig": { "CapacityProviderOperatorRoleArn": { "Fn::GetAtt": ["OperatorRole", "Arn"] } }
      }
    }
  }
}
`,
    },
  ],
});
