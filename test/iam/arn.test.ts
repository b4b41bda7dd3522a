import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ARN_PARTITIONS, arnMatches, arnMatchesFormat, compareArn, isRegion, parseArn, type ArnErrorReason, type ArnField } from '../../server/src/iam/arn';

describe('parseArn: valid ARNs', () => {
  const cases: [text: string, fields: Partial<Record<'partition' | 'service' | 'region' | 'account' | 'resource' | 'resourceType' | 'resourceId', string>>][] = [
    ['arn:aws:lambda:us-east-1:123456789012:function:f', { partition: 'aws', service: 'lambda', region: 'us-east-1', account: '123456789012', resource: 'function:f', resourceType: 'function', resourceId: 'f' }],
    ['arn:aws:lambda:us-east-1:123456789012:function:f:live', { resource: 'function:f:live', resourceType: 'function', resourceId: 'f:live' }],
    ['arn:aws-cn:s3:::my-bucket', { partition: 'aws-cn', region: '', account: '', resource: 'my-bucket', resourceId: 'my-bucket' }],
    ['arn:aws-us-gov:lambda:us-gov-west-1:123456789012:capacity-provider:cp', { partition: 'aws-us-gov', region: 'us-gov-west-1', resourceType: 'capacity-provider', resourceId: 'cp' }],
    ['arn:aws-iso:lambda:us-iso-east-1:123456789012:function:f', { partition: 'aws-iso', region: 'us-iso-east-1' }],
    ['arn:aws-iso-b:lambda:us-isob-east-1:123456789012:function:f', { partition: 'aws-iso-b', region: 'us-isob-east-1' }],
    ['arn:aws-iso-e:lambda:eu-isoe-west-1:123456789012:function:f', { partition: 'aws-iso-e', region: 'eu-isoe-west-1' }],
    ['arn:aws-iso-f:lambda:us-isof-south-1:123456789012:function:f', { partition: 'aws-iso-f', region: 'us-isof-south-1' }],
    ['arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:f', { partition: 'aws-eusc', region: 'eusc-de-east-1' }],
    ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', { account: 'aws', resourceType: 'policy', resourceId: 'service-role/AWSLambdaBasicExecutionRole' }],
    ['arn:aws:iam::123456789012:role/path/to/MyRole', { service: 'iam', region: '', resourceType: 'role', resourceId: 'path/to/MyRole' }],
    ['arn:aws:s3:::bucket/key:with:colons', { resource: 'bucket/key:with:colons', resourceType: 'bucket', resourceId: 'key:with:colons' }],
    ['arn:aws:apigateway:us-east-1::/restapis/abc', { account: '', resource: '/restapis/abc', resourceId: '/restapis/abc' }],
    ['arn:aws:lambda:*:*:function:*', { region: '*', account: '*' }],
    ['arn:aws*:lambda:us-*:12345678*:function:f', { partition: 'aws*', region: 'us-*' }],
    ['arn:aws:s3:::*', { resource: '*' }],
    ['*', { partition: '*', service: '*', region: '*', account: '*', resource: '*' }],
  ];
  for (const [text, fields] of cases) {
    it(text, () => {
      const r = parseArn(text);
      assert.ok(r.ok, JSON.stringify(r));
      for (const [k, v] of Object.entries(fields)) assert.equal(r.arn[k as keyof typeof fields], v, k);
      assert.equal(r.arn.opaque, undefined);
    });
  }

  it('knows every partition', () => {
    assert.deepEqual([...ARN_PARTITIONS], ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
    for (const p of ARN_PARTITIONS) assert.ok(parseArn(`arn:${p}:sqs:us-east-1:123456789012:q`).ok, p);
  });
});

describe('parseArn: malformed ARNs name the field', () => {
  const cases: [text: string, field: ArnField, reason: ArnErrorReason, fieldText: string][] = [
    ['ARN:aws:s3:::b', 'prefix', 'invalid-prefix', 'ARN'],
    ['urn:aws:s3:::b', 'prefix', 'invalid-prefix', 'urn'],
    ['my-bucket', 'prefix', 'invalid-prefix', 'my-bucket'],
    ['arn:aws:s3', 'region', 'missing-fields', 'arn:aws:s3'],
    ['arn:aws:lambda:us-east-1:function', 'resource', 'missing-fields', 'arn:aws:lambda:us-east-1:function'],
    ['arn:aws-xyz:s3:::b', 'partition', 'unknown-partition', 'aws-xyz'],
    ['arn:AWS:s3:::b', 'partition', 'unknown-partition', 'AWS'],
    ['arn::s3:::b', 'partition', 'unknown-partition', ''],
    ['arn:azure*:s3:::b', 'partition', 'unknown-partition', 'azure*'],
    ['arn:aws:Lambda:us-east-1:123456789012:function:f', 'service', 'service-case', 'Lambda'],
    ['arn:aws::us-east-1:123456789012:function:f', 'service', 'missing-service', ''],
    ['arn:aws:s3_x:::b', 'service', 'invalid-service', 's3_x'],
    ['arn:aws:lambda:US-EAST-1:123456789012:function:f', 'region', 'invalid-region', 'US-EAST-1'],
    ['arn:aws:lambda:us-east:123456789012:function:f', 'region', 'invalid-region', 'us-east'],
    ['arn:aws:lambda:useast1:123456789012:function:f', 'region', 'invalid-region', 'useast1'],
    ['arn:aws:lambda:us-east-1:12345:function:f', 'account', 'invalid-account', '12345'],
    ['arn:aws:lambda:us-east-1:1234567890123:function:f', 'account', 'invalid-account', '1234567890123'],
    ['arn:aws:lambda:us-east-1:my-account:function:f', 'account', 'invalid-account', 'my-account'],
    ['arn:aws:lambda:us-east-1:abc*:function:f', 'account', 'invalid-account', 'abc*'],
    ['arn:aws:lambda:us-east-1:123456789012:', 'resource', 'missing-resource', ''],
    // A substitution after the bad field cannot excuse it.
    ['arn:aws:Lambda:${AWS::Region}:${AWS::AccountId}:function:f', 'service', 'service-case', 'Lambda'],
  ];
  for (const [text, field, reason, fieldText] of cases) {
    it(`${text} → ${field} (${reason})`, () => {
      const r = parseArn(text);
      assert.ok(!r.ok, JSON.stringify(r));
      assert.equal(r.error.field, field);
      assert.equal(r.error.reason, reason);
      assert.equal(text.slice(r.error.start, r.error.end), fieldText);
      assert.ok(r.error.message.length > 10);
    });
  }
});

describe('parseArn: ${...} substitutions never make an ARN invalid', () => {
  const cases: [text: string, opaque: boolean, fields?: Partial<Record<'partition' | 'service' | 'region' | 'account' | 'resourceType', string>>][] = [
    ['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:capacity-provider:${CP}', false, { partition: '${AWS::Partition}', region: '${AWS::Region}', account: '${AWS::AccountId}', resourceType: 'capacity-provider' }],
    ['arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${RoleName}', false, { resourceType: 'role' }],
    ['arn:aws:s3:::${aws:username}/*', false],
    ['arn:aws:s3:::home/${aws:username}', false],
    ['arn:aws:lambda:${Region}:${Account}:function:${FunctionName}', false],
    ['arn:aws:lambda:us-${Suffix}:123456789012:function:f', false],
    ['${MyBucket.Arn}/*', true],
    ['${MyFunction.Arn}:live', true],
    ['${MyFunction.Arn}', true],
    // A substitution that may hold colons can hide fields: no false "missing field" or "bad account".
    ['arn:aws:lambda:${RegionAndAccount}:function:f', true, { partition: 'aws', service: 'lambda', region: '*' }],
    ['arn:${AWS::Partition}:${Rest}', true, { partition: '${AWS::Partition}', service: '*' }],
  ];
  for (const [text, opaque, fields] of cases) {
    it(text, () => {
      const r = parseArn(text);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.arn.opaque === true, opaque);
      for (const [k, v] of Object.entries(fields ?? {})) assert.equal(r.arn[k as keyof typeof fields], v, k);
    });
  }
});

describe('isRegion', () => {
  const regions = ['us-east-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1', 'cn-northwest-1', 'us-isob-east-1', 'us-iso-east-1', 'eusc-de-east-1', 'il-central-1', 'mx-central-1'];
  const notRegions = ['us-east', 'US-EAST-1', 'useast1', 'us-east-1a', '*', '', 'global'];
  for (const r of regions) it(`${r} is a Region`, () => assert.ok(isRegion(r)));
  for (const r of notRegions) it(`${JSON.stringify(r)} is not a Region`, () => assert.ok(!isRegion(r)));
});

describe('arnMatches (ArnLike)', () => {
  const fn = 'arn:aws:lambda:us-east-1:123456789012:function:f';
  const cases: [pattern: string, arn: string, expected: boolean][] = [
    [fn, fn, true],
    ['*', fn, true],
    ['arn:aws:lambda:*:*:*', fn, true],
    ['arn:aws:lambda:us-*:123456789012:function:f', fn, true],
    ['arn:aws:lambda:eu-*:123456789012:function:f', fn, false],
    ['arn:aws:lambda:us-east-?:123456789012:function:?', fn, true],
    ['arn:aws:lambda:*:123456789012:function:*', 'arn:aws:lambda:us-east-1:123456789012:function:f:live', true],
    ['arn:aws:lambda:*:123456789012:function:f', 'arn:aws:lambda:us-east-1:123456789012:function:f:live', false],
    ['arn:aws:lambda:*:*:function:*', 'arn:aws:lambda:us-east-1:123456789012:capacity-provider:cp', false],
    // Fields are matched on their own: a * in the Region cannot eat the account.
    ['arn:aws:lambda:*:123456789012:function:f', 'arn:aws:lambda:us-east-1:999999999999:function:x:123456789012:function:f', false],
    // Case-sensitive.
    ['arn:aws:lambda:us-east-1:123456789012:function:F', fn, false],
    ['arn:aws-cn:lambda:*:*:*', fn, false],
    ['arn:aws*:lambda:*:*:*', 'arn:aws-cn:lambda:cn-north-1:123456789012:function:f', true],
    // Fewer than six fields with a trailing * runs on across colons.
    ['arn:aws:s3:*', 'arn:aws:s3:::bucket/key', true],
    ['arn:aws:*', fn, true],
    ['arn:aws:s3:*', fn, false],
    // Only the last field runs on; the fields before it still match one field each.
    ['arn:*:s3:*', 'arn:aws-cn:s3:::bucket', true],
    ['arn:*:s3:*', 'arn:aws:lambda:us-east-1:123456789012:function:s3:x', false],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b:c', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false],
    // Substitutions on either side match anything.
    ['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f', fn, true],
    ['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:g', fn, false],
    ['arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/bob/notes', true],
    [fn, 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f', true],
    [fn, '${MyFunction.Arn}', true],
    ['${MyBucket.Arn}/*', 'arn:aws:s3:::bucket/key', true],
    ['${MyBucket.Arn}/*', 'arn:aws:s3:::bucket', false],
    // Non-ARN text compares as a whole.
    ['abc', 'abc', true],
    ['abc', 'abd', false],
  ];
  for (const [pattern, arn, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${arn}`, () => assert.equal(arnMatches(pattern, arn), expected));
  }
});

describe('compareArn (yes / maybe / no)', () => {
  const cases: [pattern: string, value: string, expected: 'yes' | 'maybe' | 'no'][] = [
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/${Key}', 'yes'],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/*', 'yes'],
    ['arn:aws:s3:::b/*', '*', 'maybe'],
    ['arn:aws:s3:::b/x*', 'arn:aws:s3:::b/*', 'maybe'],
    ['*', '*', 'yes'],
    ['arn:aws:lambda:us-east-1:123456789012:function:f', 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f', 'maybe'],
    ['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f', 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f', 'yes'],
    ['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f', 'arn:aws:lambda:us-east-1:123456789012:function:f', 'maybe'],
    ['arn:aws:lambda:*:*:capacity-provider:${Name}', 'arn:aws:lambda:*:*:capacity-provider:*', 'maybe'],
    ['arn:aws:lambda:*:*:capacity-provider:*', 'arn:aws:lambda:*:*:capacity-provider:*', 'yes'],
    ['arn:aws:lambda:*:*:function:*', 'arn:aws:lambda:*:*:capacity-provider:*', 'no'],
    ['${Bucket.Arn}/*', '${Bucket.Arn}/key', 'yes'],
    ['${Bucket.Arn}/*', '${Other.Arn}/key', 'maybe'],
  ];
  for (const [pattern, value, expected] of cases) {
    it(`${pattern} vs ${value} → ${expected}`, () => assert.equal(compareArn(pattern, value), expected));
  }
});

describe('arnMatchesFormat', () => {
  const capacityProvider = 'arn:${Partition}:lambda:${Region}:${Account}:capacity-provider:${CapacityProviderName}';
  const fn = 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}';
  const fnAlias = 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}:${Alias}';
  const object = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
  const bucket = 'arn:${Partition}:s3:::${BucketName}';
  const role = 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}';
  const cases: [arn: string, format: string, expected: boolean][] = [
    ['arn:aws:lambda:*:*:capacity-provider:trusted-workloads-*', capacityProvider, true],
    ['arn:aws:lambda:*:*:capacity-provider:trusted-workloads-*', fn, false],
    ['arn:aws:lambda:us-east-1:123456789012:function:f', capacityProvider, false],
    ['arn:aws:lambda:us-east-1:123456789012:function:f', fn, true],
    ['arn:aws:lambda:us-east-1:123456789012:function:f', fnAlias, false],
    ['arn:aws:lambda:us-east-1:123456789012:function:f:live', fnAlias, true],
    ['arn:aws:lambda:us-east-1:123456789012:function:f:live', fn, false],
    ['arn:aws:lambda:*:*:*', capacityProvider, true],
    ['arn:aws:lambda:*:*:*', fn, true],
    ['arn:aws:lambda:*', capacityProvider, true],
    ['arn:aws:s3:*', capacityProvider, false],
    ['*', capacityProvider, true],
    ['*', object, true],
    ['arn:aws-us-gov:lambda:us-gov-west-1:123456789012:capacity-provider:cp', capacityProvider, true],
    ['arn:aws-eusc:lambda:eusc-de-east-1:123456789012:capacity-provider:cp', capacityProvider, true],
    ['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:capacity-provider:${CP}', capacityProvider, true],
    ['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:capacity-provider:${CP}', fn, false],
    ['arn:aws:lambda:us-east-1:123456789012:capacity-provider:${AWS::StackName}-cp', capacityProvider, true],
    ['${MyCapacityProvider.Arn}', capacityProvider, true],
    ['arn:aws:s3:::bucket/*', object, true],
    ['arn:aws:s3:::bucket/*', bucket, false],
    ['arn:aws:s3:::bucket', object, false],
    ['arn:aws:s3:::bucket', bucket, true],
    ['arn:aws:s3:::bucket*', object, true],
    ['arn:aws:s3:::bucket/a/b:c', object, true],
    ['arn:aws:s3:us-east-1::bucket/x', object, false],
    ['arn:aws:iam::123456789012:role/service-role/my-role', role, true],
    ['arn:aws:iam::123456789012:role/*', role, true],
    ['arn:aws:iam::123456789012:user/bob', role, false],
    ['arn:aws:iam::${AWS::AccountId}:role/${ExecutionRole}', role, true],
    // Regions and accounts are never empty in these formats.
    ['arn:aws:lambda:::function:f', fn, false],
  ];
  for (const [arn, format, expected] of cases) {
    it(`${arn} ${expected ? 'fits' : 'does not fit'} ${format}`, () => assert.equal(arnMatchesFormat(arn, format), expected));
  }
});
