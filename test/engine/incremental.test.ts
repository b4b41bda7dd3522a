import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lint, type LintResult, type LintState } from '../../server/src/engine/lint';
import { elementValues } from '../../server/src/model/policy';
import { child } from '../../server/src/parse/tree';
import { sharesNodes, templateComponents } from '../../server/src/engine/components';
import type { Finding } from '../../server/src/engine/rule';
import type { ResourceView, TemplateView } from '../../server/src/model/template';
import { generateTemplate } from '../../bench/template';
import { fixtureDocuments } from '../fixture-documents';
import { rules } from '../../server/src/rules';
import { mutate, random } from '../mutations';
import { inDocument } from '../layout';
import type { Layout } from '../../server/src/parse/layout';

/**
 * A template is linted one component at a time (resources that reference each other: engine/components.ts), and on
 * each keystroke the components whose text did not change keep the findings of the version before. Both must give
 * what running every rule on the whole template gives:
 * - every fixture, example, rule documentation example and template of the SAM corpus (its SAM inputs and the CloudFormation SAM made of each),
 *   linted component-wise from nothing, gives the whole-template findings;
 * - sessions of edits as users make them (typing inside a resource, words swapped, lines deleted, resources renamed
 *   or pointed at another, undo, mangled text), each version linted with the previous version's state, give the
 *   whole-template findings of that version.
 */
const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'sam-translator');

function corpus(dir: string): { name: string; text: string }[] {
  const at = join(CORPUS, dir);
  if (!existsSync(at)) return [];
  return readdirSync(at)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => ({ name: `${dir}/${f}`, text: readFileSync(join(at, f), 'utf8') }));
}

const whole = (name: string, text: string) => {
  const r = lint({ name, text });
  return { findings: r.findings, internalErrors: r.internalErrors.map((e) => e.ruleId) };
};

/**
 * A deployer policy in the template of the functions it deploys, referencing none of them: its findings name the
 * template's execution roles and capacity providers, in other components (the rules are `scope: 'document'`).
 */
const DEPLOYER_TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Deployer:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - lambda:CreateFunction
              - lambda:CreateCapacityProvider
              - lambda:PassCapacityProvider
            Resource: "*"
  Updater:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: lambda:CreateFunction
            Resource: "*"
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Role: !GetAtt WorkerRole.Arn
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
  Reader:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      CapacityProviderConfig:
        Arn: !GetAtt Fleet.Arn
  Fleet:
    Type: AWS::Serverless::CapacityProvider
    Properties:
      VpcConfig:
        SubnetIds: [subnet-1]
        SecurityGroupIds: [sg-1]
`;

test('a deployer policy beside the functions it deploys is judged against the whole template', () => {
  const result = lint({ name: 'deployer.yaml', text: DEPLOYER_TEMPLATE, incremental: true });
  assert.ok(result.doc?.template && templateComponents(result.doc.template, DEPLOYER_TEMPLATE).length >= 3, 'the deployers, the worker and the reader are apart');
  assert.deepEqual(result.findings, whole('deployer.yaml', DEPLOYER_TEMPLATE).findings);
  // Findings that need the rest of the template: the role of a function the policy does not reference, the capacity
  // provider of another function.
  assert.ok(result.findings.some((f) => f.ruleId === 'lmi/missing-pass-capacity-provider'));
  const passRole = result.findings.find((f) => f.ruleId === 'lambda/deployer-pass-role');
  assert.ok(passRole?.fixes.some((f) => f.title.includes('WorkerRole')), JSON.stringify(result.findings.map((f) => [f.ruleId, f.fixes.map((x) => x.title)])));
});

/** Resources that name each other by physical name, not logical id, and a rule that reads the whole template. */
const NAMED_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: orders-worker
      Runtime: python3.12
      Handler: app.handler
      Code: { ZipFile: "def handler(e, c): pass" }
      Role: !GetAtt WorkerRole.Arn
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-worker-role
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
  WorkerLogs:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: logs
      Roles: [orders-worker-role]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [logs:CreateLogStream, logs:PutLogEvents, logs:CreateLogGroup]
            Resource: "*"
  Queue:
    Type: AWS::SQS::Queue
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: orders-worker
      EventSourceArn: arn:aws:sqs:us-east-1:123456789012:orders
  PublicInvoke:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: arn:aws:lambda:us-east-1:123456789012:function:other-fn
      Action: lambda:InvokeFunctionUrl
      Principal: "*"
      FunctionUrlAuthType: NONE
  Other:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Code: { ZipFile: "def handler(e, c): pass" }
      Role: arn:aws:iam::123456789012:role/other
  OtherUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Other.Arn
      AuthType: AWS_IAM
  Stacked:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub "\${AWS::StackName}-stacked"
      Runtime: python3.12
      Handler: app.handler
      Code: { ZipFile: "x" }
      Role: arn:aws:iam::123456789012:role/stacked
  StackedInvoke:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Sub "\${AWS::StackName}-stacked"
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
  ExternalA:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: a
      Roles: [shared-external-role]
      PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::b/*" }] }
  ExternalB:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: b
      Roles: [shared-external-role]
      PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::b/*" }] }
`;

test('resources named by physical name are one component, and what they find is what the whole lint finds', () => {
  for (const text of [NAMED_TEMPLATE, NAMED_TEMPLATE.replace('logs:CreateLogStream, ', ''), NAMED_TEMPLATE.replace('AuthType: AWS_IAM', 'AuthType: NONE')]) {
    const result = lint({ name: 'named.yaml', text, incremental: true });
    const template = result.doc!.template!;
    const components = templateComponents(template, text);
    const together = (a: string, b: string) => components.some((c) => c.written.some((r) => r.id === a) && c.written.some((r) => r.id === b));
    assert.ok(together('WorkerRole', 'WorkerLogs') && together('Worker', 'Mapping') && together('ExternalA', 'ExternalB') && together('Stacked', 'StackedInvoke'), components.map((c) => c.written.map((r) => r.id).join('+')).join(' | '));
    assert.ok(!together('Worker', 'Other'), 'unrelated resources stay apart');
    assert.deepEqual(result.findings, whole('named.yaml', text).findings);
  }
});

test('an alias shares a node across resources, and two resources swapped in one edit keep nothing of each other', () => {
  const role = (id: string, trust: string) => `  ${id}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: ${trust}
  ${id}Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Code: { ZipFile: "x" }
      Role: !GetAtt ${id}.Arn
`;
  const trust = (service: string) => `&trust { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: ${service} }, Action: sts:AssumeRole }] }`;
  const aliased = (service: string) => `Resources:\n${role('First', trust(service))}${role('Second', '*trust')}`;
  // Two resources the same but for their ids, swapped in one edit (a paste over both): each keeps its own findings.
  const policy = (id: string) => `  ${id}:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObjectt
            Resource: "arn:aws:s3:::b/*"
`;
  const swapped = (a: string, b: string) => `Resources:\n${policy(a)}${policy(b)}`;
  for (const [from, to] of [
    [aliased('lambda.amazonaws.com'), aliased('ec2.amazonaws.com')],
    [swapped('Alpha', 'Beta'), swapped('Beta', 'Alpha')],
  ] as const) {
    const state = lint({ name: 't.yaml', text: from, incremental: true }).state;
    const again = lint({ name: 't.yaml', text: to, incremental: true, previous: state });
    const reference = whole('t.yaml', to).findings;
    assert.ok(reference.length > 0);
    assert.deepEqual(again.findings, reference);
  }
});

test('component-wise lint of every fixture, example and corpus template equals the whole-template lint', () => {
  const examples = rules.flatMap((r) => [...r.meta.examples.valid, ...r.meta.examples.invalid].map((e, i) => ({ name: `${r.meta.id}-${i}-${e.file}`, text: e.code })));
  const docs = [...fixtureDocuments(), ...examples, ...corpus('input'), ...corpus('output')];
  assert.ok(docs.length >= 1_100, `${docs.length} documents`);
  let templates = 0;
  let split = 0;
  let findings = 0;
  for (const doc of docs) {
    const byComponent = lint({ name: doc.name, text: doc.text, incremental: true });
    const reference = whole(doc.name, doc.text);
    assert.deepEqual({ findings: byComponent.findings, internalErrors: byComponent.internalErrors.map((e) => e.ruleId) }, reference, doc.name);
    findings += reference.findings.length;
    const template = byComponent.doc?.template;
    if (!template) continue;
    templates++;
    if (templateComponents(template, doc.text).length > 1) split++;
  }
  assert.ok(templates >= 900, `${templates} templates`);
  // The comparison means something only if templates do split into several components, with findings to compare.
  assert.ok(split >= 120, `${split} of ${templates} templates split`);
  assert.ok(findings >= 300, `${findings} findings`);
});

/**
 * A `scope: 'policy'` rule's findings on a policy may depend on nothing but the resource the policy is written in
 * (the engine keeps them while that resource's text is unchanged): linted with every other resource emptied (`{}`),
 * the template gives the same findings inside that resource. A rule that reads a referenced resource's type, or
 * another resource's policies, fails here.
 */
test('a policy-scope rule finds in a resource what it finds with every other resource emptied', () => {
  const policyRules = rules.filter((r) => r.meta.scope === 'policy');
  assert.ok(policyRules.length >= 30, `${policyRules.length} policy rules`);
  const examples = rules.flatMap((r) => [...r.meta.examples.valid, ...r.meta.examples.invalid].map((e, i) => ({ name: `${r.meta.id}-${i}-${e.file}`, text: e.code })));
  const docs = [...fixtureDocuments(), ...examples, ...corpus('input'), ...corpus('output')].filter((d) => !sharesNodes(d.text));
  const relative = (found: readonly Finding[], start: number, end: number) =>
    found
      .filter((f) => f.start >= start && f.end <= end)
      .map((f) => ({ ...f, start: f.start - start, end: f.end - start, fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, start: e.start - start, end: e.end - start })) })) }));
  let compared = 0;
  let findings = 0;
  for (const doc of docs) {
    const full = lint({ name: doc.name, text: doc.text, rules: policyRules });
    const template = full.doc?.template;
    if (!template) continue;
    const sources = new Set<ResourceView>();
    for (const p of full.doc!.policies) {
      if (p.node.generated || !p.resource) continue;
      const source = p.resource.generatedBy ?? template.writtenResource(p.resource.id);
      if (source) sources.add(source);
    }
    for (const source of sources) {
      let text = doc.text;
      let start = source.entry.start;
      const others = template.written.filter((r) => r !== source).sort((a, b) => b.entry.value.start - a.entry.value.start);
      for (const r of others) {
        const { start: from, end: to } = r.entry.value;
        text = text.slice(0, from) + '{}' + text.slice(to);
        if (to <= source.entry.start) start += 2 - (to - from);
      }
      const isolated = lint({ name: doc.name, text, rules: policyRules });
      if (!isolated.doc?.template) continue;
      const expected = relative(full.findings, source.entry.start, source.entry.end);
      assert.deepEqual(relative(isolated.findings, start, start + (source.entry.end - source.entry.start)), expected, `${doc.name}: ${source.id}`);
      compared++;
      findings += expected.length;
    }
  }
  // Enough resources with policies, and findings in them, for the comparison to mean something.
  assert.ok(compared >= 700, `${compared} resources compared`);
  assert.ok(findings >= 200, `${findings} findings compared`);
});

/** Edits inside and across resources: a reference added or removed moves resources between components. */
function edit(text: string, original: string, rnd: () => number, ids: readonly string[]): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const roll = rnd();
  if (roll < 0.05) return original;
  if (roll < 0.1) return mutate(text, rnd);
  if (roll < 0.3 && ids.length > 1) {
    // Point a reference at another resource (or at none), or rename a resource.
    const from = pick(ids);
    const places: number[] = [];
    for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + 1)) places.push(i);
    if (places.length) {
      const at = pick(places);
      const to = rnd() < 0.2 ? `${from}X` : pick(ids.filter((id) => id !== from));
      return text.slice(0, at) + to + text.slice(at + from.length);
    }
  }
  if (roll < 0.45) {
    const swaps = [
      ['Allow', 'Deny'],
      ['s3:GetObject', 's3:*'],
      ['lambda:InvokeFunction', 'lambda:*'],
      ['"*"', '"arn:aws:s3:::bucket/*"'],
      ['.Arn', '.Name'],
      ['Ref', 'Sub'],
    ];
    const [a, b] = pick(swaps)!;
    const [from, to] = rnd() < 0.5 ? [a, b] : [b, a];
    const at = text.indexOf(from!, Math.floor(rnd() * text.length));
    if (at >= 0) return text.slice(0, at) + to + text.slice(at + from!.length);
  }
  if (roll < 0.55) {
    // Delete or duplicate a line.
    const lines = text.split('\n');
    const i = Math.floor(rnd() * lines.length);
    if (rnd() < 0.5) lines.splice(i, 1);
    else lines.splice(i, 0, lines[i]!);
    return lines.join('\n');
  }
  const at = Math.floor(rnd() * text.length);
  return rnd() < 0.6 ? text.slice(0, at) + pick([...'abqxyz*:/- ']) + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
}

test('every version of edit sessions on templates, linted with the previous version kept, equals the whole-template lint', () => {
  const rnd = random(7122026);
  const inputs = corpus('input');
  const sample: { name: string; text: string }[] = [];
  for (let i = 0; i < 80 && inputs.length; i++) sample.push(inputs.splice(Math.floor(rnd() * inputs.length), 1)[0]!);
  // And the benchmark's generated templates: functions, roles, queues and tables in groups that reference each other.
  const generated = Array.from({ length: 8 }, (_, i) => ({ name: `generated-${i}.yaml`, text: generateTemplate(200 + 40 * i, i) }));
  const docs = [...fixtureDocuments(), ...sample, ...generated].filter((d) => lint({ name: d.name, text: d.text }).doc?.template);
  assert.ok(docs.length >= 100, `${docs.length} templates`);
  let versions = 0;
  let kept = 0;
  let reusedPolicies = 0;
  let reusedGenerated = 0;
  let carried = 0;
  let passedOn = 0;
  for (const doc of docs) {
    const ids = lint({ name: doc.name, text: doc.text }).doc!.template!.written.map((r) => r.id);
    let text = doc.text;
    let state: LintState | undefined = lint({ name: doc.name, text, incremental: true }).state;
    for (let i = 0; i < 25; i++) {
      text = edit(text, doc.text, rnd, ids);
      const previous = state;
      const result = lint({ name: doc.name, text, incremental: true, previous });
      state = result.state;
      versions++;
      kept += state?.kept ?? 0;
      reusedPolicies += state?.reusedPolicies ?? 0;
      const before = new Set(previous?.template.resources);
      reusedGenerated += state?.template.resources.filter((r) => r.generatedBy && before.has(r)).length ?? 0;
      // A version with a syntax error passes on the last state an edit can be re-read from (engine/lint.ts).
      if (state && state.text !== text) {
        assert.ok(state === previous && result.findings.some((f) => f.ruleId === 'parse/syntax' && f.severity === 'error'), `${doc.name}, edit ${i + 1}: only a broken version passes on the state before it`);
        passedOn++;
      } else if (state) {
        const fresh = lint({ name: doc.name, text }).doc!.template!;
        assert.deepEqual(deployed(state.template, state.parsed.layout), deployed(fresh), `${doc.name}, edit ${i + 1}: the resources deployed`);
        // The components, carried over from the version before or found again, are those found from scratch.
        assert.deepEqual(groups(state.partition.components), groups(templateComponents(fresh, text)), `${doc.name}, edit ${i + 1}: the components`);
        if (state.partition.carried) carried++;
      }
      assert.deepEqual(
        { findings: result.findings, internalErrors: result.internalErrors.map((e) => e.ruleId) },
        whole(doc.name, text),
        `${doc.name}, edit ${i + 1}: the incremental lint differs from the whole-template lint`,
      );
    }
  }
  assert.ok(versions >= 2_700, `${versions} versions`);
  // Findings were kept (not recomputed) for many components: the test exercises the reuse, not only the re-lint.
  assert.ok(kept >= 600, `${kept} components' findings kept over ${versions} versions`);
  // And policies' own findings were kept inside components that were linted again.
  assert.ok(reusedPolicies >= 250, `${reusedPolicies} policies' findings kept over ${versions} versions`);
  // And what the SAM transform made of resources an edit left alone was taken from the version before.
  assert.ok(reusedGenerated >= 400, `${reusedGenerated} generated resources kept over ${versions} versions`);
  // And components were carried over from the version before, not only found from scratch.
  assert.ok(carried >= 600, `${carried} of ${versions} versions carried the components over`);
  // And versions with a syntax error passed on the state before them, so the next one was linted against it.
  assert.ok(passedOn >= 100, `${passedOn} of ${versions} versions passed on the state before them`);
});

/** Components as the ids of their written and deployed resources, in order: equal for equal partitions of equal texts. */
function groups(components: readonly { written: readonly ResourceView[]; resources: readonly ResourceView[] }[]): string[] {
  return components.map((c) => `${c.written.map((r) => r.id).join(',')} | ${c.resources.map((r) => r.id).join(',')}`);
}

/**
 * What a template deploys, as ids, types, sources and ranges (in the document's offsets): the same for a view built
 * on the previous version's as for a new one.
 */
function deployed(template: TemplateView, layout?: Layout): string[] {
  const at = (o: number): number => (layout ? layout.toDocument(o) : o);
  return template.resources.map((r) => `${r.id} ${r.type} ${r.generatedBy?.id ?? ''} ${at(r.entry.start)}-${at(r.entry.end)}`);
}

const TWO_FUNCTIONS = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
Resources:
  First:
    Type: AWS::Serverless::Function
    Properties:
      Handler: first.handler
      CodeUri: s3://bucket/first.zip
      Policies:
        - S3ReadPolicy:
            BucketName: first-bucket
  Second:
    Type: AWS::Serverless::Function
    Properties:
      Handler: second.handler
      CodeUri: s3://bucket/second.zip
      Policies:
        - Statement:
            - Effect: Allow
              Action: s3:GetObject
              Resource: "*"
  Bucket:
    Type: AWS::S3::Bucket
`;

test('what the SAM transform made of a resource an edit left alone is kept, until Globals change', () => {
  const name = 'two-functions.yaml';
  const first = lint({ name, text: TWO_FUNCTIONS, incremental: true });
  const generated = (r: typeof first, id: string) => r.state!.template.resources.find((x) => x.id === id)!;
  // The resources, with every node of their trees, as a whole lint of the same text makes them.
  const same = (r: typeof first, text: string) => assert.deepEqual(inDocument(r.state!.template.resources.map((x) => x.entry), r.state!.parsed.layout), lint({ name, text }).doc!.template!.resources.map((x) => x.entry));
  // An edit in the second function: the first one's generated function and role are the same objects as before.
  const edited = TWO_FUNCTIONS.replace('Action: s3:GetObject', 'Action: s3:GetObjectq');
  const second = lint({ name, text: edited, incremental: true, previous: first.state });
  assert.equal(generated(second, 'First'), generated(first, 'First'));
  assert.equal(generated(second, 'FirstRole'), generated(first, 'FirstRole'));
  assert.notEqual(generated(second, 'SecondRole'), generated(first, 'SecondRole'));
  assert.deepEqual(second.findings, lint({ name, text: edited }).findings);
  same(second, edited);
  // Globals are merged into every function: an edit there (outside every resource: the text is parsed again) makes
  // everything again.
  const globals = edited.replace('Runtime: python3.12', 'Runtime: python3.12\n    Tracing: Active');
  const third = lint({ name, text: globals, incremental: true, previous: second.state });
  assert.notEqual(generated(third, 'FirstRole'), generated(second, 'FirstRole'));
  assert.ok(generated(third, 'FirstRole').properties!.properties.some((p) => p.key === 'ManagedPolicyArns'));
  assert.deepEqual(third.findings, lint({ name, text: globals }).findings);
  same(third, globals);
  // A resource whose generated id another resource now takes is transformed again, not replayed.
  const second_ = edited.slice(edited.indexOf('  Second:'), edited.indexOf('  Bucket:'));
  const taken = edited.replace(second_, '  FirstRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n');
  const fourth = lint({ name, text: taken, incremental: true, previous: second.state });
  assert.equal(fourth.state!.template.written[0], second.state!.template.written[0], 'the edit left the nodes of First as they were');
  assert.equal(generated(fourth, 'FirstRole').generatedBy, undefined);
  assert.deepEqual(fourth.findings, lint({ name, text: taken }).findings);
  same(fourth, taken);
});

test('typing in a function keeps the documents its policy templates make and the statements of its inline policies', () => {
  const name = 'two-functions.yaml';
  const documents = (r: LintResult) =>
    r.state!.template.resources
      .filter((x) => x.type === 'AWS::IAM::Role')
      .flatMap((role) => elementValues(child(role.properties, 'Policies')).map((p) => child(p, 'PolicyDocument')));
  const statementsOf = (r: LintResult) => r.doc!.policies.filter((p) => p.kind === 'identity').flatMap((p) => p.statements.map((s) => s.node));
  let previous = lint({ name, text: TWO_FUNCTIONS, incremental: true });
  let text = TWO_FUNCTIONS;
  const at = TWO_FUNCTIONS.indexOf('first.zip');
  for (let i = 0; i < 6; i++) {
    text = text.slice(0, at + i) + 'q' + text.slice(at + i);
    const next = lint({ name, text, incremental: true, previous: previous.state });
    assert.notEqual(next.state!.template.written[0], previous.state!.template.written[0], 'the edited function is a new view');
    const before = documents(previous);
    const after = documents(next);
    assert.equal(after.length, 2);
    // The first keystroke opens a gap after `CodeUri:` (what follows it is moved once); from then on the
    // S3ReadPolicy document of First (its values the same nodes) and Second's inline document are the same trees.
    if (i > 0) {
      after.forEach((d, k) => assert.equal(d, before[k], `keystroke ${i + 1}: policy document ${k}`));
      const kept = new Set(statementsOf(previous));
      const lost = next.doc!.policies.filter((p) => p.kind === 'identity').flatMap((p) => p.statements.filter((s) => !kept.has(s.node)).map((s) => `${p.resource?.id}/${p.container}/${JSON.stringify(s.node).slice(0, 200)}`));
      assert.ok(statementsOf(next).length >= 1 && lost.length === 0, `keystroke ${i + 1}: every statement node of the identity policies kept; not: ${lost.join(' | ')}`);
    }
    assert.deepEqual(next.findings, lint({ name, text }).findings);
    previous = next;
  }
});
