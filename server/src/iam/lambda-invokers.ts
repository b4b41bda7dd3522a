/**
 * Who may be named as the principal of a Lambda resource-based permission, and which invoking resources go with
 * which service principal. Sources: the AddPermission API reference, the Lambda Developer Guide "Granting Lambda
 * function access to AWS services", and cfn-lint's rule data for W3663/W3664
 * (src/cfnlint/data/schemas/extensions/aws_lambda_permission/).
 */
import { parseArn } from './arn';
import { catalog, type ServicePrincipalRecord } from './catalog';

/** What a permission's `Principal` string is. */
export type InvokerPrincipal =
  | { kind: 'public' }
  | { kind: 'account' }
  /** An IAM user or role ARN, or an account's `:root`. */
  | { kind: 'arn'; service: string; resource: string }
  /** `*.amazonaws.com` and the Alexa `*.amazon.com` principals; `record` is unset when the catalogue does not know it. */
  | { kind: 'service'; name: string; record?: ServicePrincipalRecord }
  | { kind: 'other'; arnError?: string };

const SERVICE_SHAPE = /^[a-z0-9][a-z0-9.-]*\.amazon(?:aws)?\.com(?:\.cn)?$/i;

export function invokerPrincipal(text: string): InvokerPrincipal {
  if (text === '*') return { kind: 'public' };
  if (/^\d{12}$/.test(text)) return { kind: 'account' };
  if (text.startsWith('arn:')) {
    const parsed = parseArn(text);
    if (!parsed.ok) return { kind: 'other', arnError: parsed.error.message };
    const { service, account, resource } = parsed.arn;
    if ((service === 'iam' || service === 'sts') && /^\d{12}$/.test(account)) return { kind: 'arn', service, resource };
    return { kind: 'other' };
  }
  if (SERVICE_SHAPE.test(text)) return { kind: 'service', name: text, record: servicePrincipalRecord(text) };
  return { kind: 'other' };
}

/** The catalogue's record, also for a China-partition `….amazonaws.com.cn` spelling of a known principal. */
function servicePrincipalRecord(name: string): ServicePrincipalRecord | undefined {
  return catalog().servicePrincipal(name) ?? (/\.amazonaws\.com\.cn$/i.test(name) ? catalog().servicePrincipal(name.slice(0, -3)) : undefined);
}

/**
 * Alexa skills invoke through `.amazon.com` principals and are scoped with `EventSourceToken` (the skill id), not
 * with SourceArn: https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-an-aws-lambda-function.html
 */
export const ALEXA_PRINCIPALS: ReadonlySet<string> = new Set(['alexa-appkit.amazon.com', 'alexa-connectedhome.amazon.com']);

/**
 * Services that call a function with an IAM role (the function's execution role for event source mappings, or the
 * caller's own role), never through the function's resource policy: a permission for them grants nothing a
 * confused deputy could use, so asking for a source is noise.
 * - Event source mappings (SQS, Kinesis, DynamoDB Streams, MSK, Amazon MQ): "Lambda uses the
 *   permissions in the function's execution role to read" — https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html
 * - Step Functions, EventBridge Scheduler and EventBridge Pipes invoke with the role given to the state machine,
 *   schedule or pipe — https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
 */
export const ROLE_BASED_INVOKERS: ReadonlySet<string> = new Set([
  'sqs.amazonaws.com',
  'kinesis.amazonaws.com',
  'dynamodb.amazonaws.com',
  'kafka.amazonaws.com',
  'mq.amazonaws.com',
  'states.amazonaws.com',
  'scheduler.amazonaws.com',
  'pipes.amazonaws.com',
]);

/**
 * cfn-lint W3664 (`permission_principal.json`): when SourceArn references a template resource of these types, the
 * principal must match. Regional CloudWatch Logs principals (`logs.us-east-1.amazonaws.com`) are accepted.
 */
export const PRINCIPAL_BY_SOURCE_TYPE: Readonly<Record<string, { pattern: RegExp; expected: string }>> = {
  'AWS::ApiGateway::RestApi': { pattern: /^apigateway\.amazonaws\.com$/, expected: 'apigateway.amazonaws.com' },
  'AWS::ApiGatewayV2::Api': { pattern: /^apigateway\.amazonaws\.com$/, expected: 'apigateway.amazonaws.com' },
  'AWS::Cognito::UserPool': { pattern: /^cognito-idp\.amazonaws\.com$/, expected: 'cognito-idp.amazonaws.com' },
  'AWS::Config::ConfigRule': { pattern: /^config\.amazonaws\.com$/, expected: 'config.amazonaws.com' },
  'AWS::ElasticLoadBalancingV2::TargetGroup': { pattern: /^elasticloadbalancing\.amazonaws\.com$/, expected: 'elasticloadbalancing.amazonaws.com' },
  'AWS::Events::Rule': { pattern: /^events\.amazonaws\.com$/, expected: 'events.amazonaws.com' },
  'AWS::IoT::TopicRule': { pattern: /^iot\.amazonaws\.com$/, expected: 'iot.amazonaws.com' },
  'AWS::Logs::LogGroup': { pattern: /^logs(\.[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+)?\.amazonaws\.com$/, expected: 'logs.amazonaws.com' },
  'AWS::S3::Bucket': { pattern: /^s3\.amazonaws\.com$/, expected: 's3.amazonaws.com' },
  'AWS::SNS::Topic': { pattern: /^sns\.amazonaws\.com$/, expected: 'sns.amazonaws.com' },
};

/**
 * The ARN service of the resources each invoker sends as `aws:SourceArn` (Lambda Developer Guide, "Granting Lambda function access to AWS services"). Only these principals
 * are compared with a SourceArn's service: for any other, we do not know which ARNs it sends.
 * API Gateway is the classic trap: its principal is `apigateway`, its invoke ARNs are `execute-api`.
 */
const SOURCE_SERVICES: Readonly<Record<string, readonly string[]>> = {
  's3.amazonaws.com': ['s3'],
  'sns.amazonaws.com': ['sns'],
  'events.amazonaws.com': ['events'],
  'apigateway.amazonaws.com': ['execute-api'],
  'cognito-idp.amazonaws.com': ['cognito-idp'],
  'config.amazonaws.com': ['config'],
  'elasticloadbalancing.amazonaws.com': ['elasticloadbalancing'],
  'iot.amazonaws.com': ['iot'],
  'logs.amazonaws.com': ['logs'],
  'ses.amazonaws.com': ['ses'],
  'secretsmanager.amazonaws.com': ['secretsmanager'],
  'connect.amazonaws.com': ['connect'],
  'lex.amazonaws.com': ['lex'],
  'lexv2.amazonaws.com': ['lex'],
  'codecommit.amazonaws.com': ['codecommit'],
  'vpc-lattice.amazonaws.com': ['vpc-lattice'],
};

/** The ARN services a known invoker sends as SourceArn, by canonical principal (regional forms included). */
export function sourceServicesOf(principal: ServicePrincipalRecord): readonly string[] | undefined {
  return SOURCE_SERVICES[principal.name];
}

/** The principal that sends SourceArns of an ARN service, when exactly one does. */
export function principalForSourceService(service: string): string | undefined {
  const principals = Object.keys(SOURCE_SERVICES).filter((p) => SOURCE_SERVICES[p].includes(service));
  return principals.length === 1 ? principals[0] : undefined;
}

/**
 * Invoker principals people write for the service's ARN name or product name (a heuristic list, not from an AWS source): not
 * service principals at all, so each has one correction.
 */
export const INVOKER_PRINCIPAL_CONFUSIONS: Readonly<Record<string, string>> = {
  'execute-api.amazonaws.com': 'apigateway.amazonaws.com',
  'cognito.amazonaws.com': 'cognito-idp.amazonaws.com',
};
