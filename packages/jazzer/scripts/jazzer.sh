#!/usr/bin/env bash
# Runs one jazzer.js fuzz target on the reference for a number of seconds:
#   bash packages/jazzer/scripts/jazzer.sh <target> [seconds=60] [-- extra libFuzzer flags]
# Targets: tl-decode, envelope-decrypt, chat-receive, dh-checks (src/targets/).
# It detects how jazzer can run (scripts/runtime.sh): natively where glibc >= 2.38, through the private
# Debian 13 runtime in .cache/glibc otherwise, or not at all (then it says what is missing).
# New corpus entries go to .cache/corpus/<target>/ (the committed corpus/<target>/ is only read);
# crashing inputs to .cache/artifacts/<target>/ — copy real findings to findings/<target>/.
# Exit codes: 0 no finding; 2 usage; 69 jazzer cannot run on this machine (runtime missing);
# any other code is jazzer's own (a finding, a timeout, an out-of-memory).
set -euo pipefail
source "$(dirname "$0")/runtime.sh"
TARGETS=(tl-decode envelope-decrypt chat-receive dh-checks)

usage() {
  echo "usage: $0 <target> [seconds=60] [-- libFuzzer flags]   targets: ${TARGETS[*]}" >&2
  exit 2
}
(($# >= 1)) || usage
target="$1"
shift
[[ " ${TARGETS[*]} " == *" $target "* ]] || usage
seconds=60
if (($# > 0)) && [[ "$1" != -- ]]; then
  seconds="$1"
  shift
fi
[[ "$seconds" =~ ^[0-9]+$ ]] || usage
[[ "${1:-}" == -- ]] && shift

detect_jazzer_runtime
if [[ "$JAZZER_MODE" == missing ]]; then
  echo "jazzer.sh: cannot run jazzer.js here: $JAZZER_WHY" >&2
  exit 69
fi
echo "jazzer.sh: $target for ${seconds}s, runtime: $JAZZER_MODE (system glibc $GLIBC_VERSION)" >&2

cd "$PKG_DIR"
npx --no-install tsc -p tsconfig.build.json
work="$PKG_DIR/.cache/corpus/$target"
artifacts="$PKG_DIR/.cache/artifacts/$target"
log="$PKG_DIR/.cache/logs/$target.log"
mkdir -p "$work" "$artifacts" "$(dirname "$log")"

set +e
"${JAZZER_NODE[@]}" "$JAZZER_CLI" "dist/targets/$target.js" "$work" "corpus/$target" --sync \
  -- -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)"
rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)"
if [[ -n "$runs" && -n "$rate" ]]; then
  echo "jazzer.sh: $target: $runs executions, $rate exec/s; exit $status" >&2
else
  echo "jazzer.sh: $target: exit $status (log: ${log#"$REPO_DIR"/})" >&2
fi
if ((status != 0)); then
  echo "jazzer.sh: crashing inputs, if any, are in ${artifacts#"$REPO_DIR"/}/" >&2
fi
exit "$status"
