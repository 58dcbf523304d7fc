#!/usr/bin/env bash
# The committed spec against both of Mews' sources: imports the official OpenAPI spec and the newest
# docs snapshot as spec/connector.yaml is made (the README's refresh command: the committed spec is
# the previous spec, so what Mews removed stays deprecated), checks that the result is the
# committed spec (so the committed bindings are what the sources give), then round-trips every
# request and response example of both sources through the COMMITTED bindings (mews-connector):
# decoded into the generated type of its body and encoded back (rule: generator/src/roundtrip.rs).
# Each exception is printed with why the example itself is wrong; one that no error of the example
# explains fails the run. Skips (exit 0) when either source is not checked out beside the repository.
#
# Usage: generator/scripts/roundtrip-committed.sh [OPENAPI_FILE [DOCS_DIR [EVENTS_DOCS_DIR]]]
#   EVENTS_DOCS_DIR: the docs snapshot whose events/ pages are imported (--events-docs) while
#   DOCS_DIR has none; defaults to ../shared/docs/connector-api-2026-08-07.
#   MEWS_CODEGEN: a mews-codegen binary to use instead of the debug build.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
openapi=${1:-$root/../shared/openapi/connector-2026-06-02.yaml}
docs=${2:-$root/../shared/docs/connector-api-2026-08-07}
events_docs=${3:-$root/../shared/docs/connector-api-2026-08-07}
if [ ! -f "$openapi" ] || [ ! -d "$docs/operations" ]; then
  echo "roundtrip-committed: no spec at $openapi or no docs snapshot at $docs; skipped"
  exit 0
fi
# The committed spec's events come from the newer snapshot until its operations do too.
events=()
if [ ! -d "$docs/events" ]; then
  if [ ! -d "$events_docs/events" ]; then
    echo "roundtrip-committed: no events pages at $events_docs/events; skipped"
    exit 0
  fi
  events=(--events-docs "$(cd "$events_docs" && pwd)")
fi
openapi=$(cd "$(dirname "$openapi")" && pwd)/$(basename "$openapi")
docs=$(cd "$docs" && pwd)
crate=$(mktemp -d)
trap 'rm -rf "$crate"' EXIT
cd "$root"
# shellcheck source=generator/scripts/codegen-binary.sh
source "$root/generator/scripts/codegen-binary.sh"
fail() { echo "roundtrip-committed: $*" >&2; exit 1; }

import() {
  "${codegen[@]}" import --openapi "$openapi" --docs "$docs" "${events[@]}" \
    --overlay spec/curation.yaml --overlay spec/descriptions.yaml --previous spec/connector.yaml \
    "$@" 2>"$crate/import.err"
}
# The same labels as the committed spec's header: the sources by their file names. The names
# file is read and written back (to a copy): the committed one must be what the import leaves.
cp spec/names.yaml "$crate/names.yaml"
import --names "$crate/names.yaml" --out "$crate/connector.yaml" >"$crate/import.out" || { cat "$crate/import.err" >&2; fail "import failed"; }
grep '^summary:' "$crate/import.out"
# What the response examples loosened (generator/IMPORT.md: received types); the report has a line each.
grep -E '^received types: note: [0-9]+ loosenings' "$crate/import.err" || true
if ! cmp -s "$crate/connector.yaml" spec/connector.yaml; then
  diff spec/connector.yaml "$crate/connector.yaml" | head -20 >&2
  fail "spec/connector.yaml is not what the sources and the overlays give; refresh it (README: Refreshing the spec)"
fi
echo "roundtrip-committed: spec/connector.yaml is the import of both sources"
if ! cmp -s "$crate/names.yaml" spec/names.yaml; then
  diff spec/names.yaml "$crate/names.yaml" | head -20 >&2
  fail "spec/names.yaml lacks names the import gives; refresh it (README: Refreshing the spec)"
fi
echo "roundtrip-committed: spec/names.yaml holds every name the import gives"
import --names "$crate/names.yaml" --examples --out "$crate/examples.yaml" >/dev/null || fail "import --examples failed"

# A crate beside the repository's that runs the program against the committed bindings.
mkdir -p "$crate/src"
{
  printf '[package]\nname = "roundtrip-committed"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n[dependencies]\n'
  printf 'mews-connector = { path = "%s" }\n' "$root"
  # The root package's dependencies (chrono, uuid, rust_decimal... the program compares with them).
  sed -n '/^\[dependencies\]/,/^\[/p' Cargo.toml | sed '1d;$d' |
    sed -e 's/^serde.workspace = true/serde = { version = "1", features = ["derive"] }/' \
      -e "s|path = \"runtime\"|path = \"$root/runtime\"|"
  echo 'serde_path_to_error = "0.1.16"'
} >"$crate/Cargo.toml"
cp Cargo.lock "$crate/"
"${codegen[@]}" examples --spec "$crate/examples.yaml" --crate mews_connector >"$crate/src/main.rs"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
(cd "$crate" && cargo run --offline -q) >"$crate/roundtrip.out"
grep '^roundtrip:' "$crate/roundtrip.out"
echo "by source: $(grep -c '^exception: [^ ]*@docs' "$crate/roundtrip.out" || true) exceptions in the docs' examples, $(grep -c '^exception: ' "$crate/roundtrip.out" || true) in all"
# shellcheck source=generator/scripts/explain-roundtrip.sh
source "$root/generator/scripts/explain-roundtrip.sh"
explain_roundtrip "$crate/roundtrip.out" "$root/generator/scripts/committed-example-exceptions.txt" ||
  fail "an exception is not explained by an error of the example itself"
echo "roundtrip-committed: 0 exceptions attributed to the bindings"
