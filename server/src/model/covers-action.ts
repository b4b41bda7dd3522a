import type { Range } from '../engine/rule';
import { catalog } from '../iam/catalog';
import { hasWildcard, wildcardMatch } from '../iam/wildcard';
import { child, property } from '../parse/tree';
import type { StatementView } from './policy';
import { elementStrings, isResolved } from './values';

/** How a statement's action element reaches one action, and where that is written. */
export interface ActionCoverage {
  /** `action`: named exactly (any case); `wildcard`: `*`, `iam:*`, `iam:Pass*`; `notAction`: NotAction does not exclude it. */
  via: 'action' | 'wildcard' | 'notAction';
  /** The Action value, or the NotAction key. */
  range: Range;
  /** The Action value as written (resolved); empty for NotAction. */
  text: string;
}

/**
 * Whether the statement's Action/NotAction covers `action` for certain. Values left unresolved by the template
 * never count as covering, and a NotAction with an unresolved value is not known to leave the action in.
 */
export function coversAction(statement: StatementView, action: string): ActionCoverage | undefined {
  const actionProp = property(statement.node, 'Action');
  if (actionProp) {
    let found: ActionCoverage | undefined;
    for (const v of elementStrings(actionProp.value)) {
      if (!isResolved(v.text) || !wildcardMatch(v.text, action, { ignoreCase: true })) continue;
      if (!hasWildcard(v.text)) return { via: 'action', range: v.node, text: v.text };
      found ??= { via: 'wildcard', range: v.node, text: v.text };
    }
    return found;
  }
  const notAction = property(statement.node, 'NotAction');
  if (!notAction) return undefined;
  const excluded = elementStrings(notAction.value);
  if (excluded.some((v) => !isResolved(v.text) || wildcardMatch(v.text, action, { ignoreCase: true }))) return undefined;
  return { via: 'notAction', range: { start: notAction.keyStart, end: notAction.keyEnd }, text: '' };
}

/**
 * Every action the statement's Action names is `action` itself (`iam:Pass*` included): a condition added for it
 * restricts nothing else in the statement.
 */
export function namesOnlyAction(statement: StatementView, action: string): boolean {
  const values = elementStrings(child(statement.node, 'Action'));
  return (
    values.length > 0 &&
    values.every((v) => {
      // `*` names every action of every service (and would decode the whole catalogue to say so).
      if (!isResolved(v.text) || v.text === '*') return false;
      const matched = catalog().actionsMatching(v.text);
      return matched.length > 0 && matched.every((a) => a.fullName.toLowerCase() === action.toLowerCase());
    })
  );
}
