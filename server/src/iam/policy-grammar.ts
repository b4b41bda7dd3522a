import { closest } from './edit-distance';

/** IAM JSON policy grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html */
export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;
export const CURRENT_VERSION = '2012-10-17';
export const POLICY_ELEMENTS = ['Version', 'Id', 'Statement'] as const;
export const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;
export const EFFECTS = ['Allow', 'Deny'] as const;
/** Only these characters in an IAM Sid (Access Analyzer UNSUPPORTED_SID). */
export const IAM_SID = /^[A-Za-z0-9]*$/;
/** `${aws:username}` and friends: read literally under Version 2008-10-17 or without a Version. */
export const POLICY_VARIABLE = /\$\{[^}]*\}/;

/** What an unknown element name was probably meant to be: the same name in another case, else close spellings. */
export function intendedElements(key: string, allowed: readonly string[]): string[] {
  const sameCase = allowed.filter((a) => a.toLowerCase() === key.toLowerCase());
  return sameCase.length > 0 ? sameCase : closest(key, allowed, 2);
}
