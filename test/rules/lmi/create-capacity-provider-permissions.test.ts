import { ruleTester } from '../../rule-tester';
import { CFN, cfnProvider, operatorRole, SAM, samFunction, samProvider } from './templates';

const policy = (...statements: string[]) => `{"Version": "2012-10-17", "Statement": [${statements.join(', ')}]}`;
const create = '{"Effect": "Allow", "Action": «"lambda:CreateCapacityProvider"», "Resource": "arn:aws:lambda:us-east-1:111122223333:capacity-provider:production-trusted"}';
const plain = (s: string) => s.replace(/[«»]/g, '');
const passRole = (service = 'lambda.amazonaws.com') =>
  `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/lambda-operator", "Condition": {"StringEquals": {"iam:PassedToService": "${service}"}}}`;
const slr =
  '{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::111122223333:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda", "Condition": {"StringEquals": {"iam:AWSServiceName": "lambda.amazonaws.com"}}}';
const addedPassRole = '{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/OPERATOR_ROLE_NAME", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}';
const addedSlr =
  '{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::*:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda", "Condition": {"StringEquals": {"iam:AWSServiceName": "lambda.amazonaws.com"}}}';

const platformRole = (statements: string) =>
  `  PlatformRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::111122223333:role/ci\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: capacity-providers\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n${statements}`;
const createYaml = '              - Effect: Allow\n                Action: «lambda:CreateCapacityProvider»\n                Resource: "*"\n';
const slrYaml =
  "              - Effect: Allow\n                Action: iam:CreateServiceLinkedRole\n                Resource: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda\n                Condition:\n                  StringEquals:\n                    iam:AWSServiceName: lambda.amazonaws.com\n";

ruleTester('lmi/create-capacity-provider-permissions', {
  valid: [
    { name: 'all three permissions', code: policy(plain(create), passRole(), slr) },
    { name: 'lambda:* is not written for capacity providers', code: policy('{"Effect": "Allow", "Action": "lambda:*", "Resource": "*"}') },
    {
      name: 'as AWSLambda_FullAccess grants them',
      code: policy(
        '{"Effect": "Allow", "Action": ["lambda:*CapacityProvider*"], "Resource": "*"}',
        '{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}',
        '{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::*:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda", "Condition": {"StringEquals": {"iam:AWSServiceName": "lambda.amazonaws.com"}}}',
      ),
    },
    {
      name: 'a Deny of CreateCapacityProvider is no grant',
      code: policy('{"Effect": "Deny", "Action": "lambda:CreateCapacityProvider", "Resource": "*"}'),
    },
  ],
  invalid: [
    {
      name: 'no iam:PassRole: a statement with a role placeholder is added',
      code: policy(create, slr),
      messages: ['missingPassRole'],
      output: policy(plain(create), slr, addedPassRole),
    },
    {
      name: 'iam:PassRole for EC2 does not pass the operator role to Lambda',
      code: policy(create, passRole('ec2.amazonaws.com'), slr),
      messages: ['missingPassRole'],
      output: policy(plain(create), passRole('ec2.amazonaws.com'), slr, addedPassRole),
    },
    {
      name: 'no iam:CreateServiceLinkedRole',
      code: policy(create, passRole()),
      messages: ['missingServiceLinkedRole'],
      output: policy(plain(create), passRole(), addedSlr),
    },
    {
      name: 'neither: two findings; the first fix of each is applied',
      code: policy(create.replace('«"lambda:CreateCapacityProvider"»', '««"lambda:CreateCapacityProvider"»»')),
      messages: ['missingPassRole', 'missingServiceLinkedRole'],
      output: policy(plain(create), addedPassRole),
    },
    {
      name: "in a template: PassRole on the capacity providers' operator roles",
      file: 'template.yaml',
      code: CFN + operatorRole() + cfnProvider() + platformRole(createYaml + slrYaml),
      messages: ['missingPassRole'],
      output:
        CFN +
        operatorRole() +
        cfnProvider() +
        platformRole(
          plain(createYaml) +
            slrYaml +
            '              - Effect: Allow\n                Action: iam:PassRole\n                Resource: !GetAtt OperatorRole.Arn\n                Condition:\n                  StringEquals:\n                    iam:PassedToService: lambda.amazonaws.com\n',
        ),
    },
    {
      name: 'in a SAM template: the operator role SAM generates, and the service-linked role with !Sub',
      file: 'template.yaml',
      code:
        SAM +
        samProvider() +
        platformRole(
          createYaml +
            '              - Effect: Allow\n                Action: iam:PassRole\n                Resource: !GetAtt CapacityProviderOperatorRole.Arn\n                Condition:\n                  StringEquals:\n                    iam:PassedToService: lambda.amazonaws.com\n',
        ),
      messages: ['missingServiceLinkedRole'],
      output:
        SAM +
        samProvider() +
        platformRole(
          plain(createYaml) +
            '              - Effect: Allow\n                Action: iam:PassRole\n                Resource: !GetAtt CapacityProviderOperatorRole.Arn\n                Condition:\n                  StringEquals:\n                    iam:PassedToService: lambda.amazonaws.com\n' +
            slrYaml,
        ),
    },
    {
      name: 'in a SAM function policy, next to a generated role',
      file: 'template.yaml',
      code:
        SAM +
        samFunction(
          'PlatformFunction',
          '',
          "      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: [«lambda:CreateCapacityProvider», lambda:GetCapacityProvider]\n              Resource: !Sub 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:capacity-provider:dev-sandbox'\n" +
            slrYaml.replace(/^ {2}/gm, ''),
        ),
      messages: ['missingPassRole'],
      output:
        SAM +
        samFunction(
          'PlatformFunction',
          '',
          "      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: [lambda:CreateCapacityProvider, lambda:GetCapacityProvider]\n              Resource: !Sub 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:capacity-provider:dev-sandbox'\n" +
            slrYaml.replace(/^ {2}/gm, '') +
            '            - Effect: Allow\n              Action: iam:PassRole\n              Resource: arn:aws:iam::*:role/OPERATOR_ROLE_NAME\n              Condition:\n                StringEquals:\n                  iam:PassedToService: lambda.amazonaws.com\n',
        ),
    },
  ],
});
