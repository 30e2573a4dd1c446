#!/usr/bin/env bash
# Runs action.yml's steps locally (scripts/action-runner.py) against a temporary repository of
# example incidents, as a workflow would, and checks what each run must do:
#   1. a normal run writes the figures and the manifest, exit 0;
#   2. `check: true` right after passes (exit 0) and writes nothing;
#   3. a committed figure edited by hand makes `check: true` fail (exit 1) with a
#      `::error file=…` annotation naming that figure, and writes nothing;
#   4. a broken incident fails a normal run (exit 1) with an annotation at its line.
# HINDSIGHT_BIN=path reuses a built binary (the action's `binary` input: the build steps are
# skipped); without it the action builds one with scripts/build-release.sh (minutes).
# Exit 0 when every run did what it must; the first mismatch is printed and exits 1.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python3 -c 'import yaml' 2>/dev/null || { echo "action-selftest: needs python3-yaml (scripts/install-deps.sh test)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/hindsight-action-XXXXXX")
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
mkdir -p "$repo/incidents/payments"
cp "$root/assets/examples/email-outage.yaml" "$repo/incidents/email-outage.yaml"
sed 's/^title: .*/title: The Day the Payments Stood Still/' "$root/assets/examples/email-outage.yaml" > "$repo/incidents/payments/card-outage.yaml"

inputs=(--input "paths=incidents" --input "output=figures" --input "figures=timeline,card" --input "formats=svg")
[ -z "${HINDSIGHT_BIN:-}" ] || inputs+=(--input "binary=$HINDSIGHT_BIN")

fail() { echo "action-selftest: $*" >&2; exit 1; }
# run NAME EXPECTED-STATUS [more runner arguments]: the action's log in $work/NAME.log.
run() {
    local name=$1 expected=$2 status=0
    shift 2
    python3 "$root/scripts/action-runner.py" "$root/action.yml" --workspace "$repo" "${inputs[@]}" "$@" \
        > "$work/$name.log" 2>&1 || status=$?
    if [ "$status" -ne "$expected" ]; then
        cat "$work/$name.log" >&2
        fail "$name: the action exited $status, expected $expected"
    fi
    echo "action-selftest: $name: exit $status as expected"
}
tree() { (cd "$repo" && find figures -type f -print0 | sort -z | xargs -0 sha256sum); }

run normal 0 --outputs "$work/outputs.json"
for f in figures/manifest.json figures/email-outage-timeline.svg figures/email-outage-card.svg \
         figures/payments/card-outage-timeline.svg figures/payments/card-outage-card.svg; do
    [ -s "$repo/$f" ] || fail "normal: $f was not written"
done
[ "$(find "$repo/figures" -name '*.svg' | wc -l)" -eq 4 ] || fail "normal: expected 4 figures, got $(find "$repo/figures" -name '*.svg' | wc -l)"
grep -q '"binary": "/' "$work/outputs.json" || fail "normal: the action's \`binary\` output is not a path: $(cat "$work/outputs.json")"
before=$(tree)

run check 0 --input check=true
grep -q "4 files up to date" "$work/check.log" || fail "check: no '4 files up to date' line: $(cat "$work/check.log")"
! grep -q '^::' "$work/check.log" || fail "check: annotations on a fresh tree: $(grep '^::' "$work/check.log")"
[ "$(tree)" = "$before" ] || fail "check: the figures changed"

printf '<!-- edited by hand -->\n' >> "$repo/figures/payments/card-outage-card.svg"
before=$(tree)
run stale 1 --input check=true
grep -q '^::error file=figures/payments/card-outage-card.svg,.*check-stale' "$work/stale.log" \
    || fail "stale: no ::error annotation on the edited figure: $(cat "$work/stale.log")"
[ "$(grep -c '^::error' "$work/stale.log")" -eq 1 ] || fail "stale: expected one annotation: $(grep '^::error' "$work/stale.log")"
[ "$(tree)" = "$before" ] || fail "stale: --check wrote"

sed 's/users_affected_percent: 90/users_affected_percent: 190/' "$root/assets/examples/email-outage.yaml" > "$repo/incidents/broken.yaml"
line=$(grep -n 'users_affected_percent: 190' "$repo/incidents/broken.yaml" | cut -d: -f1)
[ -n "$line" ] || fail "broken: the example has no users_affected_percent: 90 to break"
run broken 1
grep -q "^::error file=incidents/broken.yaml,line=$line," "$work/broken.log" \
    || fail "broken: no ::error annotation at incidents/broken.yaml line $line: $(cat "$work/broken.log")"
echo "action-selftest: action.yml: 4 runs as expected"
