#!/usr/bin/env bash
# Measures the colleague lists against a Release build on loopback with wrk (apt-get install wrk), on the embedded
# SQLite store: EXTENSIONS extensions (default 10000) with names, a group of GROUP members (default 200), then
#   - the first page of that group's directory,
#   - a search by name among all extensions,
# over HTTP one request at a time and with wrk (CONNECTIONS connections, default 4, so latency rather than queueing
# is measured), then the same pages built in-process (bench/SnomPresence.ColleagueBench).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

duration="${DURATION:-15s}"
connections="${CONNECTIONS:-4}"
port="${PORT:-5091}"
extensions="${EXTENSIONS:-10000}"
members="${GROUP:-200}"
work="$(mktemp -d)"
pid=
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

key="bench-admin-key-0123456789"
settings=(--Store:Sqlite:Path="$work/presence.db" --Admin:ApiKey="$key" --Phones:RequireToken=false
  --Serilog:MinimumLevel:Default=Warning --RateLimits:Enabled=false)
dll=artifacts/bin/SnomPresence.Web/release/SnomPresence.Web.dll

dotnet build src/SnomPresence.Web -c Release -v quiet -nologo >/dev/null
dotnet "$dll" --urls "http://127.0.0.1:$port" "${settings[@]}" >"$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "The service did not start:" >&2; cat "$work/service.log" >&2; exit 1; }
  sleep 0.2
done

# Extension 10000 + i is named "Nachname<i>, Vorname" with a few umlauts, so sorting and search see real names.
first=10000
last=$((first + extensions - 1))
for ext in $(seq "$first" "$last"); do
  printf 'url = "http://127.0.0.1:%s/api/extensions/%d"\nrequest = "PUT"\nheader = "X-Api-Key: %s"\nheader = "Content-Type: application/json"\ndata = "{\\"displayName\\":\\"Müller%05d, Jörg\\"}"\nnext\n' \
    "$port" "$ext" "$key" "$((ext * 7919 % extensions))"
done >"$work/names.curl"
sed -i '$ d' "$work/names.curl" # no "next" after the last request
start=$(date +%s.%N)
curl -sf --no-progress-meter --parallel --parallel-max 16 -K "$work/names.curl" >/dev/null
echo "== $extensions named extensions created in $(echo "$(date +%s.%N) - $start" | bc) s"

group=$(seq "$first" $((first + members - 1)) | sed 's/.*/"&"/' | paste -sd,)
curl -sf -X PUT -H "X-Api-Key: $key" -H 'Content-Type: application/json' \
  -d "{\"name\":\"Vertrieb\",\"members\":[$group]}" "http://127.0.0.1:$port/api/groups/vertrieb" >/dev/null

list="http://127.0.0.1:$port/snom/colleagues/list?ext=$first&group=vertrieb"
search="http://127.0.0.1:$port/snom/colleagues/list?ext=$first&q=mueller0421"
curl -sf "$list" | grep -o '<DirectoryEntry>' | wc -l | sed 's/^/entries on the group page: /'
curl -sf "$search" | grep -o '<Name>[^<]*</Name>' | head -3

# One phone at a time: each request's own time, without wrk sharing the two cores.
serial() {
  for _ in $(seq 1 1000); do curl -s -o /dev/null -w '%{time_total}\n' "$1"; done | sort -n \
    | awk '{ t[NR] = $1 * 1000 } END { printf "sequential, %d requests: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", NR, t[int(NR*0.5)], t[int(NR*0.99)], t[NR] }'
}

# Tiered JIT: the first seconds run unoptimised code, so both paths are warmed up before anything is measured.
wrk -t2 -c"$connections" -d3s "$list" >/dev/null
wrk -t2 -c"$connections" -d3s "$search" >/dev/null

echo "== group of $members, first page"
serial "$list"
echo "== search among $extensions"
serial "$search"
echo "== group of $members, first page: $connections connections, $duration"
wrk -t2 -c"$connections" -d"$duration" --latency "$list"
echo "== search among $extensions: $connections connections, $duration"
wrk -t2 -c"$connections" -d"$duration" --latency "$search"

echo "== the same pages built in-process, one at a time, without HTTP"
dotnet build bench/SnomPresence.ColleagueBench -c Release -v quiet -nologo >/dev/null
EXTENSIONS="$extensions" GROUP="$members" dotnet artifacts/bin/SnomPresence.ColleagueBench/release/SnomPresence.ColleagueBench.dll
