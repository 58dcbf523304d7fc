#!/usr/bin/env bash
# Generates bindings for SPEC into a temporary crate and compiles them with warnings as errors
# (clippy included): proof that the emitter's output builds, for specs other than ours.
# Usage: generator/scripts/check-bindings.sh SPEC [cargo subcommand, default: clippy]
set -euo pipefail
spec=$(realpath "$1")
subcommand=${2:-clippy}
root=$(cd "$(dirname "$0")/../.." && pwd)
crate=$(mktemp -d)
trap 'rm -rf "$crate"' EXIT

cd "$root"
bash "$root/generator/scripts/bindings-manifest.sh" bindings-check >"$crate/Cargo.toml"
cargo run -q -p mews-codegen -- generate --spec "$spec" --out "$crate/src" >/dev/null
cp Cargo.lock "$crate/"
cd "$crate"
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}" cargo "$subcommand" --offline -- -D warnings
echo "bindings for $(basename "$spec") compile without warnings ($subcommand)"
