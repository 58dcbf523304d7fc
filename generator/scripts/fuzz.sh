#!/usr/bin/env bash
# The long fuzz run of issue #12: FUZZ_MUTANTS spec mutants (default 2,000) and FUZZ_DOCS_MUTANTS
# docs mutants (default 500) from FUZZ_SEED (default 2026), through the CLI
# (generator/tests/fuzz/), then `cargo check` of the bindings of every kept accepted mutant
# (FUZZ_KEEP_COUNT, default 24, at least 20 required), one after another in one target dir,
# each cargo/rustc limited to FUZZ_RUSTC_MEMORY bytes of address space (default 6 GB).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
keep=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$keep" "$log"' EXIT

FUZZ_KEEP="$keep" cargo test -q -p mews-codegen --test fuzz -- --ignored --nocapture fuzz_long

shopt -s nullglob
kept=("$keep"/*.yaml)
if [ "${#kept[@]}" -lt 20 ]; then
  echo "fuzz: only ${#kept[@]} accepted mutants with distinct bindings to compile (20 needed)"
  exit 1
fi
failed=0
for spec in "${kept[@]}"; do
  if ! prlimit --as="${FUZZ_RUSTC_MEMORY:-6000000000}" -- \
      bash generator/scripts/check-bindings.sh "$spec" check >"$log" 2>&1; then
    failed=$((failed + 1))
    echo "fuzz: the bindings of an accepted mutant do not compile:"
    cat "$spec"
    tail -40 "$log"
  fi
done
echo "fuzz: $((${#kept[@]} - failed)) of ${#kept[@]} accepted mutants' bindings compile (cargo check)"
[ "$failed" -eq 0 ]
