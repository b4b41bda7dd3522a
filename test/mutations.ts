// Seeded document mutations for the fuzz and differential tests.

/** mulberry32: small, seeded, good enough to pick mutations reproducibly. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = ['"', "'", '{', '}', '[', ']', ':', ',', '-', '!Ref ', '!GetAtt ', '!Sub ', '!Foo ', '&a ', '*a', '\n', '\t', '#', '\u0000', '\uFEFF', '${', '\\', '  ', '- '];

export function mutate(text: string, rnd: () => number): string {
  const at = () => Math.floor(rnd() * (text.length + 1));
  const lines = text.split('\n');
  switch (Math.floor(rnd() * 9)) {
    case 0:
      return text.slice(0, at());
    case 1: {
      const a = at();
      return text.slice(0, a) + text.slice(a + Math.floor(rnd() * 200));
    }
    case 2:
    case 3: {
      const a = at();
      return text.slice(0, a) + INSERTS[Math.floor(rnd() * INSERTS.length)] + text.slice(a);
    }
    case 4: {
      const i = Math.floor(rnd() * lines.length);
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 5: {
      const a = at();
      const depth = 1 + Math.floor(rnd() * 400);
      return text.slice(0, a) + '['.repeat(depth) + ']'.repeat(Math.floor(rnd() * depth)) + text.slice(a);
    }
    case 6: {
      const i = Math.floor(rnd() * lines.length);
      const j = Math.floor(rnd() * lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
    case 7: {
      const i = Math.floor(rnd() * lines.length);
      lines[i] = ' '.repeat(Math.floor(rnd() * 12)) + lines[i].trimStart();
      return lines.join('\n');
    }
    default:
      return text.replace(/\n/g, rnd() < 0.5 ? '\r\n' : '\n').replace(/Allow/g, () => (rnd() < 0.3 ? 'allow' : 'Allow'));
  }
}

