#!/usr/bin/env bash
# import_bench.sh [MB] — import throughput per reader kind.
#
# Replicates the shared corpus's files of each kind (text, HTML, PDF, and a
# DOCX generated from seed 000) until that kind alone holds at least MB
# megabytes (default 100), then measures, per kind:
#
#   cli      `ogi import DIR -o /dev/null -j N`, N = 1 and 2: everything a
#            batch import does — read each file from disk, reader, label
#            mapper, validator, report JSON line (written to /dev/null).
#   read     the reader alone (bytes in memory → ogi_doc), one thread.
#   map      reader + label mapper (→ report), one thread: the importer
#            proper, without validation and JSON.
#   full     map + ogi_validate + the JSON line serialised, one thread,
#            without file I/O.  cli − full ≈ disk and thread overhead.
#
# The in-memory figures come from bench/import_stages (built with
# -DOGI_BENCH=ON), run over the kind's source files as many rounds as the
# corpus has copies, so they process the same bytes.  Each figure is given
# as MB/s and reports/s of wall time and of CPU time (user + sys): the
# machine is shared, and CPU time is the steadier of the two; for -j 2 the
# CPU figure is per CPU-second, the wall figure is what -j 2 achieves.
#
# Uses $OGI_BUILD (a build directory configured with -DOGI_BENCH=ON)
# when set, else builds a release copy in build-bench/.
set -euo pipefail
TARGET_MB=${1:-100}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${OGI_SHARED:-$ROOT/../shared}
BUILD=${OGI_BUILD:-$ROOT/build-bench}
if [ -z "${OGI_BUILD:-}" ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DOGI_TESTS=OFF -DOGI_BENCH=ON >/dev/null
  cmake --build "$BUILD" -j 2 --target ogi import_stages >/dev/null
fi
OGI_BIN=$BUILD/ogi
STAGES=$BUILD/bench/import_stages
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

size_of() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
div() { echo "scale=1; ($1) / ($2)" | bc -l; }
declare -A COPIES
for kind in text html pdf docx; do
  bytes=$(size_of "$WORK/src/$kind")
  copies=$(( (TARGET_MB * 1000000 + bytes - 1) / bytes ))
  COPIES[$kind]=$copies
  # One process for all the links: an `ln` per file (27,000 for the DOCX)
  # took longer than the measurements on a busy machine.
  python3 - "$WORK/src/$kind" "$WORK/corpus/$kind" "$copies" <<'PY'
import os, shutil, sys
src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(dst, exist_ok=True)
names = sorted(os.listdir(src))
for i in range(copies):
    for n in names:
        a, b = os.path.join(src, n), os.path.join(dst, f"{i}-{n}")
        try:
            os.link(a, b)
        except OSError:
            shutil.copyfile(a, b)
PY
done

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-5s %-5s %4s %7s %6s | %8s %9s | %8s %9s\n' kind figure jobs files MB \
  'MB/s' 'reports/s' 'cpu MB/s' 'cpu rep/s'
row() { # kind figure jobs files bytes wall cpu
  printf '%-5s %-5s %4s %7d %6.1f | %8.1f %9.1f | %8.1f %9.1f\n' "$1" "$2" "$3" "$4" \
    "$(div "$5" 1000000)" "$(div "$5" "($6)*1000000")" "$(div "$4" "$6")" \
    "$(div "$5" "($7)*1000000")" "$(div "$4" "$7")"
}
for kind in text html pdf docx; do
  dir=$WORK/corpus/$kind
  bytes=$(size_of "$dir")
  files=$(find "$dir" -type f | wc -l)
  for jobs in 1 2; do
    TIMEFORMAT='%R %U %S'
    t=$( { time "$OGI_BIN" import "$dir" -o /dev/null -j "$jobs" >/dev/null 2>"$WORK/err"; } 2>&1 ) || {
      echo "import of $kind failed:"; cat "$WORK/err"; exit 1; }
    read -r wall user sys <<<"$t"
    row "$kind" cli "$jobs" "$files" "$bytes" "$wall" "$user + $sys"
  done
  for stage in read map full; do
    # "read  3.0 MB  440 files  wall 0.05 s ... cpu 0.04 s ..."
    out=$("$STAGES" -r "${COPIES[$kind]}" -s "$stage" "$WORK/src/$kind"/*)
    wall=$(awk '{for (i = 1; i < NF; i++) if ($i == "wall") print $(i + 1)}' <<<"$out")
    cpu=$(awk '{for (i = 1; i < NF; i++) if ($i == "cpu") print $(i + 1)}' <<<"$out")
    row "$kind" "$stage" 1 "$files" "$bytes" "$wall" "$cpu"
  done
done
