import { defineRule } from '../../engine/rule';
import { requiresValue } from '../../model/condition-requirement';
import { statementConditions } from '../../model/statement-conditions';
import { isEveryone, principalForms, principalValues } from '../../model/statement-principals';
import { elementStrings } from '../../model/values';
import { child, scalarText, type Node } from '../../parse/tree';

/**
 * Condition keys that tie a request to an account, organization, network or source resource, so that `"*"` no longer
 * means anyone. `aws:SecureTransport`, `aws:UserAgent`, `aws:referer`, `aws:CurrentTime`, tag keys and
 * `lambda:FunctionUrlAuthType` do not: any caller, from any account, can satisfy them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
const RESTRICTING_KEYS = new Set(
  [
    'aws:PrincipalArn',
    'aws:PrincipalAccount',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalServiceName',
    'aws:PrincipalServiceNamesList',
    'aws:PrincipalIsAWSService',
    'aws:userid',
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceOwner',
    'aws:SourceIp',
    'aws:SourceVpc',
    'aws:SourceVpcArn',
    'aws:SourceVpce',
    'aws:VpceAccount',
    'aws:VpceOrgID',
    'aws:VpceOrgPaths',
    'kms:CallerAccount',
    's3:DataAccessPointAccount',
    's3:DataAccessPointArn',
  ].map((k) => k.toLowerCase()),
);

export default defineRule({
  meta: {
    id: 'iam/public-principal',
    scope: 'policy',
    severity: 'warning',
    summary: '`Principal: "*"` in a resource-based or trust policy without a condition that limits who can call',
    description:
      '`"Principal": "*"` and `{"AWS": "*"}` mean everyone: every AWS account and, for most services, anonymous ' +
      'callers too. In a resource-based policy that makes the resource public; in a role trust policy it lets any AWS ' +
      'account assume the role. That is sometimes meant (a public website bucket), but only safe with a condition ' +
      'that ties the caller to you: `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`, ' +
      '`aws:SourceArn`/`aws:SourceAccount` (for services), `aws:SourceVpce`/`aws:SourceVpc`, `aws:SourceIp`, ' +
      '`kms:CallerAccount`, `s3:DataAccessPointAccount`. A condition only on `aws:SecureTransport`, `aws:UserAgent`, ' +
      '`aws:referer`, a tag or `lambda:FunctionUrlAuthType` does not limit who can call (with `AWS_IAM`, any ' +
      'authenticated principal of any account still can). `…IfExists`, `ForAllValues:` and negated operators do not ' +
      'count either: they pass when the key is absent.\n\nChecked on every resource-based policy of a template (SNS topic, SQS ' +
      'queue, S3 bucket, EventBridge bus, KMS key, Secrets Manager secret, ECR repository, EFS file system and API ' +
      'Gateway policies, SAM `Auth.ResourcePolicy.CustomStatements`) and on standalone ones. `execute-api:Invoke` for ' +
      'everyone is not reported: an API without a resource policy is just as open, and its authorizers decide who gets ' +
      'through.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous',
    messages: {
      publicResource: 'Principal "*" lets anyone, from any account or anonymously, {{what}}: add a condition such as aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn or aws:SourceVpce.',
      publicTrust: '{"AWS": "*"} lets any AWS account assume this role: name the principals, or add a condition such as aws:PrincipalOrgID or aws:PrincipalArn.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": "*",\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::my-bucket/*",\n      "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }\n    }\n  ]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": "*",\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::my-bucket/*",\n      "Condition": { "Bool": { "aws:SecureTransport": "true" } }\n    }\n  ]\n}\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    for (const policy of doc.policies) {
      if (policy.kind === 'identity') continue;
      for (const statement of policy.statements) {
        if (scalarText(child(statement.node, 'Effect')) !== 'Allow') continue;
        const everyone: Node[] = [];
        // `"Principal": "*"` in a trust policy is invalid, not public: iam/invalid-principal reports it.
        if (policy.kind === 'resource') {
          for (const f of principalForms(statement)) if (f.element === 'Principal' && f.node.type === 'string' && f.node.value === '*') everyone.push(f.node);
        }
        for (const v of principalValues(statement)) if (v.element === 'Principal' && isEveryone(v)) everyone.push(v.node);
        if (everyone.length === 0) continue;
        if (onlyInvokesApi(statement.node)) continue;
        const conditions = statementConditions(statement);
        if (conditions.opaque || conditions.entries.some((e) => RESTRICTING_KEYS.has(e.key.toLowerCase()) && requiresValue(e))) continue;
        for (const node of everyone) {
          if (policy.kind === 'trust') report(node, 'publicTrust');
          else report(node, 'publicResource', { what: describeActions(statement.node) });
        }
      }
    }
  },
});

/**
 * `execute-api:Invoke` for everyone in an API Gateway resource policy does not open anything: an API without a
 * resource policy can be called by anyone too, and its authorizers (IAM, Cognito, Lambda) decide who gets through.
 * Such statements are the "allow" half of the documented allow-then-deny policies (by VPC endpoint, IP range, account).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
 */
function onlyInvokesApi(statement: Node): boolean {
  const actions = elementStrings(child(statement, 'Action'));
  return actions.length > 0 && actions.every((a) => /^execute-api:(invoke|\*)$/i.test(a.text));
}

function describeActions(statement: Node): string {
  const action = child(statement, 'Action');
  const text = scalarText(action);
  if (text !== undefined) return `call ${text}`;
  return action?.type === 'array' ? 'call these actions' : 'call every action not excluded';
}
