#!/usr/bin/env bash
# Does the pipeline see what Mews announces? Lists each entry of Mews' changelog (the newest docs
# snapshot's changelog/) dated after the older snapshot, with the lines of the diff between the two
# snapshots' imports that implement it, or its committed explanation (spec/changelog-explained.yaml).
# Fails (exit 1) on an entry without lines that has no explanation, or on a stale explanation.
# Then checks that the committed crate is what the newest sources give (`mews-codegen refresh
# --check`: spec, generated/, features block, a CHANGELOG.md section for the crate's version).
# Skips (exit 0) when the snapshots or the spec are not checked out beside the repository.
#
# Usage: generator/scripts/changelog-report.sh [OLD_DOCS [NEW_DOCS [OPENAPI_FILE]]]
#   MEWS_CODEGEN: a mews-codegen binary to use instead of the debug build.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
old=${1:-$root/../shared/docs/connector-api-2026-01-27}
new=${2:-$root/../shared/docs/connector-api-2026-08-07}
openapi=${3:-$root/../shared/openapi/connector-2026-06-02.yaml}
if [ ! -d "$old/operations" ] || [ ! -d "$new/changelog" ] || [ ! -f "$openapi" ]; then
  echo "changelog-report: no snapshots at $old and $new or no spec at $openapi; skipped"
  exit 0
fi
cd "$root"
# shellcheck source=generator/scripts/codegen-binary.sh
source "$root/generator/scripts/codegen-binary.sh"
"${codegen[@]}" changelog-report --old-docs "$old" --docs "$new"
"${codegen[@]}" refresh --check --docs "$new" --openapi "$openapi" 2>/dev/null | tail -1
