#!/usr/bin/env bash
# Builds the native dependencies of one platform from pinned sources, in the manner of javacpp-presets:
#   ./cppbuild.sh [platform]        (default: the host, as JavaCPP names it)
# The JNI library itself is generated and compiled by the javacpp Maven plugin during `mvn package`
# (-Djavacpp.platform=X builds only X), against what this script leaves in target/cppbuild/<platform>/:
#   include/   xnnpack.h, pthreadpool.h, cpuinfo.h, mobilenet4j_native_versions.h (the versions below);
#              jpeg/ (libjpeg-turbo's jpeglib.h, jconfig.h, jmorecfg.h, jerror.h)
#   lib/       libXNNPACK.a, libmicrokernels-prod.a, libpthreadpool.a, libjpeg.a (static, PIC) and
#              libcpuinfo.so.0, which the platform jar carries beside the JNI library (rpath $ORIGIN)
#   bin/java   ARM only: a launcher for an ARM JRE under qemu-user, for the tests
# A platform already built from the same sources and patches is skipped (delete its folder to rebuild).
#
#   linux-x86_64   host gcc
#   linux-arm64    aarch64-linux-gnu-g++ (XNNPACK at -O2: gcc 12 for aarch64 miscompiles/crashes at -O3)
#   linux-armhf    arm-linux-gnueabihf-g++, ARMv7 + NEON, hard float
#   android-arm64  needs ANDROID_NDK; not available on the machines this project is built on
#
# Sources: Debian's orig tarballs of XNNPACK, pthreadpool and libjpeg-turbo, checked against the sha256 pinned
# below. libjpeg-turbo (the JPEG decoder of org.mobilenet4j.vision.jpeg, its own JNI library) is built with its
# SIMD code: nasm on x86_64, NEON on arm64 and armhf; it has its own completion mark, so a platform whose
# XNNPACK is already built gets it added without rebuilding XNNPACK.
# cpuinfo: its source is not served by Debian's archive, and bookworm's build (2022) lacks the functions
# XNNPACK 2024 calls, so Debian trixie's prebuilt libcpuinfo0/libcpuinfo-dev of the target architecture
# are used (they need only GLIBC 2.34). The archive's address is read from this machine's apt sources;
# MOBILENET4J_DEBIAN_ARCHIVE overrides it (e.g. on a host that is not Debian).
#
# The host is left alone: foreign-architecture packages are fetched with a private apt configuration under
# target/cppbuild/apt (APT_CONFIG), never installed. Only toolchains, cmake and qemu come from apt.
set -euo pipefail

XNNPACK_VERSION="0.0~git20241108.4ea82e5"
XNNPACK_SHA256="90bde2caef0f880f627bab0dc805a86c4b8070cd98e3243db3046ab3f3be1a99"
# Our patches to those sources (native/patches/NAME.patch, applied in this order; each says why in its hunks):
#   xnnpack-gemm-weight-panels  1x1 convolutions walk the output channels in panels of at most 256 KiB of
#                               packed weights, each panel over all pixels (measured 2-3 % less CPU per
#                               inference on v1/v2 1.0/224 at 1 thread; XNNPACK 2025 tiles for the cache too);
#                               single-threaded only (with 2 threads upstream's pixel-major split is faster)
#   xnnpack-f32-narrow-tiles    with AVX-512, f32 convolutions whose output channels would leave much of a
#                               32-wide tile idle (16, 24, 144: MobileNet v2/v3) run 16-wide kernels, as XNNPACK
#                               2025 does (v2 1.0/224 float, 1 thread: 4-5 % less time)
#   xnnpack-weights-huge-pages  the packed-weights buffer (2 MiB or more) on transparent huge pages where the
#                               kernel offers them (madvise); the JNI library does the same for each runtime's
#                               activations (v1/v2 float, 1 thread: 2-5 % less time, steadier across processes)
XNNPACK_PATCHES=(xnnpack-gemm-weight-panels xnnpack-f32-narrow-tiles xnnpack-weights-huge-pages)
XNNPACK_ID="$XNNPACK_VERSION + ${XNNPACK_PATCHES[*]}"   # the version --version reports
PTHREADPOOL_VERSION="0.0~git20240616.560c60d"
PTHREADPOOL_SHA256="4cc3cbd933b28131d2a34edc54f76af9fb41bc490af5eae1a5bd3cd07ea90708"
LIBJPEG_TURBO_VERSION="2.1.5"          # Debian bookworm's libjpeg-turbo (1:2.1.5-2), the libjpeg 6b API
LIBJPEG_TURBO_SHA256="254f3642b04e309fee775123133c6464181addc150499561020312ec61c1bf7c"
FXDIV_PACKAGE="libfxdiv-dev/bookworm"   # header-only; pthreadpool's build needs it
CPUINFO_SUITE="trixie"                  # libcpuinfo0 + libcpuinfo-dev of this suite
JRE_SUITE="bookworm"                    # the ARM JREs for the emulated tests

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
# What .complete records: the id, the pthreadpool version, and a digest of the patches' contents, so that an
# edited patch or another pthreadpool rebuilds too.
XNNPACK_BUILD_KEY="$XNNPACK_ID, pthreadpool $PTHREADPOOL_VERSION ($(for p in "${XNNPACK_PATCHES[@]}"; do cat "$TOP/native/patches/$p.patch"; done | sha256sum | cut -c1-16))"
CPPBUILD="$TOP/target/cppbuild"
OUT="$CPPBUILD/$PLATFORM"
DOWNLOADS="$CPPBUILD/downloads"
JOBS="${MAKEJ:-$(nproc)}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
say() { echo "cppbuild.sh: $*" >&2; }
die() { echo "cppbuild.sh: $*" >&2; exit 1; }

# Installs host tools that are missing (compilers, cmake, qemu): nothing of the target's libraries.
need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    as_root apt-get update -qq || say "apt-get update reported errors (tolerated)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

# The Debian archive named by this machine's apt sources (or MOBILENET4J_DEBIAN_ARCHIVE).
debian_archive() {
  if [ -n "${MOBILENET4J_DEBIAN_ARCHIVE:-}" ]; then
    echo "${MOBILENET4J_DEBIAN_ARCHIVE%/}"
    return
  fi
  local uri=""
  if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
    uri="$(awk 'tolower($1)=="uris:" {for (i = 2; i <= NF; i++) print $i}' /etc/apt/sources.list.d/*.sources \
        | grep -v -- '-security' | grep '/debian/\?$' | head -n1 || true)"
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri="$(awk '$1=="deb" {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; break}}' /etc/apt/sources.list \
        | grep -v -- '-security' | grep '/debian/\?$' | head -n1 || true)"
  fi
  [ -n "$uri" ] || die "no Debian archive in this machine's apt sources: set MOBILENET4J_DEBIAN_ARCHIVE to one"
  echo "${uri%/}"
}

# Downloads pool path $1 into $DOWNLOADS (once) and checks it against sha256 $2.
fetch_orig() {
  local path="$1" sha="$2" file
  file="$DOWNLOADS/$(basename "$path")"
  mkdir -p "$DOWNLOADS"
  if [ ! -f "$file" ]; then
    say "downloading $(basename "$path")"
    curl -fsSL --retry 3 -o "$file.part" "$(debian_archive)/$path" || die "cannot download $path"
    mv "$file.part" "$file"
  fi
  echo "$sha  $file" | sha256sum -c --quiet - || { rm -f "$file"; die "sha256 mismatch for $file (removed)"; }
  echo "$file"
}

# A private apt configuration (own sources, lists and cache) that can download packages of any of the three
# Linux architectures from bookworm and trixie without touching the system's apt state.
private_apt() {
  local dir="$CPPBUILD/apt" archive
  archive="$(debian_archive)"
  export APT_CONFIG="$dir/apt.conf"
  if [ -f "$dir/.updated" ] && grep -qF "\"$dir/sources.list\"" "$dir/apt.conf" 2>/dev/null; then return; fi
  rm -rf "$dir"   # absent, or copied from another folder (its apt.conf names that folder)
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/sources.list.d" "$dir/preferences.d"
  : > "$dir/status"
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  {
    echo "deb [arch=amd64,arm64,armhf signed-by=$keyring] $archive bookworm main"
    echo "deb [arch=amd64,arm64,armhf signed-by=$keyring] $archive trixie main"
  } > "$dir/sources.list"
  cat > "$dir/apt.conf" <<CONF
Dir::Etc::SourceList "$dir/sources.list";
Dir::Etc::SourceParts "$dir/sources.list.d";
Dir::Etc::Preferences "$dir/preferences";
Dir::Etc::PreferencesParts "$dir/preferences.d";
Dir::State::Lists "$dir/lists";
Dir::State::status "$dir/status";
Dir::Cache "$dir/cache";
APT::Architecture "amd64";
APT::Architectures { "amd64"; "arm64"; "armhf"; };
Acquire::Languages "none";
CONF
  say "updating the private package lists in $dir"
  apt-get update -qq || die "apt-get update with the private configuration failed"
  touch "$dir/.updated"
}

# Downloads Debian packages "name:arch/suite" with the private apt configuration and unpacks them into $1.
unpack_debs() {
  local into="$1"; shift
  private_apt
  local debs="$OUT/debs/$(basename "$into")"   # the .deb files, kept apart from what they unpack to
  mkdir -p "$debs" "$into"
  (cd "$debs" && apt-get download -qq "$@" 2>&1 | grep -v 'Download is performed unsandboxed' || true)
  local n=0
  for d in "$debs"/*.deb; do
    [ -f "$d" ] || continue
    dpkg-deb -x "$d" "$into"
    n=$((n + 1))
  done
  [ "$n" -ge "$#" ] || die "expected $# packages in $debs, found $n"
}

# cpuinfo (trixie, architecture $1): header and libcpuinfo.so.0 into $OUT; its version into $CPUINFO_VERSION.
cpuinfo() {
  local arch="$1" root="$OUT/unpacked/cpuinfo"
  unpack_debs "$root" "libcpuinfo0:$arch/$CPUINFO_SUITE" "libcpuinfo-dev:$arch/$CPUINFO_SUITE"
  local so
  so="$(find "$root" -name 'libcpuinfo.so.0' | head -n1)"
  [ -n "$so" ] || die "libcpuinfo.so.0 not found in the $arch packages"
  cp -L "$so" "$OUT/lib/libcpuinfo.so.0"
  ln -sf libcpuinfo.so.0 "$OUT/lib/libcpuinfo.so"
  cp "$root/usr/include/cpuinfo.h" "$OUT/include/"
  CPUINFO_VERSION="$(dpkg-deb -f "$(ls -1 "$OUT"/debs/cpuinfo/libcpuinfo0_*.deb | head -n1)" Version)"
}

# A CMake toolchain file for a cross compiler triplet $1 and processor $2.
toolchain_file() {
  local triplet="$1" processor="$2" file="$CPPBUILD/toolchains/$1.cmake"
  mkdir -p "$CPPBUILD/toolchains"
  cat > "$file" <<CMAKE
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR $processor)
set(CMAKE_C_COMPILER $triplet-gcc)
set(CMAKE_CXX_COMPILER $triplet-g++)
set(CMAKE_ASM_COMPILER $triplet-gcc)
set(CMAKE_FIND_ROOT_PATH /usr/$triplet)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
CMAKE
  echo "$file"
}

# Builds pthreadpool and XNNPACK static and PIC into $OUT. Extra cmake arguments: "$@".
build_sources() {
  local xnn_tar pool_tar src="$OUT/src"
  xnn_tar="$(fetch_orig "pool/main/x/xnnpack/xnnpack_${XNNPACK_VERSION}.orig.tar.xz" "$XNNPACK_SHA256")"
  pool_tar="$(fetch_orig "pool/main/p/pthreadpool/pthreadpool_${PTHREADPOOL_VERSION}.orig.tar.xz" "$PTHREADPOOL_SHA256")"
  rm -rf "$src" && mkdir -p "$src/xnnpack" "$src/pthreadpool" "$src/fxdiv"
  tar -xJf "$xnn_tar" -C "$src/xnnpack"   # this tarball has no top folder
  command -v patch >/dev/null || need_packages patch
  for p in "${XNNPACK_PATCHES[@]}"; do
    patch -s -d "$src/xnnpack" -p1 < "$TOP/native/patches/$p.patch" || die "patch $p does not apply"
  done
  tar -xJf "$pool_tar" -C "$src/pthreadpool" --strip-components=1
  # FXdiv: bookworm's header package is the upstream commit pthreadpool pins; a CMake project around it.
  unpack_debs "$OUT/unpacked/fxdiv" "$FXDIV_PACKAGE"
  mkdir -p "$src/fxdiv/include"
  cp "$OUT/unpacked/fxdiv/usr/include/fxdiv.h" "$src/fxdiv/include/"
  cat > "$src/fxdiv/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.5)
project(fxdiv C)
add_library(fxdiv INTERFACE)
target_include_directories(fxdiv INTERFACE "${CMAKE_CURRENT_SOURCE_DIR}/include")
CMAKE

  local common=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_POSITION_INDEPENDENT_CODE=ON
      -DFXDIV_SOURCE_DIR="$src/fxdiv" "$@")
  cmake -S "$src/pthreadpool" -B "$OUT/build/pthreadpool" "${common[@]}" \
      -DPTHREADPOOL_LIBRARY_TYPE=static -DPTHREADPOOL_BUILD_TESTS=OFF -DPTHREADPOOL_BUILD_BENCHMARKS=OFF \
      -DPTHREADPOOL_ALLOW_DEPRECATED_API=OFF > "$OUT/build/pthreadpool.log"
  nice cmake --build "$OUT/build/pthreadpool" -j "$JOBS" >> "$OUT/build/pthreadpool.log"
  cp "$OUT/build/pthreadpool/libpthreadpool.a" "$OUT/lib/"
  cp "$src/pthreadpool/include/pthreadpool.h" "$OUT/include/"

  # XNNPACK finds cpuinfo and pthreadpool as "system" libraries in $OUT (no network during the build).
  cmake -S "$src/xnnpack" -B "$OUT/build/xnnpack" "${common[@]}" \
      -DXNNPACK_LIBRARY_TYPE=static -DXNNPACK_BUILD_TESTS=OFF -DXNNPACK_BUILD_BENCHMARKS=OFF \
      -DXNNPACK_BUILD_ALL_MICROKERNELS=OFF -DXNNPACK_ENABLE_KLEIDIAI=OFF -DXNNPACK_USE_SYSTEM_LIBS=ON \
      -DCPUINFO_SOURCE_DIR="$OUT" -DCPUINFO_LIBRARY="$OUT/lib/libcpuinfo.so" \
      -DPTHREADPOOL_SOURCE_DIR="$OUT" -DPTHREADPOOL_LIBRARY="$OUT/lib/libpthreadpool.a" \
      -DFXDIV_HDR="$src/fxdiv/include/fxdiv.h" \
      > "$OUT/build/xnnpack.log"
  local t0=$SECONDS
  nice cmake --build "$OUT/build/xnnpack" -j "$JOBS" --target XNNPACK microkernels-prod >> "$OUT/build/xnnpack.log"
  say "$PLATFORM: XNNPACK built in $((SECONDS - t0)) s (wall, $JOBS jobs)"
  cp "$OUT/build/xnnpack/libXNNPACK.a" "$OUT/build/xnnpack/libmicrokernels-prod.a" "$OUT/lib/"
  cp "$src/xnnpack/include/xnnpack.h" "$OUT/include/"
  rm -rf "$src"
}

# libjpeg-turbo, static and PIC, SIMD required (the build fails rather than silently fall back to C), into
# $OUT/lib/libjpeg.a and $OUT/include/jpeg/. Only the libjpeg API (no TurboJPEG, no tools). Extra cmake
# arguments: "$@" (the toolchain). Skipped once built.
build_libjpeg_turbo() {
  if [ -f "$OUT/.libjpeg-turbo-complete" ]; then
    return
  fi
  local tarball src="$OUT/src/libjpeg-turbo" build="$OUT/build/libjpeg-turbo" t0=$SECONDS
  tarball="$(fetch_orig "pool/main/libj/libjpeg-turbo/libjpeg-turbo_${LIBJPEG_TURBO_VERSION}.orig.tar.gz" \
      "$LIBJPEG_TURBO_SHA256")"
  rm -rf "$src" "$build" && mkdir -p "$src" "$build" "$OUT/include/jpeg" "$OUT/lib"
  tar -xzf "$tarball" -C "$src" --strip-components=1
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
      -DENABLE_SHARED=OFF -DENABLE_STATIC=ON -DWITH_TURBOJPEG=OFF -DWITH_JAVA=OFF -DWITH_SIMD=ON -DREQUIRE_SIMD=ON \
      "$@" > "$build.log"
  nice cmake --build "$build" -j "$JOBS" --target jpeg-static >> "$build.log"
  cp "$build/libjpeg.a" "$OUT/lib/"
  cp "$src/jpeglib.h" "$src/jmorecfg.h" "$src/jerror.h" "$build/jconfig.h" "$OUT/include/jpeg/"
  rm -rf "$src"
  touch "$OUT/.libjpeg-turbo-complete"
  say "$PLATFORM: libjpeg-turbo $LIBJPEG_TURBO_VERSION built in $((SECONDS - t0)) s"
}

# The versions compiled into the JNI library (reported by `mobilenet4j --version`).
# True when $OUT's XNNPACK was built from exactly $XNNPACK_BUILD_KEY (sources and patch contents).
xnnpack_built() {
  [ -f "$OUT/.complete" ] && [ "$(cat "$OUT/.complete")" = "$XNNPACK_BUILD_KEY" ]
}

write_versions() {
  cat > "$OUT/include/mobilenet4j_native_versions.h" <<H
// Written by cppbuild.sh: the sources this platform's native libraries were built from.
#pragma once
#define MOBILENET4J_XNNPACK_VERSION "$XNNPACK_ID"
#define MOBILENET4J_PTHREADPOOL_VERSION "$PTHREADPOOL_VERSION"
#define MOBILENET4J_CPUINFO_VERSION "$1"
#define MOBILENET4J_LIBJPEG_TURBO_VERSION "$LIBJPEG_TURBO_VERSION"
#define MOBILENET4J_NATIVE_PLATFORM "$PLATFORM"
H
}

# An ARM JRE (architecture $1) with the libraries it needs, for the tests under qemu ($2). Without XNNPACK
# or cpuinfo on purpose: the tests must load the copies bundled in the jar. Writes $OUT/bin/java.
arm_jre() {
  local arch="$1" qemu="$2" jvm="$3"
  local pkgs=()
  for p in openjdk-17-jre-headless libc6 libstdc++6 libgcc-s1 zlib1g libjpeg62-turbo liblcms2-2; do
    pkgs+=("$p:$arch/$JRE_SUITE")
  done
  unpack_debs "$OUT/jre-root" "${pkgs[@]}"
  mkdir -p "$OUT/bin"
  cat > "$OUT/bin/java" <<JAVA
#!/bin/sh
# The $arch JRE under qemu-user (binfmt is not relied on). For Surefire: -Djvm=\$0
exec $qemu -L "$OUT/jre-root" "$OUT/jre-root/usr/lib/jvm/$jvm/bin/java" "\$@"
JAVA
  chmod +x "$OUT/bin/java"
}

# Builds platform $PLATFORM for Debian architecture $1; further arguments go to cmake.
build_linux() {
  local arch="$1"; shift
  if xnnpack_built; then
    say "$OUT: XNNPACK already built from $XNNPACK_ID"
  else
    # not built, or built from other sources or patches (.complete says which): build again
    local t0=$SECONDS
    rm -rf "$OUT" && mkdir -p "$OUT/include" "$OUT/lib" "$OUT/build"
    cpuinfo "$arch"
    build_sources "$@"
    echo "$XNNPACK_BUILD_KEY" > "$OUT/.complete"
    say "$PLATFORM: XNNPACK and its libraries built in $((SECONDS - t0)) s: $OUT"
  fi
  build_libjpeg_turbo "$@"
  # the versions header names libjpeg-turbo too: rewritten from the cpuinfo package that was unpacked
  write_versions "$(dpkg-deb -f "$(ls -1 "$OUT"/debs/cpuinfo/libcpuinfo0_*.deb | head -n1)" Version)"
}

case "$PLATFORM" in
  linux-x86_64)
    need_packages g++ cmake ninja-build python3 curl nasm
    build_linux amd64
    ;;
  linux-arm64)
    need_packages g++-aarch64-linux-gnu qemu-user cmake ninja-build python3 curl
    build_linux arm64 -DCMAKE_TOOLCHAIN_FILE="$(toolchain_file aarch64-linux-gnu aarch64)" \
        -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG"
    [ -x "$OUT/bin/java" ] || arm_jre arm64 qemu-aarch64 java-17-openjdk-arm64
    ;;
  linux-armhf)
    need_packages g++-arm-linux-gnueabihf qemu-user cmake ninja-build python3 curl
    build_linux armhf -DCMAKE_TOOLCHAIN_FILE="$(toolchain_file arm-linux-gnueabihf arm)" \
        -DCMAKE_C_FLAGS="-march=armv7-a -mfpu=neon -mfloat-abi=hard" \
        -DCMAKE_CXX_FLAGS="-march=armv7-a -mfpu=neon -mfloat-abi=hard"
    [ -x "$OUT/bin/java" ] || arm_jre armhf qemu-arm java-17-openjdk-armhf
    ;;
  android-arm64)
    if [ -z "${ANDROID_NDK:-}" ] || [ ! -f "${ANDROID_NDK:-}/build/cmake/android.toolchain.cmake" ]; then
      echo "cppbuild.sh: android-arm64 needs the Android NDK: set ANDROID_NDK to its folder (r25 or later)." >&2
      echo "  No NDK can be had on the machines this project is built and tested on, so this target is not" >&2
      echo "  built or tested there. On Android without it, use the reference backend (pure Java)." >&2
      exit 1
    fi
    # The same XNNPACK and pthreadpool sources, static for API 24 with the NDK's CMake toolchain. Debian has
    # no Android cpuinfo: XNNPACK's CMake fetches the cpuinfo commit it pins (cmake/DownloadCpuinfo.cmake,
    # needs network) and builds it static; the javacpp build links it all into libjniXnnpackNative.so.
    # Written for machines with an NDK; never run on this project's machines.
    need_packages cmake ninja-build python3 curl
    ndk=(-DCMAKE_TOOLCHAIN_FILE="$ANDROID_NDK/build/cmake/android.toolchain.cmake" -DANDROID_ABI=arm64-v8a
        -DANDROID_PLATFORM=android-24)
    build_android() {
      local xnn_tar pool_tar src="$OUT/src"
      xnn_tar="$(fetch_orig "pool/main/x/xnnpack/xnnpack_${XNNPACK_VERSION}.orig.tar.xz" "$XNNPACK_SHA256")"
      pool_tar="$(fetch_orig "pool/main/p/pthreadpool/pthreadpool_${PTHREADPOOL_VERSION}.orig.tar.xz" "$PTHREADPOOL_SHA256")"
      mkdir -p "$src/xnnpack" "$src/pthreadpool"
      tar -xJf "$xnn_tar" -C "$src/xnnpack"
      for p in "${XNNPACK_PATCHES[@]}"; do patch -s -d "$src/xnnpack" -p1 < "$TOP/native/patches/$p.patch"; done
      tar -xJf "$pool_tar" -C "$src/pthreadpool" --strip-components=1
      cmake -S "$src/xnnpack" -B "$OUT/build/xnnpack" -G Ninja -DCMAKE_BUILD_TYPE=Release "${ndk[@]}" \
          -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DXNNPACK_LIBRARY_TYPE=static -DXNNPACK_BUILD_TESTS=OFF \
          -DXNNPACK_BUILD_BENCHMARKS=OFF -DXNNPACK_BUILD_ALL_MICROKERNELS=OFF -DXNNPACK_ENABLE_KLEIDIAI=OFF \
          -DPTHREADPOOL_SOURCE_DIR="$src/pthreadpool"
      nice cmake --build "$OUT/build/xnnpack" -j "$JOBS" --target XNNPACK microkernels-prod pthreadpool cpuinfo
      find "$OUT/build/xnnpack" \( -name libXNNPACK.a -o -name libmicrokernels-prod.a -o -name libpthreadpool.a \
          -o -name libcpuinfo.a \) -exec cp {} "$OUT/lib/" \;
      cp "$src/xnnpack/include/xnnpack.h" "$src/pthreadpool/include/pthreadpool.h" "$OUT/include/"
      find "$OUT/build/xnnpack" -name cpuinfo.h -path '*include*' -exec cp {} "$OUT/include/" \;
    }
    if xnnpack_built; then
      say "$OUT: XNNPACK already built from $XNNPACK_ID"
    else
      rm -rf "$OUT" && mkdir -p "$OUT/include" "$OUT/lib"
      build_android
      echo "$XNNPACK_BUILD_KEY" > "$OUT/.complete"
    fi
    build_libjpeg_turbo "${ndk[@]}"   # NEON through the NDK's toolchain, as on linux-arm64
    write_versions "source (XNNPACK's pinned commit)"
    say "android-arm64 static libraries in $OUT/lib"
    ;;
  *)
    die "unknown platform '$PLATFORM' (expected linux-x86_64, linux-arm64, linux-armhf or android-arm64)"
    ;;
esac
