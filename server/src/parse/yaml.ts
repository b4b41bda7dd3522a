import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode, type Scalar as YamlScalar, type Tags } from 'yaml';
import { parseYamlFast } from './yaml-fast';
import { INTRINSIC_FUNCTIONS, isIntrinsicName, longFormIntrinsic, type IntrinsicName, type Node, type ObjectNode, type ParseProblem, type Property, type ScalarStyle } from './tree';

/**
 * YAML into the positioned tree. CloudFormation short-form tags are left unresolved by `yaml` (it keeps
 * `node.tag`), and become intrinsic nodes here, so `!GetAtt R.Arn` and `Fn::GetAtt: R.Arn` look the same to rules.
 */
/**
 * CloudFormation's short-form tags, registered so `yaml` keeps them on the node (`node.tag`) without building a
 * warning object with a stack trace for each one: on a large template that was a tenth of the parse time.
 */
const CFN_TAGS: Tags = INTRINSIC_FUNCTIONS.map((fn) => `!${fn.replace(/^Fn::/, '')}`).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value },
] as Tags);

export function parseYaml(text: string): { root: Node | undefined; problems: ParseProblem[] } {
  const fast = parseYamlFast(text);
  return fast ? { root: fast, problems: [] } : parseYamlWithLibrary(text);
}

/** Any YAML, with the `yaml` package: what the fast path leaves to it, and its reference in the tests. */
export function parseYamlWithLibrary(text: string): { root: Node | undefined; problems: ParseProblem[] } {
  const doc = parseDocument(text, {
    uniqueKeys: false,
    strict: false,
    prettyErrors: false,
    keepSourceTokens: false,
    version: '1.2',
    customTags: CFN_TAGS,
  });
  const problems: ParseProblem[] = [];
  for (const e of doc.errors) {
    const [start, end] = e.pos;
    problems.push({
      message: e.code === 'MULTIPLE_DOCS' ? 'Only the first YAML document is linted: a template or policy is one document' : `YAML syntax error: ${firstLine(e.message)}`,
      start,
      end: Math.max(end, start),
      severity: e.code === 'MULTIPLE_DOCS' ? 'warning' : 'error',
    });
  }
  const converter = new Converter(text, doc, problems);
  const root = doc.contents ? converter.convert(doc.contents as YamlNode) : undefined;
  return { root, problems };
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

  constructor(
    private readonly text: string,
    private readonly doc: Document,
    private readonly problems: ParseProblem[],
  ) {}

  convert(n: YamlNode): Node {
    const done = this.converted.get(n);
    if (done) return done;
    const node = this.convertUncached(n);
    this.converted.set(n, node);
    return node;
  }

  private convertUncached(n: YamlNode): Node {
    if (isAlias(n)) {
      const target = n.resolve(this.doc);
      if (target) return this.convert(target as YamlNode);
      const [start, end] = this.range(n);
      this.problems.push({ message: `YAML syntax error: unknown alias ${n.source}`, start, end, severity: 'error' });
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
    if (isScalar(n)) {
      const style = styleOf(n);
      const raw = this.text.slice(start, end);
      const v = n.value;
      if (typeof v === 'string') return { type: 'string', value: v, style, start, end };
      if (typeof v === 'number' || typeof v === 'bigint') return { type: 'number', value: Number(v), raw, style, start, end };
      if (typeof v === 'boolean') return { type: 'boolean', value: v, raw, style, start, end };
      if (v === null || v === undefined) return { type: 'null', raw, style, start, end };
      return { type: 'string', value: String(v), style, start, end };
    }
    if (isMap(n)) {
      const properties: Property[] = [];
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const keyNode = item.key as YamlNode | null;
        let key: string;
        let keyStart: number;
        let keyEnd: number;
        if (keyNode && isScalar(keyNode)) {
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
    if (isSeq(n)) {
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
