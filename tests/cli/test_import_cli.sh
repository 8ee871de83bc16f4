#!/usr/bin/env bash
# test_import_cli.sh — `ogi import`: one file as report JSON, unreadable
# files (exit 2, message naming the file), and a batch directory with bad
# files in it, serial and with -j 2 (same lines, same order).
set -u
OGI=${OGI_BIN:?OGI_BIN must point at the ogi binary}
SHARED=${OGI_SHARED:?OGI_SHARED must point at shared/}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# One readable file: exit 0 whatever the findings, the report JSON on stdout.
pdf=$SHARED/corpus/fetched/101_hongzequ_2023.pdf
"$OGI" import "$pdf" --json >"$TMP/one.json" 2>"$TMP/one.err"
rc=$?
[ $rc -eq 0 ] || fail "import --json of a readable PDF exited $rc"
[ "$(jq -r '.cells.s3_new_received__total' "$TMP/one.json")" = 21 ] ||
  fail "report JSON lacks s3_new_received__total = 21"
jq -e '.findings | type == "array"' "$TMP/one.json" >/dev/null || fail "no findings array"

# Unreadable inputs: exit 2 and the reason, naming the file.
: >"$TMP/empty.txt"
head -c 4000 "$pdf" >"$TMP/cut.pdf"
printf 'PK\003\004garbage' >"$TMP/bad.docx"
head -c 2000 /dev/urandom | tr -d '%{<' | sed '1s/^/\x00/' >"$TMP/noise.bin"
check_unreadable() {
  local file=$1 want=$2
  "$OGI" import "$file" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  [ $rc -eq 2 ] || fail "$file: exit $rc, want 2"
  grep -qF -- "$want" "$TMP/err" || fail "$file: stderr '$(cat "$TMP/err")' lacks '$want'"
}
check_unreadable "$TMP/empty.txt" "ogi import: $TMP/empty.txt: empty file"
check_unreadable "$TMP/cut.pdf" "ogi import: $TMP/cut.pdf: cannot read PDF: PDF document is damaged"
check_unreadable "$TMP/bad.docx" "ogi import: $TMP/bad.docx: cannot read DOCX: not a valid zip archive"
check_unreadable "$TMP/noise.bin" "ogi import: $TMP/noise.bin: binary data, not text"
check_unreadable "$TMP/missing.pdf" "ogi import: $TMP/missing.pdf: No such file or directory"

# A batch: the corpus plus the bad files; never stopped by a bad one.
mkdir -p "$TMP/batch/sub"
cp "$SHARED"/corpus/fetched/*.pdf "$SHARED"/corpus/real/*.html "$SHARED"/corpus/seeds/*.txt "$TMP/batch/"
cp "$TMP/cut.pdf" "$TMP/empty.txt" "$TMP/batch/sub/"
cp "$SHARED"/corpus/seeds/000_*.truth.json "$TMP/batch/"
n_good=$(ls "$TMP"/batch/*.pdf "$TMP"/batch/*.html "$TMP"/batch/*.txt | wc -l)
"$OGI" import "$TMP/batch" -o "$TMP/serial.jsonl" --exclude '*.truth.json' >"$TMP/summary" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "batch with unreadable files exited $rc, want 2"
lines=$(wc -l <"$TMP/serial.jsonl")
[ "$lines" -eq $((n_good + 2)) ] || fail "batch wrote $lines lines, want $((n_good + 2))"
[ "$(jq -c 'select(.error)' "$TMP/serial.jsonl" | wc -l)" -eq 2 ] || fail "want 2 error lines"
jq -se 'any(.[]; (.file | endswith("cut.pdf")) and (.error // "" | contains("PDF document is damaged")))' \
  "$TMP/serial.jsonl" >/dev/null || fail "cut.pdf error line missing"
grep -q "共 $((n_good + 2)) 个文件" "$TMP/summary" || fail "summary: $(cat "$TMP/summary")"
grep -q "无法读取 2 个" "$TMP/summary" || fail "summary does not count 2 unreadable"

"$OGI" import "$TMP/batch" -o "$TMP/parallel.jsonl" -j 2 --exclude '*.truth.json' >/dev/null 2>&1
cmp -s "$TMP/serial.jsonl" "$TMP/parallel.jsonl" || fail "-j 2 output differs from serial"

# Usage errors.
"$OGI" import >/dev/null 2>&1; [ $? -eq 2 ] || fail "no input: want exit 2"
"$OGI" import "$pdf" -j 0 >/dev/null 2>&1; [ $? -eq 2 ] || fail "-j 0: want exit 2"

[ $fails -eq 0 ] && echo "ok: import CLI" || exit 1
