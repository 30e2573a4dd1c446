#!/usr/bin/env bash
# Checks that rendering does not leak across the C boundary (cairo, pango, fontconfig):
# renders the built-in example's three figures as PNG, SVG and PDF RENDERS times in one
# process (Fuzz/Sources/RenderSoak), reads the resident set size at every tenth of the run,
# and compares the lowest reading early in the run with the lowest at its end; more than 10%
# growth fails.
#
#   scripts/leak-check.sh [RENDERS] [--valgrind]     RENDERS defaults to 1000
#
# --valgrind also runs 1 and then 20 renders under valgrind --leak-check=full and fails if more
# is definitely lost after 20 than after 1 (over 1 KiB more: a leak per render). fontconfig and
# pango lose about 150 KiB once, at the first fonts and shapes (fontconfig keeps its caches
# behind encoded pointers valgrind cannot follow); that does not grow. Full reports:
# .build-soak/valgrind-1.log and .build-soak/valgrind-20.log.
set -euo pipefail
cd "$(dirname "$0")/.."

renders=1000
valgrind=no
for arg in "$@"; do
    case "$arg" in
        --valgrind) valgrind=yes ;;
        *[!0-9]* | "") echo "usage: scripts/leak-check.sh [RENDERS] [--valgrind]" >&2; exit 2 ;;
        *) renders=$arg ;;
    esac
done
[ "$renders" -gt 100 ] || { echo "leak-check: RENDERS must be over 100" >&2; exit 2; }

bash scripts/install-deps.sh
scratch=.build-soak
mkdir -p "$scratch"
if ! nice -n 10 swift build --package-path Fuzz --scratch-path "$scratch" -c release --product RenderSoak >"$scratch/build.log" 2>&1; then
    grep -E "error" "$scratch/build.log" >&2 || true
    echo "leak-check: building RenderSoak failed (log: $scratch/build.log)" >&2
    exit 1
fi
soak="$scratch/release/RenderSoak"

start=$(date +%s)
# RSS at every tenth of the run. Single readings swing by ±10% with the threads' transient
# allocations (the figures are drawn on both cores), so the floors are compared: the lowest
# of the readings at 10–30% of the run against the lowest at 80–100%. A leak raises the
# floor; a transient peak does not.
points=()
for k in 1 2 3 4 5 6 7 8 9 10; do points+=($(( renders * k / 10 ))); done
out=$("$soak" "$renders" "${points[@]}")
echo "$out" | sed "s/^/    /"
rss_at() { echo "$out" | awk -v n="$1:" '$2 == n { print $4 }'; }
first=$(printf '%s\n' "$(rss_at "${points[0]}")" "$(rss_at "${points[1]}")" "$(rss_at "${points[2]}")" | sort -n | head -1)
last=$(printf '%s\n' "$(rss_at "${points[7]}")" "$(rss_at "${points[8]}")" "$(rss_at "${points[9]}")" | sort -n | head -1)
growth=$(awk -v a="$first" -v b="$last" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
echo "leak-check: $renders renders in $(( $(date +%s) - start )) s; lowest RSS ${first} KiB at 10-30% of the run, ${last} KiB at 80-100%: ${growth}% growth"
status=0
if awk -v g="$growth" 'BEGIN { exit !(g > 10) }'; then
    echo "leak-check: the RSS floor grew more than 10% over $renders renders" >&2
    status=1
fi

if [ "$valgrind" = yes ]; then
    command -v valgrind >/dev/null || { echo "leak-check: --valgrind needs valgrind (apt-get install valgrind)" >&2; exit 2; }
    # valgrind 3.19 cannot read the debug info swiftc writes; symbol names are enough.
    objcopy --strip-debug "$soak" "$scratch/RenderSoak.valgrind"
    lost=()
    for n in 1 20; do
        log="$scratch/valgrind-$n.log"
        # The Swift runtime's backtracer would handle valgrind's signals; leave them to valgrind.
        SWIFT_BACKTRACE=enable=no valgrind --leak-check=full --show-leak-kinds=definite --num-callers=40 \
            --log-file="$log" "$scratch/RenderSoak.valgrind" "$n" "$n" >/dev/null
        lost+=("$(awk '/definitely lost:/ { gsub(",", "", $4); print $4 }' "$log")")
        echo "leak-check: valgrind, $n render(s): ${lost[-1]} bytes definitely lost (log: $log)"
    done
    if [ "${lost[1]}" -gt $(( lost[0] + 1024 )) ]; then
        echo "leak-check: more is definitely lost after 20 renders than after 1: a leak per render" >&2
        status=1
    fi
fi
exit "$status"
