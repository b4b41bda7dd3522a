import { ruleTester } from '../../rule-tester';

const TRUST =
  '      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n';
const role = (properties: string, functions = 1) =>
  `Resources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}${properties}${Array.from({ length: functions }, (_, i) => `  App${i || ''}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt AppRole.Arn\n`).join('')}`;
const inline = (action: string, resource: string, condition = '') =>
  `      Policies:\n        - PolicyName: everything\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: ${action}\n                Resource: ${resource}\n${condition}`;

ruleTester('lambda/execution-role-admin', {
  valid: [
    { name: 'scoped permissions', file: 'template.yaml', code: role(inline('dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders')) },
    { name: 'a permissions boundary caps the role', file: 'template.yaml', code: role('      PermissionsBoundary: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/boundary\n      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AdministratorAccess\n') },
    { name: 'a role no function uses', file: 'template.yaml', code: `Resources:\n  AdminRole:\n    Type: AWS::IAM::Role\n    Properties:\n${TRUST}      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AdministratorAccess\n` },
    { name: '* on * with a condition', file: 'template.yaml', code: role(inline('"*"', '"*"', '                Condition:\n                  StringEquals:\n                    aws:RequestedRegion: eu-west-1\n')) },
    { name: 's3:* is not everything', file: 'template.yaml', code: role(inline('s3:*', '"*"')) },
  ],
  invalid: [
    { name: 'AdministratorAccess', file: 'template.yaml', code: role('      ManagedPolicyArns:\n        - «arn:aws:iam::aws:policy/AdministratorAccess»\n'), messages: ['adminManaged'] },
    { name: 'AdministratorAccess through !Sub, one finding for two functions', file: 'template.yaml', code: role('      ManagedPolicyArns:\n        - «!Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess»\n', 2), messages: ['adminManaged'] },
    { name: '* on *', file: 'template.yaml', code: role(inline('«"*"»', '"*"')), messages: ['adminStatement'] },
    {
      name: 'SAM Policies with AdministratorAccess',
      file: 'template.yaml',
      code: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  App:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      Policies:\n        - «AdministratorAccess»\n',
      messages: ['adminManaged'],
    },
    {
      name: 'an AWS::IAM::Policy attached to the role',
      file: 'template.yaml',
      code: `${role('')}  Everything:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: everything\n      Roles: [!Ref AppRole]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: [«"*"»]\n            Resource: "*"\n`,
      messages: ['adminStatement'],
    },
  ],
});
