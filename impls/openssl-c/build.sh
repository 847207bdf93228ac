#!/usr/bin/env bash
# Builds build/openssl-c (the adapter conform.json starts). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")"
for tool in make pkg-config; do
  command -v "$tool" >/dev/null || { echo "openssl-c: '$tool' is missing (apt-get install $tool)" >&2; exit 1; }
done
if ! pkg-config --exists libcrypto jansson; then
  echo "openssl-c: needs libssl-dev and libjansson-dev (apt-get install libssl-dev libjansson-dev)" >&2
  exit 1
fi
make --no-print-directory "$@"
