#!/usr/bin/env bash
# Builds the service as a self-contained release (no .NET needed on the server) into artifacts/publish/<rid>/, for
# linux-x64 and linux-arm64 by default, or for the runtime identifiers given as arguments. Each folder also holds
# deploy/ (the systemd unit and the environment file) for README's "Install on a server".
#
# Not trimmed: ASP.NET Core's minimal APIs, System.Text.Json without source generation for every type, Serilog's
# configuration reader and the OpenAPI generator find types by reflection, which trimming removes; the trimmed
# build is not one the whole test suite passes on. Globalization stays on (ICU), for German and English texts and
# sorting.
set -euo pipefail
cd "$(dirname "$0")/.."

rids=("$@")
[ "${#rids[@]}" -gt 0 ] || rids=(linux-x64 linux-arm64)

for rid in "${rids[@]}"; do
  out="artifacts/publish/$rid"
  rm -rf "$out"
  dotnet publish src/SnomPresence.Web/SnomPresence.Web.csproj -c Release -r "$rid" --self-contained true \
    -p:PublishTrimmed=false -p:InvariantGlobalization=false -p:DebugType=none -p:PublishDocumentationFiles=false \
    -p:PublishReferencesDocumentationFiles=false -o "$out"
  mkdir -p "$out/deploy"
  cp deploy/snompresence.service deploy/snompresence.env "$out/deploy/"
  echo "Published $rid into $out"
done
