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

function convert(n: JsonNode, text: string): Node {
  switch (n.type) {
    case 'object': {
      const properties: Property[] = [];
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k) continue;
        const value: Node = v ? convert(v, text) : { type: 'null', raw: '', style: 'json', start: k.offset + k.length, end: k.offset + k.length };
        properties.push({ key: String(k.value), keyStart: k.offset, keyEnd: k.offset + k.length, value, start: p.offset, end: p.offset + p.length });
      }
      const obj: ObjectNode = { type: 'object', properties, flow: true, start: n.offset, end: n.offset + n.length };
      return longFormIntrinsic(obj) ?? obj;
    }
    case 'array':
      return { type: 'array', items: (n.children ?? []).map((c) => convert(c, text)), flow: true, start: n.offset, end: n.offset + n.length };
    case 'string':
      return { type: 'string', value: String(n.value), style: 'json', start: n.offset, end: n.offset + n.length };
    case 'number':
      return { type: 'number', value: Number(n.value), raw: text.slice(n.offset, n.offset + n.length), style: 'json', start: n.offset, end: n.offset + n.length };
    case 'boolean':
      return { type: 'boolean', value: Boolean(n.value), raw: String(n.value), style: 'json', start: n.offset, end: n.offset + n.length };
    default:
      return { type: 'null', raw: 'null', style: 'json', start: n.offset, end: n.offset + n.length };
  }
}
