#!/usr/bin/env bash
# test_render_office.sh — the Word and Excel files open in a real office suite.
#
# Renders seed 000 (v2021) and seed 002 (mixed) from their truth JSON with
# `ogi render --to docx|xlsx`, converts each file to PDF with headless
# LibreOffice (private profile and HOME, so it runs as root in CI), checks
# the PDF has pages, renders the pages to PNG with pdftoppm and keeps
# DOCX/XLSX/PDF/PNG under $OGI_BUILD_DIR/artifacts/office/ for people to
# look at.  Also: a zip is never written to standard output (exit 2).
# A missing LibreOffice is a failure, not a skip: CI installs it
# (scripts/install-deps.sh test).
set -euo pipefail

: "${OGI_BIN:?OGI_BIN not set}" "${OGI_SHARED:?OGI_SHARED not set}"
: "${OGI_BUILD_DIR:?OGI_BUILD_DIR not set}" "${OGI_SOURCE_DIR:?OGI_SOURCE_DIR not set}"
SOFFICE=${SOFFICE:-soffice}
ART="$OGI_BUILD_DIR/artifacts/office"
mkdir -p "$ART"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home"
mkdir -p "$HOME"

fail() { echo "FAIL: $*" >&2; exit 1; }

command -v "$SOFFICE" >/dev/null || fail "$SOFFICE not found: install libreoffice-writer-nogui and libreoffice-calc-nogui"
command -v pdftoppm >/dev/null || fail "pdftoppm not found: install poppler-utils"
command -v pdfinfo >/dev/null || fail "pdfinfo not found: install poppler-utils"

seed() { ls "$OGI_SHARED"/corpus/seeds/"$1"_*.truth.json; }

# Binary formats refuse standard output.
for fmt in docx xlsx; do
    set +e
    "$OGI_BIN" render "$(seed 000)" --to $fmt >"$WORK/stdout" 2>"$WORK/stderr"; rc=$?
    "$OGI_BIN" render "$(seed 000)" --to $fmt -o - >>"$WORK/stdout" 2>>"$WORK/stderr"; rc2=$?
    set -e
    [ "$rc" = 2 ] && [ "$rc2" = 2 ] || fail "--to $fmt without -o exited $rc/$rc2, expected 2"
    [ ! -s "$WORK/stdout" ] || fail "--to $fmt wrote to standard output"
    grep -q -- "-o OUT.$fmt" "$WORK/stderr" || fail "--to $fmt: no hint to use -o"
done

convert() { # office file → PDF in $ART; echoes the page count
    local file=$1 pdf="$ART/$(basename "${1%.*}").pdf"
    rm -f "$pdf"
    "$SOFFICE" -env:UserInstallation="file://$WORK/lo-profile" --headless --norestore \
        --convert-to pdf --outdir "$ART" "$file" >"$WORK/soffice.log" 2>&1 ||
        { cat "$WORK/soffice.log" >&2; fail "soffice failed on $file"; }
    [ -s "$pdf" ] || { cat "$WORK/soffice.log" >&2; fail "no PDF from $file"; }
    pdfinfo "$pdf" | awk '/^Pages:/ {print $2}'
}

render() { # truth file, artifact name, format, minimum pages
    local src=$1 name=$2 fmt=$3 min=$4
    local out="$ART/$name.$fmt"
    rm -f "$out" "$ART/$name"-*.png
    "$OGI_BIN" render "$src" --to "$fmt" -o "$out" || fail "ogi render $src --to $fmt exited $?"
    [ "$(head -c 2 "$out")" = PK ] || fail "$out is not a zip"
    local pages
    pages=$(convert "$out")
    [ -n "$pages" ] && [ "$pages" -ge "$min" ] || fail "$out: $pages PDF pages, expected >= $min"
    pdftoppm -r 100 -png "$ART/$name.pdf" "$ART/$name"
    local pngs
    pngs=$(ls "$ART/$name"-*.png 2>/dev/null | wc -l)
    [ "$pngs" = "$pages" ] || fail "$name: $pngs PNGs for $pages pages"
    for png in "$ART/$name"-*.png; do
        [ "$(head -c 4 "$png" | od -An -c | tr -d ' ')" = '211PNG' ] || fail "$png is not a PNG"
        # A blank page compresses to a few kB; a page with the tables is larger.
        [ "$(stat -c %s "$png")" -gt 8000 ] || fail "$png is suspiciously small"
    done
    echo "ok: $out → $pages page(s)"
}

# Word: the whole report — title, narrative, three tables — takes 3+ A4 pages
# with seed 000's published narrative (tests/data/render/seed000_sections.json).
{ printf '{"sections": '; cat "$OGI_SOURCE_DIR/tests/data/render/seed000_sections.json"
  printf ',\n'; tail -c +2 "$(seed 000)"; } >"$WORK/seed000.json"
render "$WORK/seed000.json" seed000_v2021_docx docx 3
render "$(seed 002)" seed002_mixed_docx docx 2
# Excel: one printed page per worksheet at least.
render "$(seed 000)" seed000_v2021_xlsx xlsx 3
render "$(seed 002)" seed002_mixed_xlsx xlsx 3

# The PDF text of the Word file holds the template's fixed headers and a value.
pdftotext "$ART/seed000_v2021_docx.pdf" "$WORK/s000.txt"
grep -q '申请人情况' "$WORK/s000.txt" || fail "docx: section 三 header missing from the PDF"
grep -q '第二十条第（一）项' "$WORK/s000.txt" || fail "docx: section 二 caption missing from the PDF"
grep -q '本机关无政府信息公开信息处理费产生' "$WORK/s000.txt" || fail "docx: narrative of section 六 missing"
pdftotext "$ART/seed002_mixed_docx.pdf" "$WORK/s002.txt"
grep -q '第二十条第（九）项' "$WORK/s002.txt" || fail "mixed report lost its （九） table in Word"
