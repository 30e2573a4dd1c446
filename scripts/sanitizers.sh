#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer (.build-asan) and ThreadSanitizer
# (.build-tsan), each in its own scratch folder so the normal build is untouched.
#
#   scripts/sanitizers.sh [address|thread]...     default: both
#
# Prints the build and test time of each. Exits non-zero if a test fails or a sanitizer
# reports; the report is in .build-<asan|tsan>/sanitizer.log. Suppressions (each with its
# reason) are in Fuzz/Sanitizers/.
#
# Skipped: the two HostileInputTests suites (model and Markdown import). Their assertions are
# wall-clock limits (1 s, 5 s) for normal builds, which a sanitizer's 3-40x slowdown breaks;
# the same code runs under AddressSanitizer in the fuzz targets (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh test

sanitizers=("$@")
[ ${#sanitizers[@]} -gt 0 ] || sanitizers=(address thread)
suppressions="$PWD/Fuzz/Sanitizers"

# The Swift runtime's backtracer would race the sanitizer for a crash; leave it to the sanitizer.
export SWIFT_BACKTRACE=enable=no
# handle_segv=0: a batch test kills a worker with SIGSEGV on purpose and checks the signal;
# a sanitizer handling it would turn it into SIGABRT. Other wild accesses still crash.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:handle_segv=0"
export LSAN_OPTIONS="suppressions=$suppressions/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="suppressions=$suppressions/tsan.supp:halt_on_error=1:abort_on_error=1:handle_segv=0:print_suppressions=0"

failed=()
for s in "${sanitizers[@]}"; do
    case "$s" in
        address) scratch=.build-asan ;;
        thread) scratch=.build-tsan ;;
        *) echo "sanitizers: unknown sanitizer $s (address, thread)" >&2; exit 2 ;;
    esac
    mkdir -p "$scratch"
    log="$scratch/sanitizer.log"
    start=$(date +%s)
    status=0
    nice -n 10 swift build --build-tests --sanitize="$s" --scratch-path "$scratch" >"$log" 2>&1 || status=$?
    built=$(date +%s)
    if [ "$status" -eq 0 ]; then
        nice -n 10 swift test --skip-build --sanitize="$s" --scratch-path "$scratch" --skip HostileInputTests \
            >>"$log" 2>&1 || status=$?
    fi
    done_at=$(date +%s)
    echo "sanitizers: $s: build $((built - start)) s, tests $((done_at - built)) s, exit $status (log: $log)"
    if [ "$status" -ne 0 ]; then
        failed+=("$s")
        grep -E "^(SUMMARY|==[0-9]+==ERROR|WARNING: ThreadSanitizer)|✘ Test .* (failed|recorded)|error:" "$log" | head -20 >&2 || true
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "sanitizers: failures under ${failed[*]}" >&2
    exit 1
fi
echo "sanitizers: clean under ${sanitizers[*]}"
