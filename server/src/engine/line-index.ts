import type { Layout } from '../parse/layout';
import { textChange } from '../parse/text-change';

export interface Position {
  line: number;
  character: number;
}

/** Offset ↔ 0-based line/character (UTF-16), as LSP counts them; `\r\n`, `\r` and `\n` end lines. */
export class LineIndex {
  private readonly starts: number[];

  constructor(
    readonly text: string,
    starts?: number[],
  ) {
    this.starts = starts ?? scanLineStarts(text, 0, text.length, [0]);
  }

  /**
   * The index of `text`, an edit of the text `previous` indexes: the line starts before and after the one stretch
   * the edit changed are the previous ones (moved), only the changed stretch is read (a keystroke in a long file).
   */
  static edited(previous: LineIndex, text: string): LineIndex {
    const { prefix, changedEnd, delta, same } = textChange(previous.text, text);
    if (same) return previous;
    // A start depends on the two characters before it and at it: those before `prefix - 1` are unchanged.
    const starts: number[] = [0];
    for (const s of previous.starts) if (s > 0 && s < prefix) starts.push(s);
    const end = changedEnd + delta;
    scanLineStarts(text, Math.max(0, prefix - 1), end, starts);
    const last = starts[starts.length - 1]!;
    for (const s of previous.starts) if (s > changedEnd && s + delta > last) starts.push(s + delta);
    return new LineIndex(text, starts);
  }

  /** The line starts, shared with a {@link LaidOutLineIndex} of the same text. */
  startsForLayout(): number[] {
    return this.starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(p: Position): number {
    if (p.line >= this.starts.length) return this.text.length;
    return Math.min(this.lineStart(p.line) + p.character, p.line + 1 < this.starts.length ? this.starts[p.line + 1] : this.text.length);
  }

  /** The line's text without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }
}

/**
 * Positions of the offsets of a tree an incremental parse laid out (parse/layout.ts): each offset is mapped to the
 * document's before it is counted, and a position's offset is mapped back. For the editor features that read the
 * model (hover, completion, scope rewrites); findings leave the engine in the document's offsets already.
 */
export class LaidOutLineIndex extends LineIndex {
  constructor(
    lines: LineIndex,
    private readonly layout: Layout,
  ) {
    super(lines.text, lines.startsForLayout());
  }

  override positionAt(offset: number): Position {
    return super.positionAt(this.layout.toDocument(offset));
  }

  override offsetAt(p: Position): number {
    return this.layout.fromDocument(super.offsetAt(p));
  }
}

/** Appends the starts of the lines that break in `[from, to)` (a `\r\n` there may end past `to`). */
function scanLineStarts(text: string, from: number, to: number, starts: number[]): number[] {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) starts.push(i + 1);
  }
  return starts;
}
