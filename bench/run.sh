#!/usr/bin/env bash
# The `hindsight batch` benchmark, in one command (not part of the test suite):
#
#   bench/run.sh
#
# 1. scaling: N generated incidents × every figure × PNG and SVG, --jobs 1 vs 2, worker
#    processes vs in-process threads (hyperfine, RUNS runs each, output folder emptied before each);
# 2. memory: peak RSS (/usr/bin/time -v: the largest single process) and the peak of the summed
#    RSS of the whole process tree (coordinator + workers, sampled every 0.1 s), for N and N_BIG inputs;
# 3. unchanged re-run of N (and N_BIG) inputs: nothing to render;
# 4. per-figure warm cost against the C floor (/work/shared/bench/peers/c_floor, built here into
#    a temporary folder), same input, same figure (timeline), PNG and SVG: per figure =
#    (median(batch of COPIES) − median(single)) / (COPIES − 1), as in /work/shared/bench.
# Results: bench/results/<date>/ (hyperfine JSON, time -v logs, summary.md, printed at the end).
#
# Knobs (environment): STEPS="scaling memory rerun figure" (any subset; the summary shows what
#   bench/results/<date>/ holds)  N=1000  N_BIG=10000 (0 skips)  RUNS=3  FIG_RUNS=10  COPIES=100
#   WORK=${TMPDIR:-/tmp}/hindsight-batch-bench  C_FLOOR=/work/shared/bench/peers/c_floor
#   INPUT=/work/shared/examples/email-outage.yaml  RESULTS=bench/results/<date>
#   HINDSIGHT_BIN=path (a built binary; otherwise a release build into .build-batch)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${STEPS:-scaling memory rerun figure}"
N="${N:-1000}"
N_BIG="${N_BIG:-10000}"
RUNS="${RUNS:-3}"
FIG_RUNS="${FIG_RUNS:-10}"
COPIES="${COPIES:-100}"
WORK="${WORK:-${TMPDIR:-/tmp}/hindsight-batch-bench}"
C_FLOOR="${C_FLOOR:-/work/shared/bench/peers/c_floor}"
INPUT="${INPUT:-/work/shared/examples/email-outage.yaml}"
RESULTS="${RESULTS:-$ROOT/bench/results/$(date +%Y-%m-%d)}"
H="${HINDSIGHT_BIN:-$ROOT/.build-batch/release/hindsight}"

say() { printf '== %s\n' "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
step() { [[ " $STEPS " == *" $1 "* ]]; }

command -v hyperfine >/dev/null || { say "installing hyperfine"; apt-get install -y hyperfine >/dev/null; }
[ -x /usr/bin/time ] || { say "installing time"; apt-get install -y time >/dev/null; }
mkdir -p "$RESULTS" "$WORK"

# HINDSIGHT_BIN=path: measure that binary (a release build with the Swift runtime linked in,
# as scripts/build-release.sh makes it) instead of building one into .build-batch.
[ -n "${HINDSIGHT_BIN:-}" ] || say "build (release)"
for attempt in 1 2 3 4 5 6; do
    [ -z "${HINDSIGHT_BIN:-}" ] || break
    # Retried: other people editing the tree make a build fail with "modified during the build".
    if log=$(cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path .build-batch 2>&1); then break; fi
    say "build failed (attempt $attempt): $(echo "$log" | grep -m1 error)"
    [ "$attempt" = 6 ] && exit 1
    sleep 30
done
mkdir -p "$WORK/cfloor"
make -s -C "$WORK/cfloor" -f "$C_FLOOR/Makefile" VPATH="$C_FLOOR" timeline

say "inputs"
for n in "$N" "$N_BIG"; do
    [ "$n" -gt 0 ] && [ ! -d "$WORK/in-$n" ] && "$H" batch --generate "$n" -o "$WORK/in-$n"
done
rm -rf "$WORK/copies-1" "$WORK/copies-$COPIES"
mkdir -p "$WORK/copies-1" "$WORK/copies-$COPIES"
cp "$INPUT" "$WORK/copies-1/e0001.yaml"
for i in $(seq -w 1 "$COPIES"); do cp "$INPUT" "$WORK/copies-$COPIES/e$i.yaml"; done

{
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr)"
    echo "swift: $(swift --version 2>/dev/null | head -1)"
    echo "hindsight: $("$H" --version)"
} > "$RESULTS/machine.txt"

# hyperfine NAME RUNS WARMUP ARGS... ; logs the load average before and after.
bench() {
    local name=$1 runs=$2 warmup=$3; shift 3
    say "$name (load $(load))"
    echo "$name before: $(load)" > "$RESULTS/load-$name.txt"
    hyperfine -N --style basic --runs "$runs" --warmup "$warmup" --export-json "$RESULTS/$name.json" "$@" >&2
    echo "$name after: $(load)" >> "$RESULTS/load-$name.txt"
}

# 1. Scaling.
IN="$WORK/in-$N"
OUT="$WORK/out-scale"
step scaling && bench scaling "$RUNS" 0 --prepare "rm -rf $OUT" \
    -n "process-jobs1" "$H batch $IN -o $OUT --progress never --jobs 1" \
    -n "process-jobs2" "$H batch $IN -o $OUT --progress never --jobs 2" \
    -n "thread-jobs1" "$H batch $IN -o $OUT --progress never --jobs 1 --isolation thread" \
    -n "thread-jobs2" "$H batch $IN -o $OUT --progress never --jobs 2 --isolation thread"

# 2. Memory. `time -v` reports the largest single process (coordinator or one worker); the
# sampler adds up the RSS of the coordinator and its workers.
memory() {
    local n=$1 out="$WORK/out-$1"
    rm -rf "$out"
    say "memory $n inputs (load $(load))"
    echo "memory-$n before: $(load)" > "$RESULTS/load-memory-$n.txt"
    /usr/bin/time -v -o "$RESULTS/memory-$n.time.log" "$H" batch "$WORK/in-$n" -o "$out" --progress never --jobs 2 &
    local timer=$! peak=0
    sleep 0.2
    local pid
    # The coordinator is time's only child, whatever the binary is called.
    pid=$(pgrep -P "$timer" | head -1 || true)
    while kill -0 "$timer" 2>/dev/null; do
        local sum=0
        for p in $pid $(pgrep -P "${pid:-0}" 2>/dev/null); do
            local kb
            kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
            sum=$((sum + ${kb:-0}))
        done
        [ "$sum" -gt "$peak" ] && peak=$sum
        sleep 0.1
    done
    wait "$timer"
    echo "memory-$n after: $(load)" >> "$RESULTS/load-memory-$n.txt"
    echo "$peak" > "$RESULTS/memory-$n.tree-peak-kb.txt"
}
if step memory; then
    [ "$N" -gt 0 ] && memory "$N"
    [ "$N_BIG" -gt 0 ] && memory "$N_BIG"
fi

# 3. Unchanged re-runs (the output folders of step 2).
if step rerun; then
    [ "$N" -gt 0 ] && bench rerun-$N 10 2 "$H batch $WORK/in-$N -o $WORK/out-$N --progress never"
    [ "$N_BIG" -gt 0 ] && bench rerun-$N_BIG 5 1 "$H batch $WORK/in-$N_BIG -o $WORK/out-$N_BIG --progress never"
fi

# 4. Per figure against the C floor: timeline, one format at a time.
C="$WORK/cfloor/timeline"
for fmt in png svg; do
    step figure || break
    d="$WORK/fig-$fmt"
    mkdir -p "$d/c"
    bench "figure-$fmt" "$FIG_RUNS" 2 \
        -n "c-single" "$C $INPUT $d/c --format $fmt" \
        -n "c-batch" "$C $INPUT $d/c --format $fmt --batch $COPIES" \
        -n "h-single" "$H batch $WORK/copies-1 -o $d/h --figure timeline --image-format $fmt --jobs 1 --force --progress never" \
        -n "h-batch" "$H batch $WORK/copies-$COPIES -o $d/h --figure timeline --image-format $fmt --jobs 1 --force --progress never" \
        -n "h-thread-single" "$H batch $WORK/copies-1 -o $d/t --figure timeline --image-format $fmt --jobs 1 --force --progress never --isolation thread" \
        -n "h-thread-batch" "$H batch $WORK/copies-$COPIES -o $d/t --figure timeline --image-format $fmt --jobs 1 --force --progress never --isolation thread" \
        -n "render-single" "$H render $WORK/copies-1/e0001.yaml -o $d/r --figure timeline --image-format $fmt" \
        -n "render-batch" "$H render $(echo "$WORK/copies-$COPIES"/*.yaml) -o $d/r --figure timeline --image-format $fmt"
done

python3 - "$RESULTS" "$N" "$N_BIG" "$COPIES" <<'EOF' | tee "$RESULTS/summary.md"
import json, os, re, sys
res, n, n_big, copies = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def runs(name):
    p = os.path.join(res, name + ".json")
    return {r["command"]: r for r in json.load(open(p))["results"]} if os.path.exists(p) else {}
def med(r): return r["median"]
def cpu(r): return r["user"] + r["system"]   # means, this process and the workers it waited for
print(open(os.path.join(res, "machine.txt")).read())
s = runs("scaling")
if s:
    print("## %d inputs × 3 figures × PNG+SVG (%d files), median of %d runs" % (n, n * 6, len(s["process-jobs1"]["times"])))
    print("| isolation | --jobs 1, s | --jobs 2, s | speed-up (target ≥ 1.7×) | inputs/s at --jobs 2 | CPU (user+sys) --jobs 1 / 2, s |")
    print("|---|---:|---:|---:|---:|---:|")
    for iso in ("process", "thread"):
        a, b = s[iso + "-jobs1"], s[iso + "-jobs2"]
        print("| %s | %.1f | %.1f | %.2f× | %.1f | %.1f / %.1f |" % (iso, med(a), med(b), med(a) / med(b), n / med(b), cpu(a), cpu(b)))
    print("\nprocess vs thread: %+.1f%% at --jobs 1, %+.1f%% at --jobs 2\n" % (
        100 * (med(s["process-jobs1"]) / med(s["thread-jobs1"]) - 1), 100 * (med(s["process-jobs2"]) / med(s["thread-jobs2"]) - 1)))
print("## Peak memory, --jobs 2 (target < 200 MB)")
print("| inputs | wall, s | max RSS of one process (time -v), MB | summed RSS of the tree, MB |")
print("|---:|---:|---:|---:|")
for k in (n, n_big):
    log = os.path.join(res, "memory-%d.time.log" % k)
    if not os.path.exists(log): continue
    t = open(log).read()
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
    secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(":"))))
    tree = int(open(os.path.join(res, "memory-%d.tree-peak-kb.txt" % k)).read())
    print("| %d | %.0f | %.1f | %.1f |" % (k, secs, rss / 1024, tree / 1024))
print("\n## Unchanged re-run (target < 1 s)")
for k in (n, n_big):
    r = runs("rerun-%d" % k)
    for cmd, v in r.items():
        print("- %d inputs: median %.3f s (min %.3f, max %.3f)" % (k, med(v), v["min"], v["max"]))
print("\n## Per figure, warm: timeline, batch of %d vs 1 (target ≤ 1.3× the C floor)" % copies)
print("| format | measure | C floor, ms/figure | batch, worker processes | × C | batch, threads | × C | `hindsight render`, no batch | × C |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for fmt in ("png", "svg"):
    r = runs("figure-" + fmt)
    if not r: continue
    for label, f in (("wall (median)", med), ("CPU (user+sys, mean)", cpu)):
        warm = lambda a, b: (f(r[b]) - f(r[a])) / (copies - 1) * 1000
        c, hp, ht = warm("c-single", "c-batch"), warm("h-single", "h-batch"), warm("h-thread-single", "h-thread-batch")
        hr = warm("render-single", "render-batch")
        print("| %s | %s | %.2f | %.2f | %.2f× | %.2f | %.2f× | %.2f | %.2f× |" % (fmt.upper(), label, c, hp, hp / c, ht, ht / c, hr, hr / c))
    print("| %s | cold: one figure, whole process (median) | %.1f | %.1f | | %.1f | | %.1f | |" % (
        fmt.upper(), med(r["c-single"]) * 1000, med(r["h-single"]) * 1000, med(r["h-thread-single"]) * 1000, med(r["render-single"]) * 1000))
print("\nload average before/after each step:\n")
for f in sorted(x for x in os.listdir(res) if x.startswith("load-")):
    print("".join("    " + l for l in open(os.path.join(res, f))))
EOF
say "results: $RESULTS"
