import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateTemplate } from '../../bench/template';
import { parseDocument } from '../../server/src/parse/document';
import { reparseJsonResource, reparseResource } from '../../server/src/parse/incremental';
import { fixtureDocuments } from '../fixture-documents';
import { mutate, random } from '../mutations';

/**
 * After an edit inside one top-level resource, only that resource is read again (parse/incremental.ts): the tree
 * must be the one a parse of the whole text gives, offsets and all. Every YAML fixture, example, SAM corpus input
 * and a few generated templates go through edit sessions that mostly stay inside one resource — typing, deleting,
 * lines duplicated, deleted, indented and dedented, keys renamed, a resource split in two or emptied, mangled text —
 * and each version is parsed both ways.
 */
const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'sam-translator', 'input');

function documents(): { name: string; text: string }[] {
  const docs = fixtureDocuments().filter((d) => /\.ya?ml$/.test(d.name));
  if (existsSync(CORPUS)) for (const f of readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f)).sort()) docs.push({ name: f, text: readFileSync(join(CORPUS, f), 'utf8') });
  for (let i = 0; i < 6; i++) docs.push({ name: `generated-${i}.yaml`, text: generateTemplate(150 + 50 * i, i) });
  // Windows line ends, and a text that ends without one.
  for (const d of docs.slice(0, 30)) docs.push({ name: `crlf-${d.name}`, text: d.text.replace(/\r?\n/g, '\r\n') });
  for (const d of docs.slice(0, 30)) docs.push({ name: `no-eol-${d.name}`, text: d.text.replace(/\s+$/, '') });
  return docs;
}

function edit(text: string, rnd: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const roll = rnd();
  if (roll < 0.04) return mutate(text, rnd);
  const lines = text.split('\n');
  const i = Math.floor(rnd() * lines.length);
  if (roll < 0.2) {
    const line = lines[i]!;
    const r = rnd();
    if (r < 0.25) lines.splice(i, 1);
    else if (r < 0.5) lines.splice(i, 0, line);
    else if (r < 0.75) lines[i] = `  ${line}`;
    else lines[i] = line.replace(/^ {1,2}/, '');
    return lines.join('\n');
  }
  if (roll < 0.28) {
    // A key renamed, or a new key written at the start of a line.
    const line = lines[i]!;
    lines[i] = rnd() < 0.5 ? line.replace(/^(\s*)([A-Za-z]+)/, (_, s, k) => `${s}${k}${pick(['X', '', '2'])}`) : line.replace(/^(\s*)/, (s) => `${s}${pick(['New: 1', 'Type: x', '- a', '#', '!Ref', '"q":'])}${pick(['\n', ' '])}${s}`);
    return lines.join('\n');
  }
  const at = Math.floor(rnd() * text.length);
  return rnd() < 0.6 ? text.slice(0, at) + pick([...'abq:- #\'"[]{}!*&|>', '\n', '\n  ']) + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
}

test('re-reading one resource after an edit gives the tree of a whole parse', () => {
  const docs = documents();
  assert.ok(docs.length >= 500, `${docs.length} documents`);
  const rnd = random(7122027);
  let versions = 0;
  let reread = 0;
  for (const doc of docs) {
    let text = doc.text;
    let parsed = parseDocument(text, 'yaml');
    for (let k = 0; k < 12; k++) {
      const next = edit(text, rnd);
      const whole = parseDocument(next, 'yaml');
      const again = reparseResource(next, { text, parsed });
      versions++;
      if (again) {
        reread++;
        assert.deepEqual(again, whole, `${doc.name}, edit ${k + 1}: re-reading one resource differs from parsing the whole text`);
      }
      assert.deepEqual(parseDocument(next, 'yaml', { text, parsed }), whole, `${doc.name}, edit ${k + 1}`);
      text = next;
      parsed = whole;
    }
  }
  assert.ok(versions >= 6_000, `${versions} versions`);
  // Many random edits break the document (and the next version is then parsed whole); hundreds are re-read.
  assert.ok(reread >= 500, `${reread} of ${versions} versions re-read one resource`);
});

test('typing and deleting inside every resource of every template re-reads that resource, as a whole parse reads it', () => {
  let reread = 0;
  let tried = 0;
  for (const doc of documents()) {
    const parsed = parseDocument(doc.text, 'yaml');
    const root = parsed.root;
    const resources = root?.type === 'object' ? root.properties.find((p) => p.key === 'Resources')?.value : undefined;
    if (!parsed.fast || resources?.type !== 'object') continue;
    for (const entry of resources.properties) {
      for (const at of [entry.keyStart + 1, Math.floor((entry.value.start + entry.value.end) / 2), entry.end - 1]) {
        for (const next of [doc.text.slice(0, at) + 'q' + doc.text.slice(at), doc.text.slice(0, at) + doc.text.slice(at + 1), doc.text.slice(0, at) + '\n' + doc.text.slice(at)]) {
          tried++;
          const again = reparseResource(next, { text: doc.text, parsed });
          if (!again) continue;
          reread++;
          assert.deepEqual(again, parseDocument(next, 'yaml'), `${doc.name}: an edit at ${at} in ${entry.key}`);
        }
      }
    }
  }
  assert.ok(tried >= 10_000, `${tried} edits`);
  assert.ok(reread >= tried / 2, `${reread} of ${tried} edits re-read one resource`);
});

const OUTPUT = join(CORPUS, '..', 'output');

/** JSON templates: the fixtures' and the CloudFormation the SAM translator generated for each corpus input. */
function jsonDocuments(): { name: string; text: string }[] {
  const docs = fixtureDocuments().filter((d) => /\.json$/.test(d.name));
  if (existsSync(OUTPUT)) for (const f of readdirSync(OUTPUT).filter((f) => f.endsWith('.json')).sort()) docs.push({ name: f, text: readFileSync(join(OUTPUT, f), 'utf8') });
  for (const d of docs.slice(0, 20)) docs.push({ name: `crlf-${d.name}`, text: d.text.replace(/\r?\n/g, '\r\n') });
  return docs;
}

test('re-reading one resource of a JSON template after an edit gives the tree of a whole parse', () => {
  const docs = jsonDocuments();
  assert.ok(docs.length >= 500, `${docs.length} documents`);
  const rnd = random(20261207);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  let versions = 0;
  let reread = 0;
  for (const doc of docs) {
    let text = doc.text;
    let parsed = parseDocument(text, 'json');
    for (let k = 0; k < 10; k++) {
      const roll = rnd();
      const at = Math.floor(rnd() * text.length);
      // Typing, deleting, a stretch cut or doubled, and now and then mangled text.
      const next =
        roll < 0.05
          ? mutate(text, rnd)
          : roll < 0.55
            ? text.slice(0, at) + pick([...'aq1 "{}[],:\\', '\n', '"x": 1,', '{}', 'null']) + text.slice(at)
            : roll < 0.85
              ? text.slice(0, at) + text.slice(at + 1)
              : text.slice(0, at) + (roll < 0.93 ? '' : text.slice(at, at + 40)) + text.slice(at + 40);
      const whole = parseDocument(next, 'json');
      const again = reparseJsonResource(next, { text, parsed });
      versions++;
      if (again) {
        reread++;
        assert.deepEqual(again, whole, `${doc.name}, edit ${k + 1}: re-reading one resource differs from parsing the whole text`);
      }
      assert.deepEqual(parseDocument(next, 'json', { text, parsed }), whole, `${doc.name}, edit ${k + 1}`);
      text = next;
      parsed = whole;
    }
  }
  assert.ok(versions >= 5_000, `${versions} versions`);
  // Most random edits break the document, and it stays broken until an edit mends it; hundreds are re-read.
  assert.ok(reread >= 400, `${reread} of ${versions} versions re-read one resource`);
});

test('typing and deleting inside every resource of every JSON template re-reads that resource, as a whole parse reads it', () => {
  let reread = 0;
  let tried = 0;
  for (const doc of jsonDocuments()) {
    const parsed = parseDocument(doc.text, 'json');
    const root = parsed.root;
    const resources = root?.type === 'object' ? root.properties.find((p) => p.key === 'Resources')?.value : undefined;
    if (parsed.problems.length || resources?.type !== 'object') continue;
    for (const entry of resources.properties) {
      // In a string, between tokens, and at the braces' edges (inside and on them).
      const inString = doc.text.indexOf('"', entry.value.start + 2) + 1;
      for (const at of [inString, Math.floor((entry.value.start + entry.value.end) / 2), entry.value.start + 1, entry.value.end - 1, entry.value.start, entry.value.end]) {
        for (const next of [doc.text.slice(0, at) + 'q' + doc.text.slice(at), doc.text.slice(0, at) + doc.text.slice(at + 1), doc.text.slice(0, at) + '\n' + doc.text.slice(at)]) {
          tried++;
          const again = reparseJsonResource(next, { text: doc.text, parsed });
          if (!again) continue;
          reread++;
          assert.deepEqual(again, parseDocument(next, 'json'), `${doc.name}: an edit at ${at} in ${entry.key}`);
        }
      }
    }
  }
  assert.ok(tried >= 10_000, `${tried} edits`);
  assert.ok(reread >= tried / 5, `${reread} of ${tried} edits re-read one resource`);
});
