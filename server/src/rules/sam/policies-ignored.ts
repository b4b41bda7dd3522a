import { defineRule, keyRange } from '../../engine/rule';
import { alternatives, isNoValue } from '../../model/policy';
import { propEntry } from '../../model/template';

const FUNCTION =
  'Transform: AWS::Serverless-2016-10-31\nResources:\n  Resizer:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n';

export default defineRule({
  meta: {
    id: 'sam/policies-ignored',
    severity: 'warning',
    summary: 'SAM ignores the Policies of a function that names its own Role (and rejects them on a state machine)',
    description:
      'SAM turns `Policies` into policies of the execution role it generates. When a function sets `Role`, SAM ' +
      'generates no role and drops `Policies` without a word: the permissions you wrote there are never granted, and ' +
      'the function fails at run time with AccessDenied. For a state machine SAM refuses the template instead ("Specify ' +
      'either \'Role\' or \'Policies\' (but not both at the same time)"). Put those permissions on the role you name ' +
      '(its `Policies` or `ManagedPolicyArns`), or remove `Role` and let SAM generate the role.',
    source: 'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-policies',
    messages: {
      ignored: 'SAM ignores Policies because {{resource}} sets Role: these permissions are never granted. Attach them to the role {{resource}} names instead.',
      rejected: 'SAM rejects a state machine that sets both Role and Policies: attach these permissions to the role {{resource}} names, or remove Role.',
    },
    examples: {
      valid: [{ file: 'template.yaml', code: `${FUNCTION}      Policies:\n        - S3ReadPolicy:\n            BucketName: uploads-bucket\n` }],
      invalid: [
        {
          file: 'template.yaml',
          code: `${FUNCTION}      Role: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/resizer-role\n      Policies:\n        - S3ReadPolicy:\n            BucketName: uploads-bucket\n`,
        },
      ],
    },
  },
  check(context) {
    const template = context.doc.template;
    if (!template) return;
    for (const r of template.writtenOfType('AWS::Serverless::Function', 'AWS::Serverless::StateMachine')) {
      const role = propEntry(r, 'Role');
      const policies = propEntry(r, 'Policies');
      if (!role || !policies) continue;
      // `Role: !If [cond, arn, !Ref AWS::NoValue]`: in one branch SAM does generate the role, with these Policies.
      const branches = role.value.type === 'intrinsic' && role.value.fn === 'Fn::If' ? alternatives(role.value) : [role.value];
      const conditional = role.value.type === 'intrinsic' && role.value.fn === 'Fn::If' && branches.length < 2;
      if (conditional || (role.value.type === 'intrinsic' && isNoValue(role.value)) || role.value.type === 'null') continue;
      context.report(keyRange(policies), r.type === 'AWS::Serverless::StateMachine' ? 'rejected' : 'ignored', { resource: r.id });
    }
  },
});
