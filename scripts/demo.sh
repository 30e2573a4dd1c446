#!/usr/bin/env bash
# The README's first command: set up, build in release mode, render the built-in example
# into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bin=$(bash scripts/build-release.sh)
"$bin"
