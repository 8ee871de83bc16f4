#!/usr/bin/env bash
# test_import_robust.sh — `ogi import` and `ogi check` on hostile input:
# truncated DOCX/PDF/HTML, empty files, binary noise, a 100 MB text file,
# files over the 128 MiB limit, zip bombs (honest and lying sizes), a DOCX
# that is not a zip, a PDF without a text layer, and text in encodings other
# than UTF-8.  Unreadable input must give exit 2 and one line on stderr that
# names the file, within bounded memory (max RSS measured) and time (each run
# under `timeout`, no timing assertion).  Text that is a report in another
# encoding (GBK without a charset, UTF-16 with BOM) must import correctly.
#
# The inputs are generated in a temporary directory, never in the repo.
# Behaviour known to be wrong is listed at the end as KNOWN: those checks
# print and do not fail, but fail once the behaviour is fixed, so that they
# are moved up into the strict checks.
set -u
OGI=${OGI_BIN:?OGI_BIN must point at the ogi binary}
SHARED=${OGI_SHARED:?OGI_SHARED must point at shared/}
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
test_init # fail WHY counts in $failures

# Memory bounds (max RSS, KiB).  Under AddressSanitizer every allocation
# carries red zones and shadow memory, so the bound is wider there.
if grep -qa __asan_init "$OGI"; then asan=1; else asan=0; fi
rss_limit() { # small|huge
  case $1 in
    small) echo $((asan ? 400 * 1024 : 200 * 1024)) ;;
    huge) echo $((asan ? 1536 * 1024 : 1024 * 1024)) ;;
  esac
}

# run_ogi OUT ERR ARGS...: runs ogi with a time guard; sets rc and rss (KiB).
run_ogi() {
  local out=$1 err=$2
  shift 2
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$tmp/rss" timeout 120 "$OGI" "$@" >"$out" 2>"$err"
    rc=$?
    rss=$(tail -n 1 "$tmp/rss")
  else # max RSS of the child from getrusage
    rss=$(python3 -c '
import resource, subprocess, sys
with open(sys.argv[1], "wb") as o, open(sys.argv[2], "wb") as e:
    rc = subprocess.call(["timeout", "120"] + sys.argv[3:], stdout=o, stderr=e)
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$out" "$err" "$OGI" "$@")
    rc=${rss%% *}
    rss=${rss##* }
  fi
}

# expect_refused FILE WANT [small|huge]: `ogi import` and `ogi check` both
# exit 2 with exactly one stderr line "ogi CMD: FILE: ..." containing WANT.
expect_refused() {
  local file=$1 want=$2 mem=${3:-small} cmd line
  for cmd in import check; do
    run_ogi "$tmp/out" "$tmp/err" "$cmd" "$file"
    [ "$rc" -eq 2 ] || fail "$cmd $(basename "$file"): exit $rc, want 2 ($(head -c 300 "$tmp/err"))"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] ||
      fail "$cmd $(basename "$file"): want one line on stderr, got: $(head -c 300 "$tmp/err")"
    line=$(head -n 1 "$tmp/err")
    case $line in
      "ogi $cmd: $file: "*"$want"*) ;;
      *) fail "$cmd $(basename "$file"): '$line' is not 'ogi $cmd: $file: …$want…'" ;;
    esac
    [ "$rss" -lt "$(rss_limit "$mem")" ] ||
      fail "$cmd $(basename "$file"): max RSS ${rss} KiB, limit $(rss_limit "$mem") KiB"
    if [ "$mem" = huge ]; then # the huge inputs run once: check reads them the same way
      echo "$(basename "$file"): exit $rc, max RSS $((rss / 1024)) MiB"
      break
    fi
  done
}

# expect_imported FILE AGENCY: exit 0 and the report's agency as in the truth.
expect_imported() {
  local file=$1 agency=$2
  run_ogi "$tmp/out.json" "$tmp/err" import "$file" --json
  [ "$rc" -eq 0 ] || fail "import $(basename "$file"): exit $rc ($(head -c 300 "$tmp/err"))"
  local got
  got=$(jq -r '.agency' "$tmp/out.json" 2>/dev/null)
  [ "$got" = "$agency" ] || fail "import $(basename "$file"): agency '$got', want '$agency'"
}

html=$SHARED/corpus/real/013_shanghai_shizhengfubangongting_2019.html
html_agency=$(jq -r .agency "${html%.html}.truth.json")
txt=$SHARED/corpus/seeds/000_3a8e11d79e1ee84f.txt
txt_agency=$(jq -r .agency "${txt%.txt}.truth.json")
pdf=$SHARED/corpus/fetched/101_hongzequ_2023.pdf
"$OGI" render "${txt%.txt}.truth.json" --to docx -o "$tmp/real.docx" || fail "render a DOCX"

# ---- empty files, whatever their name ----
for ext in txt html pdf docx; do
  : >"$tmp/empty.$ext"
  expect_refused "$tmp/empty.$ext" "empty file"
done
: >"$tmp/empty.json"
expect_refused "$tmp/empty.json" "not a report JSON"

# ---- truncated files ----
cut() { head -c $(($(stat -c %s "$1") * $2 / 100)) "$1" >"$3"; }
for pct in 10 50 90 99; do
  cut "$tmp/real.docx" $pct "$tmp/cut$pct.docx"
  expect_refused "$tmp/cut$pct.docx" "cannot read DOCX: not a valid zip archive"
  cut "$pdf" $pct "$tmp/cut$pct.pdf"
  expect_refused "$tmp/cut$pct.pdf" "cannot read PDF: PDF document is damaged"
done
# An HTML page cut inside a character is not text in any encoding.
python3 - "$html" "$tmp/cut.html" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
cut = len(data) // 2
while data[cut] < 0xC0:  # the lead byte of a multi-byte character
    cut += 1
open(sys.argv[2], 'wb').write(data[:cut + 1])
PY
expect_refused "$tmp/cut.html" "not text in UTF-8, UTF-16 or GBK/GB18030"
printf '{"agency": "某市教育局", "year": 2024, "cells": {"s3_new_received__total": 1' >"$tmp/cut.json"
expect_refused "$tmp/cut.json" "not a report JSON: line 1"

# ---- binary noise, bare and behind each format's magic bytes ----
{ printf '\000'; head -c 65536 /dev/urandom; } >"$tmp/noise.bin" # never sniffed as JSON
expect_refused "$tmp/noise.bin" "binary data, not text"
{ printf '%%PDF-1.7\n'; cat "$tmp/noise.bin"; } >"$tmp/noise.pdf"
expect_refused "$tmp/noise.pdf" "cannot read PDF: PDF document is damaged"
{ printf 'PK\003\004'; cat "$tmp/noise.bin"; } >"$tmp/noise.docx"
expect_refused "$tmp/noise.docx" "cannot read DOCX: not a valid zip archive"
printf 'Ann\xe9e 2024 : r\xe9sum\xe9 \xe0 publier\n' >"$tmp/latin1.txt"
expect_refused "$tmp/latin1.txt" "not text in UTF-8, UTF-16 or GBK/GB18030"

# ---- a DOCX that is not a zip; a PDF without a text layer ----
head -c 4096 /dev/urandom | tr -d 'PK' >"$tmp/notzip.docx"
expect_refused "$tmp/notzip.docx" "binary data, not text"
python3 - "$tmp/image-only.pdf" <<'PY'
import sys
content = '10 10 m 500 800 l S 0.5 g 50 50 400 300 re f'  # lines and a filled box, no text
objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
        f'<< /Length {len(content)} >>\nstream\n{content}\nendstream']
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
expect_refused "$tmp/image-only.pdf" "no text layer"

# ---- zip bombs: document.xml inflating to 100 MiB from ~100 kB ----
python3 - "$tmp" <<'PY'
import struct, sys, zipfile
d = sys.argv[1]
with zipfile.ZipFile(f'{d}/bomb.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('word/document.xml', b'<w:document>' + b' ' * (100 << 20))
# The same archive with both headers lying: 1000 bytes declared.
b = bytearray(open(f'{d}/bomb.docx', 'rb').read())
name = b'word/document.xml'
for sig, name_len_at, name_at, size_at in ((b'PK\x03\x04', 26, 30, 22), (b'PK\x01\x02', 28, 46, 24)):
    i = b.find(sig)
    while i >= 0:
        n = struct.unpack_from('<H', b, i + name_len_at)[0]
        if b[i + name_at:i + name_at + n] == name:
            struct.pack_into('<I', b, i + size_at, 1000)
        i = b.find(sig, i + 4)
open(f'{d}/liar.docx', 'wb').write(b)
PY
expect_refused "$tmp/bomb.docx" "uncompressed (limit 64 MiB): refusing a zip bomb"
expect_refused "$tmp/liar.docx" "size differs from the declared size"

# ---- huge files: 100 MB of report text; one over the 128 MiB limit ----
block=$(head -n 30 "$txt" | wc -c) # whole lines: a cut character would be refused as not text
yes "$(head -n 30 "$txt")" | head -n $((((100 << 20) / block + 1) * 30)) >"$tmp/huge.txt"
expect_refused "$tmp/huge.txt" "too large for an annual report" huge
yes x | tr -d '\n' | head -c $((100 << 20)) >"$tmp/one-line.txt"
expect_refused "$tmp/one-line.txt" "more than 16 MiB of text" huge
rm -f "$tmp/huge.txt" "$tmp/one-line.txt"
truncate -s 130M "$tmp/over-limit.txt"
expect_refused "$tmp/over-limit.txt" "file too large (limit 128 MiB)" huge
rm -f "$tmp/over-limit.txt"

# ---- other encodings of a real report: imported, not refused ----
sed -E 's/<meta[^>]*charset[^>]*>//I' "$html" | iconv -f UTF-8 -t GB18030 >"$tmp/gbk.html"
grep -qi charset "$tmp/gbk.html" && fail "gbk.html still declares a charset"
expect_imported "$tmp/gbk.html" "$html_agency"
{ printf '<meta charset="utf-8">'; cat "$html"; } | iconv -f UTF-8 -t GB18030 >"$tmp/says-utf8.html"
expect_imported "$tmp/says-utf8.html" "$html_agency"
iconv -f UTF-8 -t GB18030 "$txt" >"$tmp/gbk.txt"
expect_imported "$tmp/gbk.txt" "$txt_agency"
iconv -f UTF-8 -t UTF-16 "$txt" >"$tmp/utf16.txt" # with BOM
expect_imported "$tmp/utf16.txt" "$txt_agency"
iconv -f UTF-8 -t UTF-16LE "$txt" >"$tmp/utf16le-nobom.txt"
expect_refused "$tmp/utf16le-nobom.txt" "binary data, not text"

# ---- KNOWN wrong behaviour (reported, see the file comment) ----
known() { # DESCRIPTION FILE: should be refused with exit 2
  run_ogi "$tmp/out" "$tmp/err" import "$2"
  if [ "$rc" -eq 2 ]; then
    fail "KNOWN issue fixed ($1): move it to the strict checks above"
  else
    echo "KNOWN: $1: ogi import exits $rc ($(head -c 200 "$tmp/err"))"
  fi
}
printf 'hello, not a report\n' >"$tmp/text-named.docx"
known "plain text named .docx imports as an empty report" "$tmp/text-named.docx"
iconv -f UTF-8 -t BIG5 -c "$html" >"$tmp/big5.html"
known "a Big5 page decodes as GB18030 mojibake into an empty report" "$tmp/big5.html"
python3 - "$html" "$tmp/cut-at-tag.html" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
open(sys.argv[2], 'wb').write(data[:data.index(b'<', len(data) // 2)])
PY
known "an HTML page cut at a tag imports as a partial report" "$tmp/cut-at-tag.html"
{ printf '<meta charset="gbk">'; cat "$html"; } >"$tmp/says-gbk.html"
run_ogi "$tmp/out" "$tmp/err" import "$tmp/says-gbk.html"
if [ "$rc" -eq 0 ]; then
  fail "KNOWN issue fixed (UTF-8 page declaring gbk): move it to the strict checks above"
else
  echo "KNOWN: a UTF-8 page declaring charset=gbk is refused: $(head -c 200 "$tmp/err")"
fi

[ "$failures" -eq 0 ] && echo "ok: import robustness" || exit 1
