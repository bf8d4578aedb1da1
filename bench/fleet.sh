#!/usr/bin/env bash
# The fleet benchmark: builds the service and bench/SnomPresence.Fleet in Release and runs the load generator,
# which starts everything it measures itself (the service on a fresh SQLite file per scenario, a bare Kestrel
# endpoint, a fake 3CX) on loopback and prints a summary table. Arguments go to the tool, e.g.
#   bench/fleet.sh --scenarios throughput,fleet --phones 10000 --refresh 1
# SERVICE_ARGS passes further settings to every service it starts. wrk (apt-get install wrk) is used for closed-loop maximum
# throughput when present; --no-wrk uses the C# client only.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/SnomPresence.Web -c Release -v quiet -nologo >/dev/null
dotnet build bench/SnomPresence.Fleet -c Release -v quiet -nologo >/dev/null
args=("$@")
# All load comes from 127.0.0.1: the per-address limits stay in every request but are set too high to refuse any.
lifted="--RateLimits:Phone:PermitLimit=10000000 --RateLimits:Phone:Window=00:00:01"
lifted+=" --RateLimits:Provisioning:PermitLimit=10000000 --RateLimits:Provisioning:Window=00:00:01"
lifted+=" --RateLimits:Admin:PermitLimit=10000000 --RateLimits:Admin:Window=00:00:01"
args+=(--service-args "$lifted ${SERVICE_ARGS:-}")
exec dotnet artifacts/bin/SnomPresence.Fleet/release/SnomPresence.Fleet.dll "${args[@]}"
