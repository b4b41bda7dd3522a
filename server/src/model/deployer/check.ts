import { compilePolicy, type CompiledPolicy, type EvalStatement } from '../../iam/evaluator';
import type { LintDocument } from '../document';
import type { StatementView } from '../policy';
import { evalStatements } from '../statement';
import type { DeployerPolicy, DeployTarget } from './generate';

export interface CheckFinding {
  kind: 'missing' | 'broader';
  message: string;
  /** Offsets in the policy file: the statement that over-grants, or the whole document. */
  start: number;
  end: number;
}

/** A concrete name in place of each wildcard of an ARN pattern, so a request names one real-looking resource. */
export function sampleArn(pattern: string): string {
  return pattern.replace(/\*/g, 'sample1');
}

const PROBE_ROLE = 'lambda-iam-lint-probe-role-not-in-template';
const PROBE_PROVIDER = 'lambda-iam-lint-probe-provider-not-in-template';

/**
 * Compares an existing deployer policy with what the template needs: every action of the generated policy on the
 * template's resources must be allowed, and `iam:PassRole` / `lambda:PassCapacityProvider` must not be allowed on a
 * role or capacity provider the template does not have.
 */
export function checkDeployerPolicy(policyDoc: LintDocument, needed: DeployerPolicy, target: DeployTarget): CheckFinding[] {
  const statements: EvalStatement[] = evalStatements(policyDoc.policies);
  const compiled: CompiledPolicy = compilePolicy(statements);
  const whole = { start: 0, end: Math.min(policyDoc.text.length, policyDoc.text.indexOf('\n') >= 0 ? policyDoc.text.indexOf('\n') : policyDoc.text.length) };
  const findings: CheckFinding[] = [];
  const missing = new Map<string, string[]>();
  for (const document of needed.documents) {
    for (const s of document.Statement) {
      if (s.Effect !== 'Allow' || !s.Resource) continue;
      const context: Record<string, string> = {};
      for (const keys of Object.values(s.Condition ?? {})) for (const [key, values] of Object.entries(keys)) context[key] = values[0];
      for (const action of s.Action) {
        for (const resource of s.Resource) {
          const decision = compiled.evaluate({ action, resource: sampleArn(resource), context }).decision;
          if (decision !== 'allow') missing.set(action, [...(missing.get(action) ?? []), resource]);
        }
      }
    }
  }
  for (const [action, resources] of missing) {
    findings.push({ kind: 'missing', message: `Missing ${action} on ${resources.join(', ')}: the template needs it to deploy.`, ...whole });
  }
  const { partition, region, account } = target;
  const account0 = account === '*' ? '123456789012' : account;
  const region0 = region === '*' ? 'us-east-1' : region;
  const services = new Set(['lambda.amazonaws.com', ...needed.passedRoles.keys()]);
  const probes: { action: string; resource: string; context: Record<string, string>; what: string }[] = [];
  for (const service of services) {
    probes.push({ action: 'iam:PassRole', resource: `arn:${partition}:iam::${account0}:role/${PROBE_ROLE}`, context: { 'iam:PassedToService': service }, what: `a role the template does not have (passed to ${service})` });
  }
  probes.push({ action: 'lambda:PassCapacityProvider', resource: `arn:${partition}:lambda:${region0}:${account0}:capacity-provider:${PROBE_PROVIDER}`, context: {}, what: 'a capacity provider the template does not have' });
  const reported = new Set<unknown>();
  for (const probe of probes) {
    const result = compiled.evaluate({ action: probe.action, resource: probe.resource, context: probe.context });
    if (result.decision !== 'allow') continue;
    for (const m of result.matched) {
      if (m.effect !== 'Allow') continue;
      const node = (m.origin as StatementView | undefined)?.node;
      const key = `${probe.action}:${node?.start ?? -1}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const scope = probe.action === 'iam:PassRole' ? [...new Set([...needed.passedRoles.values()].flat())] : needed.capacityProviders;
      findings.push({
        kind: 'broader',
        message: `${probe.action} is allowed on ${probe.what}: scope it to ${scope.length ? scope.join(', ') : 'nothing (the template needs none)'}.`,
        start: node?.start ?? whole.start,
        end: node?.end ?? whole.end,
      });
    }
  }
  return findings;
}
