import type { Fixer } from '../engine/fixer';
import type { TextEdit } from '../engine/rule';
import type { ArrayNode, ObjectNode } from '../parse/tree';

/**
 * `!Sub '…'` in YAML, `{"Fn::Sub": "…"}` in JSON: a value a fix writes that a plain `FixValue` cannot express
 * (`!Sub arn:${AWS::Partition}:iam::aws:policy/…`, `!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/…`).
 */
export class Sub {
  constructor(readonly text: string) {}
}

/** A value written into a template by a fix: scalars, lists, maps, and `Sub` intrinsics. */
export type TemplateValue = string | number | boolean | Sub | TemplateValue[] | { [key: string]: TemplateValue };

/**
 * Edits to templates that the fixer does not offer: appending an item to a list (a statement, a managed policy ARN,
 * a `Policies` entry) and inserting a property whose value holds intrinsics, in the document's own format and
 * indentation.
 */
export class TemplateEdits {
  private readonly eol: string;

  constructor(
    private readonly text: string,
    private readonly fixer: Fixer,
  ) {
    this.eol = /\r\n/.test(text) ? '\r\n' : '\n';
  }

  private get json(): boolean {
    return this.fixer.format === 'json';
  }

  /** Append `value` as the last item of a list: a new `- item` line in a YAML block list, `, item` otherwise. */
  appendItem(list: ArrayNode, value: TemplateValue): TextEdit {
    const last = list.items[list.items.length - 1];
    if (!last) return { start: list.start + 1, end: list.end - 1, newText: this.flow(value, true) };
    if (!this.json && !list.flow) {
      // A block list starts at its first dash.
      const indent = ' '.repeat(this.column(list.start));
      const at = this.lineEnd(last.end);
      return { start: at, end: at, newText: `${this.eol}${indent}- ${this.yamlItem(value, `${indent}  `)}` };
    }
    const first = list.items[0];
    const multiline = /[\r\n]/.test(this.text.slice(list.start, first.start));
    if (!multiline) return { start: last.end, end: last.end, newText: `, ${this.flow(value, true)}` };
    const indent = this.indentOf(first.start);
    return { start: last.end, end: last.end, newText: `,${this.eol}${indent}${this.json ? this.jsonBlock(value, indent) : this.flow(value, true)}` };
  }

  /** Insert `key: value` as the last property of an object, through the fixer, with intrinsics written in place. */
  insertProperty(obj: ObjectNode, key: string, value: TemplateValue): TextEdit {
    const subs: Sub[] = [];
    const plain = (v: TemplateValue): import('../engine/fixer').FixValue => {
      if (v instanceof Sub) {
        subs.push(v);
        return `LAMBDAIAMLINTSUB${subs.length - 1}X`;
      }
      if (Array.isArray(v)) return v.map(plain);
      if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
      return v;
    };
    const edit = this.fixer.insertProperty(obj, key, plain(value), 'end');
    const newText = edit.newText.replace(/"?LAMBDAIAMLINTSUB(\d+)X"?/g, (_, i: string) => this.flow(subs[Number(i)], obj.flow));
    return { ...edit, newText };
  }

  /**
   * A value on one line: JSON, or YAML flow style. `inFlow`: it lands inside `[…]` or `{…}`, where `,[]{}` end a
   * plain scalar (`${AWS::Partition}` included), so such text is quoted.
   */
  flow(value: TemplateValue, inFlow = true): string {
    if (value instanceof Sub) return this.json ? `{"Fn::Sub": ${JSON.stringify(value.text)}}` : `!Sub ${this.yamlScalar(value.text, inFlow)}`;
    if (typeof value === 'string') return this.json ? JSON.stringify(value) : this.yamlScalar(value, inFlow);
    if (typeof value !== 'object') return String(value);
    if (Array.isArray(value)) return `[${value.map((v) => this.flow(v)).join(', ')}]`;
    return `{${Object.entries(value)
      .map(([k, v]) => `${this.fixer.scalar(k, this.json ? 'json' : 'plain')}: ${this.flow(v)}`)
      .join(', ')}}`;
  }

  private yamlScalar(text: string, inFlow: boolean): string {
    return inFlow && /[[\]{},]/.test(text) ? `'${text.replace(/'/g, "''")}'` : this.fixer.scalar(text);
  }

  private jsonBlock(value: TemplateValue, indent: string): string {
    if (value instanceof Sub || typeof value !== 'object') return this.flow(value);
    const inner = indent + this.indentUnit();
    if (Array.isArray(value)) {
      if (value.every((v) => v instanceof Sub || typeof v !== 'object')) return this.flow(value);
      return `[${this.eol}${value.map((v) => inner + this.jsonBlock(v, inner)).join(`,${this.eol}`)}${this.eol}${indent}]`;
    }
    const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${this.jsonBlock(v, inner)}`);
    return `{${this.eol}${entries.join(`,${this.eol}`)}${this.eol}${indent}}`;
  }

  /** A YAML list item's text after `- `: a map starts on the dash line and continues at `indent`. */
  private yamlItem(value: TemplateValue, indent: string): string {
    if (value instanceof Sub || typeof value !== 'object') return this.flow(value, false);
    if (Array.isArray(value)) return value.length ? value.map((v, i) => `${i ? `${this.eol}${indent}` : ''}- ${this.yamlItem(v, `${indent}  `)}`).join('') : '[]';
    const entries = Object.entries(value);
    if (!entries.length) return '{}';
    return entries.map(([k, v], i) => `${i ? `${this.eol}${indent}` : ''}${this.fixer.scalar(k, 'plain')}:${this.yamlAfterKey(v, indent)}`).join('');
  }

  private yamlAfterKey(value: TemplateValue, indent: string): string {
    if (value instanceof Sub || typeof value !== 'object') return ` ${this.flow(value, false)}`;
    const inner = `${indent}  `;
    if (Array.isArray(value)) return value.length ? value.map((v) => `${this.eol}${inner}- ${this.yamlItem(v, `${inner}  `)}`).join('') : ' []';
    const entries = Object.entries(value);
    if (!entries.length) return ' {}';
    return entries.map(([k, v]) => `${this.eol}${inner}${this.fixer.scalar(k, 'plain')}:${this.yamlAfterKey(v, inner)}`).join('');
  }

  private indentUnit(): string {
    const m = /\n([ \t]+)\S/.exec(this.text);
    return m ? (m[1].startsWith('\t') ? '\t' : ' '.repeat(Math.min(m[1].length, 4))) : '  ';
  }

  private lineStart(offset: number): number {
    let i = offset;
    while (i > 0 && this.text[i - 1] !== '\n' && this.text[i - 1] !== '\r') i--;
    return i;
  }

  /** The end of the offset's line, before its line break (a trailing comment stays on its line). */
  private lineEnd(offset: number): number {
    let i = offset;
    while (i < this.text.length && this.text[i] !== '\n' && this.text[i] !== '\r') i++;
    return i;
  }

  private column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  private indentOf(offset: number): string {
    return /^[ \t]*/.exec(this.text.slice(this.lineStart(offset), offset))![0];
  }
}
