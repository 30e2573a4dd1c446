#!/usr/bin/env bash
# Whole-process cost in instructions (valgrind's callgrind), Hindsight against the C floor
# (/work/shared/bench/peers/c_floor), for one figure per process. Instructions, unlike
# seconds, do not move with what else the machine runs, so two builds can be compared on a
# shared machine. Not part of the test suite.
#
#   bench/instructions.sh [HINDSIGHT_BINARY]      (default .build/release/hindsight)
#
# Prints a Markdown table (millions of instructions per command, ratio to the floor).
# INPUT (the reference incident), C_FLOOR (the floor's sources) may be set.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$ROOT/.build/release/hindsight}"
INPUT="${INPUT:-/work/shared/examples/email-outage.yaml}"
C_FLOOR="${C_FLOOR:-/work/shared/bench/peers/c_floor}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
# valgrind cannot read the debug sections of a binary linked with the static Swift runtime: strip a copy.
strip -o "$WORK/hindsight" "$BIN"
gcc -O2 -o "$WORK/c_floor" "$C_FLOOR/timeline.c" $(pkg-config --cflags --libs pangocairo) -lm
H="$WORK/hindsight"
mkdir -p "$WORK/o" "$WORK/f"
count() {  # millions of instructions of one whole command
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
        | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | awk '{ printf "%.0f", $1 / 1e6 }'
}
floor_png=$(count "$WORK/c_floor" "$INPUT" "$WORK/f" --format png)
floor_svg=$(count "$WORK/c_floor" "$INPUT" "$WORK/f" --format svg)
floor_png2=$(count "$WORK/c_floor" "$INPUT" "$WORK/f" --format png --scale 2)
row() {  # label floor command...
    local label=$1 floor=$2; shift 2
    local n; n=$(count "$@")
    if [ "$floor" = "-" ]; then printf '| %s | %s M | | |\n' "$label" "$n"
    else printf '| %s | %s M | %s M | %.2f× |\n' "$label" "$n" "$floor" "$(echo "$n / $floor" | bc -l)"; fi
}

echo "| command (one process) | Hindsight | C floor | ratio |"
echo "|---|---:|---:|---:|"
row "timeline PNG, 1600 px wide (\`--scale 2\`, the default)" "$floor_png" "$H" render "$INPUT" -o "$WORK/o" --figure timeline --image-format png
row "timeline PNG, 800 px wide (\`--scale 1\`)" "$floor_png" "$H" render "$INPUT" -o "$WORK/o" --figure timeline --image-format png --scale 1
row "timeline PNG, floor at \`--scale 2\` (3200 px)" "$floor_png2" "$H" render "$INPUT" -o "$WORK/o" --figure timeline --image-format png --scale 4
row "timeline SVG" "$floor_svg" "$H" render "$INPUT" -o "$WORK/o" --figure timeline --image-format svg
row "\`check\` of the example" - "$H" check "$INPUT"
row "\`--version\`" - "$H" --version
