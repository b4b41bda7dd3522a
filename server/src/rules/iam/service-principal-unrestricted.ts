import { defineRule, type Fix } from '../../engine/rule';
import { parseArn } from '../../iam/arn';
import { parseConditionOperator } from '../../iam/evaluator';
import { requiresValue } from '../../model/condition-requirement';
import { insertCondition } from '../../model/condition-insertion';
import type { StatementView } from '../../model/policy';
import { statementConditions } from '../../model/statement-conditions';
import { principalForms, principalValues } from '../../model/statement-principals';
import { elementStrings, isResolved } from '../../model/values';
import { child, scalarText } from '../../parse/tree';

/** The keys that name the resource a service acts for (Access Analyzer RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL). */
const SOURCE_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:sourceowner'];
/** Keys about the calling IAM principal: absent from a service principal's request, so a condition on them never holds. */
const PRINCIPAL_ONLY_KEYS = ['aws:principalorgid', 'aws:principalorgpaths'];
const PLACEHOLDER_ACCOUNT = '111122223333';

export default defineRule({
  meta: {
    id: 'iam/service-principal-unrestricted',
    scope: 'policy',
    severity: 'warning',
    summary: 'A resource-based policy grants a service principal without `aws:SourceArn` or `aws:SourceAccount`',
    description:
      'When a resource-based policy (a Lambda function, queue, topic or bucket policy) lets a service principal such ' +
      'as `sns.amazonaws.com` in, any resource of that service can use the grant, in any AWS account: someone else\'s ' +
      'SNS topic can invoke your function. This is the confused-deputy problem. Say which resource the service acts ' +
      'for with `aws:SourceArn` (ArnLike), or at least which account with `aws:SourceAccount` (StringEquals); for S3, ' +
      'whose bucket ARNs carry no account, use both. `aws:PrincipalOrgID` does not help here: a service principal ' +
      'belongs to no organization, so the grant would never apply (use `aws:SourceOrgID`). Alexa principals ' +
      '(`alexa-appkit.amazon.com`) are scoped with `lambda:EventSourceToken` instead and are not reported. The quick ' +
      'fix adds `"aws:SourceAccount"` with the account of the statement\'s resource ARN, or a placeholder account to ' +
      'replace.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
    accessAnalyzer: ['RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL', 'RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL', 'UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL'],
    fix: 'suggestion',
    messages: {
      unrestricted: 'Any {{services}} resource, in any account, can use this grant: add an aws:SourceArn (ArnLike) or aws:SourceAccount (StringEquals) condition.',
      recommendedKey: '{{keys}} does not say which resource {{services}} acts for: add aws:SourceArn (ArnLike) or aws:SourceAccount (StringEquals).',
      unsupportedKey: '{{keys}} is never in a request from {{services}} (a service principal belongs to no organization), so this grant never applies: use aws:SourceOrgID, aws:SourceAccount or aws:SourceArn.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": "sns.amazonaws.com" },\n      "Action": "sqs:SendMessage",\n      "Resource": "arn:aws:sqs:us-east-1:123456789012:orders",\n      "Condition": { "ArnLike": { "aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:orders-topic" } }\n    }\n  ]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": "sns.amazonaws.com" },\n      "Action": "sqs:SendMessage",\n      "Resource": "arn:aws:sqs:us-east-1:123456789012:orders"\n    }\n  ]\n}\n',
          fixed:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": "sns.amazonaws.com" },\n      "Action": "sqs:SendMessage",\n      "Resource": "arn:aws:sqs:us-east-1:123456789012:orders",\n      "Condition": {\n        "StringEquals": {\n          "aws:SourceAccount": "123456789012"\n        }\n      }\n    }\n  ]\n}\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      // A trust policy is a role's own resource policy, but services assume roles for the caller who passed them.
      if (policy.kind !== 'resource') continue;
      for (const statement of policy.statements) {
        if (scalarText(child(statement.node, 'Effect')) !== 'Allow') continue;
        const values = principalValues(statement).filter((v) => v.element === 'Principal');
        const services = values.filter((v) => v.type === 'Service' && v.node.type !== 'object' && v.node.type !== 'array' && !/\.amazon\.com$/.test(v.text));
        if (services.length === 0) continue;
        const conditions = statementConditions(statement);
        if (conditions.opaque) continue;
        if (conditions.entries.some((e) => SOURCE_KEYS.includes(e.key.toLowerCase()) && parseConditionOperator(e.operator)?.operator.family !== 'null')) continue;
        const names = [...new Set(services.map((v) => (isResolved(v.text) ? v.text : 'the service')))].join(' or ');
        const onlyServices = values.length === services.length && principalForms(statement).every((f) => f.node.type === 'object');
        const principalOnly = conditions.entries.filter((e) => PRINCIPAL_ONLY_KEYS.includes(e.key.toLowerCase()) && requiresValue(e));
        if (onlyServices && principalOnly.length > 0) {
          // aws:PrincipalOrgID → aws:SourceOrgID keeps the author's intent (the same organization) for a service caller.
          const renames = principalOnly.map((e) => fixer.renameKey(e.keyProperty, e.key.toLowerCase() === 'aws:principalorgid' ? 'aws:SourceOrgID' : 'aws:SourceOrgPaths'));
          const fix: Fix = { title: 'Use the aws:SourceOrg… key instead', safe: false, edits: renames };
          report(services[0].node, 'unsupportedKey', { keys: [...new Set(principalOnly.map((e) => e.key))].join(', '), services: names }, [fix]);
          continue;
        }
        const fixes: Fix[] = [];
        const edit = insertCondition(fixer, statement.node, 'StringEquals', 'aws:SourceAccount', resourceAccount(statement) ?? PLACEHOLDER_ACCOUNT);
        if (edit) fixes.push({ title: 'Add an aws:SourceAccount condition (check the account ID)', safe: false, edits: [edit] });
        if (conditions.entries.length > 0) {
          report(services[0].node, 'recommendedKey', { keys: [...new Set(conditions.entries.map((e) => e.key))].join(', '), services: names }, fixes);
        } else {
          report(services[0].node, 'unrestricted', { services: names }, fixes);
        }
      }
    }
  },
});

/** The account of the statement's resources when they all name the same one: the usual source account. */
function resourceAccount(statement: StatementView): string | undefined {
  const accounts = new Set(
    elementStrings(child(statement.node, 'Resource')).map((v) => {
      const parsed = parseArn(v.text);
      return parsed.ok && /^\d{12}$/.test(parsed.arn.account) ? parsed.arn.account : undefined;
    }),
  );
  const [only] = accounts;
  return accounts.size === 1 ? only : undefined;
}
