import { compareArn, parseArn } from '../iam/arn';
import { getAtt, type WrittenValue } from '../edits/value-writer';
import { managedInstances } from './capacity-providers';
import type { TemplateView } from './template';

/**
 * The `Resource` a fix scopes `lambda:PassCapacityProvider` to: the capacity providers the template defines, or, in
 * a standalone policy (or a template without any), a capacity provider ARN whose name the user fills in. Region and
 * account stay `*`, as in the Lambda documentation's example, so the placeholder is a valid ARN that grants nothing
 * until it names a real capacity provider.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-security.html
 */
export const CAPACITY_PROVIDER_ARN_PLACEHOLDER = 'arn:aws:lambda:*:*:capacity-provider:CAPACITY_PROVIDER_NAME';

export function capacityProviderResource(template: TemplateView | undefined): WrittenValue {
  const providers = template ? managedInstances(template).providers : [];
  if (providers.length === 0) return CAPACITY_PROVIDER_ARN_PLACEHOLDER;
  const arns = providers.map((p) => getAtt(p.resource.id, 'Arn'));
  return arns.length === 1 ? arns[0] : arns;
}

/**
 * A Resource value that names every capacity provider it can (in its Region and account): `*`,
 * `arn:aws:lambda:*:*:capacity-provider:*`, `arn:aws:lambda:us-east-1:111122223333:*`. A name pattern such as
 * `capacity-provider:trusted-workloads-*` does not: it is the scoping the documentation recommends.
 */
export function coversEveryCapacityProvider(resource: string): boolean {
  if (resource === '*') return true;
  const parsed = parseArn(resource);
  if (!parsed.ok || parsed.arn.opaque) return false;
  const { partition, region, account } = parsed.arn;
  return compareArn(resource, `arn:${partition}:lambda:${region}:${account}:capacity-provider:*`) === 'yes';
}
