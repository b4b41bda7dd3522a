import { catalog } from './catalog';

/**
 * Does an action (`s3:GetObject`, any case) or action pattern (`s3:Get*`, `lambda*:*`) name at least one catalogue
 * action? Exact names are one lookup; a pattern's matches are remembered by the catalogue, so a policy re-linted on
 * every keystroke pays for each pattern only the first time.
 */
export function matchesSomeAction(pattern: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return catalog().action(pattern) !== undefined;
  return catalog().actionsMatching(pattern).length > 0;
}
