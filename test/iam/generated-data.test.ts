import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openLines } from '../../server/src/iam/generated-data';

const dir = mkdtempSync(join(tmpdir(), 'generated-data-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Header {
  meta: { format: number };
  filler?: string;
  lines: [number, number][];
}

/** A file as the generator writes one: the header locates each later line (offset after the header's newline, length). */
function write(name: string, values: unknown[], extra: Partial<Header> = {}): string {
  const texts = values.map((v) => JSON.stringify(v));
  let offset = 0;
  const lines = texts.map((t): [number, number] => {
    const at: [number, number] = [offset, t.length];
    offset += t.length + 1;
    return at;
  });
  const file = join(dir, name);
  writeFileSync(file, `${[JSON.stringify({ meta: { format: 3 }, lines, ...extra }), ...texts].join('\n')}\n`);
  return file;
}

describe('generated data: JSON lines', () => {
  it('reads the header, and each line where the header says it is, in any order', () => {
    const values = [{ a: 1 }, [1, 'two', [3]], 'x'.repeat(5000), null];
    const file = write('ok.jsonl', values);
    const lines = openLines<Header>(file, 3)!;
    for (const i of [3, 0, 2, 1, 0]) assert.deepEqual(lines.line(...lines.header.lines[i]!), values[i]);
  });

  it('reads a header longer than one read (256 KB)', () => {
    const filler = 'h'.repeat(600_000);
    const file = write('long-header.jsonl', [['after']], { filler });
    const lines = openLines<Header>(file, 3)!;
    assert.equal(lines.header.filler, filler);
    assert.deepEqual(lines.line(...lines.header.lines[0]!), ['after']);
  });

  it('says a file of another format is a stale build', () => {
    const file = write('old.jsonl', [1]);
    assert.throws(() => openLines(file, 4), /old\.jsonl has format 3, expected 4; run node scripts\/gen-iam-catalog\.mjs/);
  });

  it('says a file without a header line, or cut short, is a stale build', () => {
    const file = join(dir, 'no-newline.jsonl');
    writeFileSync(file, JSON.stringify({ meta: { format: 3 } }));
    assert.throws(() => openLines(file, 3), /no-newline\.jsonl has no header line/);
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    assert.throws(() => openLines(empty, 3), /empty\.jsonl has no header line/);
    const short = write('short.jsonl', ['a long enough line']);
    const lines = openLines<Header>(short, 3)!;
    assert.throws(() => lines.line(0, 10_000), /short\.jsonl ends before its line at 0 \(10000 bytes\)/);
  });

  it('is undefined for a file that is not there', () => {
    assert.equal(openLines(join(dir, 'missing.jsonl'), 3), undefined);
  });
});
