import type { Fixer } from '../engine/fixer';
import type { TextEdit } from '../engine/rule';
import { property, type ObjectNode } from '../parse/tree';

/**
 * The edit that adds `operator: {key: value}` to a statement's Condition: a new Condition element, a new operator
 * in an existing one, or a new key under an existing operator. Undefined when the Condition cannot be edited safely
 * (an intrinsic, a non-object, or the key already under that operator).
 */
export function insertCondition(fixer: Fixer, statement: ObjectNode, operator: string, key: string, value: string): TextEdit | undefined {
  const condition = property(statement, 'Condition');
  if (!condition) return fixer.insertProperty(statement, 'Condition', { [operator]: { [key]: value } }, 'end');
  if (condition.value.type !== 'object') return undefined;
  const block = property(condition.value, operator);
  if (!block) return fixer.insertProperty(condition.value, operator, { [key]: value }, 'end');
  if (block.value.type !== 'object' || property(block.value, key)) return undefined;
  return fixer.insertProperty(block.value, key, value, 'end');
}
