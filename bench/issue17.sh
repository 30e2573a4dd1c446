#!/usr/bin/env bash
# Issue 17's targets measured side by side in one run (not part of the test suite):
#
#   bench/issue17.sh NEW_BINARY [BASE_BINARY]
#
# NEW_BINARY and BASE_BINARY are release builds with the Swift runtime linked in
# (scripts/build-release.sh); BASE is the build to compare with (e.g. the previous release),
# optional. Results go to bench/results/issue17-<date>/ (tables, and JSON where a step writes it):
#   1. instructions.md: whole-process instructions against the C floor (bench/instructions.sh);
#   2. cold.md: one timeline per process, PNG and SVG, C floor / NEW / BASE (bench/interleaved.py);
#   3. warm/: per figure in a batch of 100 copies against the C floor (bench/run.sh, step figure);
#   4. reports/: the PDF report from YAML against Typst and the other report peers
#      (bench/report-pdf.sh);
#   5. batch/: 10,000 generated inputs, --jobs 2, time and peak memory, NEW then BASE
#      (bench/run.sh, step memory) (STEPS_BATCH=0 skips it: it takes minutes; BATCH_BASE=0
#      skips only BASE's);
#   6. watch.md: save-to-files latency of `hindsight watch` (bench/watch.sh).
# Knobs: RUNS (20), INPUT (the reference incident), N_BIG (10000).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NEW="$(realpath "${1:?usage: bench/issue17.sh NEW_BINARY [BASE_BINARY]}")"
BASE="${2:+$(realpath "$2")}"
RUNS="${RUNS:-20}"
INPUT="${INPUT:-/work/shared/examples/email-outage.yaml}"
N_BIG="${N_BIG:-10000}"
OUT="${OUT:-$ROOT/bench/results/issue17-$(date -u +%Y-%m-%d)}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
say() { printf '== %s (load %s)\n' "$*" "$(cut -d' ' -f1-3 /proc/loadavg)" >&2; }

say "1. instructions"
bash "$ROOT/bench/instructions.sh" "$NEW" > "$OUT/instructions.md"
[ -z "$BASE" ] || bash "$ROOT/bench/instructions.sh" "$BASE" > "$OUT/instructions-base.md"

say "2. cold, one figure per process"
gcc -O2 -o "$WORK/c_floor" /work/shared/bench/peers/c_floor/timeline.c $(pkg-config --cflags --libs pangocairo) -lm
mkdir -p "$WORK/f" "$WORK/n" "$WORK/b"
# Interleaved (floor, new, base, floor, ...; bench/interleaved.py): on a shared machine a
# change of load then falls on all of them alike, where hyperfine's blocks of runs of one
# command at a time let it favour one.
: > "$OUT/cold.md"
for fmt in png svg; do
    cmds=("c-floor" "$WORK/c_floor $INPUT $WORK/f --format $fmt"
          "new" "$NEW render $INPUT -o $WORK/n --figure timeline --image-format $fmt")
    [ -z "$BASE" ] || cmds+=("base" "$BASE render $INPUT -o $WORK/b --figure timeline --image-format $fmt")
    { echo "### ${fmt^^}, one timeline per process, $RUNS runs each, interleaved"; echo
      python3 "$ROOT/bench/interleaved.py" "$RUNS" "${cmds[@]}"; echo; } >> "$OUT/cold.md"
done
cat "$OUT/cold.md" >&2

say "3. warm, per figure"
HINDSIGHT_BIN="$NEW" STEPS=figure N=0 N_BIG=0 RESULTS="$OUT/warm" WORK="$WORK/warm" bash "$ROOT/bench/run.sh" > /dev/null

say "4. reports"
HINDSIGHT_BIN="$NEW" SAVE="$OUT/reports" RUNS=10 bash "$ROOT/bench/report-pdf.sh" > "$OUT/reports.md" || true
cat "$OUT/reports.md" >&2

if [ "${STEPS_BATCH:-1}" = 1 ]; then
    say "5. batch of $N_BIG inputs"
    HINDSIGHT_BIN="$NEW" STEPS=memory N=0 N_BIG="$N_BIG" RESULTS="$OUT/batch-new" WORK="$WORK/batch" bash "$ROOT/bench/run.sh" > /dev/null
    [ -z "$BASE" ] || [ "${BATCH_BASE:-1}" = 0 ] || HINDSIGHT_BIN="$BASE" STEPS=memory N=0 N_BIG="$N_BIG" RESULTS="$OUT/batch-base" WORK="$WORK/batch" bash "$ROOT/bench/run.sh" > /dev/null
fi

say "6. watch"
HINDSIGHT_BIN="$NEW" N=30 SAVE="$OUT/watch.md" bash "$ROOT/bench/watch.sh" > /dev/null || true
say "done: $OUT"
