#!/usr/bin/env bash
# Imports every page of the docs snapshot (with the curation and descriptions overlays), generates
# bindings into a temporary crate and runs clippy on them with warnings as errors, then checks that
# each resource feature builds on its own (check-features.sh). Prints the import summary and the
# skipped count. Skips (exit 0) when the snapshot is not checked out beside the repository.
#
# Usage: generator/scripts/import-snapshot.sh [DOCS_DIR]
#   DOCS_DIR defaults to the newest snapshot, ../shared/docs/connector-api-2026-08-07 (relative to
#   the repository); the older one's import is checked by generator/tests/import_snapshot.rs.
#   MEWS_CODEGEN: a mews-codegen binary to use instead of `cargo run -p mews-codegen` (e.g. a
#   release build, for timing).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
docs=${1:-$root/../shared/docs/connector-api-2026-08-07}
if [ ! -d "$docs/operations" ]; then
  echo "import-snapshot: no docs snapshot at $docs; skipped"
  exit 0
fi
docs=$(cd "$docs" && pwd)
crate=$(mktemp -d)
trap 'rm -rf "$crate"' EXIT
cd "$root"
# shellcheck source=generator/scripts/codegen-binary.sh
source "$root/generator/scripts/codegen-binary.sh"

# Import: the report goes to a file, the summary (last stdout line) to the console.
status=0
"${codegen[@]}" import --docs "$docs" --overlay spec/curation.yaml --overlay spec/descriptions.yaml \
  --out "$crate/imported.yaml" >"$crate/import.out" 2>"$crate/import.err" || status=$?
summary=$(grep '^summary:' "$crate/import.out" || true)
echo "import: $summary"
echo "import: $(grep -c ': skipped: ' "$crate/import.err" || true) skipped rows/values/sections, $(grep -c ': degraded: ' "$crate/import.err" || true) degraded (report: stderr of import)"
grep -E ': (skipped|degraded): ' "$crate/import.err" | sed 's/^/  /' || true
if [ "$status" -ne 0 ]; then
  cat "$crate/import.err" >&2
  echo "import-snapshot: import failed (exit $status)" >&2
  exit 1
fi
operations=$(sed -n 's/.* \([0-9]*\) operations,.*/\1/p' <<<"$summary")
if [ "${operations:-0}" -lt 190 ]; then
  echo "import-snapshot: only ${operations:-0} operations imported (expected at least 190)" >&2
  exit 1
fi

# Generate and compile.
bash "$root/generator/scripts/bindings-manifest.sh" imported-snapshot-check >"$crate/Cargo.toml"
"${codegen[@]}" generate --spec "$crate/imported.yaml" --out "$crate/src" >/dev/null
cp Cargo.lock "$crate/"
cd "$crate"
# clippy, not `RUSTFLAGS=-D warnings cargo check`: the flags after `--` reach this crate only, so
# the dependencies built for the tests are reused rather than rebuilt with other RUSTFLAGS.
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}" cargo clippy --offline -q -- -D warnings
echo "import-snapshot: ${operations} operations imported; the generated bindings compile without warnings (clippy -D warnings)"
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}" CHECK_FEATURES_CARGO_FLAGS=--offline \
  bash "$root/generator/scripts/check-features.sh" "$crate"
