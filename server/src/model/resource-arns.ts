import type { Node } from '../parse/tree';
import type { ResourceView, TemplateView } from './template';
import { scalarText } from '../parse/tree';

/**
 * What a `Ref`, `Fn::GetAtt` or `${…}` in `!Sub` to a resource of the template stands for: the resource, its service
 * (the ARN's service field), whether the value is its ARN at all and, when it is, the ARN's shape. From the "Return
 * values" section of each type's page in the CloudFormation resource reference: `Ref` of a queue is its URL, of a
 * bucket its name, of a topic its ARN; `Fn::GetAtt LogGroup.Arn` ends in `:*`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
 * The shapes are the Service Authorization Reference's ARN formats of the resource types (a test holds them to the
 * catalogue), so a resolved ARN is judged against an action's resource types like a literal one.
 */
interface TypeArns {
  service: string;
  /** What `Ref` returns. */
  ref: 'arn' | 'name' | 'id' | 'url';
  /** The ARN shape of each attribute that returns an ARN, `Ref` under `''` when it does; the first is the ARN to use. */
  arns: Readonly<Record<string, string>>;
}

const P = 'arn:${Partition}';
const RA = '${Region}:${Account}';

const TYPES: Readonly<Record<string, TypeArns>> = {
  'AWS::SNS::Topic': { service: 'sns', ref: 'arn', arns: { TopicArn: `${P}:sns:${RA}:\${TopicName}`, '': `${P}:sns:${RA}:\${TopicName}` } },
  'AWS::SQS::Queue': { service: 'sqs', ref: 'url', arns: { Arn: `${P}:sqs:${RA}:\${QueueName}` } },
  'AWS::S3::Bucket': { service: 's3', ref: 'name', arns: { Arn: `${P}:s3:::\${BucketName}` } },
  'AWS::Lambda::Function': { service: 'lambda', ref: 'name', arns: { Arn: `${P}:lambda:${RA}:function:\${FunctionName}` } },
  'AWS::IAM::Role': { service: 'iam', ref: 'name', arns: { Arn: `${P}:iam::\${Account}:role/\${RoleNameWithPath}` } },
  'AWS::DynamoDB::Table': {
    service: 'dynamodb',
    ref: 'name',
    arns: { Arn: `${P}:dynamodb:${RA}:table/\${TableName}`, StreamArn: `${P}:dynamodb:${RA}:table/\${TableName}/stream/\${StreamLabel}` },
  },
  'AWS::Kinesis::Stream': { service: 'kinesis', ref: 'name', arns: { Arn: `${P}:kinesis:${RA}:stream/\${StreamName}` } },
  'AWS::KMS::Key': { service: 'kms', ref: 'id', arns: { Arn: `${P}:kms:${RA}:key/\${KeyId}` } },
  'AWS::SecretsManager::Secret': { service: 'secretsmanager', ref: 'arn', arns: { '': `${P}:secretsmanager:${RA}:secret:\${SecretId}` } },
  'AWS::StepFunctions::StateMachine': {
    service: 'states',
    ref: 'arn',
    arns: { Arn: `${P}:states:${RA}:stateMachine:\${StateMachineName}`, '': `${P}:states:${RA}:stateMachine:\${StateMachineName}` },
  },
  'AWS::Events::EventBus': { service: 'events', ref: 'name', arns: { Arn: `${P}:events:${RA}:event-bus/\${EventBusName}` } },
  'AWS::Logs::LogGroup': { service: 'logs', ref: 'name', arns: { Arn: `${P}:logs:${RA}:log-group:\${LogGroupName}:*` } },
  'AWS::Cognito::UserPool': { service: 'cognito-idp', ref: 'id', arns: { Arn: `${P}:cognito-idp:${RA}:userpool/\${UserPoolId}` } },
};

/** The ARN shapes above, for the test that holds them to the catalogue's formats. */
export function knownArnShapes(): { type: string; attribute: string; shape: string }[] {
  return Object.entries(TYPES).flatMap(([type, t]) => Object.entries(t.arns).map(([attribute, shape]) => ({ type, attribute, shape })));
}

export interface ResolvedReference {
  resource: ResourceView;
  service: string;
  /** What the value is: the resource's ARN, or its name, id or URL. */
  value: TypeArns['ref'];
  /** The ARN's shape (`arn:${Partition}:sqs:${Region}:${Account}:${QueueName}`) when the value is an ARN. */
  arnShape: string | undefined;
  /** The attribute that returns the resource's ARN, if its type has one. */
  arnAttribute: string | undefined;
}

/** The template resource a value references and what the value is, for the resource types listed above. */
export function resolveReference(template: TemplateView, node: Node | undefined): ResolvedReference | undefined {
  if (node?.type !== 'intrinsic') return undefined;
  let id: string | undefined;
  let attribute: string | undefined;
  if (node.fn === 'Ref') id = scalarText(node.argument);
  else if (node.fn === 'Fn::GetAtt') {
    const parts = node.argument.type === 'array' ? node.argument.items.map(scalarText) : (scalarText(node.argument) ?? '').split(/\.(.*)/s, 2);
    [id, attribute] = parts;
  } else if (node.fn === 'Fn::Sub') {
    const m = /^\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}$/.exec(node.argument.type === 'array' ? scalarText(node.argument.items[0]) ?? '' : scalarText(node.argument) ?? '');
    if (!m || (node.argument.type === 'array' && node.argument.items.length > 1)) return undefined;
    [, id, attribute] = m;
  } else return undefined;
  return id !== undefined ? resolveName(template, id, attribute) : undefined;
}

/** `${Id}` or `${Id.Attribute}` of a resource of the template, as `Ref`/`Fn::GetAtt` return it. */
export function resolveName(template: TemplateView, id: string, attribute: string | undefined): ResolvedReference | undefined {
  const resource = template.resource(id);
  const type = resource?.type !== undefined ? TYPES[resource.type] : undefined;
  if (!resource || !type) return undefined;
  const arnAttribute = Object.keys(type.arns).find((a) => a !== '');
  const found = { resource, service: type.service, arnAttribute };
  if (attribute === undefined) return { ...found, value: type.ref, arnShape: type.arns[''] };
  const shape = Object.hasOwn(type.arns, attribute) && attribute !== '' ? type.arns[attribute] : undefined;
  return shape !== undefined ? { ...found, value: 'arn', arnShape: shape } : undefined;
}

const PSEUDO = /^AWS::(?:Partition|Region|AccountId|URLSuffix)$/;

export interface ArnShape {
  /** The value with each reference replaced by its ARN shape or a name placeholder: an ARN format, as the catalogue writes them. */
  shape: string;
  /** The ARN-valued references replaced. */
  arns: ResolvedReference[];
}

/**
 * The shape of a resolved string value (`${Bucket.Arn}/*`, `arn:${AWS::Partition}:s3:::${Bucket}/*`) once its
 * references to the template's resources are replaced: an ARN reference by its type's ARN format, a name or id by a
 * placeholder for one. Undefined when some other placeholder (a parameter, an unknown attribute) is left, or when
 * nothing of the template is referenced.
 */
export function arnShape(template: TemplateView, text: string): ArnShape | undefined {
  const arns: ResolvedReference[] = [];
  let names = 0;
  let unknown = false;
  const shape = text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (PSEUDO.test(inner)) return whole;
    const dot = inner.indexOf('.');
    const resolved = /^[A-Za-z0-9]+(?:\.[A-Za-z0-9.]+)?$/.test(inner) ? resolveName(template, dot < 0 ? inner : inner.slice(0, dot), dot < 0 ? undefined : inner.slice(dot + 1)) : undefined;
    if (!resolved) {
      unknown = true;
      return whole;
    }
    // Only an ARN that opens the value is an ARN; in the middle of one it is text (`…:${Topic}` would be odd, not wrong).
    if (resolved.value === 'arn' && resolved.arnShape !== undefined && text.startsWith(whole)) {
      arns.push(resolved);
      return resolved.arnShape;
    }
    if (resolved.value === 'url') unknown = true;
    names++;
    return '${Name}';
  });
  if (unknown || (arns.length === 0 && names === 0)) return undefined;
  return { shape, arns };
}
