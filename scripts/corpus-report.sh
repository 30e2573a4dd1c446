#!/usr/bin/env bash
# Imports and lints every Markdown postmortem of a folder and prints a table: file, imported
# incident or first error (rule@line), events found vs timeline entries counted in the text,
# start/end/timezone/percent found, lint warnings, time; then the share of files imported with
# start, end and all timeline events.
#
#   scripts/corpus-report.sh [DIR]        (default /work/shared/corpus/alx)
#   CORPUS_VERBOSE=1 scripts/corpus-report.sh DIR    also each file's reading and diagnostics
#
# The driver is the CorpusReport test of HindsightImportTests (skipped unless HINDSIGHT_CORPUS
# is set), built in the private scratch path .build-import.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(cd "${1:-/work/shared/corpus/alx}" && pwd)"
out="$(mktemp)"
log="$(mktemp)"
trap 'rm -f "$out" "$log"' EXIT
if ! HINDSIGHT_CORPUS="$dir" HINDSIGHT_CORPUS_OUT="$out" HINDSIGHT_CORPUS_VERBOSE="${CORPUS_VERBOSE:-0}" \
    swift test --filter 'HindsightImportTests.CorpusReport' >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "corpus-report: the run failed (see above)" >&2
    exit 1
fi
cat "$out"
