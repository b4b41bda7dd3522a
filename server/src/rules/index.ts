import type { Rule } from '../engine/rule';
import conflictingElements from './iam/conflicting-elements';
import duplicateKey from './iam/duplicate-key';
import duplicateSid from './iam/duplicate-sid';
import invalidEffect from './iam/invalid-effect';
import invalidSid from './iam/invalid-sid';
import invalidVersion from './iam/invalid-version';
import legacyVersion from './iam/legacy-version';
import missingElement from './iam/missing-element';
import missingStatement from './iam/missing-statement';
import missingVersion from './iam/missing-version';
import unknownElement from './iam/unknown-element';
import fileTooLarge from './parse/file-too-large';
import syntax from './parse/syntax';

/** Every rule, in the order their docs are listed. A test checks that each file under rules/ is here. */
export const rules: readonly Rule[] = [
  syntax,
  fileTooLarge,
  invalidVersion,
  missingVersion,
  legacyVersion,
  missingStatement,
  unknownElement,
  duplicateKey,
  invalidEffect,
  missingElement,
  conflictingElements,
  duplicateSid,
  invalidSid,
];

export const ruleIds: ReadonlySet<string> = new Set(rules.map((r) => r.meta.id));

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
