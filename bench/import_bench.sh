#!/usr/bin/env bash
# import_bench.sh [MB] — import throughput per reader kind.
#
# Replicates the shared corpus (text, HTML, PDF raw files, plus a generated
# DOCX) until it holds at least MB megabytes (default 100), then imports
# each kind's files with `ogi import DIR -o /dev/null`, single-threaded and
# with -j 2, and prints MB/s and reports/s.  Uses $OGI_BIN when set, else
# builds a release binary in build-bench/.
set -euo pipefail
TARGET_MB=${1:-100}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${OGI_SHARED:-$ROOT/../shared}
if [ -z "${OGI_BIN:-}" ]; then
  cmake -S "$ROOT" -B "$ROOT/build-bench" -DCMAKE_BUILD_TYPE=Release -DOGI_TESTS=OFF >/dev/null
  cmake --build "$ROOT/build-bench" -j 2 --target ogi >/dev/null
  OGI_BIN=$ROOT/build-bench/ogi
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ogi-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$WORK/src/text" "$WORK/src/html" "$WORK/src/pdf" "$WORK/src/docx"
cp "$SHARED"/corpus/*/*.txt "$WORK/src/text/"
cp "$SHARED"/corpus/*/*.html "$WORK/src/html/"
cp "$SHARED"/corpus/*/*.pdf "$WORK/src/pdf/"
# A DOCX with a section 三 table built from the seed's text lines.
python3 - "$WORK/src/docx/seed.docx" "$SHARED"/corpus/seeds/000_*.txt <<'PY'
import sys, zipfile, html
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def para(t):
    return f'<w:p><w:r><w:t>{html.escape(t)}</w:t></w:r></w:p>'
def row(cells):
    return '<w:tr>' + ''.join(f'<w:tc><w:p><w:r><w:t>{html.escape(c)}</w:t></w:r></w:p></w:tc>'
                              for c in cells) + '</w:tr>'
body, table = [], []
for line in open(sys.argv[2], encoding='utf-8'):
    cells = [c.strip() for c in line.strip().strip('|').split('|')] if '|' in line else None
    if cells:
        table.append(row(cells))
        continue
    if table:
        body.append('<w:tbl>' + ''.join(table) + '</w:tbl>')
        table = []
    if line.strip():
        body.append(para(line.strip()))
if table:
    body.append('<w:tbl>' + ''.join(table) + '</w:tbl>')
doc = (f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>' + ''.join(body) +
       '</w:body></w:document>')
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('word/document.xml', doc)
PY

src_bytes=$(find "$WORK/src" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
copies=$(( (TARGET_MB * 1000000 + src_bytes - 1) / src_bytes ))
for kind in text html pdf docx; do
  mkdir -p "$WORK/corpus/$kind"
  for ((i = 0; i < copies; i++)); do
    for f in "$WORK/src/$kind"/*; do
      ln "$f" "$WORK/corpus/$kind/$i-$(basename "$f")" 2>/dev/null || cp "$f" "$WORK/corpus/$kind/$i-$(basename "$f")"
    done
  done
done
size_of() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
total=$(size_of "$WORK/corpus")
printf 'corpus: %d copies, %.1f MB, %d files\n' "$copies" "$(echo "$total / 1000000" | bc -l)" \
  "$(find "$WORK/corpus" -type f | wc -l)"
printf '%-6s %6s %8s %4s %9s %10s\n' kind files MB jobs MB/s reports/s
for kind in text html pdf docx; do
  dir=$WORK/corpus/$kind
  bytes=$(size_of "$dir")
  files=$(find "$dir" -type f | wc -l)
  for jobs in 1 2; do
    start=$(date +%s.%N)
    "$OGI_BIN" import "$dir" -o /dev/null -j "$jobs" >/dev/null 2>"$WORK/err" || {
      echo "import of $kind failed:"; cat "$WORK/err"; exit 1; }
    end=$(date +%s.%N)
    secs=$(echo "$end - $start" | bc -l)
    printf '%-6s %6d %8.1f %4d %9.1f %10.1f\n' "$kind" "$files" "$(echo "$bytes / 1000000" | bc -l)" \
      "$jobs" "$(echo "$bytes / 1000000 / $secs" | bc -l)" "$(echo "$files / $secs" | bc -l)"
  done
done
