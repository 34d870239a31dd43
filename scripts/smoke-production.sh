#!/usr/bin/env bash
# Proves the container's entry command on a production install, without Docker: the files the
# Dockerfile's runtime stage copies, `npm ci --omit=dev` (no tsx, no TypeScript), then the
# image's CMD verbatim, its HEALTHCHECK command, a scrape, and a clean SIGTERM.
#   scripts/smoke-production.sh            (after `npm ci`, which builds dist/)
# The native SQLite addon is copied from this checkout's install (same lockfile version, same
# Node) instead of being compiled again, which would add a minute to CI; SMOKE_REBUILD=1
# compiles it as the image's build stage does.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
[ -f dist/src/main.js ] || { echo "smoke: dist/ is missing; run npm run build first" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/docket-smoke-XXXXXX")"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -KILL "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# what the runtime stage has: COPY package.json LICENSE bin flows, and dist from the build stage
app="$work/app"
mkdir -p "$app" "$work/data"
cp -R package.json package-lock.json LICENSE bin flows dist "$app/"
(cd "$app" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
for dev in tsx typescript vitest esbuild; do
  if [ -e "$app/node_modules/$dev" ]; then echo "smoke: $dev is in a production install" >&2; exit 1; fi
done
if [ "${SMOKE_REBUILD:-}" = 1 ]; then
  (cd "$app" && npm rebuild better-sqlite3 --loglevel=error)
else
  mkdir -p "$app/node_modules/better-sqlite3/build/Release"
  cp "$root/node_modules/better-sqlite3/build/Release/better_sqlite3.node" "$app/node_modules/better-sqlite3/build/Release/"
fi

# the Dockerfile's ENV (PORT 0 here: the OS picks a free one; HOST as in the image)
cmd="$(node -e '
  const text = require("fs").readFileSync(process.argv[1], "utf8");
  const args = JSON.parse(/^CMD (\[.*\])$/m.exec(text)[1]);
  if (args[0] !== "sh" || args[1] !== "-c") throw new Error("CMD is not sh -c …");
  process.stdout.write(args[2]);
' Dockerfile)"
healthcheck="$(node -e '
  const text = require("fs").readFileSync(process.argv[1], "utf8");
  const args = JSON.parse(/^\s+CMD (\["node", "-e".*\])$/m.exec(text)[1]);
  process.stdout.write(args[2]);
' Dockerfile)"
echo "smoke: CMD $cmd"
(
  cd "$app"
  exec env -i PATH="$PATH" HOME="$work" NODE_ENV=production HOST=0.0.0.0 PORT=0 \
    DATABASE_URL="sqlite:$work/data/docket.db" FLOWS_DIR="$app/flows" LOG_FORMAT=json \
    sh -c "$cmd"
) >"$work/server.log" 2>&1 &
server=$!

url=""
for _ in $(seq 1 100); do
  url="$(grep -o '"url":"http://[^"]*"' "$work/server.log" | head -n 1 | cut -d'"' -f4 || true)"
  [ -n "$url" ] && break
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/server.log" >&2; echo "smoke: the server exited" >&2; exit 1; fi
  sleep 0.2
done
[ -n "$url" ] || { cat "$work/server.log" >&2; echo "smoke: the server did not start" >&2; exit 1; }
port="${url##*:}"
grep -q '^applied 001_initial$' "$work/server.log" || { echo "smoke: docket migrate did not run first" >&2; cat "$work/server.log" >&2; exit 1; }

# the image's HEALTHCHECK, as Docker runs it (inside the container, PORT from the environment)
(cd "$app" && PORT="$port" node -e "$healthcheck") || { echo "smoke: HEALTHCHECK failed" >&2; exit 1; }
curl -fsS "$url/healthz" | grep -q '"status":"ok"'
curl -fsS "$url/metrics" | grep -q '^docket_outbox_pending 0$'
# local mode with HOST set but no DOCKET_CONSOLE=local: this machine only (loopback answers 200)
test "$(curl -s -o /dev/null -w '%{http_code}' "$url/")" = 200

kill -TERM "$server"
code=0
wait "$server" || code=$?
grep -q '"msg":"stopped"' "$work/server.log" || { cat "$work/server.log" >&2; echo "smoke: no clean stop" >&2; exit 1; }
[ "$code" = 0 ] || { echo "smoke: exit code $code after SIGTERM" >&2; exit 1; }
server=""
echo "smoke: the production install runs the image's command: migrate, serve, health check, metrics, clean stop"
