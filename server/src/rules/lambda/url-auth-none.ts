import { defineRule, type Fix } from '../../engine/rule';
import type { Fixer } from '../../engine/fixer';
import { functionKey, functionUrlScope, isSet, lambdaPermissions, texts, type LambdaPermission } from '../../model/lambda-permission';
import { prop, propEntry, type ResourceView, type TemplateView } from '../../model/template';
import { stringValues, isResolved, type StringValue } from '../../model/values';
import type { Node } from '../../parse/tree';

const samFunction = (authType: string) =>
  'Transform: AWS::Serverless-2016-10-31\nResources:\n  StatusFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: status.handler\n      CodeUri: src/\n      FunctionUrlConfig:\n        AuthType: ' +
  authType +
  '\n';

const PAIR = 'lambda:InvokeFunctionUrl (FunctionUrlAuthType NONE) and lambda:InvokeFunction (InvokedViaFunctionUrl true)';

export default defineRule({
  meta: {
    id: 'lambda/url-auth-none',
    // Whether the template has any function URL decides what its permissions are reported for.
    scope: 'document',
    severity: 'warning',
    summary: 'A function URL with AuthType NONE lets anyone on the internet invoke the function',
    description:
      'With `AuthType: NONE` "Lambda doesn\'t perform any authentication" of the requests to the URL: it is public, and ' +
      'the function must authenticate and authorize callers itself (and is billed for every request, including abusive ' +
      'ones). `AWS_IAM` requires SigV4-signed requests from principals that IAM allows.\n\n' +
      'Reported on `AWS::Lambda::Url` and on SAM `FunctionUrlConfig` (also from `Globals`). A public URL needs two ' +
      `permissions granted to \`"*"\`: ${PAIR} — "starting in October 2025, new function URLs will require both". SAM ` +
      'generates both (`<Function>UrlPublicPermissions` and `<Function>URLInvokeAllowPublicAccess`); for an ' +
      '`AWS::Lambda::Url` the message says which of them the template does not grant, since the URL would then answer ' +
      '403. Those permissions themselves are not reported by `lambda/permission-public`; when the template defines no ' +
      'function URL (it is created elsewhere), they are reported here, since they open any URL with `AuthType: NONE`.\n\n' +
      'The quick fix switches the URL to `AWS_IAM`; it is a suggestion, not safe: it changes who can call the URL, and ' +
      'callers must then sign their requests.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
    fix: 'suggestion',
    messages: {
      none: 'Function URL with AuthType NONE: anyone on the internet can invoke this function without signing the request. Use AWS_IAM unless the function authenticates its callers itself.',
      noneMissingPermissions:
        'Function URL with AuthType NONE: anyone on the internet can invoke this function. The template also does not grant {{missing}} to "*": a new NONE URL needs both ' +
        PAIR +
        ', or it answers 403.',
      samNone:
        'FunctionUrlConfig with AuthType NONE: anyone on the internet can invoke this function (SAM grants "*" ' +
        PAIR +
        '). Use AWS_IAM unless the function authenticates its callers itself.',
      publicPermission:
        'This permission grants "*" invocation through the function URL: with AuthType NONE, anyone on the internet can invoke the function without signing the request.',
    },
    examples: {
      valid: [{ file: 'template.yaml', code: samFunction('AWS_IAM') }],
      invalid: [{ file: 'template.yaml', code: samFunction('NONE'), fixed: samFunction('AWS_IAM') }],
    },
  },
  check({ doc, report, fixer }) {
    const template = doc.template;
    if (!template) return;
    const permissions = lambdaPermissions(template);
    // With a URL in the template, its AuthType is the finding; its permissions are reported only without one.
    let templateHasUrl = false;
    for (const url of template.resourcesOfType('AWS::Lambda::Url')) {
      templateHasUrl = true;
      for (const v of stringValues(prop(url, 'AuthType'))) {
        if (v.text !== 'NONE') continue;
        const missing = missingPublicPermissions(template, url, permissions);
        if (url.generatedBy) report(v.node, 'samNone', {}, switchToIam(fixer, v));
        else if (missing.length) report(v.node, 'noneMissingPermissions', { missing: missing.join(' and ') }, switchToIam(fixer, v));
        else report(v.node, 'none', {}, switchToIam(fixer, v));
      }
    }
    if (templateHasUrl) return;
    for (const permission of permissions) {
      if (functionUrlScope(permission.resource) !== 'url-public') continue;
      if (!stringValues(permission.principal?.value).some((p) => p.text === '*')) continue;
      const marker = propEntry(permission.resource, 'FunctionUrlAuthType') ?? propEntry(permission.resource, 'InvokedViaFunctionUrl');
      if (marker) report(marker.value, 'publicPermission');
    }
  },
});

function switchToIam(fixer: Fixer, v: StringValue): Fix[] {
  return v.literal ? [{ title: 'Change AuthType to AWS_IAM', safe: false, edits: [fixer.replaceScalar(v.node, 'AWS_IAM')] }] : [];
}

/** Which of the two public statements no permission of the template grants for this URL's function. */
function missingPublicPermissions(template: TemplateView, url: ResourceView, permissions: LambdaPermission[]): string[] {
  const target = functionNames(template, prop(url, 'TargetFunctionArn'));
  // A URL on an alias is granted through the alias's ARN; do not guess which permission names it.
  const anyFunction = isSet(url, 'Qualifier');
  const candidates = permissions.filter((p) => {
    if (!mayBe(p.resource, 'Principal', (t) => t === '*')) return false;
    return anyFunction || maySameFunction(target, functionNames(template, prop(p.resource, 'FunctionName')));
  });
  const grants = (action: string, condition: (p: ResourceView) => boolean) =>
    candidates.some((p) => mayBe(p.resource, 'Action', (t) => ['*', 'lambda:*', action].includes(t.toLowerCase())) && condition(p.resource));
  const missing: string[] = [];
  if (!grants('lambda:invokefunctionurl', (r) => !isSet(r, 'FunctionUrlAuthType') || mayBe(r, 'FunctionUrlAuthType', (t) => t === 'NONE'))) missing.push('lambda:InvokeFunctionUrl');
  if (!grants('lambda:invokefunction', () => true)) missing.push('lambda:InvokeFunction');
  return missing;
}

/** The keys a function reference is known by: the logical id it references and the function's literal name. */
function functionNames(template: TemplateView, node: Node | undefined): { id?: string; name?: string } {
  const key = functionKey(node);
  if (key === undefined) return {};
  if (key.startsWith('name:')) return { name: key.slice(5) };
  const id = key.slice(3);
  const resource = template.resource(id);
  const names = resource ? texts(resource, 'FunctionName') : [];
  return { id, name: names.length === 1 ? names[0] : undefined };
}

/** False only when both references are known and name different functions. */
function maySameFunction(a: { id?: string; name?: string }, b: { id?: string; name?: string }): boolean {
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  if (a.name !== undefined && b.name !== undefined) return a.name === b.name;
  return true;
}

/** Whether a property can take a value the test accepts; an unresolved value may be anything. */
function mayBe(resource: ResourceView, name: string, test: (text: string) => boolean): boolean {
  return stringValues(prop(resource, name)).some((v) => !isResolved(v.text) || test(v.text));
}
