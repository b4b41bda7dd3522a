import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateTemplate } from '../../bench/template';
import { parseDocument } from '../../server/src/parse/document';
import { reparseJsonResource, reparseResource } from '../../server/src/parse/incremental';
import type { Node, ParsedDocument, Property } from '../../server/src/parse/tree';
import { fixtureDocuments } from '../fixture-documents';
import { mutate, random } from '../mutations';
import { documentParse } from '../layout';
import { GAP } from '../../server/src/parse/layout';

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

type Reparse = (text: string, previous: { text: string; parsed: ParsedDocument }) => ParsedDocument | undefined;

/**
 * Edit sessions on each document: every version parsed whole, re-read from the one before, and parsed with the one
 * before as `parseDocument` is given it; the three must agree. Returns how many versions, and how many were re-read.
 */
function sessions(docs: readonly { name: string; text: string }[], format: 'json' | 'yaml', reparse: Reparse, next: (text: string) => string, length: number): { versions: number; reread: number } {
  let versions = 0;
  let reread = 0;
  for (const doc of docs) {
    let text = doc.text;
    let parsed = parseDocument(text, format);
    for (let k = 0; k < length; k++) {
      const edited = next(text);
      const whole = parseDocument(edited, format);
      const again = reparse(edited, { text, parsed });
      versions++;
      if (again) {
        reread++;
        assert.deepEqual(documentParse(again, edited), whole, `${doc.name}, edit ${k + 1}: re-reading one resource differs from parsing the whole text`);
      }
      assert.deepEqual(documentParse(parseDocument(edited, format, { text, parsed }), edited), whole, `${doc.name}, edit ${k + 1}`);
      text = edited;
      // The next edit re-reads from this one's tree, as the server does: layouts (parse/layout.ts) build on layouts.
      parsed = again ?? whole;
    }
  }
  return { versions, reread };
}

/**
 * A `q` typed, a character deleted and a line break typed at each of `sites` in every resource of every document
 * that `readable` accepts, each re-read tree equal to a whole parse's. Returns how many edits, and how many were re-read.
 */
function typedIntoEachResource(
  docs: readonly { name: string; text: string }[],
  format: 'json' | 'yaml',
  reparse: Reparse,
  readable: (parsed: ParsedDocument) => boolean,
  sites: (entry: Property, text: string) => number[],
): { tried: number; reread: number } {
  let reread = 0;
  let tried = 0;
  for (const doc of docs) {
    const parsed = parseDocument(doc.text, format);
    const root = parsed.root;
    const resources = root?.type === 'object' ? root.properties.find((p) => p.key === 'Resources')?.value : undefined;
    if (!readable(parsed) || resources?.type !== 'object') continue;
    for (const entry of resources.properties) {
      for (const at of sites(entry, doc.text)) {
        for (const next of [doc.text.slice(0, at) + 'q' + doc.text.slice(at), doc.text.slice(0, at) + doc.text.slice(at + 1), doc.text.slice(0, at) + '\n' + doc.text.slice(at)]) {
          tried++;
          const again = reparse(next, { text: doc.text, parsed });
          if (!again) continue;
          reread++;
          assert.deepEqual(documentParse(again, next), parseDocument(next, format), `${doc.name}: an edit at ${at} in ${entry.key}`);
        }
      }
    }
  }
  return { tried, reread };
}

test('re-reading one resource after an edit gives the tree of a whole parse', () => {
  const docs = documents();
  assert.ok(docs.length >= 500, `${docs.length} documents`);
  const rnd = random(7122027);
  const { versions, reread } = sessions(docs, 'yaml', reparseResource, (text) => edit(text, rnd), 12);
  assert.ok(versions >= 6_000, `${versions} versions`);
  // Many random edits break the document (and the next version is then parsed whole); hundreds are re-read.
  assert.ok(reread >= 500, `${reread} of ${versions} versions re-read one resource`);
});

/**
 * Edit sessions as the language server runs them through syntax errors: a version with one is parsed against the last
 * version that parsed cleanly (engine/lint.ts passes that on), which stays the base until one parses again. Each
 * version equals a whole parse; returns how many versions had an error the parse recovered from with the base's
 * nodes (parse/yaml.ts `recoverEdited`, parse/incremental.ts `withoutEditedResource`).
 */
function sessionsThroughErrors(docs: readonly { name: string; text: string }[], next: (text: string, k: number) => string, length: number): { versions: number; broken: number; kept: number } {
  let versions = 0;
  let broken = 0;
  let kept = 0;
  for (const doc of docs) {
    let text = doc.text;
    let base = { text, parsed: parseDocument(text, 'yaml') };
    if (!base.parsed.fast) continue;
    for (let k = 0; k < length; k++) {
      text = next(text, k);
      const whole = parseDocument(text, 'yaml');
      const parsed = parseDocument(text, 'yaml', base);
      versions++;
      assert.deepEqual(documentParse(parsed, text), whole, `${doc.name}, version ${k + 1}`);
      if (whole.problems.some((p) => p.severity === 'error')) {
        broken++;
        if (parsed.layout && whole.problems.some((p) => p.partial)) kept++;
      } else base = { text, parsed };
    }
  }
  return { versions, broken, kept };
}

test('a syntax error in the resource being typed in keeps the other resources, read from the last version that parsed', () => {
  // A statement typed a character at a time after the first `Statement:` (or `Properties:`) of each template.
  const typed = "\n          - Sid: ReadOrders\n            Effect: Allow\n            Action: [s3:GetObject, s3:ListBucket]\n            Resource: '*'";
  const docs = documents().filter((d) => /Statement:|Properties:/.test(d.text)).slice(0, 120);
  let versions = 0;
  let broken = 0;
  let kept = 0;
  for (const doc of docs) {
    const m = /Statement:|Properties:/.exec(doc.text)!;
    const at = m.index + m[0].length;
    const r = sessionsThroughErrors([doc], (text, k) => text.slice(0, at + k) + typed[k] + text.slice(at + k), typed.length);
    versions += r.versions;
    broken += r.broken;
    kept += r.kept;
  }
  assert.ok(versions >= 5_000, `${versions} versions`);
  assert.ok(broken >= 1_000, `${broken} versions with a syntax error`);
  assert.ok(kept >= broken / 2, `${kept} of ${broken} versions with a syntax error kept the other resources`);
  console.log(`typed statements: ${versions} versions, ${broken} with a syntax error, ${kept} of them kept the other resources' nodes`);
  // And random edits, mangled text included.
  const rnd = random(20261208);
  const random_ = sessionsThroughErrors(documents().slice(0, 300), (text) => edit(text, rnd), 12);
  assert.ok(random_.kept >= 100, `${random_.kept} of ${random_.broken} broken versions kept the other resources`);
});

test('a syntax error inside one resource: the other resources are the nodes of the version before', () => {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'templates', 'lmi-orders.sam.yaml'), 'utf8');
  const at = text.indexOf('\n', text.indexOf('  CreateOrderFunction:'));
  // One keystroke first: its re-read opens the layout's gap, so the resources after it keep their nodes from then on.
  const typed = `${text.slice(0, at)} ${text.slice(at)}`;
  const base = parseDocument(typed, 'yaml', { text, parsed: parseDocument(text, 'yaml') });
  assert.ok(base.layout && base.problems.length === 0);
  const broken = `${typed.slice(0, at)}\n    Metadata: [s3:Get${typed.slice(at)}`;
  const parsed = parseDocument(broken, 'yaml', { text: typed, parsed: base });
  assert.deepEqual(documentParse(parsed, broken), parseDocument(broken, 'yaml'));
  assert.ok(parsed.layout, 'read against the version before');
  const error = parsed.problems.find((p) => p.severity === 'error')!;
  assert.ok(error.partial && /never closed/.test(error.message), error.message);
  const resources = (t: ParsedDocument) => (t.root as { properties: Property[] }).properties.find((p) => p.key === 'Resources')!.value as { properties: Property[] };
  const before = resources(base).properties;
  const after = resources(parsed).properties;
  const holder = before.findIndex((p) => p.start <= at && at <= p.end);
  assert.ok(holder > 0 && holder < before.length - 1, 'a resource between others');
  assert.deepEqual(after.map((p) => p.key), before.filter((_, i) => i !== holder).map((p) => p.key), 'the broken resource is left out');
  for (const p of after) assert.equal(p.value, before.find((q) => q.key === p.key)!.value, `${p.key} keeps its node`);
});

test('typing and deleting inside every resource of every template re-reads that resource, as a whole parse reads it', () => {
  const { tried, reread } = typedIntoEachResource(
    documents(),
    'yaml',
    reparseResource,
    (parsed) => parsed.fast === true,
    (entry) => [entry.keyStart + 1, Math.floor((entry.value.start + entry.value.end) / 2), entry.end - 1],
  );
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

/** Typing, deleting, a stretch cut or doubled, and now and then mangled text. */
function jsonEdit(text: string, rnd: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const roll = rnd();
  const at = Math.floor(rnd() * text.length);
  if (roll < 0.05) return mutate(text, rnd);
  if (roll < 0.55) return text.slice(0, at) + pick([...'aq1 "{}[],:\\', '\n', '"x": 1,', '{}', 'null']) + text.slice(at);
  if (roll < 0.85) return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + (roll < 0.93 ? '' : text.slice(at, at + 40)) + text.slice(at + 40);
}

test('re-reading one resource of a JSON template after an edit gives the tree of a whole parse', () => {
  const docs = jsonDocuments();
  assert.ok(docs.length >= 500, `${docs.length} documents`);
  const rnd = random(20261207);
  const { versions, reread } = sessions(docs, 'json', reparseJsonResource, (text) => jsonEdit(text, rnd), 10);
  assert.ok(versions >= 5_000, `${versions} versions`);
  // Most random edits break the document, and it stays broken until an edit mends it; hundreds are re-read.
  assert.ok(reread >= 400, `${reread} of ${versions} versions re-read one resource`);
});

test('typing and deleting inside every resource of every JSON template re-reads that resource, as a whole parse reads it', () => {
  // In a string, between tokens, and at the braces' edges (inside and on them).
  const { tried, reread } = typedIntoEachResource(
    jsonDocuments(),
    'json',
    reparseJsonResource,
    (parsed) => parsed.problems.length === 0,
    ({ value }, text) => [text.indexOf('"', value.start + 2) + 1, Math.floor((value.start + value.end) / 2), value.start + 1, value.end - 1, value.start, value.end],
  );
  assert.ok(tried >= 10_000, `${tried} edits`);
  assert.ok(reread >= tried / 5, `${reread} of ${tried} edits re-read one resource`);
});

/**
 * Typing more than a gap's worth at one place in the middle resource, then deleting it all: the resources after it
 * keep their nodes but when the typing outgrows the gap, and every re-read tree maps to a whole parse's.
 */
function typeIntoMiddleResource(original: string, format: 'json' | 'yaml', reparse: Reparse, site: (entry: Property) => number): void {
  let text = original;
  let parsed = parseDocument(text, format);
  const entriesOf = (p: ParsedDocument): Property[] => {
    const root = p.root;
    const resources = root?.type === 'object' ? root.properties.find((x) => x.key === 'Resources')?.value : undefined;
    return resources?.type === 'object' ? resources.properties : [];
  };
  const middle = Math.floor(entriesOf(parsed).length / 2);
  const at = site(entriesOf(parsed)[middle]!);
  let moves = 0;
  const typed = GAP + 200;
  for (let i = 0; i < 2 * typed; i++) {
    const next = i < typed ? text.slice(0, at + i) + 'q' + text.slice(at + i) : text.slice(0, at) + text.slice(at + 1);
    const again = reparse(next, { text, parsed });
    assert.ok(again?.layout, `keystroke ${i + 1} re-read one resource into a layout`);
    assert.deepEqual(documentParse(again, next), parseDocument(next, format), `keystroke ${i + 1}`);
    const before = entriesOf(parsed);
    const after = entriesOf(again);
    assert.equal(after.length, before.length);
    const kept = after.filter((e, k) => e === before[k]).length;
    if (kept !== before.length - 1) moves++;
    assert.ok(kept === before.length - 1 || kept === middle, `keystroke ${i + 1}: ${kept} of ${before.length} kept`);
    text = next;
    parsed = again;
  }
  // The first keystroke opens the gap; one more move when the typing outgrows it; deleting never moves anything.
  assert.equal(moves, 2);
}

test('typing in one resource keeps the nodes of the resources after it, in a layout that maps to the document', () => {
  typeIntoMiddleResource(generateTemplate(300), 'yaml', reparseResource, (entry) => entry.value.start + 6);
});

test('typing in one resource of a JSON template keeps the nodes of the resources after it, in a layout', () => {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'templates', 'lmi-orders.cfn.json'), 'utf8');
  // Inside the value of the resource's Type: a string the parser reads whatever is typed into it.
  typeIntoMiddleResource(text, 'json', reparseJsonResource, (entry) => (entry.value.type === 'object' ? entry.value.properties.find((p) => p.key === 'Type')!.value.start + 6 : -1));
});

/** Every statement node under a `Statement` key of the tree, in document order. */
function statementNodes(parsed: ParsedDocument): Node[] {
  const found: Node[] = [];
  const visit = (n: Node): void => {
    if (n.type === 'object') {
      for (const p of n.properties) {
        if (p.key === 'Statement' && p.value.type === 'array') found.push(...p.value.items);
        else visit(p.value);
      }
    } else if (n.type === 'array') n.items.forEach(visit);
    else if (n.type === 'intrinsic') visit(n.argument);
  };
  if (parsed.root) visit(parsed.root);
  return found;
}

/**
 * Typing more than a gap's worth into the first action of a statement in the middle of a policy, then deleting it
 * all: only the lines (YAML) or the brackets (JSON) that hold the edit are read again, so the policy's other
 * statements keep their nodes — but when the typing outgrows the gap (the statements after it move once) — and every
 * re-read tree maps to a whole parse's.
 */
function typeIntoStatement(original: string, format: 'json' | 'yaml', reparse: Reparse): void {
  let text = original;
  let parsed = parseDocument(text, format);
  const statements = statementNodes(parsed);
  assert.ok(statements.length >= 3, `${statements.length} statements`);
  const target = statements[Math.floor(statements.length / 2)]!;
  const action = target.type === 'object' ? target.properties.find((p) => p.key === 'Action')?.value : undefined;
  const leaf = action?.type === 'array' ? action.items[0] : action;
  assert.ok(leaf?.type === 'string', 'the statement names an action');
  const at = leaf.start + 4;
  let moves = 0;
  const typed = GAP + 200;
  for (let i = 0; i < 2 * typed; i++) {
    const next = i < typed ? text.slice(0, at + i) + 'q' + text.slice(at + i) : text.slice(0, at) + text.slice(at + 1);
    const again = reparse(next, { text, parsed });
    assert.ok(again?.layout, `keystroke ${i + 1} re-read part of one resource into a layout`);
    assert.deepEqual(documentParse(again, next), parseDocument(next, format), `keystroke ${i + 1}`);
    const before = statementNodes(parsed);
    const after = statementNodes(again);
    assert.equal(after.length, before.length);
    const kept = after.filter((s, k) => s === before[k]).length;
    if (kept !== before.length - 1) moves++;
    assert.ok(kept === before.length - 1 || kept >= statements.indexOf(target), `keystroke ${i + 1}: ${kept} of ${before.length} statements kept`);
    text = next;
    parsed = again;
  }
  // The first keystroke opens the gap; one more move when the typing outgrows it; deleting never moves anything.
  assert.equal(moves, 2);
}

test('typing in one statement of a YAML template keeps the nodes of the other statements', () => {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'templates', 'lmi-orders.sam.yaml'), 'utf8');
  typeIntoStatement(text, 'yaml', reparseResource);
});

test('typing in one statement of a JSON template keeps the nodes of the other statements', () => {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'templates', 'lmi-orders.cfn.json'), 'utf8');
  typeIntoStatement(text, 'json', reparseJsonResource);
});
