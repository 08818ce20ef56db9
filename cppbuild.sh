#!/usr/bin/env bash
# Prepares the native dependencies of one platform, in the manner of javacpp-presets:
#   ./cppbuild.sh [platform]        (default: the host, as JavaCPP names it)
# The XNNPACK backend (native/) and its per-platform jars are built on what this script prepares.
set -euo pipefail

PLATFORM="${1:-${PLATFORM:-}}"
if [ -z "$PLATFORM" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) PLATFORM=linux-x86_64 ;;
    Linux-aarch64) PLATFORM=linux-arm64 ;;
    Linux-armv7l) PLATFORM=linux-armhf ;;
    *) echo "cppbuild.sh: cannot tell the platform of $(uname -s)-$(uname -m); pass one" >&2; exit 1 ;;
  esac
fi

TOP="$(cd "$(dirname "$0")" && pwd)"
OUT="$TOP/target/cppbuild/$PLATFORM"
mkdir -p "$OUT"

case "$PLATFORM" in
  linux-x86_64)
    # Host build: Debian's libxnnpack-dev (snapshot 2022-02-16) and libpthreadpool-dev.
    echo "cppbuild.sh: $PLATFORM uses Debian's libxnnpack-dev and libpthreadpool-dev"
    ;;
  linux-arm64|linux-armhf|android-arm64)
    echo "cppbuild.sh: $PLATFORM is not built yet: the native backend comes first (see README, 'Platforms')" >&2
    exit 2
    ;;
  *)
    echo "cppbuild.sh: unknown platform '$PLATFORM' (expected linux-x86_64, linux-arm64, linux-armhf or android-arm64)" >&2
    exit 1
    ;;
esac
