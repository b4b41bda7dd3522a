import { property, type Node, type Property } from '../parse/tree';
import { alternatives, type StatementView } from './policy';
import { stringValues, type StringValue } from './values';

/** The principal types IAM knows: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html */
export const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

export type PrincipalElement = 'Principal' | 'NotPrincipal';

/** One deployable form of a statement's `Principal` or `NotPrincipal` (each `!If` branch is one). */
export interface PrincipalForm {
  element: PrincipalElement;
  /** The `Principal:` property. */
  property: Property;
  /** The value: `"*"`, a map of principal types, or anything else a user wrote. */
  node: Node;
}

/** One principal named in a map: `{"Service": ["a", "b"]}` gives two, each with its type. */
export interface PrincipalValue extends StringValue {
  element: PrincipalElement;
  /** The type key as written: `AWS`, `Service`, … or a wrong one. */
  type: string;
  typeProperty: Property;
}

/** By the statement's node, which an edit elsewhere in its resource keeps (parse/incremental.ts). */
const formsCache = new WeakMap<StatementView['node'], PrincipalForm[]>();
const valuesCache = new WeakMap<StatementView['node'], PrincipalValue[]>();

/** The values `Principal` and `NotPrincipal` can take, `!If` branches expanded and `AWS::NoValue` dropped. */
export function principalForms(statement: StatementView): PrincipalForm[] {
  let forms = formsCache.get(statement.node);
  if (forms) return forms;
  forms = [];
  for (const element of ['Principal', 'NotPrincipal'] as const) {
    const p = property(statement.node, element);
    if (p) for (const node of alternatives(p.value)) forms.push({ element, property: p, node });
  }
  formsCache.set(statement.node, forms);
  return forms;
}

/** Every principal named in a principal map, with `!If` resolved per item; `"*"` written alone is not in the list. */
export function principalValues(statement: StatementView): PrincipalValue[] {
  let values = valuesCache.get(statement.node);
  if (values) return values;
  values = [];
  for (const form of principalForms(statement)) {
    if (form.node.type !== 'object') continue;
    for (const typeProperty of form.node.properties) {
      for (const item of alternatives(typeProperty.value)) {
        const items = item.type === 'array' ? item.items.flatMap(alternatives) : [item];
        for (const node of items) {
          for (const v of stringValues(node)) values.push({ ...v, element: form.element, type: typeProperty.key, typeProperty });
        }
      }
    }
  }
  valuesCache.set(statement.node, values);
  return values;
}

/** `"Principal": "*"` or `{"AWS": "*"}` (also inside a list): everyone, anonymous callers included. */
export function isEveryone(value: PrincipalValue): boolean {
  return value.type === 'AWS' && value.literal && value.text === '*';
}
