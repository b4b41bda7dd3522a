import { defineRule, keyRange } from '../../engine/rule';
import { attachManagedPolicy, lambdaFunctions, missingRequirements, requirementText, roleLabel, type Requirement } from '../../model/execution-role-requirements';
import { alternatives } from '../../model/policy';
import { fromGlobals, propEntry } from '../../model/template';
import { child, type Node } from '../../parse/tree';

const ENI = 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:network-interface/*';
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions: the three actions
// Lambda checks when the function is attached to a VPC (AssignPrivateIpAddresses and friends came later and are not
// checked).
const REQUIRED: Requirement[] = [
  { anyOf: ['ec2:CreateNetworkInterface'], resources: [ENI] },
  { anyOf: ['ec2:DescribeNetworkInterfaces'], resources: ['*'] },
  { anyOf: ['ec2:DeleteNetworkInterface'], resources: [ENI] },
];

const ROLE =
  'Resources:\n  ReportsRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n';
const FUNCTION =
  '  Reports:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      Role: !GetAtt ReportsRole.Arn\n      Code:\n        ZipFile: "def handler(event, context): return event"\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d4e5f67890]\n        SecurityGroupIds: [sg-0a1b2c3d4e5f67890]\n';

export default defineRule({
  meta: {
    id: 'lambda/vpc-permissions',
    severity: 'error',
    summary: 'A function in a VPC needs an execution role that can manage its network interfaces',
    description:
      'A function with `VpcConfig` reaches the VPC through elastic network interfaces that Lambda creates and deletes ' +
      'with the function\'s execution role. Lambda checks the role when the function is created or updated: without ' +
      '`ec2:CreateNetworkInterface`, `ec2:DescribeNetworkInterfaces` and `ec2:DeleteNetworkInterface` the deployment ' +
      'fails ("The provided execution role does not have permissions to call CreateNetworkInterface on EC2"). SAM adds ' +
      '`AWSLambdaVPCAccessExecutionRole` to the roles it generates; a role you write needs it (or the three actions) ' +
      'yourself. The rule evaluates everything attached to the role and stays silent when an attached policy cannot be read.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html',
    fix: 'suggestion',
    messages: {
      missing: 'Role {{role}} does not allow {{actions}}: Lambda cannot attach {{function}} to its VPC, and the deployment fails.',
    },
    examples: {
      valid: [{ file: 'template.yaml', code: ROLE.replace('AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole') + FUNCTION }],
      invalid: [
        {
          file: 'template.yaml',
          code: ROLE + FUNCTION,
          fixed:
            ROLE +
            '        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole\n' +
            FUNCTION,
        },
      ],
    },
  },
  check(context) {
    const template = context.doc.template;
    if (!template) return;
    for (const { fn, role: ref } of lambdaFunctions(template)) {
      const own = propEntry(fn, 'VpcConfig');
      if (!inVpc(own?.value)) continue;
      if (ref.kind !== 'role') continue;
      const missing = missingRequirements(ref.role, REQUIRED);
      if (!missing?.length) continue;
      // A Globals key applies to many functions: report each on its own Role line instead of stacking them on Globals.
      const target = own && !fromGlobals(fn, own) ? keyRange(own) : (ref.node ?? keyRange(fn.entry));
      const fix = attachManagedPolicy(context, ref.role, 'AWSLambdaVPCAccessExecutionRole');
      context.report(target, 'missing', { role: roleLabel(ref.role), actions: requirementText(missing), function: fn.id }, fix ? [fix] : []);
    }
  },
});

/** A property with its `!If` branches: is any deployable branch set (not `AWS::NoValue`)? */
function isSet(node: Node | undefined): boolean {
  return alternatives(node).length > 0;
}

/** Some deployable branch names subnets (`SubnetIds: []` detaches the function from its VPC). */
function inVpc(config: Node | undefined): boolean {
  if (!isSet(config)) return false;
  return alternatives(config).some((c) => {
    const subnets = child(c, 'SubnetIds');
    return c.type === 'object' && isSet(subnets) && !(subnets?.type === 'array' && subnets.items.length === 0);
  });
}
