#!/usr/bin/env bash
# Prints the Cargo.toml of a throwaway crate holding generated bindings (used by
# check-bindings.sh and import-snapshot.sh): its dependencies are exactly the root package's
# [dependencies], with the runtime crate's path made absolute.
# Usage: generator/scripts/bindings-manifest.sh CRATE_NAME
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\n\n[lib]\npath = "src/lib.rs"\n\n[workspace]\n\n' "$1"
sed -n '/^\[dependencies\]/,/^\[/p' "$root/Cargo.toml" | sed '$d' |
  sed -e 's/^serde.workspace = true/serde = { version = "1", features = ["derive"] }/' \
    -e "s|path = \"runtime\"|path = \"$root/runtime\"|"
