import { ruleTester } from '../../rule-tester';
import { SAM, samFunction, samProvider } from './templates';

const policy = (statement: string) => `{"Version": "2012-10-17", "Statement": [${statement}]}`;
const managedPolicy = (statements: string) => `  DeployPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${statements}`;

ruleTester('lmi/pass-capacity-provider-wildcard', {
  valid: [
    { name: 'the documented example', code: policy('{"Effect": "Allow", "Action": "lambda:PassCapacityProvider", "Resource": "arn:aws:lambda:*:*:capacity-provider:trusted-workloads-*"}') },
    { name: 'one named capacity provider', code: policy('{"Effect": "Allow", "Action": "lambda:PassCapacityProvider", "Resource": "arn:aws:lambda:us-east-1:111122223333:capacity-provider:production-trusted"}') },
    { name: 'lambda:* on functions only', code: policy('{"Effect": "Allow", "Action": "lambda:*", "Resource": "arn:aws:lambda:us-east-1:111122223333:function:orders-*"}') },
    { name: 'another service', code: policy('{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}') },
    { name: 'a Deny', code: policy('{"Effect": "Deny", "Action": "lambda:PassCapacityProvider", "Resource": "*"}') },
    {
      name: 'providers selected by tag',
      code: policy('{"Effect": "Allow", "Action": "lambda:PassCapacityProvider", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/TrustLevel": "trusted"}}}'),
    },
    {
      name: 'NotResource that excludes untrusted providers',
      code: policy('{"Effect": "Allow", "Action": "lambda:PassCapacityProvider", "NotResource": "arn:aws:lambda:*:*:capacity-provider:untrusted-*"}'),
    },
    {
      name: "the template's capacity provider",
      file: 'template.yaml',
      code: SAM + samProvider() + managedPolicy('          - Effect: Allow\n            Action: lambda:PassCapacityProvider\n            Resource: !GetAtt CapacityProvider.Arn\n'),
    },
    {
      name: 'a resource from a parameter is not judged',
      file: 'template.yaml',
      code: 'Parameters:\n  ProviderArn:\n    Type: String\n' + SAM + managedPolicy('          - Effect: Allow\n            Action: lambda:PassCapacityProvider\n            Resource: !Ref ProviderArn\n'),
    },
  ],
  invalid: [
    {
      name: 'on "*": scoped to a placeholder ARN in a standalone policy',
      code: policy('{"Effect": "Allow", "Action": "lambda:PassCapacityProvider", "Resource": «"*"»}'),
      messages: ['wildcard'],
      output: policy('{"Effect": "Allow", "Action": "lambda:PassCapacityProvider", "Resource": "arn:aws:lambda:*:*:capacity-provider:CAPACITY_PROVIDER_NAME"}'),
    },
    {
      name: 'lambda:* on "*": reported, no fix (it would scope the other actions too)',
      code: policy('{"Effect": "Allow", "Action": "lambda:*", "Resource": «"*"»}'),
      messages: ['wildcard'],
    },
    { name: 'lambda:Pass* on every Lambda resource', code: policy('{"Effect": "Allow", "Action": "lambda:Pass*", "Resource": «"arn:aws:lambda:*:*:*"»}'), messages: ['wildcard'] },
    { name: '"*" on "*"', code: policy('{"Effect": "Allow", "Action": "*", "Resource": «"*"»}'), messages: ['wildcard'] },
    {
      name: 'every capacity provider of one account',
      code: policy('{"Effect": "Allow", "Action": ["lambda:PassCapacityProvider"], "Resource": [«"arn:aws:lambda:us-east-1:111122223333:capacity-provider:*"»]}'),
      messages: ['wildcard'],
      output: policy('{"Effect": "Allow", "Action": ["lambda:PassCapacityProvider"], "Resource": ["arn:aws:lambda:*:*:capacity-provider:CAPACITY_PROVIDER_NAME"]}'),
    },
    {
      name: 'NotResource that excludes no capacity provider',
      code: policy('{"Effect": "Allow", "Action": "lambda:PassCapacityProvider", «"NotResource"»: "arn:aws:lambda:*:*:function:*"}'),
      messages: ['notResource'],
    },
    {
      name: "two capacity providers in the template: both ARNs",
      file: 'template.yaml',
      code: SAM + samProvider() + samProvider('SandboxProvider', '', 'dev-sandbox') + managedPolicy("          - Effect: Allow\n            Action: lambda:PassCapacityProvider\n            Resource: «'*'»\n"),
      messages: ['wildcard'],
      output:
        SAM +
        samProvider() +
        samProvider('SandboxProvider', '', 'dev-sandbox') +
        managedPolicy('          - Effect: Allow\n            Action: lambda:PassCapacityProvider\n            Resource: [!GetAtt CapacityProvider.Arn, !GetAtt SandboxProvider.Arn]\n'),
    },
    {
      name: 'a list item, one capacity provider',
      file: 'template.yaml',
      code: SAM + samProvider() + managedPolicy('          - Effect: Allow\n            Action: lambda:PassCapacityProvider\n            Resource:\n              - «arn:aws:lambda:*:*:capacity-provider:*»\n'),
      messages: ['wildcard'],
      output: SAM + samProvider() + managedPolicy('          - Effect: Allow\n            Action: lambda:PassCapacityProvider\n            Resource:\n              - !GetAtt CapacityProvider.Arn\n'),
    },
    {
      name: 'in a SAM function policy',
      file: 'template.yaml',
      code:
        SAM +
        samProvider() +
        samFunction('DeployerFunction', '', '      Policies:\n        - Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: lambda:PassCapacityProvider\n              Resource: «!Sub "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:capacity-provider:*"»\n'),
      messages: ['wildcard'],
    },
    {
      name: 'JSON template',
      file: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "CapacityProvider": {
      "Type": "AWS::Serverless::CapacityProvider",
      "Properties": { "CapacityProviderName": "production-trusted", "VpcConfig": { "SubnetIds": ["subnet-0a1b2c3d"] } }
    },
    "DeployPolicy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{ "Effect": "Allow", "Action": "lambda:PassCapacityProvider", "Resource": «"*"» }]
        }
      }
    }
  }
}
`,
      messages: ['wildcard'],
      output: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "CapacityProvider": {
      "Type": "AWS::Serverless::CapacityProvider",
      "Properties": { "CapacityProviderName": "production-trusted", "VpcConfig": { "SubnetIds": ["subnet-0a1b2c3d"] } }
    },
    "DeployPolicy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{ "Effect": "Allow", "Action": "lambda:PassCapacityProvider", "Resource": {"Fn::GetAtt": ["CapacityProvider", "Arn"]} }]
        }
      }
    }
  }
}
`,
    },
  ],
});
