#!/usr/bin/env bash
# Installs the Debian packages Hindsight builds and renders with, if any is missing.
# Idempotent and quiet when everything is already there.
set -euo pipefail
packages=(
    pkg-config
    libcairo2-dev libpango1.0-dev    # drawing and text (cairo, pango, fontconfig)
    zlib1g-dev libdeflate-dev        # the PNG encoder (libdeflate; zlib for very tall images)
    fonts-inter                      # the text face of every figure
    fonts-noto-color-emoji           # colour emoji
    fonts-dejavu-core                # fallback for symbols and scripts Inter lacks
    fonts-noto-core                  # Arabic, Hebrew, Indic, Thai and other scripts (a few faces are pinned)
    fonts-noto-cjk                   # Chinese, Japanese and Korean
    tzdata                           # IANA zones for incident times
    libcmark-gfm-dev libcmark-gfm-extensions-dev   # Markdown postmortem import
)
# `install-deps.sh test` adds what only the test suite needs.
if [ "${1:-}" = "test" ]; then
    packages+=(
        poppler-utils                # pdftotext, pdffonts, pdfinfo: the PDF report tests
        chromium                     # the HTML report's browser screenshot test
        librsvg2-bin                 # rsvg-convert: the SVG writer is checked against cairo by rasterising both
        qpdf                         # qpdf --check: the PDF report's structure (xref, links) is sound
    )
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
