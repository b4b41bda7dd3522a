import { ruleTester } from '../../rule-tester';
import { SAM, samProvider } from './templates';

ruleTester('lmi/capacity-provider-name', {
  valid: [
    { name: 'production-trusted', file: 'template.yaml', code: SAM + samProvider() },
    { name: 'dev-sandbox', file: 'template.yaml', code: SAM + samProvider('CapacityProvider', '', 'dev-sandbox') },
    { name: 'camel case', file: 'template.yaml', code: SAM + samProvider('CapacityProvider', '', 'PartnerPlugins') },
    { name: 'the stage from a parameter', file: 'template.yaml', code: 'Parameters:\n  Stage:\n    Type: String\n' + SAM + samProvider('CapacityProvider', '', '!Sub orders-${Stage}') },
    { name: 'a name only deployment knows', file: 'template.yaml', code: 'Parameters:\n  ProviderName:\n    Type: String\n' + SAM + samProvider('CapacityProvider', '', '!Ref ProviderName') },
  ],
  invalid: [
    { name: 'a name that says nothing of trust', file: 'template.yaml', code: SAM + samProvider('CapacityProvider', '', '«orders-capacity»'), messages: ['vague'] },
    {
      name: 'no name',
      file: 'template.yaml',
      code: SAM + samProvider('«CapacityProvider»').replace('      CapacityProviderName: production-trusted\n', ''),
      messages: ['missing'],
    },
    {
      name: 'CloudFormation, no name',
      file: 'template.yaml',
      code:
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  «Provider»:\n    Type: AWS::Lambda::CapacityProvider\n    Properties:\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d]\n        SecurityGroupIds: []\n      PermissionsConfig:\n        CapacityProviderOperatorRoleArn: arn:aws:iam::111122223333:role/lambda-operator\n',
      messages: ['missing'],
    },
  ],
});
