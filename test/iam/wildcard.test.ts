import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareGlob,
  compilePattern,
  compileValue,
  Glob,
  globCovers,
  globsOverlap,
  hasWildcard,
  scanPattern,
  star,
  wildcardCovers,
  wildcardMatch,
  wildcardsOverlap,
} from '../../server/src/iam/wildcard';

// A plain dynamic-programming matcher to check the fast one against.
function reference(pattern: string, text: string): boolean {
  const n = pattern.length;
  const m = text.length;
  const dp: boolean[][] = Array.from({ length: n + 1 }, () => Array<boolean>(m + 1).fill(false));
  dp[0]![0] = true;
  for (let i = 1; i <= n; i++) {
    const p = pattern[i - 1];
    for (let j = 0; j <= m; j++) {
      if (p === '*') dp[i]![j] = dp[i - 1]![j]! || (j > 0 && dp[i]![j - 1]!);
      else if (j > 0) dp[i]![j] = dp[i - 1]![j - 1]! && (p === '?' || p === text[j - 1]);
    }
  }
  return dp[n]![m]!;
}

function* strings(alphabet: string, maxLength: number): Generator<string> {
  let layer = [''];
  yield '';
  for (let len = 1; len <= maxLength; len++) {
    const next: string[] = [];
    for (const s of layer) for (const c of alphabet) next.push(s + c);
    yield* next;
    layer = next;
  }
}

describe('wildcardMatch', () => {
  const cases: [pattern: string, text: string, expected: boolean, ignoreCase?: boolean][] = [
    ['*', '', true],
    ['*', 'arn:aws:s3:::bucket/key/with:colons', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'abbc', false],
    ['??', 'a', false],
    ['?*?', 'ab', true],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['ab*ba', 'aba', false],
    ['ab*ba', 'abba', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'acb', false],
    ['*a*a*', 'a', false],
    ['*a*a*', 'aa', true],
    ['x*ab*ab*y', 'xaby', false],
    ['x*ab*ab*y', 'xababy', true],
    ['', '', true],
    ['', 'a', false],
    ['arn:*:b', 'arn:x:y/z:b', true],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:getobject', false],
    ['s3:Get*', 'S3:GETOBJECT', true, true],
    ['S3:*OBJECT', 's3:getobject', true, true],
    ['arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/x', false],
    ['s3:Get*Acl', 's3:GetBucketAcl', true],
    ['s3:Get*Acl', 's3:GetBucketAclx', false],
    // ${...} tokens match any run; ${*} ${?} ${$} are literal characters.
    ['arn:${AWS::Partition}:s3:::b', 'arn:aws-cn:s3:::b', true],
    ['home/${aws:username}/*', 'home/bob/notes', true],
    ['a${*}', 'a*', true],
    ['a${*}', 'ab', false],
    ['a${?}', 'a?', true],
    ['a${?}', 'ab', false],
    ['cost${$}', 'cost$', true],
    ['unterminated ${', 'unterminated ${', true],
  ];
  for (const [pattern, text, expected, ignoreCase] of cases) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(text)}${ignoreCase ? ' (ignoring case)' : ''}`, () => {
      assert.equal(wildcardMatch(pattern, text, { ignoreCase }), expected);
    });
  }

  it('agrees with a reference matcher on every short pattern and text', () => {
    const patterns = [...strings('ab*?', 5)];
    const texts = [...strings('ab', 6)];
    for (const p of patterns) for (const t of texts) assert.equal(wildcardMatch(p, t), reference(p, t), `${p} vs ${t}`);
  });

  it('returns quickly on patterns that make backtracking matchers explode', () => {
    const started = performance.now();
    assert.equal(wildcardMatch(`${'a*'.repeat(40)}b`, 'a'.repeat(200_000)), false);
    assert.equal(wildcardMatch(`${'*a'.repeat(40)}*b`, `${'a'.repeat(100_000)}c`), false);
    assert.equal(wildcardMatch(`${'?*'.repeat(40)}b`, 'a'.repeat(10_000)), false);
    assert.equal(wildcardMatch(`${'a*'.repeat(40)}b`, `${'a'.repeat(100_000)}b`), true);
    assert.ok(performance.now() - started < 1000, `took ${performance.now() - started} ms`);
  });

  it('compiles a pattern once and reuses it', () => {
    assert.equal(compilePattern('lambda:Get*', { ignoreCase: true }), compilePattern('lambda:Get*', { ignoreCase: true }));
    assert.notEqual(compilePattern('lambda:Get*', { ignoreCase: true }), compilePattern('lambda:Get*'));
  });

  it('treats * and ? as literal when wildcards are off (Equals operators)', () => {
    const equals = compilePattern('a*', { wildcards: false })!;
    assert.equal(equals.test('a*'), true);
    assert.equal(equals.test('ab'), false);
  });

  it('honours wildcards that exclude characters (ARN format placeholders)', () => {
    const g = new Glob(['f', ':', star(':')]);
    assert.equal(g.test('f:name'), true);
    assert.equal(g.test('f:name:1'), false);
    assert.equal(g.test('f:'), true);
  });
});

describe('wildcardCovers', () => {
  const cases: [a: string, b: string, expected: boolean, ignoreCase?: boolean][] = [
    ['s3:*', 's3:Get*', true],
    ['s3:Get*', 's3:*', false],
    ['s3:*', 's3:GetObject', true],
    ['s3:GetObject', 's3:GetObject', true],
    ['s3:GetObject', 's3:GetObjectAcl', false],
    ['S3:*', 's3:get*', true, true],
    ['S3:*', 's3:get*', false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/*', true],
    ['arn:aws:s3:::b/x/*', 'arn:aws:s3:::b/*', false],
    ['arn:aws:s3:::b*', 'arn:aws:s3:::b/*', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b', false],
    ['*', 'anything*at?all', true],
    ['?', 'a', true],
    ['?', '*', false],
    ['?', '?', true],
    ['*?', '?*', true],
    ['?*', '*?', true],
    ['a?*', 'a*?b', true],
    ['*a*', 'xay', true],
    ['*a*', 'x*y', false],
    // An unknown is covered only by * or by the same token.
    ['*', 'arn:aws:s3:::${MyBucket}', true],
    ['arn:aws:s3:::${B}/*', 'arn:aws:s3:::${B}/x', true],
    ['arn:aws:s3:::${B}/*', 'arn:aws:s3:::${C}/x', false],
    ['arn:aws:s3:::${B}/*', 'arn:aws:s3:::b/x', false],
    ['arn:aws:s3:::?/*', 'arn:aws:s3:::${B}/x', false],
  ];
  for (const [a, b, expected, ignoreCase] of cases) {
    it(`${a} ${expected ? 'covers' : 'does not cover'} ${b}${ignoreCase ? ' (ignoring case)' : ''}`, () => {
      assert.equal(wildcardCovers(a, b, { ignoreCase }), expected);
    });
  }

  it('is sound: whenever a covers b, a matches every string b matches', () => {
    const patterns = [...strings('ab*?', 3)];
    const texts = [...strings('ab', 5)];
    const matched = new Map(patterns.map((p) => [p, texts.filter((t) => reference(p, t))]));
    let proven = 0;
    for (const a of patterns) {
      for (const b of patterns) {
        if (!wildcardCovers(a, b)) continue;
        proven++;
        for (const t of matched.get(b)!) assert.ok(reference(a, t), `${a} covers ${b} but misses ${t}`);
      }
    }
    assert.ok(proven > 1000);
  });

  it('proves plain cases completely: every a with ≤3 atoms that matches all of a literal b covers it', () => {
    for (const a of strings('ab*?', 3)) for (const b of strings('ab', 4)) assert.equal(wildcardCovers(a, b), reference(a, b), `${a} / ${b}`);
  });
});

describe('wildcardsOverlap', () => {
  const cases: [a: string, b: string, expected: boolean][] = [
    ['s3:Get*', 's3:*Object', true],
    ['s3:Get*', 's3:Put*', false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/*', false],
    // As whole strings, * runs across colons (arn.ts compares ARNs field by field instead).
    ['arn:aws:lambda:*:*:function:*', 'arn:aws:lambda:us-east-1:1:capacity-provider:*', true],
    ['a*', '*b', true],
    ['a?', 'ab?', false],
    ['${X}', 'anything', true],
    ['x${X}y', 'xz', false],
  ];
  for (const [a, b, expected] of cases) {
    it(`${a} ${expected ? 'overlaps' : 'does not overlap'} ${b}`, () => assert.equal(wildcardsOverlap(a, b), expected));
  }

  it('is exact against brute force on short patterns', () => {
    const patterns = [...strings('ab*?', 3)];
    const texts = [...strings('abc', 6)];
    const matched = new Map(patterns.map((p) => [p, new Set(texts.filter((t) => reference(p, t)))]));
    for (const a of patterns) {
      for (const b of patterns) {
        const witness = [...matched.get(a)!].some((t) => matched.get(b)!.has(t));
        assert.equal(wildcardsOverlap(a, b), witness, `${a} / ${b}`);
      }
    }
  });

  it('returns quickly on long pathological patterns', () => {
    const started = performance.now();
    const a = compilePattern(`${'a*'.repeat(300)}b`)!;
    const b = compilePattern(`${'*a'.repeat(300)}c`)!;
    assert.equal(globsOverlap(a, b), false);
    assert.equal(globCovers(a, b), false);
    assert.ok(performance.now() - started < 1000);
  });
});

describe('compareGlob (policy pattern against a request value)', () => {
  const cases: [pattern: string, value: string, expected: 'yes' | 'maybe' | 'no'][] = [
    ['s3:Get*', 's3:GetObject', 'yes'],
    ['s3:Get*', 's3:PutObject', 'no'],
    // A * in a value is a run the caller could not resolve.
    ['s3:Get*', 's3:*', 'maybe'],
    ['s3:*', 's3:*', 'yes'],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/${Key}', 'yes'],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/${Key}', 'no'],
    // An unknown in the pattern is one specific string.
    ['arn:aws:s3:::${B}', 'arn:aws:s3:::mine', 'maybe'],
    ['arn:aws:s3:::${B}', 'arn:aws:s3:::${B}', 'yes'],
    ['arn:aws:s3:::${B}', 'arn:aws:s3:::*', 'maybe'],
    ['arn:aws:s3:::${B}x', 'arn:aws:s3:::y', 'no'],
  ];
  for (const [pattern, value, expected] of cases) {
    it(`${pattern} vs ${value} → ${expected}`, () => assert.equal(compareGlob(compilePattern(pattern)!, compileValue(value)), expected));
  }

  it('reads ? in a value literally', () => {
    assert.equal(compareGlob(compilePattern('a?')!, compileValue('a?')), 'yes');
    assert.equal(compareGlob(compilePattern('ab')!, compileValue('a?')), 'no');
  });
});

describe('scanPattern and hasWildcard', () => {
  it('tells policy variables, substitutions and escapes apart', () => {
    const kinds = scanPattern("a${aws:username}b${AWS::Region}${MyBucket.Arn}${*}${aws:PrincipalTag/team, 'none'}").map((t) => t.kind);
    assert.deepEqual(kinds, ['text', 'variable', 'text', 'substitution', 'substitution', 'escape', 'variable']);
    const withDefault = scanPattern("${aws:PrincipalTag/team, 'none'}")[0];
    assert.deepEqual(withDefault?.kind === 'variable' && [withDefault.name, withDefault.fallback], ['aws:PrincipalTag/team', 'none']);
  });

  it('reads variables as literal text when the policy version has none', () => {
    assert.equal(wildcardMatch('a${aws:username}', 'abob'), true);
    assert.equal(compilePattern('a${aws:username}', { variables: false })!.test('abob'), false);
    assert.equal(compilePattern('a${aws:username}', { variables: false })!.test('a${aws:username}'), true);
  });

  it('finds * and ? outside ${...} only', () => {
    assert.equal(hasWildcard('s3:Get*'), true);
    assert.equal(hasWildcard('a?'), true);
    assert.equal(hasWildcard('arn:${AWS::Partition}:s3:::b'), false);
    assert.equal(hasWildcard('a${*}'), false);
  });
});
