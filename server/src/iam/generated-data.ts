import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A data file written by scripts/gen-iam-catalog.mjs: next to the running bundle (dist/), or in generated/ when run
 * from source. A file of another format is a stale build, said plainly rather than misread.
 */
export function readGeneratedJson<T extends { meta?: { format?: number } }>(name: string, format: number): T {
  const candidates = [join(__dirname, name), join(__dirname, 'generated', name)];
  for (const file of candidates) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      continue;
    }
    // The generator writes ASCII only (the catalogue is 2.4 MB): Latin-1 decodes it byte for byte, twice as fast as UTF-8.
    const data = JSON.parse(isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8')) as T;
    if (data.meta?.format !== format) {
      throw new Error(`${file} has format ${String(data.meta?.format)}, expected ${format}; run node scripts/gen-iam-catalog.mjs`);
    }
    return data;
  }
  throw new Error(`${name} not found in ${candidates.join(' or ')}; run node scripts/gen-iam-catalog.mjs`);
}
