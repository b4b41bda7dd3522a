/**
 * Where the offsets of an incremental parse are in the document. After a keystroke the resources the edit left alone
 * keep their nodes, and with them everything the model and the rules made of those nodes (views, the SAM transform,
 * memos): so their offsets must not move. The parse's offsets are therefore into a *layout text*: the document's text
 * cut into pieces, in order, with runs of blank lines (gaps) between some of them. A resource someone types in gets
 * a gap after it on the first keystroke (the resources after it are moved once), and from then on grows into the gap
 * or leaves more of it: the resources after it stay where they are, as the same nodes.
 *
 * Every reader of node offsets reads the layout text (`LintDocument.text`), so what a rule sees at a node's offsets is
 * the document's text there; only where offsets leave the engine (findings, fixes, editor positions) are they mapped
 * to the document's own ({@link Layout.toDocument}, {@link Layout.fromDocument}). A full parse has no layout: its
 * offsets are the document's.
 */
export interface Piece {
  /** Where the piece starts in the layout text. */
  at: number;
  /** Where it starts in the document. */
  from: number;
  length: number;
}

/** How far a resource may grow past its first edit's length before the resources after it are moved again. */
export const GAP = 1024;

/**
 * How a layout text differs from the one before it: `[prefix, changedEnd)` of `before` became
 * `[prefix, changedEnd + delta)`; what precedes and follows is the same text (as parse/text-change.ts puts it).
 */
export interface LayoutChange {
  before: string;
  prefix: number;
  changedEnd: number;
  delta: number;
}

export class Layout {
  /**
   * @param text the layout text: the document's pieces at their `at`, blank lines between them
   * @param pieces in document order, covering the document without overlap
   * @param change from the layout text of the parse this one was re-read from (known without comparing the texts)
   */
  constructor(
    readonly text: string,
    readonly pieces: readonly Piece[],
    readonly change?: LayoutChange,
  ) {}

  /** The document offset of a layout offset; one in a gap is where the piece before it ends. */
  toDocument(offset: number): number {
    const p = this.pieces[this.pieceAt(offset, (x) => x.at)]!;
    return p.from + Math.min(Math.max(offset - p.at, 0), p.length);
  }

  /** The layout offset of a document offset; one where two pieces meet is the start of the later one. */
  fromDocument(offset: number): number {
    const p = this.pieces[this.pieceAt(offset, (x) => x.from)]!;
    return p.at + Math.min(Math.max(offset - p.from, 0), p.length);
  }

  /** The gaps, as layout ranges, in order. */
  gaps(): { start: number; end: number }[] {
    const out: { start: number; end: number }[] = [];
    for (let i = 1; i < this.pieces.length; i++) {
      const before = this.pieces[i - 1]!;
      const end = before.at + before.length;
      if (this.pieces[i]!.at > end) out.push({ start: end, end: this.pieces[i]!.at });
    }
    return out;
  }

  /** The index of the last piece starting at or before `offset` (by `start`), or the first. */
  private pieceAt(offset: number, start: (p: Piece) => number): number {
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (start(this.pieces[mid]!) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/**
 * The layout after the stretch `[from, to)` of the previous document (`previousLength` long), at `laidFrom` in the
 * layout and within one of its pieces (or running to the end of the document), became `[from, newTo)` of `text`:
 * the stretch in its place, what follows it where it was when the new stretch fits before it, else a gap after the
 * stretch and what follows moved by `shift`. `undefined` once the gaps would outgrow the text (the caller then parses
 * the whole text, which has no layout).
 */
export function replaceStretch(layout: Layout, previousLength: number, laidFrom: number, from: number, to: number, text: string, newTo: number): { layout: Layout; shift: number } | undefined {
  const laid = layout.text;
  const delta = text.length - previousLength;
  const atEnd = to === previousLength;
  const length = newTo - from;
  const rest = atEnd ? laid.length : layout.fromDocument(to);
  const restAt = atEnd || laidFrom + length <= rest ? rest : laidFrom + length + GAP;
  const shift = restAt - rest;
  if (shift + laid.length > 2 * text.length + 64 * GAP) return undefined;
  // The pieces before the stretch, the stretch, then the rest where it now is.
  const pieces: Piece[] = [];
  for (const p of layout.pieces) {
    if (p.from + p.length <= from) pieces.push(p);
    else if (p.from < from) pieces.push({ at: p.at, from: p.from, length: from - p.from });
  }
  pieces.push({ at: laidFrom, from, length });
  for (const p of layout.pieces) {
    const end = p.from + p.length;
    if (end <= to) continue;
    const start = Math.max(p.from, to);
    pieces.push({ at: p.at + (start - p.from) + shift, from: start + delta, length: end - start });
  }
  const gap = atEnd ? 0 : restAt - (laidFrom + length);
  const next = laid.slice(0, laidFrom) + text.slice(from, newTo) + '\n'.repeat(gap) + (atEnd ? '' : laid.slice(rest));
  // The stretch and the gap after it replace the old ones; what follows moved by `shift` (or nothing follows).
  const change = { before: laid, prefix: laidFrom, changedEnd: rest, delta: next.length - laid.length };
  return { layout: new Layout(next, merged(pieces), change), shift };
}

/** Pieces with adjacent neighbours (no gap between them, in either text) made one. */
function merged(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    if (p.length === 0 && out.length) continue;
    const last = out[out.length - 1];
    if (last && last.at + last.length === p.at && last.from + last.length === p.from) out[out.length - 1] = { at: last.at, from: last.from, length: last.length + p.length };
    else out.push(p);
  }
  return out;
}
