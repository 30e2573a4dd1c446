#!/usr/bin/env bash
# Times `hindsight report --to pdf` against the report peers of ../shared/bench/reports
# (Typst, WeasyPrint, pandoc: whichever are installed) with hyperfine, from the same incident.
# Not part of the test suite. Runs a temporary copy of the shared runner, so nothing is written
# into shared/. Prints the runner's table (median, ratio to the fastest).
#
#   bench/report-pdf.sh [INPUT.yaml]            RUNS=10 WARMUP=2 by default; HINDSIGHT_BIN=path to skip the build;
#                                               SAVE=DIR keeps the table and hyperfine JSON in DIR
#
# Peers: /usr/bin/python3 -m pip install --break-system-packages typst weasyprint; apt-get install pandoc
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install hyperfine" >&2; exit 1; }
# HINDSIGHT_BIN=path uses an already built binary.
BIN="${HINDSIGHT_BIN:-$ROOT/.build/release/hindsight}"
if [ -z "${HINDSIGHT_BIN:-}" ]; then
    swift build -c release --product hindsight --static-swift-stdlib --package-path "$ROOT" 2>&1 | grep -E "error|Build of" || true
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -r "$SHARED/bench" "$WORK/bench"
cp -r "$SHARED/examples" "$WORK/examples"
INPUT="$(realpath "${1:-$WORK/examples/email-outage.yaml}")"
HINDSIGHT_REPORT_CMD="$BIN report {in} -o {outdir} --to pdf" \
RESULTS="$WORK/results" OUT="$WORK/out" RUNS="${RUNS:-10}" WARMUP="${WARMUP:-2}" \
    bash "$WORK/bench/reports/run-reports.sh" "$INPUT"
if [ -n "${SAVE:-}" ]; then
    mkdir -p "$SAVE"
    cp -r "$WORK/results/." "$SAVE/"
    echo "saved: $SAVE" >&2
fi
