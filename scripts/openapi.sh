#!/usr/bin/env bash
# Regenerates docs/openapi.json, the admin API's OpenAPI document, from the routes as the service serves it at
# /openapi/v1.json. The test suite fails while the checked-in document and the served one differ.
set -euo pipefail
cd "$(dirname "$0")/.."
SNOMPRESENCE_UPDATE_OPENAPI=1 dotnet test tests/SnomPresence.Web.Tests -c "${CONFIGURATION:-Release}" \
  --filter "FullyQualifiedName~OpenApiDocumentTests.ServedDocument_IsTheCheckedInDocsOpenApiJson"
echo "Wrote docs/openapi.json"
