#!/usr/bin/env bash
# Builds Hindsight's libFuzzer targets (the Fuzz/ package) and runs each for SECONDS.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     SECONDS defaults to 60; targets default to all:
#       FuzzIncident  YAML and JSON incidents through IncidentLoader (reader + validator)
#       FuzzJSON      the JSON reader, checked against Foundation's JSONSerialization
#       FuzzMarkdown  Markdown postmortems through InputLoading
#       FuzzDeflate   ScanlineDeflate (the PNG encoder's deflate) in pieces, inflated by zlib
#
# Each target starts from its seeds in Tests/Fixtures/fuzz-seeds/<TARGET>/ plus the corpus it
# grew in earlier runs (.build-fuzz/corpus/<TARGET>/), with -max_len=65536 -timeout=1
# -rss_limit_mb=1024. Exits non-zero if any target crashed, took over a second on one input,
# or ran out of memory, and prints the reproducer's path; replay it with
#   .build-fuzz/release/<TARGET> <reproducer>
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
# FUZZ_SEED=N fixes libFuzzer's random seed, so a run from the same corpus tries the same
# inputs in the same order: `.ci/run` uses it, so CI repeats a pass known to be clean instead
# of gambling on new ground (that is what the long runs are for).
seed_flag=()
[ -z "${FUZZ_SEED:-}" ] || seed_flag=(-seed="$FUZZ_SEED")
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzIncident FuzzJSON FuzzMarkdown FuzzDeflate)
scratch=.build-fuzz

dictionary() {
    case "$1" in
        FuzzIncident) echo Fuzz/Dictionaries/incident.dict ;;
        FuzzJSON) echo Fuzz/Dictionaries/json.dict ;;
        FuzzMarkdown) echo Fuzz/Dictionaries/markdown.dict ;;
        FuzzDeflate) echo Fuzz/Dictionaries/deflate.dict ;;
        *) echo "fuzz: unknown target $1 (FuzzIncident, FuzzJSON, FuzzMarkdown, FuzzDeflate)" >&2; exit 2 ;;
    esac
}

mkdir -p "$scratch/logs"
for t in "${targets[@]}"; do
    dictionary "$t" >/dev/null
    # Swift code gets coverage and ASan from -sanitize; the C parts built from source (libyaml
    # inside Yams) get the same through -Xcc.
    if ! nice -n 10 swift build --package-path Fuzz --scratch-path "$scratch" -c release --product "$t" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
        -Xcc -fsanitize=fuzzer-no-link,address >"$scratch/logs/build-$t.log" 2>&1; then
        grep -E "error" "$scratch/logs/build-$t.log" >&2 || true
        echo "fuzz: building $t failed (log: $scratch/logs/build-$t.log)" >&2
        exit 1
    fi
done

failed=()
for t in "${targets[@]}"; do
    corpus="$scratch/corpus/$t"
    artifacts="$scratch/artifacts/$t"
    log="$scratch/logs/$t.log"
    mkdir -p "$corpus" "$artifacts"
    echo "fuzz: $t for ${seconds}s (log: $log)"
    status=0
    # The Swift runtime's backtracer would race ASan and libFuzzer for a crash; leave it to them.
    SWIFT_BACKTRACE=enable=no nice -n 10 "$scratch/release/$t" "$corpus" "Tests/Fixtures/fuzz-seeds/$t" \
        -max_len=65536 -timeout=1 -rss_limit_mb=1024 -max_total_time="$seconds" "${seed_flag[@]}" \
        -use_value_profile=1 -dict="$(dictionary "$t")" -artifact_prefix="$artifacts/" \
        -print_final_stats=1 >"$log" 2>&1 || status=$?
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$log" | sed "s/^/    /" || true
    reproducer=$(sed -n "s/^.*Test unit written to //p" "$log" | tail -1)
    # libFuzzer's timeout is wall-clock time: on a busy machine a fast input can overrun it.
    # A timeout counts only if the reproducer overruns again when replayed alone.
    if [ "$status" -eq 70 ] && [ -n "$reproducer" ] &&
        SWIFT_BACKTRACE=enable=no "$scratch/release/$t" -timeout=1 -rss_limit_mb=1024 "$reproducer" >>"$log" 2>&1; then
        echo "    a timeout did not recur when replayed alone (machine load); not counted: $reproducer"
        status=0
    fi
    if [ "$status" -ne 0 ]; then
        failed+=("$t")
        echo "fuzz: $t FAILED (exit $status):" >&2
        grep -E "^==[0-9]+==|ERROR: libFuzzer|Fatal error|fuzz property violated|SUMMARY" "$log" | head -8 | sed "s/^/    /" >&2 || true
        [ -z "$reproducer" ] || echo "    reproducer: $reproducer" >&2
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: findings in ${failed[*]}" >&2
    exit 1
fi
echo "fuzz: no findings in ${targets[*]}"
