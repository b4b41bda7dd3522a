import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** The places a data file written by scripts/gen-iam-catalog.mjs can be: next to the running bundle (dist/), or in generated/ when run from source. */
function candidates(name: string): string[] {
  return [join(__dirname, name), join(__dirname, 'generated', name)];
}

function staleBuild(file: string, found: unknown, format: number): Error {
  return new Error(`${file} has format ${String(found)}, expected ${format}; run node scripts/gen-iam-catalog.mjs`);
}

function notFound(name: string): Error {
  return new Error(`${name} not found in ${candidates(name).join(' or ')}; run node scripts/gen-iam-catalog.mjs`);
}

/** The generator writes ASCII only: Latin-1 decodes it byte for byte, twice as fast as UTF-8. */
function decode(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** A data file of JSON lines whose first line, the header, locates the others: read one line at a time, when asked for. */
export interface GeneratedLines<H> {
  readonly header: H;
  /** The value on the line at `offset` bytes after the header's newline, `length` bytes long. */
  line<T>(offset: number, length: number): T;
}

/** A JSON-lines data file (`openLines`) in the first place it is found. */
export function openGeneratedLines<H extends { meta?: { format?: number } }>(name: string, format: number): GeneratedLines<H> {
  for (const file of candidates(name)) {
    const lines = openLines<H>(file, format);
    if (lines) return lines;
  }
  throw notFound(name);
}

/**
 * Opens a JSON-lines data file and reads its header line only; undefined when the file cannot be opened. The file
 * stays open for the life of the process, so a later line is read from the file the header came from even if an
 * update replaces the file meanwhile. A file of another format, or cut short, is a stale build, said plainly.
 */
export function openLines<H extends { meta?: { format?: number } }>(file: string, format: number): GeneratedLines<H> | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const headerBytes = headerLine(fd, file);
    const header = JSON.parse(decode(headerBytes)) as H;
    if (header.meta?.format !== format) throw staleBuild(file, header.meta?.format, format);
    const base = headerBytes.length + 1;
    return {
      header,
      line<T>(offset: number, length: number): T {
        const bytes = Buffer.allocUnsafe(length);
        if (readSync(fd, bytes, 0, length, base + offset) !== length) {
          throw new Error(`${file} ends before its line at ${offset} (${length} bytes); run node scripts/gen-iam-catalog.mjs`);
        }
        return JSON.parse(decode(bytes)) as T;
      },
    };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** The bytes before the first newline, read 256 KB at a time. */
function headerLine(fd: number, file: string): Buffer {
  const chunks: Buffer[] = [];
  for (let position = 0; ; ) {
    const chunk = Buffer.allocUnsafe(256 * 1024);
    const read = readSync(fd, chunk, 0, chunk.length, position);
    if (read === 0) throw new Error(`${file} has no header line; run node scripts/gen-iam-catalog.mjs`);
    const newline = chunk.subarray(0, read).indexOf(10);
    chunks.push(chunk.subarray(0, newline >= 0 ? newline : read));
    if (newline >= 0) return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    position += read;
  }
}
