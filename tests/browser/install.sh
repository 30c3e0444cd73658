#!/usr/bin/env bash
# Installs what the browser test of the review pack needs (tests/report_browser.rs
# runs this first): Debian's `chromium` at /usr/bin/chromium, and `playwright-core`
# from npm into tests/browser/node_modules at the version package-lock.json pins.
# Quick when both are there already. Fails loudly, saying why, when it cannot.
set -euo pipefail
cd "$(dirname "$0")"

fail() {
  echo "install.sh: $*" >&2
  exit 1
}

if [ ! -x /usr/bin/chromium ]; then
  command -v apt-get >/dev/null 2>&1 || fail "/usr/bin/chromium is missing and apt-get is not available to install Debian's chromium"
  if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
    command -v sudo >/dev/null 2>&1 || fail "/usr/bin/chromium is missing; installing it needs root (or sudo), and this is user $(id -un)"
  else
    SUDO=
  fi
  echo "install.sh: installing Debian's chromium (apt-get update, then apt-get install chromium)" >&2
  $SUDO apt-get update -q >&2 || fail "apt-get update failed: the Debian package index cannot be reached"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium >&2 \
    || fail "apt-get install chromium failed (see the apt-get output above)"
  [ -x /usr/bin/chromium ] || fail "apt-get installed chromium but /usr/bin/chromium is still missing"
fi

command -v node >/dev/null 2>&1 || fail "node is missing: install Node.js (Debian: apt-get install nodejs npm)"
if [ ! -f node_modules/playwright-core/package.json ] \
  || [ "$(node -p 'require("./node_modules/playwright-core/package.json").version')" != "$(node -p 'require("./package-lock.json").packages["node_modules/playwright-core"].version')" ]; then
  command -v npm >/dev/null 2>&1 || fail "npm is missing: install it (Debian: apt-get install npm)"
  echo "install.sh: installing playwright-core from package-lock.json (npm ci)" >&2
  npm ci --no-audit --no-fund >&2 || fail "npm ci failed: the npm registry cannot be reached, or package-lock.json is out of date"
fi
