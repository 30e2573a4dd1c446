#!/usr/bin/env bash
# Release build of the `hindsight` binary with the Swift runtime and Foundation linked in
# (`--static-swift-stdlib`): it needs no Swift toolchain to run, only the Debian libraries of
# `scripts/install-deps.sh runtime` (the container image's runtime stage), and a command starts
# in about half the time (no dynamic loading of Foundation and ICU), for a larger binary.
# Prints the binary's path on standard output; the build's own output goes to standard error.
#   scripts/build-release.sh [more swift build arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
# Linked as a position-dependent executable (`-no-pie`, through swiftc to clang): the 88 MB
# binary then needs no relative relocations of its own at start-up (92,188 -> 12,497 for the
# loader, 200 fewer page faults per process; BENCHMARKS.md, issue 17, session 7). The code is
# compiled as position-independent anyway; only the executable's own address is fixed
# (shared libraries, heap and stack stay randomised).
# Concrete generic types are made through their metadata accessors, not looked up by mangled
# name at run time (`-disable-concrete-type-metadata-mangled-name-accessors`): a lookup by
# name checks the type's generic requirements by scanning all 6,000 protocol conformances of
# the binary, which swift-argument-parser's property wrappers did dozens of times in every
# command (9.4 M of 177 M instructions for a timeline SVG; BENCHMARKS.md, issue 17, session 10).
# Output bytes are unchanged; the binary grows by 0.1 MB.
args=(-c release --product hindsight --static-swift-stdlib -Xswiftc -Xclang-linker -Xswiftc -no-pie
      -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors)
# The C++ library the Swift runtime is written against is linked in too (libstdc++.a, from
# libstdc++-12-dev, which the Swift toolchain itself needs): loading libstdc++.so took 1,700 of
# the 6,800 symbol look-ups of every process before `main`, about 1.5 ms (BENCHMARKS.md, issue
# 17, session 11). The linker takes `-lstdc++` from the first folder that has it, so that
# archive alone goes in a folder searched before the compiler's own. Without it (no archive),
# the binary links libstdc++.so as before.
static_cxx="$(clang -print-file-name=libstdc++.a 2>/dev/null || true)"
if [ -f "$static_cxx" ]; then
    mkdir -p .build/static-cxx
    ln -sf "$static_cxx" .build/static-cxx/libstdc++.a
    args+=(-Xlinker -L"$PWD/.build/static-cxx")
fi
args+=("$@")
# Swift 6.3's static Foundation links as is on Debian 12 (checked with `ldd`: no
# libFoundation*.so, libswift*.so or libicu*.so needed); should a toolchain need more, name
# the libraries here with -Xlinker -l…, not in callers.
swift build "${args[@]}" 2>&1 | { grep -vE "warning: prohibited flag|^\[[0-9]+/[0-9]+\]" || true; } >&2
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || { echo "hindsight: release build failed (exit $status)" >&2; exit "$status"; }
echo "$(swift build "${args[@]}" --show-bin-path)/hindsight"
