#!/usr/bin/env bash
# The compile-fail test of the feature hint: an application with `default-features = false,
# features = ["reservations"]` that names `BillAccountData` (a shared type of `bills` and
# `fiscal-machine-commands`) and `Bill` (of `bills`), each through the root re-export and
# through its module, must fail to build, and rustc's error for each must show the gate naming
# the `bills` feature. `cargo check` in the repository's target dir (the dependencies are those
# CI has already checked), with the repository's lock file.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
crate=$(mktemp -d)
trap 'rm -rf "$crate"' EXIT
cp -r "$root/tests/compile-fail/feature-hint/." "$crate/"
sed -i "s|path = \"../../..\"|path = \"$root\"|" "$crate/Cargo.toml"
cp "$root/Cargo.lock" "$crate/"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
if (cd "$crate" && cargo check --offline 2>"$crate/errors.txt"); then
  echo "compile-fail: the application built, though it names types of a disabled resource" >&2
  exit 1
fi
fail=0
# Each import of a disabled type: its line in main.rs and the error rustc must give there.
for import in 'use mews_connector::BillAccountData;' \
  'use mews_connector::shared::BillAccountData as SharedBillAccountData;' \
  'use mews_connector::bills::Bill as ModuleBill;' \
  'use mews_connector::Bill;'; do
  line=$(grep -nxF "$import" "$crate/src/main.rs" | cut -d: -f1)
  # rustc's diagnostic at that line, up to the blank line that ends it: the error and its
  # "configured out" note showing the gate.
  block=$(awk -v at="src/main.rs:$line:" 'index($0, at) { found = 1 } found && /^$/ { exit } found { print }' "$crate/errors.txt")
  if ! grep -q 'found an item that was configured out' <<<"$block" ||
    ! grep -Eq 'feature = "bills"|`bills` feature' <<<"$block"; then
    echo "compile-fail: \`$import\` is not an error naming the bills feature:" >&2
    echo "$block" >&2
    fail=1
  fi
done
if grep -q 'ReservationFilterParameters' "$crate/errors.txt"; then
  echo "compile-fail: the enabled resource's type does not resolve:" >&2
  grep 'ReservationFilterParameters' "$crate/errors.txt" >&2
  fail=1
fi
[ "$fail" -eq 0 ] || exit 1
echo "compile-fail: each of the 4 uses of a disabled resource's types is an error naming the \`bills\` feature; the enabled one resolves"
