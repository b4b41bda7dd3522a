import { parseJson } from './json';
import { parseYaml } from './yaml';
import type { ParsedDocument, ParseProblem } from './tree';
import { reparseJsonResource, reparseResource, type PreviousParse } from './incremental';

/**
 * Deeper than this is no template or policy anyone writes, and `yaml` exhausts memory (not just the stack)
 * on a few thousand nested flow collections: such input is refused before it reaches a parser.
 */
export const MAX_NESTING = 256;

/** The editor's language id wins, then the file extension; `*.template` and others are sniffed. */
export function formatOf(fileName: string, text: string, languageId?: string): 'json' | 'yaml' {
  if (languageId === 'yaml') return 'yaml';
  if (languageId === 'json' || languageId === 'jsonc') return 'json';
  if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  if (/\.json$/i.test(fileName)) return 'json';
  return sniffFormat(text);
}

/** `*.template` and other names: JSON when the first non-blank character opens an object. */
export function sniffFormat(text: string): 'json' | 'yaml' {
  return /^\s*[{[]/.test(text.replace(/^\uFEFF/, '')) ? 'json' : 'yaml';
}

export function parseDocument(text: string, format: 'json' | 'yaml', previous?: PreviousParse): ParsedDocument {
  if (previous) {
    const again = format === 'yaml' ? reparseResource(text, previous) : reparseJsonResource(text, previous);
    if (again) return again;
  }
  // A byte order mark is not content; replacing it keeps every offset where the editor has it.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const depth = nestingDepth(source, format);
  if (depth.depth > MAX_NESTING) {
    const problem: ParseProblem = {
      message: `Nesting deeper than ${MAX_NESTING} levels: the document is not analysed`,
      start: depth.offset,
      end: depth.offset + 1,
      severity: 'error',
    };
    return { format, root: undefined, problems: [problem] };
  }
  if (format === 'json') return { format, ...parseJson(source) };
  const { root, problems, fast, layout } = parseYaml(source, previous);
  if (layout) return { format, root, problems, layout };
  return fast ? { format, root, problems, fast } : { format, root, problems };
}

/**
 * An upper bound of the nesting depth, in one linear pass: brackets outside strings, plus (YAML) the number of
 * open indentation levels and `- - -` sequences. Returns the offset where the depth is first exceeded.
 */
export function nestingDepth(text: string, format: 'json' | 'yaml', limit = MAX_NESTING): { depth: number; offset: number } {
  let flow = 0;
  let max = 0;
  let at = 0;
  const deeper = (depth: number, offset: number): void => {
    if (depth > max) {
      if (max <= limit) at = offset;
      max = depth;
    }
  };
  let quote: string | undefined;
  const indents: number[] = [];
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    if (!(format === 'yaml' && lineStart)) {
      // Straight to the next character that can matter (a regex's exec made a match object for each one).
      while (i < text.length && !INTERESTING[text.charCodeAt(i)]) i++;
      if (i === text.length) break;
    }
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      else if (c === '\n' && format === 'json') quote = undefined;
      continue;
    }
    if (format === 'yaml' && lineStart) {
      lineStart = false;
      let j = i;
      while (text[j] === ' ') j++;
      let dashes = 0;
      let k = j;
      while (text[k] === '-' && (text[k + 1] === ' ' || text[k + 1] === '\t')) {
        dashes++;
        k += 2;
        while (text[k] === ' ') k++;
      }
      if (text[k] !== '\n' && text[k] !== '\r' && text[k] !== '#' && k < text.length) {
        const column = j - i;
        while (indents.length > 0 && indents[indents.length - 1] >= column) indents.pop();
        indents.push(column);
        deeper(flow + indents.length + dashes, j);
      }
    }
    if (c === '\n') {
      lineStart = true;
      continue;
    }
    if (c === '"' && (format === 'json' || opensScalar(text, i))) quote = c;
    else if (c === "'" && format === 'yaml' && opensScalar(text, i)) quote = c;
    else if (c === '#' && format === 'yaml' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      flow++;
      deeper(flow + indents.length, i);
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
  }
  return { depth: max, offset: at };
}

/** The characters {@link nestingDepth} stops at: quotes, comments, brackets, escapes, line breaks. */
const INTERESTING = new Uint8Array(128);
for (const c of '"\'#[]{}\n\\') INTERESTING[c.charCodeAt(0)] = 1;

/** In YAML a quote opens a quoted scalar only where a scalar can start (`it's` is plain text). */
function opensScalar(text: string, i: number): boolean {
  return i === 0 || /[\s:[{,-]/.test(text[i - 1]);
}
