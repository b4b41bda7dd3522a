import type { Range } from '../engine/rule';
import { parseArn } from '../iam/arn';
import { wildcardCovers, wildcardMatch } from '../iam/wildcard';
import { property } from '../parse/tree';
import type { StatementView } from './policy';
import { elementStrings, type StringValue } from './values';

/** How a statement's resource element reaches every resource of one kind. */
export type ResourceCoverage =
  /** A `Resource` value matches them all: `*`, `arn:aws:iam::*:role/*`. */
  | { via: 'resource'; value: StringValue }
  /** `NotResource` excludes none of them for certain. */
  | { via: 'notResource'; range: Range };

/**
 * Whether the statement applies to every resource whose ARN has `service` and a resource part matching
 * `resourcePattern` (e.g. `iam` and `role/*`: every role, in any account). A value with template placeholders
 * counts only when its service and resource parts are written out; an unreadable NotResource value may exclude
 * anything, so the statement then does not count.
 */
export function coversEveryResource(statement: StatementView, service: string, resourcePattern: string): ResourceCoverage | undefined {
  const resource = property(statement.node, 'Resource');
  if (resource) {
    const value = elementStrings(resource.value).find((v) => coversAll(v.text, service, resourcePattern));
    return value ? { via: 'resource', value } : undefined;
  }
  const notResource = property(statement.node, 'NotResource');
  if (!notResource) return undefined;
  for (const v of elementStrings(notResource.value)) {
    const parsed = parseArn(v.text);
    if (!parsed.ok || parsed.arn.opaque || v.text.includes('${?}') || coversAll(v.text, service, resourcePattern)) return undefined;
  }
  return { via: 'notResource', range: { start: notResource.keyStart, end: notResource.keyEnd } };
}

function coversAll(text: string, service: string, resourcePattern: string): boolean {
  const parsed = parseArn(text);
  if (!parsed.ok || parsed.arn.opaque) return false;
  const { arn } = parsed;
  return wildcardMatch(arn.service, service) && wildcardCovers(arn.resource, resourcePattern);
}
