import { buildModel, type LintDocument } from '../model/document';
import type { ConfiguredPolicyKind } from '../model/detect';
import { rules as allRules } from '../rules';
import { defaultConfig, type LintConfig } from './config';
import { Fixer } from './fixer';
import { LaidOutLineIndex, LineIndex } from './line-index';
import { formatMessage, type Finding, type Fix, type Range, type Rule, type RuleContext, type Severity } from './rule';
import { applySuppressions } from './suppression';
import { isFatal, type ParsedDocument } from '../parse/tree';
import { outsideResources, partition, resourceText, sharesNodes, type Partition } from './components';
import { indentUnit } from './text-layout';
import { textChange } from '../parse/text-change';
import type { ResourceView, TemplateView } from '../model/template';
import type { PolicyView } from '../model/policy';
import type { Layout } from '../parse/layout';

export interface LintRequest {
  /** A path or URI: its extension decides JSON or YAML when no language id is given. */
  name: string;
  text: string;
  languageId?: string;
  config?: LintConfig;
  /** Overrides policy-kind detection (from `policyKinds`). */
  policyKind?: ConfiguredPolicyKind;
  rules?: readonly Rule[];
  /**
   * Lint a template component by component and return the {@link LintResult.state} for the next lint of the same
   * document (the language server, on every keystroke). Otherwise (the CLI, a fix-all) every rule runs on the whole
   * template at once; the findings are the same (test/engine/incremental.test.ts).
   */
  incremental?: boolean;
  /** The state of the previous incremental lint of the same document: what it found about resources an edit did not touch is kept. */
  previous?: LintState;
}

export interface LintResult {
  findings: Finding[];
  doc: LintDocument | undefined;
  lines: LineIndex;
  /** Rules that threw: a bug of ours, logged by the front end; the other rules' findings still stand. */
  internalErrors: { ruleId: string; error: unknown }[];
  /**
   * For the next lint of the same document ({@link LintRequest.previous}): this version's, or, when this version has a
   * syntax error, the last state the next edit can be re-read from.
   */
  state?: LintState;
  /**
   * Positions of `doc`'s offsets, for features that read the model: `lines` itself, unless an incremental parse laid
   * the tree out (parse/layout.ts). `findings` are in the document's offsets, as `lines` counts them.
   */
  docLines: LineIndex;
}

/** What one lint of a template found, component by component, for the next lint of the same document. */
export interface LintState {
  text: string;
  /** The line index of `text`: the next version reads only the stretch an edit changed. */
  lines: LineIndex;
  /** The parse of `text`: the next version re-reads only the resource an edit touched (parse/incremental.ts). */
  parsed: ParsedDocument;
  /** The template's view: the next version keeps the views (and SAM transform) of the resources an edit left alone. */
  template: TemplateView;
  /** The template's components: the next version finds them again from the views its edit made (engine/components.ts). */
  partition: Partition;
  /** Everything the findings depend on besides the components' text. */
  inputs: readonly unknown[];
  /** The text outside the written resources. */
  outside: string;
  /** Findings of component-wise rules by component key, in the offsets of the parse (its layout text's, parse/layout.ts), and where its resources were. */
  parts: Map<string, { findings: Finding[]; at: number[]; policies: string[] }>;
  /**
   * The findings of the `scope: 'policy'` rules on each policy written in a resource, by {@link policyPlace} key,
   * with offsets relative to the resource's start.
   */
  policies: Map<string, Finding[]>;
  /** How many policies' findings this lint took from the previous one (or from an identical resource). */
  reusedPolicies: number;
  /** How many components kept the previous lint's findings (the rest were linted). */
  kept: number;
}

/** Set once a document was linted: the code cache of this process is then worth keeping (server/src/boot/load.ts). */
const LINTED = Symbol.for('lambda-iam-lint.linted');
const SYNTAX = 'parse/syntax';
const TOO_LARGE = 'parse/file-too-large';

/** Lint one document version: parse once, build the model once, run every enabled rule on it. */
export function lint(request: LintRequest): LintResult {
  const config = request.config ?? defaultConfig;
  const rules = request.rules ?? allRules;
  // After a keystroke only the changed stretch is read for line ends.
  const lines = request.previous ? LineIndex.edited(request.previous.lines, request.text) : new LineIndex(request.text);
  const findings: Finding[] = [];
  const internalErrors: LintResult['internalErrors'] = [];

  const engineFinding = (ruleId: string, range: Range, message: string, severity: Severity): void => {
    const configured = config.rules[ruleId];
    if (configured === 'off') return;
    findings.push({ ruleId, severity: configured ?? severity, message, messageId: 'default', fixes: [], start: range.start, end: range.end });
  };

  if (!config.enable) return { findings, doc: undefined, lines, internalErrors, docLines: lines };
  if (request.text.length > config.maxFileSize) {
    if (/AWSTemplateFormatVersion|Resources|Statement/.test(request.text.slice(0, 65536))) {
      engineFinding(TOO_LARGE, { start: 0, end: 0 }, `Not linted: ${request.text.length} characters is over the maxFileSize setting (${config.maxFileSize})`, 'info');
    }
    return { findings, doc: undefined, lines, internalErrors, docLines: lines };
  }

  // A lint state is also the previous parse (its text and tree).
  const doc = buildModel(request.name, request.text, { languageId: request.languageId, policyKind: request.policyKind, previous: request.previous, previousTemplate: request.previous?.template });
  if (!doc) return { findings, doc, lines, internalErrors, docLines: lines };
  for (const p of doc.parsed.problems) engineFinding(SYNTAX, p, p.message, p.severity);

  // Rules on a tree the parser had to repair would report its repairs ("empty Statement" for a half-typed array):
  // until the document parses, its syntax errors are all there is to say.
  const broken = doc.parsed.problems.some(isFatal);
  let state: LintState | undefined;
  if (doc.kind.kind !== 'none' && !broken) {
    const fixer = new Fixer(doc.text, doc.format);
    const plan = rulePlan(config, rules);
    // One context per run: its `report` files findings under the rule running (rules report synchronously).
    const run = (view: LintDocument, only: readonly PlannedRule[], sink: Finding[]): boolean => {
      let failed = false;
      let current: PlannedRule = only[0]!;
      const context: RuleContext = {
        doc: view,
        config,
        fixer,
        report(target: Range, messageId: string, data?: Record<string, string | number>, fixes: Fix[] = []) {
          const { rule, severity, configured } = current;
          const template = rule.meta.messages[messageId];
          if (template === undefined) throw new Error(`${rule.meta.id}: unknown message id "${messageId}"`);
          sink.push({
            ruleId: rule.meta.id,
            severity: configured ? severity : (rule.meta.messageSeverity?.[messageId] ?? severity),
            message: formatMessage(template, data),
            messageId,
            // A fix that would edit what the SAM transform made (not the document's text) is never offered.
            fixes: fixes.length ? fixes.filter((f) => !f.edits.some((e) => e.generated)) : fixes,
            start: target.start,
            end: target.end,
          });
        },
      };
      for (const planned of only) {
        current = planned;
        try {
          planned.rule.check!(context);
        } catch (error) {
          internalErrors.push({ ruleId: planned.rule.meta.id, error });
          failed = true;
        }
      }
      return !failed;
    };
    if (doc.template && (request.incremental || request.previous)) state = lintByComponent(request, doc, doc.template, lines, plan, run, findings);
    else run(doc, plan.enabled, findings);
  }
  (globalThis as Record<symbol, unknown>)[LINTED] = true;
  // A version with a syntax error is no version to re-read from (parse/incremental.ts): the next edit is read against
  // the last one that is, so typing through a half-written line (`Eff`, `Action: [s3:Get`) re-reads only the entry
  // that holds it once the line parses again, and keeps everything else.
  if (request.previous && rereadable(request.previous) && doc.parsed.problems.some((p) => p.severity === 'error')) state = request.previous;
  const layout = doc.parsed.layout;
  const kept = applySuppressions(doc, lines, layout ? findings.map((f) => inDocument(f, layout)) : findings);
  kept.sort(byPosition);
  return { findings: dedupe(kept), doc, lines, internalErrors, state, docLines: layout ? new LaidOutLineIndex(lines, layout) : lines };
}

/** A state whose parse the incremental parse can re-read an edit from: a clean JSON parse, or the fast YAML path's. */
function rereadable(state: LintState): boolean {
  return state.parsed.problems.length === 0 && (state.parsed.format === 'json' || state.parsed.fast === true);
}

/** An enabled rule with the severity its findings get: the configured one, or (`configured` false) the rule's own. */
interface PlannedRule {
  rule: Rule;
  severity: Severity;
  configured: boolean;
}

/** The enabled rules of a configuration, by scope: the same for every keystroke of a document. */
interface RulePlan {
  enabled: readonly PlannedRule[];
  documentWide: readonly PlannedRule[];
  policyWise: readonly PlannedRule[];
  componentWise: readonly PlannedRule[];
}

const plans = new WeakMap<LintConfig['rules'], WeakMap<readonly Rule[], { settings: string; plan: RulePlan }>>();

/** The plan is kept with the configuration's rule settings, and made again if something changed them since. */
function rulePlan(config: LintConfig, rules: readonly Rule[]): RulePlan {
  let byRules = plans.get(config.rules);
  if (!byRules) plans.set(config.rules, (byRules = new WeakMap()));
  let settings = '';
  for (const id in config.rules) settings += `${id}=${config.rules[id]};`;
  let kept = byRules.get(rules);
  if (kept?.settings !== settings) {
    const enabled: PlannedRule[] = [];
    for (const rule of rules) {
      const configured = config.rules[rule.meta.id];
      const severity = configured ?? rule.meta.severity;
      if (rule.check && severity !== 'off') enabled.push({ rule, severity, configured: configured !== undefined });
    }
    const plan: RulePlan = {
      enabled,
      documentWide: enabled.filter((r) => r.rule.meta.scope === 'document'),
      policyWise: enabled.filter((r) => r.rule.meta.scope === 'policy'),
      componentWise: enabled.filter((r) => r.rule.meta.scope === undefined),
    };
    byRules.set(rules, (kept = { settings, plan }));
  }
  return kept.plan;
}

/**
 * Rules that are not `scope: 'document'` read one component of the template at a time (engine/components.ts): a
 * component whose text, and the text outside every resource, are what they were in the previous lint keeps that lint's
 * findings, moved by the edit; the others are linted again. The result is the same as running every rule on the whole
 * template (test/engine/incremental.test.ts).
 */
function lintByComponent(
  request: LintRequest,
  doc: LintDocument,
  template: TemplateView,
  lines: LineIndex,
  plan: RulePlan,
  run: (view: LintDocument, only: readonly PlannedRule[], sink: Finding[]) => boolean,
  findings: Finding[],
): LintState {
  const { documentWide, policyWise, componentWise } = plan;
  run(doc, documentWide, findings);
  // Fixes follow the document's line ends and (JSON) indentation, which text anywhere can decide.
  const layout = `${/\r\n/.test(request.text)}\u0000${doc.format === 'json' ? indentUnit(request.text) : ''}`;
  const inputs = [request.config ?? defaultConfig, request.rules ?? allRules, request.name, request.languageId, request.policyKind, layout];
  const outside = outsideResources(template, doc.text, doc.parsed.layout);
  const previous = request.previous;
  const reusable = previous !== undefined && previous.outside === outside && sameInputs(previous.inputs, inputs);
  const move = reusable ? rangeMap(previous, doc) : undefined;
  const parts = new Map<string, { findings: Finding[]; at: number[]; policies: string[] }>();
  let kept = 0;
  // Policies' own findings: a YAML alias can bring text from outside a resource into its policy, so not with aliases.
  const sharing = sharesNodes(doc.text);
  const policyFindings = new Map<string, Finding[]>();
  const earlier = reusable ? previous.policies : undefined;
  let reusedPolicies = 0;
  const entryTexts = new Map<ResourceView, string>();
  /** Runs the component rules on the view, and the policy rules on each of its policies (kept where unchanged). */
  const relint = (view: LintDocument, sink: Finding[], keys: string[]): boolean => {
    let ok = run(view, componentWise, sink);
    const rest: PolicyView[] = [];
    for (const policy of view.policies) {
      const place = sharing ? undefined : policyPlace(template, policy, doc.text, entryTexts);
      if (!place) {
        rest.push(policy);
        continue;
      }
      keys.push(place.key);
      const before = policyFindings.get(place.key) ?? earlier?.get(place.key);
      if (before) {
        for (const f of before) sink.push(shifted(f, place.base));
        policyFindings.set(place.key, before);
        reusedPolicies++;
        continue;
      }
      const found: Finding[] = [];
      const fine = run({ ...view, policies: [policy] }, policyWise, found);
      sink.push(...found);
      const relative = fine ? relativeFindings(found, place) : undefined;
      if (relative) policyFindings.set(place.key, relative);
      ok &&= fine;
    }
    if (rest.length) ok = run({ ...view, policies: rest }, policyWise, sink) && ok;
    return ok;
  };
  const grouped = partition(template, doc.text, previous?.partition);
  const components = grouped.components;
  const componentOf = new Map<ResourceView, number>();
  components.forEach((c, i) => c.members.forEach((r) => componentOf.set(r, i)));
  const policiesOf: PolicyView[][] = components.map(() => []);
  const loose: PolicyView[] = [];
  for (const p of doc.policies) {
    const i = p.resource && componentOf.get(p.resource);
    if (i === undefined) loose.push(p);
    else policiesOf[i]!.push(p);
  }
  for (const [i, component] of components.entries()) {
    const at = component.written.map((r) => r.entry.start);
    const before = move && previous!.parts.get(component.key);
    // The component's resources must be where the edit moved them (two resources that swapped places, with the
    // same text at their ends, would otherwise keep findings at the other's place).
    const moved = before && before.at.length === at.length && before.at.every((o, k) => move(o, o)?.start === at[k]) ? moveFindings(before.findings, move) : undefined;
    if (moved) {
      findings.push(...moved);
      parts.set(component.key, { findings: moved, at, policies: before!.policies });
      for (const key of before!.policies) {
        const same = previous!.policies.get(key);
        if (same) policyFindings.set(key, same);
      }
      kept++;
      continue;
    }
    // One component is the whole template: its rules read the document's own view (and what it has cached).
    const view: LintDocument =
      components.length === 1 && loose.length === 0
        ? doc
        : { ...doc, template: template.part(component.written, component.resources), policies: policiesOf[i]! };
    const found: Finding[] = [];
    const keys: string[] = [];
    if (relint(view, found, keys)) parts.set(component.key, { findings: found, at, policies: keys });
    findings.push(...found);
  }
  // Policies outside every component (none today: each template policy belongs to a resource) are linted whole.
  if (loose.length) relint({ ...doc, template: template.part([], []), policies: loose }, findings, []);
  return { text: request.text, lines, parsed: doc.parsed, template, partition: grouped, inputs, outside, parts, kept, policies: policyFindings, reusedPolicies };
}

/**
 * Where a policy written in a resource is, as what its `scope: 'policy'` findings depend on: the resource's text (and
 * the column it starts at), the policy's place in it and what the model says of it. Equal keys, equal findings
 * relative to `base` (the resource's start), wherever the resource is. `undefined` for a policy the SAM transform
 * made (its text is not the resource's) or one that reaches outside its resource.
 */
function policyPlace(template: TemplateView, policy: PolicyView, text: string, entryTexts: Map<ResourceView, string>): { key: string; base: number; end: number } | undefined {
  if (policy.node.generated || !policy.resource) return undefined;
  const source = policy.resource.generatedBy ?? template.writtenResource(policy.resource.id);
  if (!source) return undefined;
  const { start, end } = source.entry;
  const { node, anchor } = policy;
  if (node.start < start || node.end > end || anchor.start < start || anchor.end > end) return undefined;
  let written = entryTexts.get(source);
  if (written === undefined) entryTexts.set(source, (written = resourceText(source, text)));
  const about = [policy.kind, policy.purpose ?? '', policy.container, policy.documentless ? 1 : 0, policy.resource.id, policy.resource.type ?? ''];
  const at = [node.start - start, node.end - start, anchor.start - start, anchor.end - start];
  return { key: `${about.join('\u0001')}\u0002${at.join(',')}\u0002${written}`, base: start, end };
}

/** The findings with offsets relative to the place's start, or `undefined` when one reaches outside its resource. */
function relativeFindings(found: readonly Finding[], place: { base: number; end: number }): Finding[] | undefined {
  const inside = (r: Range): boolean => r.start >= place.base && r.end <= place.end;
  if (!found.every((f) => inside(f) && f.fixes.every((x) => x.edits.every(inside)))) return undefined;
  return found.map((f) => shifted(f, -place.base));
}

/** A finding (and its fixes' edits) in the document's offsets, from those of the parse's layout. */
function inDocument(f: Finding, layout: Layout): Finding {
  const fixes = f.fixes.length ? f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, start: layout.toDocument(e.start), end: layout.toDocument(e.end) })) })) : f.fixes;
  return { ...f, start: layout.toDocument(f.start), end: layout.toDocument(f.end), fixes };
}

function shifted(f: Finding, by: number): Finding {
  if (by === 0) return f;
  const fixes = f.fixes.length ? f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, start: e.start + by, end: e.end + by })) })) : f.fixes;
  return { ...f, start: f.start + by, end: f.end + by, fixes };
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Where a range of the previous text is in the new one, for an edit that changed one stretch of text: `undefined`
 * for a range that starts or ends in or at the edge of that stretch, or holds it (what it covers has changed).
 */
type Move = (start: number, end: number) => { start: number; end: number } | undefined;

function rangeMap(previous: LintState, doc: LintDocument): Move {
  const before = previous.parsed.layout?.text ?? previous.text;
  // A re-read parse knows what changed in its layout text (parse/layout.ts), without comparing the texts.
  const known = doc.parsed !== previous.parsed ? doc.parsed.layout?.change : undefined;
  const { prefix, changedEnd, delta, same } = known && known.before === before ? { ...known, same: false } : textChange(before, doc.text);
  if (same) return (start, end) => ({ start, end });
  return (start, end) => {
    if (end < prefix) return { start, end };
    if (start > changedEnd) return { start: start + delta, end: end + delta };
    return undefined;
  };
}

/** The findings at their new offsets, or `undefined` when one of them (or of their fixes' edits) touches the edit. */
function moveFindings(found: readonly Finding[], move: Move): Finding[] | undefined {
  const out: Finding[] = [];
  for (const f of found) {
    const at = move(f.start, f.end);
    if (!at) return undefined;
    let fixes = f.fixes;
    if (fixes.length) {
      fixes = [];
      for (const fix of f.fixes) {
        const edits = [];
        for (const e of fix.edits) {
          const to = move(e.start, e.end);
          if (!to) return undefined;
          edits.push(to.start === e.start ? e : { ...e, ...to });
        }
        fixes.push({ ...fix, edits });
      }
    }
    out.push(at.start === f.start && fixes === f.fixes ? f : { ...f, ...at, fixes });
  }
  return out;
}

/**
 * Findings in document order, equal ranges by rule, and otherwise in the order the rule reported them (which decides
 * which of two overlapping fixes `--fix` applies). One rule's findings at one place outside every resource (a `Globals`
 * value), found from several components, come in component order: the same findings, perhaps in another order.
 */
function byPosition(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId);
}

/** One policy can be reached twice (a YAML alias, an `!If` with equal branches): report each place once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\0${f.start}\0${f.end}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
