import { itemsOf, scalarText, type Node } from '../parse/tree';
import { alternatives } from './policy';

/**
 * A string an element can take once the template's intrinsics are resolved as far as the template allows.
 * What cannot be known before deployment stays a `${…}` placeholder (`${AWS::Region}`, `${MyBucket.Arn}`,
 * `${BucketName}`), which ARN and wildcard matching treat like `*`: never "invalid", never a mismatch.
 */
export interface StringValue {
  text: string;
  /** The node it comes from: its range is where a finding about this value goes. */
  node: Node;
  /** True when `text` is exactly the scalar written there, so a fix may replace it and offsets inside it are exact. */
  literal: boolean;
}

/** More combinations than this from `!Join`/`!If` (a generated template) are not worth enumerating. */
const MAX_ALTERNATIVES = 32;

const stringCache = new WeakMap<Node, StringValue[]>();
const elementCache = new WeakMap<Node, StringValue[]>();

/**
 * Every string a value can be: scalars as written, `!If` branches each, intrinsics resolved or left as
 * placeholders. Cached per node (a document version's tree never changes): many rules ask for the same values.
 */
export function stringValues(node: Node | undefined): StringValue[] {
  if (!node) return [];
  let values = stringCache.get(node);
  if (!values) {
    values = alternatives(node).flatMap((n) =>
      resolve(n).map((written) => {
        const text = withoutDynamicReferences(written);
        return { text, node: n, literal: text === written && n.type !== 'intrinsic' && n.type !== 'object' && n.type !== 'array' };
      }),
    );
    stringCache.set(node, values);
  }
  return values;
}

/** The strings of an element that takes one value or a list (`Action`, `Resource`, a condition's values). */
export function elementStrings(node: Node | undefined): StringValue[] {
  if (!node) return [];
  let values = elementCache.get(node);
  if (!values) {
    values = alternatives(node).flatMap((n) => (n.type === 'array' ? n.items.flatMap((item) => stringValues(item)) : stringValues(n)));
    elementCache.set(node, values);
  }
  return values;
}

function resolve(node: Node): string[] {
  switch (node.type) {
    case 'string':
      return [node.value];
    case 'number':
    case 'boolean':
      return [node.raw];
    case 'null':
      return [];
    case 'intrinsic':
      return resolveIntrinsic(node.fn, node.argument);
    default:
      return ['${?}'];
  }
}

function resolveIntrinsic(fn: string, arg: Node): string[] {
  switch (fn) {
    case 'Ref': {
      const name = scalarText(arg);
      return name === undefined ? ['${?}'] : [`\${${name}}`];
    }
    case 'Fn::GetAtt': {
      const parts = arg.type === 'array' ? arg.items.map(scalarText) : (scalarText(arg) ?? '').split(/\.(.*)/s, 2);
      return parts.length === 2 && parts.every((p) => p) ? [`\${${parts[0]}.${parts[1]}}`] : ['${?}'];
    }
    case 'Fn::Sub':
      return resolveSub(arg);
    case 'Fn::Join':
      return resolveJoin(arg);
    case 'Fn::If': {
      if (arg.type !== 'array' || arg.items.length !== 3) return ['${?}'];
      return [...alternatives(arg.items[1]), ...alternatives(arg.items[2])].flatMap(resolve);
    }
    default:
      return ['${?}'];
  }
}

/** `!Sub` keeps its `${…}` references as placeholders, except variables its own map gives literally; `${!X}` is `${X}` text. */
function resolveSub(arg: Node): string[] {
  const [template, vars] = arg.type === 'array' ? [arg.items[0], arg.items[1]] : [arg, undefined];
  const text = scalarText(template);
  if (text === undefined) return ['${?}'];
  const variables = new Map<string, string[]>();
  if (vars?.type === 'object') {
    for (const p of vars.properties) variables.set(p.key, resolve(p.value).slice(0, MAX_ALTERNATIVES));
  }
  let results = [''];
  const pattern = /\$\{(!?)([^}]*)\}/g;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const literal = text.slice(last, m.index);
    const replacement = m[1] === '!' ? [`\${${m[2]}}`] : (variables.get(m[2].trim()) ?? [`\${${m[2].trim()}}`]);
    results = combine(results.map((r) => r + literal), replacement);
    last = m.index + m[0].length;
  }
  return results.map((r) => r + text.slice(last));
}

function resolveJoin(arg: Node): string[] {
  if (arg.type !== 'array' || arg.items.length !== 2) return ['${?}'];
  const delimiter = scalarText(arg.items[0]) ?? '';
  const list = arg.items[1];
  if (list.type !== 'array') return ['${?}'];
  let results = [''];
  list.items.forEach((item, i) => {
    const parts = alternatives(item).flatMap(resolve);
    results = combine(results, parts.map((p) => (i > 0 ? delimiter + p : p)));
  });
  return results;
}

function combine(prefixes: string[], suffixes: string[]): string[] {
  const out: string[] = [];
  for (const p of prefixes) for (const s of suffixes) if (out.length < MAX_ALTERNATIVES) out.push(p + s);
  return out.length > 0 ? out : prefixes;
}

/**
 * CloudFormation dynamic references (`{{resolve:ssm:…}}`, `{{resolve:ssm-secure:…}}`, `{{resolve:secretsmanager:…}}`)
 * are resolved at deploy time: like an unresolved parameter, each is an unknown `${?}`, never a mistake.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
 */
const DYNAMIC_REFERENCE = /\{\{resolve:(?:ssm|ssm-secure|secretsmanager):(?:\$\{[^}]*\}|[^}])*\}\}/g;

export function withoutDynamicReferences(text: string): string {
  return text.includes('{{resolve:') ? text.replace(DYNAMIC_REFERENCE, '${?}') : text;
}

export function hasDynamicReference(text: string): boolean {
  return withoutDynamicReferences(text) !== text;
}

/** A value is fully known (no placeholder left), so a rule may judge it as written. */
export function isResolved(text: string): boolean {
  return !text.includes('${?}') && !/\$\{[^}]*(::|\.)[^}]*\}|\$\{[A-Za-z0-9]+\}/.test(text);
}

/** The logical id a `!Ref X`, `!GetAtt X.Arn` or `!Sub ${X.Arn}` value names, if it names exactly one resource. */
export function referencedResource(node: Node | undefined): string | undefined {
  if (node?.type !== 'intrinsic') return undefined;
  if (node.fn === 'Ref') return scalarText(node.argument);
  if (node.fn === 'Fn::GetAtt') {
    const first = node.argument.type === 'array' ? scalarText(node.argument.items[0]) : scalarText(node.argument)?.split('.')[0];
    return first;
  }
  if (node.fn === 'Fn::Sub') {
    const m = /^\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}$/.exec(scalarText(itemsOf(node.argument)[0]) ?? '');
    return m?.[1];
  }
  return undefined;
}
