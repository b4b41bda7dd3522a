import { ruleTester } from '../../rule-tester';

const managed = (statement: string) =>
  `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${statement}`;

ruleTester('iam/principal-in-identity-policy', {
  valid: [
    { name: 'identity policy without Principal', file: 'template.yaml', code: managed('          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n') },
    {
      name: 'a standalone policy with Principal is a resource policy',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}',
    },
    {
      name: 'a role trust policy has a Principal',
      file: 'template.yaml',
      code: 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n',
    },
  ],
  invalid: [
    {
      name: 'managed policy: Principal map removed with its lines',
      file: 'template.yaml',
      code: managed('          - Effect: Allow\n            «Principal»:\n              AWS: arn:aws:iam::123456789012:root\n            Action: s3:GetObject\n            Resource: "*"\n'),
      messages: ['principal'],
      output: managed('          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n'),
    },
    {
      name: 'NotPrincipal in a role inline policy; the first key of a list item',
      file: 'template.yaml',
      code:
        'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - «NotPrincipal»: {AWS: "123456789012"}\n                Effect: Deny\n                Action: s3:*\n                Resource: "*"\n',
      messages: ['principal'],
      output:
        'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Deny\n                Action: s3:*\n                Resource: "*"\n',
    },
    {
      name: 'SAM Policies inline document',
      file: 'template.yaml',
      code:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              «Principal»: '*'\n              Action: s3:GetObject\n              Resource: arn:aws:s3:::b/*\n",
      messages: ['principal'],
      output:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: arn:aws:s3:::b/*\n",
    },
    {
      name: 'JSON template, Principal beside other keys',
      file: 'template.json',
      code: '{"Resources": {"P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "Roles": ["r"], "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", «"Principal"»: {"Service": "lambda.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "*"}]}}}}}',
      messages: ['principal'],
      output: '{"Resources": {"P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "Roles": ["r"], "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}}}}',
    },
  ],
});
