import type { Fixer } from '../engine/fixer';
import type { TextEdit } from '../engine/rule';
import type { ObjectNode } from '../parse/tree';

const MARKER = 'RefPropertyValue0';

/**
 * An edit adding `Key: !Ref Target` to a template object, written the way templates write a Ref: `Key: !Ref Target`
 * in YAML (flow or block), `"Key": {"Ref": "Target"}` in JSON. A fix value cannot carry an intrinsic, so the fixer
 * lays out a placeholder (indentation, separators, line endings) and the Ref takes its place.
 */
export function insertRefProperty(fixer: Fixer, obj: ObjectNode, key: string, target: string, at: 'start' | 'end' = 'end'): TextEdit {
  const edit = fixer.insertProperty(obj, key, MARKER, at);
  const placeholder = fixer.scalar(MARKER);
  const ref = fixer.format === 'json' ? `{"Ref": ${JSON.stringify(target)}}` : `!Ref ${target}`;
  const i = edit.newText.lastIndexOf(placeholder);
  return { ...edit, newText: edit.newText.slice(0, i) + ref + edit.newText.slice(i + placeholder.length) };
}
