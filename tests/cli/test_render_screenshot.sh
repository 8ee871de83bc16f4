#!/usr/bin/env bash
# test_render_screenshot.sh — the HTML report renders as a real page.
#
# Renders a full v2021 report (seed 000's truth cells with its published
# narrative from tests/data/render/seed000_sections.json) and the
# mixed-format seed 002 (with its findings) through `ogi render --to html`, checks the page is the
# standalone template page, then screenshots it with headless Chromium and
# keeps HTML and PNG under $OGI_BUILD_DIR/artifacts/render/ for people to
# look at.  A missing Chromium is a failure, not a skip: CI installs it.
set -euo pipefail

: "${OGI_BIN:?OGI_BIN not set}" "${OGI_SHARED:?OGI_SHARED not set}"
: "${OGI_BUILD_DIR:?OGI_BUILD_DIR not set}" "${OGI_SOURCE_DIR:?OGI_SOURCE_DIR not set}"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
ART="$OGI_BUILD_DIR/artifacts/render"
mkdir -p "$ART"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

[ -x "$CHROMIUM" ] || fail "$CHROMIUM not found: install chromium to run this test"

# PNG width and height from the IHDR chunk (big-endian at bytes 16..23).
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'; }

check_page() { # html file
    local html=$1
    grep -q '<html lang="zh-CN">' "$html" || fail "$html: no lang=zh-CN"
    grep -q '<meta charset="utf-8">' "$html" || fail "$html: no charset"
    grep -q '@page{size:A4' "$html" || fail "$html: no print CSS"
    if grep -Eq '<(script|link)|src="http|url\(' "$html"; then fail "$html: external asset or script"; fi
    grep -q '申请人情况' "$html" || fail "$html: section 三 header missing"
}

shoot() { # html file, png file
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run \
        --user-data-dir="$WORK/profile-$(basename "$2")" --screenshot="$2" \
        --window-size=1240,3000 "file://$1" >"$WORK/chromium.log" 2>&1 ||
        { cat "$WORK/chromium.log" >&2; fail "chromium failed on $1"; }
    [ -s "$2" ] || fail "no screenshot $2"
    [ "$(head -c 4 "$2" | od -An -c | tr -d ' ')" = '211PNG' ] || fail "$2 is not a PNG"
    [ "$(png_size "$2")" = "1240 3000" ] || fail "$2 is $(png_size "$2"), expected 1240 3000"
    # A blank or error page compresses to a few kB; the report is far larger.
    [ "$(stat -c %s "$2")" -gt 60000 ] || fail "$2 is suspiciously small ($(stat -c %s "$2") bytes)"
}

# A truth file with a "sections" object added (narrative of 一–六).
with_sections() { # truth file, sections JSON object file, output
    { printf '{"sections": '; cat "$2"; printf ',\n'; tail -c +2 "$1"; } >"$3"
}

render() { # input file, name, extra args…
    local src=$1
    local html="$ART/$2.html" png="$ART/$2.png"
    rm -f "$html" "$png"
    "$OGI_BIN" render "$src" --to html -o "$html" "${@:3}" || fail "ogi render $src exited $?"
    check_page "$html"
    shoot "$html" "$png"
    echo "ok: $png ($(stat -c %s "$png") bytes)"
}

seed() { ls "$OGI_SHARED"/corpus/seeds/"$1"_*.truth.json; }

with_sections "$(seed 000)" "$OGI_SOURCE_DIR/tests/data/render/seed000_sections.json" \
    "$WORK/seed000.json"
render "$WORK/seed000.json" seed000_v2021
grep -q '<p>2023年度.本机关无政府信息公开信息处理费产生' "$ART/seed000_v2021.html" ||
    fail "seed 000: narrative of section 六 not rendered as a paragraph"
render "$(seed 002)" seed002_mixed --findings
grep -q '第二十条第（九）项' "$ART/seed002_mixed.html" || fail "mixed report lost its （九） table"
grep -q '<table class="findings">' "$ART/seed002_mixed.html" || fail "mixed report: findings not listed"
