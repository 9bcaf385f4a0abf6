#!/usr/bin/env bash
# Serves Gongjian on http://127.0.0.1:8080, creating the demo district database first if absent.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/release/src/app/gongjian}
DB=${GONGJIAN_DB:-sqlite:data/gongjian.db}
LISTEN=${GONGJIAN_LISTEN:-127.0.0.1:8080}

if [[ "$DB" == sqlite:* ]] && [ ! -f "${DB#sqlite:}" ]; then
  "$BIN" --db "$DB" demo
fi
cat <<MSG

  Gongjian (攻坚) — open http://$LISTEN in a browser.
  Demo district: 示范区 (fictional). Sign-in arrives with user accounts; until then the UI and
  API are open to this machine only (loopback). Stop with Ctrl-C.

MSG
exec "$BIN" --db "$DB" serve --listen "$LISTEN" --web-root web/dist
