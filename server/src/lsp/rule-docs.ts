import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDocsUrl } from '../engine/rule-docs';

let localDocs: string | null | undefined;
const hrefs = new Map<string, string>();

/**
 * The page a diagnostic links to: the copy shipped inside the extension when there is one, so the docs open offline
 * and match the installed version; the published page otherwise.
 */
export function ruleDocsHref(ruleId: string): string {
  let href = hrefs.get(ruleId);
  if (!href) hrefs.set(ruleId, (href = findDocs(ruleId)));
  return href;
}

function findDocs(ruleId: string): string {
  if (localDocs === undefined) {
    // dist/server.js → ../docs/rules; server/src/lsp (tests from source) → ../../../docs/rules
    localDocs = [join(__dirname, '..', 'docs', 'rules'), join(__dirname, '..', '..', '..', 'docs', 'rules')].find((d) => existsSync(join(d, 'README.md'))) ?? null;
  }
  if (localDocs) {
    const page = join(localDocs, `${ruleId}.md`);
    if (existsSync(page)) return pathToFileURL(page).href;
  }
  return ruleDocsUrl(ruleId);
}
