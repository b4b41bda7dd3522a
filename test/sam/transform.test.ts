// The SAM transform on its own: what it generates for the SAM features the corpus test does not pin down by name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { templatePermissions } from '../../server/src/cli/permissions';
import { lint } from '../../server/src/engine/lint';
import { buildModel } from '../../server/src/model/document';
import { prop } from '../../server/src/model/template';
import { stringValues } from '../../server/src/model/values';

const HEAD = 'Transform: AWS::Serverless-2016-10-31\n';
const FN = (id: string, extra = '') => `  ${id}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n${extra}`;

function resources(text: string): Map<string, { type: string | undefined; text: (name: string) => string[] }> {
  const template = buildModel('template.yaml', text)!.template!;
  return new Map(template.resources.map((r) => [r.id, { type: r.type, text: (name: string) => stringValues(prop(r, name)).map((v) => v.text) }]));
}

test('Globals maps merge key by key: a function overriding one key keeps the others', () => {
  const text = `${HEAD}Globals:\n  Function:\n    Environment:\n      Variables:\n        A: "1"\n        B: "2"\n    Tags:\n      team: core\nResources:\n${FN('F', '      Environment:\n        Variables:\n          B: "3"\n')}`;
  const template = buildModel('template.yaml', text)!.template!;
  const fn = template.resource('F')!;
  const vars = (prop(fn, 'Environment') as { type: string; properties: { key: string; value: { properties: { key: string; value: unknown }[] } }[] }).properties[0].value.properties;
  assert.deepEqual(
    vars.map((p) => [p.key, stringValues(p.value as never)[0].text]),
    [
      ['A', '1'],
      ['B', '3'],
    ],
  );
});

test('WebSocket API: a permission per route and for a CUSTOM authorizer without InvokeRole', () => {
  const ws = (auth: string) =>
    `${HEAD}Resources:\n${FN('Connect')}${FN('Auth')}  Chat:\n    Type: AWS::Serverless::WebSocketApi\n    Properties:\n      RouteSelectionExpression: $request.body.action\n${auth}      Routes:\n        $connect:\n          FunctionArn: !GetAtt Connect.Arn\n`;
  const r = resources(ws('      Auth:\n        AuthType: CUSTOM\n        AuthArn: !GetAtt Auth.Arn\n'));
  assert.equal(r.get('Chat')?.type, 'AWS::ApiGatewayV2::Api');
  assert.deepEqual(r.get('ChatConnectPermission')?.text('SourceArn'), ['arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Chat.ApiId}/default/$connect']);
  assert.deepEqual(r.get('ChatAuthorizerPermission')?.text('Principal'), ['apigateway.amazonaws.com']);
  const withRole = resources(ws('      Auth:\n        AuthType: CUSTOM\n        AuthArn: !GetAtt Auth.Arn\n        InvokeRole: arn:aws:iam::123456789012:role/invoker\n'));
  assert.equal(withRole.has('ChatAuthorizerPermission'), false);
});

test('Lambda authorizers: REST APIs get a permission unless disabled, HTTP APIs only when enabled', () => {
  const api = (type: string, flag: string) =>
    `${HEAD}Resources:\n${FN('Authorizer')}  Web:\n    Type: AWS::Serverless::${type}\n    Properties:\n      StageName: prod\n      Auth:\n        Authorizers:\n          Lambda:\n            FunctionArn: !GetAtt Authorizer.Arn\n${flag}`;
  assert.equal(resources(api('Api', '')).has('WebLambdaAuthorizerPermission'), true);
  assert.equal(resources(api('Api', '            DisableFunctionDefaultPermissions: true\n')).has('WebLambdaAuthorizerPermission'), false);
  assert.equal(resources(api('HttpApi', '')).has('WebLambdaAuthorizerPermission'), false);
  assert.equal(resources(api('HttpApi', '            EnableFunctionDefaultPermissions: true\n')).has('WebLambdaAuthorizerPermission'), true);
});

test('GraphQL API: each AWS_LAMBDA authorizer may be invoked by AppSync', () => {
  const text = `${HEAD}Resources:\n${FN('Authorizer')}  Graph:\n    Type: AWS::Serverless::GraphQLApi\n    Properties:\n      SchemaInline: "type Query { a: String }"\n      Auth:\n        Type: AWS_LAMBDA\n        LambdaAuthorizer:\n          AuthorizerUri: !GetAtt Authorizer.Arn\n`;
  const [authorizer] = templatePermissions('template.yaml', text);
  assert.deepEqual(authorizer.invokers, ['appsync.amazonaws.com']);
});

test('Role: !If with AWS::NoValue: SAM generates the role for that branch', () => {
  const text = `${HEAD}Parameters:\n  RoleArn:\n    Type: String\nConditions:\n  Own: !Equals [!Ref RoleArn, ""]\nResources:\n${FN('F', '      Role: !If [Own, !Ref AWS::NoValue, !Ref RoleArn]\n')}`;
  const [f] = templatePermissions('template.yaml', text);
  assert.equal(f.role, 'FRole');
  assert.equal(f.assumableByLambda, true);
});

test('Tracing: Disabled, empty or a parameter defaulting to Disabled adds no X-Ray policy', () => {
  const xray = (tracing: string, params = '') => templatePermissions('template.yaml', `${HEAD}${params}Resources:\n${FN('F', `      Tracing: ${tracing}\n`)}`)[0].actions!.some((a) => a.fullName.startsWith('xray:'));
  assert.equal(xray('Active'), true);
  assert.equal(xray('Disabled'), false);
  assert.equal(xray(''), false);
  assert.equal(xray('!Ref Mode', 'Parameters:\n  Mode:\n    Type: String\n    Default: Disabled\n'), false);
  assert.equal(xray('!Ref Mode', 'Parameters:\n  Mode:\n    Type: String\n    Default: Active\n'), true);
});

test('pull events: on-failure destinations and Glue schema registries are granted to the generated role', () => {
  const text = `${HEAD}Resources:\n${FN(
    'F',
    '      Events:\n        Stream:\n          Type: MSK\n          Properties:\n            Stream: arn:aws:kafka:us-east-1:123456789012:cluster/c/1\n            Topics: [t]\n            StartingPosition: LATEST\n' +
      '            DestinationConfig:\n              OnFailure:\n                Type: S3\n                Destination: arn:aws:s3:::failures\n' +
      '            SchemaRegistryConfig:\n              SchemaRegistryURI: !Sub arn:${AWS::Partition}:glue:${AWS::Region}:123456789012:registry/orders\n              EventRecordFormat: JSON\n',
  )}`;
  const actions = templatePermissions('template.yaml', text)[0].actions!.map((a) => a.fullName);
  for (const a of ['s3:PutObject', 's3:ListBucket', 'glue:GetRegistry', 'glue:GetSchemaVersion', 'kafka:DescribeCluster']) assert.ok(actions.includes(a), a);
});

test('a connector end written with its SAM type is read as the resource SAM deploys', () => {
  const text = `${HEAD}Resources:\n${FN('F')}  Web:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n  C:\n    Type: AWS::Serverless::Connector\n    Properties:\n      Source:\n        Type: AWS::Serverless::Api\n        ResourceId: !Ref Web\n        Qualifier: prod/GET/x\n      Destination:\n        Type: AWS::Serverless::Function\n        Arn: !GetAtt F.Arn\n      Permissions: [Write]\n`;
  assert.deepEqual(templatePermissions('template.yaml', text)[0].invokers, ['apigateway.amazonaws.com']);
});

test('dynamic references are unknown values everywhere: no finding on them', () => {
  const text =
    `${HEAD}Resources:\n` +
    FN('F', '      Role: "{{resolve:ssm:/app/role-arn}}"\n') +
    FN('G', '      Policies:\n        - "{{resolve:ssm:/app/policy}}"\n') +
    '  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n' +
    '            Action: "{{resolve:ssm:/app/action}}"\n            Resource: "{{resolve:secretsmanager:app:SecretString:arn}}"\n' +
    '  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !Ref F\n      Principal: "{{resolve:ssm:/app/principal}}"\n      SourceAccount: "{{resolve:ssm-secure:/app/account}}"\n';
  const findings = lint({ name: 'template.yaml', text }).findings.filter((f) => f.severity !== 'info');
  assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), []);
  assert.deepEqual(stringValues(buildModel('template.yaml', text)!.template!.resource('Perm')!.properties!.properties.find((p) => p.key === 'SourceAccount')!.value).map((v) => [v.text, v.literal]), [['${?}', false]]);
});
