#!/usr/bin/env bash
# The events of a docs snapshot (events/*.md) through the whole pipeline, as the committed spec is
# made: imports Mews' OpenAPI spec and the docs (both sources, the overlays, --examples), checks the
# number of event types of each message, generates the bindings into a temporary crate, runs clippy
# on them with warnings as errors, then round-trips every example of the events pages through the
# generated message types (rule: generator/src/roundtrip.rs): any exception fails the run.
# Skips (exit 0) when the snapshot has no events/ or the OpenAPI spec is not beside the repository.
#
# Usage: generator/scripts/events-snapshot.sh [DOCS_DIR [OPENAPI_FILE]]
#   DOCS_DIR defaults to ../shared/docs/connector-api-2026-08-07.
#   EXPECT_EVENTS: the expected `events:` counts (default, for 2026-08-07:
#   "websocket 4, generalWebhook 7, integrationWebhook 7"); empty to skip the check.
#   MEWS_CODEGEN: a mews-codegen binary to use instead of the debug build.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
docs=${1:-$root/../shared/docs/connector-api-2026-08-07}
openapi=${2:-$root/../shared/openapi/connector-2026-06-02.yaml}
expect=${EXPECT_EVENTS-websocket 4, generalWebhook 7, integrationWebhook 7}
if [ ! -d "$docs/events" ] || [ ! -f "$openapi" ]; then
  echo "events-snapshot: no events pages at $docs/events or no spec at $openapi; skipped"
  exit 0
fi
docs=$(cd "$docs" && pwd)
openapi=$(cd "$(dirname "$openapi")" && pwd)/$(basename "$openapi")
crate=$(mktemp -d)
trap 'rm -rf "$crate"' EXIT
cd "$root"
# shellcheck source=generator/scripts/codegen-binary.sh
source "$root/generator/scripts/codegen-binary.sh"
fail() { echo "events-snapshot: $*" >&2; exit 1; }

"${codegen[@]}" import --openapi "$openapi" --docs "$docs" --overlay spec/curation.yaml \
  --overlay spec/descriptions.yaml --examples --out "$crate/spec.yaml" >"$crate/import.out" 2>"$crate/import.err" ||
  { cat "$crate/import.err" >&2; fail "import failed"; }
events=$(grep '^events:' "$crate/import.out" || true)
echo "import: $events"
grep -E '^events/' "$crate/import.err" | sed 's/^/  /' || true
if [ -n "$expect" ] && [ "$events" != "events: $expect (event types per message)" ]; then
  fail "expected events: $expect"
fi

bash "$root/generator/scripts/bindings-manifest.sh" events-snapshot-check >"$crate/Cargo.toml"
mkdir -p "$crate/examples"
"${codegen[@]}" generate --spec "$crate/spec.yaml" --out "$crate/src" >/dev/null
"${codegen[@]}" examples --spec "$crate/spec.yaml" --crate events_snapshot_check --only messages \
  >"$crate/examples/roundtrip.rs" 2>"$crate/examples.err"
cat "$crate/examples.err"
{ echo; echo '[dev-dependencies]'; echo 'serde_path_to_error = "0.1.16"'; } >>"$crate/Cargo.toml"
cp Cargo.lock "$crate/"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
(cd "$crate" && cargo clippy --offline -q --lib -- -D warnings)
echo "events-snapshot: the bindings with the events compile without warnings (clippy -D warnings)"
(cd "$crate" && cargo run --offline -q --example roundtrip) >"$crate/roundtrip.out"
cat "$crate/roundtrip.out"
if grep -q '^exception: ' "$crate/roundtrip.out"; then
  fail "an example of the events pages does not round-trip"
fi
grep -qE '^roundtrip: ([1-9][0-9]*) of \1 examples' "$crate/roundtrip.out" || fail "no example was checked"
echo "events-snapshot: every example of the events pages round-trips"
