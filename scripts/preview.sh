#!/usr/bin/env sh
# Renders every PDF under a folder (default: reports/) to PNG pages for a quick look, using
# pdftoppm from poppler-utils when it is installed. Nothing in the build or the tests needs it.
#
#   scripts/preview.sh [DIR] [RESOLUTION]     e.g. scripts/preview.sh reports 60
#
# Look at every page at screen size (60 dpi) and at a couple at print size (110 dpi):
#   scripts/preview.sh reports/2026-Q3 110
# Group briefs (`run --group-briefs`) sit in <period>/<org>/briefs/ and are rendered too.
#
# PNGs go next to each PDF as <name>-<page>.png; they are previews, not outputs: don't commit them.
# For the report test fixture: `cargo test --test report_pdf -- --ignored write_preview`
# writes target/report-preview/*.pdf, then `scripts/preview.sh target/report-preview`.
set -eu

dir="${1:-reports}"
resolution="${2:-60}"

if ! command -v pdftoppm >/dev/null 2>&1; then
    echo "preview: pdftoppm not found; install poppler-utils (apt-get install poppler-utils)" >&2
    exit 0
fi
if [ ! -d "$dir" ]; then
    echo "preview: no folder $dir; run \`cargo run --release -- run\` first" >&2
    exit 1
fi

count=0
# `find -print0 | xargs -0` would be safer for odd names; report names are organization ids,
# which are restricted to letters, digits, '-', '_' and '.'.
for pdf in $(find "$dir" -name '*.pdf' | sort); do
    pdftoppm -r "$resolution" -png "$pdf" "${pdf%.pdf}"
    count=$((count + 1))
    echo "preview: $pdf -> ${pdf%.pdf}-*.png"
done
echo "preview: $count PDF(s) rendered at ${resolution} dpi"
