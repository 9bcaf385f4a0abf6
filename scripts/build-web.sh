#!/usr/bin/env bash
# Installs the web UI's packages from the lock file and builds web/dist, each only when needed.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f dist/index.html ] || [ -n "$(find src public index.html vite.config.js package-lock.json -newer dist/index.html -print -quit)" ]; then
  npm run build --silent
fi
