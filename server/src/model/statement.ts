import type { EvalStatement, PrincipalSpec, PrincipalType } from '../iam/evaluator';
import { child, scalarText, type Node } from '../parse/tree';
import { alternatives, type PolicyView, type StatementView } from './policy';
import { elementStrings } from './values';

const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
/**
 * By the statement's node: an edit elsewhere in its resource keeps the node (parse/incremental.ts) while its views
 * are made again, and the same evaluator statement lets what is cached on it (compiled policies, operator
 * permissions) be used again. Its `origin` is then the view it was first read from: readers take the node from it.
 */
const cache = new WeakMap<StatementView['node'], EvalStatement | null>();

/**
 * The statement as plain data for the evaluator, with intrinsics resolved to strings (`${…}` placeholders for
 * what only deployment knows). `null` for a statement without a valid Effect: it means nothing to IAM.
 */
export function evalStatement(statement: StatementView): EvalStatement | null {
  const hit = cache.get(statement.node);
  if (hit !== undefined) return hit;
  const s = statement.node;
  const effect = scalarText(child(s, 'Effect'));
  let result: EvalStatement | null = null;
  if (effect === 'Allow' || effect === 'Deny') {
    const strings = (key: string) => (child(s, key) === undefined ? undefined : elementStrings(child(s, key)).map((v) => v.text));
    result = {
      sid: scalarText(child(s, 'Sid')),
      effect,
      action: strings('Action'),
      notAction: strings('NotAction'),
      resource: strings('Resource'),
      notResource: strings('NotResource'),
      principal: principalSpec(child(s, 'Principal')),
      notPrincipal: principalSpec(child(s, 'NotPrincipal')),
      condition: conditionOf(child(s, 'Condition')),
      origin: statement,
    };
  }
  cache.set(statement.node, result);
  return result;
}

/** Every statement of the policies that IAM would evaluate. */
export function evalStatements(policies: readonly PolicyView[]): EvalStatement[] {
  return policies.flatMap((p) => p.statements.map(evalStatement).filter((s): s is EvalStatement => s !== null));
}

function principalSpec(node: Node | undefined): PrincipalSpec | '*' | undefined {
  if (!node) return undefined;
  const values = alternatives(node);
  if (values.some((v) => scalarText(v) === '*')) return '*';
  const spec: Partial<Record<PrincipalType, string[]>> = {};
  for (const v of values) {
    if (v.type !== 'object') continue;
    for (const p of v.properties) {
      const type = PRINCIPAL_TYPES.find((t) => t === p.key);
      if (type) (spec[type] ??= []).push(...elementStrings(p.value).map((x) => x.text));
    }
  }
  return spec;
}

function conditionOf(node: Node | undefined): EvalStatement['condition'] {
  if (node?.type !== 'object') return undefined;
  const condition: Record<string, Record<string, string[]>> = {};
  for (const op of node.properties) {
    if (op.value.type !== 'object') continue;
    const block: Record<string, string[]> = (condition[op.key] ??= {});
    for (const key of op.value.properties) block[key.key] = elementStrings(key.value).map((v) => v.text);
  }
  return condition;
}
