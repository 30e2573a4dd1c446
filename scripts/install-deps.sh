#!/usr/bin/env bash
# Installs the Debian packages Hindsight builds and renders with, if any is missing.
# Idempotent and quiet when everything is already there.
#
#   install-deps.sh [MODE] [--list]
#   MODE: (none)   build and run: everything `swift build` and the binary need (the README's set)
#         build    only what compiling needs (headers, pkg-config): the image's build stage
#         runtime  only what the built binary needs (shared libraries, pinned fonts, zones):
#                  the image's runtime stage (the Dockerfile lists the same packages; a test
#                  compares the two, and the binary's libraries with these packages)
#         test     build and run, and what only the test suite needs
#   --list: print the packages, one a line, and install nothing.
set -euo pipefail
mode="" list=false
for arg in "$@"; do
    case "$arg" in
        --list) list=true ;;
        build|runtime|test) mode="$arg" ;;
        *) echo "install-deps.sh: unknown argument \`$arg\` (modes: build, runtime, test; --list)" >&2; exit 2 ;;
    esac
done

build=(
    pkg-config
    libcairo2-dev libpango1.0-dev    # drawing and text (cairo, pango, fontconfig)
    zlib1g-dev libdeflate-dev        # the PNG encoder (checksums: CRC-32 by zlib, Adler-32 by libdeflate)
    libcmark-gfm-dev libcmark-gfm-extensions-dev   # Markdown postmortem import
)
# The libraries the binary links (each -dev package above depends on its library), then what
# it reads at run time. Built with the Swift runtime linked in (scripts/build-release.sh), the
# binary needs no Swift library (checked: `ldd` of the release build); libstdc++6 and libgcc-s1
# are what that runtime itself links.
runtime=(
    libc6 libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libpangoft2-1.0-0
    libglib2.0-0 libfontconfig1 libfreetype6 libharfbuzz0b zlib1g libdeflate0
    libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6
    libstdc++6 libgcc-s1
    fonts-inter                      # the text face of every figure
    fonts-noto-color-emoji           # colour emoji
    fonts-dejavu-core                # fallback for symbols and scripts Inter lacks
    fonts-noto-core                  # Arabic, Hebrew, Indic, Thai and other scripts (a few faces are pinned)
    fonts-noto-cjk                   # Chinese, Japanese and Korean
    tzdata                           # IANA zones for incident times
)
tests=(
    poppler-utils                # pdftotext, pdffonts, pdfinfo: the PDF report tests
    chromium                     # the HTML report's browser screenshot test
    librsvg2-bin                 # rsvg-convert: the SVG writer is checked against cairo by rasterising both
    qpdf                         # qpdf --check: the PDF report's structure (xref, links) is sound
    python3-yaml                 # scripts/action-selftest.sh reads action.yml
    groff-base                   # the man page renders without warnings (scripts/gen-docs.sh)
    zsh fish                     # the generated completions parse (zsh -n, fish -n)
)
case "$mode" in
    build) packages=("${build[@]}") ;;
    runtime) packages=("${runtime[@]}") ;;
    test) packages=("${build[@]}" "${runtime[@]}" "${tests[@]}") ;;
    *) packages=("${build[@]}" "${runtime[@]}") ;;
esac
if $list; then
    printf '%s\n' "${packages[@]}"
    exit 0
fi
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "hindsight: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "hindsight: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
