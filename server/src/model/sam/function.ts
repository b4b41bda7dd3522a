import { awsManagedPolicy } from '../../iam/managed-policies';
import { child, property, scalarText, type Node, type ObjectNode, type Property } from '../../parse/tree';
import { elementValues } from '../policy';
import { policyTemplateDocument } from '../sam-policy-templates';
import type { ResourceView } from '../template';
import { transformEvents } from './events';
import { anchorOf, arr, entry, getAtt, obj, policyDocument, ref, statement, str, sub, type Anchor, type Value } from './synthetic';
import { anchorKey, type SamTransformer } from './transform';

/** SAM-only properties of `AWS::Serverless::Function`: everything else passes to `AWS::Lambda::Function` as written. */
const SAM_ONLY = new Set([
  'CodeUri',
  'InlineCode',
  'ImageUri',
  'Policies',
  'Events',
  'AutoPublishAlias',
  'AutoPublishCodeSha256',
  'AutoPublishAliasAllProperties',
  'DeploymentPreference',
  'DeadLetterQueue',
  'Tracing',
  'EventInvokeConfig',
  'FunctionUrlConfig',
  'ProvisionedConcurrencyConfig',
  'AssumeRolePolicyDocument',
  'PermissionsBoundary',
  'RolePath',
  'PropagateTags',
  'Tags',
  'CapacityProviderConfig',
  'VersionDeletionPolicy',
  'VersionDescription',
  'Connectors',
  'Role',
]);

/** What a function's generated role gets from its features: managed policies and inline policies. */
export class RoleBuilder {
  readonly managed: Value[] = [];
  readonly inline: ObjectNode[] = [];
  readonly unreadable: string[] = [];

  constructor(private readonly at: Anchor) {}

  /** An AWS managed policy by name, as SAM writes it: `arn:${AWS::Partition}:iam::aws:policy/<path><name>`. */
  awsManaged(name: string, at: Anchor = this.at): void {
    const path = awsManagedPolicy(name)?.path ?? '/';
    this.managed.push(sub(at, `arn:\${AWS::Partition}:iam::aws:policy${path}${name}`));
  }

  policy(name: string, document: Node, at: Anchor = this.at): void {
    this.inline.push(obj(at, { PolicyName: name, PolicyDocument: document }));
  }

  statements(name: string, at: Anchor, statements: Node[]): void {
    this.policy(name, policyDocument(at, statements), at);
  }
}

/** samtranslator `SamFunction.to_cloudformation()`: the function, its role, URL, alias, and what its events make. */
export function transformFunction(t: SamTransformer, fn: ResourceView): void {
  const at = anchorKey(fn);
  const props = t.properties(fn);
  const get = (name: string): Node | undefined => child(props, name);
  const id = fn.id;

  // `Role: !If [C, !Ref AWS::NoValue, arn]`: SAM generates the role for the branch without one (samtranslator
  // `_construct_role` with `make_conditional`), and the function's Role picks between the two.
  const written = property(props, 'Role');
  const conditional = written && noValueBranch(written.value);
  const explicitRole = conditional ? undefined : written;
  const role = new RoleBuilder(at);
  const alias = aliasOf(t, fn, get('AutoPublishAlias'), property(props, 'ProvisionedConcurrencyConfig'), at);
  // Events and URLs invoke the alias when SAM publishes one.
  const target = alias ? ref(at, alias) : ref(at, id);

  const cfn: Property[] = (props?.properties ?? []).filter((p) => !SAM_ONLY.has(p.key));
  const generatedArn = getAtt(at, `${id}Role`, 'Arn');
  const roleValue = conditional ? { ...conditional.node, argument: arr(at, conditional.items.map((n) => (n === conditional.noValue ? generatedArn : n))) } : explicitRole ? explicitRole.value : generatedArn;
  cfn.push(entry('Role', roleValue, written));
  const tracing = tracingOf(t, property(props, 'Tracing'));
  if (tracing) cfn.push(entry('TracingConfig', obj(anchorOf(tracing), { Mode: tracing.value })));
  const dlq = property(props, 'DeadLetterQueue');
  if (dlq) cfn.push(entry('DeadLetterConfig', obj(anchorOf(dlq), { TargetArn: child(dlq.value, 'TargetArn') })));
  const tags = tagList(property(props, 'Tags'), at);
  cfn.push(entry('Tags', tags));
  const capacity = property(props, 'CapacityProviderConfig');
  if (capacity) cfn.push(entry('CapacityProviderConfig', capacityProviderConfig(capacity), capacity));
  t.add(id, 'AWS::Lambda::Function', { ...obj(at, {}), properties: cfn }, fn, at, { entry: fn.entry });

  // samtranslator SamFunction._construct_role and model/iam.py.
  role.awsManaged(get('DurableConfig') !== undefined ? 'AWSLambdaBasicDurableExecutionRolePolicy' : 'AWSLambdaBasicExecutionRole');
  if (tracing) role.awsManaged('AWSXrayWriteOnlyAccess', anchorOf(tracing));
  const vpc = property(props, 'VpcConfig');
  if (vpc) role.awsManaged('AWSLambdaVPCAccessExecutionRole', anchorOf(vpc));
  if (dlq) {
    const kind = scalarText(child(dlq.value, 'Type'));
    role.statements('DeadLetterQueuePolicy', anchorOf(dlq), [statement(anchorOf(dlq), [kind === 'SNS' ? 'sns:Publish' : 'sqs:SendMessage'], child(dlq.value, 'TargetArn'))]);
  }
  eventInvokeConfig(t, fn, property(props, 'EventInvokeConfig'), target, role);
  policies(fn, property(props, 'Policies'), role);
  transformEvents(t, fn, child(fn.properties, 'Events'), target, role);
  functionUrl(t, fn, property(props, 'FunctionUrlConfig'), alias);

  if (!explicitRole) {
    const trust = property(props, 'AssumeRolePolicyDocument');
    const roleProps = obj(at, {
        AssumeRolePolicyDocument: trust ? trust.value : trustPolicy(at, 'lambda.amazonaws.com'),
        ManagedPolicyArns: arr(at, role.managed),
        Policies: role.inline.length ? arr(at, role.inline) : undefined,
        PermissionsBoundary: get('PermissionsBoundary'),
        Path: get('RolePath'),
        Tags: tags,
      });
    // The trust policy's key is where the user wrote it (the function, or Globals), so findings and fixes land there.
    if (trust) roleProps.properties[0] = trust;
    t.add(`${id}Role`, 'AWS::IAM::Role', roleProps, fn, at, { unreadable: role.unreadable });
  }
}

/** `!If [C, a, b]` with one branch `!Ref AWS::NoValue`: that branch and the If's parts. */
function noValueBranch(value: Node): { node: Node & { type: 'intrinsic' }; items: Node[]; noValue: Node } | undefined {
  if (value.type !== 'intrinsic' || value.fn !== 'Fn::If' || value.argument.type !== 'array' || value.argument.items.length !== 3) return undefined;
  const items = value.argument.items;
  const noValue = items.slice(1).find((n) => n.type === 'intrinsic' && n.fn === 'Ref' && scalarText(n.argument) === 'AWS::NoValue');
  return noValue ? { node: value, items, noValue } : undefined;
}

/**
 * `Tracing`, unless it is empty or `Disabled` (also through a parameter's default, which SAM resolves here): then
 * SAM writes no `TracingConfig` and adds no X-Ray policy.
 */
function tracingOf(t: SamTransformer, tracing: Property | undefined): Property | undefined {
  if (!tracing || tracing.value.type === 'null') return undefined;
  const v = tracing.value;
  const param = v.type === 'intrinsic' && v.fn === 'Ref' ? scalarText(v.argument) : undefined;
  const text = param !== undefined ? scalarText(child(child(child(t.root, 'Parameters'), param), 'Default')) : scalarText(v);
  return text === 'Disabled' || text === '' ? undefined : tracing;
}

export function trustPolicy(at: Anchor, service: string): ObjectNode {
  return policyDocument(at, [obj(at, { Effect: 'Allow', Principal: obj(at, { Service: arr(at, [service]) }), Action: arr(at, ['sts:AssumeRole']) })]);
}

/**
 * A SAM function's or state machine's `Policies` (samtranslator `resource_policies.py`): managed policy names and ARNs
 * go to `ManagedPolicyArns`, documents and policy templates become inline policies of the generated role.
 */
export function policies(resource: ResourceView, written: Property | undefined, role: RoleBuilder): void {
  if (!written) return;
  elementValues(written.value).forEach((node, i) => {
    const name = `${resource.id}RolePolicy${i}`;
    if (node.type === 'object' && child(node, 'Statement') === undefined && node.properties.length === 1) {
      const [p] = node.properties;
      const document = policyTemplateDocument(p.key, p.value, anchorOf(p));
      if (document) role.policy(name, document, anchorOf(p));
      else role.unreadable.push(`the unknown SAM policy template ${p.key}`);
    } else if (node.type === 'object') role.policy(name, node, anchorOf(node));
    else role.managed.push(node);
  });
}

/** `AutoPublishAlias`: SAM publishes a version and points an alias at it; events then invoke the alias. */
function aliasOf(t: SamTransformer, fn: ResourceView, name: Node | undefined, provisioned: Property | undefined, at: Anchor): string | undefined {
  const text = scalarText(name);
  if (name === undefined) return undefined;
  const aliasId = `${fn.id}Alias${text ?? ''}`;
  const versionId = `${fn.id}Version`;
  t.add(versionId, 'AWS::Lambda::Version', obj(at, { FunctionName: ref(at, fn.id) }), fn, at);
  t.add(aliasId, 'AWS::Lambda::Alias', obj(at, { Name: name, FunctionName: ref(at, fn.id), FunctionVersion: getAtt(at, versionId, 'Version'), ProvisionedConcurrencyConfig: provisioned }), fn, at);
  return aliasId;
}

/** SAM `Tags` (a map) as CloudFormation's list, with the `lambda:createdBy: SAM` tag SAM adds. */
function tagList(tags: Property | undefined, at: Anchor): Node {
  const items: Node[] = [obj(at, { Key: 'lambda:createdBy', Value: 'SAM' })];
  if (tags?.value.type === 'object') for (const p of tags.value.properties) items.push(obj(anchorOf(p), { Key: str(anchorOf(p), p.key), Value: p.value }));
  return arr(tags ? anchorOf(tags) : at, items);
}

/** SAM's flat `CapacityProviderConfig` as CloudFormation's `LambdaManagedInstancesCapacityProviderConfig`. */
function capacityProviderConfig(config: Property): Node {
  if (config.value.type !== 'object') return config.value;
  const inner: Property[] = config.value.properties.map((p) => (p.key === 'Arn' ? { ...p, key: 'CapacityProviderArn' } : p));
  const at = anchorOf(config);
  return obj(at, { LambdaManagedInstancesCapacityProviderConfig: { ...obj(anchorOf(config.value), {}), properties: inner, start: config.value.start, end: config.value.end } });
}

const DESTINATION_ACTIONS: Record<string, string[]> = {
  SQS: ['sqs:SendMessage'],
  SNS: ['sns:publish'],
  EventBridge: ['events:PutEvents'],
  Lambda: ['lambda:InvokeFunction'],
  S3Bucket: ['s3:PutObject', 's3:ListBucket'],
};

/** `EventInvokeConfig`: the config resource, and a policy per destination (SAM creates the queue or topic when none is named). */
function eventInvokeConfig(t: SamTransformer, fn: ResourceView, config: Property | undefined, target: Node, role: RoleBuilder): void {
  if (config?.value.type !== 'object') return;
  const at = anchorOf(config);
  const id = `${fn.id}EventInvokeConfig`;
  const destinations = child(config.value, 'DestinationConfig');
  for (const outcome of ['OnSuccess', 'OnFailure']) {
    const d = property(destinations, outcome);
    if (!d) continue;
    const kind = scalarText(child(d.value, 'Type'));
    const actions = kind ? DESTINATION_ACTIONS[kind] : undefined;
    if (!actions) continue;
    let destination: Value = child(d.value, 'Destination');
    const dAt = anchorOf(d);
    if (destination === undefined && (kind === 'SQS' || kind === 'SNS')) {
      const created = `${id}${outcome}${kind === 'SQS' ? 'Queue' : 'Topic'}`;
      t.add(created, kind === 'SQS' ? 'AWS::SQS::Queue' : 'AWS::SNS::Topic', obj(dAt, {}), fn, dAt);
      destination = kind === 'SQS' ? getAtt(dAt, created, 'Arn') : ref(dAt, created);
    }
    if (destination === undefined) continue;
    const resources: Value[] = kind === 'S3Bucket' ? [sub(dAt, '${Bucket}/*', { Bucket: destination }), destination] : [destination];
    const statements = kind === 'S3Bucket' ? [statement(dAt, ['s3:PutObject'], resources[0]), statement(dAt, ['s3:ListBucket'], resources[1])] : [statement(dAt, actions, destination)];
    role.statements(`${id}${outcome}${kind}Policy`, dAt, statements);
  }
  t.add(id, 'AWS::Lambda::EventInvokeConfig', obj(at, { FunctionName: target, DestinationConfig: destinations }), fn, at);
}

/** `FunctionUrlConfig`: the URL, and with `AuthType: NONE` the two permissions a public URL needs. */
function functionUrl(t: SamTransformer, fn: ResourceView, config: Property | undefined, alias: string | undefined): void {
  if (config?.value.type !== 'object') return;
  const at = anchorOf(config);
  const authType = child(config.value, 'AuthType');
  const qualifier = alias ? getAtt(at, alias, 'Name') : undefined;
  t.add(
    `${fn.id}Url`,
    'AWS::Lambda::Url',
    obj(at, { TargetFunctionArn: ref(at, fn.id), Qualifier: qualifier, AuthType: authType, Cors: child(config.value, 'Cors'), InvokeMode: child(config.value, 'InvokeMode') }),
    fn,
    at,
  );
  if (scalarText(authType) !== 'NONE') return;
  const where = anchorOf(authType!);
  const functionName = alias ? ref(where, alias) : ref(where, fn.id);
  t.add(`${fn.id}UrlPublicPermissions`, 'AWS::Lambda::Permission', obj(where, { Action: 'lambda:InvokeFunctionUrl', FunctionName: functionName, Principal: '*', FunctionUrlAuthType: 'NONE' }), fn, where);
  t.add(
    `${fn.id}URLInvokeAllowPublicAccess`,
    'AWS::Lambda::Permission',
    obj(where, { Action: 'lambda:InvokeFunction', FunctionName: functionName, Principal: '*', InvokedViaFunctionUrl: { type: 'boolean', value: true, raw: 'true', style: 'plain', ...where, generated: true } }),
    fn,
    where,
  );
}
