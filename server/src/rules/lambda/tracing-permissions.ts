import { defineRule } from '../../engine/rule';
import { attachManagedPolicy, lambdaFunctions, missingRequirements, requirementText, roleLabel, type Requirement } from '../../model/execution-role-requirements';
import { alternatives } from '../../model/policy';
import { fromGlobals, prop } from '../../model/template';
import { child, scalarText, type Node } from '../../parse/tree';

// X-Ray's write actions take no resource ("*").
const REQUIRED: Requirement[] = [
  { anyOf: ['xray:PutTraceSegments'], resources: ['*'] },
  { anyOf: ['xray:PutTelemetryRecords'], resources: ['*'] },
];

const ROLE =
  'Resources:\n  CheckoutRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n';
const FUNCTION =
  '  Checkout:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: index.handler\n      Role: !GetAtt CheckoutRole.Arn\n      Code:\n        ZipFile: "exports.handler = async (event) => event;"\n      TracingConfig:\n        Mode: Active\n';

export default defineRule({
  meta: {
    id: 'lambda/tracing-permissions',
    severity: 'warning',
    summary: 'Active tracing needs an execution role that can send traces to X-Ray',
    description:
      'With active tracing (`TracingConfig.Mode: Active`, SAM `Tracing: Active`, also from `Globals`) Lambda samples ' +
      'requests and sends their trace segments to X-Ray with the function\'s execution role. Without ' +
      '`xray:PutTraceSegments` and `xray:PutTelemetryRecords` the function still runs, but no trace ever arrives. SAM ' +
      'adds an X-Ray write policy to the roles it generates; a role you write needs `AWSXRayDaemonWriteAccess` (or the ' +
      'two actions). The rule evaluates everything attached to the role and stays silent when an attached policy cannot be read.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html',
    fix: 'suggestion',
    messages: {
      missing: 'Tracing is active for {{function}}{{where}}, but role {{role}} does not allow {{actions}}: no trace reaches X-Ray.',
    },
    examples: {
      valid: [{ file: 'template.yaml', code: `${ROLE}        - !Sub arn:\${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess\n${FUNCTION}` }],
      invalid: [
        {
          file: 'template.yaml',
          code: ROLE + FUNCTION,
          fixed: `${ROLE}        - !Sub arn:\${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess\n${FUNCTION}`,
        },
      ],
    },
  },
  check(context) {
    const template = context.doc.template;
    if (!template) return;
    for (const { fn, role: ref } of lambdaFunctions(template)) {
      const mode = child(prop(fn, 'TracingConfig'), 'Mode');
      if (!isActive(mode)) continue;
      if (ref.kind !== 'role') continue;
      const missing = missingRequirements(ref.role, REQUIRED);
      if (!missing?.length) continue;
      const globals = mode !== undefined && fromGlobals(fn, mode);
      // A Globals key applies to many functions: report each on its own Role line instead of stacking them on Globals.
      const target = (globals ? undefined : mode) ?? ref.node ?? { start: fn.entry.keyStart, end: fn.entry.keyEnd };
      const fix = attachManagedPolicy(context, ref.role, 'AWSXRayDaemonWriteAccess');
      context.report(
        target,
        'missing',
        { function: fn.id, where: globals ? ' (Globals)' : '', role: roleLabel(ref.role), actions: requirementText(missing) },
        fix ? [fix] : [],
      );
    }
  },
});

/** `Active` in some deployable branch. */
function isActive(mode: Node | undefined): boolean {
  return alternatives(mode).some((m) => scalarText(m) === 'Active');
}
