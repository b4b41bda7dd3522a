// Where the real-editor tests find their tools (installed by setup.sh) and how they start them.
import os from 'node:os';
import path from 'node:path';

export const E2E_HOME = process.env.LIL_E2E_HOME || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'lambda-iam-lint-e2e');
export const CODE_SERVER = process.env.CODE_SERVER || path.join(E2E_HOME, 'cs', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps trying hosts this closed network refuses. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** code-server writes its config and caches under XDG folders: keep them in the run's own temporary folder. */
export function codeServerEnv(tmp) {
  return {
    ...process.env,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: path.join(tmp, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg', 'cache'),
  };
}
