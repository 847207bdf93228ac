#!/usr/bin/env bash
# Fetches a private glibc/libstdc++ runtime for jazzer.js on machines whose glibc is older than 2.38
# (Debian 12, Ubuntu 22.04): libc6, libstdc++6 and libgcc-s1 from Debian 13 ("trixie"), downloaded
# with apt into packages/jazzer/.cache/glibc (gitignored) and unpacked with dpkg -x. Nothing is
# installed on the system and no system file is touched; deleting .cache/ undoes it.
# See /work/shared/notes/jazzer-on-debian12.md. Never called by `npm ci` or `npm test`.
#
# Exit codes: 0 runtime present, 3 a required tool (apt-get, dpkg) is missing, 4 download failed.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="$PWD/.cache/glibc"
ROOT="$CACHE/root"
LIB="$ROOT/usr/lib/x86_64-linux-gnu"
MIRROR="${JAZZER_RUNTIME_MIRROR:-http://deb.debian.org/debian}"
SUITE="${JAZZER_RUNTIME_SUITE:-trixie}"

if [[ -x "$LIB/ld-linux-x86-64.so.2" && -e "$LIB/libstdc++.so.6" ]]; then
  echo "fetch-runtime: private runtime already present in $ROOT"
  exit 0
fi
if [[ "$(uname -m)" != x86_64 ]]; then
  echo "fetch-runtime: only x86_64 is supported (this is $(uname -m))" >&2
  exit 3
fi
for tool in apt-get dpkg; do
  command -v "$tool" >/dev/null || {
    echo "fetch-runtime: '$tool' not found; this script needs a Debian-like system" >&2
    exit 3
  }
done

mkdir -p "$CACHE/lists/partial" "$CACHE/debs" "$CACHE/archives/partial"
echo "deb [trusted=yes] $MIRROR $SUITE main" >"$CACHE/sources.list"
o=(
  -o "Dir::Etc::SourceList=$CACHE/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$CACHE/lists"
  -o "Dir::Cache::Archives=$CACHE/archives"
  -o "Debug::NoLocking=1"
)
echo "fetch-runtime: apt-get update from $MIRROR $SUITE (private lists in $CACHE/lists)"
apt-get "${o[@]}" -qq update || {
  echo "fetch-runtime: apt-get update failed (is $MIRROR reachable?)" >&2
  exit 4
}
echo "fetch-runtime: downloading libc6 libstdc++6 libgcc-s1"
(cd "$CACHE/debs" && apt-get "${o[@]}" -qq download libc6 libstdc++6 libgcc-s1) || {
  echo "fetch-runtime: apt-get download failed" >&2
  exit 4
}
rm -rf "$ROOT"
for f in "$CACHE"/debs/*.deb; do dpkg -x "$f" "$ROOT"; done
"$LIB/ld-linux-x86-64.so.2" --library-path "$LIB" "$(command -v node)" -e 'process.exit(0)' || {
  echo "fetch-runtime: unpacked, but node does not start through $LIB/ld-linux-x86-64.so.2" >&2
  exit 4
}
echo "fetch-runtime: private runtime ready in $ROOT ($(ls "$CACHE"/debs | tr '\n' ' '))"
