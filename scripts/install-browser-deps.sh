#!/usr/bin/env bash
# Install what the PDF of the board pack and the real-browser tests need, and check each one:
#   - Debian's chromium (prints the PDF; the browser the tests drive), with apt;
#   - Node.js and npm, with apt, only where the machine has none;
#   - poppler-utils (pdftotext), with apt, where missing: the privacy scan's second PDF reader;
#   - Playwright's and pypdf's Python packages in the project's .venv (never `playwright install`:
#     the tests drive /usr/bin/chromium, not a browser of Playwright's own);
#   - axe-core into tests/browser/node_modules, exactly as pinned by tests/browser/package-lock.json.
# Idempotent: when everything is already there it checks and exits within a second or two.
# Fails loudly (non-zero, one line saying what) when something cannot be installed.
# Usage: scripts/install-browser-deps.sh        (root, or a user with sudo, for the apt step)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
BROWSER_DIR=tests/browser
AXE="$BROWSER_DIR/node_modules/axe-core/axe.min.js"

die() { echo "install-browser-deps: $*" >&2; exit 1; }
say() { echo "install-browser-deps: $*"; }

find_chromium() {
  local name
  for name in chromium chromium-browser google-chrome google-chrome-stable; do
    command -v "$name" && return 0
  done
  [ -x /usr/bin/chromium ] && echo /usr/bin/chromium && return 0
  return 1
}

# 1. Debian packages: chromium, and node/npm where missing.
wanted=()
find_chromium >/dev/null || wanted+=(chromium)
command -v npm >/dev/null || wanted+=(nodejs npm)
command -v pdftotext >/dev/null || wanted+=(poppler-utils)  # the privacy scan's PDF fallback
if [ "${#wanted[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null; then
    sudo=(sudo)
  else
    die "need root (or sudo) to install ${wanted[*]} with apt-get"
  fi
  command -v apt-get >/dev/null || die "no apt-get here: install ${wanted[*]} by hand"
  say "installing ${wanted[*]} with apt-get"
  "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${wanted[@]}" >/dev/null || die "apt-get install ${wanted[*]} failed"
fi
chromium=$(find_chromium) || die "Chromium is still missing after apt-get install chromium"
version=$("$chromium" --version 2>/dev/null) || die "$chromium does not run ($chromium --version failed)"
say "$version ($chromium)"

# 2. Python packages in the project's environment (normally there already from `make setup`).
[ -x "$PYTHON" ] || die "$PYTHON not found: run 'make setup' first (or set PYTHON)"
if ! "$PYTHON" -c "import playwright.sync_api, pypdf" 2>/dev/null; then
  say "installing playwright and pypdf into $("$PYTHON" -c 'import sys; print(sys.prefix)')"
  "$PYTHON" -m pip install --quiet playwright pypdf || die "pip install playwright pypdf failed"
fi
"$PYTHON" -c "import playwright.sync_api, pypdf" || die "playwright or pypdf does not import"

# 3. axe-core, pinned by the committed lock file.
command -v npm >/dev/null || die "npm is still missing"
locked=$("$PYTHON" -c "import json,sys; print(json.load(open(sys.argv[1]))['packages']['node_modules/axe-core']['version'])" \
  "$BROWSER_DIR/package-lock.json") || die "cannot read axe-core's version from $BROWSER_DIR/package-lock.json"
installed=""
if [ -f "$BROWSER_DIR/node_modules/axe-core/package.json" ]; then
  installed=$("$PYTHON" -c "import json,sys; print(json.load(open(sys.argv[1]))['version'])" \
    "$BROWSER_DIR/node_modules/axe-core/package.json")
fi
if [ "$installed" != "$locked" ] || [ ! -f "$AXE" ]; then
  say "installing axe-core $locked with npm ci"
  (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in $BROWSER_DIR failed"
fi
[ -f "$AXE" ] || die "$AXE is missing after npm ci"
say "axe-core $locked ($AXE)"
