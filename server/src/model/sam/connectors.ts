import profiles from '../../../../data/sam-connector-profiles.json';
import { child, itemsOf, scalarText, type Node, type ObjectNode } from '../../parse/tree';
import type { ResourceView } from '../template';
import { referencedResource } from '../values';
import { anchorOf, arr, getAtt, obj, ref, sub, type Anchor, type Value } from './synthetic';
import type { SamTransformer } from './transform';

/**
 * SAM connectors (`AWS::Serverless::Connector`, and `Connectors` embedded in a resource): for each source →
 * destination pair and each of `Permissions: [Read, Write]`, what SAM's connector profiles (`profiles.json`, in
 * data/sam-connector-profiles.json) generate — a managed policy on the source's (or destination's) role, a Lambda
 * permission, or a queue or topic policy.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/managing-permissions-connectors.html
 */
interface Profile {
  Type: 'AWS_IAM_ROLE_MANAGED_POLICY' | 'AWS_LAMBDA_PERMISSION' | 'AWS_SQS_QUEUE_POLICY' | 'AWS_SNS_TOPIC_POLICY';
  Properties: { SourcePolicy: boolean; AccessCategories: Record<string, unknown> };
}
const PERMISSIONS = (profiles as unknown as { Permissions: Record<string, Record<string, Profile>> }).Permissions;

/** The CloudFormation type a SAM resource becomes, for a connector end that names it by `Id`. */
const SAM_TYPES: Record<string, string> = {
  'AWS::Serverless::Function': 'AWS::Lambda::Function',
  'AWS::Serverless::StateMachine': 'AWS::StepFunctions::StateMachine',
  'AWS::Serverless::Api': 'AWS::ApiGateway::RestApi',
  'AWS::Serverless::HttpApi': 'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::SimpleTable': 'AWS::DynamoDB::Table',
  'AWS::Serverless::GraphQLApi': 'AWS::AppSync::GraphQLApi',
};

/** What `%{Source.X}` / `%{Destination.X}` stand for on an end, per resource type (the profiles' `Outputs`). */
const OUTPUTS: Record<string, Record<string, (id: string, at: Anchor) => Node>> = {
  'AWS::Lambda::Function': { Arn: (id, at) => getAtt(at, id, 'Arn') },
  'AWS::StepFunctions::StateMachine': { Arn: (id, at) => ref(at, id), Name: (id, at) => getAtt(at, id, 'Name') },
  'AWS::SQS::Queue': { Arn: (id, at) => getAtt(at, id, 'Arn'), Url: (id, at) => ref(at, id), QueueUrl: (id, at) => ref(at, id) },
  'AWS::SNS::Topic': { Arn: (id, at) => ref(at, id) },
  'AWS::DynamoDB::Table': { Arn: (id, at) => getAtt(at, id, 'Arn') },
  'AWS::S3::Bucket': { Arn: (id, at) => getAtt(at, id, 'Arn') },
  'AWS::Events::Rule': { Arn: (id, at) => getAtt(at, id, 'Arn') },
  'AWS::Events::EventBus': { Arn: (id, at) => getAtt(at, id, 'Arn'), Name: (id, at) => ref(at, id) },
  'AWS::Location::PlaceIndex': { Arn: (id, at) => getAtt(at, id, 'Arn') },
  'AWS::ApiGateway::RestApi': { ResourceId: (id, at) => ref(at, id) },
  'AWS::ApiGatewayV2::Api': { ResourceId: (id, at) => ref(at, id) },
  'AWS::AppSync::GraphQLApi': { Arn: (id, at) => ref(at, id), Id: (id, at) => getAtt(at, id, 'ApiId') },
  'AWS::AppSync::DataSource': { Arn: (id, at) => ref(at, id) },
};

interface End {
  type: string | undefined;
  /** The end's logical id, when it names a resource of the template. */
  id?: string;
  node: Node;
  at: Anchor;
}

export function transformConnectors(t: SamTransformer): void {
  for (const r of t.written) {
    if (r.type === 'AWS::Serverless::Connector') connector(t, r, r.id, child(r.properties, 'Source'), r.properties);
    const embedded = child(r.node, 'Connectors');
    if (embedded?.type !== 'object') continue;
    for (const c of embedded.properties) {
      const props = child(c.value, 'Properties');
      connector(t, r, `${r.id}${c.key}`, obj(anchorOf(c), { Id: r.id }), props?.type === 'object' ? props : undefined);
    }
  }
}

function connector(t: SamTransformer, from: ResourceView, id: string, sourceNode: Node | undefined, props: ObjectNode | undefined): void {
  if (!sourceNode) return;
  const source = endOf(t, sourceNode);
  const destinations = itemsOf(child(props, 'Destination')).map((d) => endOf(t, d));
  const permissions = itemsOf(child(props, 'Permissions')).map(scalarText).filter((p): p is string => p !== undefined);
  destinations.forEach((destination, i) => {
    const profile = source.type && destination.type ? PERMISSIONS[source.type]?.[destination.type] : undefined;
    if (!profile) return;
    const cid = destinations.length > 1 ? `${id}Destination${i}` : id;
    const at = destination.at;
    const categories = permissions.filter((p) => profile.Properties.AccessCategories[p] !== undefined);
    if (!categories.length) return;
    const substitute = (v: unknown): Value | Node => fill(t, v, source, destination, at);
    switch (profile.Type) {
      case 'AWS_IAM_ROLE_MANAGED_POLICY': {
        const roleEnd = profile.Properties.SourcePolicy ? source : destination;
        const role = roleOf(t, roleEnd);
        if (!role) return;
        const statements = categories.flatMap((c) => ((profile.Properties.AccessCategories[c] as { Statement: unknown[] }).Statement ?? []).map(substitute));
        t.add(`${cid}Policy`, 'AWS::IAM::ManagedPolicy', obj(at, { PolicyDocument: obj(at, { Version: '2012-10-17', Statement: arr(at, statements) }), Roles: arr(at, [role]) }), from, at);
        break;
      }
      case 'AWS_LAMBDA_PERMISSION':
        for (const c of categories) {
          const p = profile.Properties.AccessCategories[c] as Record<string, unknown>;
          const fields = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, substitute(v)])) as Record<string, Value>;
          t.add(`${cid}${c}LambdaPermission`, 'AWS::Lambda::Permission', obj(at, { ...fields, FunctionName: fill(t, '%{Destination.Arn}', source, destination, at) }), from, at);
        }
        break;
      case 'AWS_SQS_QUEUE_POLICY':
      case 'AWS_SNS_TOPIC_POLICY': {
        const statements = categories.flatMap((c) => ((profile.Properties.AccessCategories[c] as { Statement: unknown[] }).Statement ?? []).map(substitute));
        const [type, key, target] = profile.Type === 'AWS_SQS_QUEUE_POLICY' ? ['AWS::SQS::QueuePolicy', 'Queues', '%{Destination.QueueUrl}'] : ['AWS::SNS::TopicPolicy', 'Topics', '%{Destination.Arn}'];
        t.add(`${cid}${profile.Type === 'AWS_SQS_QUEUE_POLICY' ? 'QueuePolicy' : 'TopicPolicy'}`, type, obj(at, { PolicyDocument: obj(at, { Version: '2012-10-17', Statement: arr(at, statements) }), [key]: arr(at, [fill(t, target, source, destination, at)]) }), from, at);
        break;
      }
    }
  });
}

/** A connector end: `Id` of a template resource (its type as SAM deploys it), or `Type` with `Arn`/`Name`/…. */
function endOf(t: SamTransformer, node: Node): End {
  const at = anchorOf(node);
  const id = scalarText(child(node, 'Id'));
  if (id !== undefined) {
    const written = t.writtenResource(id)?.type;
    return { type: written ? (SAM_TYPES[written] ?? written) : undefined, id, node, at };
  }
  // A `Type` may be written as SAM's (`AWS::Serverless::Api`): the profiles are keyed by what SAM deploys.
  const type = scalarText(child(node, 'Type'));
  return { type: type ? (SAM_TYPES[type] ?? type) : undefined, node, at };
}

/** The role a managed policy attaches to: a function's or state machine's (`Ref` of the role in the template), or `RoleName`. */
function roleOf(t: SamTransformer, end: End): Value {
  const roleName = child(end.node, 'RoleName');
  if (roleName) return roleName;
  if (!end.id) return undefined;
  const written = t.writtenResource(end.id);
  if (!written) return undefined;
  const key = written.type === 'AWS::StepFunctions::StateMachine' ? 'RoleArn' : 'Role';
  const role = child(written.properties, key);
  if (role === undefined) return written.type?.startsWith('AWS::Serverless::') ? ref(end.at, `${end.id}Role`) : undefined;
  const roleId = referencedResource(role);
  return roleId ? ref(end.at, roleId) : undefined;
}

/** A profile value with `%{Source.Arn}` (…) filled in: the end's own property, else what the resource type outputs. */
function fill(t: SamTransformer, value: unknown, source: End, destination: End, at: Anchor): Node {
  if (Array.isArray(value)) return arr(at, value.map((v) => fill(t, v, source, destination, at)));
  if (value && typeof value === 'object') return obj(at, Object.entries(value).map(([k, v]): [string, Value] => [k, fill(t, v, source, destination, at)]));
  const text = String(value);
  const vars: Record<string, Node> = {};
  const replaced = text.replace(/%\{(Source|Destination)\.(\w+)\}/g, (_, side: string, attr: string) => {
    const end = side === 'Source' ? source : destination;
    const name = `${side}${attr}`;
    vars[name] = endValue(end, attr, at);
    return `\${${name}}`;
  });
  if (replaced === text) return obj(at, [['v', text]]).properties[0].value;
  const whole = /^\$\{(\w+)\}$/.exec(replaced);
  if (whole) return vars[whole[1]];
  return sub(at, replaced, vars);
}

function endValue(end: End, attr: string, at: Anchor): Node {
  const written = child(end.node, attr);
  if (written) return written;
  const output = end.type ? OUTPUTS[end.type]?.[attr] : undefined;
  if (end.id && output) return output(end.id, at);
  return sub(at, `\${${end.id ?? 'Unknown'}.${attr}}`);
}
