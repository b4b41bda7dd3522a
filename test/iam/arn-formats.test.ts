import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesSomeAction } from '../../server/src/iam/action-existence';
import { arnFitsFormat, arnFormatsIn, formatNamespace, formatsFitting, formatsOf, isActedOn } from '../../server/src/iam/arn-formats';

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
