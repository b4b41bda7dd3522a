import { boundedMemo } from './bounded-memo';
import { catalog } from './catalog';

const known = boundedMemo<boolean>(5000);

/**
 * Does an action (`s3:GetObject`, any case) or action pattern (`s3:Get*`, `lambda*:*`) name at least one catalogue
 * action? Exact names are one lookup; a pattern is matched against its services once and remembered, so a policy
 * re-linted on every keystroke pays for each pattern only the first time.
 */
export function matchesSomeAction(pattern: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return catalog().action(pattern) !== undefined;
  return known(pattern.toLowerCase(), () => catalog().actionsMatching(pattern).length > 0);
}
