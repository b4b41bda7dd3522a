import type { EvalStatement } from '../iam/evaluator';
import type { LintDocument } from './document';
import type { PolicyView, StatementView } from './policy';
import { templateRoles, type RoleModel } from './roles';
import { evalStatements } from './statement';

/** Who a policy grants to, and everything that grantee may do: the question behind "is X missing?". */
export interface PolicyHolder {
  /** The template role the policy is attached to; undefined when the policy is judged on its own. */
  role?: RoleModel;
  statements: EvalStatement[];
  /** False when the grantee has policies we cannot read: then nothing may be called missing. */
  complete: boolean;
}

/**
 * A policy attached to roles of its template is judged with each role's whole permissions (another of the role's
 * policies may grant what this one lacks). A standalone policy, or one attached to users, groups or nothing the
 * template shows, is judged on its own: it is the document the user is writing.
 */
export function policyHolders(policy: PolicyView, doc: LintDocument): PolicyHolder[] {
  const own = (): PolicyHolder[] => [{ statements: evalStatements([policy]), complete: true }];
  if (!doc.template) return own();
  const roles = templateRoles(doc.template);
  const nodes = new Set(policy.statements.map((s) => s.node));
  const holders = doc.template
    .resourcesOfType('AWS::IAM::Role')
    .map((r) => roles.templateRole(r))
    .filter((role) => role.permissions.statements.some((s) => nodes.has((s.origin as StatementView | undefined)?.node as StatementView['node'])))
    .map(holder);
  return holders.length ? holders : own();
}

function holder(role: RoleModel): PolicyHolder {
  return { role, statements: role.permissions.statements, complete: role.permissions.complete };
}
