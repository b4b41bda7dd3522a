import { defineRule, type Fix } from '../../engine/rule';
import type { Fixer } from '../../engine/fixer';
import { catalog } from '../../iam/catalog';
import { INVOKER_PRINCIPAL_CONFUSIONS, invokerPrincipal } from '../../iam/lambda-invokers';
import { lambdaPermissions, resolvedValues } from '../../model/lambda-permission';
import { propEntry } from '../../model/template';
import type { StringValue } from '../../model/values';

const permission = (principal: string) =>
  'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  UploadsBucket:\n    Type: AWS::S3::Bucket\n  UploadsInvokePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: thumbnailer\n      Action: lambda:InvokeFunction\n      Principal: ' +
  principal +
  '\n      SourceArn: !GetAtt UploadsBucket.Arn\n      SourceAccount: !Ref AWS::AccountId\n';

/** AddLayerVersionPermission: `\d{12}|\*|arn:(aws[a-zA-Z-]*):iam::\d{12}:root`. */
const LAYER_PRINCIPAL = /^(?:\d{12}|\*|arn:aws[a-zA-Z-]*:iam::\d{12}:root)$/;

export default defineRule({
  meta: {
    id: 'lambda/permission-principal',
    severity: 'error',
    summary: 'A Lambda permission principal must be an account id, an IAM ARN, a known service principal or "*"',
    description:
      '`Principal` of `AWS::Lambda::Permission` is a plain string: "The AWS service, AWS account, IAM user, or IAM role ' +
      'that invokes the function" — a 12-digit account id, an IAM user or role ARN (`arn:aws:iam::111122223333:role/…`), ' +
      'a service principal (`sns.amazonaws.com`), or `*`. A misspelt service principal (`s3.amazon.com`, ' +
      '`lamda.amazonaws.com`) is accepted by CloudFormation and then never matches the service, so the trigger fails ' +
      'with an access error at run time. The Alexa principals `alexa-appkit.amazon.com` and ' +
      '`alexa-connectedhome.amazon.com` are valid.\n\n' +
      'Service principals are checked against the catalogue (regional forms such as `logs.us-east-1.amazonaws.com` and ' +
      'China `.amazonaws.com.cn` spellings included). A `….amazonaws.com` name close to no known principal is left ' +
      'alone: AWS adds services faster than any list. The did-you-mean fix is safe when there is exactly one candidate.\n\n' +
      '`AWS::Lambda::LayerVersionPermission` accepts only an account id, `arn:aws:iam::<account>:root` or `*`.',
    source: 'https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html',
    fix: 'safe',
    messages: {
      unknownServicePrincipal: '"{{principal}}" is not a known service principal: did you mean {{suggestions}}?',
      invalid:
        '"{{principal}}" is not a principal Lambda accepts: use an account id (12 digits), an IAM user or role ARN, a service principal such as s3.amazonaws.com, or "*".{{detail}}',
      invalidLayerPrincipal: '"{{principal}}" cannot be granted a layer: use an account id (12 digits), arn:aws:iam::<account>:root, or "*" (with OrganizationId for an organization).',
    },
    examples: {
      valid: [
        { file: 'template.yaml', code: permission('s3.amazonaws.com') },
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  PartnerInvokePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: partner-webhook\n      Action: lambda:InvokeFunction\n      Principal: arn:aws:iam::111122223333:role/partner-invoker\n',
        },
      ],
      invalid: [{ file: 'template.yaml', code: permission('s3.amazon.com'), fixed: permission('s3.amazonaws.com') }],
    },
  },
  check({ doc, report, fixer }) {
    if (!doc.template) return;
    for (const { principal } of lambdaPermissions(doc.template)) {
      for (const p of resolvedValues(principal?.value)) {
        const kind = invokerPrincipal(p.text);
        if (kind.kind === 'public' || kind.kind === 'account' || kind.kind === 'arn') continue;
        if (kind.kind === 'service') {
          if (kind.record) continue;
          const confusion = INVOKER_PRINCIPAL_CONFUSIONS[p.text.toLowerCase()];
          const suggestions = confusion ? [confusion] : catalog().suggest('servicePrincipal', p.text).map((s) => s.value);
          // A well-formed name close to nothing known may be a service newer than the catalogue.
          if (suggestions.length === 0) continue;
          const fixes = replacements(fixer, p, suggestions, suggestions.length === 1 && !confusion);
          report(p.node, 'unknownServicePrincipal', { principal: p.text, suggestions: suggestions.map((s) => `"${s}"`).join(' or ') }, fixes);
          continue;
        }
        const trimmed = p.text.trim();
        if (trimmed !== p.text && trimmed !== '' && invokerPrincipal(trimmed).kind !== 'other') {
          report(p.node, 'invalid', { principal: p.text, detail: ' Remove the surrounding whitespace.' }, replacements(fixer, p, [trimmed], true));
          continue;
        }
        const bare = catalog().servicePrincipal(`${p.text}.amazonaws.com`);
        const suggestions = bare && /^[a-z0-9-]+$/i.test(p.text) ? [bare.name] : [];
        report(p.node, 'invalid', { principal: p.text, detail: kind.arnError ? ` ${kind.arnError}` : '' }, replacements(fixer, p, suggestions, false));
      }
    }
    for (const layer of doc.template.resourcesOfType('AWS::Lambda::LayerVersionPermission')) {
      for (const p of resolvedValues(propEntry(layer, 'Principal')?.value)) {
        if (!LAYER_PRINCIPAL.test(p.text)) report(p.node, 'invalidLayerPrincipal', { principal: p.text });
      }
    }
  },
});

function replacements(fixer: Fixer, value: StringValue, suggestions: string[], safe: boolean): Fix[] {
  if (!value.literal) return [];
  return suggestions.map((s) => ({ title: `Change to "${s}"`, safe, edits: [fixer.replaceScalar(value.node, s)] }));
}
