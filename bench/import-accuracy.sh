#!/usr/bin/env bash
# Importer accuracy on a labelled corpus of Markdown postmortems, in one command:
#
#   bench/import-accuracy.sh [HINDSIGHT] [CORPUS_DIR]
#
# Runs the shared scorer (../shared/tools/import-accuracy.py: per field, how many exports
# match what a careful reader takes from each file), counts the files that render a timeline
# and that export YAML, and appends a dated row to bench/results/import-accuracy.md; the
# full scorer output (every miss, `-v`) goes to bench/results/import-accuracy-<date>.txt.
# Measure only: never tune the importer to one file (the held-out set is from other repos).
#
# Knobs (environment): SCORER=/work/shared/tools/import-accuracy.py
set -euo pipefail
cd "$(dirname "$0")/.."
HS=${1:-.build/release/hindsight}
CORPUS=${2:-/work/shared/corpus/alx}
SCORER=${SCORER:-/work/shared/tools/import-accuracy.py}
[ -x "$HS" ] || { echo "no binary at $HS (swift build -c release, or pass .build/debug/hindsight)" >&2; exit 2; }
date=$(date -u +%Y-%m-%d)
mkdir -p bench/results
out=bench/results/import-accuracy-$date.txt
python3 "$SCORER" "$HS" "$CORPUS" -v > "$out"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
files=0 timelines=0 yamls=0
for f in "$CORPUS"/*.md; do
  [ "$(basename "$f")" = README.md ] && continue
  files=$((files + 1))
  "$HS" render "$f" --figure timeline --format svg -o "$work" >/dev/null 2>&1 && timelines=$((timelines + 1))
  "$HS" export "$f" --format yaml >/dev/null 2>&1 && yamls=$((yamls + 1))
done
pct() { grep -E "^  $1 " "$out" | awk '{print $3}'; }
table=bench/results/import-accuracy.md
if [ ! -f "$table" ]; then
  printf '# Importer accuracy (bench/import-accuracy.sh)\n\n' > "$table"
  printf '| date | commit | build | corpus | events | start | end | timezone | duration | percent | tasks | timeline rendered | YAML exported |\n' >> "$table"
  printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n' >> "$table"
fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "-")
printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s/%s | %s/%s |\n' "$date" "$commit" "$(basename "$(dirname "$HS")")" "$(basename "$CORPUS")" \
  "$(pct events)" "$(pct start)" "$(pct end)" "$(pct timezone)" "$(pct duration)" "$(pct percent)" "$(pct tasks)" \
  "$timelines" "$files" "$yamls" "$files" >> "$table"
head -9 "$out"
echo "timeline rendered $timelines/$files, YAML exported $yamls/$files"
echo "appended to $table; misses in $out"
