#!/usr/bin/env bash
# fuzz.sh SECONDS [TARGET...] — build the libFuzzer targets (clang, ASan +
# UBSan) and run each for SECONDS, seeded from real inputs (the shared
# corpus, the spec's calendar, the repository's test data).  Fails on any
# crash, sanitizer report, leak, timeout or out-of-memory; prints each
# target's executions.  Findings are left in $OUT/<target>/ (crash-*,
# leak-*); a finding replays with `build-fuzz/fuzz/fuzz_<target> FILE`.
#
# Targets (fuzz/fuzz_<name>.c): text html docx pdf — the document readers
# and the mapper; pdf_layout — the PDF layout stage on synthetic glyphs;
# json — report JSON (ogi check); number — cell and field text (numbers,
# money, dates, figures, labels); calendar — holiday CSV; csv — the ledger
# CSV importers; web — one HTTP request through router and handlers.
set -euo pipefail
SECONDS_EACH=${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}
shift
ALL=(text html docx pdf pdf_layout json number calendar csv web)
if (($#)); then TARGETS=("$@"); else TARGETS=("${ALL[@]}"); fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${OGI_SHARED:-$ROOT/../shared}
export OGI_SHARED=$SHARED
BUILD=${OGI_FUZZ_BUILD:-$ROOT/build-fuzz}
OUT=${OGI_FUZZ_OUT:-$BUILD/runs}

CC=clang cmake -S "$ROOT" -B "$BUILD" -DOGI_FUZZ=ON -DOGI_TESTS=OFF -DOGI_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$BUILD" -j 2 --target pdf_glyph_seeds "${TARGETS[@]/#/fuzz_}" >/dev/null

# The longest input each target gets: a report, a calendar or a ledger
# file is at most tens of kB here; a cell or a request is short.  The PDF
# target runs poppler on every input, so its inputs stay small.
max_len() {
  case $1 in
    number) echo 256 ;;
    web) echo 4096 ;;
    pdf) echo 16384 ;;
    calendar|csv|pdf_layout) echo 65536 ;;
    *) echo 262144 ;;
  esac
}

seed_docx() {
  python3 - "$1" <<'PY'
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
}

# A small PDF with a text layer: a heading and a table row of numbers.
seed_pdf() {
  python3 - "$1/table.pdf" <<'PY'
import sys
lines = [(72, 780, '2024 annual report'), (72, 740, 'III. Applications'),
         (72, 700, 'New applications'), (300, 700, '12'), (360, 700, '3'), (420, 700, '15'),
         (72, 680, 'Carried over'), (300, 680, '-'), (360, 680, '0'), (420, 680, '1,024'),
         (290, 40, '- 1 -')]
text = 'BT /F1 10 Tf ' + ' '.join(f'1 0 0 1 {x} {y} Tm ({t}) Tj' for x, y, t in lines) + ' ET'
objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R '
        '/Resources << /Font << /F1 5 0 R >> >> >>',
        f'<< /Length {len(text)} >>\nstream\n{text}\nendstream',
        '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']
out, offs = b'%PDF-1.4\n', []
for i, o in enumerate(objs, 1):
    offs.append(len(out))
    out += f'{i} 0 obj\n{o}\nendobj\n'.encode()
xref = len(out)
out += f'xref\n0 {len(objs) + 1}\n0000000000 65535 f \n'.encode()
out += b''.join(f'{o:010d} 00000 n \n'.encode() for o in offs)
out += f'trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n'.encode()
open(sys.argv[1], 'wb').write(out)
PY
}

# Cell texts: every raw cell text of the corpus truth files, and the forms
# the number grammar (annual-report-format.md §6) names.
seed_number() {
  python3 - "$1" "$SHARED"/corpus/*/*.truth.json <<'PY'
import json, sys
out, texts = sys.argv[1], set()
for path in sys.argv[2:]:
    for d in json.load(open(path)).get('cell_detail', {}).values():
        if isinstance(d, dict) and isinstance(d.get('raw'), str):
            texts.add(d['raw'])
texts |= {'1,234', '1887.214474', '12万元', '3.50元', '—', '-5', '+3', ' １２ 件', '0.1234567',
          '99999999999999999999', '2024-02-29', '2023-02-29', 's2_fee_amount_wan', '&nbsp;',
          '“无”', '12.'}
for i, t in enumerate(sorted(texts)):
    open(f'{out}/n{i:04d}', 'w').write(t)
PY
}

# Ledger CSV files; the first byte picks the kind (fuzz/fuzz_csv.c).
seed_csv() {
  local d=$1
  printf 'a%s\n%s\n%s\n' 'tracking_no,agency,applicant_type,applicant_name,channel,received_date,description,outcome,concluded_date,events' \
    'A1,某市教育局,natural_person,"张三, 李四",letter,2024-12-20,"两行
描述",,,"[{""kind"":""request_supplement"",""date"":""2024-12-23"",""wd"":15},{""kind"":""supplement_received"",""date"":""2025-01-24""}]"' \
    'A2,某市教育局,commercial,,online,2024-03-01,,unavailable_not_held,2024-03-15,' >"$d/apps.csv"
  printf 'a%s\n%s\n' 'tracking_no,agency,applicant_type,received_date,status,events' \
    '2024-0001,某市教育局,natural_person,2024-09-27,concluded,"[{""kind"":""extend"",""date"":""2024-10-29"",""wd"":10,""approver"":""主任""},{""kind"":""answer"",""date"":""2024-11-12"",""outcome"":""partial""}]"' \
    >"$d/apps-events.csv"
  printf 'i%s\r\n%s\r\n%s\r\n' 'agency,title,category,kind,formed_date,status,published_date,repealed_date' \
    '某市教育局,规范性文件甲,art20_01,normative,2024-03-01,published,2024-03-05,' \
    '某市教育局,旧规章,art20_01,rule,2023-01-05,repealed,2023-01-10,2024-06-30' >"$d/items.csv"
  printf 'c\xEF\xBB\xBF%s\n%s\n%s\n' 'agency,application,kind,filed_date,result,decided_date,note' \
    '某市教育局,,review,2024-04-01,corrected,2024-06-01,"纠正""答复"""' \
    '某市教育局,,suit_direct,2024-05-01,,,' >"$d/cases.csv"
  printf 'f%s\n%s\n%s\n' 'agency,year,key,value' '某市教育局,2024,s2_fee_amount_wan,12.50' \
    '某市财政局,2024,s2_licensing_decisions,7' >"$d/figures.csv"
}

# Requests (fuzz/fuzz_web.c): flags byte ('0' none, '1' session, '3'
# session + CSRF, '4' API token), method, path?query, C/H/F lines, B body.
seed_web() {
  local d=$1 i=0 req
  while IFS= read -r req; do
    printf '%b' "$req" >"$d/r$((i++))"
  done <<'REQS'
0GET\n/
0GET\n/catalog?q=教育&category=art20_01&page=2
0GET\n/items/1
0GET\n/static/ogi.css
0GET\n/static/../../etc/passwd
0GET\n/reports?agency=1&year=2024
0GET\n/reports/1.json
0GET\n/apply
0POST\n/apply\nC ogi_login_csrf=abc\nF csrf=abc\nF agency=1\nF applicant_type=natural_person\nF applicant_name=张三\nF applicant_id_doc=身份证 110101199001011234\nF applicant_contact=13800000000\nF description=请公开2024年预算\nF preferred_form=纸质\nF delivery=邮寄
0POST\n/status\nC ogi_login_csrf=abc\nF csrf=abc\nF tracking_no=2024-0001\nF code=123456
0POST\n/admin/login\nC ogi_login_csrf=abc\nF csrf=abc\nF name=admin\nF password=fuzz-password
1GET\n/admin
1GET\n/admin/apps?status=processing&agency=1
1GET\n/admin/items/new
3POST\n/admin/items\nF agency=1\nF title=规范性文件\nF category=art20_01\nF kind=normative\nF formed_date=2024-03-01
3POST\n/admin/cases\nF agency=1\nF kind=review\nF filed_date=2024-04-01
1GET\n/admin/summary?year=2024
1GET\n/admin/analysis?agency=1&from=2022&to=2024
1GET\n/admin/audit?limit=5
0GET\n/api/v1/openapi.json
0GET\n/api/v1/public/items?limit=5&offset=0
0POST\n/api/v1/public/application-status\nH Content-Type: application/json\nB{"tracking_no":"2024-0001","query_code":"123456"}
4GET\n/api/v1/applications?agency_id=1&limit=2
4POST\n/api/v1/applications\nH Content-Type: application/json\nB{"agency_id":1,"applicant_type":"natural_person","received_date":"2024-11-18","description":"x"}
4POST\n/api/v1/items\nB{"agency_id":1,"title":"t","category":"art20_01","kind":"other","formed_date":"2024-01-02"}
4POST\n/api/v1/cases\nB{"agency_id":1,"kind":"review","filed_date":"2024-04-01"}
4GET\n/api/v1/reports/preview?agency_id=1&year=2024
7POST\n/api/v1/applications/1/events\nB{"kind":"answer","date":"2024-11-19","outcome":"granted"}
REQS
}

seed_dir() {
  local t=$1 d=$OUT/$1/seeds
  rm -rf "$d" && mkdir -p "$d"
  case $t in
    text) cp "$SHARED"/corpus/*/*.txt "$d/" ;;
    html) cp "$SHARED"/corpus/*/*.html "$d/"
          printf '<meta charset=gbk><table><tr><td rowspan=2>a</td><td colspan=3>b</td></tr></table>' >"$d/span.html" ;;
    docx) seed_docx "$d" ;;
    pdf) seed_pdf "$d" ;;
    pdf_layout) for f in "$SHARED"/corpus/*/*.pdf; do
                  "$BUILD/fuzz/pdf_glyph_seeds" "$f" "$d/$(basename "$f" .pdf).glyphs"
                done ;;
    json) cp "$SHARED"/corpus/*/*.truth.json "$ROOT"/tests/data/*/*.json "$d/" ;;
    number) seed_number "$d" ;;
    calendar) cp "$SHARED/spec/holidays.csv" "$d/"
              printf '\xEF\xBB\xBFdate,kind,name\r\n2024-12-29,workday,元旦\r\n2024-12-30,holiday,元旦\r\n' >"$d/bom-crlf.csv" ;;
    csv) seed_csv "$d" ;;
    web) seed_web "$d" ;;
    *) echo "fuzz.sh: unknown target '$t'" >&2; return 1 ;;
  esac
}

status=0
for t in "${TARGETS[@]}"; do
  seed_dir "$t"
  mkdir -p "$OUT/$t/corpus"
  log=$OUT/$t/fuzz.log
  if (cd "$OUT/$t" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "$BUILD/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
      -max_len="$(max_len "$t")" -print_final_stats=1 corpus seeds) >"$log" 2>&1; then
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "fuzz_$t: ok, ${execs:-?} executions in ${SECONDS_EACH}s"
  else
    echo "fuzz_$t: FAILED — see $log"
    grep -m3 -E 'ERROR|SUMMARY|crash-|leak-|timeout-|oom-' "$log" || true
    status=1
  fi
done
exit $status
