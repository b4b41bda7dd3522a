import { catalog, type ActionRecord } from '../iam/catalog';
import { child } from '../parse/tree';
import type { StatementView } from './policy';
import { elementStrings, isResolved } from './values';

export interface StatementActions {
  /** Catalogue actions the `Action` element names, wildcards expanded; NotAction statements get every action not excluded. */
  actions: ActionRecord[];
  /** False when some value could not be judged (a template placeholder, an unknown service): the list may be incomplete. */
  complete: boolean;
}

const cache = new WeakMap<StatementView, StatementActions>();

/**
 * Which catalogue actions a statement is about. `Action: "*"` and `NotAction` expand to thousands of actions, so
 * rules that only need "does it include X" should ask `coversAction` instead.
 */
export function statementActions(statement: StatementView): StatementActions {
  const hit = cache.get(statement);
  if (hit) return hit;
  const seen = new Map<string, ActionRecord>();
  let complete = true;
  const action = child(statement.node, 'Action');
  const notAction = child(statement.node, 'NotAction');
  if (action !== undefined) {
    for (const v of elementStrings(action)) {
      if (!isResolved(v.text)) {
        complete = false;
        continue;
      }
      const matched = catalog().actionsMatching(v.text);
      if (matched.length === 0) complete = false;
      for (const a of matched) seen.set(a.fullName, a);
    }
  } else if (notAction !== undefined) {
    const excluded = elementStrings(notAction).map((v) => v.text);
    if (!excluded.every(isResolved)) complete = false;
    const excludedSet = new Set(excluded.flatMap((p) => catalog().actionsMatching(p).map((a) => a.fullName)));
    for (const a of catalog().actionsMatching('*')) if (!excludedSet.has(a.fullName)) seen.set(a.fullName, a);
  } else {
    complete = false;
  }
  const result = { actions: [...seen.values()], complete };
  cache.set(statement, result);
  return result;
}
