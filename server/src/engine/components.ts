import type { Node } from '../parse/tree';
import type { ResourceView, TemplateView } from '../model/template';
import { boundedMemo } from '../iam/bounded-memo';
import { lineStartOf } from './text-layout';
import type { Layout } from '../parse/layout';

/**
 * A group of a template's resources that reference each other, directly or through others: what one resource's
 * findings can depend on. A rule run on one component (a {@link TemplateView.part}) reports what it reports about
 * those resources on the whole template, so an edit inside one resource leaves every other component's findings
 * as they were (engine/lint.ts keeps them).
 *
 * A resource references another when any string in it (as written, or as the SAM transform made it) names the
 * other's logical id as a word: `!Ref Table`, `!GetAtt Table.Arn`, `${Table}` in a `!Sub`, `DependsOn: Table`, a
 * connector's `Id: Table`. Words are over-read on purpose (a `Description` that mentions a logical id joins the two):
 * a component too large costs time, one too small would keep a stale finding. Resources the transform made belong to
 * the SAM resource they come from, so the implicit API (which names every function it calls) joins its functions.
 */
export interface Component {
  /** The written resources of the component, in document order. */
  written: ResourceView[];
  /** The deployed resources (for SAM, what the transform made of the written ones), in the template's order. */
  resources: ResourceView[];
  /** Both the written and the deployed views of its resources. */
  members: Set<ResourceView>;
  /** The text of its written resources (with the column each starts at): equal keys, equal findings. */
  key: string;
}

export function templateComponents(template: TemplateView, text: string): Component[] {
  return partition(template, text).components;
}

/**
 * What a partition needs to be found again on the next version of the document: the components, which component
 * each view is in, and what the links were read against (ids with their homes, physical names, their words).
 */
export interface Partition {
  components: Component[];
  /** Absent when the partition cannot be carried over (a template with aliases, a tree past the visit budget). */
  memo?: PartitionMemo;
  /** Carried over from the version before (not found from scratch). */
  carried?: true;
}

interface PartitionMemo {
  template: TemplateView;
  /** The text the template's offsets are into. */
  text: string;
  componentOf: Map<ResourceView, Component>;
  home: Map<string, string>;
  names: Map<string, string>;
  nameWords: Map<string, string>;
  epochs: { ids: number; names?: number; nameWords?: number };
}

/**
 * The components of the template. With the partition of the version before, when the views an edit made replace
 * views of the same ids that link to exactly what those did (the same ids, names and name words, from the same
 * words), the partition is that one with the new views in place: only the components they are in are rebuilt.
 * Otherwise, and without one, it is found from scratch; the result is the same either way.
 */
export function partition(template: TemplateView, text: string, previous?: Partition): Partition {
  // A YAML alias makes one resource's text part of another's: such a template is one component.
  if (sharesNodes(text)) return { components: [whole(template, text)] };
  const again = previous?.memo && carriedOver(template, text, previous.memo);
  if (again) return again;
  const home = new Map<string, string>();
  for (const r of template.written) if (!home.has(r.id)) home.set(r.id, r.id);
  const homeOf = (r: ResourceView): string => {
    if (r.generatedBy) return home.get(r.generatedBy.id) ?? r.generatedBy.id;
    return home.get(r.id) ?? r.id;
  };
  for (const r of template.resources) if (!home.has(r.id)) home.set(r.id, homeOf(r));

  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    for (let p = parent.get(root); p !== undefined && p !== root; p = parent.get(root)) root = p;
    for (let at = id, p = parent.get(at); p !== undefined && p !== root; at = p, p = parent.get(at)) parent.set(at, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const id of new Set(home.values())) parent.set(id, id);

  // Each view's words, names and tokens are kept with the view (a view an edit left alone is the same object, on the
  // same text), and so is the part of them that names something in this version: the ids (with their homes), the
  // physical names, their words. So a keystroke reads only the views it made.
  const ids = epochOf('ids', home, (id, h) => `${id}\u0001${h}`);
  const linkWords = (from: string, words: readonly string[]): void => {
    for (const word of words) {
      const to = home.get(word);
      if (to !== undefined && to !== from) union(from, to);
    }
  };
  // A written resource's words are read from its text; a deployed resource adds what is not in that text: values
  // merged from `Globals`, and what the transform generated (the implicit API names its functions, a generated
  // permission its API).
  for (const r of template.written) linkWords(homeOf(r), known(factsOf(r), 'idWords', ids, () => writtenWords(r, text), (w) => home.has(w)));
  const named = linkByName(template, text, homeOf, union);
  let tooLarge = false;
  const budget = { left: VISIT_BUDGET };
  for (const r of template.resources) {
    const written = template.writtenResource(r.id);
    if (r === written) continue;
    const from = homeOf(r);
    linkWords(from, [r.id]);
    const facts = factsOf(r);
    const words = deployedWords(r, r.generatedBy ?? written, budget);
    if (words === undefined) tooLarge = true;
    else linkWords(from, known(facts, 'deployedIdWords', ids, () => words, (w) => home.has(w), r.generatedBy ?? written));
  }
  if (tooLarge) for (const id of parent.keys()) union(homeOf(template.written[0] ?? template.resources[0]!), id);

  const byRoot = new Map<string, Component>();
  const componentOf = (r: ResourceView): Component => {
    const root = find(homeOf(r));
    let c = byRoot.get(root);
    if (!c) byRoot.set(root, (c = { written: [], resources: [], members: new Set(), key: '' }));
    return c;
  };
  for (const r of template.written) {
    const c = componentOf(r);
    c.written.push(r);
    c.members.add(r);
  }
  for (const r of template.resources) {
    const c = componentOf(r);
    c.resources.push(r);
    c.members.add(r);
  }
  const components = [...byRoot.values()];
  for (const c of components) c.key = componentKey(c, text);
  if (tooLarge) return { components };
  const componentOfView = new Map<ResourceView, Component>();
  for (const c of components) for (const r of c.members) componentOfView.set(r, c);
  return { components, memo: { template, text, componentOf: componentOfView, home, names: named.names, nameWords: named.nameWords, epochs: { ids, names: named.namesEpoch, nameWords: named.nameWordsEpoch } } };
}

/** At most this many views made by one edit are matched against the views they replace; more, and it is found again. */
const CARRIED_VIEWS = 64;

/** The previous partition with the edit's views in place of those they replace, or `undefined` (see {@link partition}). */
function carriedOver(template: TemplateView, text: string, memo: PartitionMemo): Partition | undefined {
  const before = memo.template;
  const { componentOf } = memo;
  // The views this version made, each with the view of the same id and place (written, deployed or both) it replaces.
  const replaced = new Map<ResourceView, ResourceView>();
  let views = 0;
  const consider = (r: ResourceView): boolean => {
    views++;
    if (componentOf.has(r)) return true;
    const written = template.writtenResource(r.id) === r;
    const deployed = template.resource(r.id) === r;
    if (!written && !deployed) return false;
    const old = written ? before.writtenResource(r.id) : before.resource(r.id);
    if (!old || !componentOf.has(old) || (before.writtenResource(r.id) === old) !== written || (before.resource(r.id) === old) !== deployed) return false;
    // The view it replaces is gone from this version (not kept in another place).
    if (template.writtenResource(old.id) === old || template.resource(old.id) === old) return false;
    if ((r.generatedBy?.id ?? '') !== (old.generatedBy?.id ?? '')) return false;
    if (!sameLinks(r, old, text, memo, written, deployed, deployed && !written ? template : undefined)) return false;
    replaced.set(r, old);
    return replaced.size <= CARRIED_VIEWS;
  };
  for (const r of template.written) if (!consider(r)) return undefined;
  for (const r of template.resources) if (template.writtenResource(r.id) !== r && !consider(r)) return undefined;
  // Every view of the version before is kept or replaced (by one view).
  if (views !== componentOf.size || new Set(replaced.values()).size !== replaced.size) return undefined;

  // The components that hold a replaced view are made again; the others are kept as they are. Both in the order a
  // partition found from scratch has (of their first resource in the template).
  const was = (r: ResourceView): Component => componentOf.get(r) ?? componentOf.get(replaced.get(r)!)!;
  const touched = new Map<Component, Component>();
  for (const old of replaced.values()) {
    const c = componentOf.get(old)!;
    if (!touched.has(c)) touched.set(c, { written: [], resources: [], members: new Set(), key: '' });
  }
  const order = new Set<Component>();
  const place = (views: readonly ResourceView[], list: 'written' | 'resources'): void => {
    for (const r of views) {
      const c = touched.get(was(r));
      order.add(c ?? was(r));
      if (!c) continue;
      c[list].push(r);
      c.members.add(r);
    }
  };
  place(template.written, 'written');
  place(template.resources, 'resources');
  const nextOf = touched.size ? new Map(componentOf) : componentOf;
  for (const old of replaced.values()) nextOf.delete(old);
  for (const c of touched.values()) {
    c.key = componentKey(c, text);
    for (const r of c.members) nextOf.set(r, c);
  }
  return { components: [...order], memo: { ...memo, template, text, componentOf: nextOf }, carried: true };
}

/**
 * Whether a view links to what the view it replaces linked to: the same names (a deployed view), and the same words
 * among the previous partition's ids and names. The replaced view is read against the text it was made from.
 */
function sameLinks(r: ResourceView, old: ResourceView, text: string, memo: PartitionMemo, written: boolean, deployed: boolean, template: TemplateView | undefined): boolean {
  const { home, names, nameWords, epochs } = memo;
  const oldText = memo.text;
  const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
  const rf = factsOf(r);
  const of = factsOf(old);
  // Names are read from the deployed resources; words and tokens from the written ones' text.
  if (deployed) {
    const n = namesOf(r, text);
    const o = namesOf(old, oldText);
    if (!same(n.names, o.names) || !same(n.words, o.words) || !same(n.attached, o.attached)) return false;
  }
  if (written) {
    if (!same(known(rf, 'idWords', epochs.ids, () => writtenWords(r, text), (w) => home.has(w)), known(of, 'idWords', epochs.ids, () => writtenWords(old, oldText), (w) => home.has(w)))) return false;
    if (epochs.nameWords !== undefined && !same(known(rf, 'nameWords', epochs.nameWords, () => writtenWords(r, text), (w) => nameWords.has(w)), known(of, 'nameWords', epochs.nameWords, () => writtenWords(old, oldText), (w) => nameWords.has(w)))) return false;
    if (epochs.names !== undefined && !same(known(rf, 'nameTokens', epochs.names, () => writtenTokens(r, text), (t) => names.has(t)), known(of, 'nameTokens', epochs.names, () => writtenTokens(old, oldText), (t) => names.has(t)))) return false;
  }
  if (template) {
    const source = r.generatedBy ?? template.writtenResource(r.id);
    const oldSource = old.generatedBy ?? memo.template.writtenResource(old.id);
    const budget = { left: VISIT_BUDGET };
    const words = deployedWords(r, source, budget);
    const oldWords = deployedWords(old, oldSource, budget);
    if (!words || !oldWords) return false;
    if (!same(known(rf, 'deployedIdWords', epochs.ids, () => words, (w) => home.has(w), source), known(of, 'deployedIdWords', epochs.ids, () => oldWords, (w) => home.has(w), oldSource))) return false;
    if (epochs.names !== undefined && !same(known(rf, 'generatedTokens', epochs.names, () => generatedTokens(r), (t) => names.has(t)), known(of, 'generatedTokens', epochs.names, () => generatedTokens(old), (t) => names.has(t)))) return false;
  }
  return true;
}

/** Whether the text has a YAML anchor (`&name` where a node can start): its aliases share nodes across resources. */
export function sharesNodes(text: string): boolean {
  if (text !== anchored.text) anchored = { text, found: ANCHOR.test(text) };
  return anchored.found;
}

/** The last text asked about: the lint asks twice per keystroke. */
let anchored = { text: '', found: false };

/** A YAML anchor (`&name` where a node can start). */
const ANCHOR = /(?:^|[\s[{,:-])&[^\s,\]}]/m;

function whole(template: TemplateView, text: string): Component {
  const c: Component = { written: [...template.written], resources: [...template.resources], members: new Set([...template.written, ...template.resources]), key: '' };
  c.key = componentKey(c, text);
  return c;
}

/** The text of the component's written resources, each with the column it starts at. */
function componentKey(c: Component, text: string): string {
  // A component with only generated resources (an implicit API without a written source) is keyed by their ids.
  if (c.written.length === 0) return [...c.members].map((r) => `\u0002${r.id}`).join('\u0000');
  return c.written.map((r) => resourceText(r, text)).join('\u0000');
}

/** A written resource's text with the column it starts at: equal for resources that parse to the same nodes. */
export function resourceText(r: ResourceView, text: string): string {
  return `${r.entry.start - lineStartOf(text, r.entry.start)}\u0001${text.slice(r.entry.start, r.entry.end)}`;
}

/**
 * Resources named by their physical names join the resources that name them: a policy's `Roles: [exec-role]` and the
 * role whose `RoleName` is `exec-role`, a permission's `FunctionName: arn:…:function:orders` and the function named
 * `orders`, capacity providers by `CapacityProviderName`. So do resources that name the same thing the template does
 * not define (two policies attached to the same external role): rules count and match them by name. A name is any
 * `…Name` property's value (but an inline `PolicyName`, which nothing refers to); a resource names it when a run of
 * its text between quotes, spaces, `:`, `/` and brackets is that value.
 */
function linkByName(
  template: TemplateView,
  text: string,
  homeOf: (r: ResourceView) => string,
  union: (a: string, b: string) => void,
): { names: Map<string, string>; nameWords: Map<string, string>; namesEpoch?: number; nameWordsEpoch?: number } {
  const names = new Map<string, string>();
  // A name built with intrinsics (`!Sub "${AWS::StackName}-orders"`, `!Ref OrdersName`) is matched as its resolved
  // text: any resource that shares a word with how it is written joins it (more than needed, never less).
  const nameWords = new Map<string, string>();
  const attached = new Map<string, string>();
  const claim = (map: Map<string, string>, key: string, from: string): void => {
    const owner = map.get(key);
    if (owner === undefined) map.set(key, from);
    else union(owner, from);
  };
  for (const r of template.resources) {
    const from = homeOf(r);
    const own = namesOf(r, text);
    for (const name of own.names) claim(names, name, from);
    for (const word of own.words) claim(nameWords, word, from);
    // Two resources attached to the same role, user or group, or about the same function, by a name the template
    // may not define.
    for (const token of own.attached) claim(attached, token, from);
  }
  let nameWordsEpoch: number | undefined;
  if (nameWords.size) {
    const epoch = (nameWordsEpoch = epochOf('name words', nameWords));
    for (const r of template.written) {
      const from = homeOf(r);
      for (const word of known(factsOf(r), 'nameWords', epoch, () => writtenWords(r, text), (w) => nameWords.has(w))) union(nameWords.get(word)!, from);
    }
  }
  if (names.size === 0) return { names, nameWords, nameWordsEpoch };
  const epoch = epochOf('names', names);
  for (const r of template.written) {
    const from = homeOf(r);
    for (const token of known(factsOf(r), 'nameTokens', epoch, () => writtenTokens(r, text), (t) => names.has(t))) union(names.get(token)!, from);
  }
  // What the transform generated names things too (a generated permission's FunctionName).
  for (const r of template.resources) {
    if (r === template.writtenResource(r.id)) continue;
    const from = homeOf(r);
    const tokens = known(factsOf(r), 'generatedTokens', epoch, () => generatedTokens(r), (t) => names.has(t));
    for (const token of tokens) union(names.get(token)!, from);
  }
  return { names, nameWords, namesEpoch: epoch, nameWordsEpoch };
}

/** The physical names a resource gives (`…Name` values), the words of those built with intrinsics, and what it is attached to by name. */
function namesOf(r: ResourceView, text: string): { names: string[]; words: string[]; attached: string[] } {
  const facts = factsOf(r);
  if (facts.names) return facts.names;
  const names: string[] = [];
  const words: string[] = [];
  const attached: string[] = [];
  for (const p of r.properties?.properties ?? []) {
    if (p.key.endsWith('Name') && p.key !== 'PolicyName') {
      if (p.value.type === 'string') names.push(p.value.value);
      else if (p.value.type === 'intrinsic' && !p.value.generated) {
        const written = textWords(text.slice(p.value.start, p.value.end)).filter((w) => !INTRINSIC_WORDS.has(w));
        // Its own words (`orders` in `${AWS::StackName}-orders`); a name made only of pseudo parameters, all of them.
        const own = written.filter((w) => !PSEUDO_WORDS.has(w));
        words.push(...(own.length ? own : written));
      }
    }
    if (!ATTACHMENT_KEYS.has(p.key)) continue;
    for (const v of p.value.type === 'array' ? p.value.items : [p.value]) {
      if (v.type !== 'string') continue;
      for (const token of nameTokens(v.value)) if (!ARN_WORD.test(token)) attached.push(token);
    }
  }
  return (facts.names = { names, words, attached });
}

/** The name tokens of a deployed resource's string properties. */
function generatedTokens(r: ResourceView): string[] {
  const out: string[] = [];
  for (const p of r.properties?.properties ?? []) if (p.value.type === 'string') out.push(...nameTokens(p.value.value));
  return out;
}

const INTRINSIC_WORDS = new Set(['Ref', 'Sub', 'GetAtt', 'Join', 'If', 'Select', 'Split', 'FindInMap', 'ImportValue', 'Fn', 'Base64', 'AWS']);
const PSEUDO_WORDS = new Set(['StackName', 'StackId', 'Region', 'AccountId', 'Partition', 'URLSuffix', 'NoValue', 'NotificationARNs']);

/** Parts of an ARN that say nothing of which entity it names: an account, a region, a service, a resource type. */
const ARN_WORD = /^(?:\d+|[a-z]{2}(?:-gov)?-[a-z]+-\d|iam|lambda|sts|role|user|group|policy|function|assumed-role|capacity-provider|aws-cn|aws-us-gov)$/;

const ATTACHMENT_KEYS = new Set(['Roles', 'Users', 'Groups', 'Role', 'FunctionName', 'CapacityProviderName', 'RoleName', 'ManagedPolicyName']);

const nameTokensMemo = boundedMemo<string[]>(4_000);

/**
 * The distinct runs of a text between spaces, quotes, `:`, `/`, `,`, `$`, brackets and braces that could be a
 * physical name (a letter or digit in them); words that are YAML or IAM grammar are left out, being in every resource.
 */
function nameTokens(text: string): string[] {
  return nameTokensMemo(text, () => {
    const set = new Set<string>();
    for (const t of text.split(/[\s"':/,$[\]{}()!#|>*?]+/)) if (t && /[A-Za-z0-9]/.test(t) && !GRAMMAR.has(t)) set.add(t);
    return [...set];
  });
}

const GRAMMAR = new Set(['Type', 'Properties', 'Version', '2012-10-17', 'Statement', 'Effect', 'Allow', 'Deny', 'Action', 'Resource', 'Principal', 'Condition', 'Sid', 'Ref', 'Sub', 'GetAtt', 'Arn', 'arn', 'aws', 'AWS', 'Partition', 'Region', 'AccountId', 'Fn', 'Service', '-', 'true', 'false']);

/**
 * The text outside the written resources (the other sections, `Globals`, comments between resources): what every
 * component's findings may depend on, so any change to it re-lints them all. The values of the top-level
 * `Description` and `Outputs`, which no rule reads, are left out: editing them re-lints nothing.
 */
export function outsideResources(template: TemplateView, text: string, layout?: Layout): string {
  const cuts: { start: number; end: number; gap?: true }[] = template.written.map((r) => r.entry);
  for (const p of template.root.properties) if (UNREAD_SECTIONS.has(p.key)) cuts.push(p.value);
  // A layout's gaps (parse/layout.ts) are not the document's text: they are left out without a trace.
  if (layout) for (const g of layout.gaps()) cuts.push({ ...g, gap: true });
  cuts.sort((a, b) => a.start - b.start);
  let at = 0;
  let out = '';
  for (const cut of cuts) {
    if (cut.start < at) continue;
    out += text.slice(at, cut.start) + (cut.gap ? '' : '\u0000');
    at = cut.end;
  }
  return out + text.slice(at);
}

const UNREAD_SECTIONS = new Set(['Description', 'Outputs']);

/**
 * Past this many nodes read in the deployed resources of one version (shared subtrees are read once per place),
 * everything is one component: right, and only slower.
 */
const VISIT_BUDGET = 2_000_000;

/** What each view's text and tree say, kept with the view (an edit makes new views for what it changed). */
interface ViewFacts {
  /** The distinct words of a written resource's text. */
  words?: string[];
  /** Those of what a deployed view adds to its source's text, with the source they were read against. */
  deployed?: { source: ResourceView | undefined; words: string[] };
  /** The name tokens of a written resource's text. */
  tokens?: string[];
  names?: { names: string[]; words: string[]; attached: string[] };
  /** Of a list above, the part that names something in one version (see {@link known}), by what it is. */
  known?: Map<string, { epoch: number; of: unknown; list: readonly string[] }>;
}

const viewFacts = new WeakMap<ResourceView, ViewFacts>();

function factsOf(r: ResourceView): ViewFacts {
  let f = viewFacts.get(r);
  if (!f) viewFacts.set(r, (f = {}));
  return f;
}

function writtenWords(r: ResourceView, text: string): string[] {
  const f = factsOf(r);
  return (f.words ??= textWords(text.slice(r.entry.start, r.entry.end)));
}

function writtenTokens(r: ResourceView, text: string): string[] {
  const f = factsOf(r);
  return (f.tokens ??= nameTokens(text.slice(r.entry.start, r.entry.end)));
}

/**
 * The words of `all()` that `keep` accepts, kept with the view for as long as what `keep` asks about is the same
 * (`epoch`, from {@link epochOf}) and, for a deployed view, it has the same source (`of`).
 */
function known(facts: ViewFacts, what: string, epoch: number, all: () => readonly string[], keep: (w: string) => boolean, of?: unknown): readonly string[] {
  const memo = (facts.known ??= new Map());
  const hit = memo.get(what);
  if (hit && hit.epoch === epoch && hit.of === of) return hit.list;
  const list = all().filter(keep);
  memo.set(what, { epoch, of, list });
  return list;
}

const epochs = new Map<string, { key: string; epoch: number }>();
let nextEpoch = 0;

/** A number for the keys (and values) of the map: the same as last time for the same keys, a new one otherwise. */
function epochOf(what: string, map: Map<string, string>, entry: (k: string, v: string) => string = (k) => k): number {
  let key = '';
  for (const [k, v] of map) key += `${entry(k, v)}\u0000`;
  const last = epochs.get(what);
  if (last && last.key === key) return last.epoch;
  const epoch = ++nextEpoch;
  epochs.set(what, { key, epoch });
  return epoch;
}

/**
 * The words of a deployed resource's strings that its written source's text does not hold (values merged from
 * `Globals`, what the transform generated), or `undefined` once the budget is spent.
 */
function deployedWords(resource: ResourceView, written: ResourceView | undefined, budget: { left: number }): string[] | undefined {
  const w = factsOf(resource);
  if (w.deployed && w.deployed.source === written) return w.deployed.words;
  const start = written ? written.entry.start : 0;
  const end = written ? written.entry.end : -1;
  const set = new Set<string>();
  // No cycles (an alias cannot hold itself), so no visited set.
  const stack: Node[] = [resource.node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (!n.generated && n.start >= start && n.end <= end) continue;
    if (--budget.left < 0) return undefined;
    switch (n.type) {
      case 'object':
        for (const p of n.properties) stack.push(p.value);
        break;
      case 'array':
        for (const item of n.items) stack.push(item);
        break;
      case 'intrinsic':
        stack.push(n.argument);
        break;
      case 'string':
        for (const word of textWords(n.value)) set.add(word);
        break;
    }
  }
  const words = [...set];
  w.deployed = { source: written, words };
  return words;
}
const textWordsMemo = boundedMemo<string[]>(4_000);

/** The distinct runs of letters and digits in a resource's text (keys too: over-reading is safe) or in a string. */
function textWords(text: string): string[] {
  return textWordsMemo(text, () => {
    const set = new Set<string>();
    words(text, (w) => set.add(w));
    return [...set];
  });
}

/** Calls `visit` with each run of letters and digits in `text` (a logical id is made of them alone). */
function words(text: string, visit: (word: string) => void): void {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (alnum) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      visit(start === 0 && i === text.length ? text : text.slice(start, i));
      start = -1;
    }
  }
}
