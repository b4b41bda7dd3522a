import { defineRule, keyRange, type Fix, type RuleContext } from '../../engine/rule';
import { catalog } from '../../iam/catalog';
import { editDistance } from '../../iam/edit-distance';
import { compilePolicy, type CompiledPolicy, type EvalStatement } from '../../iam/evaluator';
import { child, property, scalarText, type Node, type Property } from '../../parse/tree';
import { lambdaFunctions, listText } from '../../model/execution-role-requirements';
import { alternatives, elementValues, type PolicyView } from '../../model/policy';
import { evalStatements } from '../../model/statement';
import { referencedIds, type RoleModel } from '../../model/roles';
import { ValueWriter } from '../../edits/value-writer';
import { prop, type ResourceView, type TemplateView } from '../../model/template';
import { elementStrings } from '../../model/values';

const LAMBDA = 'lambda.amazonaws.com';
const EDGE = 'edgelambda.amazonaws.com';

export default defineRule({
  meta: {
    id: 'lambda/execution-role-trust',
    severity: 'error',
    summary: "A function's execution role must trust lambda.amazonaws.com for sts:AssumeRole",
    description:
      'Lambda runs a function with temporary credentials of its execution role, which it gets by calling ' +
      '`sts:AssumeRole` as the service principal `lambda.amazonaws.com`. When the role\'s trust policy does not allow ' +
      'that, `CreateFunction` fails ("The role defined for the function cannot be assumed by Lambda"). The rule follows ' +
      'each function\'s `Role` (`!GetAtt R.Arn`, `!Ref`, `!Sub`) to a role in the template and evaluates its trust ' +
      'policy, or a SAM function\'s `AssumeRolePolicyDocument` (also from `Globals`). A near miss such as ' +
      '`lamda.amazonaws.com` or `lambda.amazon.com` is reported on the principal itself, with a safe fix; otherwise ' +
      'the fix appends a trust statement for Lambda. A function that CloudFront runs at the edge (Lambda@Edge) also ' +
      'needs `edgelambda.amazonaws.com`; trusting it in addition to Lambda is fine. Roles from parameters, imports or ' +
      'literal ARNs are not judged, nor are conditions on keys the template cannot know.\n\nA standalone trust policy file ' +
      '(for `aws iam create-role --assume-role-policy-document file://trust.json`) is judged the same way when it is ' +
      'one for Lambda: it names `lambda.amazonaws.com`, or `policyKinds` calls it `execution-trust` or `operator-trust`.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html',
    fix: 'safe',
    messages: {
      missing:
        'The trust policy of role {{role}} does not let {{principal}} call sts:AssumeRole, so Lambda cannot run {{functions}} with it.',
      denied: 'A Deny statement in the trust policy of role {{role}} stops lambda.amazonaws.com from assuming it, so Lambda cannot run {{functions}} with it.',
      principalTypo:
        '"{{value}}" is not the Lambda service principal lambda.amazonaws.com: {{functions}} cannot assume role {{role}}.',
      fileMissing:
        'This {{what}} trust policy does not let lambda.amazonaws.com call sts:AssumeRole: Lambda cannot use a role created with it.',
      edgeOnly:
        'Role {{role}} trusts edgelambda.amazonaws.com but not lambda.amazonaws.com: Lambda@Edge needs both, and Lambda cannot run {{functions}} with it.',
    },
    examples: {
      valid: [
        {
          file: 'template.yaml',
          code:
            'Resources:\n  WorkerRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n  Worker:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      Role: !GetAtt WorkerRole.Arn\n      Code:\n        ZipFile: "def handler(event, context): return event"\n',
        },
      ],
      invalid: [
        {
          file: 'template.yaml',
          code:
            'Resources:\n  WorkerRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: ec2.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n  Worker:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      Role: !GetAtt WorkerRole.Arn\n      Code:\n        ZipFile: "def handler(event, context): return event"\n',
          fixed:
            'Resources:\n  WorkerRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: ec2.amazonaws.com\n            Action: sts:AssumeRole\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n  Worker:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      Role: !GetAtt WorkerRole.Arn\n      Code:\n        ZipFile: "def handler(event, context): return event"\n',
        },
      ],
    },
  },
  check(context) {
    const template = context.doc.template;
    if (!template) {
      for (const policy of context.doc.policies) checkTrustFile(context, policy);
      return;
    }
    const edge = edgeFunctions(template);
    // SAM roles generated from one `Globals` trust document share it: one finding per document.
    const byDocument = new Map<Property, { role: RoleModel; functions: ResourceView[] }>();
    for (const { fn, role: ref } of lambdaFunctions(template)) {
      if (ref.kind !== 'role') continue;
      const holder = trustHolder(ref.role);
      if (!holder) continue;
      const group = byDocument.get(holder) ?? { role: ref.role, functions: [] };
      group.functions.push(fn);
      byDocument.set(holder, group);
    }
    for (const [holder, { role, functions }] of byDocument) checkTrust(context, holder, role, functions, edge);
  },
});

/** A standalone trust policy for a Lambda execution or operator role: Lambda must be able to assume the role. */
function checkTrustFile(context: RuleContext, policy: PolicyView): void {
  if (policy.kind !== 'trust' || (policy.purpose !== 'execution-trust' && policy.purpose !== 'operator-trust') || !readable(policy.node)) return;
  const trust = evalStatements([policy]);
  // A near miss of the principal is iam/unknown-service-principal's finding, and scaler.lambda.amazonaws.com lmi/operator-role-trust's.
  const services = policy.statements.flatMap((s) => elementStrings(child(child(s.node, 'Principal'), 'Service')));
  if (principalTypos(trust).length || services.some((v) => /^scaler\.lambda\.amazonaws\.com/i.test(v.text))) return;
  const policyOf = compilePolicy(trust, { unknownKeys: 'assume-satisfiable' });
  const assumed = (service: string) => policyOf.evaluate({ action: 'sts:AssumeRole', resource: '*', principal: { type: 'Service', id: service } }).decision === 'allow';
  if (assumed(LAMBDA) || assumed(`${LAMBDA}.cn`)) return;
  const statement = property(policy.node, 'Statement');
  context.report(statement ? keyRange(statement) : policy.anchor, 'fileMissing', { what: policy.purpose === 'operator-trust' ? 'operator role' : 'execution role' });
}

const compiledTrust = new WeakMap<EvalStatement[], CompiledPolicy>();

function checkTrust(context: RuleContext, holder: Property, role: RoleModel, functions: ResourceView[], edge: Set<string>): void {
  if (!readable(holder.value)) return;
  let policy = compiledTrust.get(role.trust);
  if (!policy) compiledTrust.set(role.trust, (policy = compilePolicy(role.trust, { unknownKeys: 'assume-satisfiable' })));
  const assumedBy = (service: string) => policy.evaluate({ action: 'sts:AssumeRole', resource: '*', principal: { type: 'Service', id: service } });
  const data = { role: role.origin === 'template' ? role.id : `${role.id} (generated by SAM)`, functions: listText(functions.map((f) => f.id)) };
  const lambda = assumedBy(LAMBDA);
  if (lambda.decision === 'allow') {
    const atEdge = functions.filter((f) => edge.has(f.id));
    if (atEdge.length && assumedBy(EDGE).decision !== 'allow') {
      context.report(keyRange(holder), 'missing', { ...data, principal: EDGE, functions: `${listText(atEdge.map((f) => f.id))} at the edge (Lambda@Edge)` }, addStatement(context, holder, EDGE));
    }
    return;
  }
  // Some China-partition templates write `lambda.amazonaws.com.cn`; not judged.
  if (assumedBy(`${LAMBDA}.cn`).decision === 'allow') return;
  if (lambda.decision === 'deny' && !lambda.conditional) {
    context.report(keyRange(holder), 'denied', data);
    return;
  }
  const typos = principalTypos(role.trust);
  for (const node of typos) {
    const value = scalarText(node)!;
    context.report(node, 'principalTypo', { ...data, value }, [{ title: `Replace with "${LAMBDA}"`, safe: true, edits: [context.fixer.replaceScalar(node, LAMBDA)] }]);
  }
  if (typos.length) return;
  const edgeOnly = assumedBy(EDGE).decision === 'allow';
  context.report(keyRange(holder), edgeOnly ? 'edgeOnly' : 'missing', { ...data, principal: LAMBDA }, addStatement(context, holder, LAMBDA));
}

/** The role's `AssumeRolePolicyDocument`: for a SAM role, where it is written (the function, or its Globals), or SAM's default. */
function trustHolder(role: RoleModel): Property | undefined {
  if (role.origin !== 'template' && role.origin !== 'sam-function') return undefined;
  return property(role.resource.properties, 'AssumeRolePolicyDocument');
}

/**
 * Only a document whose every statement we can read is judged: an intrinsic where a document or statement should
 * be, or an Effect that is not literally Allow/Deny (another rule's finding), leaves the trust unknown.
 */
function readable(document: Node): boolean {
  const docs = alternatives(document);
  return (
    docs.length > 0 &&
    docs.every((d) => {
      if (d.type !== 'object' || child(d, 'Statement') === undefined) return false;
      const statements = elementValues(child(d, 'Statement'));
      return statements.every((s) => s.type === 'object' && ['Allow', 'Deny'].includes(scalarText(child(s, 'Effect')) ?? ''));
    })
  );
}

/** Literal `Principal.Service` values of Allow statements that are near misses of lambda.amazonaws.com. */
function principalTypos(trust: EvalStatement[]): Node[] {
  const found: Node[] = [];
  for (const s of trust) {
    const view = s.origin as { node?: Node } | undefined;
    if (s.effect !== 'Allow' || view?.node === undefined) continue;
    for (const v of elementStrings(child(child(view.node, 'Principal'), 'Service'))) {
      if (v.literal && v.node.type === 'string' && nearLambda(v.text)) found.push(v.node);
    }
  }
  return found;
}

function nearLambda(value: string): boolean {
  const text = value.trim();
  if (value === LAMBDA) return false;
  if (text === LAMBDA) return true;
  if (text.toLowerCase() === `${LAMBDA}.cn`) return false;
  if (catalog().servicePrincipal(text)) return false;
  return editDistance(text.toLowerCase(), LAMBDA, 3) <= 3;
}

/** Append `{Effect: Allow, Principal: {Service: …}, Action: sts:AssumeRole}` to the trust policy's Statement list. */
function addStatement(context: RuleContext, holder: Property, service: string): Fix[] {
  const docs = alternatives(holder.value);
  const list = docs.length === 1 ? child(docs[0], 'Statement') : undefined;
  if (list?.type !== 'array') return [];
  const statement = { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' };
  const edit = new ValueWriter(context.fixer, context.doc.text).appendItem(list, statement);
  return [{ title: `Add a statement that lets ${service} assume the role`, safe: true, edits: [edit] }];
}

/** Functions CloudFront runs at the edge: a distribution's `LambdaFunctionAssociations` name their versions. */
function edgeFunctions(template: TemplateView): Set<string> {
  const ids = new Set<string>();
  for (const d of template.resourcesOfType('AWS::CloudFront::Distribution')) {
    const config = child(prop(d, 'DistributionConfig'), 'DefaultCacheBehavior');
    const behaviors = [config, ...elementValues(child(prop(d, 'DistributionConfig'), 'CacheBehaviors'))];
    for (const b of behaviors) {
      for (const association of elementValues(child(b, 'LambdaFunctionAssociations'))) {
        for (const id of referencedIds(child(association, 'LambdaFunctionARN')).map((i) => i.split('.')[0])) {
          const r = template.resource(id);
          if (r?.type === 'AWS::Lambda::Version') referencedIds(prop(r, 'FunctionName')).forEach((f) => ids.add(f));
          else if (r) ids.add(r.id);
        }
      }
    }
  }
  return ids;
}
