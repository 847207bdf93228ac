# Sourced by jazzer.sh and smoke.sh: decides how jazzer.js can run on this machine.
# @jazzer.js/core 4.0.0's prebuilt fuzzer addon needs glibc >= 2.38 and libstdc++ with GLIBCXX_3.4.32
# (see README.md). Sets JAZZER_MODE to one of
#   native   the system glibc is new enough: run node directly
#   private  older glibc, but the private runtime from scripts/fetch-runtime.sh is in .cache/glibc
#   missing  neither; JAZZER_WHY says what is missing
# and JAZZER_NODE to the command prefix that starts node (an array).
PKG_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$PKG_DIR/../.." && pwd)"
PRIVATE_LIB="$PKG_DIR/.cache/glibc/root/usr/lib/x86_64-linux-gnu"
JAZZER_CLI="$REPO_DIR/node_modules/@jazzer.js/core/dist/cli.js"

version_ge() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]; }

detect_jazzer_runtime() {
  JAZZER_MODE=missing
  JAZZER_WHY=''
  JAZZER_NODE=()
  local node glibc
  node="$(command -v node || true)"
  if [[ -z "$node" ]]; then
    JAZZER_WHY='node is not on PATH'
    return
  fi
  if [[ ! -f "$JAZZER_CLI" ]]; then
    JAZZER_WHY="@jazzer.js/core is not installed ($JAZZER_CLI missing): run 'npm ci' at the repository root"
    return
  fi
  glibc="$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')"
  GLIBC_VERSION="${glibc:-none}"
  if [[ "${JAZZER_FORCE_PRIVATE:-0}" != 1 && -n "$glibc" ]] && version_ge "$glibc" 2.38; then
    JAZZER_MODE=native
    JAZZER_NODE=("$node")
    return
  fi
  if [[ -x "$PRIVATE_LIB/ld-linux-x86-64.so.2" && -e "$PRIVATE_LIB/libstdc++.so.6" ]]; then
    JAZZER_MODE=private
    JAZZER_NODE=("$PRIVATE_LIB/ld-linux-x86-64.so.2" --library-path "$PRIVATE_LIB" "$node")
    return
  fi
  JAZZER_WHY="the system glibc is ${glibc:-not glibc} and jazzer.js 4.0.0 needs >= 2.38 (GLIBC_2.38, GLIBCXX_3.4.32),
and the private runtime is not in ${PRIVATE_LIB#"$REPO_DIR"/}.
Fetch it (Debian 13 libc6, libstdc++6, libgcc-s1 into packages/jazzer/.cache/, nothing installed system-wide):
  bash packages/jazzer/scripts/fetch-runtime.sh"
}
