#!/usr/bin/env bash
# Import + generate of both of Mews' sources with the release `mews-codegen`, as a maintainer runs
# them (issue #19's ≤ 300 ms target): `import --openapi … --docs … --overlay …` into a scratch
# spec, then `generate` of that spec into an empty directory, then both in one command
# (`import … --generate DIR`), each RUNS times; prints the median wall and CPU (user + system)
# time of each (and the system part of the CPU time) and the load average around them.
#
#   bash benches/import_generate.sh            # RUNS=9
#   RUNS=5 BIN=/path/to/other/mews-codegen bash benches/import_generate.sh
#
# Needs ../shared beside the repository (the official spec and the docs snapshot) and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-9}
openapi=../shared/openapi/connector-2026-06-02.yaml
docs=../shared/docs/connector-api-2026-08-07
[ -f "$openapi" ] && [ -d "$docs" ] || { echo "import_generate: ../shared not found" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "import_generate: needs /usr/bin/time (GNU time)" >&2; exit 2; }
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p mews-codegen
  BIN=target/release/mews-codegen
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# median of one column of "wall_ms cpu_ms system_ms" lines
median() { cut -d' ' -f"$1" "$2" | sort -n | sed -n "$(((runs + 1) / 2))p"; }

step() {
  local name=$1; shift
  : >"$work/$name.times"
  for _ in $(seq "$runs"); do
    rm -rf "$work/out"
    /usr/bin/time -f "%e %U %S" -o "$work/t" "$@" >/dev/null 2>"$work/err" || {
      cat "$work/err" >&2; exit 1; }
    awk '{printf "%d %d %d\n", $1 * 1000, ($2 + $3) * 1000, $3 * 1000}' "$work/t" \
      >>"$work/$name.times"
  done
  # The system time is mostly page faults on fresh memory, whose cost varies with the host.
  printf '%-9s wall %5s ms   cpu %5s ms (system %4s)   (median of %s; load %s)\n' "$name" \
    "$(median 1 "$work/$name.times")" "$(median 2 "$work/$name.times")" \
    "$(median 3 "$work/$name.times")" "$runs" \
    "$(cut -d' ' -f1 /proc/loadavg)"
}

step import "$BIN" import --openapi "$openapi" --docs "$docs" \
  --overlay spec/curation.yaml --overlay spec/descriptions.yaml --out "$work/spec.yaml"
step generate "$BIN" generate --spec "$work/spec.yaml" --out "$work/out"
step both "$BIN" import --openapi "$openapi" --docs "$docs" \
  --overlay spec/curation.yaml --overlay spec/descriptions.yaml --out "$work/spec.yaml" \
  --generate "$work/out"
