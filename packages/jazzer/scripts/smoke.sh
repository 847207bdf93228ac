#!/usr/bin/env bash
# CI smoke for the fuzz targets: each target under jazzer.js for a few seconds (SMOKE_SECONDS,
# default 5), one at a time — only where jazzer can run already: natively (glibc >= 2.38) or through
# a private runtime that is ALREADY in packages/jazzer/.cache/glibc. It never downloads anything.
# Where jazzer cannot run it prints why and exits 0 (the corpora are still replayed by `npm test`).
# Exit: 0 all targets ran clean or skipped; otherwise the first failing target's jazzer exit code.
set -euo pipefail
source "$(dirname "$0")/runtime.sh"
seconds="${SMOKE_SECONDS:-5}"

detect_jazzer_runtime
if [[ "$JAZZER_MODE" == missing ]]; then
  echo "jazzer smoke: skipped: $JAZZER_WHY"
  exit 0
fi
echo "jazzer smoke: ${seconds}s per target, runtime: $JAZZER_MODE (system glibc $GLIBC_VERSION)"
mkdir -p "$PKG_DIR/.cache"
for target in tl-decode envelope-decrypt chat-receive dh-checks; do
  set +e
  bash "$PKG_DIR/scripts/jazzer.sh" "$target" "$seconds" >"$PKG_DIR/.cache/smoke-$target.log" 2>&1
  status=$?
  set -e
  if ((status != 0)); then
    tail -n 40 "$PKG_DIR/.cache/smoke-$target.log"
    echo "jazzer smoke: $target FAILED (exit $status); full log: packages/jazzer/.cache/smoke-$target.log"
    exit "$status"
  fi
  grep '^jazzer.sh: .*exec/s' "$PKG_DIR/.cache/smoke-$target.log" || true
done
echo "jazzer smoke: all targets ran without a finding"
