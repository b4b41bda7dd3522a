import { defineRule } from '../../engine/rule';
import {
  attachManagedPolicy,
  lambdaFunctions,
  logGroupArns,
  logGroupNames,
  missingRequirements,
  requirementText,
  roleLabel,
} from '../../model/execution-role-requirements';
import { prop } from '../../model/template';

const ROLE = 'Resources:\n  WorkerRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n';
const TABLE_POLICY =
  '      Policies:\n        - PolicyName: orders-table\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: dynamodb:GetItem\n                Resource: !Sub arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders\n';
const FUNCTION = '  Worker:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: orders-worker\n      Runtime: python3.12\n      Handler: app.handler\n      Role: !GetAtt WorkerRole.Arn\n      Code:\n        ZipFile: "def handler(event, context): return event"\n';

export default defineRule({
  meta: {
    id: 'lambda/execution-role-logs',
    severity: 'warning',
    summary: "A function's execution role should let it write its CloudWatch Logs",
    description:
      'Lambda sends a function\'s output to CloudWatch Logs with the function\'s own execution role: without ' +
      '`logs:CreateLogStream` and `logs:PutLogEvents` on its log group (`/aws/lambda/<name>`, or `LoggingConfig.LogGroup`), ' +
      'the function runs but every log line and error trace is silently lost. The rule evaluates everything attached to ' +
      'the role — inline policies, `AWS::IAM::Policy`/`ManagedPolicy` resources, AWS managed policies and the role SAM ' +
      'generates — and reports only when no statement can grant the write. An explicit Deny is left alone (some teams ' +
      'turn logging off on purpose), and a role with an attached policy the linter cannot read is not judged. The fix ' +
      'attaches `AWSLambdaBasicExecutionRole`; it is not applied automatically because it grants more than the two actions.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html',
    fix: 'suggestion',
    messages: {
      missing:
        'Role {{role}} does not allow {{actions}} on the log group {{logGroup}}: {{function}} runs, but its logs are lost.',
    },
    examples: {
      valid: [
        {
          file: 'template.yaml',
          code: `${ROLE}      ManagedPolicyArns:\n        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n${TABLE_POLICY}${FUNCTION}`,
        },
      ],
      invalid: [
        {
          file: 'template.yaml',
          code: `${ROLE}${TABLE_POLICY}${FUNCTION}`,
          fixed: `${ROLE}${TABLE_POLICY}      ManagedPolicyArns:\n        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n${FUNCTION}`,
        },
      ],
    },
  },
  check(context) {
    const template = context.doc.template;
    if (!template) return;
    for (const { fn, role: ref } of lambdaFunctions(template)) {
      if (ref.kind !== 'role') continue;
      const groups = logGroupNames(fn);
      const resources = logGroupArns(groups);
      const missing = missingRequirements(ref.role, [
        { anyOf: ['logs:CreateLogStream'], resources },
        { anyOf: ['logs:PutLogEvents'], resources },
      ]);
      if (!missing?.length) continue;
      const target = ref.node ?? prop(fn, 'Role') ?? fn.entry;
      const range = 'keyStart' in target ? { start: target.keyStart, end: target.keyEnd } : target;
      const fix = attachManagedPolicy(context, ref.role, 'AWSLambdaBasicExecutionRole');
      context.report(
        range,
        'missing',
        { role: roleLabel(ref.role), actions: requirementText(missing), logGroup: groups.join(' / '), function: fn.id },
        fix ? [fix] : [],
      );
    }
  },
});
