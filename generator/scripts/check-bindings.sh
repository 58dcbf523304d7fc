#!/usr/bin/env bash
# Generates bindings for SPEC into a temporary crate and compiles them with warnings as errors
# (clippy included): proof that the emitter's output builds, for specs other than ours.
# Usage: generator/scripts/check-bindings.sh SPEC [cargo subcommand, default: clippy] [TEST.rs]
# With TEST.rs, that file is then run as an integration test of the generated crate.
set -euo pipefail
spec=$(realpath "$1")
subcommand=${2:-clippy}
test_file=${3:+$(realpath "$3")}
root=$(cd "$(dirname "$0")/../.." && pwd)
crate=$(mktemp -d)
trap 'rm -rf "$crate"' EXIT

cd "$root"
bash "$root/generator/scripts/bindings-manifest.sh" bindings-check >"$crate/Cargo.toml"
cargo run -q -p mews-codegen -- generate --spec "$spec" --out "$crate/src" >/dev/null
cp Cargo.lock "$crate/"
cd "$crate"
if [ "$subcommand" = clippy ]; then
  CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}" cargo clippy --offline -- -D warnings
  echo "bindings for $(basename "$spec") compile without warnings (clippy)"
else
  CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}" cargo "$subcommand" --offline
  echo "bindings for $(basename "$spec") compile ($subcommand)"
fi
if [ -n "$test_file" ]; then
  # What the test files use beyond the bindings' own dependencies (versions from Cargo.lock).
  printf '\n[dev-dependencies]\ntokio = { version = "1", features = ["macros", "rt-multi-thread", "net", "io-util"] }\n' >>Cargo.toml
  mkdir -p tests && cp "$test_file" tests/
  CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}" cargo test --offline --test "$(basename "$test_file" .rs)"
fi
