#!/usr/bin/env bash
# Cross-checks the docs snapshot against Mews' official OpenAPI spec with the curation overlay and
# prints the counts: operations only in one source, the policy classes, and per category the
# disagreements decided by policy, decided in the overlay, and undecided. Fails (exit 1) when an
# undecided disagreement changes the generated Rust API or the wire format. Skips (exit 0) when
# either source is not checked out beside the repository.
#
# Usage: generator/scripts/crosscheck-snapshot.sh [DOCS_DIR [OPENAPI_FILE]]
#   DOCS_DIR defaults to the newest snapshot, ../shared/docs/connector-api-2026-08-07.
#   MEWS_CODEGEN: a mews-codegen binary to use instead of building one.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
docs=${1:-$root/../shared/docs/connector-api-2026-08-07}
openapi=${2:-$root/../shared/openapi/connector-2026-06-02.yaml}
if [ ! -d "$docs/operations" ] || [ ! -f "$openapi" ]; then
  echo "crosscheck-snapshot: no docs snapshot at $docs or no spec at $openapi; skipped"
  exit 0
fi
cd "$root"
# shellcheck source=generator/scripts/codegen-binary.sh
source "$root/generator/scripts/codegen-binary.sh"
status=0
"${codegen[@]}" crosscheck --docs "$docs" --openapi "$openapi" --overlay spec/curation.yaml \
  --summary || status=$?
case "$status" in
  0) echo "crosscheck-snapshot: no undecided disagreement changes the API or the wire format" ;;
  1) echo "crosscheck-snapshot: undecided disagreements change the API or the wire format; run" \
       "mews-codegen crosscheck without --summary to list them" >&2 ;;
  *) echo "crosscheck-snapshot: crosscheck failed (exit $status)" >&2 ;;
esac
exit "$status"
