import { lint } from '../../../server/src/engine/lint';
import { defaultConfig, mergeConfig } from '../../../server/src/engine/config';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../../rule-tester';
import { SAM, samFunction, samProvider } from './templates';

const on = (provider = 'CapacityProvider') => `      CapacityProviderConfig:\n        Arn: !GetAtt ${provider}.Arn\n`;
const samTags = (tags: Record<string, string>) => `      Tags:\n${Object.entries(tags).map(([k, v]) => `        ${k}: ${v}\n`).join('')}`;
const cfnFunction = (id: string, tags: string) =>
  `  ${id}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      Code:\n        ZipFile: "def handler(event, context): return event"\n      MemorySize: 2048\n      Role: arn:aws:iam::111122223333:role/orders-function\n      CapacityProviderConfig:\n        LambdaManagedInstancesCapacityProviderConfig:\n          CapacityProviderArn: !GetAtt CapacityProvider.Arn\n      Tags:\n${tags}`;
const cfnProvider =
  '  CapacityProvider:\n    Type: AWS::Lambda::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d]\n        SecurityGroupIds: [sg-0a1b2c3d]\n      PermissionsConfig:\n        CapacityProviderOperatorRoleArn: arn:aws:iam::111122223333:role/lambda-operator\n';

ruleTester('lmi/shared-trust-boundary', {
  valid: [
    {
      name: 'same trust level everywhere, case aside',
      file: 'template.yaml',
      code: SAM + samProvider('CapacityProvider', samTags({ TrustLevel: 'trusted' })) + samFunction('A', on(), samTags({ TrustLevel: 'Trusted' })) + samFunction('B', on(), samTags({ TrustLevel: 'trusted' })),
    },
    {
      name: 'different trust levels on different providers',
      file: 'template.yaml',
      code: SAM + samProvider() + samProvider('SandboxProvider', '', 'dev-sandbox') + samFunction('A', on(), samTags({ TrustLevel: 'trusted' })) + samFunction('B', on('SandboxProvider'), samTags({ TrustLevel: 'untrusted' })),
    },
    {
      name: 'a function without the tag, or with a value only deployment knows, is not judged',
      file: 'template.yaml',
      code: 'Parameters:\n  Stage:\n    Type: String\n' + SAM + samProvider('CapacityProvider', samTags({ Environment: 'prod' })) + samFunction('A', on()) + samFunction('B', on(), samTags({ Environment: '!Ref Stage' })),
    },
    {
      name: 'a tag key that is not a trust key',
      file: 'template.yaml',
      code: SAM + samProvider() + samFunction('A', on(), samTags({ Team: 'orders' })) + samFunction('B', on(), samTags({ Team: 'billing' })),
    },
  ],
  invalid: [
    {
      name: 'a function less trusted than its capacity provider',
      file: 'template.yaml',
      code: SAM + samProvider('CapacityProvider', samTags({ TrustLevel: 'trusted' })) + samFunction('A', on(), samTags({ TrustLevel: 'trusted' })) + samFunction('Plugins', on(), samTags({ TrustLevel: '«untrusted»' })),
      messages: ['differsFromProvider'],
    },
    {
      name: 'two functions disagree, the provider says nothing',
      file: 'template.yaml',
      code: SAM + samProvider() + samFunction('A', on(), samTags({ env: 'prod' })) + samFunction('B', on(), samTags({ env: '«dev»' })),
      messages: ['differsFromFunction'],
    },
    {
      name: 'SAM Globals tags count for every function',
      file: 'template.yaml',
      code: 'Globals:\n  Function:\n    Tags:\n      TrustLevel: trusted\n' + SAM + samProvider() + samFunction('A', on()) + samFunction('B', on(), samTags({ TrustLevel: '«partner»' })),
      messages: ['differsFromFunction'],
    },
    {
      name: 'CloudFormation tag lists',
      file: 'template.yaml',
      code:
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n' +
        cfnProvider +
        '      Tags:\n        - Key: Environment\n          Value: production\n' +
        cfnFunction('A', '        - Key: Environment\n          Value: production\n') +
        cfnFunction('B', '        - Key: Environment\n          Value: «staging»\n'),
      messages: ['differsFromProvider'],
    },
  ],
});

test('lmi/shared-trust-boundary reads the tag keys from the settings', () => {
  const code = SAM + samProvider() + samFunction('A', on(), samTags({ Tenant: 'acme' })) + samFunction('B', on(), samTags({ Tenant: 'globex' }));
  const findings = (keys?: string[]) =>
    lint({ name: 'template.yaml', text: code, config: keys ? mergeConfig(defaultConfig, { trustTagKeys: keys }) : undefined }).findings.filter((f) => f.ruleId === 'lmi/shared-trust-boundary');
  assert.equal(findings().length, 0);
  assert.deepEqual(findings(['Tenant']).map((f) => code.slice(f.start, f.end)), ['globex']);
});
