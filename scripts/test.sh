#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: restore, build, test, and a closing "N passed, N failed" line.
# Everything the tests need is installed when missing, started here on loopback and stopped afterwards: the .NET
# SDK's build, a throwaway PostgreSQL cluster and a Redis server (scripts/test-servers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Release}"
results="$(mktemp -d)"
# shellcheck source=scripts/test-servers.sh
source scripts/test-servers.sh
trap 'stop_servers; rm -rf "$results"' EXIT
start_servers

dotnet restore SnomPresence.sln
dotnet build SnomPresence.sln -c "$configuration" --no-restore
# The install test starts the self-contained build for this machine as the systemd unit would.
case "$(uname -m)" in
  aarch64 | arm64) scripts/publish.sh linux-arm64 ;;
  *) scripts/publish.sh linux-x64 ;;
esac

set +e
dotnet test SnomPresence.sln -c "$configuration" --no-build --logger trx --results-directory "$results"
status=$?
set -e

# dotnet test prints one summary per test project; CI reads a single closing line, so add the counters up.
passed=0 failed=0 skipped=0 files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + $(count notExecuted)))
done

if [ "$files" -eq 0 ] || [ "$passed" -eq 0 ]; then
  echo "No test results were written." >&2
  status=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
