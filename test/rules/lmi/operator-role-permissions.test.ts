import { ruleTester } from '../../rule-tester';
import { CFN, cfnProvider, operatorRole, operatorStatementsYaml, SAM, samProvider } from './templates';

const inline = (statements: string) => `      Policies:\n        - PolicyName: lambda-operator\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n${statements}`;
const v5 = operatorStatementsYaml('              ');
// v1 had neither ec2:DescribeVpcEncryptionControls nor the CloudWatch Logs statements.
const v1 = v5.replace('                - ec2:DescribeVpcEncryptionControls\n', '');
const withoutEni = v5.replace('[ec2:RunInstances, ec2:CreateNetworkInterface]', 'ec2:RunInstances');
const role = (policies: string, managed = '') => operatorRole('OperatorRole', { managed, policies });

const policyJson = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const operatorJson = [
  { Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:CreateTags', 'ec2:AttachNetworkInterface'], Resource: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:network-interface/*', 'arn:aws:ec2:*:*:volume/*'], Condition: { StringEquals: { 'ec2:ManagedResourceOperator': 'scaler.lambda.amazonaws.com' } } },
  { Effect: 'Allow', Action: ['ec2:DescribeAvailabilityZones', 'ec2:DescribeCapacityReservations', 'ec2:DescribeInstances', 'ec2:DescribeInstanceStatus', 'ec2:DescribeInstanceTypeOfferings', 'ec2:DescribeInstanceTypes', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets'], Resource: '*' },
  { Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:CreateNetworkInterface'], Resource: ['arn:aws:ec2:*:*:subnet/*', 'arn:aws:ec2:*:*:security-group/*'] },
  { Effect: 'Allow', Action: ['ec2:RunInstances'], Resource: ['arn:aws:ec2:*:*:image/*'], Condition: { StringEquals: { 'ec2:Owner': 'amazon' } } },
];

ruleTester('lmi/operator-role-permissions', {
  valid: [
    {
      name: "another service's operator policy (ECS) is not a capacity provider's",
      file: 'ecs.json',
      code: policyJson([{ ...operatorJson[0], Condition: { StringEquals: { 'ec2:ManagedResourceOperator': 'ecs.amazonaws.com' } } }]),
    },
    { name: "AWS's documented operator policy as a standalone file", file: 'operator.json', code: policyJson(operatorJson) },
    {
      name: "another service's operator policy pins its own principal (AWSLambdaNetworkConnectorOperatorPolicy)",
      file: 'connector.json',
      code: policyJson([
        { Effect: 'Allow', Action: 'ec2:CreateNetworkInterface', Resource: 'arn:aws:ec2:*:*:subnet/*' },
        { Effect: 'Allow', Action: 'ec2:CreateTags', Resource: 'arn:aws:ec2:*:*:network-interface/*', Condition: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkInterface', 'ec2:ManagedResourceOperator': 'network-connectors.lambda.amazonaws.com' } } },
      ]),
    },
    { name: 'an EC2 policy that is not an operator policy', file: 'ec2.json', code: policyJson([{ Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:DescribeInstances', 'ec2:CreateTags'], Resource: '*' }]) },
    { name: 'a file policyKinds calls something else is not judged as an operator policy', file: 'x.json', policyKind: 'deployer', code: policyJson([operatorJson[1]]) },
    { name: 'the managed policy by ARN', file: 'template.yaml', code: CFN + operatorRole() + cfnProvider() },
    {
      name: 'the managed policy by its literal ARN',
      file: 'template.yaml',
      code: CFN + operatorRole('OperatorRole', { managed: '      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator]\n' }) + cfnProvider(),
    },
    { name: 'an inline policy equivalent to the managed policy (v5, as documented)', file: 'template.yaml', code: CFN + role(inline(v5)) + cfnProvider() },
    { name: 'an inline policy equivalent to the first version', file: 'template.yaml', code: CFN + role(inline(v1)) + cfnProvider() },
    {
      name: 'permissions from an AWS::IAM::Policy attached to the role',
      file: 'template.yaml',
      code: CFN + role('') + cfnProvider() + `  OperatorPolicy:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: lambda-operator\n      Roles: [!Ref OperatorRole]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${operatorStatementsYaml('          ')}`,
    },
    {
      name: 'a policy we cannot read may grant what is missing',
      file: 'template.yaml',
      code: 'Parameters:\n  OperatorPolicyArn:\n    Type: String\n' + CFN + role(inline(withoutEni), '      ManagedPolicyArns: [!Ref OperatorPolicyArn]\n') + cfnProvider(),
    },
    {
      name: 'scoped to Regions and accounts: still possibly allowed, not reported',
      file: 'template.yaml',
      code: CFN + role(inline(v5.replace(/arn:aws:ec2:\*:\*:/g, 'arn:aws:ec2:us-east-1:111122223333:'))) + cfnProvider(),
    },
    { name: 'SAM generates the operator role', file: 'template.yaml', code: SAM + samProvider() },
    { name: 'a role from outside the template', file: 'template.yaml', code: CFN + cfnProvider('CapacityProvider', 'arn:aws:iam::111122223333:role/lambda-operator') },
    { name: 'standalone: the documented permissions policy', file: 'policy.json', code: policyJson(operatorJson) },
    {
      name: 'standalone: the service-linked role policy is no operator policy',
      file: 'policy.json',
      code: policyJson([{ Effect: 'Allow', Action: ['ec2:TerminateInstances'], Resource: ['arn:aws:ec2:*:*:instance/*'], Condition: { StringEquals: { 'ec2:ManagedResourceOperator': 'scaler.lambda.amazonaws.com' } } }]),
    },
    { name: 'standalone: an unrelated policy', file: 'policy.json', code: policyJson([{ Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' }]) },
  ],
  invalid: [
    {
      name: 'an inline policy without ec2:CreateNetworkInterface: the message names the action and the resources',
      file: 'template.yaml',
      code: CFN + role(inline(withoutEni)).replace('  OperatorRole:', '  «OperatorRole»:') + cfnProvider(),
      messages: ['roleMissing'],
      output: CFN + role(inline(withoutEni)) + "      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator\n" + cfnProvider(),
    },
    {
      name: 'the role has only the basic execution policy: the managed policy is appended to the list',
      file: 'template.yaml',
      code: SAM + role('', '      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n').replace('  OperatorRole:', '  «OperatorRole»:') + samProvider('CapacityProvider', '      OperatorRole: !GetAtt OperatorRole.Arn\n'),
      messages: ['roleNone'],
      output:
        SAM +
        role('', "      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator\n") +
        samProvider('CapacityProvider', '      OperatorRole: !GetAtt OperatorRole.Arn\n'),
    },
    {
      name: "another service's operator value (network connectors) allows nothing Lambda launches",
      file: 'template.yaml',
      code: CFN + role(inline(v5.replace('ec2:ManagedResourceOperator: scaler.lambda.amazonaws.com', 'ec2:ManagedResourceOperator: network-connectors.lambda.amazonaws.com'))).replace('  OperatorRole:', '  «OperatorRole»:') + cfnProvider(),
      messages: ['roleMissing'],
      output:
        CFN +
        role(inline(v5.replace('ec2:ManagedResourceOperator: scaler.lambda.amazonaws.com', 'ec2:ManagedResourceOperator: network-connectors.lambda.amazonaws.com'))) +
        "      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator\n" +
        cfnProvider(),
    },
    {
      name: 'a misspelt scaler value: reported on the value, with the fix',
      file: 'template.yaml',
      code: CFN + role(inline(v5.replace('ec2:ManagedResourceOperator: scaler.lambda.amazonaws.com', 'ec2:ManagedResourceOperator: «scalar.lambda.amazonaws.com»'))) + cfnProvider(),
      messages: ['wrongOperator'],
      output: CFN + role(inline(v5)) + cfnProvider(),
    },
    {
      name: 'a wrong pin and another missing permission: both reported',
      file: 'template.yaml',
      code: CFN + role(inline(withoutEni.replace('ec2:ManagedResourceOperator: scaler.lambda.amazonaws.com', 'ec2:ManagedResourceOperator: «lambda.amazonaws.com»'))).replace('  OperatorRole:', '  «OperatorRole»:') + cfnProvider(),
      messages: ['roleMissing', 'wrongOperator'],
      output:
        CFN +
        role(inline(withoutEni)) +
        "      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator\n" +
        cfnProvider(),
      safe: false,
    },
    {
      name: 'an explicit Deny takes precedence',
      file: 'template.yaml',
      code:
        CFN +
        operatorRole('OperatorRole', {
          policies: '      Policies:\n        - PolicyName: no-images\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Deny\n                Action: ec2:RunInstances\n                Resource: arn:aws:ec2:*:*:image/*\n',
        }).replace('  OperatorRole:', '  «OperatorRole»:') +
        cfnProvider(),
      messages: ['roleMissing'],
    },
    {
      name: 'standalone operator file (aws iam put-role-policy): ec2:ManagedResourceOperator is lambda.amazonaws.com',
      file: 'operator.json',
      code: policyJson([{ ...operatorJson[0], Condition: { StringEquals: { 'ec2:ManagedResourceOperator': 'lambda.amazonaws.com' } } }, ...operatorJson.slice(1)]).replace('"lambda.amazonaws.com"', '«"lambda.amazonaws.com"»'),
      messages: ['wrongOperator'],
      output: policyJson(operatorJson),
    },
    {
      name: 'standalone operator file recognised by its actions alone: the subnet statement is missing',
      file: 'operator.json',
      code: policyJson([{ ...operatorJson[0], Condition: undefined }, operatorJson[1], operatorJson[3]]).replace('"Statement"', '«"Statement"»'),
      messages: ['policyMissing'],
    },
    {
      name: 'a file policyKinds calls operator is one, whatever it holds',
      file: 'role-policy.json',
      policyKind: 'operator',
      code: policyJson([{ Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' }]).replace('"Statement"', '«"Statement"»'),
      messages: ['policyMissing'],
    },
    {
      name: 'standalone operator permissions policy without the subnet statement',
      file: 'policy.json',
      code: policyJson([operatorJson[0], operatorJson[1], operatorJson[3]]).replace('"Statement"', '«"Statement"»'),
      messages: ['policyMissing'],
    },
  ],
});
