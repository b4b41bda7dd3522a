import { catalog, type ConditionKeyRecord } from './catalog';

// Keys AWS uses in its own managed policies and documentation that the Service Authorization Reference does not
// list. They are real (AWS evaluates them), so they are never reported as unknown.
// - aws:PrincipalOrgMasterAccountId: AWSSSOServiceRolePolicy, documented with the IAM Identity Center managed
//   policies (https://docs.aws.amazon.com/singlesignon/latest/userguide/security-iam-awsmanpol.html).
// - lakeformation:GlueARN: AmazonDataZoneGlueManageAccessRolePolicy (a `Null` check on lakeformation:GetDataAccess).
const UNLISTED_KEYS: readonly ConditionKeyRecord[] = [
  unlisted('aws:PrincipalOrgMasterAccountId', 'aws', true),
  unlisted('lakeformation:GlueARN', 'lakeformation', false),
];
const unlistedByName = new Map(UNLISTED_KEYS.map((k) => [k.name.toLowerCase(), k]));

function unlisted(name: string, service: string, global: boolean): ConditionKeyRecord {
  return { name, service, type: 'String', baseType: 'String', multivalued: false, global, pattern: false, description: '', docsUrl: '' };
}

/**
 * A condition key as the catalogue knows it, any case. Also resolves the two service tag keys the catalogue spells
 * with a literal `tag-key` (`secretsmanager:ResourceTag/tag-key`, `ssm:resourceTag/tag-key`) rather than a
 * `${TagKey}` placeholder, and the keys in UNLISTED_KEYS.
 */
export function lookupConditionKey(name: string): ConditionKeyRecord | undefined {
  const found = catalog().conditionKey(name) ?? unlistedByName.get(name.toLowerCase());
  if (found) return found;
  const slash = name.lastIndexOf('/');
  if (slash <= 0 || slash === name.length - 1) return undefined;
  const tagged = catalog().conditionKey(`${name.slice(0, slash)}/tag-key`);
  return tagged ? { ...tagged, pattern: true } : undefined;
}
