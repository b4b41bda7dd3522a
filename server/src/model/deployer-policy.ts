import { compilePolicy, type EvalStatement } from '../iam/evaluator';
import { wildcardMatch } from '../iam/wildcard';
import { child, scalarText } from '../parse/tree';
import { isCapacityProvider, managedInstances } from './capacity-providers';
import type { LintDocument } from './document';
import { policyMemo, type PolicyView } from './policy';
import { referencedIds } from './roles';
import { elementStrings, isResolved, type StringValue } from './values';

/**
 * Deployer policies: identity policies that let someone create or reconfigure Lambda functions and capacity
 * providers. https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html lists what each
 * API checks: `CreateFunction` and `UpdateFunctionConfiguration` also check `lambda:PassCapacityProvider` (for a
 * function on a capacity provider) and `iam:PassRole`; `CreateCapacityProvider` checks `iam:PassRole` for the operator
 * role (`iam:PassedToService` = `lambda.amazonaws.com`).
 */
export const CAPACITY_PROVIDER_ACTIONS = [
  'lambda:CreateCapacityProvider',
  'lambda:UpdateCapacityProvider',
  'lambda:DeleteCapacityProvider',
  'lambda:GetCapacityProvider',
  'lambda:ListCapacityProviders',
  'lambda:ListFunctionVersionsByCapacityProvider',
  'lambda:PassCapacityProvider',
];

/** The memo keys of {@link grantingValues} by the list of actions asked about (each caller's is a constant). */
const grantingKeys = new WeakMap<readonly string[], string>();

/** The Action values of the policy's Allow statements that grant one of the actions (wildcards included). */
export function grantingValues(policy: PolicyView, actions: readonly string[]): readonly StringValue[] {
  let key = grantingKeys.get(actions);
  if (key === undefined) grantingKeys.set(actions, (key = `granting\u0000${actions.join('\u0000')}`));
  return policyMemo(policy, key, () =>
    policy.statements.flatMap((s) => {
      if (scalarText(child(s.node, 'Effect')) !== 'Allow') return [];
      return elementStrings(child(s.node, 'Action')).filter((v) => isResolved(v.text) && actions.some((a) => wildcardMatch(v.text, a, { ignoreCase: true })));
    }),
  );
}


/**
 * The policy is about capacity providers: an Action names one of their actions (a value written for them, not
 * `*` or `lambda:*`), a Resource names one, or the template it lives in puts functions on capacity providers.
 */
export function dealsWithCapacityProviders(policy: PolicyView, doc: LintDocument): boolean {
  for (const s of policy.statements) {
    for (const v of elementStrings(child(s.node, 'Action'))) {
      if (/capacityprovider/i.test(v.text) && CAPACITY_PROVIDER_ACTIONS.some((a) => wildcardMatch(v.text, a, { ignoreCase: true }))) return true;
    }
    const resource = child(s.node, 'Resource');
    if (elementStrings(resource).some((v) => v.text.includes(':capacity-provider:'))) return true;
    if (doc.template && referencedIds(resource).some((id) => isCapacityProvider(doc.template!.resource(id)))) return true;
  }
  return doc.template !== undefined && managedInstances(doc.template).functions.length > 0;
}

/** Could these statements allow the action, with the context given and any other condition satisfiable? */
export function mayAllow(statements: readonly EvalStatement[], action: string, resource: string, context: Record<string, string> = {}): boolean {
  return compilePolicy(statements, { unknownKeys: 'assume-satisfiable' }).evaluate({ action, resource, context }).decision === 'allow';
}
