#!/usr/bin/env bash
# Installs the extension's npm packages (exactly as package-lock.json says)
# and runs the TextMate grammar tests in tests/ with vscode-tmgrammar-test.
# CI can call it as `bash lsp/editors/vscode/test.sh`.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
npm test
