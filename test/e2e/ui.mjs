// UI smoke test: the packaged .vsix installed into a fresh code-server on 127.0.0.1, the real VS Code workbench
// driven with playwright-core in Debian Chromium: open a SAM template with a known mistake, see the squiggle and
// the Problems panel entry with its rule id, apply the Ctrl+. quick fix, see the diagnostic go.
// Usage: node test/e2e/ui.mjs <vsix> <workspace folder> <screenshot folder>; exit 0 = pass.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, CODE_SERVER, codeServerEnv } from './paths.mjs';

const [vsix, workspace, shots] = process.argv.slice(2);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lil-ui-'));
const userData = path.join(tmp, 'data');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.copyFileSync(new URL('./settings.json', import.meta.url), path.join(userData, 'User', 'settings.json'));
fs.mkdirSync(shots, { recursive: true });
const flags = ['--config', path.join(tmp, 'config.yaml'), '--auth', 'none', '--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'exts'),
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'];
const env = codeServerEnv(tmp);
const t0 = Date.now();
const lap = (m) => console.log(`ui: [${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

// Packaging: the .vsix installs into code-server like any marketplace extension.
const install = spawnSync(CODE_SERVER, [...flags, '--install-extension', vsix], { env, encoding: 'utf8' });
assert.equal(install.status, 0, `install failed: ${install.stdout}${install.stderr}`);
assert.match(install.stdout + install.stderr, /was successfully installed/);
lap('vsix installed');

const port = await new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const cs = spawn(CODE_SERVER, [...flags, '--bind-addr', `127.0.0.1:${port}`, workspace], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
const log = fs.createWriteStream(path.join(tmp, 'code-server.log'));
cs.stdout.pipe(log);
cs.stderr.pipe(log);
const stop = () => {
  try {
    process.kill(-cs.pid, 'SIGTERM');
  } catch {
    /* gone */
  }
};
process.on('exit', stop);

let ok = false;
let context;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    if (i > 300) throw new Error('code-server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'chromium-config'), XDG_CACHE_HOME: path.join(tmp, 'chromium-cache') },
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  lap('workbench loaded');

  // Open the SAM template with Quick Open.
  await page.keyboard.press('Control+P');
  await page.keyboard.type('sam-app/template.yaml');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'template.yaml' }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor();
  lap('template.yaml opened');

  // The Problems panel lists the finding with its rule id: the extension activated on a YAML file and its server
  // published diagnostics.
  await page.keyboard.press('Control+Shift+M');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Effect "allow" is not valid' }).first();
  await row.waitFor({ timeout: 60_000 });
  const rowText = await row.innerText();
  assert.match(rowText, /iam\/invalid-effect/);
  lap(`Problems panel: ${JSON.stringify(rowText.replace(/\s+/g, ' '))}`);

  // Going to the problem brings its line into view, with the squiggle under the value.
  await row.click();
  const line = page.locator('.monaco-editor .view-line', { hasText: 'Effect: allow' }).first();
  await line.waitFor({ timeout: 30_000 });
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, 'ui-problems.png') });
  lap('error squiggle visible');

  // Put the cursor in the editor on the mistake, as a user clicking it would.
  const box = await line.boundingBox();
  const text = await line.innerText();
  const column = text.indexOf('allow') + 2;
  await page.mouse.click(box.x + (box.width * column) / text.length, box.y + box.height / 2);
  await page.waitForTimeout(200);

  // Ctrl+. at the problem, and pick the quick fix with the keyboard (an overlay swallows mouse clicks there).
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Change to "Allow"' }).first();
  await fix.waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, 'ui-quickfix.png') });
  lap('quick fix menu shows Change to "Allow"');
  for (let i = 0; i < 12; i++) {
    const focused = await page.locator('.action-widget .monaco-list-row.focused').first().innerText().catch(() => '');
    if (focused.includes('Change to "Allow"')) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'Effect "allow" is not valid' }).first().waitFor({ state: 'detached', timeout: 30_000 });
  await page.locator('.monaco-editor .view-lines', { hasText: 'Effect: Allow' }).first().waitFor({ timeout: 10_000 });
  await page.screenshot({ path: path.join(shots, 'ui-after-fix.png') });
  lap('quick fix applied, the diagnostic is gone');
  ok = true;
} catch (e) {
  console.error('ui: FAILED', e);
  if (context) await context.pages()[0]?.screenshot({ path: path.join(shots, 'ui-failure.png') }).catch(() => {});
  console.error(`ui: code-server log in ${tmp}/code-server.log`);
} finally {
  await context?.close().catch(() => {});
  stop();
  if (ok) fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(ok ? 'ui: 1 passed, 0 failed' : 'ui: 0 passed, 1 failed');
process.exit(ok ? 0 : 1);
