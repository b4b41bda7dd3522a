import type * as YamlLibrary from 'yaml';
import type { Document, Node as YamlNode, Scalar as YamlScalar, Tags } from 'yaml';
import { withoutEditedResource, type PreviousParse } from './incremental';
import type { Layout } from './layout';
import { relaxFlowIndentation, type FlowScan } from './yaml-flow';
import { parseYamlFast } from './yaml-fast';
import { plainScalar } from './yaml-scalars';
import { INTRINSIC_FUNCTIONS, isIntrinsicName, longFormIntrinsic, type IntrinsicName, type Node, type ObjectNode, type ParseProblem, type Property, type ScalarStyle } from './tree';

/**
 * YAML into the positioned tree. CloudFormation short-form tags are left unresolved by `yaml` (it keeps
 * `node.tag`), and become intrinsic nodes here, so `!GetAtt R.Arn` and `Fn::GetAtt: R.Arn` look the same to rules.
 */
let library: typeof YamlLibrary | undefined;

/**
 * The `yaml` package, loaded on first use: the fast path reads most templates without it, and a JSON document never
 * needs it (its loading was a few milliseconds of every server start).
 */
export function yaml(): typeof YamlLibrary {
  return (library ??= require('yaml') as typeof YamlLibrary);
}

/**
 * CloudFormation's short-form tags, registered so `yaml` keeps them on the node (`node.tag`) without building a
 * warning object with a stack trace for each one: on a large template that was a tenth of the parse time.
 */
const CFN_TAGS: Tags = INTRINSIC_FUNCTIONS.map((fn) => `!${fn.replace(/^Fn::/, '')}`).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value },
] as Tags);

/**
 * `previous`, the parse of an earlier version that the fast path read, lets a syntax error inside the resource an
 * edit changed keep the other resources' nodes ({@link recoverEdited}).
 */
export function parseYaml(text: string, previous?: PreviousParse): { root: Node | undefined; problems: ParseProblem[]; fast?: true; layout?: Layout } {
  const fast = parseYamlFast(text);
  if (fast) return { root: fast, problems: [], fast: true };
  const edited = previous && recoverEdited(text, previous);
  if (edited) return edited;
  const parsed = parseYamlWithLibrary(text);
  return recoverResource(text, parsed) ?? parsed;
}

/**
 * Any YAML, with the `yaml` package: what the fast path leaves to it, and its reference in the tests. Read as
 * CloudFormation reads it: flow collections need no indentation ({@link relaxFlowIndentation}), plain scalars are
 * typed as YAML 1.1 ({@link plainScalar}). At most one syntax error is reported, the
 * first, in words: the parser's own errors after the first one are its recovery, not more mistakes.
 */
export function parseYamlWithLibrary(text: string): { root: Node | undefined; problems: ParseProblem[] } {
  const flow = relaxFlowIndentation(text);
  // A broken document makes `yaml` construct an error object for each step of its recovery, and V8 records a stack
  // trace for each (a fifth of such a parse); the errors are read for their codes and offsets only.
  const traces = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let doc: Document;
  try {
    doc = yaml().parseDocument(flow.text, {
      uniqueKeys: false,
      strict: false,
      prettyErrors: false,
      keepSourceTokens: false,
      version: '1.2',
      // Every scalar is read as text, then typed as CloudFormation types it (YAML 1.1: `plainScalar`).
      schema: 'failsafe',
      customTags: CFN_TAGS,
    });
  } finally {
    Error.stackTraceLimit = traces;
  }
  const problems: ParseProblem[] = [];
  const errors: Candidate[] = [];
  for (const e of doc.errors) {
    const [start, end] = e.pos;
    if (e.code === 'MULTIPLE_DOCS') {
      problems.push({ message: 'Only the first YAML document is linted: a template or policy is one document', start, end: Math.max(end, start), severity: 'warning' });
    } else errors.push({ start, end: Math.max(end, start), message: () => `YAML syntax error: ${describeYamlError(e.code, e.message)}` });
  }
  const converter = new Converter(flow.text, doc, problems, errors);
  const root = doc.contents ? converter.convert(doc.contents as YamlNode) : undefined;
  for (const p of problems) mapProblem(p, flow.toOriginal);
  if (root && flow.text !== text) mapOffsets(root, flow.toOriginal);
  const lines = new Lines(text);
  if (errors.length > 0) {
    // The flow collection left open or closed by the wrong bracket explains the errors better than the parser can.
    let error: ParseProblem;
    const syntax = doc.errors.some((e) => e.code !== 'MULTIPLE_DOCS');
    const bracket = syntax ? flowError(flow, lines) : undefined;
    if (bracket) error = bracket;
    else {
      errors.sort((a, b) => a.start - b.start);
      const first = errors[0];
      const start = flow.toOriginal(first.start);
      error = { message: first.message(flow.text === text ? lines : new Lines(flow.text)), start, end: Math.max(start, flow.toOriginal(first.end)), severity: 'error' };
    }
    problems.push(error);
    problems.sort((a, b) => a.start - b.start);
  }
  return { root, problems };
}

/**
 * The flow collection closed by the wrong bracket, the quoted scalar left open (which `yaml` reports where the text
 * ends, lines away from the quote being typed), or the flow collection left open, as the error to report.
 */
function flowError(flow: FlowScan, lines: Lines): ParseProblem | undefined {
  const m = flow.mismatched;
  const q = flow.quoteOpen;
  if (q && !(m && m.at < q.at)) {
    return { message: `YAML syntax error: the quoted string opened at line ${lines.lineOf(q.at)} is never closed (a closing ${q.quote} is missing)`, start: q.at, end: q.at + 1, severity: 'error' };
  }
  if (m) {
    return m.open !== undefined && m.opener
      ? { message: `YAML syntax error: "${m.bracket}" does not close the flow ${kindOf(m.opener)} opened with "${m.opener}" at line ${lines.lineOf(m.open)}`, start: m.at, end: m.at + 1, severity: 'error' }
      : { message: `YAML syntax error: "${m.bracket}" closes no flow collection`, start: m.at, end: m.at + 1, severity: 'error' };
  }
  const u = flow.unclosed;
  if (!u) return undefined;
  return { message: `YAML syntax error: the flow ${kindOf(u.bracket)} opened at line ${lines.lineOf(u.open)} is never closed (a "${u.bracket === '[' ? ']' : '}'}" is missing)`, start: u.open, end: u.open + 1, severity: 'error' };
}

/** A syntax error found while reading, before offsets are mapped back: its message may name other lines. */
interface Candidate {
  start: number;
  end: number;
  message: (lines: Lines) => string;
}

function kindOf(bracket: '[' | '{'): string {
  return bracket === '[' ? 'sequence' : 'mapping';
}

/** `yaml`'s messages, in the words of the template's author rather than of the parser's token stream. */
function describeYamlError(code: string, message: string): string {
  const line = firstLine(message);
  const token = /^Unexpected (\S+) token in YAML stream: (".*")$/.exec(line);
  if (token) return `${token[2]} is not expected here`;
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'a tab indents this line: YAML indentation is made of spaces';
    case 'BAD_INDENT':
      return 'this line is not indented like the entries around it';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a key must fit on one line (is a ":" or a closing quote missing?)';
    case 'MISSING_CHAR':
      if (/followed by map values/.test(line)) return 'a key must be followed by ":" and a space';
      return line.replace(/^Missing closing ["']?quote/i, 'a quoted string is never closed (missing closing quote)');
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a nested mapping or sequence cannot be a key: is its line indented too far, or a ":" in a value missing quotes?';
    default:
      return line;
  }
}

/** Line numbers (1-based) for messages. */
class Lines {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}
  lineOf(offset: number): number {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

function mapProblem(p: ParseProblem, to: (offset: number) => number): void {
  p.start = to(p.start);
  p.end = Math.max(p.start, to(p.end));
}

/** Offsets of the relaxed text back to the document's own. */
function mapOffsets(root: Node, to: (offset: number) => number): void {
  const seen = new Set<object>();
  const visit = (n: Node): void => {
    if (seen.has(n)) return;
    seen.add(n);
    n.start = to(n.start);
    n.end = to(n.end);
    if (n.type === 'object') {
      for (const p of n.properties) {
        if (!seen.has(p)) {
          seen.add(p);
          p.keyStart = to(p.keyStart);
          p.keyEnd = to(p.keyEnd);
          p.start = to(p.start);
          p.end = to(p.end);
        }
        visit(p.value);
      }
    } else if (n.type === 'array') n.items.forEach(visit);
    else if (n.type === 'intrinsic') {
      n.nameStart = to(n.nameStart);
      n.nameEnd = to(n.nameEnd);
      visit(n.argument);
    }
  };
  visit(root);
}

/**
 * A syntax error inside the one resource an edit since `previous` (the parse of an earlier version the fast path
 * read) stayed inside, as typing runs through half-written lines (`Eff`, `Action: [s3:Get`): the resource's error is
 * read from its own lines ({@link resourceError}) and the rest is the previous tree without it
 * (parse/incremental.ts), so the other resources keep their nodes and the whole text is not read at all. The same
 * as {@link recoverResource} makes of a whole reading (test/parse/incremental.test.ts); `undefined` where that is not
 * certain, and the whole text is read.
 */
function recoverEdited(text: string, previous: PreviousParse): { root: Node | undefined; problems: ParseProblem[]; layout: Layout } | undefined {
  const kept = withoutEditedResource(text, previous);
  if (!kept?.parsed.layout) return undefined;
  const span = resourceSpan(text, kept.lines.start);
  if (!span || span.start !== kept.lines.start || span.end !== kept.lines.end) return undefined;
  const error = resourceError(text, span);
  if (!error) return undefined;
  const { layout } = kept.parsed;
  return { root: kept.parsed.root, problems: [{ ...error, start: layout.fromDocument(error.start), end: layout.fromDocument(error.end), partial: true }], layout };
}

/**
 * When the one syntax error lies inside one top-level resource, the other resources are still worth linting: the
 * resource is blanked out (spaces, line breaks kept, so every offset stays) and the rest read again. The error is
 * kept, marked `partial`: the one the resource has read on its own ({@link resourceError}) when the rest reads on the
 * fast path and that is certain to say what the whole text would, else the document's first. Without a clean second
 * reading the document stays unlinted.
 */
function recoverResource(text: string, parsed: { root: Node | undefined; problems: ParseProblem[] }): { root: Node | undefined; problems: ParseProblem[] } | undefined {
  const found = parsed.problems.find((p) => p.severity === 'error');
  if (!found) return undefined;
  const span = resourceSpan(text, found.start);
  if (!span) return undefined;
  const blanked = text.slice(0, span.start) + text.slice(span.start, span.end).replace(/[^\r\n]/g, ' ') + text.slice(span.end);
  const fast = parseYamlFast(blanked);
  const again = fast ? { root: fast, problems: [] } : parseYamlWithLibrary(blanked);
  if (!again.root || again.problems.some((p) => p.severity === 'error')) return undefined;
  const error = (fast && resourceError(text, span)) || found;
  return { root: again.root, problems: [...again.problems, { ...error, partial: true }].sort((a, b) => a.start - b.start) };
}

/**
 * The first syntax error of the resource on the lines `span`, read on its own: as the one entry of `Resources`, after
 * as many (empty) lines as the document has before it. `undefined` when that could differ from reading the whole
 * text: no error in it, or a quoted scalar or flow collection left open (or a bracket closing the wrong one) that the
 * whole text does not report alike (a quote or bracket after it may close it).
 */
function resourceError(text: string, span: { start: number; end: number }): ParseProblem | undefined {
  const header = /^Resources[ \t]*:[ \t]*(#.*)?\r?$/m.exec(text);
  if (!header) return undefined;
  const headerEnd = header.index + header[0].length;
  if (headerEnd > span.start) return undefined;
  // The lines before it as empty lines, so that messages name the document's lines; offsets are moved back after.
  const before = `${'\n'.repeat(lineBreaks(text, 0, header.index))}${text.slice(header.index, headerEnd)}${'\n'.repeat(lineBreaks(text, headerEnd, span.start))}`;
  const alone = `${before}${text.slice(span.start, span.end)}\n`;
  const own = relaxFlowIndentation(alone);
  const read = parseYamlWithLibrary(alone);
  const found = read.problems.find((p) => p.severity === 'error');
  const shift = span.start - before.length;
  if (!found || found.start < before.length || found.end > alone.length - 1) return undefined;
  const error = { ...found, start: found.start + shift, end: found.end + shift };
  if (own.unclosed || own.mismatched || own.quoteOpen) {
    const whole = flowError(relaxFlowIndentation(text), new Lines(text));
    return whole && whole.start === error.start && whole.end === error.end && whole.message === error.message ? error : undefined;
  }
  return error;
}

function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The lines of the entry of the top-level `Resources` mapping that contains `offset`, key line included. */
function resourceSpan(text: string, offset: number): { start: number; end: number } | undefined {
  const header = /^Resources[ \t]*:[ \t]*(#.*)?\r?$/m.exec(text);
  if (!header || header.index > offset) return undefined;
  let pos = header.index + header[0].length + 1;
  let childIndent = -1;
  let current: number | undefined;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, end);
    const content = /^( *)([^ \r#])/.exec(line);
    if (content) {
      const indent = content[1].length;
      if (indent === 0) break;
      if (childIndent < 0) childIndent = indent;
      if (indent < childIndent) return undefined;
      if (indent === childIndent && content[2] !== '-') {
        if (current !== undefined && offset >= current && pos > offset) return { start: current, end: pos - 1 };
        current = pos;
      }
    }
    if (nl < 0) {
      pos = text.length + 1;
      break;
    }
    pos = nl + 1;
  }
  const stop = Math.min(pos - 1, text.length);
  return current !== undefined && offset >= current && offset <= stop ? { start: current, end: stop } : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function styleOf(s: YamlScalar): ScalarStyle {
  switch (s.type) {
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'QUOTE_SINGLE':
      return 'single';
    case 'BLOCK_FOLDED':
    case 'BLOCK_LITERAL':
      return 'block';
    default:
      return 'plain';
  }
}

/** `!Ref` → `Ref`, `!Condition` → `Condition`, `!Sub` → `Fn::Sub`. */
function intrinsicForTag(tag: string): IntrinsicName | undefined {
  const name = tag.startsWith('!') ? tag.slice(1) : tag;
  if (name === 'Ref' || name === 'Condition') return name;
  const long = `Fn::${name}`;
  return isIntrinsicName(long) ? long : undefined;
}

class Converter {
  private readonly converted = new Map<YamlNode, Node>();
  private readonly y = yaml();

  constructor(
    private readonly text: string,
    private readonly doc: Document,
    private readonly problems: ParseProblem[],
    private readonly errors: Candidate[],
  ) {}

  convert(n: YamlNode): Node {
    const done = this.converted.get(n);
    if (done) return done;
    const node = this.convertUncached(n);
    this.converted.set(n, node);
    return node;
  }

  private convertUncached(n: YamlNode): Node {
    if (this.y.isAlias(n)) {
      const target = n.resolve(this.doc);
      if (target) return this.convert(target as YamlNode);
      const [start, end] = this.range(n);
      this.errors.push({ message: () => `YAML syntax error: unknown alias ${n.source}`, start, end });
      return { type: 'null', raw: '', style: 'plain', start, end };
    }
    const plain = this.convertValue(n);
    const tag = n.tag;
    if (!tag || tag.startsWith('tag:yaml.org,2002:')) return plain;
    const fn = intrinsicForTag(tag);
    const tagStart = this.tagStart(plain.start, tag);
    if (!fn) {
      this.problems.push({
        message: `Unknown tag ${tag}: not a CloudFormation intrinsic function; its value is read as plain data`,
        start: tagStart,
        end: tagStart + tag.length,
        severity: 'warning',
      });
      return plain;
    }
    return { type: 'intrinsic', fn, form: 'short', nameStart: tagStart, nameEnd: tagStart + tag.length, argument: plain, start: tagStart, end: plain.end };
  }

  private convertValue(n: YamlNode): Node {
    const [start, end] = this.range(n);
    if (this.y.isScalar(n)) {
      const style = styleOf(n);
      const raw = this.text.slice(start, end);
      const v = n.value;
      // `!!str 1` and quoted scalars are strings; untagged plain ones are typed as CloudFormation types them.
      if (typeof v === 'string' && style === 'plain' && n.tag !== 'tag:yaml.org,2002:str') return plainScalar(v, start, end);
      if (typeof v === 'string') return { type: 'string', value: v, style, start, end };
      if (typeof v === 'number' || typeof v === 'bigint') return { type: 'number', value: Number(v), raw, style, start, end };
      if (typeof v === 'boolean') return { type: 'boolean', value: v, raw, style, start, end };
      if (v === null || v === undefined) return { type: 'null', raw, style, start, end };
      return { type: 'string', value: String(v), style, start, end };
    }
    if (this.y.isMap(n)) {
      const properties: Property[] = [];
      for (const item of n.items) {
        if (!this.y.isPair(item)) continue;
        const keyNode = item.key as YamlNode | null;
        let key: string;
        let keyStart: number;
        let keyEnd: number;
        if (keyNode && this.y.isScalar(keyNode)) {
          [keyStart, keyEnd] = this.range(keyNode);
          // `Null:`, `true:` and `2012:` are keys as written: the core schema would make them null, a boolean, a number.
          key = typeof keyNode.value === 'string' ? keyNode.value : this.text.slice(keyStart, keyEnd);
        } else if (keyNode) {
          key = String(keyNode);
          [keyStart, keyEnd] = this.range(keyNode);
        } else {
          continue;
        }
        const valueNode = item.value as YamlNode | null;
        const value: Node = valueNode
          ? this.convert(valueNode)
          : { type: 'null', raw: '', style: 'plain', start: keyEnd, end: keyEnd };
        properties.push({ key, keyStart, keyEnd, value, start: keyStart, end: Math.max(value.end, keyEnd) });
      }
      // A block mapping ends with its last entry (yaml's own range may run on over trailing comment lines).
      const objEnd = !n.flow && properties.length ? properties[properties.length - 1].end : end;
      const obj: ObjectNode = { type: 'object', properties, flow: Boolean(n.flow), start, end: objEnd };
      return longFormIntrinsic(obj) ?? obj;
    }
    if (this.y.isSeq(n)) {
      const items: Node[] = [];
      for (const item of n.items) {
        if (item && typeof item === 'object' && 'range' in (item as object)) items.push(this.convert(item as YamlNode));
      }
      return { type: 'array', items, flow: Boolean(n.flow), start, end: !n.flow && items.length ? items[items.length - 1].end : end };
    }
    return { type: 'null', raw: '', style: 'plain', start, end };
  }

  /** [start, end) without the trailing whitespace and newlines that `yaml` counts into block collections. */
  private range(n: YamlNode): [number, number] {
    const r = n.range ?? [0, 0, 0];
    const start = r[0];
    let end = r[1];
    while (end > start && /\s/.test(this.text[end - 1])) end--;
    return [start, end];
  }

  /** `yaml` does not give the tag's position: it stands before the value, after any whitespace and anchor. */
  private tagStart(valueStart: number, tag: string): number {
    let i = valueStart;
    for (let guard = 0; guard < 4; guard++) {
      while (i > 0 && /\s/.test(this.text[i - 1])) i--;
      let j = i;
      while (j > 0 && !/[\s[{,]/.test(this.text[j - 1])) j--;
      const token = this.text.slice(j, i);
      if (token === tag || token.startsWith('!')) return j;
      if (!token.startsWith('&')) break;
      i = j;
    }
    return valueStart;
  }
}
