import { defineRule } from '../../engine/rule';
import { functionUrlScope, isSet, lambdaPermissions, resolvedValues, texts } from '../../model/lambda-permission';
import { propEntry } from '../../model/template';

const permission = (principal: string, extra = '') =>
  'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  PartnerInvokePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: partner-webhook\n      Action: lambda:InvokeFunction\n      Principal: ' +
  principal +
  '\n' +
  extra;

export default defineRule({
  meta: {
    id: 'lambda/permission-public',
    severity: 'warning',
    summary: 'A Lambda permission or layer permission must not grant every AWS account',
    description:
      '`AWS::Lambda::Permission` with `Principal: "*"` and none of `SourceArn`, `SourceAccount`, `PrincipalOrgID` (or ' +
      '`EventSourceToken`) adds a statement that lets anyone with AWS credentials, in any account, call the action on ' +
      'the function: with `lambda:InvokeFunction`, invoke it through the Invoke API. Name the account, or scope the ' +
      'grant with `PrincipalOrgID` or a source.\n\n' +
      'Function URL permissions are not reported here: `lambda:InvokeFunctionUrl` with `FunctionUrlAuthType: AWS_IAM` ' +
      'still requires callers to sign requests with IAM credentials their own policies allow; the two statements a ' +
      'public URL needs (`lambda:InvokeFunctionUrl` with `FunctionUrlAuthType: NONE`, and `lambda:InvokeFunction` with ' +
      '`InvokedViaFunctionUrl: true`) are reported by `lambda/url-auth-none`, with the URL they open — also those that ' +
      'SAM generates for a `FunctionUrlConfig` with `AuthType: NONE`.\n\n' +
      '`AWS::Lambda::LayerVersionPermission` with `Principal: "*"` and no `OrganizationId` is reported too: it shares the ' +
      'layer version with every AWS account ("make sure that you really do want all AWS accounts to have usage ' +
      'permission to this layer"). Publishing a public layer on purpose is legitimate; suppress the finding on that ' +
      'resource (`Metadata: lambda-iam-lint: ignore: [lambda/permission-public]`).',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html',
    messages: {
      public: 'Principal "*" without SourceArn, SourceAccount or PrincipalOrgID lets anyone in any AWS account call {{action}} on this function.',
      publicLayer:
        'Principal "*" without OrganizationId shares this layer version with every AWS account: add OrganizationId to share it within your organization, or name the account.',
    },
    examples: {
      valid: [
        { file: 'template.yaml', code: permission('"*"', '      PrincipalOrgID: o-a1b2c3d4e5\n') },
        { file: 'template.yaml', code: permission('"111122223333"') },
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ReportsUrlPermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: reports\n      Action: lambda:InvokeFunctionUrl\n      Principal: "*"\n      FunctionUrlAuthType: AWS_IAM\n',
        },
      ],
      invalid: [
        { file: 'template.yaml', code: permission('"*"') },
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  SharedLayerPermission:\n    Type: AWS::Lambda::LayerVersionPermission\n    Properties:\n      Action: lambda:GetLayerVersion\n      LayerVersionArn: arn:aws:lambda:us-east-1:111122223333:layer:shared-utils:3\n      Principal: "*"\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    if (!doc.template) return;
    for (const { resource, principal } of lambdaPermissions(doc.template)) {
      if (functionUrlScope(resource) !== undefined) continue;
      if (['SourceArn', 'SourceAccount', 'PrincipalOrgID', 'EventSourceToken'].some((name) => isSet(resource, name))) continue;
      const actions = texts(resource, 'Action');
      for (const p of resolvedValues(principal?.value)) {
        if (p.text === '*') report(p.node, 'public', { action: actions.length === 1 ? actions[0] : 'the action' });
      }
    }
    for (const layer of doc.template.resourcesOfType('AWS::Lambda::LayerVersionPermission')) {
      if (isSet(layer, 'OrganizationId')) continue;
      for (const p of resolvedValues(propEntry(layer, 'Principal')?.value)) {
        if (p.text === '*') report(p.node, 'publicLayer');
      }
    }
  },
});
