import { property, type Property } from '../../parse/tree';
import type { ResourceView } from '../template';
import { trustPolicy } from './function';
import { anchorOf, arr, entry, getAtt, obj, sub } from './synthetic';
import { anchorKey, type SamTransformer } from './transform';

/**
 * `AWS::Serverless::CapacityProvider` → `AWS::Lambda::CapacityProvider` (samtranslator
 * `model/capacity_provider/generators.py`): `OperatorRole` becomes `PermissionsConfig.CapacityProviderOperatorRoleArn`,
 * `<Id>OperatorRole` is generated when none is named (trusted by `lambda.amazonaws.com`, with
 * `AWSLambdaManagedEC2ResourceOperator`), `InstanceRequirements` and `ScalingConfig` take CloudFormation's names.
 */
export function transformCapacityProvider(t: SamTransformer, cp: ResourceView): void {
  const props = t.properties(cp);
  const at = anchorKey(cp);
  const operator = property(props, 'OperatorRole');
  const roleId = `${cp.id}OperatorRole`;
  const out: Property[] = [];
  for (const p of props?.properties ?? []) {
    switch (p.key) {
      case 'OperatorRole':
      case 'PropagateTags':
        break;
      case 'InstanceRequirements':
        out.push({ ...p, value: renamed(p, { AllowedTypes: 'AllowedInstanceTypes', ExcludedTypes: 'ExcludedInstanceTypes' }) });
        break;
      case 'ScalingConfig':
        out.push({ ...p, key: 'CapacityProviderScalingConfig', value: scalingConfig(p) });
        break;
      case 'Tags':
        out.push({ ...p, value: tags(p) });
        break;
      default:
        out.push(p);
    }
  }
  out.push(entry('PermissionsConfig', obj(operator ? anchorOf(operator) : at, { CapacityProviderOperatorRoleArn: operator ? operator.value : getAtt(at, roleId, 'Arn') }), operator));
  t.add(cp.id, 'AWS::Lambda::CapacityProvider', { ...obj(at, {}), properties: out }, cp, at, { entry: cp.entry });
  if (operator) return;
  t.add(
    roleId,
    'AWS::IAM::Role',
    obj(at, {
      AssumeRolePolicyDocument: trustPolicy(at, 'lambda.amazonaws.com'),
      ManagedPolicyArns: arr(at, [sub(at, 'arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator')]),
    }),
    cp,
    at,
  );
}

function renamed(p: Property, names: Record<string, string>) {
  if (p.value.type !== 'object') return p.value;
  return { ...p.value, properties: p.value.properties.map((q) => (names[q.key] ? { ...q, key: names[q.key] } : q)), generated: true as const };
}

/** `AverageCPUUtilization` makes SAM write `ScalingMode: Manual` with a target-tracking policy; otherwise `Auto`. */
function scalingConfig(p: Property) {
  if (p.value.type !== 'object') return p.value;
  const at = anchorOf(p);
  const cpu = property(p.value, 'AverageCPUUtilization');
  const kept = p.value.properties.filter((q) => q.key !== 'AverageCPUUtilization');
  const extra = obj(at, {
    ScalingMode: cpu ? 'Manual' : 'Auto',
    ScalingPolicies: cpu ? arr(at, [obj(anchorOf(cpu), { PredefinedMetricType: 'LambdaCapacityProviderAverageCPUUtilization', TargetValue: cpu.value })]) : undefined,
  }).properties;
  return { ...p.value, properties: [...kept, ...extra], generated: true as const };
}

function tags(p: Property) {
  if (p.value.type !== 'object') return p.value;
  const at = anchorOf(p);
  return arr(at, [obj(at, { Key: 'lambda:createdBy', Value: 'SAM' }), ...p.value.properties.map((q) => obj(anchorOf(q), { Key: q.key, Value: q.value }))]);
}

