import { wildcardMatch } from '../iam/wildcard';
import type { PolicyPurpose } from './detect';
import { isOperatorPermissionsPolicy } from './operator-permissions';
import type { PolicyView } from './policy';
import { evalStatement } from './statement';
import { principalValues } from './statement-principals';

/**
 * The actions that make an identity policy a deployer's: creating or reconfiguring functions and capacity providers,
 * and placing functions on them. Such a policy is judged by lambda/deployer-pass-role and the lmi/ deployer rules.
 */
const DEPLOYER_ACTIONS = ['lambda:CreateFunction', 'lambda:UpdateFunctionConfiguration', 'lambda:CreateCapacityProvider', 'lambda:PassCapacityProvider'];

/**
 * What a standalone policy file is for, read from its content (README "Document kinds"):
 * - `operator`: an identity policy that pins `ec2:ManagedResourceOperator` (to any value) on the actions Lambda's
 *   scaler performs, or whose actions are those of `AWSLambdaManagedEC2ResourceOperator`;
 * - `deployer`: an identity policy that allows `lambda:CreateFunction`, `UpdateFunctionConfiguration`,
 *   `CreateCapacityProvider` or `PassCapacityProvider`;
 * - `operator-trust`: a trust policy naming `scaler.lambda.amazonaws.com` (a mistake: lmi/operator-role-trust);
 * - `execution-trust`: a trust policy naming `lambda.amazonaws.com` (an execution or an operator role: both need
 *   Lambda to be able to call `sts:AssumeRole`).
 */
export function recognisedPurpose(policy: PolicyView): PolicyPurpose | undefined {
  if (policy.kind === 'identity') {
    if (isOperatorPermissionsPolicy(policy)) return 'operator';
    const deployer = policy.statements.some((view) => {
      const s = evalStatement(view);
      return s?.effect === 'Allow' && (s.action ?? []).some((a) => DEPLOYER_ACTIONS.some((d) => wildcardMatch(a, d, { ignoreCase: true })));
    });
    return deployer ? 'deployer' : undefined;
  }
  if (policy.kind === 'trust') {
    const services = policy.statements.flatMap((s) => principalValues(s).filter((v) => v.element === 'Principal' && v.type === 'Service').map((v) => v.text.toLowerCase()));
    if (services.includes('scaler.lambda.amazonaws.com')) return 'operator-trust';
    if (services.includes('lambda.amazonaws.com')) return 'execution-trust';
  }
  return undefined;
}
