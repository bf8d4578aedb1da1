#!/usr/bin/env bash
# Measures the phone-facing hot paths against a Release build on loopback with wrk (apt-get install wrk), on the
# embedded SQLite store, with phone tokens on as in production:
#   - PHONES phones (default 1000) imported as CSV and rendered with `provision render` (timed),
#   - status screen reads and durable DND toggles, each request carrying its phone's MAC and token,
#   - provisioning files served with the provisioning login,
#   - a bare endpoint for comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

duration="${DURATION:-15s}"
connections="${CONNECTIONS:-32}"
port="${PORT:-5090}"
phones="${PHONES:-1000}"
work="$(mktemp -d)"
pid=
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

key="bench-admin-key-0123456789"
settings=(--Store:Sqlite:Path="$work/presence.db" --Snom:PublicBaseUrl="http://127.0.0.1:$port"
  --Admin:ApiKey="$key" --Provisioning:HttpUser=bench --Provisioning:HttpPassword=bench-password-0123
  --Provisioning:LoginSecret=bench-login-secret-0123456789abcdef0123
  --Serilog:MinimumLevel:Default=Warning
  # All load comes from 127.0.0.1: limits far above what wrk sends keep the limiter in the measured path without refusing.
  --RateLimits:Phone:PermitLimit=10000000 --RateLimits:Phone:Window=00:00:01
  --RateLimits:Provisioning:PermitLimit=10000000 --RateLimits:Provisioning:Window=00:00:01
  --RateLimits:Admin:PermitLimit=10000000 --RateLimits:Admin:Window=00:00:01)
dll=artifacts/bin/SnomPresence.Web/release/SnomPresence.Web.dll

dotnet build src/SnomPresence.Web -c Release -v quiet -nologo >/dev/null
dotnet "$dll" --urls "http://127.0.0.1:$port" "${settings[@]}" ${EXTRA_ARGS:-} >"$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "The service did not start:" >&2; cat "$work/service.log" >&2; exit 1; }
  sleep 0.2
done

# One phone per extension, as in an office: extension 1000 + i on the D785 with MAC 000413 + the extension.
{
  echo "mac,model,extensions"
  for ext in $(seq 1000 $((1000 + phones - 1))); do printf '000413%06d,D785,%d\n' "$ext" "$ext"; done
} >"$work/phones.csv"
curl -sf -H "X-Api-Key: $key" -H 'Content-Type: text/csv' --data-binary @"$work/phones.csv" \
  "http://127.0.0.1:$port/api/phones/import" >/dev/null

echo "== provision render: $phones phones"
start=$(date +%s.%N)
dotnet "$dll" provision render --out "$work/provisioning" "${settings[@]}" ${EXTRA_ARGS:-} | head -n 3
echo "took $(echo "$(date +%s.%N) - $start" | bc) s (including start-up of the command)"

# The tokens come out of the rendered files, as a phone gets them.
{
  echo "return {"
  grep -ho 'dnd-on?ext=$active_user&amp;mac=[0-9A-F]*&amp;token=[A-Za-z0-9_-]*' "$work"/provisioning/snomD785-*.htm \
    | sed -E 's/.*mac=000413([0-9]{6})&amp;token=(.*)/  [\1] = "\2",/; s/\[0+([0-9])/[\1/'
  echo "}"
} >"$work/tokens.lua"
export BENCH_TOKENS="$work/tokens.lua" BENCH_PHONES="$phones"

awk -F'"' -v port="$port" '/^  \[/ { ext = substr($0, 4); sub(/\].*/, "", ext);
  printf "url = \"http://127.0.0.1:%s/snom/action/dnd-off?ext=%d&mac=000413%06d&token=%s\"\n", port, ext, ext, $2 }' "$work/tokens.lua" \
  | curl -sf --no-progress-meter --parallel --parallel-max 16 -K - >/dev/null

# Tiered JIT: the first seconds run unoptimised code, so every path is warmed up before anything is measured.
for script in status toggle provisioning; do
  wrk -t2 -c"$connections" -d3s -s "bench/$script.lua" "http://127.0.0.1:$port" >/dev/null
done
wrk -t2 -c"$connections" -d3s "http://127.0.0.1:$port/health/live" >/dev/null

echo "== status screen: $connections connections, $duration"
wrk -t2 -c"$connections" -d"$duration" --latency -s bench/status.lua "http://127.0.0.1:$port"
echo "== DND toggles (durable writes): $connections connections, $duration"
wrk -t2 -c"$connections" -d"$duration" --latency -s bench/toggle.lua "http://127.0.0.1:$port"
echo "== provisioning files (Basic login, rendered per request): $connections connections, $duration"
wrk -t2 -c"$connections" -d"$duration" --latency -s bench/provisioning.lua "http://127.0.0.1:$port"
echo "== bare health endpoint for comparison"
wrk -t2 -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/health/live"
