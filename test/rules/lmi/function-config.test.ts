import { ruleTester } from '../../rule-tester';
import { SAM, samFunction, samProvider } from './templates';

const on = (extra = '') => `      CapacityProviderConfig:\n        Arn: !GetAtt CapacityProvider.Arn\n${extra}`;
const app = (fn: string, globals = '') => globals + SAM + samProvider() + fn;
const fn = (config: string, extra = '') => samFunction('OrdersFunction', config, extra);
const scaling = (lines: string) => `      FunctionScalingConfig:\n${lines}`;
const cfnFunction = (props: string) =>
  `  OrdersFunction:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      Code:\n        ZipFile: "def handler(event, context): return event"\n      Role: arn:aws:iam::111122223333:role/orders-function\n${props}`;
const cfnOn = (settings: string) => `      CapacityProviderConfig:\n        LambdaManagedInstancesCapacityProviderConfig:\n          CapacityProviderArn: !GetAtt CapacityProvider.Arn\n${settings}`;

ruleTester('lmi/function-config', {
  valid: [
    { name: 'the documented shape', file: 'template.yaml', code: app(fn(on('        ExecutionEnvironmentMemoryGiBPerVCpu: 4\n        PerExecutionEnvironmentMaxConcurrency: 64\n'), scaling('        MinExecutionEnvironments: 3\n        MaxExecutionEnvironments: 30\n')).replace('MemorySize: 2048', 'MemorySize: 4096')) },
    { name: 'CloudFormation takes any ratio from 2 to 8', file: 'template.yaml', code: app(cfnFunction('      MemorySize: 8192\n' + cfnOn('          ExecutionEnvironmentMemoryGiBPerVCpu: 3.5\n'))) },
    { name: 'no MemorySize: not judged', file: 'template.yaml', code: app(fn(on()).replace('      MemorySize: 2048\n', '')) },
    { name: 'MemorySize from a parameter', file: 'template.yaml', code: 'Parameters:\n  Memory:\n    Type: Number\n' + app(fn(on()).replace('MemorySize: 2048', 'MemorySize: !Ref Memory')) },
    { name: 'MemorySize from Globals', file: 'template.yaml', code: app(fn(on()).replace('      MemorySize: 2048\n', ''), 'Globals:\n  Function:\n    MemorySize: 4096\n') },
    { name: 'a literal capacity provider ARN', file: 'template.yaml', code: SAM + fn('      CapacityProviderConfig:\n        Arn: arn:aws:lambda:us-east-1:111122223333:capacity-provider:production-trusted\n') },
    { name: 'an ARN built with !Sub', file: 'template.yaml', code: SAM + fn("      CapacityProviderConfig:\n        Arn: !Sub 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:capacity-provider:production-trusted'\n") },
    { name: 'an ARN from an import', file: 'template.yaml', code: SAM + fn('      CapacityProviderConfig:\n        Arn: !ImportValue shared-capacity-provider-arn\n') },
    { name: 'scaling to zero, both at 0', file: 'template.yaml', code: app(fn(on(), scaling('        MinExecutionEnvironments: 0\n        MaxExecutionEnvironments: 0\n'))) },
    {
      name: 'Globals VpcConfig removed with AWS::NoValue',
      file: 'template.yaml',
      code: app(fn(on(), '      VpcConfig: !Ref AWS::NoValue\n'), 'Globals:\n  Function:\n    VpcConfig:\n      SubnetIds: [subnet-0a1b2c3d]\n'),
    },
    { name: 'a function not on a capacity provider', file: 'template.yaml', code: SAM + samFunction('Plain', '').replace('MemorySize: 2048', 'MemorySize: 128') },
  ],
  invalid: [
    { name: 'MemorySize below 2 GB', file: 'template.yaml', code: app(fn(on()).replace('MemorySize: 2048', 'MemorySize: «1024»')), messages: ['memoryTooSmall'] },
    {
      name: 'MemorySize below 2 GB from Globals',
      file: 'template.yaml',
      code: app(fn(on()).replace('      MemorySize: 2048\n', ''), 'Globals:\n  Function:\n    MemorySize: «512»\n'),
      messages: ['memoryTooSmall'],
    },
    { name: 'CloudFormation ratio above 8', file: 'template.yaml', code: app(cfnFunction('      MemorySize: 8192\n' + cfnOn('          ExecutionEnvironmentMemoryGiBPerVCpu: «9»\n'))), messages: ['ratioRange'] },
    { name: 'SAM ratio 3', file: 'template.yaml', code: app(fn(on('        ExecutionEnvironmentMemoryGiBPerVCpu: «3»\n')).replace('MemorySize: 2048', 'MemorySize: 8192')), messages: ['ratioSam'] },
    { name: 'less than one vCPU at the ratio', file: 'template.yaml', code: app(fn(on('        ExecutionEnvironmentMemoryGiBPerVCpu: 4\n')).replace('MemorySize: 2048', 'MemorySize: «2048»')), messages: ['memoryBelowRatio'] },
    { name: 'concurrency 0', file: 'template.yaml', code: app(fn(on('        PerExecutionEnvironmentMaxConcurrency: «0»\n'))), messages: ['concurrencyRange'] },
    { name: 'concurrency above 1600', file: 'template.yaml', code: app(cfnFunction('      MemorySize: 2048\n' + cfnOn('          PerExecutionEnvironmentMaxConcurrency: «2000»\n'))), messages: ['concurrencyRange'] },
    {
      name: 'SAM VpcConfig on the function',
      file: 'template.yaml',
      code: app(fn(on(), '      «VpcConfig»:\n        SubnetIds: [subnet-0a1b2c3d]\n        SecurityGroupIds: [sg-0a1b2c3d]\n')),
      messages: ['vpcConfig'],
    },
    {
      name: 'SAM VpcConfig from Globals',
      file: 'template.yaml',
      code: app(fn(on()), 'Globals:\n  Function:\n    «VpcConfig»:\n      SubnetIds: [subnet-0a1b2c3d]\n'),
      messages: ['vpcConfig'],
    },
    {
      name: 'SAM ProvisionedConcurrencyConfig',
      file: 'template.yaml',
      code: app(fn(on(), '      «ProvisionedConcurrencyConfig»:\n        ProvisionedConcurrentExecutions: 5\n')),
      messages: ['provisionedConcurrency'],
    },
    {
      name: 'FunctionScalingConfig without a capacity provider',
      file: 'template.yaml',
      code: SAM + cfnFunction('      MemorySize: 2048\n      «FunctionScalingConfig»:\n        MinExecutionEnvironments: 3\n        MaxExecutionEnvironments: 9\n'),
      messages: ['scalingWithoutProvider'],
    },
    { name: 'only the minimum', file: 'template.yaml', code: app(fn(on(), scaling('        «MinExecutionEnvironments»: 3\n'))), messages: ['scalingPartial'] },
    { name: 'min above max', file: 'template.yaml', code: app(fn(on(), scaling('        MinExecutionEnvironments: «5»\n        MaxExecutionEnvironments: 3\n'))), messages: ['scalingOrder'] },
    { name: 'min 0 with a max', file: 'template.yaml', code: app(fn(on(), scaling('        MinExecutionEnvironments: «0»\n        MaxExecutionEnvironments: 10\n'))), messages: ['scalingZero'] },
    { name: 'max above 15000', file: 'template.yaml', code: app(fn(on(), scaling('        MinExecutionEnvironments: 3\n        MaxExecutionEnvironments: «20000»\n'))), messages: ['scalingRange'] },
    {
      name: 'SAM CapacityProviderConfig without Arn',
      file: 'template.yaml',
      code: app(fn('      «CapacityProviderConfig»:\n        PerExecutionEnvironmentMaxConcurrency: 16\n')),
      messages: ['missingArn'],
    },
    {
      name: 'CloudFormation CapacityProviderConfig without its nested configuration',
      file: 'template.yaml',
      code: app(cfnFunction('      MemorySize: 2048\n      «CapacityProviderConfig»:\n        CapacityProviderArn: !GetAtt CapacityProvider.Arn\n')),
      messages: ['missingArn'],
    },
    {
      name: "another resource's ARN",
      file: 'template.yaml',
      code: app(fn('      CapacityProviderConfig:\n        Arn: «!GetAtt OrdersTable.Arn»\n')) + '  OrdersTable:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n',
      messages: ['notCapacityProviderArn'],
    },
    { name: 'the capacity provider state', file: 'template.yaml', code: app(fn('      CapacityProviderConfig:\n        Arn: «!GetAtt CapacityProvider.State»\n')), messages: ['notCapacityProviderArn'] },
    {
      name: 'a function ARN',
      file: 'template.yaml',
      code: SAM + fn('      CapacityProviderConfig:\n        Arn: «arn:aws:lambda:us-east-1:111122223333:function:orders»\n'),
      messages: ['notCapacityProviderArn'],
    },
  ],
});
