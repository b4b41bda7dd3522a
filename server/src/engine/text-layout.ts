/** Where lines start and how a text is indented: what edits need to match the document's own layout. */

/** The unit the document indents with: a tab, or the first indentation's width (at most 4), else two spaces. */
export function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? (m[1].startsWith('\t') ? '\t' : ' '.repeat(Math.min(m[1].length, 4))) : '  ';
}

export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** The offset just past the line break of the offset's line (or the end of the text). */
export function lineEndWithBreak(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n') i++;
  return Math.min(i + 1, text.length);
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The whitespace before the first non-blank character of the offset's line. */
export function indentOf(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/** The end of the offset's line, before its line break. */
export function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}
