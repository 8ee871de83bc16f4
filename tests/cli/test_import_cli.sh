#!/usr/bin/env bash
# test_import_cli.sh — `ogi import`: one file as report JSON, unreadable
# files (exit 2, message naming the file), and a batch directory with bad
# files in it, serial and with -j 2 (same lines, same order).
set -u
OGI=${OGI_BIN:?OGI_BIN must point at the ogi binary}
SHARED=${OGI_SHARED:?OGI_SHARED must point at shared/}
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
test_init # fail WHY counts in $failures

# One readable file: exit 0 whatever the findings, the report JSON on stdout.
pdf=$SHARED/corpus/fetched/101_hongzequ_2023.pdf
"$OGI" import "$pdf" --json >"$tmp/one.json" 2>"$tmp/one.err"
rc=$?
[ $rc -eq 0 ] || fail "import --json of a readable PDF exited $rc"
[ "$(jq -r '.cells.s3_new_received__total' "$tmp/one.json")" = 21 ] ||
  fail "report JSON lacks s3_new_received__total = 21"
jq -e '.findings | type == "array"' "$tmp/one.json" >/dev/null || fail "no findings array"

# Unreadable inputs: exit 2 and the reason, naming the file.
: >"$tmp/empty.txt"
head -c 4000 "$pdf" >"$tmp/cut.pdf"
printf 'PK\003\004garbage' >"$tmp/bad.docx"
head -c 2000 /dev/urandom | tr -d '%{<' | sed '1s/^/\x00/' >"$tmp/noise.bin"
check_unreadable() {
  local file=$1 want=$2
  "$OGI" import "$file" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ $rc -eq 2 ] || fail "$file: exit $rc, want 2"
  grep -qF -- "$want" "$tmp/err" || fail "$file: stderr '$(cat "$tmp/err")' lacks '$want'"
}
check_unreadable "$tmp/empty.txt" "ogi import: $tmp/empty.txt: empty file"
check_unreadable "$tmp/cut.pdf" "ogi import: $tmp/cut.pdf: cannot read PDF: PDF document is damaged"
check_unreadable "$tmp/bad.docx" "ogi import: $tmp/bad.docx: cannot read DOCX: not a valid zip archive"
check_unreadable "$tmp/noise.bin" "ogi import: $tmp/noise.bin: binary data, not text"
check_unreadable "$tmp/missing.pdf" "ogi import: $tmp/missing.pdf: No such file or directory"

# A batch: the corpus plus the bad files; never stopped by a bad one.
mkdir -p "$tmp/batch/sub"
cp "$SHARED"/corpus/fetched/*.pdf "$SHARED"/corpus/real/*.html "$SHARED"/corpus/seeds/*.txt "$tmp/batch/"
cp "$tmp/cut.pdf" "$tmp/empty.txt" "$tmp/batch/sub/"
cp "$SHARED"/corpus/seeds/000_*.truth.json "$tmp/batch/"
n_good=$(ls "$tmp"/batch/*.pdf "$tmp"/batch/*.html "$tmp"/batch/*.txt | wc -l)
"$OGI" import "$tmp/batch" -o "$tmp/serial.jsonl" --exclude '*.truth.json' >"$tmp/summary" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "batch with unreadable files exited $rc, want 2"
lines=$(wc -l <"$tmp/serial.jsonl")
[ "$lines" -eq $((n_good + 2)) ] || fail "batch wrote $lines lines, want $((n_good + 2))"
[ "$(jq -c 'select(.error)' "$tmp/serial.jsonl" | wc -l)" -eq 2 ] || fail "want 2 error lines"
jq -se 'any(.[]; (.file | endswith("cut.pdf")) and (.error // "" | contains("PDF document is damaged")))' \
  "$tmp/serial.jsonl" >/dev/null || fail "cut.pdf error line missing"
grep -q "共 $((n_good + 2)) 个文件" "$tmp/summary" || fail "summary: $(cat "$tmp/summary")"
grep -q "无法读取 2 个" "$tmp/summary" || fail "summary does not count 2 unreadable"

"$OGI" import "$tmp/batch" -o "$tmp/parallel.jsonl" -j 2 --exclude '*.truth.json' >/dev/null 2>&1
cmp -s "$tmp/serial.jsonl" "$tmp/parallel.jsonl" || fail "-j 2 output differs from serial"

# Usage errors.
"$OGI" import >/dev/null 2>&1; [ $? -eq 2 ] || fail "no input: want exit 2"
"$OGI" import "$pdf" -j 0 >/dev/null 2>&1; [ $? -eq 2 ] || fail "-j 0: want exit 2"

[ "$failures" -eq 0 ] && echo "ok: import CLI" || exit 1
