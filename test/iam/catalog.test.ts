import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalog } from '../../server/src/iam/catalog';

const c = catalog();

describe('catalog: version', () => {
  it('records the source package versions and a content hash', () => {
    assert.match(c.version.iamDataVersion, /^\d+\.\d+\.\d+/);
    assert.match(c.version.managedPoliciesVersion, /^\d+\.\d+\.\d+/);
    assert.match(c.version.contentHash, /^[0-9a-f]{16}$/);
  });
});

describe('catalog: services', () => {
  it('looks services up case-insensitively and returns the canonical prefix', () => {
    assert.equal(c.service('DynamoDB')?.prefix, 'dynamodb');
    assert.equal(c.service('lambda')?.name, 'AWS Lambda');
    assert.equal(c.service('lambda')?.docsUrl, 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html');
    assert.equal(c.service('dyanmodb'), undefined);
  });

  it('lists several hundred services, each with actions', () => {
    assert.ok(c.services().length > 400);
    assert.ok(c.actionsOf('s3').length > 100);
    assert.deepEqual(c.actionsOf('nope'), []);
  });
});

describe('catalog: actions', () => {
  it('knows lambda:PassCapacityProvider and its capacity provider resource type', () => {
    const a = c.action('lambda:PassCapacityProvider');
    assert.ok(a);
    assert.equal(a.fullName, 'lambda:PassCapacityProvider');
    assert.equal(a.accessLevel, 'Write');
    assert.match(a.description, /^Grants permission to pass/);
    assert.equal(a.resourceTypes.length, 1);
    const rt = a.resourceTypes[0]!;
    assert.equal(rt.name, 'capacityProvider');
    assert.equal(rt.required, true);
    assert.ok(rt.resourceType.arnFormats.some((f) => f.includes(':capacity-provider:')));
    assert.ok(rt.resourceType.conditionKeys.includes('aws:ResourceTag/${TagKey}'));
    assert.match(a.docsUrl, /list_awslambda\.html#awslambda-actions-as-permissions$/);
  });

  it('is case-insensitive and returns the canonical spelling', () => {
    assert.equal(c.action('LAMBDA:passcapacityprovider')?.fullName, 'lambda:PassCapacityProvider');
    assert.equal(c.action('Lambda:InvokeFunction')?.name, 'InvokeFunction');
  });

  it('knows dynamodb:PutItem with a required table resource', () => {
    const a = c.action('dynamodb:PutItem');
    assert.ok(a);
    assert.equal(a.accessLevel, 'Write');
    assert.ok(a.resourceTypes.some((r) => r.name === 'table' && r.required));
    assert.ok(a.conditionKeys.includes('dynamodb:LeadingKeys'));
  });

  it('normalises combined access levels to the specific one', () => {
    assert.equal(c.action('lambda:TagResource')?.accessLevel, 'Tagging');
    assert.equal(c.action('lambda:AddPermission')?.accessLevel, 'Permissions management');
    assert.equal(c.action('iam:PutRolePolicy')?.accessLevel, 'Permissions management');
    assert.equal(c.action('lambda:GetFunction')?.accessLevel, 'Read');
    assert.equal(c.action('lambda:ListFunctions')?.accessLevel, 'List');
  });

  it('reports actions without resource-level permissions with no resource types', () => {
    assert.deepEqual(c.resourceTypesOf('lambda:ListFunctions'), []);
    assert.equal(c.resourceTypesOf('lambda:NoSuchAction'), undefined);
  });

  it('returns undefined for unknown or malformed actions', () => {
    assert.equal(c.action('lambda:InvokeFuntion'), undefined);
    assert.equal(c.action('nosuchservice:GetThing'), undefined);
    assert.equal(c.action('InvokeFunction'), undefined);
    assert.equal(c.action(''), undefined);
  });

  it('keeps per-resource-type condition keys (ec2:RunInstances on instance)', () => {
    const instance = c.resourceTypesOf('ec2:RunInstances')?.find((r) => r.name === 'instance');
    assert.ok(instance?.required);
    assert.ok(instance.conditionKeys.includes('ec2:ManagedResourceOperator'));
  });

  it('looks resource types up by service and name, any case', () => {
    const rt = c.resourceType('LAMBDA', 'capacityprovider');
    assert.equal(rt?.name, 'capacityProvider');
    assert.equal(rt?.service, 'lambda');
    assert.equal(c.resourceType('lambda', 'nope'), undefined);
  });

  it('resolves every condition key an action refers to', () => {
    for (const service of c.services()) {
      for (const a of c.actionsOf(service.prefix)) {
        for (const key of [...a.conditionKeys, ...a.resourceTypes.flatMap((r) => r.conditionKeys)]) {
          assert.ok(c.conditionKey(key), `${a.fullName} refers to ${key}`);
        }
      }
    }
  });
});

describe('catalog: actionsMatching', () => {
  const names = (pattern: string) => c.actionsMatching(pattern).map((a) => a.fullName);
  const total = c.services().reduce((n, s) => n + c.actionsOf(s.prefix).length, 0);

  it('matches lambda:Pass*', () => {
    const found = names('lambda:Pass*');
    assert.ok(found.includes('lambda:PassCapacityProvider'));
    assert.ok(found.every((n) => n.startsWith('lambda:Pass')));
  });

  it('matches a wildcard in the middle: s3:Get*Acl', () => {
    const found = names('s3:Get*Acl');
    assert.ok(found.includes('s3:GetBucketAcl'));
    assert.ok(found.includes('s3:GetObjectAcl'));
    assert.ok(found.every((n) => /^s3:Get.*Acl$/.test(n)), found.join());
  });

  it('treats ? as exactly one character', () => {
    assert.deepEqual(names('iam:?assRole'), ['iam:PassRole']);
    assert.deepEqual(names('iam:??assRole'), []);
  });

  it('is case-insensitive', () => {
    assert.deepEqual(names('LAMBDA:pass*'), names('lambda:Pass*'));
  });

  it('matches everything with *, nothing in an unknown service', () => {
    assert.ok(total > 15000);
    assert.equal(c.actionsMatching('*').length, total);
    assert.equal(c.actionsMatching('*:*').length, total);
    assert.deepEqual(names('foo:*'), []);
    assert.deepEqual(names('lambda:NoSuch*'), []);
  });

  it('supports wildcards in the service prefix', () => {
    const gets = names('*:Get*');
    assert.ok(gets.includes('s3:GetObject'));
    assert.ok(gets.includes('lambda:GetFunction'));
    // Case-insensitive: API Gateway's HTTP-verb actions (apigateway:GET) match too.
    assert.ok(gets.includes('apigateway:GET'));
    assert.ok(gets.every((n) => n.split(':')[1]!.toLowerCase().startsWith('get')));
    const lambdaLike = names('lambda*:*');
    assert.ok(lambdaLike.includes('lambda:InvokeFunction'));
    assert.ok(lambdaLike.every((n) => n.startsWith('lambda')));
    assert.equal(names('lambda:*').length, c.actionsOf('lambda').length);
  });
});

describe('catalog: condition keys', () => {
  it('types global keys', () => {
    const sourceArn = c.conditionKey('aws:SourceArn');
    assert.equal(sourceArn?.type, 'ARN');
    assert.equal(sourceArn?.multivalued, false);
    assert.equal(sourceArn?.global, true);
    assert.equal(sourceArn?.category, 'request');
    assert.match(sourceArn?.docsUrl ?? '', /#condition-keys-sourcearn$/);
    assert.equal(c.conditionKey('aws:MultiFactorAuthPresent')?.type, 'Bool');
    assert.equal(c.conditionKey('aws:MultiFactorAuthAge')?.type, 'Numeric');
    assert.equal(c.conditionKey('aws:CurrentTime')?.type, 'Date');
    assert.equal(c.conditionKey('aws:SourceIp')?.type, 'IPAddress');
    assert.equal(c.conditionKey('aws:SourceAccount')?.type, 'String');
  });

  it('marks ArrayOf* keys multivalued', () => {
    const tagKeys = c.conditionKey('aws:TagKeys');
    assert.equal(tagKeys?.type, 'ArrayOfString');
    assert.equal(tagKeys?.baseType, 'String');
    assert.equal(tagKeys?.multivalued, true);
    assert.equal(c.conditionKey('aws:CalledVia')?.multivalued, true);
    assert.equal(c.conditionKey('aws:PrincipalOrgPaths')?.multivalued, true);
    assert.equal(c.conditionKey('lambda:Layer')?.multivalued, true);
    assert.equal(c.conditionKey('lambda:FunctionUrlAuthType')?.multivalued, false);
  });

  it('resolves tag keys to their pattern', () => {
    assert.equal(c.conditionKey('aws:PrincipalTag/Team')?.name, 'aws:PrincipalTag/${TagKey}');
    assert.equal(c.conditionKey('aws:PrincipalTag/Team')?.pattern, true);
    assert.equal(c.conditionKey('aws:RequestTag/cost-center')?.name, 'aws:RequestTag/${TagKey}');
    assert.equal(c.conditionKey('AWS:ResourceTag/a/b:c')?.name, 'aws:ResourceTag/${TagKey}');
    assert.equal(c.conditionKey('s3:ExistingObjectTag/Project')?.name, 's3:ExistingObjectTag/<key>');
    assert.equal(c.conditionKey('aws:PrincipalTag/'), undefined);
  });

  it('is case-insensitive', () => {
    assert.equal(c.conditionKey('AWS:sourcearn')?.name, 'aws:SourceArn');
    assert.equal(c.conditionKey('EC2:managedresourceoperator')?.name, 'ec2:ManagedResourceOperator');
  });

  it('knows service keys', () => {
    const k = c.conditionKey('ec2:ManagedResourceOperator');
    assert.equal(k?.type, 'String');
    assert.equal(k?.global, false);
    assert.equal(k?.service, 'ec2');
    assert.equal(c.conditionKey('lambda:FunctionUrlAuthType')?.type, 'String');
    assert.equal(c.conditionKey('lambda:InvokedViaFunctionUrl')?.type, 'Bool');
    assert.equal(c.conditionKey('iam:PassedToService')?.type, 'String');
  });

  it('tells global keys from service keys', () => {
    assert.equal(c.isGlobalConditionKey('aws:SourceAccount'), true);
    assert.equal(c.isGlobalConditionKey('aws:PrincipalTag/Team'), true);
    assert.equal(c.isGlobalConditionKey('lambda:SourceFunctionArn'), true);
    assert.equal(c.isGlobalConditionKey('lambda:FunctionUrlAuthType'), false);
    assert.equal(c.isGlobalConditionKey('aws:NoSuchKey'), false);
    assert.ok(c.globalConditionKeys().length >= 55);
    assert.ok(c.globalConditionKeys().every((k) => k.global));
  });

  it('returns undefined for unknown keys', () => {
    assert.equal(c.conditionKey('aws:SourceArm'), undefined);
    assert.equal(c.conditionKey('lambda:NoSuchKey'), undefined);
  });
});

describe('catalog: service principals', () => {
  it('knows Lambda-related principals', () => {
    assert.equal(c.servicePrincipal('lambda.amazonaws.com')?.name, 'lambda.amazonaws.com');
    assert.ok(c.servicePrincipal('scaler.lambda.amazonaws.com'));
    assert.ok(c.servicePrincipal('edgelambda.amazonaws.com'));
    assert.deepEqual(c.servicePrincipal('alexa-appkit.amazon.com')?.sources, ['lambda-invokers']);
    assert.ok(c.servicePrincipal('lambda.amazonaws.com')?.sources.includes('managed-policies'));
  });

  it('returns the canonical spelling for other casings', () => {
    assert.equal(c.servicePrincipal('Lambda.AmazonAWS.com')?.name, 'lambda.amazonaws.com');
  });

  it('resolves regional forms to the global principal', () => {
    const p = c.servicePrincipal('logs.eu-west-1.amazonaws.com');
    assert.equal(p?.name, 'logs.amazonaws.com');
    assert.equal(p?.region, 'eu-west-1');
    assert.equal(c.servicePrincipal('logs.amazonaws.com')?.region, undefined);
  });

  it('does not know typos', () => {
    assert.equal(c.servicePrincipal('lambda.amazon.com'), undefined);
    assert.equal(c.servicePrincipal('lamda.amazonaws.com'), undefined);
    assert.ok(c.servicePrincipals().length > 400);
  });
});

describe('catalog: suggestions', () => {
  const first = (kind: Parameters<typeof c.suggest>[0], text: string) => c.suggest(kind, text)[0]?.value;

  it('suggests services', () => {
    assert.equal(first('service', 'dyanmodb'), 'dynamodb');
    assert.equal(first('service', 'lamda'), 'lambda');
    assert.deepEqual(c.suggest('service', 'zzzzzzzzzzzz'), []);
  });

  it('suggests actions', () => {
    assert.deepEqual(c.suggest('action', 'lambda:InvokeFuntion')[0], { value: 'lambda:InvokeFunction', distance: 1 });
    assert.equal(first('action', 'lamda:InvokeFunction'), 'lambda:InvokeFunction');
    assert.equal(first('action', 'dynamodb:PutIten'), 'dynamodb:PutItem');
    assert.equal(first('action', 'lambda:PassCapcityProvider'), 'lambda:PassCapacityProvider');
    assert.deepEqual(c.suggest('action', 'lambda:invokefunction')[0], { value: 'lambda:InvokeFunction', distance: 0 });
  });

  it('suggests condition keys, keeping the tag key of patterned ones', () => {
    assert.equal(first('conditionKey', 'aws:SourceArm'), 'aws:SourceArn');
    assert.equal(first('conditionKey', 'aws:SoruceAccount'), 'aws:SourceAccount');
    assert.equal(first('conditionKey', 'aws:PrincipleTag/Team'), 'aws:PrincipalTag/Team');
    assert.equal(first('conditionKey', 'lambda:FunctionUrlAuthTyp'), 'lambda:FunctionUrlAuthType');
  });

  it('suggests service principals', () => {
    assert.equal(first('servicePrincipal', 'lamda.amazonaws.com'), 'lambda.amazonaws.com');
    assert.equal(first('servicePrincipal', 'lambda.amazon.com'), 'lambda.amazonaws.com');
    assert.equal(first('servicePrincipal', 's3.amazon.com'), 's3.amazonaws.com');
    assert.equal(first('servicePrincipal', 'alexa-appkit.amazonaws.com'), 'alexa-appkit.amazon.com');
    assert.equal(first('servicePrincipal', 'evnets.amazonaws.com'), 'events.amazonaws.com');
  });

  it('does not treat wildcards as typos', () => {
    assert.deepEqual(c.suggest('action', 'lambda:Invok*'), []);
    assert.deepEqual(c.suggest('conditionKey', 'aws:Source*'), []);
  });

  it('honours max', () => {
    assert.ok(c.suggest('service', 'ec').length > 1);
    assert.equal(c.suggest('service', 'ec', 1).length, 1);
  });

  it('is fast enough to run while typing', () => {
    const inputs: [Parameters<typeof c.suggest>[0], string][] = [
      ['action', 'lambda:InvokeFuntion'],
      ['action', 'lamda:InvokeFunction'],
      ['action', 'ec2:RunInstance'],
      ['conditionKey', 'aws:SourceArm'],
      ['servicePrincipal', 'lambda.amazon.com'],
      ['service', 'dyanmodb'],
    ];
    for (const [k, t] of inputs) c.suggest(k, t);
    const rounds = 50;
    const start = performance.now();
    for (let i = 0; i < rounds; i++) for (const [k, t] of inputs) c.suggest(k, t);
    const perCall = (performance.now() - start) / (rounds * inputs.length);
    assert.ok(perCall < 5, `suggest() took ${perCall.toFixed(2)} ms per call`);
  });
});

it('services and actions AWS managed policies use are known even when the reference data lacks them', () => {
  const c = catalog();
  assert.equal(c.service('deepracer'), undefined);
  assert.equal(c.seenInAwsManagedPolicies('deepracer'), true);
  assert.equal(c.seenInAwsManagedPolicies('dyanmodb'), false);
  assert.equal(c.seenInAwsManagedPolicies('s3:GetObject'), false, 'only what the data lacks');
});

describe('catalog: ARN formats by namespace (indexed by the generator)', () => {
  /** The index as the services' own resource types and actions give it, in catalogue order: what the generator writes. */
  function expected(): { byNamespace: Map<string, string[]>; actedOn: Set<string>; all: Set<string> } {
    const byNamespace = new Map<string, string[]>();
    const actedOn = new Set<string>();
    const all = new Set<string>();
    for (const s of c.services()) {
      const named = new Set(c.actionsOf(s.prefix).flatMap((a) => a.resourceTypes.flatMap((rt) => rt.resourceType.arnFormats.flatMap((f) => f.split(/,\s*(?=arn:)/)))));
      for (const f of c.resourceArnFormats(s.prefix).flatMap((f) => f.split(/,\s*(?=arn:)/))) {
        const ns = f.split(':')[2];
        if (ns === undefined || ns.includes('$') || all.has(f)) continue;
        all.add(f);
        byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), f]);
        if (named.has(f)) actedOn.add(f);
      }
    }
    return { byNamespace, actedOn, all };
  }

  it('lists every format under the namespace written in it, in catalogue order, each once', () => {
    const { byNamespace } = expected();
    assert.ok(byNamespace.size > 300, `${byNamespace.size} namespaces`);
    for (const [ns, formats] of byNamespace) {
      assert.deepEqual(c.arnFormatsIn(ns), formats, ns);
      assert.deepEqual(c.arnFormatsIn(ns.toUpperCase()), formats, `${ns} in capitals`);
    }
    assert.deepEqual(c.arnFormatsIn('no-such-namespace'), []);
    // `ssm` actions act on EC2 instances: the format is filed under `ec2`, where its ARN puts it.
    assert.ok(c.arnFormatsIn('ec2').some((f) => /:instance\/\$\{InstanceId\}$/.test(f)));
    // Two formats in one catalogue string are two entries.
    assert.ok([...byNamespace.values()].flat().every((f) => !f.includes(', arn:')));
  });

  it('tells the formats some action of their service acts on from those none does', () => {
    const { actedOn, all } = expected();
    let notActedOn = 0;
    for (const f of all) {
      assert.equal(c.arnFormatActedOn(f), actedOn.has(f), f);
      if (!actedOn.has(f)) notActedOn++;
    }
    assert.ok(notActedOn > 0 && notActedOn < all.size / 4, `${notActedOn} of ${all.size} formats no action acts on`);
    assert.ok(c.arnFormatActedOn('arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}'));
    assert.equal(c.arnFormatActedOn('arn:aws:nothing'), false);
  });
});
