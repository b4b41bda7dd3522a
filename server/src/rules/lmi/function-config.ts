import { defineRule, keyRange, type RuleContext } from '../../engine/rule';
import { arnMatchesFormat } from '../../iam/arn';
import { isCapacityProvider, managedInstances, type FunctionOnProviderView } from '../../model/capacity-providers';
import { isNoValue } from '../../model/policy';
import { fromGlobals, propEntry, type TemplateView } from '../../model/template';
import { isResolved, stringValues } from '../../model/values';
import { child, property, scalarText, type Node, type Property } from '../../parse/tree';

// CloudFormation registry schema of AWS::Lambda::Function (LambdaManagedInstancesCapacityProviderConfig.CapacityProviderArn).
const CAPACITY_PROVIDER_ARN = /^arn:aws[a-zA-Z-]*:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:capacity-provider:[a-zA-Z0-9-_]+$/;
const CAPACITY_PROVIDER_FORMAT = 'arn:${Partition}:lambda:${Region}:${Account}:capacity-provider:${CapacityProviderName}';
const MIN_MEMORY = 2048;
const SAM_RATIOS = [2, 4, 8];
const MAX_ENVIRONMENTS = 15000;

export default defineRule({
  meta: {
    id: 'lmi/function-config',
    severity: 'error',
    summary: 'A function on a capacity provider must have a configuration Lambda Managed Instances accept',
    description:
      'A function attached to a capacity provider (`CapacityProviderConfig`) runs on Lambda Managed Instances, whose ' +
      'limits differ from those of on-demand Lambda:\n\n' +
      '- the smallest function is 2 GB and 1 vCPU: `MemorySize` below 2048 is rejected, and `MemorySize` must give at ' +
      'least one vCPU at the chosen `ExecutionEnvironmentMemoryGiBPerVCpu`;\n' +
      '- `ExecutionEnvironmentMemoryGiBPerVCpu` is 2.0–8.0 (SAM documents the ratios 2, 4 and 8);\n' +
      '- `PerExecutionEnvironmentMaxConcurrency` is 1–1600;\n' +
      '- SAM rejects `CapacityProviderConfig` together with `VpcConfig` (the network comes from the capacity provider) or ' +
      '`ProvisionedConcurrencyConfig`, and `FunctionScalingConfig` without `CapacityProviderConfig` (CloudFormation ' +
      'functions too: scaling settings only apply to Managed Instances);\n' +
      '- `FunctionScalingConfig` sets `MinExecutionEnvironments` and `MaxExecutionEnvironments` together (an omitted one ' +
      'reverts to its default), each 0–15000, min not above max, and a minimum of 0 only with a maximum of 0;\n' +
      '- the capacity provider ARN (SAM `Arn`, CloudFormation `CapacityProviderArn`) is required and must be a ' +
      'capacity provider ARN (`!GetAtt Provider.Arn`, not another resource\'s attribute).\n\n' +
      'SAM `Globals` are applied. Values only deployment knows (parameters, intrinsics) are not judged, nor is a ' +
      'function without `MemorySize`.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances.html',
    messages: {
      memoryTooSmall: 'MemorySize {{memory}} is below 2048 MB, the smallest function Lambda Managed Instances run (2 GB and 1 vCPU).',
      memoryBelowRatio: 'MemorySize {{memory}} MB gives less than one vCPU at {{ratio}} GiB per vCPU: set MemorySize to at least {{needed}}.',
      ratioRange: 'ExecutionEnvironmentMemoryGiBPerVCpu {{ratio}} is outside 2.0–8.0.',
      ratioSam: 'ExecutionEnvironmentMemoryGiBPerVCpu {{ratio}} is not a supported ratio: SAM supports 2, 4 or 8 GiB per vCPU.',
      concurrencyRange: 'PerExecutionEnvironmentMaxConcurrency {{value}} is outside 1–1600.',
      vpcConfig: 'A SAM function with CapacityProviderConfig cannot have VpcConfig{{where}}: its network is the capacity provider\'s VpcConfig.',
      provisionedConcurrency: 'A SAM function with CapacityProviderConfig cannot have ProvisionedConcurrencyConfig{{where}}: Managed Instances scale with FunctionScalingConfig.',
      scalingWithoutProvider: 'FunctionScalingConfig only applies to a function on a capacity provider: add CapacityProviderConfig or remove it.',
      scalingPartial: 'FunctionScalingConfig sets {{present}} without {{absent}}: set both together (the omitted one reverts to its default).',
      scalingRange: '{{key}} {{value}} is outside 0–15000.',
      scalingOrder: 'MinExecutionEnvironments {{min}} is greater than MaxExecutionEnvironments {{max}}.',
      scalingZero: 'MinExecutionEnvironments 0 is only valid with MaxExecutionEnvironments 0 (which deactivates the version).',
      missingArn: 'CapacityProviderConfig needs {{key}}: the ARN of the capacity provider.',
      notCapacityProviderArn: '{{value}} is not a capacity provider ARN (arn:aws:lambda:<region>:<account>:capacity-provider:<name>).',
    },
    examples: {
      valid: [
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n  OrdersFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      CodeUri: src/\n      MemorySize: 4096\n      AutoPublishAlias: live\n      CapacityProviderConfig:\n        Arn: !GetAtt CapacityProvider.Arn\n        ExecutionEnvironmentMemoryGiBPerVCpu: 4\n        PerExecutionEnvironmentMaxConcurrency: 32\n      FunctionScalingConfig:\n        MinExecutionEnvironments: 3\n        MaxExecutionEnvironments: 30\n',
        },
      ],
      invalid: [
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n  OrdersFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      CodeUri: src/\n      MemorySize: 1024\n      AutoPublishAlias: live\n      CapacityProviderConfig:\n        Arn: !GetAtt CapacityProvider.Arn\n',
        },
      ],
    },
  },
  check(context) {
    const { doc } = context;
    if (!doc.template) return;
    const lmi = managedInstances(doc.template);
    for (const fn of lmi.functions) checkFunction(context, doc.template, fn);
    const onProvider = new Set(lmi.functions.map((f) => f.resource));
    for (const fn of doc.template.resourcesOfType('AWS::Lambda::Function')) {
      const scaling = propEntry(fn, 'FunctionScalingConfig');
      if (!scaling) continue;
      if (!onProvider.has(fn)) context.report(keyRange(scaling), 'scalingWithoutProvider');
      else checkScaling(context, scaling);
    }
  },
});


function numberOf(node: Node | undefined): number | undefined {
  const text = scalarText(node);
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function checkFunction(context: RuleContext, template: TemplateView, fn: FunctionOnProviderView): void {
  const { report } = context;
  const memoryNode = child(fn.resource.properties, 'MemorySize');
  const memory = numberOf(memoryNode);
  if (memory !== undefined && memory < MIN_MEMORY) report(memoryNode!, 'memoryTooSmall', { memory });

  const ratioNode = child(fn.settings, 'ExecutionEnvironmentMemoryGiBPerVCpu');
  const ratio = numberOf(ratioNode);
  if (ratio !== undefined) {
    if (ratio < 2 || ratio > 8) report(ratioNode!, 'ratioRange', { ratio });
    else if (fn.sam && !SAM_RATIOS.includes(ratio)) report(ratioNode!, 'ratioSam', { ratio });
    else if (memory !== undefined && memory >= MIN_MEMORY && memory < ratio * 1024) report(memoryNode!, 'memoryBelowRatio', { memory, ratio, needed: ratio * 1024 });
  }

  const concurrencyNode = child(fn.settings, 'PerExecutionEnvironmentMaxConcurrency');
  const concurrency = numberOf(concurrencyNode);
  if (concurrency !== undefined && (concurrency < 1 || concurrency > 1600 || !Number.isInteger(concurrency))) report(concurrencyNode!, 'concurrencyRange', { value: concurrency });

  if (fn.sam) {
    // SAM puts ProvisionedConcurrencyConfig on the alias it publishes.
    const aliases = template.resourcesOfType('AWS::Lambda::Alias').filter((a) => a.generatedBy === fn.resource.generatedBy);
    const conflicts = [['VpcConfig', 'vpcConfig', propEntry(fn.resource, 'VpcConfig')], ...aliases.map((a) => ['ProvisionedConcurrencyConfig', 'provisionedConcurrency', propEntry(a, 'ProvisionedConcurrencyConfig')] as const)] as const;
    for (const [, messageId, conflict] of conflicts) {
      if (conflict && !(conflict.value.type === 'intrinsic' && isNoValue(conflict.value))) report(keyRange(conflict), messageId, { where: fromGlobals(fn.resource, conflict.value) ? ' (from Globals)' : '' });
    }
  }

  if (!fn.arn) {
    if (fn.config.value.type !== 'object') return;
    const nested = property(fn.config.value, 'LambdaManagedInstancesCapacityProviderConfig');
    if (fn.sam) report(keyRange(fn.config), 'missingArn', { key: 'Arn' });
    else if (fn.settings && nested) report(keyRange(nested), 'missingArn', { key: 'CapacityProviderArn' });
    else if (!nested) report(keyRange(fn.config), 'missingArn', { key: 'LambdaManagedInstancesCapacityProviderConfig.CapacityProviderArn' });
    return;
  }
  const problem = arnProblem(fn.arn, template);
  if (problem) report(fn.arn, 'notCapacityProviderArn', { value: problem });
}

/** What the ARN value shows when it cannot be a capacity provider ARN; undefined when it is one, or may be. */
function arnProblem(node: Node, template: TemplateView): string | undefined {
  if (node.type === 'intrinsic' && node.fn === 'Fn::GetAtt') {
    const [id, attribute] = node.argument.type === 'array' ? node.argument.items.map(scalarText) : (scalarText(node.argument) ?? '').split(/\.(.*)/s, 2);
    const target = id ? template.resource(id) : undefined;
    if (target && (!isCapacityProvider(target) || attribute !== 'Arn')) return `!GetAtt ${id}.${attribute}`;
    return undefined;
  }
  if (node.type === 'intrinsic' && node.fn === 'Ref') {
    const target = template.resource(scalarText(node.argument) ?? '');
    // Ref of a capacity provider is not documented; of any other resource it is not a capacity provider ARN.
    return target && !isCapacityProvider(target) ? `!Ref ${target.id}` : undefined;
  }
  for (const v of stringValues(node)) {
    if (isResolved(v.text) ? !CAPACITY_PROVIDER_ARN.test(v.text) : !v.text.startsWith('${') && !arnMatchesFormat(v.text, CAPACITY_PROVIDER_FORMAT)) return v.text;
  }
  return undefined;
}

function checkScaling({ report }: RuleContext, scaling: Property): void {
  const minEntry = property(scaling.value, 'MinExecutionEnvironments');
  const maxEntry = property(scaling.value, 'MaxExecutionEnvironments');
  if (scaling.value.type !== 'object') return;
  if (!minEntry !== !maxEntry) {
    const present = minEntry ? 'MinExecutionEnvironments' : 'MaxExecutionEnvironments';
    report(keyRange((minEntry ?? maxEntry)!), 'scalingPartial', { present, absent: minEntry ? 'MaxExecutionEnvironments' : 'MinExecutionEnvironments' });
  }
  const min = numberOf(minEntry?.value);
  const max = numberOf(maxEntry?.value);
  let inRange = true;
  for (const [e, v] of [[minEntry, min], [maxEntry, max]] as const) {
    if (e && v !== undefined && (v < 0 || v > MAX_ENVIRONMENTS || !Number.isInteger(v))) {
      report(e.value, 'scalingRange', { key: e.key, value: v });
      inRange = false;
    }
  }
  if (!inRange || min === undefined || max === undefined) return;
  if (min > max) report(minEntry!.value, 'scalingOrder', { min, max });
  else if (min === 0 && max !== 0) report(minEntry!.value, 'scalingZero');
}
