#!/usr/bin/env bash
# Prepares the native dependencies of one platform, in the manner of javacpp-presets:
#   ./cppbuild.sh [platform]        (default: the host, as JavaCPP names it)
# The JNI library itself is generated and compiled by the javacpp Maven plugin during `mvn package`
# (-Djavacpp.platform=X builds only X), against what this script prepares.
#
#   linux-x86_64   host build: Debian's XNNPACK (snapshot 2022-02-16), pthreadpool and cpuinfo from apt
#   linux-arm64    cross build: aarch64-linux-gnu-g++ and a private sysroot unpacked from Debian's arm64
#                  packages (they do not co-install with amd64 ones), plus an arm64 JRE for tests under qemu
#   linux-armhf    the same for 32-bit ARMv7 + NEON (arm-linux-gnueabihf-g++, Debian armhf packages)
#   android-arm64  needs ANDROID_NDK (API 24); not available on the machines this project is built on
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

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs host packages that are missing.
need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "cppbuild.sh: installing ${missing[*]}"
    as_root apt-get update -qq || echo "cppbuild.sh: apt-get update reported errors (tolerated)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

# Unpacks Debian packages of architecture $1: XNNPACK and its dependencies into $OUT/sysroot (for linking),
# and a JRE with the libraries it needs into $OUT/jre-root (for the tests under qemu, on purpose without
# XNNPACK: the tests must load the copies bundled in the jar). Writes $OUT/bin/java, a launcher for that JRE.
sysroot() {
  local arch="$1" qemu="$2" jvm="$3"
  if [ -f "$OUT/.complete" ]; then
    echo "cppbuild.sh: $OUT already prepared"
    return
  fi
  local added=""
  if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
    # apt-get download needs the foreign architecture's package lists; nothing is installed for it, and
    # the architecture is removed again below, leaving apt as it was found.
    as_root dpkg --add-architecture "$arch"
    added="$arch"
    as_root apt-get update -qq || echo "cppbuild.sh: apt-get update reported errors (tolerated)"
  fi
  fetch() {
    local dir="$1"; shift
    mkdir -p "$OUT/debs/$dir" "$OUT/$dir"
    (cd "$OUT/debs/$dir" && apt-get download -q "$@" 2>&1 | grep -v 'Download is performed unsandboxed' || true)
    for d in "$OUT/debs/$dir"/*.deb; do
      dpkg-deb -x "$d" "$OUT/$dir"
    done
  }
  fetch sysroot "libxnnpack0:$arch" "libxnnpack-dev:$arch" "libpthreadpool0:$arch" "libpthreadpool-dev:$arch" \
      "libcpuinfo0:$arch" "libcpuinfo-dev:$arch"
  fetch jre-root "openjdk-17-jre-headless:$arch" "libc6:$arch" "libstdc++6:$arch" "libgcc-s1:$arch" \
      "zlib1g:$arch" "libjpeg62-turbo:$arch" "liblcms2-2:$arch"
  mkdir -p "$OUT/bin"
  cat > "$OUT/bin/java" <<JAVA
#!/bin/sh
# The $arch JRE under qemu-user (binfmt is not relied on). For Surefire: -Djvm=\$0
exec $qemu -L "$OUT/jre-root" "$OUT/jre-root/usr/lib/jvm/$jvm/bin/java" "\$@"
JAVA
  chmod +x "$OUT/bin/java"
  if [ -n "$added" ]; then
    as_root dpkg --remove-architecture "$added" || true
  fi
  touch "$OUT/.complete"
  echo "cppbuild.sh: $arch sysroot in $OUT/sysroot, JRE launcher $OUT/bin/java"
}

case "$PLATFORM" in
  linux-x86_64)
    need_packages g++ libxnnpack-dev libpthreadpool-dev libcpuinfo-dev
    echo "cppbuild.sh: $PLATFORM ready (headers in /usr/include, libraries in /usr/lib/x86_64-linux-gnu)"
    ;;
  linux-arm64)
    need_packages g++-aarch64-linux-gnu qemu-user libxnnpack-dev libpthreadpool-dev
    sysroot arm64 qemu-aarch64 java-17-openjdk-arm64
    ;;
  linux-armhf)
    need_packages g++-arm-linux-gnueabihf qemu-user libxnnpack-dev libpthreadpool-dev
    sysroot armhf qemu-arm java-17-openjdk-armhf
    ;;
  android-arm64)
    if [ -z "${ANDROID_NDK:-}" ] || [ ! -f "${ANDROID_NDK:-}/build/cmake/android.toolchain.cmake" ]; then
      echo "cppbuild.sh: android-arm64 needs the Android NDK: set ANDROID_NDK to its folder (r25 or later)." >&2
      echo "  No NDK can be had on the machines this project is built and tested on, so this target is not" >&2
      echo "  built or tested there. On Android without it, use the reference backend (pure Java)." >&2
      exit 1
    fi
    # XNNPACK at the commit of Debian's snapshot (2022-02-16), built static for API 24 with the NDK's CMake
    # toolchain; XNNPACK's CMake fetches pthreadpool, cpuinfo, clog, FP16, FXdiv and psimd itself. The
    # javacpp build then links them into libjniXnnpackNative.so (see the android-arm64 profile in pom.xml).
    # Written for machines with an NDK and network access to GitHub; never run on this project's machines.
    need_packages cmake git
    src="$OUT/XNNPACK"
    if [ ! -d "$src/.git" ]; then
      git clone -q https://github.com/google/XNNPACK.git "$src"
      git -C "$src" checkout -q ae108ef   # the commit of Debian's 0.0~git20220216.ae108ef
    fi
    cmake -S "$src" -B "$OUT/build" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_TOOLCHAIN_FILE="$ANDROID_NDK/build/cmake/android.toolchain.cmake" \
        -DANDROID_ABI=arm64-v8a -DANDROID_PLATFORM=android-24 \
        -DXNNPACK_LIBRARY_TYPE=static -DXNNPACK_BUILD_TESTS=OFF -DXNNPACK_BUILD_BENCHMARKS=OFF \
        -DCMAKE_POSITION_INDEPENDENT_CODE=ON
    cmake --build "$OUT/build" -j "$(nproc)"
    mkdir -p "$OUT/sysroot/usr/include" "$OUT/sysroot/usr/lib"
    cp "$src/include/xnnpack.h" "$OUT/sysroot/usr/include/"
    find "$OUT/build" -name pthreadpool.h -path '*include*' -exec cp {} "$OUT/sysroot/usr/include/" \;
    find "$OUT/build" -name cpuinfo.h -path '*include*' -exec cp {} "$OUT/sysroot/usr/include/" \;
    find "$OUT/build" -name '*.a' \( -name 'libXNNPACK.a' -o -name 'libpthreadpool.a' -o -name 'libcpuinfo.a' \
        -o -name 'libclog.a' \) -exec cp {} "$OUT/sysroot/usr/lib/" \;
    echo "cppbuild.sh: android-arm64 static libraries in $OUT/sysroot/usr/lib"
    ;;
  *)
    echo "cppbuild.sh: unknown platform '$PLATFORM' (expected linux-x86_64, linux-arm64, linux-armhf or android-arm64)" >&2
    exit 1
    ;;
esac
