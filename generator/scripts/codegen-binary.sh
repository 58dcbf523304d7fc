# Sourced by the scripts beside it: sets `codegen` to the mews-codegen command, $MEWS_CODEGEN when
# set (e.g. a release build, for timing), else a debug build of the workspace's generator.
# Expects `root` (the repository) and runs from it.
if [ -n "${MEWS_CODEGEN:-}" ]; then
  codegen=("$MEWS_CODEGEN")
else
  cargo build -q -p mews-codegen
  codegen=("${CARGO_TARGET_DIR:-$root/target}/debug/mews-codegen")
fi
