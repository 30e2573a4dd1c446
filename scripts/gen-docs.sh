#!/usr/bin/env bash
# Generates, from the command definitions themselves (argument-parser), the man page and the
# shell completions:
#   docs/man/hindsight.1          from `hindsight --experimental-dump-help` (scripts/man-from-help.py)
#   completions/hindsight.bash    `hindsight --generate-completion-script bash`
#   completions/_hindsight        … zsh
#   completions/hindsight.fish    … fish
# --check: write nothing; exit 1 naming each file that differs from what the commands give
# (a command or a help text changed and this script was not run), and exit 1 too when a
# completion does not parse (bash -n, zsh -n, fish -n) or groff warns about the page, for each
# of those shells and groff that is installed (scripts/install-deps.sh test installs them).
# HINDSIGHT_BIN=path uses that binary; otherwise a debug build of the product is made.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
check=false
case "${1:-}" in
    --check) check=true ;;
    "") ;;
    *) echo "gen-docs.sh: unknown argument \`$1\` (only --check)" >&2; exit 2 ;;
esac
bin="${HINDSIGHT_BIN:-}"
if [ -z "$bin" ]; then
    (cd "$root" && swift build --product hindsight 2>&1 | { grep -vE "warning: prohibited flag|^\[[0-9]+/[0-9]+\]" || true; } >&2)
    bin="$(cd "$root" && swift build --show-bin-path)/hindsight"
fi
[ -x "$bin" ] || { echo "gen-docs.sh: no hindsight binary at $bin" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hindsight-docs-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
files=(docs/man/hindsight.1 completions/hindsight.bash completions/_hindsight completions/hindsight.fish)
version=$("$bin" --version)
"$bin" --experimental-dump-help > "$tmp/help.json"
mkdir -p "$tmp/docs/man" "$tmp/completions"
python3 "$root/scripts/man-from-help.py" "$tmp/help.json" "$version" > "$tmp/docs/man/hindsight.1"
"$bin" --generate-completion-script bash > "$tmp/completions/hindsight.bash"
"$bin" --generate-completion-script zsh > "$tmp/completions/_hindsight"
"$bin" --generate-completion-script fish > "$tmp/completions/hindsight.fish"

# What each generated file must pass, whether it is being written or checked.
problems=0
lint() {
    local shell=$1 file=$2
    command -v "$shell" >/dev/null || { echo "gen-docs.sh: $shell is not installed: $file not parsed" >&2; return 0; }
    "$shell" -n "$file" || { echo "$file: $shell -n fails" >&2; problems=$((problems + 1)); }
}
lint bash "$tmp/completions/hindsight.bash"
lint zsh "$tmp/completions/_hindsight"
lint fish "$tmp/completions/hindsight.fish"
if command -v groff >/dev/null; then
    warnings=$(groff -man -ww -Tutf8 -z "$tmp/docs/man/hindsight.1" 2>&1)
    [ -z "$warnings" ] || { echo "docs/man/hindsight.1: groff warns:" >&2; echo "$warnings" >&2; problems=$((problems + 1)); }
else
    echo "gen-docs.sh: groff is not installed: docs/man/hindsight.1 not rendered" >&2
fi
[ "$problems" -eq 0 ] || exit 1

if $check; then
    stale=0
    for f in "${files[@]}"; do
        if ! cmp -s "$tmp/$f" "$root/$f"; then
            [ -e "$root/$f" ] && echo "$f: out of date" >&2 || echo "$f: missing" >&2
            stale=$((stale + 1))
        fi
    done
    if [ "$stale" -gt 0 ]; then
        echo "gen-docs.sh --check: $stale of ${#files[@]} files out of date; run scripts/gen-docs.sh" >&2
        exit 1
    fi
    echo "gen-docs.sh --check: ${#files[@]} files up to date" >&2
    exit 0
fi
for f in "${files[@]}"; do
    mkdir -p "$root/$(dirname "$f")"
    # Atomic: a copy beside the file, then a rename over it.
    cp "$tmp/$f" "$root/$f.tmp.$$"
    mv -f "$root/$f.tmp.$$" "$root/$f"
    echo "$f"
done
