import { defineRule, keyRange, type Fix, type RuleContext } from '../../engine/rule';
import { closest, editDistance } from '../../iam/edit-distance';
import { awsManagedPolicy, isAwsManagedPolicyName, suggestManagedPolicyNames } from '../../iam/managed-policies';
import { STATEMENT_ELEMENTS, POLICY_ELEMENTS } from '../../iam/policy-grammar';
import { listText } from '../../model/execution-role-requirements';
import { samPolicyEntries } from '../../model/policy';
import { policyTemplate, policyTemplates, type PolicyTemplate } from '../../model/sam-policy-templates';
import { sub, ValueWriter } from '../../edits/value-writer';
import { prop } from '../../model/template';
import { hasDynamicReference } from '../../model/values';
import type { Node, Property } from '../../parse/tree';

const FUNCTION =
  'Transform: AWS::Serverless-2016-10-31\nResources:\n  Thumbnailer:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Policies:\n';

export default defineRule({
  meta: {
    id: 'sam/policy-template',
    severity: 'error',
    summary: 'SAM Policies entries must be known policy templates with their parameters, or AWS managed policy names',
    description:
      'In a SAM `Policies` list, a map with one key is a policy template (`- S3ReadPolicy: {BucketName: …}`), and a ' +
      'string is the name of an AWS managed policy. SAM rejects a template name it does not know, a template without ' +
      'all its parameters, and a parameterless template not written as `{}` (`- VPCAccessPolicy: {}`; ' +
      '`VPCAccessPolicy:` with no value is rejected, and a bare `- VPCAccessPolicy` is read as a managed policy name). ' +
      'It silently drops parameters a template does not have — usually a misspelt one, or a scope (`Prefix`) that the ' +
      'template never applies. A string that is not an AWS managed policy name is passed through unchanged and IAM ' +
      'rejects it: a customer managed policy must be written as its ARN, and a deprecated AWS managed policy ' +
      '(`AWSLambdaFullAccess`) cannot be attached to the new role SAM creates. Functions that set `Role` are left to ' +
      '`sam/policies-ignored` (SAM ignores their Policies).',
    source: 'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html',
    fix: 'safe',
    messages: {
      unknownTemplate: '"{{name}}" is not a SAM policy template: SAM rejects this Policies entry.',
      unknownTemplateDidYouMean: '"{{name}}" is not a SAM policy template: did you mean "{{suggestion}}"?',
      notAMap: 'Policy template {{name}} takes a map of parameter values ({{name}}: {{expected}}): SAM rejects {{written}}.',
      missingParameter: 'Policy template {{name}} requires {{parameters}}: SAM rejects it without.',
      unknownParameter: 'Policy template {{name}} has no parameter "{{parameter}}" ({{takes}}): SAM ignores it.',
      unknownParameterDidYouMean:
        'Policy template {{name}} has no parameter "{{parameter}}": did you mean "{{suggestion}}"? SAM ignores "{{parameter}}" and rejects the template without {{suggestion}}.',
      templateAsString:
        '"{{name}}" is a SAM policy template, but SAM reads a string as the name of an AWS managed policy, and none has that name: write it as a map, {{name}}: {{expected}}.',
      unknownManagedPolicy:
        '"{{name}}" is not an AWS managed policy: did you mean "{{suggestion}}"? SAM passes unknown names through unchanged and IAM rejects them.',
      deprecatedManagedPolicy:
        '{{name}} is a deprecated AWS managed policy: it can no longer be attached to new roles. Its replacement is {{successor}}.',
      notManagedPolicy:
        '"{{name}}" is not a current AWS managed policy name: SAM passes unknown names through unchanged and IAM rejects them (nor can a deprecated policy be attached to a new role). A customer managed policy must be written as its ARN.',
    },
    examples: {
      valid: [{ file: 'template.yaml', code: `${FUNCTION}        - S3ReadPolicy:\n            BucketName: uploads-bucket\n        - AWSXRayDaemonWriteAccess\n` }],
      invalid: [
        {
          file: 'template.yaml',
          code: `${FUNCTION}        - S3ReadPolicies:\n            BucketName: uploads-bucket\n`,
          fixed: `${FUNCTION}        - S3ReadPolicy:\n            BucketName: uploads-bucket\n`,
        },
      ],
    },
  },
  check(context) {
    const template = context.doc.template;
    if (!template) return;
    for (const r of template.writtenOfType('AWS::Serverless::Function', 'AWS::Serverless::StateMachine')) {
      if (prop(r, 'Role') !== undefined) continue;
      const policies = prop(r, 'Policies');
      const blockItems = new Set(policies?.type === 'array' && !policies.flow ? policies.items : []);
      for (const entry of samPolicyEntries(r)) {
        if (entry.kind === 'template' && entry.node.type === 'object') checkTemplate(context, entry.node.properties[0]);
        else if (entry.kind === 'managed' && entry.node.type === 'string') checkManaged(context, entry.node, blockItems.has(entry.node));
      }
    }
  },
});

/**
 * Lambda's deprecated managed policies: they can no longer be attached to new roles (so not to a role SAM creates).
 * https://docs.aws.amazon.com/lambda/latest/dg/access-control-identity-based.html
 */
const DEPRECATED: Record<string, string> = {
  AWSLambdaFullAccess: 'AWSLambda_FullAccess',
  AWSLambdaReadOnlyAccess: 'AWSLambda_ReadOnlyAccess',
};

const DOCUMENT_KEYS = new Set<string>([...POLICY_ELEMENTS, ...STATEMENT_ELEMENTS]);

function checkTemplate(context: RuleContext, entry: Property): void {
  const template = policyTemplate(entry.key);
  if (!template) {
    if (DOCUMENT_KEYS.has(entry.key)) return;
    const suggestions = nearest(entry.key, [...policyTemplates().keys()]);
    if (!suggestions.length) return context.report(keyRange(entry), 'unknownTemplate', { name: entry.key });
    // A rename is safe when it is the only candidate, a small slip, and the parameters written are the template's.
    const given = entry.value.type === 'object' ? entry.value.properties.map((p) => p.key).sort().join() : undefined;
    const fits = (name: string) => editDistance(entry.key.toLowerCase(), name.toLowerCase()) <= 3 && [...policyTemplate(name)!.parameters].sort().join() === given;
    const fixes = suggestions.map((s): Fix => ({ title: `Change to ${s}`, safe: suggestions.length === 1 && fits(s), edits: [context.fixer.renameKey(entry, s)] }));
    return context.report(keyRange(entry), 'unknownTemplateDidYouMean', { name: entry.key, suggestion: suggestions.join('" or "') }, fixes);
  }
  const value = entry.value;
  if (value.type === 'intrinsic') return;
  if (value.type !== 'object') {
    const fix = template.parameters.length === 0 ? [emptyMap(context, entry)] : [];
    return context.report(keyRange(entry), 'notAMap', { name: template.name, expected: expected(template), written: written(value) }, fix);
  }
  const given = value.properties.map((p) => p.key);
  const missing = template.parameters.filter((p) => !given.includes(p));
  const unknown = value.properties.filter((p) => !template.parameters.includes(p.key));
  for (const p of unknown) {
    const close = nearest(p.key, missing);
    // One unknown and one missing parameter: most likely meant for each other (`QueueArn` for `QueueName`), but the
    // value may not fit the parameter, so the rename is only a suggestion.
    const paired = close.length === 0 && unknown.length === 1 && missing.length === 1;
    const [suggestion, ...others] = paired ? missing : close;
    if (suggestion && others.length === 0) {
      missing.splice(missing.indexOf(suggestion), 1);
      context.report(keyRange(p), 'unknownParameterDidYouMean', { name: template.name, parameter: p.key, suggestion }, [
        { title: `Rename to ${suggestion}`, safe: !paired, edits: [context.fixer.renameKey(p, suggestion)] },
      ]);
    } else {
      const takes = template.parameters.length ? `it takes ${listText(template.parameters)}` : 'it takes none';
      context.report(keyRange(p), 'unknownParameter', { name: template.name, parameter: p.key, takes });
    }
  }
  if (missing.length) context.report(keyRange(entry), 'missingParameter', { name: template.name, parameters: listText(missing) });
}

function checkManaged(context: RuleContext, node: Node & { type: 'string' }, inBlockList: boolean): void {
  const name = node.value;
  if (name === '' || name.startsWith('arn:') || hasDynamicReference(name) || isAwsManagedPolicyName(name)) return;
  const template = policyTemplate(name);
  if (template) {
    const fix = template.parameters.length === 0 ? [asTemplate(context, node, name, inBlockList)] : [];
    return context.report(node, 'templateAsString', { name, expected: expected(template) }, fix);
  }
  const successor = DEPRECATED[name];
  if (successor) {
    const fix: Fix = { title: `Change to ${successor}`, safe: false, edits: [context.fixer.replaceScalar(node, successor)] };
    return context.report(node, 'deprecatedManagedPolicy', { name, successor }, [fix]);
  }
  // A different case or a path (`service-role/…`) is the same policy; a one-letter slip is safe to correct.
  const canonical = awsManagedPolicy(name)?.name ?? awsManagedPolicy(name.slice(name.lastIndexOf('/') + 1))?.name;
  const close = suggestManagedPolicyNames(name);
  const best = close.filter((s) => s.distance === close[0].distance);
  const suggestions = canonical ? [canonical] : best.map((s) => s.value);
  if (suggestions.length) {
    const safe = suggestions.length === 1 && (canonical !== undefined || best[0].distance <= 1);
    const fixes = suggestions.map((s): Fix => ({ title: `Change to ${s}`, safe, edits: [context.fixer.replaceScalar(node, s)] }));
    return context.report(node, 'unknownManagedPolicy', { name, suggestion: suggestions.join('" or "') }, fixes);
  }
  const arn = sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${name}`);
  const edit = { start: node.start, end: node.end, newText: new ValueWriter(context.fixer, context.doc.text).flow(arn, !inBlockList) };
  context.report(node, 'notManagedPolicy', { name }, [{ title: `Write it as the ARN of the customer managed policy ${name}`, safe: false, edits: [edit] }]);
}

/** The closest candidates, only those at the smallest distance. */
function nearest(text: string, candidates: readonly string[]): string[] {
  const found = closest(text, candidates);
  const distance = (c: string) => editDistance(text.toLowerCase(), c.toLowerCase());
  const best = Math.min(...found.map(distance));
  return found.filter((c) => distance(c) === best);
}

function expected(template: PolicyTemplate): string {
  return template.parameters.length ? `{${template.parameters.map((p) => `${p}: …`).join(', ')}}` : '{}';
}

function written(value: Node): string {
  if (value.type === 'null') return value.end === value.start ? 'an empty value' : `"${value.raw}"`;
  if (value.type === 'array') return 'a list';
  if (value.type === 'string') return value.value === '' ? 'an empty string' : 'a string';
  return value.type === 'number' || value.type === 'boolean' ? `"${value.raw}"` : 'this value';
}

/** `Template:` / `Template: null` → `Template: {}`. */
function emptyMap(context: RuleContext, entry: Property): Fix {
  const v = entry.value;
  const text = context.doc.text;
  const edit =
    v.start === v.end
      ? { start: text[entry.keyEnd] === ':' ? entry.keyEnd + 1 : v.start, end: text[entry.keyEnd] === ':' ? entry.keyEnd + 1 : v.end, newText: ' {}' }
      : { start: v.start, end: v.end, newText: '{}' };
  return { title: 'Write {} (the template takes no parameters)', safe: true, edits: [edit] };
}

/** `- VPCAccessPolicy` → `- VPCAccessPolicy: {}` (a map wherever the string stood). */
function asTemplate(context: RuleContext, node: Node, name: string, inBlockList: boolean): Fix {
  const newText = context.doc.format === 'json' ? `{${JSON.stringify(name)}: {}}` : inBlockList ? `${name}: {}` : `{${name}: {}}`;
  return { title: `Write it as the policy template ${name}: {}`, safe: true, edits: [{ start: node.start, end: node.end, newText }] };
}

