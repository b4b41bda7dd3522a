import { columnOf, indentOf, indentUnit, lineEnd } from '../engine/text-layout';
import { plainSafe, type FixValue, type Fixer } from '../engine/fixer';
import { guardEdit, type TextEdit } from '../engine/rule';
import type { ArrayNode, Node, ObjectNode } from '../parse/tree';

/** A CloudFormation intrinsic a fix writes: `!GetAtt X.Arn` in YAML, `{"Fn::GetAtt": ["X", "Arn"]}` in JSON. */
export interface IntrinsicValue {
  intrinsic: 'Fn::GetAtt' | 'Fn::Sub' | 'Ref';
  argument: string;
}

/** What a fix writes into a template or policy: plain values, with intrinsics anywhere a string may go. */
export type WrittenValue = string | number | boolean | IntrinsicValue | WrittenValue[] | { [key: string]: WrittenValue };

export const getAtt = (id: string, attribute: string): IntrinsicValue => ({ intrinsic: 'Fn::GetAtt', argument: `${id}.${attribute}` });
export const sub = (text: string): IntrinsicValue => ({ intrinsic: 'Fn::Sub', argument: text });
export const ref = (id: string): IntrinsicValue => ({ intrinsic: 'Ref', argument: id });

function isIntrinsic(v: WrittenValue): v is IntrinsicValue {
  return typeof v === 'object' && !Array.isArray(v) && typeof (v as IntrinsicValue).intrinsic === 'string' && Object.keys(v).length === 2;
}

/**
 * Writes values the {@link Fixer} cannot express: CloudFormation intrinsics, new list items, whole values replacing a
 * node. Everything is rendered in the document's format and indentation, like the fixer's own edits.
 */
export class ValueWriter {
  private readonly eol: string;

  constructor(
    private readonly fixer: Fixer,
    private readonly text: string,
  ) {
    this.eol = /\r\n/.test(text) ? '\r\n' : '\n';
  }

  private get json(): boolean {
    return this.fixer.format === 'json';
  }

  /** `key: value` as the first or last property of an object (the fixer's placement, with intrinsics allowed). */
  insertProperty(obj: ObjectNode, key: string, value: WrittenValue, at: 'start' | 'end' = 'end'): TextEdit {
    const tokens: IntrinsicValue[] = [];
    const plain = (v: WrittenValue): FixValue => {
      if (isIntrinsic(v)) return `__intrinsic_${tokens.push(v) - 1}__`;
      if (Array.isArray(v)) return v.map(plain);
      if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
      return v;
    };
    const edit = this.fixer.insertProperty(obj, key, plain(value), at);
    const newText = edit.newText.replace(/["']?__intrinsic_(\d+)__["']?/g, (_, i: string) => this.intrinsicText(tokens[Number(i)], obj.flow));
    return { ...edit, newText };
  }

  /** Replace a value (a scalar, a list) with another, written inline: a flow list in YAML, an inline array in JSON. */
  replace(node: Node, value: WrittenValue): TextEdit {
    if (typeof value === 'string') return this.fixer.replaceScalar(node, value);
    return guardEdit({ start: node.start, end: node.end, newText: this.flow(value) }, node);
  }

  /** Append an item to a list, on its own line when the list has one item per line. */
  appendItem(array: ArrayNode, value: WrittenValue): TextEdit {
    return guardEdit(this.appendItemEdit(array, value), array);
  }

  private appendItemEdit(array: ArrayNode, value: WrittenValue): TextEdit {
    const last = array.items[array.items.length - 1];
    if (this.json || array.flow) {
      if (!last) return { start: array.start + 1, end: array.end - 1, newText: this.flow(value) };
      const first = array.items[0];
      const multiline = /[\r\n]/.test(this.text.slice(array.start, first.start));
      if (!multiline) return { start: last.end, end: last.end, newText: `, ${this.flow(value)}` };
      const indent = indentOf(this.text, first.start);
      return { start: last.end, end: last.end, newText: `,${this.eol}${indent}${this.jsonBlock(value, indent)}` };
    }
    const dash = ' '.repeat(columnOf(this.text, array.start));
    if (!last) return { start: array.start, end: array.end, newText: `-${this.yamlItem(value, dash + '  ')}` };
    // After the last item's line, so a trailing comment stays where it was.
    const at = lineEnd(this.text, last.end);
    return { start: at, end: at, newText: `${this.eol}${dash}-${this.yamlItem(value, dash + '  ')}` };
  }

  /**
   * A value on one line: YAML flow style or compact JSON. `inFlow`: it lands inside `[…]` or `{…}`, where `,[]{}`
   * end a plain scalar, so such text is quoted there (and only there).
   */
  flow(value: WrittenValue, inFlow = true): string {
    if (isIntrinsic(value)) return this.intrinsicText(value, inFlow);
    if (typeof value === 'string') return this.fixer.scalar(value, this.json ? 'json' : inFlow && !flowSafe(value) ? 'double' : undefined);
    if (typeof value !== 'object') return String(value);
    if (Array.isArray(value)) return `[${value.map((v) => this.flow(v)).join(', ')}]`;
    return `{${Object.entries(value)
      .map(([k, v]) => `${this.key(k)}: ${this.flow(v)}`)
      .join(', ')}}`;
  }

  private key(k: string): string {
    return this.fixer.scalar(k, this.json ? 'json' : 'plain');
  }

  private intrinsicText(v: IntrinsicValue, inFlow: boolean): string {
    if (this.json) {
      if (v.intrinsic === 'Fn::GetAtt') {
        const dot = v.argument.indexOf('.');
        return `{"Fn::GetAtt": [${JSON.stringify(v.argument.slice(0, dot))}, ${JSON.stringify(v.argument.slice(dot + 1))}]}`;
      }
      return `{${JSON.stringify(v.intrinsic)}: ${JSON.stringify(v.argument)}}`;
    }
    const tag = v.intrinsic === 'Ref' ? '!Ref' : `!${v.intrinsic.slice(4)}`;
    // `${…}` holds braces, which end a plain scalar inside a flow collection: quoted there, plain elsewhere.
    const plain = plainSafe(v.argument) && !(inFlow && !flowSafe(v.argument));
    return `${tag} ${plain ? v.argument : `'${v.argument.replace(/'/g, "''")}'`}`;
  }

  private jsonBlock(value: WrittenValue, indent: string): string {
    if (isIntrinsic(value) || typeof value !== 'object') return this.flow(value);
    const inner = indent + indentUnit(this.text);
    if (Array.isArray(value)) {
      if (value.every((v) => isIntrinsic(v) || typeof v !== 'object')) return this.flow(value);
      return `[${this.eol}${value.map((v) => inner + this.jsonBlock(v, inner)).join(`,${this.eol}`)}${this.eol}${indent}]`;
    }
    const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${this.jsonBlock(v, inner)}`);
    return `{${this.eol}${entries.join(`,${this.eol}`)}${this.eol}${indent}}`;
  }

  /** The text after `key:`: ` scalar`, or a block on the following lines indented from `indent`. */
  private yamlValue(value: WrittenValue, indent: string): string {
    if (isIntrinsic(value) || typeof value !== 'object') return ` ${this.flow(value, false)}`;
    const inner = indent + '  ';
    if (Array.isArray(value)) return value.length ? value.map((v) => `${this.eol}${inner}-${this.yamlItem(v, inner + '  ')}`).join('') : ' []';
    const entries = Object.entries(value);
    if (!entries.length) return ' {}';
    return entries.map(([k, v]) => `${this.eol}${inner}${this.key(k)}:${this.yamlValue(v, inner)}`).join('');
  }

  /** The text after a list item's `-`; `indent` is where the item's own properties line up. */
  private yamlItem(value: WrittenValue, indent: string): string {
    if (isIntrinsic(value) || typeof value !== 'object') return ` ${this.flow(value, false)}`;
    if (Array.isArray(value)) return ` ${this.flow(value)}`;
    const [head, ...rest] = Object.entries(value);
    if (!head) return ' {}';
    const item = (k: string, v: WrittenValue) => `${this.key(k)}:${this.yamlValue(v, indent)}`;
    return ` ${item(head[0], head[1])}${rest.map(([k, v]) => `${this.eol}${indent}${item(k, v)}`).join('')}`;
  }

}

/** A plain YAML scalar that stays one scalar inside `[…]` and `{…}` too. */
function flowSafe(v: string): boolean {
  return !/[[\]{},]/.test(v);
}
