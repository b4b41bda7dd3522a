import type { Layout } from './layout';

/**
 * One positioned tree for JSON and YAML. Offsets are UTF-16 code units into the document text, as LSP counts them.
 * CloudFormation intrinsics (`!Ref X`, `{"Ref": "X"}`, `Fn::GetAtt: …`) all become an {@link IntrinsicNode},
 * so no rule ever sees tag syntax.
 */

export type Node = ObjectNode | ArrayNode | StringNode | NumberNode | BooleanNode | NullNode | IntrinsicNode;

interface Positioned {
  start: number;
  end: number;
  /**
   * Made by the SAM transform, not written in the document: its range is the SAM source that caused it (where a
   * finding about it goes), and no fix may edit it.
   */
  generated?: true;
}

export type ScalarStyle = 'json' | 'plain' | 'single' | 'double' | 'block';

export interface StringNode extends Positioned {
  type: 'string';
  value: string;
  style: ScalarStyle;
}

export interface NumberNode extends Positioned {
  type: 'number';
  value: number;
  /** The source text: `012345678901` as an account id loses its leading zero as a number. */
  raw: string;
  style: ScalarStyle;
}

export interface BooleanNode extends Positioned {
  type: 'boolean';
  value: boolean;
  raw: string;
  style: ScalarStyle;
}

export interface NullNode extends Positioned {
  type: 'null';
  raw: string;
  style: ScalarStyle;
}

export interface Property {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** A YAML `Key:` without a value gets a zero-width null node at the end of the key. */
  value: Node;
  start: number;
  end: number;
  /** Made by the SAM transform (see {@link Positioned.generated}). */
  generated?: true;
}

export interface ObjectNode extends Positioned {
  type: 'object';
  properties: Property[];
  /** `{…}` in YAML or JSON; `false` for a YAML block mapping. */
  flow: boolean;
}

export interface ArrayNode extends Positioned {
  type: 'array';
  items: Node[];
  flow: boolean;
}

export const INTRINSIC_FUNCTIONS = [
  'Ref',
  'Condition',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::FindInMap',
  'Fn::GetAtt',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::Transform',
  'Fn::And',
  'Fn::Equals',
  'Fn::If',
  'Fn::Not',
  'Fn::Or',
  'Fn::Length',
  'Fn::ToJsonString',
] as const;

export type IntrinsicName = (typeof INTRINSIC_FUNCTIONS)[number];

export interface IntrinsicNode extends Positioned {
  type: 'intrinsic';
  fn: IntrinsicName;
  /** `short` for a YAML tag (`!Sub`), `long` for `Fn::Sub:` / `{"Fn::Sub": …}`. */
  form: 'short' | 'long';
  /** Range of the tag (`!Sub`) or of the key (`"Fn::Sub"`). */
  nameStart: number;
  nameEnd: number;
  argument: Node;
}

export type Scalar = StringNode | NumberNode | BooleanNode | NullNode;

export interface ParseProblem {
  message: string;
  start: number;
  end: number;
  severity: 'error' | 'warning';
  /**
   * The error is confined to one top-level resource, which is left out of the tree: the rest of the document was
   * read without it and can be linted.
   */
  partial?: boolean;
}

/** An error that leaves no tree to lint: rules on a tree the parser had to repair would report its repairs. */
export function isFatal(p: ParseProblem): boolean {
  return p.severity === 'error' && !p.partial;
}

export interface ParsedDocument {
  format: 'json' | 'yaml';
  root: Node | undefined;
  problems: ParseProblem[];
  /** Read by the fast YAML path (parse/yaml-fast.ts): a later version can re-read one resource of it (parse/incremental.ts). */
  fast?: true;
  /**
   * Set by an incremental parse (parse/incremental.ts): the offsets are into its layout text, not the document's
   * (parse/layout.ts). A full parse has none.
   */
  layout?: Layout;
}

const intrinsicNames = new Set<string>(INTRINSIC_FUNCTIONS);

export function isIntrinsicName(name: string): name is IntrinsicName {
  return intrinsicNames.has(name);
}

export function isScalar(node: Node | undefined): node is Scalar {
  return node !== undefined && (node.type === 'string' || node.type === 'number' || node.type === 'boolean' || node.type === 'null');
}

/** The text a scalar stands for in a policy: IAM reads `Version: 2012` or an account id `123456789012` as strings. */
export function scalarText(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'string':
      return node.value;
    case 'number':
    case 'boolean':
      return node.raw;
    default:
      return undefined;
  }
}

export function property(node: Node | undefined, key: string): Property | undefined {
  if (node?.type !== 'object') return undefined;
  for (const p of node.properties) if (p.key === key) return p;
  return undefined;
}

export function child(node: Node | undefined, key: string): Node | undefined {
  return property(node, key)?.value;
}

/** Items of an array, or the node itself: IAM accepts `"Action": "s3:GetObject"` as well as a list. */
export function itemsOf(node: Node | undefined): Node[] {
  if (!node) return [];
  return node.type === 'array' ? node.items : [node];
}

/**
 * Long-form intrinsic: an object with exactly one key that names an intrinsic function.
 * `Condition` is only an intrinsic when its value is a string: a statement's IAM `Condition` is an object.
 */
export function longFormIntrinsic(obj: ObjectNode): IntrinsicNode | undefined {
  if (obj.properties.length !== 1) return undefined;
  const [p] = obj.properties;
  if (!isIntrinsicName(p.key)) return undefined;
  if ((p.key === 'Ref' || p.key === 'Condition') && p.value.type !== 'string') return undefined;
  return {
    type: 'intrinsic',
    fn: p.key,
    form: 'long',
    nameStart: p.keyStart,
    nameEnd: p.keyEnd,
    argument: p.value,
    start: obj.start,
    end: obj.end,
  };
}

/** Depth-first walk; `visit` returning `false` skips the node's children. */
export function walk(node: Node | undefined, visit: (node: Node) => boolean | void): void {
  const stack: Node[] = node ? [node] : [];
  const seen = new Set<Node>();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue; // YAML aliases share nodes
    seen.add(n);
    if (visit(n) === false) continue;
    if (n.type === 'object') for (let i = n.properties.length - 1; i >= 0; i--) stack.push(n.properties[i].value);
    else if (n.type === 'array') for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
    else if (n.type === 'intrinsic') stack.push(n.argument);
  }
}
