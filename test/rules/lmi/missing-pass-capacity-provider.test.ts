import { ruleTester } from '../../rule-tester';
import { SAM, samFunction, samProvider } from './templates';

const policy = (...statements: string[]) => `{"Version": "2012-10-17", "Statement": [${statements.join(', ')}]}`;
const passRole = '{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/orders-function-role", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}';
const createWithProvider = '{"Effect": "Allow", "Action": [«"lambda:CreateFunction"», "lambda:GetCapacityProvider"], "Resource": "*"}';

const deployerRole = (statements: string, extra = '') =>
  `  DeployerRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::111122223333:role/ci\n            Action: sts:AssumeRole\n${extra}      Policies:\n        - PolicyName: deploy\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n${statements}`;
const create = "              - Effect: Allow\n                Action: [«lambda:CreateFunction», lambda:UpdateFunctionConfiguration]\n                Resource: !Sub 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders-*'\n";
const app = SAM + samProvider() + samFunction();

ruleTester('lmi/missing-pass-capacity-provider', {
  valid: [
    { name: 'with PassCapacityProvider', code: policy(createWithProvider.replace(/[«»]/g, ''), '{"Effect": "Allow", "Action": "lambda:PassCapacityProvider", "Resource": "arn:aws:lambda:*:*:capacity-provider:trusted-*"}', passRole) },
    { name: 'a deployer that does not deal with capacity providers', code: policy('{"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"}', passRole) },
    { name: 'lambda:* includes PassCapacityProvider', code: policy('{"Effect": "Allow", "Action": ["lambda:*", "lambda:GetCapacityProvider"], "Resource": "*"}', passRole) },
    {
      name: 'granted by another policy attached to the same role',
      file: 'template.yaml',
      code:
        app +
        deployerRole(create.replace(/[«»]/g, '')) +
        '  PassProviderPolicy:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: pass-capacity-provider\n      Roles: [!Ref DeployerRole]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: lambda:PassCapacityProvider\n            Resource: !GetAtt CapacityProvider.Arn\n',
    },
    {
      name: 'the role has a policy we cannot read',
      file: 'template.yaml',
      code: 'Parameters:\n  DeployPolicyArn:\n    Type: String\n' + app + deployerRole(create.replace(/[«»]/g, ''), '      ManagedPolicyArns: [!Ref DeployPolicyArn]\n'),
    },
  ],
  invalid: [
    {
      name: 'standalone: a statement on the placeholder ARN is added',
      code: policy(createWithProvider, passRole),
      messages: ['missing'],
      output: policy(createWithProvider.replace(/[«»]/g, ''), passRole, '{"Effect": "Allow", "Action": "lambda:PassCapacityProvider", "Resource": "arn:aws:lambda:*:*:capacity-provider:CAPACITY_PROVIDER_NAME"}'),
    },
    {
      name: 'standalone: UpdateFunctionConfiguration on a capacity provider ARN',
      code: policy('{"Effect": "Allow", "Action": «"lambda:UpdateFunctionConfiguration"», "Resource": ["arn:aws:lambda:us-east-1:111122223333:function:orders", "arn:aws:lambda:us-east-1:111122223333:capacity-provider:production-trusted"]}'),
      messages: ['missing'],
      output: policy(
        '{"Effect": "Allow", "Action": "lambda:UpdateFunctionConfiguration", "Resource": ["arn:aws:lambda:us-east-1:111122223333:function:orders", "arn:aws:lambda:us-east-1:111122223333:capacity-provider:production-trusted"]}',
        '{"Effect": "Allow", "Action": "lambda:PassCapacityProvider", "Resource": "arn:aws:lambda:*:*:capacity-provider:CAPACITY_PROVIDER_NAME"}',
      ),
    },
    {
      name: "a deployer role in a template whose functions run on a capacity provider: scoped to the template's provider",
      file: 'template.yaml',
      code: app + deployerRole(create),
      messages: ['missing'],
      output:
        app +
        deployerRole(create.replace(/[«»]/g, '') + '              - Effect: Allow\n                Action: lambda:PassCapacityProvider\n                Resource: !GetAtt CapacityProvider.Arn\n'),
    },
    {
      name: 'in a SAM function policy',
      file: 'template.yaml',
      code:
        app +
        samFunction('DeployerFunction', '', '      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: «lambda:UpdateFunctionConfiguration»\n              Resource: !GetAtt OrdersFunction.Arn\n'),
      messages: ['missing'],
      output:
        app +
        samFunction(
          'DeployerFunction',
          '',
          '      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: lambda:UpdateFunctionConfiguration\n              Resource: !GetAtt OrdersFunction.Arn\n            - Effect: Allow\n              Action: lambda:PassCapacityProvider\n              Resource: !GetAtt CapacityProvider.Arn\n',
        ),
    },
  ],
});
