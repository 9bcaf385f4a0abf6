#!/usr/bin/env bash
# Serves Gongjian on http://127.0.0.1:8080, creating the demo district database first if absent.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/release/src/app/gongjian}
DB=${GONGJIAN_DB:-sqlite:data/gongjian.db}
LISTEN=${GONGJIAN_LISTEN:-127.0.0.1:8080}
export GONGJIAN_KEY_FILE=${GONGJIAN_KEY_FILE:-data/gongjian.key}
CREDENTIALS=data/demo-credentials.json

if [[ "$DB" == sqlite:* ]] && [ ! -f "${DB#sqlite:}" ]; then
  "$BIN" --db "$DB" demo --credentials-file "$CREDENTIALS"
fi
cat <<MSG

  Gongjian (攻坚) — open http://$LISTEN in a browser.
  Demo district 示范区 (fictional). Sign-in: the demo accounts, one per role, with their
  passwords are in $CREDENTIALS (readable by you only: cat $CREDENTIALS).
  office = 项目办, leader = 区领导, unit.* = 责任单位, owner.* = 业主, viewer = 只读,
  sysadmin / secadmin / auditadmin = the three administrators (三权分立).
  The master key is $GONGJIAN_KEY_FILE: back it up apart from the database. Stop with Ctrl-C.

MSG
exec "$BIN" --db "$DB" serve --listen "$LISTEN" --web-root web/dist
