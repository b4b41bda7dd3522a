import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allowsAny,
  compilePolicy,
  evaluate,
  parseCidr,
  parseConditionOperator,
  parseDate,
  type EvalContext,
  type EvalOptions,
  type EvalRequest,
  type EvalStatement,
} from '../../server/src/iam/evaluator';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const CP = 'arn:aws:lambda:us-east-1:123456789012:capacity-provider:cp';

const allow = (extra: Partial<EvalStatement> = {}): EvalStatement => ({ effect: 'Allow', action: ['*'], resource: ['*'], ...extra });
const deny = (extra: Partial<EvalStatement> = {}): EvalStatement => ({ effect: 'Deny', action: ['*'], resource: ['*'], ...extra });

/** 'allow' | 'deny' | 'implicitDeny', with '?' appended when conditional. */
function outcome(statements: readonly EvalStatement[], request: Partial<EvalRequest> = {}, options?: EvalOptions): string {
  const r = evaluate(statements, { action: 'lambda:InvokeFunction', resource: FN, ...request }, options);
  return r.decision + (r.conditional ? '?' : '');
}

/** Does a single Allow with this condition allow a request with this context? */
function conditionHolds(operator: string, key: string, values: readonly string[], context: EvalContext, options?: EvalOptions): string {
  return outcome([allow({ condition: { [operator]: { [key]: values } } })], { context }, options);
}

describe('evaluate: effects, actions, resources', () => {
  it('allows what an Allow matches, and nothing else (implicit deny)', () => {
    const s = [allow({ action: ['lambda:InvokeFunction'], resource: [FN] })];
    assert.equal(outcome(s), 'allow');
    assert.equal(outcome(s, { action: 'lambda:DeleteFunction' }), 'implicitDeny');
    assert.equal(outcome(s, { resource: CP }), 'implicitDeny');
    assert.equal(outcome([]), 'implicitDeny');
  });

  it('lets an explicit Deny win over any Allow, whatever the order', () => {
    const d = deny({ action: ['lambda:Invoke*'], resource: [FN], sid: 'NoInvoke' });
    for (const statements of [[allow(), d], [d, allow()]]) {
      const r = evaluate(statements, { action: 'lambda:InvokeFunction', resource: FN });
      assert.equal(r.decision, 'deny');
      assert.equal(r.conditional, false);
      assert.deepEqual(r.matched.map((s) => s.sid), ['NoInvoke']);
    }
  });

  it('returns the deciding statements with their origin', () => {
    const origin = { node: 42 };
    const r = evaluate([allow({ origin }), allow({ action: ['s3:*'] })], { action: 'lambda:InvokeFunction', resource: FN });
    assert.equal(r.matched.length, 1);
    assert.equal(r.matched[0]!.origin, origin);
  });

  const actionCases: [pattern: string, action: string, expected: boolean][] = [
    ['lambda:InvokeFunction', 'lambda:InvokeFunction', true],
    ['lambda:invokefunction', 'Lambda:InvokeFunction', true],
    ['LAMBDA:INVOKE*', 'lambda:InvokeFunctionUrl', true],
    ['lambda:*', 'lambda:PassCapacityProvider', true],
    ['lambda:Pass*', 'lambda:PassCapacityProvider', true],
    ['*', 'iam:PassRole', true],
    ['iam:Pass?ole', 'iam:PassRole', true],
    ['lambda:Get*', 'lambda:InvokeFunction', false],
    ['lambda:*', 'iam:PassRole', false],
  ];
  for (const [pattern, action, expected] of actionCases) {
    it(`Action ${pattern} ${expected ? 'matches' : 'does not match'} ${action} (case-insensitive)`, () => {
      assert.equal(outcome([allow({ action: [pattern] })], { action }), expected ? 'allow' : 'implicitDeny');
    });
  }

  it('applies NotAction to every action but the listed ones', () => {
    const s = [allow({ action: undefined, notAction: ['iam:*', 'lambda:Delete*'] })];
    assert.equal(outcome(s, { action: 'lambda:InvokeFunction' }), 'allow');
    assert.equal(outcome(s, { action: 'lambda:DeleteFunction' }), 'implicitDeny');
    assert.equal(outcome(s, { action: 'IAM:PassRole' }), 'implicitDeny');
  });

  it('applies NotResource to every resource but the listed ones', () => {
    const s = [allow(), deny({ resource: undefined, notResource: ['arn:aws:lambda:*:*:function:public-*'] })];
    assert.equal(outcome(s, { resource: 'arn:aws:lambda:us-east-1:123456789012:function:public-api' }), 'allow');
    assert.equal(outcome(s, { resource: FN }), 'deny');
  });

  const resourceCases: [pattern: string, resource: string, expected: boolean][] = [
    ['*', FN, true],
    [FN, FN, true],
    ['arn:aws:lambda:*:*:function:*', FN, true],
    ['arn:aws:lambda:*:*:function:*', `${FN}:live`, true],
    ['arn:aws:lambda:*:*:function:*', CP, false],
    ['arn:aws:lambda:*:*:capacity-provider:*', CP, true],
    ['arn:aws:lambda:us-east-1:123456789012:function:F', FN, false],
    ['arn:aws:lambda:*', FN, true],
    ['arn:aws-cn:lambda:*:*:*', 'arn:aws-cn:lambda:cn-north-1:123456789012:function:f', true],
    ['arn:aws-us-gov:lambda:*:*:*', FN, false],
  ];
  for (const [pattern, resource, expected] of resourceCases) {
    it(`Resource ${pattern} ${expected ? 'matches' : 'does not match'} ${resource}`, () => {
      assert.equal(outcome([allow({ resource: [pattern] })], { resource }), expected ? 'allow' : 'implicitDeny');
    });
  }

  it('applies a statement without Resource/NotResource (a trust policy) to any resource, and one without Action to none', () => {
    assert.equal(outcome([allow({ resource: undefined })]), 'allow');
    assert.equal(outcome([allow({ action: undefined })]), 'implicitDeny');
    assert.equal(outcome([allow(), deny({ action: undefined })]), 'allow');
  });

  it('accepts single strings where lists are expected, as policies write them', () => {
    const s = { effect: 'Allow', action: 'lambda:*', resource: '*' } as unknown as EvalStatement;
    assert.equal(outcome([s]), 'allow');
  });
});

type Row = [operator: string, key: string, values: readonly string[], context: EvalContext, expected: boolean];

function table(name: string, rows: readonly Row[]): void {
  describe(name, () => {
    for (const [operator, key, values, context, expected] of rows) {
      it(`${operator} ${key} ${JSON.stringify(values)} with ${JSON.stringify(context)} → ${expected}`, () => {
        assert.equal(conditionHolds(operator, key, values, context), expected ? 'allow' : 'implicitDeny');
      });
    }
  });
}

table('conditions: String operators', [
  ['StringEquals', 'aws:PrincipalTag/team', ['blue'], { 'aws:PrincipalTag/team': 'blue' }, true],
  ['StringEquals', 'aws:PrincipalTag/team', ['blue'], { 'aws:PrincipalTag/team': 'Blue' }, false],
  ['StringEquals', 'aws:PrincipalTag/team', ['red', 'blue'], { 'aws:PrincipalTag/team': 'blue' }, true],
  ['StringEquals', 'aws:PrincipalTag/team', ['blu*'], { 'aws:PrincipalTag/team': 'blue' }, false],
  ['StringNotEquals', 'aws:PrincipalTag/team', ['blue'], { 'aws:PrincipalTag/team': 'red' }, true],
  ['StringNotEquals', 'aws:PrincipalTag/team', ['blue'], { 'aws:PrincipalTag/team': 'blue' }, false],
  // Negated operators with several values are a NOR.
  ['StringNotEquals', 'aws:PrincipalTag/team', ['red', 'blue'], { 'aws:PrincipalTag/team': 'blue' }, false],
  ['StringNotEquals', 'aws:PrincipalTag/team', ['red', 'blue'], { 'aws:PrincipalTag/team': 'green' }, true],
  ['StringEqualsIgnoreCase', 'aws:PrincipalTag/team', ['BLUE'], { 'aws:PrincipalTag/team': 'blue' }, true],
  ['StringEqualsIgnoreCase', 'aws:PrincipalTag/team', ['BLUE'], { 'aws:PrincipalTag/team': 'red' }, false],
  ['StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', ['BLUE'], { 'aws:PrincipalTag/team': 'blue' }, false],
  ['StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', ['BLUE'], { 'aws:PrincipalTag/team': 'red' }, true],
  ['StringLike', 's3:prefix', ['home/*'], { 's3:prefix': 'home/bob/' }, true],
  ['StringLike', 's3:prefix', ['home/?ob'], { 's3:prefix': 'home/bob' }, true],
  ['StringLike', 's3:prefix', ['home/*'], { 's3:prefix': 'Home/bob' }, false],
  ['StringLike', 's3:prefix', ['a/*', 'b/*'], { 's3:prefix': 'b/x' }, true],
  ['StringNotLike', 's3:prefix', ['a/*', 'b/*'], { 's3:prefix': 'b/x' }, false],
  ['StringNotLike', 's3:prefix', ['a/*', 'b/*'], { 's3:prefix': 'c/x' }, true],
]);

table('conditions: Numeric operators', [
  ['NumericEquals', 's3:max-keys', ['10'], { 's3:max-keys': '10' }, true],
  ['NumericEquals', 's3:max-keys', ['10'], { 's3:max-keys': '10.0' }, true],
  ['NumericEquals', 's3:max-keys', ['10'], { 's3:max-keys': '11' }, false],
  ['NumericNotEquals', 's3:max-keys', ['10', '20'], { 's3:max-keys': '20' }, false],
  ['NumericNotEquals', 's3:max-keys', ['10', '20'], { 's3:max-keys': '30' }, true],
  ['NumericLessThan', 'aws:MultiFactorAuthAge', ['3600'], { 'aws:MultiFactorAuthAge': '3599' }, true],
  ['NumericLessThan', 'aws:MultiFactorAuthAge', ['3600'], { 'aws:MultiFactorAuthAge': '3600' }, false],
  ['NumericLessThanEquals', 'aws:MultiFactorAuthAge', ['3600'], { 'aws:MultiFactorAuthAge': '3600' }, true],
  ['NumericLessThanEquals', 'aws:MultiFactorAuthAge', ['3600'], { 'aws:MultiFactorAuthAge': '3601' }, false],
  ['NumericGreaterThan', 'aws:MultiFactorAuthAge', ['3600'], { 'aws:MultiFactorAuthAge': '3601' }, true],
  ['NumericGreaterThan', 'aws:MultiFactorAuthAge', ['3600'], { 'aws:MultiFactorAuthAge': '3600' }, false],
  ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', ['3600'], { 'aws:MultiFactorAuthAge': '3600' }, true],
  ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', ['-1.5'], { 'aws:MultiFactorAuthAge': '-2' }, false],
  ['NumericEquals', 's3:max-keys', ['ten'], { 's3:max-keys': '10' }, false],
]);

table('conditions: Date operators (ISO 8601 and epoch seconds)', [
  ['DateEquals', 'aws:CurrentTime', ['2026-01-01T00:00:00Z'], { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, true],
  ['DateEquals', 'aws:CurrentTime', ['2026-01-01T00:00:00Z'], { 'aws:CurrentTime': '1767225600' }, true],
  ['DateEquals', 'aws:CurrentTime', ['2026-01-01T01:00:00+01:00'], { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, true],
  ['DateEquals', 'aws:CurrentTime', ['2026-01-01'], { 'aws:CurrentTime': '2026-01-01T00:00:00.000Z' }, true],
  ['DateNotEquals', 'aws:CurrentTime', ['2026-01-01T00:00:00Z'], { 'aws:CurrentTime': '2026-01-02T00:00:00Z' }, true],
  ['DateNotEquals', 'aws:CurrentTime', ['2026-01-01T00:00:00Z'], { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, false],
  ['DateLessThan', 'aws:CurrentTime', ['2026-06-30T00:00:00Z'], { 'aws:CurrentTime': '2026-06-29T23:59:59Z' }, true],
  ['DateLessThan', 'aws:CurrentTime', ['2026-06-30T00:00:00Z'], { 'aws:CurrentTime': '2026-06-30T00:00:00Z' }, false],
  ['DateLessThanEquals', 'aws:CurrentTime', ['2026-06-30T00:00:00Z'], { 'aws:CurrentTime': '2026-06-30T00:00:00Z' }, true],
  ['DateGreaterThan', 'aws:TokenIssueTime', ['1767225600'], { 'aws:TokenIssueTime': '2026-01-01T00:00:01Z' }, true],
  ['DateGreaterThan', 'aws:TokenIssueTime', ['1767225600'], { 'aws:TokenIssueTime': '2025-12-31T23:59:59Z' }, false],
  ['DateGreaterThanEquals', 'aws:TokenIssueTime', ['2026-01-01T00:00:00Z'], { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, true],
  ['DateLessThan', 'aws:CurrentTime', ['not a date'], { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, false],
]);

table('conditions: Bool and BinaryEquals', [
  ['Bool', 'aws:SecureTransport', ['true'], { 'aws:SecureTransport': 'true' }, true],
  ['Bool', 'aws:SecureTransport', ['true'], { 'aws:SecureTransport': 'false' }, false],
  ['Bool', 'aws:SecureTransport', ['false'], { 'aws:SecureTransport': 'FALSE' }, true],
  ['Bool', 'aws:SecureTransport', ['yes'], { 'aws:SecureTransport': 'yes' }, false],
  ['BinaryEquals', 'ec2:Payload', ['QmluYXJ5VmFsdWU='], { 'ec2:Payload': 'QmluYXJ5VmFsdWU=' }, true],
  ['BinaryEquals', 'ec2:Payload', ['QmluYXJ5VmFsdWU='], { 'ec2:Payload': 'QmluYXJ5VmFsdWV=' }, false],
]);

table('conditions: IpAddress and NotIpAddress (IPv4 and IPv6)', [
  ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.113.77' }, true],
  ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.114.1' }, false],
  ['IpAddress', 'aws:SourceIp', ['203.0.113.7'], { 'aws:SourceIp': '203.0.113.7' }, true],
  ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8', '192.168.0.0/16'], { 'aws:SourceIp': '192.168.4.2' }, true],
  ['IpAddress', 'aws:SourceIp', ['0.0.0.0/0'], { 'aws:SourceIp': '8.8.8.8' }, true],
  ['IpAddress', 'aws:SourceIp', ['2001:db8::/32'], { 'aws:SourceIp': '2001:db8:1234::1' }, true],
  ['IpAddress', 'aws:SourceIp', ['2001:db8::/32'], { 'aws:SourceIp': '2001:db9::1' }, false],
  ['IpAddress', 'aws:SourceIp', ['2001:DB8:0:0:0:0:0:1/128'], { 'aws:SourceIp': '2001:db8::1' }, true],
  ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '::ffff:203.0.113.9' }, true],
  ['IpAddress', 'aws:SourceIp', ['2001:db8::/32'], { 'aws:SourceIp': '203.0.113.9' }, false],
  ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': 'not-an-ip' }, false],
  ['NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '198.51.100.1' }, true],
  ['NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24', '198.51.100.0/24'], { 'aws:SourceIp': '198.51.100.1' }, false],
]);

table('conditions: ARN operators', [
  ['ArnEquals', 'aws:SourceArn', ['arn:aws:s3:::my-bucket'], { 'aws:SourceArn': 'arn:aws:s3:::my-bucket' }, true],
  ['ArnEquals', 'aws:SourceArn', ['arn:aws:s3:::my-*'], { 'aws:SourceArn': 'arn:aws:s3:::my-bucket' }, true],
  ['ArnLike', 'aws:SourceArn', ['arn:aws:sns:*:123456789012:*'], { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic' }, true],
  ['ArnLike', 'aws:SourceArn', ['arn:aws:sns:*:123456789012:*'], { 'aws:SourceArn': 'arn:aws:sns:us-east-1:999999999999:topic' }, false],
  ['ArnLike', 'aws:SourceArn', ['arn:aws:s3:::My-bucket'], { 'aws:SourceArn': 'arn:aws:s3:::my-bucket' }, false],
  ['ArnNotEquals', 'aws:SourceArn', ['arn:aws:s3:::a', 'arn:aws:s3:::b'], { 'aws:SourceArn': 'arn:aws:s3:::b' }, false],
  ['ArnNotLike', 'aws:SourceArn', ['arn:aws:s3:::a*'], { 'aws:SourceArn': 'arn:aws:s3:::bucket' }, true],
  ['ArnNotLike', 'aws:SourceArn', ['arn:aws:s3:::a*'], { 'aws:SourceArn': 'arn:aws:s3:::abc' }, false],
]);

table('conditions: Null', [
  ['Null', 'aws:TokenIssueTime', ['true'], {}, true],
  ['Null', 'aws:TokenIssueTime', ['true'], { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, false],
  ['Null', 'aws:TokenIssueTime', ['false'], { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, true],
  ['Null', 'aws:TokenIssueTime', ['false'], {}, false],
  ['Null', 'aws:TagKeys', ['true'], { 'aws:TagKeys': [] }, true],
]);

table('conditions: a key absent from the request (IAM semantics)', [
  ['StringEquals', 'aws:SourceAccount', ['123456789012'], {}, false],
  ['ArnLike', 'aws:SourceArn', ['arn:aws:s3:::*'], {}, false],
  ['NumericLessThan', 'aws:MultiFactorAuthAge', ['3600'], {}, false],
  ['Bool', 'aws:MultiFactorAuthPresent', ['true'], {}, false],
  // Negated operators hold when the key is missing.
  ['StringNotEquals', 'aws:SourceAccount', ['123456789012'], {}, true],
  ['ArnNotLike', 'aws:SourceArn', ['arn:aws:s3:::*'], {}, true],
  ['NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24'], {}, true],
  // IfExists holds when the key is missing, and tests it when present.
  ['StringEqualsIfExists', 'aws:SourceAccount', ['123456789012'], {}, true],
  ['StringEqualsIfExists', 'aws:SourceAccount', ['123456789012'], { 'aws:SourceAccount': '123456789012' }, true],
  ['StringEqualsIfExists', 'aws:SourceAccount', ['123456789012'], { 'aws:SourceAccount': '999999999999' }, false],
  ['ArnLikeIfExists', 'aws:SourceArn', ['arn:aws:s3:::a*'], {}, true],
  ['ArnLikeIfExists', 'aws:SourceArn', ['arn:aws:s3:::a*'], { 'aws:SourceArn': 'arn:aws:s3:::b' }, false],
  ['NumericLessThanIfExists', 'aws:MultiFactorAuthAge', ['3600'], {}, true],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', ['false'], {}, true],
  ['IpAddressIfExists', 'aws:SourceIp', ['10.0.0.0/8'], { 'aws:SourceIp': '11.0.0.1' }, false],
  // null says "known absent".
  ['StringEquals', 'aws:SourceAccount', ['123456789012'], { 'aws:SourceAccount': null }, false],
]);

table('conditions: ForAllValues and ForAnyValue', [
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env'] }, true],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'team'] }, true],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'owner'] }, false],
  // ForAllValues holds when the key is absent or empty.
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env'], {}, true],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': [] }, true],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['owner', 'team'] }, true],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['owner'] }, false],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], {}, false],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': [] }, false],
  ['ForAllValues:StringLike', 'aws:TagKeys', ['app-*'], { 'aws:TagKeys': ['app-a', 'app-b'] }, true],
  ['ForAllValues:StringLike', 'aws:TagKeys', ['app-*'], { 'aws:TagKeys': ['app-a', 'db-b'] }, false],
  // Negated operators under a qualifier apply per value.
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['env', 'team'] }, true],
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['env'] }, false],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret', 'private'], { 'aws:TagKeys': ['env', 'team'] }, true],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret', 'private'], { 'aws:TagKeys': ['env', 'secret'] }, false],
  ['ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', ['env'], {}, true],
  ['ForAnyValue:ArnLike', 'aws:CalledVia', ['arn:aws:iam::*:role/a*'], { 'aws:CalledVia': ['arn:aws:iam::1:role/b', 'arn:aws:iam::1:role/abc'] }, true],
  // Unqualified on a multivalued key: some value must match (negated: none may).
  ['StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['team', 'env'] }, true],
  ['StringNotEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['team', 'env'] }, false],
]);

describe('conditions: combination and names', () => {
  it('ANDs keys and operators, ORs values', () => {
    const s = [
      allow({
        condition: {
          StringEquals: { 'aws:SourceAccount': ['111111111111', '123456789012'], 'aws:PrincipalTag/team': ['blue'] },
          Bool: { 'aws:SecureTransport': ['true'] },
        },
      }),
    ];
    const ok = { 'aws:SourceAccount': '123456789012', 'aws:PrincipalTag/team': 'blue', 'aws:SecureTransport': 'true' };
    assert.equal(outcome(s, { context: ok }), 'allow');
    assert.equal(outcome(s, { context: { ...ok, 'aws:SecureTransport': 'false' } }), 'implicitDeny');
    assert.equal(outcome(s, { context: { ...ok, 'aws:PrincipalTag/team': 'red' } }), 'implicitDeny');
    assert.equal(outcome(s, { context: { ...ok, 'aws:SourceAccount': '111111111111' } }), 'allow');
  });

  it('reads condition key names and operators in any case', () => {
    assert.equal(conditionHolds('StringEquals', 'AWS:SourceAccount', ['123456789012'], { 'aws:sourceaccount': '123456789012' }), 'allow');
    assert.equal(conditionHolds('stringequals', 'aws:SourceAccount', ['123456789012'], { 'aws:SourceAccount': '123456789012' }), 'allow');
  });

  it('cannot evaluate an operator IAM does not know: maybe', () => {
    assert.equal(conditionHolds('StringEqualz', 'aws:SourceAccount', ['1'], { 'aws:SourceAccount': '1' }), 'allow?');
    assert.equal(conditionHolds('NullIfExists', 'aws:SourceAccount', ['true'], {}), 'allow?');
  });
});

describe('policy variables', () => {
  const home = [allow({ action: ['s3:GetObject'], resource: ['arn:aws:s3:::home/${aws:username}/*'] })];
  const get = (key: string, context: EvalContext, options?: EvalOptions): string =>
    outcome(home, { action: 's3:GetObject', resource: `arn:aws:s3:::home/${key}`, context }, options);

  it('resolves a variable in Resource from the context', () => {
    assert.equal(get('bob/notes.txt', { 'aws:username': 'bob' }), 'allow');
    assert.equal(get('alice/notes.txt', { 'AWS:UserName': 'bob' }), 'implicitDeny');
  });

  it('matches nothing when the variable has no value, unless it has a default', () => {
    assert.equal(get('bob/notes.txt', {}), 'implicitDeny');
    const withDefault = [allow({ resource: ["arn:aws:s3:::home/${aws:username, 'guest'}/*"] })];
    assert.equal(outcome(withDefault, { resource: 'arn:aws:s3:::home/guest/x' }), 'allow');
    assert.equal(outcome(withDefault, { resource: 'arn:aws:s3:::home/guest/x', context: { 'aws:username': 'bob' } }), 'implicitDeny');
  });

  it('is unknown, so possibly matching, when the key is unknown', () => {
    assert.equal(get('bob/notes.txt', {}, { unknownKeys: 'assume-satisfiable' }), 'allow?');
  });

  it('resolves variables in String and ARN condition values', () => {
    const s = [allow({ condition: { StringEquals: { 'aws:ResourceTag/team': ['${aws:PrincipalTag/team}'] } } })];
    assert.equal(outcome(s, { context: { 'aws:ResourceTag/team': 'blue', 'aws:PrincipalTag/team': 'blue' } }), 'allow');
    assert.equal(outcome(s, { context: { 'aws:ResourceTag/team': 'blue', 'aws:PrincipalTag/team': 'red' } }), 'implicitDeny');
    assert.equal(outcome(s, { context: { 'aws:ResourceTag/team': 'blue' } }), 'implicitDeny');
    const arn = [allow({ condition: { ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::${aws:PrincipalAccount}-*'] } } })];
    assert.equal(outcome(arn, { context: { 'aws:SourceArn': 'arn:aws:s3:::123456789012-logs', 'aws:PrincipalAccount': '123456789012' } }), 'allow');
  });

  it('reads variables literally for a policy without Version 2012-10-17', () => {
    const policy = compilePolicy(home, { policyVariables: false });
    const r = (resource: string): string => policy.evaluate({ action: 's3:GetObject', resource, context: { 'aws:username': 'bob' } }).decision;
    assert.equal(r('arn:aws:s3:::home/bob/x'), 'implicitDeny');
    assert.equal(r('arn:aws:s3:::home/${aws:username}/x'), 'allow');
  });
});

describe('tri-state: unknown condition keys', () => {
  const guarded = [allow({ condition: { StringEquals: { 'aws:SourceAccount': ['123456789012'] } } })];

  it('defaults to IAM semantics: a missing key is absent', () => {
    assert.equal(outcome(guarded, { context: {} }), 'implicitDeny');
  });

  it('with assume-satisfiable, a missing key makes the condition possibly true', () => {
    const r = evaluate(guarded, { action: 'lambda:InvokeFunction', resource: FN }, { unknownKeys: 'assume-satisfiable' });
    assert.equal(r.decision, 'allow');
    assert.equal(r.conditional, true);
    assert.deepEqual(r.uncertain, guarded);
  });

  it('still answers from keys that are given, or known absent (null)', () => {
    const options: EvalOptions = { unknownKeys: 'assume-satisfiable' };
    assert.equal(outcome(guarded, { context: { 'aws:SourceAccount': '123456789012' } }, options), 'allow');
    assert.equal(outcome(guarded, { context: { 'aws:SourceAccount': '999999999999' } }, options), 'implicitDeny');
    assert.equal(outcome(guarded, { context: { 'aws:SourceAccount': null } }, options), 'implicitDeny');
  });

  it('can be set once at compile time and overridden per request', () => {
    const policy = compilePolicy(guarded, { unknownKeys: 'assume-satisfiable' });
    const request = { action: 'lambda:InvokeFunction', resource: FN };
    assert.equal(policy.evaluate(request).conditional, true);
    assert.equal(policy.evaluate(request, { unknownKeys: 'absent' }).decision, 'implicitDeny');
  });

  it('a possible Deny makes an Allow conditional; a certain Deny wins; a possible Deny alone is a conditional deny', () => {
    const options: EvalOptions = { unknownKeys: 'assume-satisfiable' };
    const maybeDeny = deny({ sid: 'NoHttp', condition: { Bool: { 'aws:SecureTransport': ['false'] } } });
    const r = evaluate([allow({ sid: 'All' }), maybeDeny], { action: 'lambda:InvokeFunction', resource: FN }, options);
    assert.deepEqual([r.decision, r.conditional, r.matched.map((s) => s.sid), r.uncertain.map((s) => s.sid)], ['allow', true, ['All'], ['NoHttp']]);
    assert.equal(outcome([allow(), maybeDeny], { context: { 'aws:SecureTransport': 'false' } }, options), 'deny');
    assert.equal(outcome([allow(), maybeDeny], { context: { 'aws:SecureTransport': 'true' } }, options), 'allow');
    assert.equal(outcome([maybeDeny], {}, options), 'deny?');
  });

  it('IfExists, Null and ForAllValues on an unknown key are maybe too', () => {
    const options: EvalOptions = { unknownKeys: 'assume-satisfiable' };
    assert.equal(conditionHolds('StringEqualsIfExists', 'aws:SourceAccount', ['1'], {}, options), 'allow?');
    assert.equal(conditionHolds('Null', 'aws:SourceAccount', ['true'], {}, options), 'allow?');
    assert.equal(conditionHolds('ForAllValues:StringEquals', 'aws:TagKeys', ['a'], {}, options), 'allow?');
  });
});

describe('tri-state: unresolved values in the request', () => {
  const scoped = [allow({ action: ['s3:GetObject'], resource: ['arn:aws:s3:::bucket/*'] })];

  it('a * in the resource is a run nobody knows: covered → allow, partly covered → conditional', () => {
    assert.equal(outcome(scoped, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/${Key}' }), 'allow');
    assert.equal(outcome(scoped, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/*' }), 'allow');
    assert.equal(outcome(scoped, { action: 's3:GetObject', resource: '*' }), 'allow?');
    assert.equal(outcome(scoped, { action: 's3:GetObject', resource: 'arn:aws:s3:::other/${Key}' }), 'implicitDeny');
    assert.equal(outcome([allow()], { action: 's3:GetObject', resource: '*' }), 'allow');
  });

  it('a * in a context value is unknown too', () => {
    // Even where a literal * would be equal: a request value's * always reads as unresolved.
    assert.equal(conditionHolds('StringEquals', 'aws:PrincipalTag/team', ['blu*'], { 'aws:PrincipalTag/team': 'blu*' }), 'allow?');
    assert.equal(conditionHolds('StringEquals', 'aws:SourceAccount', ['123456789012'], { 'aws:SourceAccount': '*' }), 'allow?');
    assert.equal(conditionHolds('StringLike', 'aws:SourceAccount', ['*'], { 'aws:SourceAccount': '*' }), 'allow');
    assert.equal(conditionHolds('ArnLike', 'aws:SourceArn', ['arn:aws:sns:*:*:*'], { 'aws:SourceArn': 'arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${Topic}' }), 'allow');
    assert.equal(conditionHolds('ArnLike', 'aws:SourceArn', ['arn:aws:sns:*:*:*'], { 'aws:SourceArn': 'arn:aws:s3:::${Bucket}' }), 'implicitDeny');
    assert.equal(conditionHolds('NumericLessThan', 'aws:MultiFactorAuthAge', ['3600'], { 'aws:MultiFactorAuthAge': '*' }), 'allow?');
  });

  it('a CloudFormation substitution in the policy is one unknown string: it equals the same token only', () => {
    const tokenCp = 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:capacity-provider:${CP}';
    const s = [allow({ action: ['lambda:PassCapacityProvider'], resource: [tokenCp] })];
    const pass = (resource: string): string => outcome(s, { action: 'lambda:PassCapacityProvider', resource });
    assert.equal(pass(tokenCp), 'allow');
    assert.equal(pass(CP), 'allow?');
    assert.equal(pass('arn:aws:lambda:*:*:capacity-provider:*'), 'allow?');
    assert.equal(pass(FN), 'implicitDeny');
  });
});

describe('principals', () => {
  const trust = (principal: EvalStatement['principal'], id: string, type: 'AWS' | 'Service' = 'AWS'): string =>
    outcome([allow({ action: ['sts:AssumeRole'], resource: undefined, principal })], { action: 'sts:AssumeRole', resource: 'arn:aws:iam::123456789012:role/r', principal: { type, id } });

  const cases: [spec: EvalStatement['principal'], type: 'AWS' | 'Service', id: string, expected: string][] = [
    [{ Service: ['lambda.amazonaws.com'] }, 'Service', 'lambda.amazonaws.com', 'allow'],
    [{ Service: 'Lambda.amazonaws.com' }, 'Service', 'lambda.amazonaws.com', 'allow'],
    [{ Service: ['lambda.amazonaws.com'] }, 'Service', 'lamda.amazonaws.com', 'implicitDeny'],
    [{ Service: ['lambda.amazonaws.com'] }, 'AWS', 'arn:aws:iam::123456789012:root', 'implicitDeny'],
    ['*', 'Service', 'lambda.amazonaws.com', 'allow'],
    [{ AWS: '*' }, 'AWS', 'arn:aws:iam::999999999999:user/x', 'allow'],
    [{ AWS: ['123456789012'] }, 'AWS', 'arn:aws:iam::123456789012:role/any', 'allow'],
    [{ AWS: ['arn:aws:iam::123456789012:root'] }, 'AWS', 'arn:aws:sts::123456789012:assumed-role/r/s', 'allow'],
    [{ AWS: ['123456789012'] }, 'AWS', 'arn:aws:iam::999999999999:role/any', 'implicitDeny'],
    [{ AWS: ['arn:aws:iam::123456789012:role/path/deployer'] }, 'AWS', 'arn:aws:iam::123456789012:role/path/deployer', 'allow'],
    [{ AWS: ['arn:aws:iam::123456789012:role/path/deployer'] }, 'AWS', 'arn:aws:sts::123456789012:assumed-role/deployer/session', 'allow'],
    [{ AWS: ['arn:aws:iam::123456789012:role/deployer'] }, 'AWS', 'arn:aws:sts::123456789012:assumed-role/other/session', 'implicitDeny'],
    [{ AWS: ['arn:aws:iam::123456789012:role/deployer'] }, 'AWS', 'arn:aws:iam::123456789012:user/deployer', 'implicitDeny'],
    // Principals take no partial wildcards: * inside an ARN is literal.
    [{ AWS: ['arn:aws:iam::123456789012:role/*'] }, 'AWS', 'arn:aws:iam::123456789012:role/x', 'implicitDeny'],
    [{ AWS: ['${AWS::AccountId}'] }, 'AWS', 'arn:aws:iam::123456789012:role/x', 'allow?'],
    [{ AWS: ['arn:${AWS::Partition}:iam::${AWS::AccountId}:root'] }, 'AWS', 'arn:aws:iam::${AWS::AccountId}:role/x', 'allow'],
  ];
  for (const [spec, type, id, expected] of cases) {
    it(`${JSON.stringify(spec)} with ${type} ${id} → ${expected}`, () => assert.equal(trust(spec, id, type), expected));
  }

  it('leaves Principal possibly matching when the request names no principal', () => {
    assert.equal(outcome([allow({ principal: { Service: ['lambda.amazonaws.com'] } })]), 'allow?');
    assert.equal(outcome([allow({ principal: '*' })]), 'allow');
  });

  it('applies NotPrincipal to everyone but the listed principals', () => {
    const s = [allow(), deny({ notPrincipal: { AWS: ['arn:aws:iam::123456789012:role/admin'] } })];
    const as = (id: string): string => outcome(s, { principal: { type: 'AWS', id } });
    assert.equal(as('arn:aws:iam::123456789012:role/admin'), 'allow');
    assert.equal(as('arn:aws:iam::123456789012:role/dev'), 'deny');
    assert.equal(outcome(s), 'allow?');
  });
});

describe('allowsAny', () => {
  const policy = compilePolicy([
    allow({ sid: 'Scoped', action: ['lambda:PassCapacityProvider'], resource: ['arn:aws:lambda:*:*:capacity-provider:trusted-*'] }),
    allow({ sid: 'Guarded', action: ['lambda:PassCapacityProvider'], resource: ['arn:aws:lambda:*:*:capacity-provider:dev-*'], condition: { StringEquals: { 'aws:RequestTag/env': ['dev'] } } }),
  ]);
  const trusted = 'arn:aws:lambda:us-east-1:123456789012:capacity-provider:trusted-a';
  const dev = 'arn:aws:lambda:us-east-1:123456789012:capacity-provider:dev-a';
  const other = 'arn:aws:lambda:us-east-1:123456789012:capacity-provider:other';

  it('names the first resource the action is certainly allowed on', () => {
    const r = policy.allowsAny('lambda:PassCapacityProvider', [other, trusted]);
    assert.deepEqual([r.decision, r.conditional, r.resource, r.matched.map((s) => s.sid)], ['allow', false, trusted, ['Scoped']]);
  });

  it('falls back to a conditional allow, then to the first result', () => {
    const r = policy.allowsAny('lambda:PassCapacityProvider', [other, dev], {}, { unknownKeys: 'assume-satisfiable' });
    assert.deepEqual([r.decision, r.conditional, r.resource], ['allow', true, dev]);
    const none = policy.allowsAny('lambda:PassCapacityProvider', [other, dev]);
    assert.deepEqual([none.decision, none.resource], ['implicitDeny', other]);
    assert.equal(policy.allowsAny('lambda:PassCapacityProvider', [dev], { context: { 'aws:RequestTag/env': 'dev' } }).decision, 'allow');
  });

  it('allows nothing on no resources, and works on plain statement arrays', () => {
    assert.equal(policy.allowsAny('lambda:PassCapacityProvider', []).decision, 'implicitDeny');
    assert.equal(allowsAny([allow()], 'lambda:InvokeFunction', [FN]).decision, 'allow');
  });
});

describe('compiled policies are fast', () => {
  it('answers 20,000 requests against a 50-statement role quickly', () => {
    const statements: EvalStatement[] = [];
    for (let i = 0; i < 50; i++) {
      statements.push(
        allow({
          action: [`service${i}:Get*`, `service${i}:List*`, 'lambda:Invoke*'],
          resource: [`arn:aws:lambda:*:123456789012:function:app-${i}-*`],
          condition: { StringEquals: { 'aws:ResourceTag/env': ['prod'] } },
        }),
      );
    }
    statements.push(deny({ action: ['lambda:Delete*'] }));
    const policy = compilePolicy(statements);
    const started = performance.now();
    let allowed = 0;
    let expected = 0;
    for (let i = 0; i < 20_000; i++) {
      const r = policy.evaluate({ action: 'lambda:InvokeFunction', resource: `arn:aws:lambda:us-east-1:123456789012:function:app-${i % 60}-x`, context: { 'aws:ResourceTag/env': 'prod' } });
      if (r.decision === 'allow') allowed++;
      if (i % 60 < 50) expected++;
    }
    assert.equal(allowed, expected);
    assert.ok(performance.now() - started < 3000, `${performance.now() - started} ms`);
  });
});

describe('parsers', () => {
  it('parses condition operators with qualifiers and IfExists', () => {
    const p = parseConditionOperator('ForAnyValue:StringLikeIfExists');
    assert.deepEqual([p?.set, p?.ifExists, p?.operator.family, p?.operator.wildcards], ['any', true, 'string', true]);
    assert.equal(parseConditionOperator('ForAllValues:ArnNotLike')?.operator.negated, true);
    for (const bad of ['NullIfExists', 'ForSomeValues:StringEquals', 'StringEqualz', 'IfExists', '']) assert.equal(parseConditionOperator(bad), undefined, bad);
  });

  it('parses dates in ISO 8601 and epoch seconds, rejecting impossible ones', () => {
    assert.equal(parseDate('1767225600'), Date.UTC(2026, 0, 1));
    assert.equal(parseDate('2026-01-01T00:00:00Z'), Date.UTC(2026, 0, 1));
    assert.equal(parseDate('20260101T000000Z'), Date.UTC(2026, 0, 1));
    assert.equal(parseDate('2026-01-01T05:30:00+05:30'), Date.UTC(2026, 0, 1));
    assert.equal(parseDate('2026-01-01T00:00:00.250Z'), Date.UTC(2026, 0, 1) + 250);
    for (const bad of ['2026-02-30', '2026-13-01', 'yesterday', '']) assert.ok(Number.isNaN(parseDate(bad)), bad);
  });

  it('parses IPv4 and IPv6 addresses and CIDR blocks', () => {
    assert.deepEqual(parseCidr('10.0.0.0/8'), { bits: 32, address: 0x0a000000n, prefix: 8 });
    assert.deepEqual(parseCidr('::1'), { bits: 128, address: 1n, prefix: 128 });
    assert.deepEqual(parseCidr('::ffff:10.0.0.1'), { bits: 32, address: 0x0a000001n, prefix: 32 });
    assert.deepEqual(parseCidr('2001:db8::1:2/64')?.prefix, 64);
    for (const bad of ['256.0.0.1', '10.0.0.0/33', '1:2:3:4:5:6:7:8:9', '1::2::3', 'x', '10.0.0.0/8/8']) assert.equal(parseCidr(bad), undefined, bad);
  });
});
