#!/usr/bin/env bash
# Installs what the real-editor tests need, idempotently, from the npm registry and Debian only:
# Debian Chromium (driven by playwright-core, a devDependency), Neovim (a second LSP client), and code-server (the real VS Code
# workbench and extension host, from npm) in a cache folder OUTSIDE the repository, so later runs reuse it.
set -euo pipefail
H=${LIL_E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/lambda-iam-lint-e2e}
CODE_SERVER_VERSION=4.100.3     # the newest code-server for Node 20 = VS Code 1.100.3 (engines.vscode ^1.100.0)
RG_PKG_VERSION=1.15.11          # @vscode/ripgrep pinned by that code-server
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
mkdir -p "$H"
t0=$SECONDS

need_apt=0
for cmd in chromium rg nvim; do command -v "$cmd" >/dev/null || need_apt=1; done
[ -e /usr/include/gssapi/gssapi.h ] || need_apt=1
if [ "$need_apt" = 1 ]; then
  if [ "$(id -u)" != 0 ]; then echo "setup: chromium, ripgrep, neovim and libkrb5-dev are missing and this is not root: install them with apt-get" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev pkg-config ripgrep neovim >/dev/null
fi
echo "setup: apt packages ready ($((SECONDS - t0))s)"

# code-server from npm, with the offline workarounds: @vscode/ripgrep's postinstall download is served from a
# pre-seeded cache holding Debian's rg; node-pty's postinstall needs npx --yes; code-server's refuses root without
# unsafe-perm.
if [ ! -x "$H/cs/node_modules/.bin/code-server" ]; then
  t1=$SECONDS
  mkdir -p "$H/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION" "$H/rgseed" "$H/cs"
  cp "$(command -v rg)" "$H/rgseed/rg"
  tar czf "$H/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION/$RG_ASSET" -C "$H/rgseed" rg
  (cd "$H/cs" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    TMPDIR="$H/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
      npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" > "$H/cs/install.log" 2>&1) \
    || { tail -40 "$H/cs/install.log"; exit 1; }
  echo "setup: code-server $CODE_SERVER_VERSION installed ($((SECONDS - t1))s)"
fi

echo "setup: ready in $H ($((SECONDS - t0))s)"
