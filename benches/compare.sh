#!/usr/bin/env bash
# mews-codegen against progenitor on the same spec (see BENCHMARKS.md):
#   1. generation time (in-process, median) and generated lines, by benches/progenitor-compare;
#   2. cold `cargo build` (dev profile) of each generated crate alone, its dependencies already
#      built (our runtime crate among them, as progenitor-client is among progenitor's): build
#      once, then `cargo clean -p <crate>` and rebuild, BUILDS times (median). Ours is built with
#      its default features (every resource) and with only `orders`, `order-items` and
#      `reservations`;
#   3. an application calling the three seed operations (examples/seed_calls.rs in each crate):
#      cold build of bindings + application, dependencies built, the two crates alternating;
#   4. whether each crate decodes the seed examples (../shared/seeds/*.txt), payloads with an
#      enum value / union arm the spec does not know, and money with 17 significant digits.
#
# usage: benches/compare.sh [SPEC]   (from anywhere; takes about 5 minutes the first time)
#   SPEC: another spec, e.g. the whole-docs import (generator/scripts/import-snapshot.sh shows how
#   to make one); without it, the repository as it is (spec/connector.yaml and generated/).
# env:   BUILDS=5  GEN_RUNS=11  SEEDS=<dir>  PROGENITOR_TARGET_DIR=<dir>
#
# Everything it builds lives under target/progenitor/ (its own workspace, lock file and target
# dirs), so it never takes the lock of the main target dir nor adds progenitor to its builds.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SPEC_ARG=()
if [ $# -gt 0 ]; then SPEC_ARG=("$(realpath "$1")"); fi
TARGET=${PROGENITOR_TARGET_DIR:-$ROOT/target/progenitor}
OUT=$TARGET/crates
SEEDS=${SEEDS:-$ROOT/../shared/seeds}
BUILDS=${BUILDS:-5}
GEN_RUNS=${GEN_RUNS:-11}
FIXTURE=$ROOT/tests/fixtures/order_items_get_all.response.json
# The resources a small application might pick (acceptance: <= 25 % of the default build).
PICKED=orders,order-items,reservations
# Cold builds: no incremental cache to reuse between the timed builds.
export CARGO_INCREMENTAL=0
unset RUSTFLAGS CARGO_BUILD_RUSTFLAGS

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(rustc --version), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== spec: ${SPEC_ARG[0]:-$ROOT/spec/connector.yaml}"

echo "== building benches/progenitor-compare (release, target dir $TARGET)"
CARGO_TARGET_DIR=$TARGET cargo build --release --quiet \
    --manifest-path "$ROOT/benches/progenitor-compare/Cargo.toml"

echo "== generation (median of $GEN_RUNS in-process runs, spec text to formatted Rust) and lines"
mkdir -p "$OUT"
if command -v column >/dev/null; then table() { column -t -s $'\t'; }; else table() { cat; }; fi
"$TARGET/release/progenitor-compare" "$ROOT" "$OUT" "$GEN_RUNS" "${SPEC_ARG[@]}" | table

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

cold_build() { # <crate dir> <package name> <label> [cargo build flags]
    local dir=$1 package=$2 label=$3 times=() start end
    shift 3
    (cd "$dir" && CARGO_TARGET_DIR=$dir/target cargo build --quiet "$@") # dependencies, once
    for _ in $(seq "$BUILDS"); do
        (cd "$dir" && CARGO_TARGET_DIR=$dir/target cargo clean --quiet -p "$package")
        start=$(date +%s%N)
        (cd "$dir" && CARGO_TARGET_DIR=$dir/target cargo build --quiet "$@")
        end=$(date +%s%N)
        times+=("$(( (end - start) / 1000000 ))")
    done
    echo "${times[*]}" >"$dir/build-times-$label-ms.txt"
    printf '%s\n' "${times[@]}" | median
}

echo "== cold cargo build of the generated crate alone (dev profile, ms; median of $BUILDS)"
ours_ms=$(cold_build "$OUT/ours" mews-connector default)
echo "ours, default features (every resource)   ${ours_ms} ms   (runs: $(cat "$OUT/ours/build-times-default-ms.txt"))"
theirs_ms=$(cold_build "$OUT/progenitor" mews-connector-progenitor default)
echo "progenitor                                ${theirs_ms} ms   (runs: $(cat "$OUT/progenitor/build-times-default-ms.txt"))"
awk -v a="$ours_ms" -v b="$theirs_ms" \
    'BEGIN { printf "ratio ours/progenitor: %.2f (target <= 0.50: %s)\n", a / b, (a / b <= 0.5 ? "met" : "MISSED") }'
picked_missing=$(tr ',' '\n' <<<"$PICKED" | grep -vxF -f "$OUT/features.txt" || true)
if [ -z "$picked_missing" ]; then
    picked_ms=$(cold_build "$OUT/ours" mews-connector picked --no-default-features --features "$PICKED")
    echo "ours, only $PICKED   ${picked_ms} ms   (runs: $(cat "$OUT/ours/build-times-picked-ms.txt"))"
    awk -v p="$picked_ms" -v a="$ours_ms" \
        'BEGIN { printf "ratio picked/default: %.2f (target <= 0.25: %s)\n", p / a, (p / a <= 0.25 ? "met" : "MISSED") }'
else
    echo "ours, only $PICKED: not measured (the spec has no feature $(echo $picked_missing))"
fi
echo "== an application calling the three seed operations (orders_add, orderItems_getAll,"
echo "   reservations_getAllItems): cold build of bindings + application (examples/seed_calls.rs),"
echo "   dependencies built, ms; median of $BUILDS; the two crates alternate, run by run"
app_ours=() app_theirs=()
for crate in ours progenitor; do # dependencies and both crates once, untimed
    (cd "$OUT/$crate" && CARGO_TARGET_DIR=$OUT/$crate/target cargo build --quiet --example seed_calls)
done
app_build() { # <crate dir> <package>: one cold build of the package and its seed_calls example
    local start end
    (cd "$1" && CARGO_TARGET_DIR=$1/target cargo clean --quiet -p "$2")
    start=$(date +%s%N)
    (cd "$1" && CARGO_TARGET_DIR=$1/target cargo build --quiet --example seed_calls)
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 ))"
}
for _ in $(seq "$BUILDS"); do
    app_ours+=("$(app_build "$OUT/ours" mews-connector)")
    app_theirs+=("$(app_build "$OUT/progenitor" mews-connector-progenitor)")
done
app_ours_ms=$(printf '%s\n' "${app_ours[@]}" | median)
app_theirs_ms=$(printf '%s\n' "${app_theirs[@]}" | median)
echo "ours + application         ${app_ours_ms} ms   (runs: ${app_ours[*]}; load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "progenitor + application   ${app_theirs_ms} ms   (runs: ${app_theirs[*]})"
awk -v a="$app_ours_ms" -v b="$app_theirs_ms" 'BEGIN { printf "application build ratio ours/progenitor: %.2f\n", a / b }'

echo "-- where our time goes (same dependencies, same method):"
runtime_ms=$(cold_build "$OUT/ours-runtime-only" ours-runtime-only default)
echo "the runtime crate alone (built once, like progenitor-client)   ${runtime_ms} ms   (runs: $(cat "$OUT/ours-runtime-only/build-times-default-ms.txt"))"
empty_ms=$(cold_build "$OUT/ours-empty" ours-empty default)
echo "empty library (fixed cost)     ${empty_ms} ms   (runs: $(cat "$OUT/ours-empty/build-times-default-ms.txt"))"
awk -v a="$ours_ms" -v b="$theirs_ms" -v e="$empty_ms" 'BEGIN {
    printf "less the fixed cost: ours ~%d ms, progenitor ~%d ms\n", a - e, b - e }'

if [ ! -d "$SEEDS" ]; then
    echo "== $SEEDS not found: the seed examples are skipped"
    SEEDS=$(mktemp -d)
fi
for crate in ours progenitor; do
    echo "== decode check: $crate"
    (cd "$OUT/$crate" && CARGO_TARGET_DIR=$OUT/$crate/target cargo run --quiet --example decode_check -- \
        "$SEEDS" "$FIXTURE") | tee "$OUT/$crate/decode-check.txt" | grep -v '^ok ' || true
done
echo "== full outputs under $OUT (report.tsv, */decode-check.txt, progenitor/types.txt)"
