import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../server/src/engine/line-index';
import { textChange } from '../../server/src/parse/text-change';
import { random } from '../mutations';

/** Line ends of every kind, edits that join and split `\r\n`, at the start, the end and across line breaks. */
test('an edited line index equals one read from scratch, and the changed stretch is the one edit', () => {
  const rnd = random(120726);
  const pieces = ['\n', '\r\n', '\r', 'a', 'bc', ' ', 'xyz\n', '\r\r', '\n\n'];
  let text = 'first line\r\nsecond\nthird\rfourth';
  let lines = new LineIndex(text);
  for (let k = 0; k < 20_000; k++) {
    if (k % 2000 === 0) text = Array.from({ length: 40 + Math.floor(rnd() * 3000) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
    const at = Math.floor(rnd() * (text.length + 1));
    const cut = rnd() < 0.4 ? Math.floor(rnd() * 4) : 0;
    const insert = rnd() < 0.7 ? pieces[Math.floor(rnd() * pieces.length)]! : '';
    const next = text.slice(0, at) + insert + text.slice(at + cut);
    const change = textChange(text, next);
    assert.equal(text.slice(0, change.prefix) + next.slice(change.prefix, change.changedEnd + change.delta) + text.slice(change.changedEnd), next);
    assert.equal(text.slice(0, change.prefix), next.slice(0, change.prefix));
    const edited = LineIndex.edited(lines, next);
    const fresh = new LineIndex(next);
    assert.equal(edited.lineCount, fresh.lineCount, `edit ${k}`);
    for (let line = 0; line < fresh.lineCount; line++) assert.equal(edited.lineStart(line), fresh.lineStart(line), `edit ${k}, line ${line}`);
    text = next;
    lines = edited;
  }
});
