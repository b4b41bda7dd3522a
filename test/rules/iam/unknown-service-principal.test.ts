import { ruleTester } from '../../rule-tester';

const trust = (service: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": ${service}}, "Action": "sts:AssumeRole"}]}`;
const role = (service: string) =>
  `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: ${service}\n            Action: sts:AssumeRole\n`;

ruleTester('iam/unknown-service-principal', {
  valid: [
    { code: trust('["lambda.amazonaws.com", "edgelambda.amazonaws.com"]') },
    { name: 'regional and China forms', code: trust('["logs.eu-west-1.amazonaws.com", "ec2.amazonaws.com.cn"]') },
    { name: 'Alexa principals live under amazon.com', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "alexa-appkit.amazon.com"}, "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Condition": {"StringEquals": {"lambda:EventSourceToken": "amzn1.ask.skill.1234"}}}]}' },
    { name: 'unlisted principals of known services are not guessed at', code: trust('["pipes.amazonaws.com", "delivery.logs.amazonaws.com", "bedrock-agentcore.amazonaws.com"]') },
    { name: 'unlisted names close to nothing', code: trust('"mynewservice.amazonaws.com"') },
    { name: 'other partitions\' domains', code: trust('"ec2.c2s.ic.gov"') },
    { name: 'the LMI scaler principal is real (its misuse is lmi/operator-role-trust\'s)', code: trust('"scaler.lambda.amazonaws.com"') },
    { name: 'wildcards are invalid-principal\'s', code: trust('"*.amazonaws.com"') },
    { name: 'substitutions are not judged', file: 'template.yaml', code: role('!Sub states.${AWS::Region}.amazonaws.com') },
    { name: 'a resolved !Sub is fine', file: 'template.yaml', code: role('!Sub lambda.amazonaws.com') },
  ],
  invalid: [
    { name: 'typo', code: trust('«"lamda.amazonaws.com"»'), messages: ['typo'], output: trust('"lambda.amazonaws.com"') },
    { name: 'transposition', code: trust('["lambda.amazonaws.com", «"evnets.amazonaws.com"»]'), messages: ['typo'], output: trust('["lambda.amazonaws.com", "events.amazonaws.com"]') },
    { name: 'amazon.com for amazonaws.com', code: trust('«"lambda.amazon.com"»'), messages: ['wrongDomain'], output: trust('"lambda.amazonaws.com"') },
    { name: 'a misspelt domain', code: trust('«"lambda.amazonws.com"»'), messages: ['wrongDomain'], output: trust('"lambda.amazonaws.com"') },
    { name: 'upper case', code: trust('«"Lambda.amazonaws.com"»'), messages: ['case'], output: trust('"lambda.amazonaws.com"') },
    { name: 'spaces', code: trust('«" lambda.amazonaws.com"»'), messages: ['whitespace'], output: trust('"lambda.amazonaws.com"') },
    { name: 'the service name alone', code: trust('«"lambda"»'), messages: ['format'], output: trust('"lambda.amazonaws.com"') },
    { name: 'an ARN under Service', code: trust('«"arn:aws:iam::123456789012:root"»'), messages: ['format'] },
    { name: 'an account id under Service (a YAML number)', file: 'template.yaml', code: role('«123456789012»'), messages: ['format'] },
    { name: 'China typo keeps the domain', code: trust('«"lamda.amazonaws.com.cn"»'), messages: ['typo'], output: trust('"lambda.amazonaws.com.cn"') },
    {
      name: 'several candidates: suggestions, not a safe fix',
      code: trust('«"aprflow.amazonaws.com"»'),
      messages: ['typo'],
      output: trust('"airflow.amazonaws.com"'),
      safe: false,
    },
    {
      name: 'YAML role trust policy',
      file: 'template.yaml',
      code: role('«lamda.amazonaws.com»'),
      messages: ['typo'],
      output: role('lambda.amazonaws.com'),
    },
    {
      name: 'SAM AssumeRolePolicyDocument, list item',
      file: 'template.yaml',
      code:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service:\n                - lambda.amazonaws.com\n                - «'edgelambda.amazon.com'»\n            Action: sts:AssumeRole\n",
      messages: ['wrongDomain'],
      output:
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service:\n                - lambda.amazonaws.com\n                - 'edgelambda.amazonaws.com'\n            Action: sts:AssumeRole\n",
    },
    { name: 'a resolved !Sub is judged, but not rewritten', file: 'template.yaml', code: role('«!Sub lamda.amazonaws.com»'), messages: ['typo'] },
    {
      name: 'resource-based policy',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": «"sns.amazon.com"»}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}}}]}',
      messages: ['wrongDomain'],
      output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}}}]}',
    },
  ],
});
