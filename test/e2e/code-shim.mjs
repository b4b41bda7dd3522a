#!/usr/bin/env node
// A stand-in for the VS Code executable that @vscode/test-electron launches, for machines that cannot download
// VS Code. test-electron runs: <executable> [launchArgs...] --extensionTestsPath=T --extensionDevelopmentPath=D [folder]
// This starts code-server (the real VS Code workbench and extension host, from npm) on a free loopback port,
// opens the workbench in headless Debian Chromium with the extension under development and its tests passed
// through the ?payload= URL parameter, forwards the extension host's console, and exits with the tests' code.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, CODE_SERVER, codeServerEnv } from './paths.mjs';

const timeoutMs = Number(process.env.SHIM_TIMEOUT_MS || 300_000);
const devPaths = [];
let testsPath;
const positional = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
  if (!m) {
    positional.push(argv[i]);
    continue;
  }
  const [, key, inline] = m;
  const takesValue = ['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'locale', 'profile'].includes(key);
  const value = inline ?? (takesValue ? argv[++i] : undefined);
  if (key === 'extensionDevelopmentPath') devPaths.push(path.resolve(value));
  else if (key === 'extensionTestsPath') testsPath = path.resolve(value);
  else if (key === 'version' || key === 'v') {
    console.log('code-server shim');
    process.exit(0);
  }
}
if (!testsPath) {
  console.error('code-shim: --extensionTestsPath is required');
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lil-code-shim-'));
const userData = path.join(tmp, 'user-data');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.copyFileSync(new URL('./settings.json', import.meta.url), path.join(userData, 'User', 'settings.json'));
const folder = positional.length ? path.resolve(positional[positional.length - 1]) : undefined;
const port = await new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const cs = spawn(
  CODE_SERVER,
  ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--config', path.join(tmp, 'config.yaml'), '--user-data-dir', userData,
    '--extensions-dir', path.join(tmp, 'extensions'), '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened'],
  { env: codeServerEnv(tmp), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
);
const csLog = fs.createWriteStream(path.join(tmp, 'code-server.log'));
cs.stdout.pipe(csLog);
cs.stderr.pipe(csLog);
const stop = () => {
  try {
    process.kill(-cs.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
};
process.on('exit', stop);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
let exitCode = 1;
let context;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 300 || cs.exitCode !== null) throw new Error(`code-server did not start; see ${tmp}/code-server.log`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [...devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]), ['extensionTestsPath', remote(testsPath)]];
  const query = folder ? `folder=${encodeURIComponent(folder)}` : 'ew=true';
  context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'chromium-config'), XDG_CACHE_HOME: path.join(tmp, 'chromium-cache') },
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', async (m) => {
    const args = await Promise.all(m.args().map((h) => h.jsonValue().catch(() => '?')));
    if (typeof args[0] === 'string' && args[0].startsWith('%c')) args.splice(0, 2);
    const line = util.format(...args);
    // Only what the test suite prints (it prefixes its lines), not the workbench's own chatter.
    if (/^(ext-test|  ok |  FAIL)/.test(line)) process.stdout.write(`${line}\n`);
  });
  // The web workbench honours ?payload= extension-development entries only with enableSmokeTestDriver, which
  // code-server has no flag for: patch the workbench configuration before its script reads it.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const el = document.getElementById('vscode-workbench-web-configuration');
      if (!el) return;
      observer.disconnect();
      const settings = JSON.parse(el.getAttribute('data-settings'));
      settings.developmentOptions = { ...(settings.developmentOptions || {}), enableSmokeTestDriver: true };
      el.setAttribute('data-settings', JSON.stringify(settings));
    }).observe(document, { childList: true, subtree: true });
  });
  let done;
  const exited = new Promise((r) => (done = r));
  await page.exposeFunction('codeAutomationExit', (code) => done(code));
  await page.goto(`${base}/?${query}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
  if (code === 'timeout') console.error(`code-shim: the tests did not finish within ${timeoutMs} ms`);
  exitCode = typeof code === 'number' ? code : 1;
} catch (e) {
  console.error('code-shim:', e);
} finally {
  await context?.close().catch(() => {});
  stop();
  if (!process.env.SHIM_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode);
