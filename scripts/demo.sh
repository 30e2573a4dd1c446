#!/usr/bin/env bash
# The README's first command: set up, build in release mode, render the built-in example
# into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# The Swift runtime and Foundation linked in: a command starts in about half the time
# (no dynamic loading of Foundation and ICU), at the cost of a larger binary.
swift build -c release --product hindsight --static-swift-stdlib 2>&1 | grep -vE "warning: prohibited flag|^\[" || true
test -x .build/release/hindsight || { echo "hindsight: build failed" >&2; swift build -c release --product hindsight --static-swift-stdlib; exit 1; }
.build/release/hindsight
