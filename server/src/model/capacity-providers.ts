import { child, scalarText, type Node, type ObjectNode, type Property } from '../parse/tree';
import { elementValues } from './policy';
import { referencedIds, templateRoles, type RoleModel, type RoleReference } from './roles';
import { prop, propEntry, type ResourceView, type TemplateView } from './template';

/**
 * Lambda Managed Instances in a template: the capacity providers (CloudFormation `AWS::Lambda::CapacityProvider`,
 * SAM `AWS::Serverless::CapacityProvider`) and the functions attached to them.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-capacity-providers.html
 */
export interface CapacityProviderView {
  resource: ResourceView;
  sam: boolean;
  /** `CapacityProviderName` as written (a SAM resource cannot take it from Globals). */
  name: Node | undefined;
  /** The value that names the operator role: CFN `PermissionsConfig.CapacityProviderOperatorRoleArn`, SAM `OperatorRole`. */
  operatorRoleNode: Node | undefined;
  operatorRole: RoleReference;
  tags: TagView[];
}

export interface FunctionOnProviderView {
  resource: ResourceView;
  sam: boolean;
  /** The `CapacityProviderConfig` property of the function (or of SAM `Globals`). */
  config: Property;
  /**
   * The object holding the ARN and the per-environment settings: SAM's flat `CapacityProviderConfig`, CloudFormation's
   * `CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig`.
   */
  settings: ObjectNode | undefined;
  /** SAM `Arn` / CloudFormation `CapacityProviderArn`. */
  arn: Node | undefined;
  /** The capacity provider of this template the ARN names, if it names one. */
  provider: CapacityProviderView | undefined;
  tags: TagView[];
}

/** One tag: a CloudFormation `{Key, Value}` item or a SAM `Key: Value` map entry. */
export interface TagView {
  key: string;
  /** The literal value; undefined for an intrinsic (only deployment knows it). */
  value: string | undefined;
  /** Where a finding about this tag goes: its value, or the key when the value is missing. */
  node: Node;
}

export interface ManagedInstances {
  providers: CapacityProviderView[];
  functions: FunctionOnProviderView[];
  /** The functions on one of this template's capacity providers. */
  functionsOn(provider: CapacityProviderView): FunctionOnProviderView[];
  /** Each distinct operator role the template defines or SAM generates, with the capacity providers it operates. */
  operatorRoles: OperatorRoleView[];
}

export interface OperatorRoleView {
  role: RoleModel;
  providers: CapacityProviderView[];
}

const PROVIDER_TYPES = ['AWS::Lambda::CapacityProvider'];
const cache = new WeakMap<TemplateView, ManagedInstances>();

export function managedInstances(template: TemplateView): ManagedInstances {
  let model = cache.get(template);
  if (!model) cache.set(template, (model = build(template)));
  return model;
}

export function isCapacityProvider(resource: ResourceView | undefined): boolean {
  return resource?.type !== undefined && PROVIDER_TYPES.includes(resource.type);
}

/** Read from what the template deploys: SAM capacity providers and functions come through the SAM transform. */
function build(template: TemplateView): ManagedInstances {
  const roles = templateRoles(template);
  const providers = template.resourcesOfType(...PROVIDER_TYPES).map((resource): CapacityProviderView => ({
    resource,
    sam: resource.generatedBy !== undefined,
    name: prop(resource, 'CapacityProviderName'),
    operatorRoleNode: child(prop(resource, 'PermissionsConfig'), 'CapacityProviderOperatorRoleArn'),
    operatorRole: roles.operatorRole(resource),
    tags: tagsOf(resource),
  }));
  const functions: FunctionOnProviderView[] = [];
  for (const resource of template.resourcesOfType('AWS::Lambda::Function')) {
    const config = propEntry(resource, 'CapacityProviderConfig');
    if (!config) continue;
    const settingsNode = child(config.value, 'LambdaManagedInstancesCapacityProviderConfig');
    const settings = settingsNode?.type === 'object' ? settingsNode : undefined;
    const arn = child(settings, 'CapacityProviderArn');
    functions.push({ resource, sam: resource.generatedBy !== undefined, config, settings, arn, provider: providerNamed(arn, providers), tags: tagsOf(resource) });
  }
  const operatorRoles = new Map<string, OperatorRoleView>();
  for (const provider of providers) {
    const ref = provider.operatorRole;
    if (ref.kind !== 'role') continue;
    const known = operatorRoles.get(ref.role.id);
    if (known) known.providers.push(provider);
    else operatorRoles.set(ref.role.id, { role: ref.role, providers: [provider] });
  }
  return {
    providers,
    functions,
    functionsOn: (provider) => functions.filter((f) => f.provider === provider),
    operatorRoles: [...operatorRoles.values()],
  };
}

/** `!GetAtt CP.Arn`, `!Sub …${CP.Arn}…`, or a literal ARN ending in the literal name of one of the template's providers. */
function providerNamed(arn: Node | undefined, providers: CapacityProviderView[]): CapacityProviderView | undefined {
  if (!arn) return undefined;
  const ids = new Set(referencedIds(arn));
  const byId = providers.filter((p) => ids.has(p.resource.id));
  if (byId.length === 1) return byId[0];
  const text = scalarText(arn);
  const m = text === undefined ? null : /:capacity-provider:([a-zA-Z0-9_-]+)$/.exec(text);
  if (!m) return undefined;
  const byName = providers.filter((p) => scalarText(p.name) === m[1]);
  return byName.length === 1 ? byName[0] : undefined;
}

/** CloudFormation `Tags`, a list of `{Key, Value}` (the SAM transform turns SAM's map into one). */
function tagsOf(resource: ResourceView): TagView[] {
  const tags: TagView[] = [];
  for (const item of elementValues(prop(resource, 'Tags'))) {
    const key = scalarText(child(item, 'Key'));
    if (key === undefined || key === 'lambda:createdBy') continue;
    const value = child(item, 'Value');
    tags.push({ key, value: scalarText(value), node: value ?? child(item, 'Key')! });
  }
  return tags;
}
