import { child, property, scalarText, type Node } from '../../parse/tree';
import type { ResourceView } from '../template';
import { anchorOf, getAtt, obj, ref, sub } from './synthetic';
import { anchorKey, type SamTransformer } from './transform';

/**
 * `AWS::Serverless::Api` → `AWS::ApiGateway::RestApi` (same id) and a Lambda permission per Lambda authorizer
 * (samtranslator `model/api/api_generator.py` `_get_authorizer_permissions`): `apigateway.amazonaws.com` may invoke
 * the authorizer function for this API's authorizers.
 */
export function transformApi(t: SamTransformer, api: ResourceView): void {
  const props = t.properties(api);
  const at = anchorKey(api);
  t.add(api.id, 'AWS::ApiGateway::RestApi', obj(at, { Name: child(props, 'Name'), Policy: child(child(props, 'Auth'), 'ResourcePolicy') }), api, at, { entry: api.entry });
  authorizerPermissions(t, api, child(child(props, 'Auth'), 'Authorizers'), 'rest');
}

/** `AWS::Serverless::HttpApi` → `AWS::ApiGatewayV2::Api` (same id), with its Lambda authorizers' permissions. */
export function transformHttpApi(t: SamTransformer, api: ResourceView): void {
  const props = t.properties(api);
  const at = anchorKey(api);
  t.add(api.id, 'AWS::ApiGatewayV2::Api', obj(at, { Name: child(props, 'Name'), ProtocolType: 'HTTP' }), api, at, { entry: api.entry });
  authorizerPermissions(t, api, child(child(props, 'Auth'), 'Authorizers'), 'http');
}

/**
 * A REST API's Lambda authorizer gets a permission unless `DisableFunctionDefaultPermissions: true`; an HTTP API's
 * only with `EnableFunctionDefaultPermissions: true` (SAM docs, `sam-property-api-lambdatokenauthorizer` and
 * `sam-property-httpapi-lambdaauthorizer`).
 */
function authorizerPermissions(t: SamTransformer, api: ResourceView, authorizers: Node | undefined, kind: 'rest' | 'http'): void {
  if (authorizers?.type !== 'object') return;
  for (const a of authorizers.properties) {
    const functionArn = child(a.value, 'FunctionArn');
    if (functionArn === undefined) continue;
    const flag = scalarText(child(a.value, kind === 'rest' ? 'DisableFunctionDefaultPermissions' : 'EnableFunctionDefaultPermissions'));
    if (kind === 'rest' ? flag === 'true' : flag !== 'true') continue;
    const at = anchorOf(a);
    t.add(
      `${api.id}${a.key}AuthorizerPermission`,
      'AWS::Lambda::Permission',
      obj(at, {
        Action: 'lambda:InvokeFunction',
        FunctionName: functionArn,
        Principal: 'apigateway.amazonaws.com',
        SourceArn: sub(at, 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*', { __ApiId__: ref(at, api.id) }),
      }),
      api,
      at,
    );
  }
}

/** The APIs SAM creates for `Api`/`HttpApi` events that name none: `ServerlessRestApi`, `ServerlessHttpApi`. */
export function implicitApis(t: SamTransformer): void {
  for (const [id, user] of t.implicit) {
    if (t.has(id)) continue;
    const at = anchorKey(user);
    const globals = id === 'ServerlessRestApi' ? 'Api' : 'HttpApi';
    const auth = child(child(child(t.root, 'Globals'), globals), 'Auth');
    t.add(id, id === 'ServerlessRestApi' ? 'AWS::ApiGateway::RestApi' : 'AWS::ApiGatewayV2::Api', obj(at, {}), user, at);
    authorizerPermissions(t, { ...user, id }, child(auth, 'Authorizers'), id === 'ServerlessRestApi' ? 'rest' : 'http');
  }
}

/**
 * `AWS::Serverless::WebSocketApi` → `AWS::ApiGatewayV2::Api` (same id, `WEBSOCKET`), a permission per route for
 * `apigateway.amazonaws.com` (`<Api><Route>Permission`, scoped to `<api>/<stage>/<route key>`), and one for a
 * `CUSTOM` authorizer function unless the API invokes it with a role of its own (`InvokeRole`).
 */
export function transformWebSocketApi(t: SamTransformer, api: ResourceView): void {
  const props = t.properties(api);
  const at = anchorKey(api);
  t.add(api.id, 'AWS::ApiGatewayV2::Api', obj(at, { Name: child(props, 'Name'), ProtocolType: 'WEBSOCKET' }), api, at, { entry: api.entry });
  const stage = scalarText(child(props, 'StageName')) ?? 'default';
  const routes = child(props, 'Routes');
  if (routes?.type === 'object') {
    for (const route of routes.properties) {
      const functionArn = child(route.value, 'FunctionArn');
      if (functionArn === undefined) continue;
      const name = route.key.replace(/[^A-Za-z0-9]/g, '');
      const rat = anchorOf(route);
      t.add(
        `${api.id}${name.charAt(0).toUpperCase()}${name.slice(1)}Permission`,
        'AWS::Lambda::Permission',
        obj(rat, {
          Action: 'lambda:InvokeFunction',
          FunctionName: functionArn,
          Principal: 'apigateway.amazonaws.com',
          SourceArn: sub(rat, `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${api.id}.ApiId}/${stage}/${route.key}`),
        }),
        api,
        rat,
      );
    }
  }
  const auth = property(props, 'Auth');
  const authArn = child(auth?.value, 'AuthArn');
  if (auth && authArn !== undefined && scalarText(child(auth.value, 'AuthType')) === 'CUSTOM' && child(auth.value, 'InvokeRole') === undefined) {
    const aat = anchorOf(auth);
    t.add(
      `${api.id}AuthorizerPermission`,
      'AWS::Lambda::Permission',
      obj(aat, {
        Action: 'lambda:InvokeFunction',
        FunctionName: authArn,
        Principal: 'apigateway.amazonaws.com',
        SourceArn: sub(aat, 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*', { __ApiId__: ref(aat, api.id) }),
      }),
      api,
      aat,
    );
  }
}

/**
 * `AWS::Serverless::GraphQLApi` → `AWS::AppSync::GraphQLApi` (same id) and, for each `AWS_LAMBDA` authorizer (the
 * main `Auth` and its `Additional` ones, counted from 1), the permission SAM's connector gives `appsync.amazonaws.com`.
 */
export function transformGraphQlApi(t: SamTransformer, api: ResourceView): void {
  const props = t.properties(api);
  const at = anchorKey(api);
  t.add(api.id, 'AWS::AppSync::GraphQLApi', obj(at, { Name: child(props, 'Name') }), api, at, { entry: api.entry });
  const auth = child(props, 'Auth');
  const additional = child(auth, 'Additional');
  const auths = [auth, ...(additional?.type === 'array' ? additional.items : [])];
  let n = 0;
  for (const a of auths) {
    if (scalarText(child(a, 'Type')) !== 'AWS_LAMBDA') continue;
    const uri = child(child(a, 'LambdaAuthorizer'), 'AuthorizerUri');
    if (uri === undefined) continue;
    const aat = anchorOf(a!);
    t.add(
      `${api.id}ToLambdaAuthConnector${++n}WriteLambdaPermission`,
      'AWS::Lambda::Permission',
      obj(aat, {
        Action: 'lambda:InvokeFunction',
        FunctionName: uri,
        Principal: 'appsync.amazonaws.com',
        SourceArn: sub(aat, 'arn:${AWS::Partition}:appsync:${AWS::Region}:${AWS::AccountId}:apis/${SourceResourceId}', { SourceResourceId: getAtt(aat, api.id, 'ApiId') }),
      }),
      api,
      aat,
    );
  }
}
