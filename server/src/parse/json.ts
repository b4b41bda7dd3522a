import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { longFormIntrinsic, type Node, type ObjectNode, type ParseProblem, type Property } from './tree';

/** JSON (no comments, no trailing commas: neither IAM nor CloudFormation accepts them) into the positioned tree. */
export function parseJson(text: string): { root: Node | undefined; problems: ParseProblem[] } {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  const problems: ParseProblem[] = errors.map((e) => ({
    message: describe(e, text),
    start: e.offset,
    end: e.offset + Math.max(e.length, 0),
    severity: 'error',
  }));
  return { root: tree ? convert(tree, text) : undefined, problems };
}

function describe(e: ParseError, text: string): string {
  const found = e.length > 0 ? ` at '${text.slice(e.offset, e.offset + Math.min(e.length, 20))}'` : ' at end of document';
  const code = printParseErrorCode(e.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `JSON syntax error: ${code}${found}`;
}

/**
 * One JSON value alone (`text` from `start`): its tree with the document's offsets, or `undefined` when the text
 * there is not exactly one value without a syntax error (parse/incremental.ts re-reads one resource this way).
 */
export function parseJsonValue(text: string, start: number, end: number): Node | undefined {
  const fragment = text.slice(start, end);
  const errors: ParseError[] = [];
  const tree = parseTree(fragment, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (!tree || errors.length || tree.offset !== 0 || tree.length !== fragment.length) return undefined;
  return convert(tree, text, start);
}

/** Our node for a jsonc-parser node whose offsets are `base` before the document's (0 for the whole document). */
function convert(n: JsonNode, text: string, base = 0): Node {
  const start = n.offset + base;
  const end = start + n.length;
  switch (n.type) {
    case 'object': {
      const properties: Property[] = [];
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k) continue;
        const keyStart = k.offset + base;
        const keyEnd = keyStart + k.length;
        const value: Node = v ? convert(v, text, base) : { type: 'null', raw: '', style: 'json', start: keyEnd, end: keyEnd };
        properties.push({ key: String(k.value), keyStart, keyEnd, value, start: p.offset + base, end: p.offset + base + p.length });
      }
      const obj: ObjectNode = { type: 'object', properties, flow: true, start, end };
      return longFormIntrinsic(obj) ?? obj;
    }
    case 'array':
      return { type: 'array', items: (n.children ?? []).map((c) => convert(c, text, base)), flow: true, start, end };
    case 'string':
      return { type: 'string', value: String(n.value), style: 'json', start, end };
    case 'number':
      return { type: 'number', value: Number(n.value), raw: text.slice(start, end), style: 'json', start, end };
    case 'boolean':
      return { type: 'boolean', value: Boolean(n.value), raw: String(n.value), style: 'json', start, end };
    default:
      return { type: 'null', raw: 'null', style: 'json', start, end };
  }
}
