import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Every fixture template and bundled example, as name and text: the corpus the property tests draw from. */
export function fixtureDocuments(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(json|ya?ml)$/.test(e.name)) out.push({ name: e.name, text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(ROOT, 'test', 'fixtures', 'templates'));
  walk(join(ROOT, 'examples'));
  return out;
}
