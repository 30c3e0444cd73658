#!/usr/bin/env bash
# Runs the pytest-lsp round trip against the xla-lsp binary.
#
# Installs pytest-lsp (requirements.txt) into a virtual environment under
# the Cargo target directory, once, then runs the tests in this folder.
#   XLA_LSP   the server binary (default: <target>/debug/xla-lsp)
#   VENV      the virtual environment (default: <target>/pytest-lsp-venv)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="${VENV:-$target/pytest-lsp-venv}"
export PYTHONDONTWRITEBYTECODE=1
export XLA_LSP="${XLA_LSP:-$target/debug/xla-lsp}"

if [ ! -x "$XLA_LSP" ]; then
  echo "no server at $XLA_LSP: build it with 'cargo build -p xla-lsp'" >&2
  exit 2
fi
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$here/requirements.txt" "$stamp"; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
fi
cd "$here"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
