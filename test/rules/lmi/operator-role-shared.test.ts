import { ruleTester } from '../../rule-tester';
import { CFN, cfnProvider, operatorRole, SAM, samFunction, samProvider } from './templates';

const basic = '      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n';
const cfnFunction = (role: string) =>
  `  OrdersFunction:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      Code:\n        ZipFile: "def handler(event, context): return event"\n      MemorySize: 2048\n      Role: ${role}\n      CapacityProviderConfig:\n        LambdaManagedInstancesCapacityProviderConfig:\n          CapacityProviderArn: !GetAtt CapacityProvider.Arn\n`;

ruleTester('lmi/operator-role-shared', {
  valid: [
    { name: 'SAM generates separate roles', file: 'template.yaml', code: SAM + samProvider() + samFunction() },
    {
      name: 'separate roles',
      file: 'template.yaml',
      code: CFN + operatorRole() + cfnProvider() + operatorRole('FunctionRole', { managed: '      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n' }) + cfnFunction('!GetAtt FunctionRole.Arn'),
    },
    { name: 'an operator role from outside the template', file: 'template.yaml', code: SAM + samProvider('CapacityProvider', '      OperatorRole: arn:aws:iam::111122223333:role/lambda-operator\n') + samFunction() },
  ],
  invalid: [
    {
      name: 'CloudFormation: one role for both',
      file: 'template.yaml',
      code: CFN + operatorRole('SharedRole', { managed: basic }) + cfnProvider('CapacityProvider', '«!GetAtt SharedRole.Arn»') + cfnFunction('!GetAtt SharedRole.Arn'),
      messages: ['shared'],
    },
    {
      name: 'SAM: the function names the operator role',
      file: 'template.yaml',
      code: SAM + operatorRole('SharedRole', { managed: basic }) + samProvider('CapacityProvider', '      OperatorRole: «!GetAtt SharedRole.Arn»\n') + samFunction('OrdersFunction', '      CapacityProviderConfig:\n        Arn: !GetAtt CapacityProvider.Arn\n', '      Role: !GetAtt SharedRole.Arn\n'),
      messages: ['shared'],
    },
  ],
});
