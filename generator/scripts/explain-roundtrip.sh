# Sourced by the round-trip scripts: `explain_roundtrip OUT KNOWN` prints each exception of a
# round-trip program's output (OUT) with why the example itself is wrong (a decode failure names
# the schema's rule the example breaks; anything else must be listed in KNOWN as
# `operationId direction: reason`) and returns 1 when an exception has no such explanation:
# that one would be the bindings' fault.
#
# A response example that leaves out a required key or sends a forbidden null is no longer
# explained by the rule alone: the import makes received-only types as loose as the examples
# (generator/src/import/received.rs), so such an exception is one the import kept on purpose (a
# type requests use too) and KNOWN must say why. Every entry of KNOWN must still occur: a stale
# explanation fails the run too.
explain_roundtrip() {
  local out=$1 known=$2 unexplained=0 stale=0 line key why
  local -A seen=()
  while IFS= read -r line; do
    key=$(sed -E 's/^exception: ([^ ]+ [a-z]+):.*/\1/' <<<"$line")
    seen[$key]=1
    why=$(grep -F "$key:" "$known" | head -1 | sed "s/^$key: //" || true)
    # A decode failure means the example does not fit the schema the type follows.
    case "$line" in
      *" response: does not decode at"*"missing field"* | *" response: does not decode at"*"invalid type: null"*) ;;
      *"does not decode at"*"missing field"*) why=${why:-"it leaves out a key its own schema requires"} ;;
      *"does not decode at"*"invalid type: null"*) why=${why:-"it holds null where its own schema does not allow null"} ;;
      *"does not decode at"*"invalid type"*) why=${why:-"a value has another type than its own schema gives"} ;;
      *"does not decode at"*"unknown variant"*) why=${why:-"a value is not one of its schema's enum values"} ;;
      # The generated type has every property of its schema, so a key lost is one the schema lacks.
      *"re-encodes differently at"*"(lost)"*) why=${why:-"it holds a key its own schema does not define"} ;;
    esac
    if [ -n "$why" ]; then
      echo "  $line"
      echo "    why the example is wrong: $why"
    else
      echo "  UNEXPLAINED $line"
      unexplained=$((unexplained + 1))
    fi
  done < <(grep '^exception: ' "$out" || true)
  while IFS= read -r line; do
    key=$(sed -E 's/^([^ ]+ [a-z]+):.*/\1/' <<<"$line")
    if [ -z "${seen[$key]:-}" ]; then
      echo "  STALE $(basename "$known"): \`$key\` is no longer an exception; remove its explanation" >&2
      stale=$((stale + 1))
    fi
  done < <(grep -v -e '^#' -e '^[[:space:]]*$' "$known" || true)
  if [ "$unexplained" -ne 0 ]; then
    echo "$unexplained round-trip exceptions not explained by an error of the example itself" >&2
  fi
  if [ "$stale" -ne 0 ]; then
    echo "$stale explanations in $(basename "$known") name no exception" >&2
  fi
  [ "$unexplained" -eq 0 ] && [ "$stale" -eq 0 ]
}
