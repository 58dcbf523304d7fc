#!/usr/bin/env bash
# Peak RSS of streaming orderItems/getAll pages of 1000 items from a loopback server through
# client.order_items().get_all_stream(...) (examples/stream_memory.rs), for 1, 10 and 100
# pages, plus a control run that keeps every item (its peak must grow, showing the
# measurement would catch growth). See BENCHMARKS.md.
#
# usage: benches/memory.sh     (builds the example in release first)
# Needs GNU time at /usr/bin/time; on Debian/Ubuntu: apt-get install -y time
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [ ! -x /usr/bin/time ]; then
    echo "error: /usr/bin/time (GNU time) is missing: apt-get install -y time" >&2
    exit 1
fi

cargo build --release --quiet --example stream_memory
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/stream_memory

measure() { # <label> <args...>
    local label=$1 log
    shift
    log=$(mktemp)
    /usr/bin/time -v "$BIN" "$@" 2>"$log" >"$log.out"
    local rss wall
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$log")
    printf '%-28s peak RSS %7d KiB   wall %s   (%s)\n' "$label" "$rss" "$wall" "$(cat "$log.out")"
    rm -f "$log" "$log.out"
}

echo "== streaming orderItems/getAll, 1000 items a page (loopback server in the same process)"
measure "1 page" --pages 1
measure "10 pages" --pages 10
measure "100 pages" --pages 100
measure "300 pages" --pages 300
echo "== control: the same stream, keeping every item"
measure "10 pages, items kept" --pages 10 --collect
measure "30 pages, items kept" --pages 30 --collect
