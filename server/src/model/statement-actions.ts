import { boundedMemo } from '../iam/bounded-memo';
import { catalog, type ActionRecord } from '../iam/catalog';
import { child } from '../parse/tree';
import type { StatementView } from './policy';
import { elementStrings, isResolved } from './values';

export interface StatementActions {
  /** Catalogue actions the `Action` element names, wildcards expanded; NotAction statements get every action not excluded. Shared: do not change. */
  actions: readonly ActionRecord[];
  /** False when some value could not be judged (a template placeholder, an unknown service): the list may be incomplete. */
  complete: boolean;
}

/** By the statement's node: an edit elsewhere in its resource keeps it (parse/incremental.ts), and the answer depends on nothing else. */
const cache = new WeakMap<StatementView['node'], StatementActions>();

/**
 * Which catalogue actions a statement is about. `Action: "*"` and `NotAction` expand to thousands of actions, so
 * rules that only need "does it include X" should ask `coversAction` instead.
 */
export function statementActions(statement: StatementView): StatementActions {
  const hit = cache.get(statement.node);
  if (hit) return hit;
  const action = child(statement.node, 'Action');
  const notAction = child(statement.node, 'NotAction');
  // A pure function of the element's strings: the next keystroke's statement with the same actions gets the same list.
  const actions = action === undefined ? undefined : elementStrings(action).map((v) => v.text);
  const excluded = action !== undefined || notAction === undefined ? undefined : elementStrings(notAction).map((v) => v.text);
  const key = actions ? `A${actions.join('\0')}` : excluded ? `N${excluded.join('\0')}` : '-';
  const result = byActions(key, () => expand(actions, excluded));
  cache.set(statement.node, result);
  return result;
}

const byActions = boundedMemo<StatementActions>(2000);

function expand(action: string[] | undefined, notAction: string[] | undefined): StatementActions {
  const seen = new Map<string, ActionRecord>();
  let complete = true;
  if (action !== undefined) {
    for (const text of action) {
      if (!isResolved(text)) {
        complete = false;
        continue;
      }
      const matched = catalog().actionsMatching(text);
      if (matched.length === 0) complete = false;
      for (const a of matched) seen.set(a.fullName, a);
    }
  } else if (notAction !== undefined) {
    if (!notAction.every(isResolved)) complete = false;
    const excludedSet = new Set(notAction.flatMap((p) => catalog().actionsMatching(p).map((a) => a.fullName)));
    for (const a of catalog().actionsMatching('*')) if (!excludedSet.has(a.fullName)) seen.set(a.fullName, a);
  } else {
    complete = false;
  }
  return { actions: [...seen.values()], complete };
}
