import type { Node, ObjectNode, Property } from '../parse/tree';
import { alternatives } from './policy';
import { referencedIds } from './roles';
import { propEntry, type ResourceView, type TemplateView } from './template';
import { isResolved, stringValues, type StringValue } from './values';

/**
 * An `AWS::Lambda::Permission`: one statement of the function's resource-based policy written as properties.
 * Lambda turns them into conditions (GetPolicy output, AddPermission reference): SourceArn → `ArnLike aws:SourceArn`, SourceAccount →
 * `StringEquals aws:SourceAccount`, PrincipalOrgID → `aws:PrincipalOrgID`, EventSourceToken →
 * `lambda:EventSourceToken`, FunctionUrlAuthType → `lambda:FunctionUrlAuthType`, InvokedViaFunctionUrl →
 * `lambda:InvokedViaFunctionUrl`.
 */
export interface LambdaPermission {
  resource: ResourceView;
  properties: ObjectNode;
  /** The `Principal:` property, when written. */
  principal?: Property;
}

const cache = new WeakMap<TemplateView, LambdaPermission[]>();

export function lambdaPermissions(template: TemplateView): LambdaPermission[] {
  let found = cache.get(template);
  if (!found) {
    found = template
      .resourcesOfType('AWS::Lambda::Permission')
      .filter((r) => r.properties !== undefined)
      .map((resource) => ({ resource, properties: resource.properties!, principal: propEntry(resource, 'Principal') }));
    cache.set(template, found);
  }
  return found;
}

/** The principal strings a permission can deploy with, resolved ones only: a parameter or `!Sub` is never judged. */
export function resolvedValues(node: Node | undefined): StringValue[] {
  return stringValues(node).filter((v) => isResolved(v.text));
}

/** A property is set when written with a value other than `!Ref AWS::NoValue` in at least one branch. */
export function isSet(resource: ResourceView, name: string): boolean {
  const p = propEntry(resource, name);
  return p !== undefined && p.value.type !== 'null' && alternatives(p.value).length > 0;
}

/** The resolved texts a property can take (`!If` branches each). */
export function texts(resource: ResourceView, name: string): string[] {
  return resolvedValues(propEntry(resource, name)?.value).map((v) => v.text);
}

/**
 * How a permission relates to function URLs (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html):
 * - `url-iam`: `lambda:InvokeFunctionUrl` with `FunctionUrlAuthType: AWS_IAM` — callers still sign with IAM;
 * - `url-public`: `lambda:InvokeFunctionUrl` with `FunctionUrlAuthType: NONE`, or `lambda:InvokeFunction` with
 *   `InvokedViaFunctionUrl: true` — the two statements a public (`AuthType: NONE`) URL needs;
 * - undefined otherwise.
 */
export function functionUrlScope(resource: ResourceView): 'url-iam' | 'url-public' | undefined {
  const actions = texts(resource, 'Action').map((a) => a.toLowerCase());
  if (actions.length !== 1) return undefined;
  const authTypes = texts(resource, 'FunctionUrlAuthType');
  if (actions[0] === 'lambda:invokefunctionurl' && authTypes.length > 0) {
    if (authTypes.every((t) => t === 'AWS_IAM')) return 'url-iam';
    if (authTypes.every((t) => t === 'NONE')) return 'url-public';
    return undefined;
  }
  const viaUrl = texts(resource, 'InvokedViaFunctionUrl');
  if (actions[0] === 'lambda:invokefunction' && viaUrl.length > 0 && viaUrl.every((t) => t.toLowerCase() === 'true')) return 'url-public';
  return undefined;
}

/**
 * Which function a `FunctionName` / `TargetFunctionArn` names, as a comparable key: the logical id it references,
 * or the literal text. Undefined when it cannot be told (a parameter, an import).
 */
export function functionKey(node: Node | undefined): string | undefined {
  const ids = [...new Set(referencedIds(node))];
  if (ids.length === 1) return `id:${ids[0]}`;
  if (ids.length > 1) return undefined;
  const values = resolvedValues(node);
  if (values.length !== 1) return undefined;
  // `my-fn`, `123456789012:my-fn` and `arn:aws:lambda:us-east-1:123456789012:function:my-fn` name one function.
  return `name:${values[0].text.replace(/^arn:[^:]+:lambda:[^:]*:\d{12}:function:/, '').replace(/^\d{12}:/, '')}`;
}
