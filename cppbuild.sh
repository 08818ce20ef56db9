#!/usr/bin/env bash
# Prepares the native dependencies of one platform, in the manner of javacpp-presets:
#   ./cppbuild.sh [platform]        (default: the host, as JavaCPP names it)
# The JNI library itself is generated and compiled by the javacpp Maven plugin during `mvn package`
# (-Djavacpp.platform=X builds only X), linking what this script prepares.
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

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

case "$PLATFORM" in
  linux-x86_64)
    # Host build on Debian bookworm: XNNPACK snapshot 2022-02-16 and its dependencies from Debian. The
    # javacpp plugin copies libXNNPACK.so.0, libpthreadpool.so.0 and libcpuinfo.so.0 into the jar.
    missing=()
    for p in g++ libxnnpack-dev libpthreadpool-dev libcpuinfo-dev; do
      dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
      echo "cppbuild.sh: installing ${missing[*]}"
      as_root apt-get update -qq || true
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    fi
    echo "cppbuild.sh: $PLATFORM ready (headers in /usr/include, libraries in /usr/lib/x86_64-linux-gnu)"
    ;;
  linux-arm64|linux-armhf|android-arm64)
    echo "cppbuild.sh: $PLATFORM is not prepared yet (cross sysroots come with the platform jars issue)" >&2
    exit 2
    ;;
  *)
    echo "cppbuild.sh: unknown platform '$PLATFORM' (expected linux-x86_64, linux-arm64, linux-armhf or android-arm64)" >&2
    exit 1
    ;;
esac
