import { defineRule } from '../../engine/rule';
import { awsManagedPolicy } from '../../iam/managed-policies';
import { lambdaFunctions, listText, roleLabel } from '../../model/execution-role-requirements';
import { elementValues, type StatementView } from '../../model/policy';
import { type RoleModel } from '../../model/roles';
import { prop, type ResourceView } from '../../model/template';
import { elementStrings, stringValues } from '../../model/values';
import { child, type Node } from '../../parse/tree';

const ROLE =
  'Resources:\n  ImporterRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n';
const FUNCTION =
  '  Importer:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      Role: !GetAtt ImporterRole.Arn\n      Code:\n        ZipFile: "def handler(event, context): return event"\n';

export default defineRule({
  meta: {
    id: 'lambda/execution-role-admin',
    severity: 'warning',
    summary: 'A function should not run with administrator permissions',
    description:
      'Whatever runs inside the function — its code, every dependency, anything an attacker can inject — acts with the ' +
      'execution role\'s permissions. A role with `AdministratorAccess`, or a statement that allows every action on ' +
      'every resource, turns any bug in the function into full control of the account. Grant the function only the ' +
      'actions and resources it uses (SAM policy templates, scoped statements). Roles with a permissions boundary are ' +
      'left alone, since the boundary caps what the role can do.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html',
    messages: {
      adminManaged: 'Role {{role}} is the execution role of {{functions}} and has AdministratorAccess: any code running in the function can do anything in the account.',
      adminStatement: 'Role {{role}} is the execution role of {{functions}} and allows every action on every resource: any code running in the function can do anything in the account.',
    },
    examples: {
      valid: [{ file: 'template.yaml', code: ROLE + FUNCTION }],
      invalid: [{ file: 'template.yaml', code: `${ROLE}        - arn:aws:iam::aws:policy/AdministratorAccess\n${FUNCTION}` }],
    },
  },
  check(context) {
    const template = context.doc.template;
    if (!template) return;
    const functionsOf = new Map<RoleModel, ResourceView[]>();
    for (const { fn, role: ref } of lambdaFunctions(template)) {
      if (ref.kind === 'role') functionsOf.set(ref.role, [...(functionsOf.get(ref.role) ?? []), fn]);
    }
    const reported = new Set<Node>();
    for (const [role, functions] of functionsOf) {
      const boundary = prop(role.resource, 'PermissionsBoundary');
      if (boundary !== undefined) continue;
      const data = { role: roleLabel(role), functions: listText(functions.map((f) => f.id)) };
      for (const node of adminPolicyEntries(role)) {
        if (!reported.has(node)) context.report(node, 'adminManaged', data);
        reported.add(node);
      }
      for (const s of role.permissions.statements) {
        const view = s.origin as StatementView | undefined;
        // Statements of AWS managed policies and expanded SAM templates are not in this document.
        if (!view?.policy?.resource || view.node.generated || s.effect !== 'Allow' || s.condition !== undefined) continue;
        const star = elementStrings(child(view.node, 'Action')).find((a) => a.literal && a.text === '*');
        if (!star || !s.resource?.includes('*') || reported.has(star.node)) continue;
        reported.add(star.node);
        context.report(star.node, 'adminStatement', data);
      }
    }
  },
});

/** `ManagedPolicyArns` entries of a role (for SAM, its `Policies` entries that name managed policies) that name AdministratorAccess. */
function adminPolicyEntries(role: RoleModel): Node[] {
  return elementValues(prop(role.resource, 'ManagedPolicyArns')).filter((node) =>
    stringValues(node).some((v) => awsManagedPolicy(v.text.replace(/\$\{AWS::Partition\}/g, 'aws'))?.name === 'AdministratorAccess'),
  );
}
