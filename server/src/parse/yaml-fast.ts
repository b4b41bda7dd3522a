import { plainScalar } from './yaml-scalars';
import { INTRINSIC_FUNCTIONS, longFormIntrinsic, type IntrinsicName, type Node, type ObjectNode, type Property, type StringNode } from './tree';

/**
 * A fast path for the YAML that templates are made of: block mappings and sequences (nested ones too), plain and
 * quoted scalars over one line or several, block scalars, flow collections over one line or several (with
 * `key: value` pairs in flow sequences), CloudFormation tags, and a `%YAML` directive before `---`. It builds the same
 * tree as the `yaml` path (tested against it on every fixture, the whole SAM translator corpus and fuzzed documents)
 * in a fraction of the time, and gives up — returning undefined, so `yaml` parses the document and reports its
 * errors — on anything else: anchors, aliases, complex keys, other directives, several documents, tabs, unknown
 * tags, a multi-line scalar in a flow collection, or any doubt.
 */
export function parseYamlFast(text: string): Node | undefined {
  try {
    return new FastYaml(text).document();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

/**
 * The entries of a block mapping written on the lines from `from` (a line start) to `to` (the start of the line that
 * follows them, or the end of the text), at the column of its first key: one top-level resource re-read after an
 * edit inside it (parse/incremental.ts), with the offsets of the whole text. `undefined` wherever the fast path as a
 * whole would give up, and when the lines hold anything but such entries.
 */
export function parseYamlFastEntries(text: string, from: number, to: number): Property[] | undefined {
  try {
    const y = new FastYaml(text, from, to);
    const first = y.firstContent();
    if (first < 0) return undefined;
    const { node, next } = y.entries(first);
    if (node.type !== 'object' || y.hasContentFrom(next) || node.end > to) return undefined;
    return node.properties;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

const GIVE_UP = Symbol('give up');
function giveUp(): never {
  throw GIVE_UP;
}

const TAGS = new Map<string, IntrinsicName>(INTRINSIC_FUNCTIONS.map((fn) => [`!${fn.replace(/^Fn::/, '')}`, fn]));

interface Line {
  start: number;
  /** End of the content, before `\r\n` or `\n`. */
  end: number;
  indent: number;
  /** Blank or comment only. */
  empty: boolean;
}

class FastYaml {
  private readonly lines: Line[] = [];

  constructor(
    private readonly text: string,
    from = 0,
    to = text.length,
  ) {
    if (from === 0 && to === text.length ? text.includes('\t') || text.includes('\uFEFF') : /[\t\uFEFF]/.test(text.slice(from, to))) giveUp();
    let start = from;
    // Lines of a part of the text come after content: a document marker among them gives up.
    let opened = from > 0;
    // `%YAML 1.1` (or 1.2) before the document's `---`: a tree as without it, since every scalar is typed as
    // CloudFormation types it whatever the version. Any other directive (`%TAG` changes what tags mean) gives up.
    let directive = false;
    while (to === text.length ? start <= text.length : start < to) {
      let nl = text.indexOf('\n', start);
      if (nl < 0) nl = text.length;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let i = start;
      while (i < end && text.charCodeAt(i) === 32) i++;
      const first = text[i];
      // One `---` before any content opens the document, as many templates begin; any other marker gives up.
      const marker = i === start && text.startsWith('---', i) && /^---[ ]*(?:#.*)?$/.test(text.slice(i, end)) && !opened && this.lines.every((l) => l.empty);
      if (marker) opened = true;
      const version = i === start && first === '%' && from === 0 && !opened && !directive && /^%YAML 1\.[12][ ]*(?:#.*)?$/.test(text.slice(i, end)) && this.lines.every((l) => l.empty);
      if (version) directive = true;
      if (i === start && !marker && !version && (first === '%' || text.startsWith('---', i) || text.startsWith('...', i))) giveUp();
      this.lines.push({ start, end, indent: i - start, empty: marker || version || i === end || first === '#' });
      if (nl === text.length) break;
      start = nl + 1;
    }
    // A directive ends where `---` starts the document.
    if (directive && !opened) giveUp();
  }

  document(): Node | undefined {
    const first = this.nextContent(0);
    if (first < 0) return undefined;
    if (this.lines[first].indent !== 0) giveUp();
    const { node, next } = this.block(first, this.lines[first].start);
    if (this.nextContent(next) >= 0) giveUp();
    return node;
  }

  firstContent(): number {
    return this.nextContent(0);
  }

  hasContentFrom(index: number): boolean {
    return this.nextContent(index) >= 0;
  }

  /** The block mapping whose first key starts line `index` (after its indentation). */
  entries(index: number): { node: Node; next: number } {
    return this.mapping(index, this.lines[index].start + this.lines[index].indent);
  }

  private nextContent(from: number): number {
    for (let i = from; i < this.lines.length; i++) if (!this.lines[i].empty) return i;
    return -1;
  }

  /** A block mapping or sequence whose first entry starts at `pos` on line `index`. */
  private block(index: number, pos: number): { node: Node; next: number } {
    return this.text[pos] === '-' && this.isSpaceOrEnd(pos + 1, index) ? this.sequence(index, pos) : this.mapping(index, pos);
  }

  private isSpaceOrEnd(pos: number, index: number): boolean {
    return pos >= this.lines[index].end || this.text[pos] === ' ';
  }

  private column(index: number, pos: number): number {
    return pos - this.lines[index].start;
  }

  private mapping(index: number, pos: number): { node: Node; next: number } {
    const column = this.column(index, pos);
    const properties: Property[] = [];
    let i = index;
    let at = pos;
    for (;;) {
      const key = this.key(i, at);
      if (!key || !distinctKey(properties, key.key, key.quoted)) giveUp();
      const { value, next } = this.valueAfter(i, key.after, column, true);
      properties.push({ key: key.key, keyStart: key.start, keyEnd: key.end, value, start: key.start, end: Math.max(value.end, key.end) });
      i = this.nextContent(next);
      if (i < 0 || this.lines[i].indent < column) break;
      if (this.lines[i].indent > column) giveUp();
      at = this.lines[i].start + column;
    }
    const obj: ObjectNode = { type: 'object', properties, flow: false, start: properties[0].start, end: properties[properties.length - 1].end };
    return { node: longFormIntrinsic(obj) ?? obj, next: i < 0 ? this.lines.length : i };
  }

  private sequence(index: number, pos: number): { node: Node; next: number } {
    const column = this.column(index, pos);
    const items: Node[] = [];
    let i = index;
    let at = pos;
    for (;;) {
      if (this.text[at] !== '-' || !this.isSpaceOrEnd(at + 1, i)) giveUp();
      let content = at + 1;
      while (content < this.lines[i].end && this.text[content] === ' ') content++;
      let item: Node;
      let next: number;
      if (content >= this.lines[i].end || this.text[content] === '#') {
        // `-` alone: the item is the block on the following, deeper lines.
        const j = this.nextContent(i + 1);
        if (j < 0 || this.lines[j].indent <= column) {
          // Nothing deeper: the item is null.
          item = { type: 'null', raw: '', style: 'plain', start: content, end: content };
          next = i + 1;
        } else ({ node: item, next } = this.block(j, this.lines[j].start + this.lines[j].indent));
      } else if (this.text[content] === '-' && this.isSpaceOrEnd(content + 1, i)) {
        // `- - x`: the item is a sequence whose entries start at the inner dash's column.
        ({ node: item, next } = this.sequence(i, content));
      } else if (this.key(i, content)) {
        ({ node: item, next } = this.mapping(i, content));
      } else {
        ({ value: item, next } = this.valueAfter(i, content, column, false));
      }
      items.push(item);
      i = this.nextContent(next);
      if (i < 0 || this.lines[i].indent < column) break;
      if (this.lines[i].indent > column) giveUp();
      at = this.lines[i].start + column;
      if (this.text[at] !== '-') break;
    }
    return { node: { type: 'array', items, flow: false, start: pos, end: items[items.length - 1].end }, next: i < 0 ? this.lines.length : i };
  }

  /**
   * The value that follows a key's colon (or a `- ` on a sequence item line), at `pos` on line `index`: inline, or
   * a block on the following lines deeper than `column` (for a key, also a `- ` list at the key's own column).
   */
  private valueAfter(index: number, pos: number, column: number, ofKey: boolean): { value: Node; next: number } {
    const line = this.lines[index];
    let p = pos;
    while (p < line.end && this.text[p] === ' ') p++;
    if (p >= line.end || this.text[p] === '#') {
      const j = this.nextContent(index + 1);
      const nested = j >= 0 && (this.lines[j].indent > column || (ofKey && this.lines[j].indent === column && this.text[this.lines[j].start + column] === '-' && this.isSpaceOrEnd(this.lines[j].start + column + 1, j)));
      if (!nested) return { value: { type: 'null', raw: '', style: 'plain', start: p, end: p }, next: index + 1 };
      const at = this.lines[j].start + this.lines[j].indent;
      // A scalar (or flow collection, or tag) on the deeper line after its key (`Tags:` then `  T` as one types).
      const c = this.text[at];
      if (ofKey && this.lines[j].indent > column && !(c === '-' && this.isSpaceOrEnd(at + 1, j)) && !this.key(j, at)) {
        // A block scalar or a tag there (whose node may start on the line after it) is left to the library path.
        if (c === '|' || c === '>' || c === '!') giveUp();
        return this.valueAfter(j, at, column, ofKey);
      }
      const { node, next } = this.block(j, at);
      return { value: node, next };
    }
    if (this.text[p] === '!') {
      const tagEnd = this.wordEnd(p, line.end);
      const fn = TAGS.get(this.text.slice(p, tagEnd));
      if (!fn) giveUp();
      const { value: argument, next } = this.valueAfter(index, tagEnd, column, ofKey);
      // A node has at most one tag (`!Ref !Sub x` is an error for yaml to report).
      if (argument.type === 'null' || argument.type === 'intrinsic' && argument.form === 'short') giveUp();
      return { value: { type: 'intrinsic', fn, form: 'short', nameStart: p, nameEnd: tagEnd, argument, start: p, end: argument.end }, next };
    }
    if (this.text[p] === '|' || this.text[p] === '>') return this.blockScalar(index, p, column);
    const quote = this.text[p] === '"' || this.text[p] === "'";
    const { node, end } = quote ? this.quotedValue(index, p, column) : this.inline(p, line.end, false);
    // A flow collection may end on a later line than it starts.
    const last = end > line.end ? this.lineAt(end - 1) : index;
    this.expectLineEnd(end, this.lines[last].end);
    if ('style' in node && node.style === 'plain' && last === index) {
      const folded = this.plainContinuation(index, node, column);
      if (folded) return folded;
    }
    // A deeper line after an inline value would continue a multi-line scalar: not for this path.
    const j = this.nextContent(last + 1);
    if (j >= 0 && this.lines[j].indent > column) giveUp();
    return { value: node, next: last + 1 };
  }

  /**
   * A plain scalar that goes on on the following lines deeper than `column` (a long `Description`): the lines are
   * folded into one, joined by single spaces. Continuation lines that could read as anything else (an indicator
   * first, `: ` or ` #` inside), blank or comment lines among them, give up.
   */
  private plainContinuation(index: number, first: Node, column: number): { value: Node; next: number } | undefined {
    let k = index + 1;
    const parts = [this.text.slice(first.start, first.end)];
    let end = first.end;
    for (; k < this.lines.length; k++) {
      const l = this.lines[k];
      if (l.empty || l.indent <= column) break;
      const content = this.text.slice(l.start + l.indent, l.end).replace(/ +$/, '');
      if ('-?:,[]{}#&*!|>\'"%@`'.includes(content[0]!) || content.includes(': ') || content.endsWith(':') || content.includes(' #')) giveUp();
      parts.push(content);
      end = l.start + l.indent + content.length;
    }
    if (k === index + 1) return undefined;
    const j = this.nextContent(k);
    if (j >= 0 && this.lines[j].indent > column) giveUp();
    return { value: plainScalar(parts.join(' '), first.start, end), next: k };
  }

  /**
   * A quoted scalar in a block value, on one line or several: a line break between two lines is a space, blank
   * lines between are line breaks, and white space around each break goes; after `\\` at the end of a line (an
   * escaped line break) the next line follows with nothing between. Lines after the first must be deeper than
   * `column`.
   */
  private quotedValue(index: number, p: number, column: number): { node: StringNode; end: number } {
    const quote = this.text[p]!;
    const style = quote === '"' ? 'double' : 'single';
    let line = this.lines[index];
    let piece = this.scanQuoted(p + 1, line.end, quote);
    if (piece.close >= 0) return { node: { type: 'string', value: piece.value, style, start: p, end: piece.close + 1 }, end: piece.close + 1 };
    let value = '';
    /** Blank lines since the last line with text; -1 after an escaped line break. */
    let breaks = 0;
    let from = p + 1;
    for (let i = index; ; ) {
      let to = piece.close >= 0 ? piece.close : line.end;
      let escaped = false;
      if (piece.close < 0) {
        while (to > from && this.text.charCodeAt(to - 1) === 32) to--;
        let slashes = 0;
        while (to - slashes > from && this.text[to - slashes - 1] === '\\') slashes++;
        if (slashes % 2 === 1) {
          // `\\ ` and white space to the break: an escaped space, then a folded break; left to the library path.
          if (to < line.end || quote !== '"') giveUp();
          escaped = true;
          to--;
        }
      }
      const blank = to === from && piece.close < 0 && !escaped;
      if (i === index) value = this.scanQuoted(from, to, quote).value;
      else if (blank) {
        if (breaks < 0) giveUp();
        breaks++;
      } else {
        if (breaks >= 0) value += breaks > 0 ? '\n'.repeat(breaks) : ' ';
        value += this.scanQuoted(from, to, quote).value;
        breaks = 0;
      }
      if (piece.close >= 0) return { node: { type: 'string', value, style, start: p, end: piece.close + 1 }, end: piece.close + 1 };
      if (escaped) breaks = -1;
      if (++i >= this.lines.length) giveUp();
      line = this.lines[i];
      if (line.start + line.indent < line.end && line.indent <= column) giveUp();
      from = line.start + line.indent;
      piece = this.scanQuoted(from, line.end, quote);
    }
  }

  /** The line that holds offset `pos`. */
  private lineAt(pos: number): number {
    let lo = 0;
    let hi = this.lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lines[mid].start <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * `|` and `>` with optional `-`/`+` chomping: the lines deeper than `column`, their common indentation removed,
   * joined (`|`) or folded (`>`). Indentation indicators, more-indented lines in a folded scalar and content that
   * ends without a line break give up.
   */
  private blockScalar(index: number, p: number, column: number): { value: Node; next: number } {
    const line = this.lines[index];
    const literal = this.text[p] === '|';
    let q = p + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    if (this.text[q] === '-' || this.text[q] === '+') chomp = this.text[q++] === '-' ? 'strip' : 'keep';
    this.expectLineEnd(q, line.end);
    if (q < line.end && this.text[q] !== ' ' && this.text[q] !== '#') giveUp();
    let i = index + 1;
    let base = -1;
    const contents: (string | undefined)[] = [];
    let lastContentEnd = q;
    let spacesOnly = false;
    for (; i < this.lines.length; i++) {
      const l = this.lines[i];
      const blank = l.start + l.indent === l.end;
      if (blank) {
        if (base >= 0 && l.indent > base) {
          // Spaces past the indentation of a literal scalar are its text (code pasted into `InlineCode: |`), but
          // the last line of such text would meet chomping: left to the library path.
          if (!literal) giveUp();
          contents.push(this.text.slice(l.start + base, l.end));
          spacesOnly = true;
          continue;
        }
        contents.push(undefined);
        continue;
      }
      if (l.indent <= column) break;
      spacesOnly = false;
      if (base < 0) base = l.indent;
      if (l.indent < base) giveUp();
      if (!literal && l.indent > base) giveUp();
      contents.push(this.text.slice(l.start + base, l.end));
      // The range ends at the last non-blank character, as the library path's does.
      lastContentEnd = l.end;
      while (this.text.charCodeAt(lastContentEnd - 1) === 32) lastContentEnd--;
    }
    if (base < 0 || spacesOnly) giveUp();
    // Leading blank lines of a folded scalar are kept as line breaks: left to the library path.
    if (!literal && contents[0] === undefined) giveUp();
    // Trailing blank lines belong to chomping, not to the content.
    let trailing = 0;
    while (contents.length && contents[contents.length - 1] === undefined) {
      contents.pop();
      trailing++;
    }
    const lastLine = this.lines[i - 1 - trailing];
    if (lastLine.end >= this.text.length) giveUp();
    let value = '';
    for (let k = 0; k < contents.length; k++) {
      const c = contents[k];
      if (k === 0) value = c ?? '';
      else if (literal) value += `\n${c ?? ''}`;
      else if (c === undefined) value += '\n';
      else value += contents[k - 1] === undefined ? c : ` ${c}`;
    }
    if (chomp === 'clip') value += '\n';
    else if (chomp === 'keep') value += '\n'.repeat(1 + trailing);
    if (chomp === 'keep') giveUp();
    return { value: { type: 'string', value, style: 'block', start: p, end: lastContentEnd }, next: i };
  }

  private wordEnd(p: number, end: number): number {
    let q = p;
    while (q < end && this.text[q] !== ' ') q++;
    return q;
  }

  private expectLineEnd(p: number, end: number): void {
    let q = p;
    while (q < end && this.text[q] === ' ') q++;
    if (q < end && !(this.text[q] === '#' && q > p)) giveUp();
  }

  /** A key at `pos`: plain or quoted, followed by `:` and a space or the end of the line. */
  private key(index: number, pos: number): { key: string; start: number; end: number; after: number; quoted: boolean } | undefined {
    const end = this.lines[index].end;
    const c = this.text[pos];
    if (c === '"' || c === "'") {
      // A quoted scalar that goes on on the next line is a value (a sequence item), never a key.
      const q = this.scanQuoted(pos + 1, end, c);
      if (q.close < 0) return undefined;
      let p = q.close + 1;
      while (p < end && this.text[p] === ' ') p++;
      if (this.text[p] !== ':' || !(p + 1 >= end || this.text[p + 1] === ' ')) return undefined;
      return { key: q.value, start: pos, end: q.close + 1, after: p + 1, quoted: true };
    }
    if (!c || '-?:,[]{}#&*!|>%@`'.includes(c)) return undefined;
    for (let p = pos; p < end; p++) {
      const ch = this.text[p];
      if (ch === '#' && this.text[p - 1] === ' ') return undefined;
      if (ch === ':' && (p + 1 >= end || this.text[p + 1] === ' ')) {
        let keyEnd = p;
        while (keyEnd > pos && this.text[keyEnd - 1] === ' ') keyEnd--;
        return { key: this.text.slice(pos, keyEnd), start: pos, end: keyEnd, after: p + 1, quoted: false };
      }
    }
    return undefined;
  }

  /** An inline value: a quoted or plain scalar, or a flow collection, all on this line. */
  private inline(p: number, end: number, inFlow: boolean): { node: Node; end: number } {
    const c = this.text[p];
    if (c === '"' || c === "'") {
      const q = this.quoted(p, end);
      return { node: q.node, end: q.end };
    }
    if (c === '[' || c === '{') return this.flow(p, end);
    if (c === '!') {
      const tagEnd = this.wordEnd(p, end);
      const tag = this.text.slice(p, tagEnd).replace(/[,\]}].*$/, '');
      const fn = TAGS.get(tag);
      if (!fn || this.text[p + tag.length] !== ' ') giveUp();
      let q = p + tag.length;
      while (q < end && this.text[q] === ' ') q++;
      const arg = this.inline(q, end, inFlow);
      if (arg.node.type === 'intrinsic' && arg.node.form === 'short') giveUp();
      return { node: { type: 'intrinsic', fn, form: 'short', nameStart: p, nameEnd: p + tag.length, argument: arg.node, start: p, end: arg.node.end }, end: arg.end };
    }
    if ('&*|>?%@`#,]}'.includes(c) || (c === '-' && this.text[p + 1] === ' ')) giveUp();
    let q = p;
    while (q < end) {
      const ch = this.text[q];
      if (ch === '#' && this.text[q - 1] === ' ') break;
      if (ch === ':' && (q + 1 >= end || this.text[q + 1] === ' ' || (inFlow && ',]}'.includes(this.text[q + 1])))) {
        if (inFlow) break;
        giveUp();
      }
      if (inFlow && (ch === ',' || ch === ']' || ch === '}' || ch === '[' || ch === '{')) break;
      q++;
    }
    let stop = q;
    while (stop > p && this.text[stop - 1] === ' ') stop--;
    if (stop === p) giveUp();
    return { node: plainScalar(this.text.slice(p, stop), p, stop), end: stop };
  }

  /**
   * A flow collection from `p`, which may span lines: inside it line breaks, indentation and comments are white
   * space (as CloudFormation reads flow collections, whatever their indentation: `relaxFlowIndentation`). Its
   * scalars stay on one line: a plain or quoted scalar that runs on to the next line gives up.
   */
  private flow(p: number, lineEnd: number): { node: Node; end: number } {
    const open = this.text[p];
    const close = open === '[' ? ']' : '}';
    let q = p + 1;
    let index = this.lineAt(p);
    let end = lineEnd;
    const items: Node[] = [];
    const properties: Property[] = [];
    const skip = () => {
      for (;;) {
        while (q < end && this.text[q] === ' ') q++;
        const comment = q < end && this.text[q] === '#' && (q === this.lines[index].start || this.text[q - 1] === ' ');
        if (q < end && !comment) return;
        // The end of the line, or a comment to it: the collection goes on on the next line.
        if (++index >= this.lines.length) giveUp();
        q = this.lines[index].start;
        end = this.lines[index].end;
      }
    };
    /** After a nested collection that ended on a later line, go on from that line. */
    const resync = () => {
      if (q <= end) return;
      index = this.lineAt(q - 1);
      end = this.lines[index].end;
    };
    skip();
    while (this.text[q] !== close) {
      if (q >= end) giveUp();
      if (open === '[') {
        const item = this.inline(q, end, true);
        q = item.end;
        resync();
        const pair = this.flowPair(item.node, q, end);
        if (pair) {
          items.push(pair.node);
          q = pair.end;
          resync();
        } else items.push(item.node);
      } else {
        const keyStart = q;
        let key: string;
        let keyEnd: number;
        const quoted = this.text[q] === '"' || this.text[q] === "'";
        if (quoted) {
          const k = this.quoted(q, end);
          key = k.node.value;
          keyEnd = k.end;
          q = k.end;
        } else {
          // An indicator cannot start a plain key (`*a` is an alias, `&a` an anchor, `? ` a complex key).
          if ('-?:,[]{}#&*!|>%@`'.includes(this.text[q]!)) giveUp();
          while (q < end && !(this.text[q] === ':' && (this.text[q + 1] === ' ' || ',}'.includes(this.text[q + 1]))) && !',{}[]'.includes(this.text[q])) q++;
          keyEnd = q;
          while (keyEnd > keyStart && this.text[keyEnd - 1] === ' ') keyEnd--;
          key = this.text.slice(keyStart, keyEnd);
          if (!key) giveUp();
        }
        if (!distinctKey(properties, key, quoted)) giveUp();
        const keyLine = index;
        skip();
        // An implicit key and its colon are on one line.
        if (this.text[q] !== ':' || index !== keyLine) giveUp();
        q++;
        skip();
        const value = this.inline(q, end, true);
        properties.push({ key, keyStart, keyEnd, value: value.node, start: keyStart, end: Math.max(value.node.end, keyEnd) });
        q = value.end;
        resync();
      }
      skip();
      if (this.text[q] === ',') {
        q++;
        skip();
        if (this.text[q] === close) giveUp();
      } else if (this.text[q] !== close) giveUp();
    }
    const range = { start: p, end: q + 1 };
    if (open === '[') return { node: { type: 'array', items, flow: true, ...range }, end: q + 1 };
    const obj: ObjectNode = { type: 'object', properties, flow: true, ...range };
    return { node: longFormIntrinsic(obj) ?? obj, end: q + 1 };
  }

  /**
   * `key: value` as an item of a flow sequence (`!Not [Condition: IsProd]`): a mapping of that one pair. The key is a
   * one-line scalar and the value starts on its line; anything else (`[a: ]`, a collection as key) gives up or is no
   * pair.
   */
  private flowPair(key: Node, q: number, end: number): { node: Node; end: number } | undefined {
    let p = q;
    while (p < end && this.text[p] === ' ') p++;
    if (this.text[p] !== ':' || p >= end) return undefined;
    const quoted = key.type === 'string' && key.style !== 'plain';
    if (!('style' in key) || key.style === 'block' || key.end > end) giveUp();
    // After a plain key the colon needs a space (`a:b` is one scalar, and `inline` read it so).
    if (this.text[p + 1] !== ' ') giveUp();
    const name = quoted ? (key as StringNode).value : this.text.slice(key.start, key.end);
    if (!distinctKey([], name, quoted)) giveUp();
    p++;
    while (p < end && this.text[p] === ' ') p++;
    if (p >= end || ',]}#'.includes(this.text[p]!)) giveUp();
    const value = this.inline(p, end, true);
    const obj: ObjectNode = {
      type: 'object',
      properties: [{ key: name, keyStart: key.start, keyEnd: key.end, value: value.node, start: key.start, end: Math.max(value.node.end, key.end) }],
      flow: true,
      start: key.start,
      end: Math.max(value.node.end, key.end),
    };
    return { node: longFormIntrinsic(obj) ?? obj, end: value.end };
  }

  private quoted(p: number, end: number): { node: StringNode; end: number } {
    const quote = this.text[p]!;
    const { value, close } = this.scanQuoted(p + 1, end, quote);
    if (close < 0) giveUp();
    return { node: { type: 'string', value, style: quote === '"' ? 'double' : 'single', start: p, end: close + 1 }, end: close + 1 };
  }

  /**
   * The text of a quoted scalar from `q` (after its opening quote) to its closing quote, or (`close` -1) to `end`
   * when it does not close before: `''` in single quotes, the common escapes in double quotes; any other escape
   * gives up.
   */
  private scanQuoted(q: number, end: number, quote: string): { value: string; close: number } {
    let value = '';
    for (;;) {
      if (q >= end) return { value, close: -1 };
      const ch = this.text[q];
      if (quote === "'") {
        if (ch === "'") {
          if (this.text[q + 1] === "'" && q + 1 < end) {
            value += "'";
            q += 2;
            continue;
          }
          return { value, close: q };
        }
      } else if (ch === '"') return { value, close: q };
      else if (ch === '\\') {
        // Cut by `end`: an escaped line break, for the caller to judge.
        if (q + 1 >= end) return { value, close: -1 };
        const e = this.text[q + 1];
        if (e in ESCAPES) {
          value += ESCAPES[e];
          q += 2;
          continue;
        }
        giveUp();
      }
      value += ch;
      q++;
    }
  }
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', ' ': ' ', n: '\n', t: '\t', r: '\r' };

/** A duplicate key or a plain key that reads as null (`~:`, `null:`) is an error for the library path to report. */
export function distinctKey(properties: Property[], key: string, quoted: boolean): boolean {
  if (!quoted && plainScalar(key, 0, 0).type === 'null') return false;
  return !properties.some((p) => p.key === key);
}
