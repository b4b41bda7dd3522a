import type { Node } from '../parse/tree';
import type { ResourceView, TemplateView } from './template';
import { scalarText } from '../parse/tree';

/**
 * What a `Ref`, `Fn::GetAtt` or `${…}` in `!Sub` to a resource of the template stands for: the resource, its service
 * (the ARN's service field) and whether the value is its ARN at all. From the "Return values" section of each type's
 * page in the CloudFormation resource reference: `Ref` of a queue is its URL, of a bucket its name, of a topic its ARN.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
 */
interface TypeArns {
  service: string;
  /** What `Ref` returns. */
  ref: 'arn' | 'name' | 'id' | 'url';
  /** The attributes that return an ARN. */
  arnAttributes: string[];
}

const TYPES: Readonly<Record<string, TypeArns>> = {
  'AWS::SNS::Topic': { service: 'sns', ref: 'arn', arnAttributes: ['TopicArn'] },
  'AWS::SQS::Queue': { service: 'sqs', ref: 'url', arnAttributes: ['Arn'] },
  'AWS::S3::Bucket': { service: 's3', ref: 'name', arnAttributes: ['Arn'] },
  'AWS::Lambda::Function': { service: 'lambda', ref: 'name', arnAttributes: ['Arn'] },
  'AWS::IAM::Role': { service: 'iam', ref: 'name', arnAttributes: ['Arn'] },
  'AWS::DynamoDB::Table': { service: 'dynamodb', ref: 'name', arnAttributes: ['Arn', 'StreamArn'] },
  'AWS::Kinesis::Stream': { service: 'kinesis', ref: 'name', arnAttributes: ['Arn'] },
  'AWS::KMS::Key': { service: 'kms', ref: 'id', arnAttributes: ['Arn'] },
  'AWS::SecretsManager::Secret': { service: 'secretsmanager', ref: 'arn', arnAttributes: [] },
  'AWS::StepFunctions::StateMachine': { service: 'states', ref: 'arn', arnAttributes: ['Arn'] },
  'AWS::Events::EventBus': { service: 'events', ref: 'name', arnAttributes: ['Arn'] },
  'AWS::Logs::LogGroup': { service: 'logs', ref: 'name', arnAttributes: ['Arn'] },
  'AWS::Cognito::UserPool': { service: 'cognito-idp', ref: 'id', arnAttributes: ['Arn'] },
};

export interface ResolvedReference {
  resource: ResourceView;
  service: string;
  /** What the value is: the resource's ARN, or its name, id or URL. */
  value: TypeArns['ref'];
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
  const resource = id !== undefined ? template.resource(id) : undefined;
  const type = resource?.type !== undefined ? TYPES[resource.type] : undefined;
  if (!resource || !type) return undefined;
  const found = { resource, service: type.service, arnAttribute: type.arnAttributes[0] };
  if (attribute === undefined) return { ...found, value: type.ref };
  return type.arnAttributes.includes(attribute) ? { ...found, value: 'arn' } : undefined;
}
