import { child, type Node, type ObjectNode, type Property } from '../parse/tree';
import { alternatives, type StatementView } from './policy';
import { elementStrings, type StringValue } from './values';

/** One operator of a statement's `Condition`: `"StringEquals": {…}`. */
export interface ConditionOperatorEntry {
  /** The `Condition` object (one per `!If` branch). */
  condition: ObjectNode;
  operatorProperty: Property;
  /** The operator as written, e.g. `ForAnyValue:StringLike`. */
  operator: string;
}

/** One condition key under one operator: `"StringEquals": {"aws:SourceAccount": …}`. */
export interface ConditionEntry extends ConditionOperatorEntry {
  /** The operator's block (one per `!If` branch of it). */
  block: ObjectNode;
  keyProperty: Property;
  /** The key as written, e.g. `aws:SourceAccount` (IAM reads key names case-insensitively). */
  key: string;
  /** The values, template expressions resolved as far as the template allows. */
  values: StringValue[];
}

export interface StatementConditions {
  /** Some part of the Condition is an expression we cannot read (`!Ref`, `!GetAtt`, a non-object): it may hold anything. */
  opaque: boolean;
  operators: ConditionOperatorEntry[];
  entries: ConditionEntry[];
}

/** By the statement's node, which an edit elsewhere in its resource keeps (parse/incremental.ts). */
const cache = new WeakMap<StatementView['node'], StatementConditions>();

/** The operators and condition keys of a statement, every deployable `!If` branch included; cached per statement. */
export function statementConditions(statement: StatementView): StatementConditions {
  const hit = cache.get(statement.node);
  if (hit) return hit;
  const result: StatementConditions = { opaque: false, operators: [], entries: [] };
  const unreadable = (n: Node) => n.type !== 'object';
  for (const condition of alternatives(child(statement.node, 'Condition'))) {
    if (unreadable(condition)) {
      result.opaque = true;
      continue;
    }
    for (const operatorProperty of (condition as ObjectNode).properties) {
      const entry: ConditionOperatorEntry = { condition: condition as ObjectNode, operatorProperty, operator: operatorProperty.key };
      result.operators.push(entry);
      for (const block of alternatives(operatorProperty.value)) {
        if (block.type !== 'object') {
          result.opaque = true;
          continue;
        }
        for (const keyProperty of block.properties) {
          result.entries.push({ ...entry, block, keyProperty, key: keyProperty.key, values: elementStrings(keyProperty.value) });
        }
      }
    }
  }
  cache.set(statement.node, result);
  return result;
}
