import { property } from '../../parse/tree';
import type { ResourceView } from '../template';
import { policies, RoleBuilder, trustPolicy } from './function';
import { arr, entry, getAtt, obj } from './synthetic';
import { anchorKey, type SamTransformer } from './transform';

/**
 * `AWS::Serverless::StateMachine` → `AWS::StepFunctions::StateMachine` (samtranslator `model/stepfunctions/generators.py`),
 * with `<Id>Role` trusted by `states.amazonaws.com` and holding its `Policies` when no `Role` is named.
 */
export function transformStateMachine(t: SamTransformer, sm: ResourceView): void {
  const props = t.properties(sm);
  const at = anchorKey(sm);
  const role = property(props, 'Role');
  const kept = (props?.properties ?? []).filter((p) => ['Name', 'Type', 'Tracing', 'Logging', 'Definition', 'DefinitionUri', 'PermissionsBoundary'].includes(p.key) === false || p.key === 'Name');
  const out = [...kept.filter((p) => p.key === 'Name'), entry('RoleArn', role ? role.value : getAtt(at, `${sm.id}Role`, 'Arn'), role)];
  t.add(sm.id, 'AWS::StepFunctions::StateMachine', { ...obj(at, {}), properties: out.map((p) => (p.key === 'Name' ? { ...p, key: 'StateMachineName' } : p)) }, sm, at, { entry: sm.entry });
  if (role) return;
  const builder = new RoleBuilder(at);
  policies(sm, property(props, 'Policies'), builder);
  t.add(
    `${sm.id}Role`,
    'AWS::IAM::Role',
    obj(at, {
      AssumeRolePolicyDocument: trustPolicy(at, 'states.amazonaws.com'),
      ManagedPolicyArns: builder.managed.length ? arr(at, builder.managed) : undefined,
      Policies: builder.inline.length ? arr(at, builder.inline) : undefined,
      PermissionsBoundary: property(props, 'PermissionsBoundary')?.value,
      Path: property(props, 'RolePath')?.value,
    }),
    sm,
    at,
    { unreadable: builder.unreadable },
  );
}
