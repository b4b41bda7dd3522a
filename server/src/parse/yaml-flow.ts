/**
 * Flow collections (`[…]`, `{…}`) as CloudFormation reads them: inside one, indentation means nothing. PyYAML and
 * SnakeYAML (YAML 1.1, which CloudFormation and cfn-lint use) skip indentation checks in flow context entirely, so
 * ```yaml
 *       CustomStatements: [{
 *         "Effect": "Allow"
 *       }]
 * ```
 * deploys, while a strict YAML 1.2 reading (the `yaml` package) requires every line of the collection to be indented
 * deeper than its parent key and refuses it. {@link relaxFlowIndentation} finds the lines of multi-line flow
 * collections that a strict reader would find under-indented and indents them (inserting spaces, which flow context
 * ignores), with a map back to the original offsets; it also records where a flow collection is left unclosed or
 * closed by the wrong bracket, and where a quoted scalar left open at the end starts, for a message a person can act
 * on.
 */
export interface FlowScan {
  /** The text with under-indented flow lines indented; the same string when nothing needed it. */
  text: string;
  /** An offset into {@link FlowScan.text} → the offset in the original text. */
  toOriginal(offset: number): number;
  /** The outermost flow collection still open at the end of the document (original offset of its bracket). */
  unclosed?: { open: number; bracket: '[' | '{' };
  /** A closing bracket that does not match the collection it would close, or closes none. */
  mismatched?: { at: number; bracket: string; open?: number; opener?: '[' | '{' };
  /** The quoted scalar still open at the end of the text: where its quote is. */
  quoteOpen?: { at: number; quote: '"' | "'" };
}

export function relaxFlowIndentation(text: string): FlowScan {
  const out: string[] = [];
  /** Insertions: original offset where spaces were inserted, and how many. */
  const inserts: { at: number; count: number }[] = [];
  const stack: { open: number; bracket: '[' | '{'; column: number }[] = [];
  let mismatched: FlowScan['mismatched'];
  let quote: '"' | "'" | undefined;
  /** Where the open quoted scalar starts. */
  let quoteAt = 0;
  let copied = 0;
  let i = 0;
  /** Lines deeper than this are a block scalar's content (`|`, `>`): -1 when not in one. */
  let blockScalarIndent = -1;
  const n = text.length;
  while (i < n) {
    // A line start.
    const lineStart = i;
    let j = i;
    while (j < n && text[j] === ' ') j++;
    const indent = j - lineStart;
    const blank = j >= n || text[j] === '\n' || text[j] === '\r';
    if (blockScalarIndent >= 0) {
      if (blank || indent > blockScalarIndent) {
        i = lineEnd(text, j) + 1;
        continue;
      }
      blockScalarIndent = -1;
    }
    if ((stack.length > 0 || quote) && !blank) {
      const need = stack.length > 0 ? stack[0].column + 1 : 0;
      if (indent < need) {
        out.push(text.slice(copied, j), ' '.repeat(need - indent));
        copied = j;
        inserts.push({ at: j, count: need - indent });
      }
    }
    let valueStart = stack.length === 0 && !quote;
    i = j;
    let lineIndent = indent;
    // Scan the rest of the line.
    while (i < n && text[i] !== '\n') {
      const c = text[i];
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) {
          if (quote === "'" && text[i + 1] === "'") i++;
          else quote = undefined;
        }
        i++;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        i++;
        continue;
      }
      const prev = i > 0 ? text[i - 1] : '\n';
      const afterSpace = prev === ' ' || prev === '\t' || prev === '\n';
      if (c === '#' && afterSpace) {
        i = lineEnd(text, i);
        break;
      }
      const inFlow = stack.length > 0;
      if (inFlow) {
        if (c === '[' || c === '{') {
          stack.push({ open: i, bracket: c, column: i - lineStart });
        } else if (c === ']' || c === '}') {
          const top = stack.pop();
          if (!top || (top.bracket === '[') !== (c === ']')) mismatched ??= { at: i, bracket: c, open: top?.open, opener: top?.bracket };
          if (!top) stack.length = 0;
        } else if ((c === '"' || c === "'") && (afterSpace || '[{,:'.includes(prev))) {
          quote = c;
          quoteAt = i;
        }
        i++;
        continue;
      }
      // Block context.
      if (valueStart && (c === '[' || c === '{')) {
        stack.push({ open: i, bracket: c, column: i - lineStart });
        i++;
        continue;
      }
      if ((c === ']' || c === '}') && valueStart) mismatched ??= { at: i, bracket: c };
      if (valueStart && (c === '"' || c === "'")) {
        quote = c;
        quoteAt = i;
        valueStart = false;
        i++;
        continue;
      }
      if (valueStart && (c === '|' || c === '>')) {
        blockScalarIndent = lineIndent;
        i = lineEnd(text, i);
        break;
      }
      if (c === ':' || ((c === '-' || c === '?') && valueStart)) {
        const next = text[i + 1];
        if (next === undefined || next === ' ' || next === '\n' || next === '\r' || next === '\t') {
          // `- ` and `? ` start a value; `key: ` too. A `- ` item's own keys are one level deeper.
          if (c === '-') lineIndent = i - lineStart + 1;
          valueStart = true;
          i++;
          continue;
        }
      }
      if (valueStart && (c === '!' || c === '&')) {
        // A tag or an anchor before the value: the value still starts after it.
        while (i < n && !/[\s]/.test(text[i])) i++;
        continue;
      }
      valueStart = false;
      i++;
    }
    if (i < n) i++; // the line break
  }
  const relaxed = inserts.length ? out.join('') + text.slice(copied) : text;
  // Insertion points in the relaxed text, for the map back.
  const relaxedAt: number[] = [];
  const shiftAfter: number[] = [];
  let shift = 0;
  for (const ins of inserts) {
    relaxedAt.push(ins.at + shift);
    shift += ins.count;
    shiftAfter.push(shift);
  }
  const toOriginal = (offset: number): number => {
    // The last insertion that starts at or before `offset`.
    let lo = 0;
    let hi = relaxedAt.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (relaxedAt[mid] <= offset) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (k < 0) return offset;
    const before = k > 0 ? shiftAfter[k - 1] : 0;
    const insEnd = relaxedAt[k] + (shiftAfter[k] - before);
    return offset < insEnd ? relaxedAt[k] - before : offset - shiftAfter[k];
  };
  const open = stack[0];
  return {
    text: relaxed,
    toOriginal,
    unclosed: open ? { open: open.open, bracket: open.bracket } : undefined,
    mismatched,
    ...(quote ? { quoteOpen: { at: quoteAt, quote } } : {}),
  };
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}
