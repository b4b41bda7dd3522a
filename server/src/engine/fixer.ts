import { columnOf, indentOf, indentUnit, lineEndWithBreak, lineStartOf } from './text-layout';
import type { Node, ObjectNode, Property } from '../parse/tree';
import { guardEdit, type TextEdit } from './rule';

/** A value a fix writes: rendered as JSON or YAML in the document's own style. */
export type FixValue = string | number | boolean | FixValue[] | { [key: string]: FixValue };

/**
 * Builds edits that respect the document's format: JSON quoting, YAML quoting styles, indentation and line
 * endings. Rules describe what to change; this decides how it is written.
 */
export class Fixer {
  private lineBreak: string | undefined;

  constructor(
    private readonly text: string,
    readonly format: 'json' | 'yaml',
  ) {}

  /** The document's line break, read when a fix first writes one (most lints write none: the text can be long). */
  private get eol(): string {
    return (this.lineBreak ??= /\r\n/.test(this.text) ? '\r\n' : '\n');
  }

  /** Replace a scalar, keeping its quoting style where the new value allows it. */
  replaceScalar(node: Node, value: string): TextEdit {
    return guardEdit({ start: node.start, end: node.end, newText: this.scalar(value, 'style' in node ? node.style : undefined) }, node);
  }

  renameKey(p: Property, key: string): TextEdit {
    const quoted = this.text[p.keyStart];
    const style = quoted === '"' ? 'double' : quoted === "'" ? 'single' : this.format === 'json' ? 'json' : 'plain';
    return guardEdit({ start: p.keyStart, end: p.keyEnd, newText: this.scalar(key, style) }, p);
  }

  /** Insert `key: value` as the first or last property of an object, indented like its siblings. */
  insertProperty(obj: ObjectNode, key: string, value: FixValue, at: 'start' | 'end' = 'end'): TextEdit {
    return guardEdit(this.insertPropertyEdit(obj, key, value, at), obj);
  }

  private insertPropertyEdit(obj: ObjectNode, key: string, value: FixValue, at: 'start' | 'end'): TextEdit {
    const first = obj.properties[0];
    const last = obj.properties[obj.properties.length - 1];
    if (this.format === 'json' || obj.flow) {
      const k = this.scalar(key, this.format === 'json' ? 'json' : 'plain');
      if (!first) {
        const open = obj.start + 1;
        return { start: open, end: obj.end - 1, newText: `${k}: ${this.flowValue(value)}` };
      }
      const multiline = /[\r\n]/.test(this.text.slice(obj.start, first.keyStart));
      const indent = indentOf(this.text, first.keyStart);
      const entry = `${k}: ${multiline ? this.jsonBlockValue(value, indent) : this.flowValue(value)}`;
      if (at === 'start') {
        return { start: first.start, end: first.start, newText: multiline ? `${entry},${this.eol}${indent}` : `${entry}, ` };
      }
      return { start: last.end, end: last.end, newText: multiline ? `,${this.eol}${indent}${entry}` : `, ${entry}` };
    }
    const indent = first ? ' '.repeat(columnOf(this.text, first.keyStart)) : '';
    const entry = `${this.scalar(key, 'plain')}:${this.yamlBlockValue(value, indent)}`;
    if (!first) return { start: obj.start, end: obj.end, newText: entry };
    if (at === 'start') return { start: first.keyStart, end: first.keyStart, newText: `${entry}${this.eol}${indent}` };
    return { start: last.end, end: last.end, newText: `${this.eol}${indent}${entry}` };
  }

  /** Remove a property with its separator (JSON comma, YAML line). */
  removeProperty(obj: ObjectNode, p: Property): TextEdit {
    return guardEdit(this.removePropertyEdit(obj, p), obj, p);
  }

  private removePropertyEdit(obj: ObjectNode, p: Property): TextEdit {
    const i = obj.properties.indexOf(p);
    if (this.format === 'json' || obj.flow) {
      const next = obj.properties[i + 1];
      const prev = obj.properties[i - 1];
      if (next) return { start: p.start, end: next.start, newText: '' };
      if (prev) return { start: prev.end, end: p.end, newText: '' };
      return { start: obj.start + 1, end: obj.end - 1, newText: '' };
    }
    const lineStart = lineStartOf(this.text, p.keyStart);
    const onItemLine = this.text.slice(lineStart, p.keyStart).trim() !== '';
    const end = lineEndWithBreak(this.text, p.end);
    if (onItemLine) {
      // `- Key: v` where Key is the item's first property: the next property moves up behind the dash.
      const next = obj.properties[i + 1];
      return { start: p.keyStart, end: next ? next.keyStart : p.end, newText: next ? '' : '{}' };
    }
    return { start: lineStart, end, newText: '' };
  }

  /** Encode a string scalar in the given style, or the safest one for the format. */
  scalar(value: string, style?: string): string {
    if (this.format === 'json' || style === 'json') return JSON.stringify(value);
    if (style === 'double' || style === 'block') return JSON.stringify(value);
    if (style === 'single' || !plainSafe(value)) return `'${value.replace(/'/g, "''")}'`;
    return value;
  }

  private flowValue(value: FixValue): string {
    if (typeof value === 'string') return this.scalar(value, this.format === 'json' ? 'json' : undefined);
    if (typeof value !== 'object') return String(value);
    if (Array.isArray(value)) return `[${value.map((v) => this.flowValue(v)).join(', ')}]`;
    return `{${Object.entries(value)
      .map(([k, v]) => `${this.scalar(k, this.format === 'json' ? 'json' : 'plain')}: ${this.flowValue(v)}`)
      .join(', ')}}`;
  }

  private jsonBlockValue(value: FixValue, indent: string): string {
    if (typeof value !== 'object') return this.flowValue(value);
    const step = indentUnit(this.text);
    const inner = indent + step;
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v !== 'object')) return this.flowValue(value);
      return `[${this.eol}${value.map((v) => inner + this.jsonBlockValue(v, inner)).join(`,${this.eol}`)}${this.eol}${indent}]`;
    }
    const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${this.jsonBlockValue(v, inner)}`);
    return `{${this.eol}${entries.join(`,${this.eol}`)}${this.eol}${indent}}`;
  }

  /** The text after `key:`: ` scalar`, or a nested block on the following lines. */
  private yamlBlockValue(value: FixValue, indent: string): string {
    if (typeof value !== 'object') return ` ${this.flowValue(value)}`;
    const inner = indent + '  ';
    if (Array.isArray(value)) {
      return value.map((v) => `${this.eol}${inner}-${this.yamlItem(v, inner + '  ')}`).join('');
    }
    return Object.entries(value)
      .map(([k, v]) => `${this.eol}${inner}${this.scalar(k, 'plain')}:${this.yamlBlockValue(v, inner)}`)
      .join('');
  }

  private yamlItem(value: FixValue, indent: string): string {
    if (typeof value !== 'object' || Array.isArray(value)) return this.yamlBlockValue(value, indent.slice(2));
    const [firstKey, ...rest] = Object.entries(value);
    if (!firstKey) return ' {}';
    const head = ` ${this.scalar(firstKey[0], 'plain')}:${this.yamlBlockValue(firstKey[1], indent)}`;
    return head + rest.map(([k, v]) => `${this.eol}${indent}${this.scalar(k, 'plain')}:${this.yamlBlockValue(v, indent)}`).join('');
  }

}

/**
 * A string YAML reads back as the same string when written plain, for YAML 1.1 readers too
 * (`yes`, `2012-10-17` and `0123` change type there).
 */
export function plainSafe(v: string): boolean {
  if (v === '' || v !== v.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(v)) return false;
  if (/: |:$| #|[\n\r\t]/.test(v)) return false;
  if (/^(true|false|yes|no|on|off|y|n|null|~)$/i.test(v)) return false;
  if (/^[-+]?(\.?\d|0[xob])/i.test(v) && /^[-+0-9._:eExXoObB]+$/.test(v)) return false;
  if (/^\d{4}-\d\d?-\d\d?/.test(v)) return false;
  return true;
}
