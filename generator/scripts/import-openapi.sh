#!/usr/bin/env bash
# Imports Mews' official OpenAPI spec (with the curation overlay), generates bindings into a
# temporary crate, runs clippy on them with warnings as errors, checks the acceptance counts, and
# round-trips every body example through the generated types. Skips (exit 0) when the spec is not
# checked out beside the repository.
#
# Usage: generator/scripts/import-openapi.sh [SPEC]
#   SPEC defaults to ../shared/openapi/connector-2026-06-02.yaml (relative to the repository).
#   MEWS_CODEGEN: a mews-codegen binary to use instead of the debug build.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
spec=${1:-$root/../shared/openapi/connector-2026-06-02.yaml}
if [ ! -f "$spec" ]; then
  echo "import-openapi: no OpenAPI spec at $spec; skipped"
  exit 0
fi
spec=$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")
crate=$(mktemp -d)
trap 'rm -rf "$crate"' EXIT
cd "$root"
if [ -n "${MEWS_CODEGEN:-}" ]; then
  codegen=("$MEWS_CODEGEN")
else
  cargo build -q -p mews-codegen
  codegen=("${CARGO_TARGET_DIR:-$root/target}/debug/mews-codegen")
fi
fail() { echo "import-openapi: $*" >&2; exit 1; }

# Import: the report to a file, the summary and the counts to the console.
status=0
"${codegen[@]}" import --openapi "$spec" --overlay spec/curation.yaml --overlay spec/descriptions.yaml \
  --out "$crate/imported.yaml" >"$crate/import.out" 2>"$crate/import.err" || status=$?
summary=$(grep '^summary:' "$crate/import.out" || true)
echo "import: $summary"
echo "import: $(grep -c ': skipped: ' "$crate/import.err" || true) skipped, $(grep -c ': degraded: ' "$crate/import.err" || true) degraded, $(grep -c ': note: ' "$crate/import.err" || true) notes (report lines)"
grep -E ': (skipped|degraded): |spec error|adjacent unions|received types: note: [0-9]+ loosenings' "$crate/import.err" | cut -c1-240 | sed 's/^/  /' || true
if [ "$status" -ne 0 ]; then
  cat "$crate/import.err" >&2
  fail "import failed (exit $status)"
fi

# The manifest first: `generate` fills its block of resource features.
bash "$root/generator/scripts/bindings-manifest.sh" imported-openapi-check >"$crate/Cargo.toml"
"${codegen[@]}" generate --spec "$crate/imported.yaml" --out "$crate/src" >/dev/null
# The acceptance counts, read from the imported spec.
operations=$(grep -c '^      operationId: ' "$crate/imported.yaml" || true)
generated=$(cat "$crate/src/"*.rs | grep -c '^    path: "/api/connector/v1/' || true)
paginated=$(grep -c '^      x-pagination:' "$crate/imported.yaml" || true)
unpaged=$(grep -E "\`[A-Za-z]+_getAll[A-Za-z0-9_]*\` has (a|an optional) Limitation" "$crate/import.err" || true)
echo "operations: $operations in the imported spec, $generated generated; paginated: $paginated"
if [ -n "$unpaged" ]; then echo "not paginated, with a Limitation:"; sed 's/^/  /' <<<"$unpaged"; fi
[ "$operations" -eq 197 ] || fail "expected 197 operations, imported $operations"
[ "$generated" -eq 197 ] || fail "expected 197 generated operations, found $generated"
typed=$(awk '/layout: adjacent/ { adjacent = 1 } /^    [A-Za-z]/ { adjacent = 0 } adjacent && /^ *- value: / { arms++ } adjacent && /schema: / { typed++ } END { print typed + 0 }' "$crate/imported.yaml")
spec_typed=$(sed -n 's/.*adjacent unions: [0-9]* of \([0-9]*\) payloads.*/\1/p' "$crate/import.err")
echo "adjacent unions: $typed typed payloads (the spec types $spec_typed)"
[ "$typed" -ge $(( spec_typed - 2 )) ] || fail "fewer than $(( spec_typed - 2 )) typed adjacent payloads"
# Request types never carry the envelope (the client adds it); `LanguageCode` is data elsewhere,
# so the check is on the three fields that are only ever the envelope.
if grep -E 'pub (client_token|access_token|client):' "$crate/src/"*.rs >"$crate/envelope.txt"; then
  cat "$crate/envelope.txt" >&2
  fail "generated types carry envelope fields"
fi
echo "envelope: no generated type has an envelope field"

# Compile with the root package's dependencies (the manifest above), clippy with warnings as errors.
# The round-trip program (below) names the path of a decode failure; the runtime's lock entry.
sed -i '/^\[dependencies\]$/a serde_path_to_error = "0.1.16"' "$crate/Cargo.toml"
cp Cargo.lock "$crate/"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
(cd "$crate" && cargo clippy --offline -q -- -D warnings)
echo "import-openapi: the generated bindings of $generated operations compile without warnings (clippy -D warnings)"

# The example round-trip: every body example through its generated type and back.
mkdir -p "$crate/src/bin"
"${codegen[@]}" examples --spec "$crate/imported.yaml" --crate imported_openapi_check >"$crate/src/bin/roundtrip.rs"
(cd "$crate" && cargo run --offline -q --bin roundtrip) >"$crate/roundtrip.out"
grep '^roundtrip:' "$crate/roundtrip.out"
# shellcheck source=generator/scripts/explain-roundtrip.sh
source "$root/generator/scripts/explain-roundtrip.sh"
explain_roundtrip "$crate/roundtrip.out" "$root/generator/scripts/openapi-example-exceptions.txt" ||
  fail "an exception is not explained by an error of the example itself"
