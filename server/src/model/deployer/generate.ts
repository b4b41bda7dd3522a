import { catalog } from '../../iam/catalog';
import { child, itemsOf, scalarText, type Node } from '../../parse/tree';
import { managedInstances } from '../capacity-providers';
import { referencedIds, templateRoles, type RoleReference } from '../roles';
import { prop, type ResourceView, type TemplateView } from '../template';
import { handlerPermissions } from './handler-permissions';

/** Where the stack is deployed: `*` where the caller does not say. */
export interface DeployTarget {
  partition: string;
  region: string;
  account: string;
  /** The stack name; `*` when unknown (names CloudFormation generates then match any stack). */
  stackName: string;
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface DeployerPolicy {
  /** One document, or several when one would exceed the managed-policy size quota. */
  documents: PolicyDocument[];
  /** Things the reader should know: roles that come from parameters, resource types without handler data, splits. */
  notes: string[];
  /** The template's roles by the service they are passed to, and its capacity providers (ARN patterns). */
  passedRoles: Map<string, string[]>;
  capacityProviders: string[];
}

/** IAM's managed-policy quota, counted without whitespace. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
export const MANAGED_POLICY_SIZE = 6144;

const SAM_TRANSFORM = 'Serverless-2016-10-31';

/**
 * What `sam deploy` / CloudFormation calls with the deployer's own credentials on its stack: change sets, and the
 * stack's state while it waits. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-template.html
 */
const CLOUDFORMATION_ACTIONS = [
  'cloudformation:CreateChangeSet',
  'cloudformation:DescribeChangeSet',
  'cloudformation:ExecuteChangeSet',
  'cloudformation:DeleteChangeSet',
  'cloudformation:ListChangeSets',
  'cloudformation:DescribeStacks',
  'cloudformation:DescribeStackEvents',
  'cloudformation:DescribeStackResource',
  'cloudformation:DescribeStackResources',
  'cloudformation:ListStackResources',
  'cloudformation:GetTemplate',
  'cloudformation:GetTemplateSummary',
  'cloudformation:ValidateTemplate',
];

/** Actions scoped by their own statements, never through a handler list. */
const SCOPED_SEPARATELY = new Set(['iam:passrole', 'iam:createservicelinkedrole', 'lambda:passcapacityprovider']);

/** The service-linked role a handler creates, by resource type (`iam:AWSServiceName`). */
const SERVICE_LINKED_ROLES: Record<string, string> = { 'AWS::Lambda::CapacityProvider': 'lambda.amazonaws.com' };

/** Per CloudFormation type: the property that names the resource, the IAM resource type it is, and its ARNs. */
interface OwnArn {
  nameProperty: string;
  service: string;
  resourceTypes: string[];
  maxLength: number;
  lowerCase?: boolean;
  arns: (t: DeployTarget, name: string, r: ResourceView) => string[];
}

const OWN_ARNS: Record<string, OwnArn> = {
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', service: 'lambda', resourceTypes: ['function'], maxLength: 64, arns: (t, n) => (n.endsWith('*') ? [functionArn(t, n)] : [functionArn(t, n), `${functionArn(t, n)}:*`]) },
  'AWS::Lambda::CapacityProvider': { nameProperty: 'CapacityProviderName', service: 'lambda', resourceTypes: ['capacityprovider', 'capacity-provider'], maxLength: 140, arns: (t, n) => [capacityProviderArn(t, n)] },
  'AWS::Lambda::LayerVersion': { nameProperty: 'LayerName', service: 'lambda', resourceTypes: ['layer', 'layerversion'], maxLength: 140, arns: (t, n) => (n.endsWith('*') ? [`arn:${t.partition}:lambda:${t.region}:${t.account}:layer:${n}`] : [`arn:${t.partition}:lambda:${t.region}:${t.account}:layer:${n}`, `arn:${t.partition}:lambda:${t.region}:${t.account}:layer:${n}:*`]) },
  'AWS::IAM::Role': { nameProperty: 'RoleName', service: 'iam', resourceTypes: ['role'], maxLength: 64, arns: (t, n, r) => [roleArn(t, n, r)] },
  'AWS::SQS::Queue': { nameProperty: 'QueueName', service: 'sqs', resourceTypes: ['queue'], maxLength: 80, arns: (t, n) => [`arn:${t.partition}:sqs:${t.region}:${t.account}:${n}`] },
  'AWS::SNS::Topic': { nameProperty: 'TopicName', service: 'sns', resourceTypes: ['topic'], maxLength: 256, arns: (t, n) => [`arn:${t.partition}:sns:${t.region}:${t.account}:${n}`] },
  'AWS::DynamoDB::Table': { nameProperty: 'TableName', service: 'dynamodb', resourceTypes: ['table'], maxLength: 255, arns: (t, n) => (n.endsWith('*') ? [`arn:${t.partition}:dynamodb:${t.region}:${t.account}:table/${n}`] : [`arn:${t.partition}:dynamodb:${t.region}:${t.account}:table/${n}`, `arn:${t.partition}:dynamodb:${t.region}:${t.account}:table/${n}/*`]) },
  'AWS::S3::Bucket': { nameProperty: 'BucketName', service: 's3', resourceTypes: ['bucket'], maxLength: 63, lowerCase: true, arns: (t, n) => [`arn:${t.partition}:s3:::${n}`] },
};

/** Lambda resources that act on a function of the template: their function actions are scoped to it. */
const FUNCTION_PROPERTY: Record<string, string> = {
  'AWS::Lambda::Version': 'FunctionName',
  'AWS::Lambda::Alias': 'FunctionName',
  'AWS::Lambda::Permission': 'FunctionName',
  'AWS::Lambda::EventInvokeConfig': 'FunctionName',
  'AWS::Lambda::EventSourceMapping': 'FunctionName',
  'AWS::Lambda::Url': 'TargetFunctionArn',
};

function functionArn(t: DeployTarget, name: string): string {
  return `arn:${t.partition}:lambda:${t.region}:${t.account}:function:${name}`;
}

function capacityProviderArn(t: DeployTarget, name: string): string {
  return `arn:${t.partition}:lambda:${t.region}:${t.account}:capacity-provider:${name}`;
}

function roleArn(t: DeployTarget, name: string, r: ResourceView): string {
  const path = scalarText(prop(r, 'Path')) ?? '/';
  return `arn:${t.partition}:iam::${t.account}:role${path.startsWith('/') ? path : `/${path}`}${name}`;
}

/**
 * The physical name of a resource: the name the template gives it, or the pattern CloudFormation generates
 * (`<stack>-<logical id>-<random suffix>`, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html).
 * When the generated name would be longer than the type allows, CloudFormation shortens the stack name and the
 * logical id, so only `<stack>*` is certain.
 */
export function physicalName(resource: ResourceView, target: DeployTarget): string {
  const own = resource.type ? OWN_ARNS[resource.type] : undefined;
  const written = own ? child(resource.properties, own.nameProperty) : undefined;
  const text = written?.type === 'string' ? written.value : undefined;
  if (text && !text.includes('${')) return text;
  const stack = own?.lowerCase ? target.stackName.toLowerCase() : target.stackName;
  const id = own?.lowerCase ? resource.id.toLowerCase() : resource.id;
  const generated = `${stack}-${id}-`;
  // The random suffix is 12-13 characters.
  if (generated.length + 13 > (own?.maxLength ?? 64)) return `${stack.slice(0, 20)}*`;
  return `${generated}*`;
}

/** The ARNs of a template resource of a type with a known ARN, for the IAM resource types it is. */
function ownArns(resource: ResourceView, target: DeployTarget): { service: string; resourceTypes: string[]; arns: string[] } | undefined {
  const own = resource.type ? OWN_ARNS[resource.type] : undefined;
  if (!own) return undefined;
  return { service: own.service, resourceTypes: own.resourceTypes, arns: own.arns(target, physicalName(resource, target), resource) };
}

function fillArnFormat(format: string, target: DeployTarget): string {
  return format
    .replace(/\$\{Partition\}/g, target.partition)
    .replace(/\$\{Region\}/g, target.region)
    .replace(/\$\{Account\}/g, target.account)
    .replace(/\$\{[^}]*\}/g, '*');
}

/** Where the value names one of the template's resources: that resource's ARNs; a literal ARN as written. */
function arnsOfReference(template: TemplateView, node: Node | undefined, target: DeployTarget): string[] | undefined {
  if (!node) return undefined;
  const literal = scalarText(node);
  if (literal?.startsWith('arn:')) return [literal];
  const ids = referencedIds(node);
  const arns = ids.flatMap((id) => {
    const r = template.resource(id);
    return r ? ownArns(r, target)?.arns ?? [] : [];
  });
  return arns.length > 0 ? arns : undefined;
}

interface Grant {
  actions: Set<string>;
  resources: string[];
  condition?: Record<string, Record<string, string[]>>;
  sidParts: Set<string>;
}

/** The least-privilege policy that lets an identity deploy the template with its own credentials. */
export function deployerPolicy(template: TemplateView, target: DeployTarget): DeployerPolicy {
  const notes: string[] = [];
  const grants = new Map<string, Grant>();
  const wildcardActions = new Set<string>();
  const grant = (sid: string, action: string, resources: string[], condition?: Grant['condition']): void => {
    const record = catalog().action(action);
    const canonical = record?.fullName ?? action;
    if (record && record.resourceTypes.length === 0) {
      wildcardActions.add(canonical);
      return;
    }
    const sorted = [...new Set(resources)].sort();
    const key = JSON.stringify([sorted, condition ?? null]);
    let g = grants.get(key);
    if (!g) grants.set(key, (g = { actions: new Set(), resources: sorted, condition, sidParts: new Set() }));
    g.actions.add(canonical);
    g.sidParts.add(sid);
  };

  const { partition: p, region: r, account: a } = target;
  const stackArn = `arn:${p}:cloudformation:${r}:${a}:stack/${target.stackName}/*`;
  for (const action of CLOUDFORMATION_ACTIONS) grant('CloudFormationStack', action, [stackArn]);
  if (template.sam) grant('CloudFormationStack', 'cloudformation:CreateChangeSet', [`arn:${p}:cloudformation:${r}:aws:transform/${SAM_TRANSFORM}`]);

  const slrServices = new Set<string>();
  const noData = new Map<string, string[]>();
  for (const resource of template.resources) {
    const type = resource.type;
    if (!type || type.startsWith('Custom::') || type === 'AWS::CloudFormation::WaitConditionHandle') continue;
    const data = handlerPermissions(type);
    if (!data) {
      noData.set(type, [...(noData.get(type) ?? []), resource.id]);
      continue;
    }
    if (SERVICE_LINKED_ROLES[type] && data.actions.some((x) => x.toLowerCase() === 'iam:createservicelinkedrole')) slrServices.add(SERVICE_LINKED_ROLES[type]);
    const own = ownArns(resource, target);
    const functionProperty = FUNCTION_PROPERTY[type];
    const functionArns = functionProperty ? arnsOfReference(template, prop(resource, functionProperty), target) : undefined;
    const sid = type.replace(/^AWS::/, '').replace(/[^A-Za-z0-9]/g, '');
    for (const action of data.actions) {
      if (SCOPED_SEPARATELY.has(action.toLowerCase())) continue;
      const [service] = action.toLowerCase().split(':');
      const types = catalog().resourceTypesOf(action);
      if (!types) {
        notes.push(`${type}: "${action}" is not in the IAM catalogue and was left out.`);
        continue;
      }
      if (types.length === 0) {
        grant(sid, action, ['*']);
        continue;
      }
      const resources = types.flatMap((rt) => {
        const name = rt.name.toLowerCase();
        if (own && own.service === service && own.resourceTypes.includes(name)) return own.arns;
        if (functionArns && service === 'lambda' && name === 'function') return functionArns;
        return rt.resourceType.arnFormats.map((f) => fillArnFormat(f, target));
      });
      grant(sid, action, resources);
    }
  }
  for (const [type, ids] of noData) {
    const service = type.split('::')[1]?.toLowerCase() ?? '';
    const formats = catalog().resourceArnFormats(service).map((f) => fillArnFormat(f, target));
    notes.push(`${type} (${ids.join(', ')}): no CloudFormation handler permissions in data/cfn-handler-permissions.json; its statement allows ${service}:* on the account's ${service} resources: review it.`);
    if (formats.length > 0) grant(`NoHandlerDataFor${type.replace(/[^A-Za-z0-9]/g, '')}`, `${service}:*`, formats);
  }

  // iam:PassRole: each role the template passes, to the service it is passed to.
  const passedRoles = new Map<string, string[]>();
  const roles = templateRoles(template);
  const pass = (reference: RoleReference | undefined, service: string, what: string): void => {
    if (!reference || reference.kind === 'none') return;
    let arns: string[] | undefined;
    if (reference.kind === 'role') arns = ownArns(reference.role.resource, target)?.arns;
    else {
      const literal = scalarText(reference.node);
      if (literal?.startsWith('arn:')) arns = [literal];
    }
    if (!arns) {
      notes.push(`${what}: its role comes from outside the template (a parameter or an import), so no iam:PassRole is generated for it.`);
      return;
    }
    passedRoles.set(service, [...new Set([...(passedRoles.get(service) ?? []), ...arns])]);
  };
  for (const fn of template.resourcesOfType('AWS::Lambda::Function')) pass(roles.functionRole(fn), 'lambda.amazonaws.com', fn.id);
  for (const cp of template.resourcesOfType('AWS::Lambda::CapacityProvider')) pass(roles.operatorRole(cp), 'lambda.amazonaws.com', cp.id);
  const rolePassedBy = (resource: ResourceView, node: Node | undefined, service: string): void => {
    if (node) pass(roles.reference(node), service, resource.id);
  };
  for (const sm of template.resourcesOfType('AWS::StepFunctions::StateMachine')) rolePassedBy(sm, prop(sm, 'RoleArn'), 'states.amazonaws.com');
  for (const rule of template.resourcesOfType('AWS::Events::Rule')) {
    rolePassedBy(rule, prop(rule, 'RoleArn'), 'events.amazonaws.com');
    for (const t of itemsOf(prop(rule, 'Targets'))) rolePassedBy(rule, child(t, 'RoleArn'), 'events.amazonaws.com');
  }
  for (const s of template.resourcesOfType('AWS::Scheduler::Schedule')) rolePassedBy(s, child(prop(s, 'Target'), 'RoleArn'), 'scheduler.amazonaws.com');
  for (const [service, arns] of passedRoles) {
    grant(`PassRoleTo${service.split('.')[0]}`, 'iam:PassRole', arns, { StringEquals: { 'iam:PassedToService': [service] } });
  }

  // lambda:PassCapacityProvider: the capacity providers the template's functions run on.
  const mi = managedInstances(template);
  const capacityProviders = new Set<string>();
  for (const fn of mi.functions) {
    const arns = fn.provider ? ownArns(fn.provider.resource, target)?.arns : arnsOfReference(template, fn.arn, target);
    if (!arns) {
      notes.push(`${fn.resource.id}: its capacity provider comes from outside the template, so no lambda:PassCapacityProvider is generated for it.`);
      continue;
    }
    for (const arn of arns) capacityProviders.add(arn);
  }
  if (capacityProviders.size > 0) grant('PassCapacityProvider', 'lambda:PassCapacityProvider', [...capacityProviders]);
  for (const service of slrServices) {
    grant(`ServiceLinkedRoleFor${service.split('.')[0]}`, 'iam:CreateServiceLinkedRole', [`arn:${p}:iam::${a}:role/aws-service-role/${service}/*`], { StringEquals: { 'iam:AWSServiceName': [service] } });
  }

  const statements: PolicyStatement[] = [];
  const usedSids = new Set<string>();
  const sidOf = (parts: Iterable<string>): string => {
    let base = [...parts].join('').slice(0, 100) || 'Statement';
    if (usedSids.has(base)) {
      let n = 2;
      while (usedSids.has(`${base}${n}`)) n++;
      base = `${base}${n}`;
    }
    usedSids.add(base);
    return base;
  };
  for (const g of grants.values()) {
    statements.push({ Sid: sidOf(g.sidParts), Effect: 'Allow', Action: [...g.actions].sort(), Resource: g.resources, ...(g.condition ? { Condition: g.condition } : {}) });
  }
  // A statement for a type without handler data allows `<service>:*`: it must not reach PassRole or PassCapacityProvider.
  const broadServices = new Set([...noData.keys()].map((type) => type.split('::')[1]?.toLowerCase()));
  if (broadServices.has('iam')) {
    const roleArns = [...new Set([...passedRoles.values()].flat())].sort();
    statements.push({ Sid: sidOf(['DenyPassRoleOutsideTemplate']), Effect: 'Deny', Action: ['iam:PassRole'], ...(roleArns.length ? { NotResource: roleArns } : { Resource: ['*'] }) });
    statements.push({ Sid: sidOf(['DenyOtherServiceLinkedRoles']), Effect: 'Deny', Action: ['iam:CreateServiceLinkedRole'], Resource: ['*'], ...(slrServices.size ? { Condition: { StringNotEquals: { 'iam:AWSServiceName': [...slrServices].sort() } } } : {}) });
    if (passedRoles.size > 0) {
      statements.push({ Sid: sidOf(['DenyPassRoleToOtherServices']), Effect: 'Deny', Action: ['iam:PassRole'], Resource: ['*'], Condition: { StringNotEquals: { 'iam:PassedToService': [...passedRoles.keys()].sort() } } });
    }
  }
  if (broadServices.has('lambda')) {
    const providers = [...capacityProviders].sort();
    statements.push({ Sid: sidOf(['DenyPassCapacityProviderOutsideTemplate']), Effect: 'Deny', Action: ['lambda:PassCapacityProvider'], ...(providers.length ? { NotResource: providers } : { Resource: ['*'] }) });
  }
  if (wildcardActions.size > 0) {
    statements.push({ Sid: sidOf(['ActionsWithoutResourceTypesNeedStar']), Effect: 'Allow', Action: [...wildcardActions].sort(), Resource: ['*'] });
  }
  const documents = splitDocuments(statements, notes);
  // One note per fact: two resources of a type with the same uncatalogued action say it once.
  return { documents, notes: [...new Set(notes)], passedRoles, capacityProviders: [...capacityProviders] };
}

/** IAM counts a policy's size without whitespace. */
export function policyCharacters(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

function splitDocuments(statements: PolicyStatement[], notes: string[]): PolicyDocument[] {
  const whole: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  if (policyCharacters(whole) <= MANAGED_POLICY_SIZE) return [whole];
  const documents: PolicyDocument[] = [];
  let current: PolicyDocument = { Version: '2012-10-17', Statement: [] };
  for (const s of statements) {
    const next: PolicyDocument = { Version: '2012-10-17', Statement: [...current.Statement, s] };
    if (current.Statement.length > 0 && policyCharacters(next) > MANAGED_POLICY_SIZE) {
      documents.push(current);
      current = { Version: '2012-10-17', Statement: [s] };
    } else current = next;
  }
  documents.push(current);
  notes.push(`The policy is ${policyCharacters(whole)} characters without whitespace, over the ${MANAGED_POLICY_SIZE}-character managed-policy quota: it is split into ${documents.length} documents; attach all of them.`);
  return documents;
}
