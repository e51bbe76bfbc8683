#!/bin/sh
# test_archive_source.sh - evidence in archives and on standard input (issue
# 22): zip, tar.gz, tar.xz, 7z and a gzip'd hive, each built here from the
# samples; an archive's SYSTEM hives paired with the SOFTWARE hive of their
# folder; "-"; and -r over a folder of customer uploads where a zip bomb, a
# truncated archive and an encrypted member are each a clear error while the
# run goes on, and every file lands in exactly one category of the summary.
. "$(dirname "$0")/lib.sh"

S="$SAMPLES"
[ -f "$S/healthy-nt4.hive" ] && [ -f "$S/software-sp4.hive" ] || skip_all "samples not built"
for tool in bsdtar zip gzip xz; do
	command -v "$tool" >/dev/null 2>&1 || skip_all "$tool missing (libarchive-tools, zip, gzip, xz-utils)"
done

W="$TMP/archive_source"
rm -rf "$W"
mkdir -p "$W/tree/exch01" "$W/tree/exch02" "$W/up"
cp "$S/healthy-nt4.hive" "$W/tree/exch01/SYSTEM"
cp "$S/software-sp4.hive" "$W/tree/exch01/SOFTWARE"
cp "$S/imc-site-mismatch.hive" "$W/tree/exch02/SYSTEM"
echo "customer notes" >"$W/tree/readme.txt"
(cd "$W/tree" && zip -qr "$W/case.zip" . && bsdtar -czf "$W/case.tar.gz" . && bsdtar -cJf "$W/case.tar.xz" . &&
	bsdtar --format 7zip -cf "$W/case.7z" .) || skip_all "cannot build the archives"

# Each form: two SYSTEM hives, exch01 paired with its SOFTWARE hive, named archive!/path.
for a in case.zip case.tar.gz case.tar.xz case.7z; do
	run "$HIVEDIAG" -o json "$W/$a"
	expect_rc 1 "$a: exch02's site mismatch is a finding"
	expect_valid "$a"
	expect_json '[x["hive"]["path"] for x in r]' "[\"$W/$a!/exch01/SYSTEM\", \"$W/$a!/exch02/SYSTEM\"]" \
		"$a: each SYSTEM hive reported, named inside the archive"
	expect_json 'r[0]["facts"]["software"]["hive"]["path"]' "$W/$a!/exch01/SOFTWARE" \
		"$a: exch01 read with the SOFTWARE hive of its folder"
	expect_json '[x["verdicts"]["imc"]["status"] for x in r]' '["unlikely", "likely"]' "$a: the samples' verdicts"
done
run "$HIVEDIAG" -o json "$S/healthy-nt4.hive"
sha=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hive"]["sha256"])' "$TMP/out")
run "$HIVEDIAG" -o json "$W/case.zip"
expect_json 'r[0]["hive"]["sha256"]' "$sha" "case.zip: the member's own SHA-256"

# A dirty SYSTEM hive in an archive: its log is found and replayed from inside the archive.
mkdir -p "$W/dirty/srv"
/usr/bin/python3 "$(dirname "$0")/mkdirty.py" "$S/imc-site-mismatch.hive" "$S/healthy-nt4.hive" \
	"$W/dirty/srv/SYSTEM" >/dev/null || not_ok "mkdirty"
(cd "$W/dirty" && zip -qr "$W/dirty.zip" srv)
run "$HIVEDIAG" -o json "$W/dirty.zip"
expect_rc 0 "dirty hive in a zip"
expect_json '(r[0]["hive"]["recovery"]["logs_applied"], r[0]["verdicts"]["imc"]["status"])' '[["SYSTEM.LOG"], "unlikely"]' \
	"dirty hive in a zip: its SYSTEM.LOG replayed from inside the archive (the logged state judged)"

# --verbose lists what the archive held besides: the paired SOFTWARE, the readme.
run "$HIVEDIAG" -o ndjson --verbose "$W/case.zip"
expect_out "\"path\":\"$W/case.zip!/readme.txt\",\"skipped\":\"not a hive\"" "--verbose: the readme passed over"
expect_out "case.zip!/exch01/SOFTWARE\",\"skipped\":\"kind SOFTWARE, read with" "--verbose: the SOFTWARE hive read with its pair"

# A hive compressed alone, by content: the sample's verdicts, the image described.
gzip -c "$S/healthy-nt4.hive" >"$W/system.gz"
run "$HIVEDIAG" -o json "$W/system.gz"
expect_rc 0 "gzip'd hive"
expect_json 'r["hive"]["expanded"]["format"]' gzip "gzip'd hive: expanded.format"
expect_json 'r["hive"]["expanded"]["sha256"]' "$sha" "gzip'd hive: the expanded image is the sample"

# Standard input: a hive, a gzip'd hive, an archive.
run sh -c "\"$HIVEDIAG\" -o json - <\"$S/healthy-nt4.hive\""
expect_rc 0 "stdin hive"
expect_json '(r["hive"]["path"], r["hive"]["sha256"])' "[\"-\", \"$sha\"]" "stdin hive: named -, its hash"
run sh -c "\"$HIVEDIAG\" -o json - <\"$W/system.gz\""
expect_json 'r["hive"]["expanded"]["sha256"]' "$sha" "stdin gzip'd hive"
run sh -c "\"$HIVEDIAG\" -o json - <\"$W/case.tar.gz\""
expect_rc 1 "stdin archive"
expect_json '[x["hive"]["path"] for x in r]' '["-!/exch01/SYSTEM", "-!/exch02/SYSTEM"]' "stdin archive: its hives"
run "$HIVEDIAG" - -
expect_rc 2 "two - operands"
expect_err 'read once' "two - operands: said why"

# --root on an archive of a volume: searched as --root searches the volume itself.
mkdir -p "$W/vol/WINNT/system32/config"
cp "$S/imc-site-mismatch.hive" "$W/vol/WINNT/system32/config/SYSTEM"
printf '[boot loader]\r\ndefault=multi(0)disk(0)rdisk(0)partition(1)\\WINNT\r\n' >"$W/vol/BOOT.INI"
(cd "$W/vol" && bsdtar -czf "$W/vol.tar.gz" .)
run "$HIVEDIAG" -o json --root "$W/vol.tar.gz"
expect_rc 1 "--root archive"
expect_json '[(x["hive"]["path"], x["role"], x["verdicts"]["imc"]["status"]) for x in r]' \
	"[[\"$W/vol.tar.gz!/WINNT/system32/config/SYSTEM\", \"current\", \"likely\"]]" "--root archive: the installation's current SYSTEM"

# -r over a folder of uploads: good archives, a zip bomb, a truncated
# archive, an encrypted zip, plus the loose files of a folder.
cp "$W/case.zip" "$W/case.tar.gz" "$W/up/"
# The bomb: 6 MiB of zeros, bzip2'd in a zip to some 200 bytes (far past 1000:1).
head -c 6291456 /dev/zero >"$W/zeros" && (cd "$W" && zip -q -Z bzip2 "$W/up/bomb.zip" zeros) && rm -f "$W/zeros"
size=$(wc -c <"$W/case.7z")
head -c $((size / 2)) "$W/case.7z" >"$W/up/cut.7z"
(cd "$W/tree" && zip -q -P secret -r "$W/up/locked.zip" exch01)
gzip -c "$S/imc-site-mismatch.hive" >"$W/up/SYSTEM.gz"
cp "$S/healthy-nt4.hive" "$W/up/SYSTEM"
{ printf 'regf'; head -c 24 /dev/zero; printf '\006\000\000\000'; } >"$W/up/SYSTEM.LOG1"
{ echo REGEDIT4; for k in 'Software\Microsoft' 'Control Panel\Desktop' Environment; do
	printf '\n[%s]\n"x"=dword:00000001\n' "$k"; done; } >"$W/ntuser.reg"
"$MKHIVE" -n NTUSER "$W/ntuser.reg" "$W/up/NTUSER.DAT" >/dev/null 2>&1 || not_ok "mkhive NTUSER"
head -c 3000 /dev/urandom >"$W/up/random.bin"
# A registry export of a SYSTEM hive (version 5, UTF-16LE): handed on, read by
# the export backend (issue 22: the .reg export among the folder's files).
/usr/bin/python3 "$(dirname "$0")/reg2export.py" --format 5 "$TOP/samples/imc-org-mismatch.reg" \
	"$W/up/system-export.reg" || not_ok "reg2export"
echo hello >"$W/up/notes.txt"
ln -s notes.txt "$W/up/link"
run "$HIVEDIAG" -r -o ndjson --verbose "$W/up"
expect_rc 2 "-r uploads: the unreadable archives are errors"
expect_err 'bomb.zip: the archive expands to more than 1000 times .*max_ratio' "-r: the zip bomb is refused, naming the limit and figure"
expect_err 'cut.7z: the archive is damaged or truncated' "-r: the cut archive is damaged"
expect_err 'locked.zip: member exch01/.* is encrypted' "-r: the encrypted member said so"
for code in archive_limit archive_damaged archive_encrypted; do
	grep -q "\"code\":\"$code\"" "$TMP/out" && ok "-r: an error report $code" || not_ok "-r: no error report $code"
done
n=$(grep -c '"hive":{"path":"[^"]*!/exch0[12]/SYSTEM"' "$TMP/out")
[ "$n" -eq 4 ] && ok "-r: the two good archives' four SYSTEM hives analyzed (the run went on)" ||
	not_ok "-r: $n SYSTEM hives from the good archives, wanted 4"
expect_out "\"path\":\"$W/up/SYSTEM.gz\"" "-r: the gzip'd hive analyzed"
expect_out "\"path\":\"$W/up/system-export.reg\"" "-r: the registry export analyzed"
expect_out "\"path\":\"$W/up/SYSTEM.LOG1\",\"skipped\":\"transaction log\"" "-r: the log passed over"
expect_out "\"path\":\"$W/up/random.bin\",\"skipped\":\"not a hive\"" "-r: random bytes passed over"
expect_out "\"path\":\"$W/up/link\",\"skipped\":\"not a regular file\"" "-r: the link passed over"
expect_out "\"path\":\"$W/up/NTUSER.DAT\",\"skipped\":\"kind NTUSER\"" "-r: the NTUSER.DAT skipped as another kind"
# Every file in exactly one category: the summary's counts add up to the files in the folder.
files=$(find "$W/up" -mindepth 1 ! -type d | wc -l)
total=$(sed -n 's/^hivediag: \([0-9]*\) hives\{0,1\} in .*/\1/p' "$TMP/err")
line=$(grep '^hivediag: [0-9]* hive' "$TMP/err")
arch=$(echo "$line" | sed -n 's/.*; \([0-9]*\) archives\{0,1\} read.*/\1/p')
inner=$(grep -c '"hive":{"path":"[^"]*!/' "$TMP/out")
rest=$(echo "$line" | /usr/bin/python3 -c '
import re, sys
line = sys.stdin.read()
n = 0
m = re.search(r"; (\d+) skipped: other hive kinds", line)
n += int(m.group(1)) if m else 0
m = re.search(r"passed over: ([^;]*)", line)
if m:
    n += sum(int(x) for x in re.findall(r"(\d+) [a-zA-Z]", m.group(1)))
print(n)')
inner_pass=$(grep -c '"path":"[^"]*!/[^"]*","skipped"' "$TMP/out")
got=$((total - inner + ${arch:-0} + rest - inner_pass))
[ "$got" -eq "$files" ] && ok "-r: every file of the folder in exactly one category ($files: $line)" ||
	not_ok "-r: categories count $got files, the folder holds $files" "$line"
finish
