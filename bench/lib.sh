# Shared by the HTTP benchmarks: start the server on a demo database and sign in.
# Expects BIN, PORT and WORK; sets PID and COOKIE.

# start_server DB_URL: serves the database in the background and waits until it answers.
start_server() {
  "$BIN" --db "$1" --files-dir "$WORK/files" --log-level warn serve --listen "127.0.0.1:$PORT" \
    --io-threads 1 --workers 4 --web-root /nonexistent >/dev/null 2>"$WORK/server.err" &
  PID=$!
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench: the server did not start" >&2
  return 1
}

# sign_in USERNAME: signs in with the demo credentials in $WORK/creds.json.
sign_in() {
  local password
  password=$(awk -v user="\"username\": \"$1\"" '/"password"/{p=$2} index($0, user){print p; exit}' "$WORK/creds.json" | tr -d '",')
  COOKIE=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$password\"}" "http://127.0.0.1:$PORT/api/auth/login" |
    sed -n 's/^Set-Cookie: \([^;]*\).*/\1/ip')
  [ -n "$COOKIE" ] || { echo "bench: sign-in failed" >&2; return 1; }
}
