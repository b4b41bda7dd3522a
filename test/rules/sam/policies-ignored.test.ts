import { ruleTester } from '../../rule-tester';

const fn = (properties: string, type = 'AWS::Serverless::Function') =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  App:\n    Type: ${type}\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n${properties}`;
const POLICIES = '      Policies:\n        - S3ReadPolicy:\n            BucketName: uploads-bucket\n';

ruleTester('sam/policies-ignored', {
  valid: [
    { name: 'Policies alone', file: 'template.yaml', code: fn(POLICIES) },
    { name: 'Role alone', file: 'template.yaml', code: fn('      Role: arn:aws:iam::123456789012:role/app-role\n') },
    { name: 'a Role only in one branch', file: 'template.yaml', code: fn(`      Role: !If [UseSharedRole, arn:aws:iam::123456789012:role/app-role, !Ref AWS::NoValue]\n${POLICIES}`) },
    { name: 'a CloudFormation function has no Policies property to ignore', file: 'template.yaml', code: 'Resources:\n  App:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: arn:aws:iam::123456789012:role/app-role\n' },
  ],
  invalid: [
    { name: 'Role and Policies', file: 'template.yaml', code: fn(`      Role: !GetAtt AppRole.Arn\n${POLICIES.replace('Policies', '«Policies»')}`), messages: ['ignored'] },
    { name: 'a state machine', file: 'template.yaml', code: fn(`      Role: arn:aws:iam::123456789012:role/sfn-role\n      «Policies»: AWSLambdaRole\n`, 'AWS::Serverless::StateMachine'), messages: ['rejected'] },
    { name: 'a Role in both branches', file: 'template.yaml', code: fn(`      Role: !If [UseSharedRole, arn:aws:iam::123456789012:role/a, arn:aws:iam::123456789012:role/b]\n${POLICIES.replace('Policies', '«Policies»')}`), messages: ['ignored'] },
  ],
});
