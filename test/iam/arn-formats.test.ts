import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesSomeAction } from '../../server/src/iam/action-existence';
import { arnFitsFormat, arnFormatsIn, formatNamespace, formatsFitting, formatsOf, isActedOn, shapeFitsFormat } from '../../server/src/iam/arn-formats';
import { knownArnShapes } from '../../server/src/model/resource-arns';

const FUNCTION = 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}';

test('ARN formats are indexed by the namespace written in them, not by the action prefix', () => {
  assert.ok(arnFormatsIn('lambda').includes('arn:${Partition}:lambda:${Region}:${Account}:capacity-provider:${CapacityProviderName}'));
  assert.ok(arnFormatsIn('s3').includes('arn:${Partition}:s3:::${BucketName}'));
  assert.deepEqual(arnFormatsIn('no-such-namespace'), []);
  assert.equal(formatNamespace(FUNCTION), 'lambda');
  assert.equal(formatNamespace('arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}'), undefined);
  assert.deepEqual(formatsOf(['arn:a:x:::one, arn:a:x:::two']), ['arn:a:x:::one', 'arn:a:x:::two']);
});

test('a format ending in a name also takes a :qualifier, except a bucket name', () => {
  assert.ok(arnFitsFormat('arn:aws:lambda:us-east-1:123456789012:function:f', FUNCTION));
  assert.ok(arnFitsFormat('arn:aws:lambda:us-east-1:123456789012:function:f:prod', FUNCTION));
  assert.ok(!arnFitsFormat('arn:aws:lambda:us-east-1:123456789012:capacity-provider:p', FUNCTION));
  assert.ok(!arnFitsFormat('arn:aws:s3:::b/*', 'arn:${Partition}:s3:::${BucketName}'));
  assert.deepEqual(formatsFitting('arn:aws:s3:::b', 's3'), ['arn:${Partition}:s3:::${BucketName}']);
});

test('a resource type no action acts on is told apart', () => {
  assert.ok(isActedOn(FUNCTION));
  assert.ok(!isActedOn('arn:${Partition}:apigateway:${Region}::/apis'));
});

test('matchesSomeAction: names by lookup, patterns by matching, any case', () => {
  assert.ok(matchesSomeAction('s3:getobject'));
  assert.ok(matchesSomeAction('lambda:Pass*'));
  assert.ok(matchesSomeAction('lambda*:*'));
  assert.ok(!matchesSomeAction('s3:GetObjects'));
  assert.ok(!matchesSomeAction('lamda*:*'));
});

test('the ARN shapes the resolver gives template resources are formats of the catalogue', () => {
  for (const { type, attribute, shape } of knownArnShapes()) {
    // CloudFormation's log group ARN carries the `:*` that names its streams; the format is the group's.
    const format = shape.replace(/:\*$/, '');
    const service = format.split(':')[2]!;
    assert.ok(arnFormatsIn(service).includes(format), `${type} ${attribute || 'Ref'}: ${format} is not a ${service} format of the catalogue`);
  }
});

test('an ARN shape fits a format as the resource it names: a bucket is no object, a table no stream', () => {
  const bucket = 'arn:${Partition}:s3:::${BucketName}';
  const object = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
  const table = 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}';
  const stream = 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}';
  assert.equal(shapeFitsFormat(bucket, bucket), true);
  assert.equal(shapeFitsFormat(bucket, object), false);
  assert.equal(shapeFitsFormat(`${bucket}/*`, object), true);
  assert.equal(shapeFitsFormat(`${bucket}/*`, bucket), false);
  assert.equal(shapeFitsFormat(table, stream), false);
  assert.equal(shapeFitsFormat(`${table}/stream/*`, stream), true);
  assert.equal(shapeFitsFormat('arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}:*', 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}'), true);
  // A log group's ARN from CloudFormation (`…:log-group:name:*`) covers its streams.
  assert.equal(shapeFitsFormat('arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:*', 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}'), true);
  // A role name may hold a path.
  assert.equal(shapeFitsFormat('arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}', 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'), true);
});
