import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lint } from '../../server/src/engine/lint';
import { clearMemos } from '../../server/src/iam/bounded-memo';
import { fixtureDocuments } from '../fixture-documents';
import { mutate, random } from '../mutations';

/**
 * The server reuses, on each keystroke, what earlier versions computed: compiled statements and the answers they
 * gave, glob comparisons, ARN format fits, catalogue lookups, statements' action lists — every memo is keyed by the
 * content it was computed from. Here every fixture, every example and a sample of the SAM corpus goes through a
 * session of edits as a user makes them (a word changed, a character typed or deleted, an undo, now and then a
 * mangled document). Each version is linted with the memos the versions before it left, then again from cold
 * memos, as a new process would: the findings, messages, ranges and fixes must be the same.
 */
const EDITS_PER_DOCUMENT = 30;
const CORPUS_SAMPLE = 48;
const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'sam-translator', 'input');

/** Words a policy author swaps: effects, actions of one service for another, principals, resources, operators. */
const SWAPS: readonly (readonly string[])[] = [
  ['Allow', 'Deny'],
  ['s3:GetObject', 's3:ListBucket', 's3:*', 's3:PutObject'],
  ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:*'],
  ['dynamodb:GetItem', 'dynamodb:GetRecords', 'dynamodb:*'],
  ['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl', 'lambda:*'],
  ['ec2:RunInstances', 'ec2:CreateTags', 'ec2:*'],
  ['iam:PassRole', 'iam:Pass*'],
  ['lambda.amazonaws.com', 'scaler.lambda.amazonaws.com', 's3.amazonaws.com'],
  ['sts:AssumeRole', 'sts:TagSession'],
  ['StringEquals', 'StringLike', 'ArnLike', 'ForAnyValue:StringEquals'],
  ['.Arn', '.Name'],
  ['/*', ''],
  ['"*"', '"arn:aws:s3:::bucket/*"'],
  ['aws:SourceArn', 'aws:SourceAccount', 'ec2:ManagedResourceOperator'],
];

function edit(text: string, original: string, rnd: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const roll = rnd();
  if (roll < 0.08) return original; // undo back to the file as saved
  if (roll < 0.14) return mutate(text, rnd);
  if (roll < 0.6) {
    const group = pick(SWAPS);
    const from = pick(group);
    const places: number[] = [];
    for (let i = text.indexOf(from); i >= 0 && from; i = text.indexOf(from, i + 1)) places.push(i);
    if (places.length > 0) {
      const at = pick(places);
      return text.slice(0, at) + pick(group.filter((w) => w !== from)) + text.slice(at + from.length);
    }
  }
  const at = Math.floor(rnd() * text.length);
  // Typing or deleting one character, most often inside a word.
  return rnd() < 0.5 ? text.slice(0, at) + pick([...'abcxyz*?:/-0 ']) + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
}

function documents(): { name: string; text: string }[] {
  const docs = fixtureDocuments();
  if (existsSync(CORPUS)) {
    const files = readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f)).sort();
    const rnd = random(6122026);
    for (let i = 0; i < CORPUS_SAMPLE && files.length > 0; i++) {
      const [file] = files.splice(Math.floor(rnd() * files.length), 1);
      docs.push({ name: file!, text: readFileSync(join(CORPUS, file!), 'utf8') });
    }
  }
  return docs;
}

const view = (name: string, text: string) => {
  const result = lint({ name, text });
  return { findings: result.findings, internalErrors: result.internalErrors.map((e) => e.ruleId) };
};

test(`warm memos: every version of ${EDITS_PER_DOCUMENT}-edit sessions on every fixture and ${CORPUS_SAMPLE} corpus templates lints as from cold`, () => {
  const docs = documents();
  assert.ok(docs.length >= 80, `${docs.length} documents`);
  const rnd = random(20261206);
  let versions = 0;
  let findings = 0;
  for (const doc of docs) {
    let text = doc.text;
    view(doc.name, text);
    for (let i = 0; i < EDITS_PER_DOCUMENT; i++) {
      text = edit(text, doc.text, rnd);
      const warm = view(doc.name, text);
      clearMemos();
      const cold = view(doc.name, text);
      versions++;
      findings += cold.findings.length;
      assert.deepEqual(warm, cold, `${doc.name}, edit ${i + 1}: a warm lint differs from a cold one`);
    }
  }
  assert.ok(versions >= 2_400, `${versions} versions`);
  // The edits must reach the rules, not only the parser: most versions still have findings to compare.
  assert.ok(findings > versions, `${findings} findings over ${versions} versions`);
});
