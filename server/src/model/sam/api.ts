import { child, type Node } from '../../parse/tree';
import type { ResourceView } from '../template';
import { anchorOf, obj, ref, sub } from './synthetic';
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
  authorizerPermissions(t, api, child(child(props, 'Auth'), 'Authorizers'));
}

/** `AWS::Serverless::HttpApi` → `AWS::ApiGatewayV2::Api` (same id), with its Lambda authorizers' permissions. */
export function transformHttpApi(t: SamTransformer, api: ResourceView): void {
  const props = t.properties(api);
  const at = anchorKey(api);
  t.add(api.id, 'AWS::ApiGatewayV2::Api', obj(at, { Name: child(props, 'Name'), ProtocolType: 'HTTP' }), api, at, { entry: api.entry });
  authorizerPermissions(t, api, child(child(props, 'Auth'), 'Authorizers'));
}

function authorizerPermissions(t: SamTransformer, api: ResourceView, authorizers: Node | undefined): void {
  if (authorizers?.type !== 'object') return;
  for (const a of authorizers.properties) {
    const functionArn = child(a.value, 'FunctionArn');
    if (functionArn === undefined) continue;
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
    authorizerPermissions(t, { ...user, id }, child(auth, 'Authorizers'));
  }
}
