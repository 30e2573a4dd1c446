#!/usr/bin/env bash
# The README's first command: set up, build in release mode, render the built-in example
# into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product hindsight 2>&1 | grep -vE "warning: prohibited flag|^\[" || true
test -x .build/release/hindsight || { echo "hindsight: build failed" >&2; swift build -c release --product hindsight; exit 1; }
.build/release/hindsight
