import { defineRule, keyRange, type RuleContext } from '../../engine/rule';
import { arnMatchesFormat } from '../../iam/arn';
import { managedInstances, type CapacityProviderView } from '../../model/capacity-providers';
import type { TemplateView } from '../../model/template';
import { isResolved, stringValues } from '../../model/values';
import { child, property, scalarText, type Node } from '../../parse/tree';

// CloudFormation registry schema of AWS::Lambda::CapacityProvider (PermissionsConfig.CapacityProviderOperatorRoleArn).
const ROLE_ARN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const ROLE_FORMAT = 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}';

export default defineRule({
  meta: {
    id: 'lmi/capacity-provider-config',
    severity: 'error',
    summary: 'A capacity provider must have a configuration Lambda accepts',
    description:
      'What `CreateCapacityProvider` and CloudFormation reject for `AWS::Lambda::CapacityProvider` and SAM ' +
      '`AWS::Serverless::CapacityProvider`:\n\n' +
      '- `VpcConfig` is required, with 1 to 16 `SubnetIds` and at most 5 `SecurityGroupIds`;\n' +
      '- CloudFormation requires `PermissionsConfig.CapacityProviderOperatorRoleArn` (SAM generates the operator role ' +
      'when `OperatorRole` is omitted), and it must be a role ARN: `!GetAtt Role.Arn`, not `!Ref Role` (which is the ' +
      'role\'s name);\n' +
      '- `InstanceRequirements` takes allowed **or** excluded instance types, not both, and exactly one architecture;\n' +
      '- `MaxVCpuCount` is 2–15000;\n' +
      '- `ScalingPolicies` apply only with `ScalingMode: Manual` (the default mode is `Auto`).\n\n' +
      'SAM `Globals` are applied. Lists and values only deployment knows (parameters, intrinsics) are not judged.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-capacity-providers.html',
    messages: {
      missingVpcConfig: 'Capacity provider {{provider}} needs VpcConfig: the subnets (and security groups) its instances run in.',
      missingSubnets: 'VpcConfig needs SubnetIds: 1 to 16 subnets, in several Availability Zones.',
      subnetCount: 'VpcConfig has {{count}} subnets: a capacity provider takes 1 to 16.',
      securityGroupCount: 'VpcConfig has {{count}} security groups: a capacity provider takes at most 5.',
      missingPermissionsConfig: 'Capacity provider {{provider}} needs PermissionsConfig.CapacityProviderOperatorRoleArn: the operator role Lambda uses to manage its instances.',
      operatorRoleArn: '{{value}} is not an IAM role ARN{{hint}}.',
      allowedAndExcluded: 'InstanceRequirements sets both {{allowed}} and {{excluded}}: choose allowed or excluded instance types, not both.',
      architectures: 'InstanceRequirements.Architectures takes exactly one architecture (x86_64 or arm64), not {{count}}.',
      maxVCpuCount: 'MaxVCpuCount {{value}} is outside 2–15000.',
      scalingPoliciesMode: 'ScalingPolicies only apply with ScalingMode: Manual; this capacity provider scales in {{mode}} mode.',
    },
    examples: {
      valid: [
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n      InstanceRequirements:\n        Architectures: [arm64]\n      ScalingConfig:\n        MaxVCpuCount: 64\n',
        },
      ],
      invalid: [
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n      InstanceRequirements:\n        Architectures: [arm64]\n        AllowedTypes: [m7g.xlarge]\n        ExcludedTypes: [m7g.large]\n',
        },
      ],
    },
  },
  check(context) {
    const { doc } = context;
    if (!doc.template) return;
    for (const provider of managedInstances(doc.template).providers) checkProvider(context, doc.template, provider);
  },
});

function checkProvider(context: RuleContext, template: TemplateView, provider: CapacityProviderView): void {
  const { report } = context;
  const { resource, sam } = provider;
  const get = (name: string): Node | undefined => child(resource.properties, name);
  const id = resource.id;

  const vpc = get('VpcConfig');
  if (!vpc) report(keyRange(resource.entry), 'missingVpcConfig', { provider: id });
  else if (vpc.type === 'object') {
    const subnets = property(vpc, 'SubnetIds');
    if (!subnets) report(keyRange(resource.entry), 'missingSubnets');
    else if (subnets.value.type === 'array' && (subnets.value.items.length < 1 || subnets.value.items.length > 16)) report(keyRange(subnets), 'subnetCount', { count: subnets.value.items.length });
    const groups = property(vpc, 'SecurityGroupIds');
    if (groups?.value.type === 'array' && groups.value.items.length > 5) report(keyRange(groups), 'securityGroupCount', { count: groups.value.items.length });
  }

  {
    const permissions = property(resource.properties, 'PermissionsConfig');
    if (!permissions) report(keyRange(resource.entry), 'missingPermissionsConfig', { provider: id });
    else if (permissions.value.type === 'object' && !property(permissions.value, 'CapacityProviderOperatorRoleArn')) report(keyRange(permissions), 'missingPermissionsConfig', { provider: id });
  }
  if (provider.operatorRoleNode) checkRoleArn(context, template, provider.operatorRoleNode);

  const requirements = get('InstanceRequirements');
  const [allowedKey, excludedKey] = sam ? ['AllowedTypes', 'ExcludedTypes'] : ['AllowedInstanceTypes', 'ExcludedInstanceTypes'];
  const allowed = property(requirements, 'AllowedInstanceTypes');
  const excluded = property(requirements, 'ExcludedInstanceTypes');
  if (allowed && excluded) report(keyRange(excluded), 'allowedAndExcluded', { allowed: allowedKey, excluded: excludedKey });
  const architectures = property(requirements, 'Architectures');
  if (architectures?.value.type === 'array' && architectures.value.items.length !== 1) report(keyRange(architectures), 'architectures', { count: architectures.value.items.length });

  const scaling = get('CapacityProviderScalingConfig');
  const maxVCpu = child(scaling, 'MaxVCpuCount');
  const vcpus = Number(scalarText(maxVCpu));
  if (maxVCpu && scalarText(maxVCpu)?.trim() && Number.isFinite(vcpus) && (vcpus < 2 || vcpus > 15000 || !Number.isInteger(vcpus))) report(maxVCpu, 'maxVCpuCount', { value: vcpus });
  {
    const policies = property(scaling, 'ScalingPolicies');
    const modeNode = child(scaling, 'ScalingMode');
    const mode = modeNode === undefined ? 'Auto' : scalarText(modeNode);
    if (policies && mode !== undefined && mode !== 'Manual') report(keyRange(policies), 'scalingPoliciesMode', { mode });
  }
}

function checkRoleArn({ report }: RuleContext, template: TemplateView, node: Node): void {
  if (node.type === 'intrinsic' && node.fn === 'Ref') {
    const target = template.resource(scalarText(node.argument) ?? '');
    if (target?.type === 'AWS::IAM::Role') report(node, 'operatorRoleArn', { value: `!Ref ${target.id}`, hint: `: Ref gives the role's name; use !GetAtt ${target.id}.Arn` });
    return;
  }
  if (node.type === 'intrinsic' && node.fn === 'Fn::GetAtt') {
    const [id, attribute] = node.argument.type === 'array' ? node.argument.items.map(scalarText) : (scalarText(node.argument) ?? '').split(/\.(.*)/s, 2);
    const target = id ? template.resource(id) : undefined;
    if (target && (target.type !== 'AWS::IAM::Role' || attribute !== 'Arn')) {
      report(node, 'operatorRoleArn', { value: `!GetAtt ${id}.${attribute}`, hint: target.type === 'AWS::IAM::Role' ? `: use !GetAtt ${id}.Arn` : '' });
    }
    return;
  }
  for (const v of stringValues(node)) {
    const bad = isResolved(v.text) ? !ROLE_ARN.test(v.text) : !v.text.startsWith('${') && !arnMatchesFormat(v.text, ROLE_FORMAT);
    if (bad) {
      report(v.node, 'operatorRoleArn', { value: v.text, hint: '' });
      return;
    }
  }
}
