import type { ArrayNode, IntrinsicName, IntrinsicNode, Node, ObjectNode, Property, StringNode } from '../../parse/tree';
import type { Range } from '../../engine/rule';

/**
 * Nodes the SAM transform makes. Each one's range is the SAM source that caused it (an event, a policy entry, a
 * Globals key), so a finding about a generated resource lands on the line the user wrote; `generated` keeps fixes
 * off it. Values the user wrote are never copied: the transform puts the document's own nodes into what it makes.
 */
export type Anchor = Range;

export type Value = Node | string | undefined;

/** An object entry: a value, or a property the user wrote (its key range kept, so a finding on the key lands there). */
export type EntryValue = Value | Property;

export function anchorOf(node: Node | Property): Anchor {
  return 'keyStart' in node ? { start: node.keyStart, end: node.keyEnd } : { start: node.start, end: node.end };
}

export function str(at: Anchor, value: string): StringNode {
  return { type: 'string', value, style: 'plain', start: at.start, end: at.end, generated: true };
}

function node(at: Anchor, v: Node | string): Node {
  return typeof v === 'string' ? str(at, v) : v;
}

/** An object; entries whose value is undefined are left out. */
export function obj(at: Anchor, entries: Record<string, EntryValue> | [string, EntryValue][]): ObjectNode {
  const properties: Property[] = [];
  const add = (key: string, v: EntryValue): void => {
    if (v === undefined) return;
    if (typeof v !== 'string' && 'keyStart' in v) {
      properties.push(v.key === key && !v.generated ? { ...v } : { ...v, key, generated: true });
      return;
    }
    properties.push({ key, keyStart: at.start, keyEnd: at.end, value: node(at, v), start: at.start, end: at.end, generated: true });
  };
  // Not Object.entries: the SAM transform makes thousands of these per template, and each entry was an array.
  if (Array.isArray(entries)) for (const [key, v] of entries) add(key, v);
  else for (const key in entries) add(key, entries[key]);
  return { type: 'object', properties, flow: true, start: at.start, end: at.end, generated: true };
}

export function arr(at: Anchor, items: Value[]): ArrayNode {
  return { type: 'array', items: items.filter((i): i is Node | string => i !== undefined).map((i) => node(at, i)), flow: true, start: at.start, end: at.end, generated: true };
}

export function intrinsic(at: Anchor, fn: IntrinsicName, argument: Node | string): IntrinsicNode {
  return { type: 'intrinsic', fn, form: 'long', nameStart: at.start, nameEnd: at.end, argument: node(at, argument), start: at.start, end: at.end, generated: true };
}

export const ref = (at: Anchor, id: string): IntrinsicNode => intrinsic(at, 'Ref', id);
export const getAtt = (at: Anchor, id: string, attribute: string): IntrinsicNode => intrinsic(at, 'Fn::GetAtt', arr(at, [id, attribute]));

/** `!Sub text` or `!Sub [text, {vars}]`. */
export function sub(at: Anchor, text: string, variables?: Record<string, Value>): IntrinsicNode {
  return intrinsic(at, 'Fn::Sub', variables ? arr(at, [text, obj(at, variables)]) : text);
}

/** A property whose value is the document's own node (its key range where the user wrote it, when given). */
export function entry(key: string, value: Node, written?: Property): Property {
  if (written) return { ...written, key, value };
  return { key, keyStart: value.start, keyEnd: value.start, value, start: value.start, end: value.end, generated: true };
}

/** A policy document `{Version, Statement: [...]}`. */
export function policyDocument(at: Anchor, statements: Node[]): ObjectNode {
  return obj(at, { Version: '2012-10-17', Statement: arr(at, statements) });
}

export function statement(at: Anchor, actions: string[], resource: Value | Value[], extra: Record<string, Value> = {}): ObjectNode {
  const resources = Array.isArray(resource) ? arr(at, resource) : resource;
  return obj(at, { Effect: 'Allow', Action: arr(at, actions), Resource: resources, ...extra });
}
