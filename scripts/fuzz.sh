#!/usr/bin/env bash
# fuzz.sh SECONDS — build the libFuzzer targets (clang, ASan + UBSan) and
# run each for SECONDS, seeded from the shared corpus.  Fails on any crash,
# sanitizer report, leak, timeout or out-of-memory; prints each target's
# executions.  Findings are left in $OUT/<target>/ (crash-*, leak-*).
set -euo pipefail
SECONDS_EACH=${1:?usage: scripts/fuzz.sh SECONDS}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${OGI_SHARED:-$ROOT/../shared}
BUILD=${OGI_FUZZ_BUILD:-$ROOT/build-fuzz}
OUT=${OGI_FUZZ_OUT:-$BUILD/runs}

CC=clang cmake -S "$ROOT" -B "$BUILD" -DOGI_FUZZ=ON -DOGI_TESTS=OFF -DOGI_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$BUILD" -j 2 --target fuzz_text fuzz_html fuzz_docx >/dev/null

# Seeds: the corpus files of each kind; DOCX seeds are built from text
# (there is no DOCX in the corpus) with Python's zipfile.
seed_dir() {
  local t=$1 d=$OUT/$1/seeds
  rm -rf "$d" && mkdir -p "$d"
  case $t in
    text) cp "$SHARED"/corpus/*/*.txt "$d/" ;;
    html) cp "$SHARED"/corpus/*/*.html "$d/"
          printf '<meta charset=gbk><table><tr><td rowspan=2>a</td><td colspan=3>b</td></tr></table>' >"$d/span.html" ;;
    docx) python3 - "$d" <<'PY'
import sys, zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def cell(t, extra=''):
    return f'<w:tc><w:tcPr>{extra}</w:tcPr><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>'
rows = ''.join('<w:tr>' + cell('一、本年新收政府信息公开申请数量', '<w:gridSpan w:val="3"/>') +
               ''.join(cell(str(i)) for i in range(7)) + '</w:tr>' for _ in range(2))
rows += '<w:tr>' + cell('', '<w:vMerge w:val="restart"/>') + cell('x') + '</w:tr>'
rows += '<w:tr>' + cell('', '<w:vMerge/>') + cell('y') + '</w:tr>'
body = ('<w:p><w:r><w:t>三、收到和处理政府信息公开申请情况</w:t><w:tab/><w:t>1</w:t></w:r></w:p>'
        f'<w:tbl>{rows}</w:tbl>')
doc = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
with zipfile.ZipFile(sys.argv[1] + '/seed.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('word/document.xml', doc)
PY
    ;;
  esac
}

status=0
for t in text html docx; do
  seed_dir "$t"
  mkdir -p "$OUT/$t/corpus"
  log=$OUT/$t/fuzz.log
  if (cd "$OUT/$t" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "$BUILD/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
      -max_len=262144 -print_final_stats=1 corpus seeds) >"$log" 2>&1; then
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "fuzz_$t: ok, ${execs:-?} executions in ${SECONDS_EACH}s"
  else
    echo "fuzz_$t: FAILED — see $log"
    grep -m3 -E 'ERROR|SUMMARY|crash-|leak-|timeout-|oom-' "$log" || true
    status=1
  fi
done
exit $status
