import { parseConditionOperator } from '../iam/evaluator';
import type { ConditionEntry } from './statement-conditions';

/**
 * Whether a condition entry narrows requests to the values it lists when its key is present and fails them when
 * the key is absent: a known positive operator without `IfExists` and without `ForAllValues:` (both pass when the
 * key is missing), with at least one value that is not just `*` (or `0.0.0.0/0`, or a Bool other than true).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
 */
export function requiresValue(entry: ConditionEntry): boolean {
  const p = parseConditionOperator(entry.operator);
  if (!p || p.operator.negated || p.ifExists || p.set === 'all' || p.operator.family === 'null') return false;
  if (p.operator.family === 'bool') return entry.values.some((v) => v.text.toLowerCase() === 'true' || !v.literal);
  if (p.operator.family === 'ip') return entry.values.some((v) => !/^(0\.0\.0\.0\/0|::\/0)$/.test(v.text));
  return entry.values.some((v) => !/^\*+$/.test(v.text));
}
