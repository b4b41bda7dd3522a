import { ruleTester } from '../../rule-tester';
import { CFN, cfnProvider, operatorRole, operatorStatementsYaml, SAM, samProvider } from './templates';

const inline = (statements: string) => `      Policies:\n        - PolicyName: lambda-operator\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n${statements}`;
const v5 = operatorStatementsYaml('              ');
const withRole = (statements: string) => CFN + operatorRole('OperatorRole', { managed: '', policies: inline(statements) }) + cfnProvider();
const pinned = "          Condition:\n            StringEquals:\n              ec2:ManagedResourceOperator: scaler.lambda.amazonaws.com\n";
const firstStatement = "- Effect: Allow\n  Action: [ec2:RunInstances, ec2:CreateTags, ec2:AttachNetworkInterface]\n  Resource: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:network-interface/*', 'arn:aws:ec2:*:*:volume/*']\n  Condition:\n    StringEquals:\n      ec2:ManagedResourceOperator: scaler.lambda.amazonaws.com\n".replace(/^(?=.)/gm, '              ');

const json = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const operatorJson = [
  { Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:CreateTags', 'ec2:AttachNetworkInterface'], Resource: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:network-interface/*', 'arn:aws:ec2:*:*:volume/*'], Condition: { StringEquals: { 'ec2:ManagedResourceOperator': 'scaler.lambda.amazonaws.com' } } },
  { Effect: 'Allow', Action: ['ec2:DescribeAvailabilityZones', 'ec2:DescribeCapacityReservations', 'ec2:DescribeInstances', 'ec2:DescribeInstanceStatus', 'ec2:DescribeInstanceTypeOfferings', 'ec2:DescribeInstanceTypes', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets'], Resource: '*' },
  { Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:CreateNetworkInterface'], Resource: ['arn:aws:ec2:*:*:subnet/*', 'arn:aws:ec2:*:*:security-group/*'] },
  { Effect: 'Allow', Action: ['ec2:RunInstances'], Resource: ['arn:aws:ec2:*:*:image/*'], Condition: { StringEquals: { 'ec2:Owner': 'amazon' } } },
];

ruleTester('lmi/operator-role-unscoped', {
  valid: [
    { name: 'the documented policy inline in the operator role', file: 'template.yaml', code: withRole(v5) },
    { name: 'the managed policy', file: 'template.yaml', code: CFN + operatorRole() + cfnProvider() },
    { name: 'SAM generates the operator role', file: 'template.yaml', code: SAM + samProvider() },
    { name: 'standalone: the documented policy', file: 'policy.json', code: json(operatorJson) },
    {
      name: 'standalone: a policy for something else is not an operator policy',
      file: 'policy.json',
      code: json([{ Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:CreateTags'], Resource: '*' }]),
    },
    {
      name: 'a role no capacity provider uses is not an operator role',
      file: 'template.yaml',
      code: CFN + operatorRole('BuildRole', { managed: '', policies: inline("              - Effect: Allow\n                Action: 'ec2:*'\n                Resource: '*'\n") }),
    },
    {
      name: 'a resource only deployment knows is not judged',
      file: 'template.yaml',
      code: 'Parameters:\n  InstanceArn:\n    Type: String\n' + withRole(v5 + '              - Effect: Allow\n                Action: ec2:CreateTags\n                Resource: !Ref InstanceArn\n'),
    },
    {
      name: 'the subnet statement needs no condition',
      file: 'template.yaml',
      code: withRole(v5 + "              - Effect: Allow\n                Action: ec2:CreateNetworkInterface\n                Resource: !Sub 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:subnet/*'\n"),
    },
  ],
  invalid: [
    {
      name: 'the managed-resource statement without its condition: each resource is reported, one condition fixes all',
      file: 'template.yaml',
      code: withRole(
        v5
          .replace(firstStatement, "              - Effect: Allow\n                Action: [ec2:RunInstances, ec2:CreateTags, ec2:AttachNetworkInterface]\n                Resource: [«'arn:aws:ec2:*:*:instance/*'», «'arn:aws:ec2:*:*:network-interface/*'», «'arn:aws:ec2:*:*:volume/*'»]\n"),
      ),
      messages: ['unpinned', 'unpinned', 'unpinned'],
      output: withRole(
        v5.replace(
          firstStatement,
          "              - Effect: Allow\n                Action: [ec2:RunInstances, ec2:CreateTags, ec2:AttachNetworkInterface]\n                Resource: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:network-interface/*', 'arn:aws:ec2:*:*:volume/*']\n" + pinned.replace(/^ {10}/gm, '                '),
        ),
      ),
    },
    {
      name: 'RunInstances on everything: instances and images both unpinned, no fix',
      file: 'template.yaml',
      code: withRole(v5 + "              - Effect: Allow\n                Action: ec2:RunInstances\n                Resource: ««'*'»»\n"),
      messages: ['unpinned', 'imageOwner'],
    },
    {
      name: 'ec2:* without a condition',
      file: 'template.yaml',
      code: withRole(v5 + "              - Effect: Allow\n                Action: «'ec2:*'»\n                Resource: '*'\n"),
      messages: ['serviceWildcard'],
    },
    {
      name: 'standalone: an extra CreateTags statement on instances without the condition',
      file: 'policy.json',
      code: json([...operatorJson, { Effect: 'Allow', Action: 'ec2:CreateTags', Resource: 'arn:aws:ec2:*:*:instance/*' }]).replace(
        '"Resource": "arn:aws:ec2:*:*:instance/*"',
        '"Resource": «"arn:aws:ec2:*:*:instance/*"»',
      ),
      messages: ['unpinned'],
      output: json([
        ...operatorJson,
        { Effect: 'Allow', Action: 'ec2:CreateTags', Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { StringEquals: { 'ec2:ManagedResourceOperator': 'scaler.lambda.amazonaws.com' } } },
      ]),
    },
    {
      name: 'a StringLike that lets any operator through: a StringEquals block is added',
      file: 'policy.json',
      code: json([
        ...operatorJson,
        { Effect: 'Allow', Action: 'ec2:AttachNetworkInterface', Resource: 'arn:aws:ec2:*:*:network-interface/*', Condition: { StringLike: { 'ec2:ManagedResourceOperator': '*' } } },
      ]).replace('"Resource": "arn:aws:ec2:*:*:network-interface/*"', '"Resource": «"arn:aws:ec2:*:*:network-interface/*"»'),
      messages: ['unpinned'],
      output: json([
        ...operatorJson,
        {
          Effect: 'Allow',
          Action: 'ec2:AttachNetworkInterface',
          Resource: 'arn:aws:ec2:*:*:network-interface/*',
          Condition: { StringLike: { 'ec2:ManagedResourceOperator': '*' }, StringEquals: { 'ec2:ManagedResourceOperator': 'scaler.lambda.amazonaws.com' } },
        },
      ]),
    },
    {
      name: 'images from any owner: the key is added to the existing StringEquals',
      file: 'template.yaml',
      code: withRole(
        v5.replace(
          "                Resource: 'arn:aws:ec2:*:*:image/*'\n                Condition:\n                  StringEquals:\n                    ec2:Owner: amazon\n",
          "                Resource: «'arn:aws:ec2:*:*:image/*'»\n                Condition:\n                  StringEquals:\n                    aws:RequestedRegion: us-east-1\n",
        ),
      ),
      messages: ['imageOwner'],
      output: withRole(
        v5.replace(
          "                Resource: 'arn:aws:ec2:*:*:image/*'\n                Condition:\n                  StringEquals:\n                    ec2:Owner: amazon\n",
          "                Resource: 'arn:aws:ec2:*:*:image/*'\n                Condition:\n                  StringEquals:\n                    aws:RequestedRegion: us-east-1\n                    ec2:Owner: amazon\n",
        ),
      ),
    },
  ],
});
