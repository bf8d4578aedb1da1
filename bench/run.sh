#!/usr/bin/env bash
# Measures the phone-facing hot paths against a Release build on loopback with wrk (apt-get install wrk):
# status screen reads and durable DND toggles on the embedded SQLite store. Prints wrk's reports.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

duration="${DURATION:-15s}"
connections="${CONNECTIONS:-32}"
port="${PORT:-5090}"
work="$(mktemp -d)"
pid=
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build src/SnomPresence.Web -c Release -v quiet -nologo >/dev/null
dotnet artifacts/bin/SnomPresence.Web/release/SnomPresence.Web.dll \
  --urls "http://127.0.0.1:$port" --Store:Sqlite:Path="$work/presence.db" \
  --Serilog:MinimumLevel:Default=Warning ${EXTRA_ARGS:-} >"$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "The service did not start:" >&2; cat "$work/service.log" >&2; exit 1; }
  sleep 0.2
done

for ext in $(seq 1000 1999); do echo "url = \"http://127.0.0.1:$port/snom/action/dnd-off?ext=$ext\""; done \
  | curl -s --parallel --parallel-max 16 -K - >/dev/null

echo "== status screen: $connections connections, $duration"
wrk -t2 -c"$connections" -d"$duration" --latency -s bench/status.lua "http://127.0.0.1:$port"
echo "== DND toggles (durable writes): $connections connections, $duration"
wrk -t2 -c"$connections" -d"$duration" --latency -s bench/toggle.lua "http://127.0.0.1:$port"
echo "== bare health endpoint for comparison"
wrk -t2 -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/health/live"
