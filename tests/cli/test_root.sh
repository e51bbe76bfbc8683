#!/bin/sh
# test_root.sh - a whole server at once (issue 14): --root on a mounted NT 4.0
# volume (mixed-case names, logs, a repair copy compressed by mscompress, one
# by gcab), on a Windows 2000 SystemRoot (repair/RegBack), and -r over an
# archive of mixed hive kinds.  Every tree is made here, in $TMP, from the
# sample hives and small .reg texts: no binary is committed.
. "$(dirname "$0")/lib.sh"

if [ ! -e "$SAMPLES/healthy-nt4.hive" ] || ! command -v mscompress >/dev/null || ! command -v gcab >/dev/null; then
	skip_all "sample hives, mscompress or gcab missing (make deps)"
fi

# mkreg NAME ROOTKEY...: a small hive whose root holds these subkeys (its kind comes from them).
mkreg() {
	name=$1; shift
	{ echo "REGEDIT4"; for k in "$@"; do printf '\n[%s]\n"x"=dword:00000001\n' "$k"; done; } >"$TMP/$name.reg"
	"$MKHIVE" -n "$name" "$TMP/$name.reg" "$TMP/$name.hive" >/dev/null 2>&1 || not_ok "mkhive $name"
}
mkreg SOFTWARE 'Microsoft\Windows NT\CurrentVersion' 'Classes' 'Policies'
mkreg SAM 'SAM\Domains\Account'
mkreg SECURITY 'Policy\Accounts' 'RXACT'
mkreg NTUSER 'Software\Microsoft' 'Control Panel\Desktop' 'Environment'

# tree_sum DIR: one line per file (name and hash), to prove nothing was written.
tree_sum() { (cd "$1" && find . -type f -exec sha256sum {} + | LC_ALL=C sort); }

# --- a mounted NT 4.0 volume: the current SiteDN is wrong, the repair copy's right.
nt4="$TMP/nt4"
mkdir -p "$nt4/WINNT/System32/CONFIG" "$nt4/WINNT/Repair"
printf '[boot loader]\r\ndefault=multi(0)disk(0)rdisk(0)partition(1)\\WINNT\r\n' >"$nt4/BOOT.INI"
cp "$SAMPLES/imc-site-mismatch.hive" "$nt4/WINNT/System32/CONFIG/SYSTEM"
cp "$SAMPLES/imc-site-mismatch.hive" "$nt4/WINNT/System32/CONFIG/system.alt"
: >"$nt4/WINNT/System32/CONFIG/System.Log"
cp "$TMP/SOFTWARE.hive" "$nt4/WINNT/System32/CONFIG/software"
cp "$TMP/SAM.hive" "$nt4/WINNT/System32/CONFIG/SAM"
cp "$SAMPLES/healthy-nt4.hive" "$nt4/WINNT/Repair/system"
(cd "$nt4/WINNT/Repair" && mscompress system && mv system_ SYSTEM._ && rm system)
cp "$TMP/SOFTWARE.hive" "$TMP/software"
(cd "$TMP" && gcab -c -n -z "$nt4/WINNT/Repair/software._" software)
before=$(tree_sum "$nt4")

run "$HIVEDIAG" --root "$nt4"
expect_rc 1 "--root NT 4.0 volume: the current hive's A3 error decides"
expect_valid "--root NT 4.0 volume"
expect_json '" ".join(x["role"] for x in r)' "current repair alt" "--root: current first, then each SYSTEM copy"
expect_json 'r[0]["hive"]["path"].endswith("WINNT/System32/CONFIG/SYSTEM")' "true" "--root: the mixed-case current hive found"
expect_json '[(f["role"], f["path"]) for f in r[0]["root"]["files"]]' \
	'[["current", "WINNT/System32/CONFIG/SYSTEM"], ["current", "WINNT/System32/CONFIG/software"], ["repair", "WINNT/Repair/SYSTEM._"], ["repair", "WINNT/Repair/software._"], ["alt", "WINNT/System32/CONFIG/system.alt"], ["log", "WINNT/System32/CONFIG/System.Log"]]' \
	"--root: every copy and log found, whatever the case"
expect_json 'r[0]["root"]["layout"] + " " + r[0]["root"]["systemroot"] + " " + str(r[0]["root"]["from_boot_ini"])' \
	"volume WINNT True" "--root: the SystemRoot named by BOOT.INI"
expect_json '"root" in r[1]' "false" "--root: only the current hive's report lists the installation"
expect_json 'r[0]["facts"]["software"]["hive"]["path"].endswith("WINNT/System32/CONFIG/software")' "true" \
	"--root: the current SYSTEM hive paired with the SOFTWARE hive beside it"
expect_json 'r[1]["facts"]["software"]["hive"]["expanded"]["format"]' "cabinet" \
	"--root: the repair SYSTEM copy paired with the repair SOFTWARE copy (a cabinet)"
expect_json '"software" in r[2]["facts"]' "false" "--root: the .ALT mirror has no SOFTWARE copy of its role"
expect_json 'r[0]["verdicts"]["imc"]["status"]' "likely" "--root: current SiteDN wrong"
expect_json 'r[1]["hive"]["path"].endswith("WINNT/Repair/SYSTEM._")' "true" "--root: the compressed repair copy found"
expect_json 'r[1]["hive"]["expanded"]["format"]' "SZDD" "--root: the repair copy expanded from SZDD"
expect_json 'r[1]["hive"]["expanded"]["sha256"] == "'"$(sha256sum <"$SAMPLES/healthy-nt4.hive" | cut -d' ' -f1)"'"' "true" \
	"--root: the expanded image hashes as the original hive"
expect_json 'r[1]["verdicts"]["imc"]["status"]' "unlikely" "--root: the repair copy's IMC verdict"
expect_json '[c for c in r[1]["changes"] if c["against"] == "repair"][0]["verdicts"]["imc"]' \
	'{"current": "likely", "copy": "unlikely"}' "changes: the verdicts differ"
expect_json '[(d["name"], d["current"]["data"], d["copy"]["data"]) for c in r[1]["changes"] if c["against"] == "repair" for d in c["differences"]]' \
	'[["SiteDN", "/o=Contoso/ou=Seattle", "/o=Contoso/ou=Redmond"]]' "changes: SiteDN, both values, nothing else"
expect_json '[d["current"]["last_written"] is not None and d["copy"]["last_written"] is not None for c in r[1]["changes"] for d in c["differences"] if c["against"] == "repair"]' \
	'[true]' "changes: each side's key time"
expect_json '"SiteDN \"/o=Contoso/ou=Redmond\"" in [c for c in r[1]["changes"] if c["against"] == "repair"][0]["summary"] and "IMC verdict would be unlikely" in [c for c in r[1]["changes"] if c["against"] == "repair"][0]["summary"]' \
	"true" "changes: the summary names the value and the verdict"
expect_json '[c["differences"] for c in r[2]["changes"] if c["against"] == "alt"]' "[[]]" "changes: the .ALT mirror reads the same"
# Issue 22: each file's provenance chain: the file the scan opened, its size,
# times (UTC, to the nanosecond, as stat gives them), device and inode.
sys_f="$nt4/WINNT/System32/CONFIG/SYSTEM"
utc_ns() { TZ=UTC stat -c %y "$1" | sed 's/ /T/; s/ +0000$/Z/'; }
expect_json '[[l["kind"], l["path"], l["size"], l["mtime"], l["ctime"], l["device"], l["inode"]] for l in r[0]["hive"]["provenance"]]' \
	"[[\"file\", \"$sys_f\", $(stat -c %s "$sys_f"), \"$(utc_ns "$sys_f")\", \"$(TZ=UTC stat -c %z "$sys_f" | sed 's/ /T/; s/ +0000$/Z/')\", $(stat -c %d "$sys_f"), $(stat -c %i "$sys_f")]]" \
	"--root: the current hive's provenance is the file opened, with its stat"
expect_json 'r[1]["hive"]["provenance"][0]["path"] == r[1]["hive"]["path"] and r[0]["facts"]["software"]["hive"]["provenance"][0]["path"] == r[0]["facts"]["software"]["hive"]["path"]' \
	"true" "--root: a copy's and the SOFTWARE hive's provenance name their files"
expect_json '[(f["role"], f["provenance"] is None) for f in r[0]["root"]["files"]]' \
	'[["current", false], ["current", false], ["repair", false], ["repair", false], ["alt", false], ["log", true]]' \
	"--root: every hive found has its provenance, a log (only listed) none"
after=$(tree_sum "$nt4")
[ "$before" = "$after" ] && ok "--root: nothing written in the volume" || not_ok "--root: the volume changed"

# The text report says the same to a person: each file's role, and the
# comparison's sentence under "Compared:".
COLUMNS=200 run "$HIVEDIAG" -o text --root "$nt4"
expect_rc 1 "--root -o text"
expect_out '^  role +the current SYSTEM hive of the installation$' "--root -o text: the current hive's role"
expect_out '^  install +.*/nt4, SystemRoot WINNT \(named by BOOT.INI\); [0-9]+ files found' \
	"--root -o text: the installation found"
expect_out '^  role +an older copy: the repair copy \(RDISK\)' "--root -o text: the repair copy's role"
expect_out '^  - The repair copy made 2002-08-06 has SiteDN "/o=Contoso/ou=Redmond" \(current: "/o=Contoso/ou=Seattle"\): with it the IMC verdict would be unlikely' \
	"--root -o text: the repair copy's sentence under Compared:"
# One table of formats (issue 25): the copies' reports are separated as -r's are, by a blank line.
n=$(awk '/^hivediag report: / && NR > 1 && prev != "" { bad++ } { prev = $0 } END { print bad + 0 }' "$TMP/out")
[ "$n" -eq 0 ] && ok "--root -o text: a blank line before each report but the first" ||
	not_ok "--root -o text: $n report(s) not preceded by a blank line"
n=$(grep -c '^Compared:$' "$TMP/out")
[ "$n" -eq 3 ] && ok "--root -o text: a Compared: section per report" || not_ok "--root -o text: $n Compared: sections, wanted 3"

run "$HIVEDIAG" -o ndjson --root "$nt4"
n=$(wc -l <"$TMP/out")
[ "$n" -eq 3 ] && ok "--root -o ndjson: one line per report" || not_ok "--root -o ndjson: $n lines, wanted 3"
expect_valid "--root -o ndjson"

# The same volume whose repair copy is a cabinet (gcab, MSZIP) instead.
rm "$nt4/WINNT/Repair/SYSTEM._"
cp "$SAMPLES/healthy-nt4.hive" "$TMP/system"
(cd "$TMP" && gcab -c -n -z "$nt4/WINNT/Repair/system._" system)
run "$HIVEDIAG" --root "$nt4/WINNT"
expect_rc 1 "--root SystemRoot with a cabinet repair copy"
expect_json 'r[1]["hive"]["expanded"]["format"]' "cabinet" "--root: the repair copy expanded from a cabinet"
expect_json 'r[1]["verdicts"]["imc"]["status"]' "unlikely" "--root: the cabinet copy analyzed"

# A damaged compressed copy is an error report of its own, not the run's end.
head -c 300 "$nt4/WINNT/Repair/system._" >"$TMP/cut" && cp "$TMP/cut" "$nt4/WINNT/Repair/system._"
run "$HIVEDIAG" --root "$nt4"
expect_rc 1 "--root: a damaged repair copy does not change the exit status"
expect_json 'r[1]["error"]["code"]' "expand_failed" "--root: the damaged copy says why"
expect_err 'Repair/system\._: cabinet: damaged' "--root: message for the damaged copy"
expect_valid "--root with a damaged copy"

# Issue 26: a KWAJ signature and too little of its 14-byte header (8-13
# bytes).  libmspack freed header pointers it never set, with memory an
# earlier hive of the same worker had left dirty: the worker died (SIGSEGV,
# double free) and the current hive's report went with it.  Now the copy is
# refused before libmspack reads it, and every other report stands.
for n in 8 11 13; do
	printf 'KWAJ\210\360\047\321\004\000\016\000\000\000' | head -c $n >"$nt4/WINNT/Repair/system._"
	run "$HIVEDIAG" --root "$nt4"
	expect_rc 1 "--root: a $n-byte KWAJ repair copy does not change the exit status"
	expect_json '" ".join(x["role"] for x in r)' "current repair alt" "--root: every report present beside a $n-byte KWAJ copy"
	expect_json 'r[0]["verdicts"]["imc"]["status"]' "likely" "--root: the current hive's report stands beside a $n-byte KWAJ copy"
	expect_json 'r[1]["error"]["code"]' "expand_failed" "--root: the $n-byte KWAJ copy says why"
	expect_err 'Repair/system\._: KWAJ: damaged compressed file: shorter than a KWAJ header' \
		"--root: message for the $n-byte KWAJ copy"
	expect_valid "--root with a $n-byte KWAJ copy"
done

# --- a Windows 2000 SystemRoot: repair/RegBack holds a broken copy of a healthy current hive.
w2k="$TMP/w2k/WINNT"
mkdir -p "$w2k/system32/config" "$w2k/repair/RegBack"
cp "$SAMPLES/mta-w2k-healthy.hive" "$w2k/system32/config/SYSTEM"
cp "$SAMPLES/mta-w2k-broken.hive" "$w2k/repair/RegBack/system"
cp "$SAMPLES/mta-w2k-healthy.hive" "$w2k/repair/system"
run "$HIVEDIAG" --root "$TMP/w2k"
expect_valid "--root Windows 2000 volume"
expect_json '" ".join(x["role"] for x in r)' "current repair regback" "--root W2K: current, repair, regback"
expect_json 'r[0]["verdicts"]["mta"]["status"] != r[2]["verdicts"]["mta"]["status"]' "true" "--root W2K: the RegBack copy judged apart"
expect_json '[c["verdicts"]["mta"]["copy"] for c in r[2]["changes"] if c["against"] == "regback"] == [r[2]["verdicts"]["mta"]["status"]]' \
	"true" "--root W2K: the changes name the RegBack copy's verdict"
expect_rc "$("$HIVEDIAG" -q "$w2k/system32/config/SYSTEM" >/dev/null 2>&1; echo $?)" "--root W2K: exit status is the current hive's"

# --- misuse and empty trees.
mkdir -p "$TMP/empty/docs"
run "$HIVEDIAG" --root "$TMP/empty"
expect_rc 2 "--root on a folder with no Windows"
expect_json 'r[0]["error"]["code"]' "no_installation" "--root: no installation"
expect_err 'no Windows installation' "--root: says so"
run "$HIVEDIAG" --root "$TMP/nope"
expect_rc 2 "--root on a missing folder"
run "$HIVEDIAG" --root "$nt4" "$SAMPLES/healthy-nt4.hive"
expect_rc 2 "--root with a HIVE operand"
expect_err 'takes no HIVE' "--root with a HIVE operand: usage"
mkdir -p "$TMP/onlyrepair/repair" "$TMP/onlyrepair/system32/config"
cp "$TMP/SAM.hive" "$TMP/onlyrepair/system32/config/SAM"
cp "$SAMPLES/healthy-nt4.hive" "$TMP/onlyrepair/repair/system"
run "$HIVEDIAG" --root "$TMP/onlyrepair"
expect_rc 2 "--root with only a repair copy: no current hive"
expect_err 'no current SYSTEM hive' "--root: says the current hive is missing"
expect_json 'r[0]["error"]["code"] + " " + r[0]["role"] + " " + r[1]["role"]' "no_current_system current repair" \
	"--root with only a repair copy: the missing current hive's error report first, then the copy"

# --- issue 26: no regular current SYSTEM (an empty config folder, only
# SOFTWARE, SYSTEM a symbolic link) is said as such, exit 2 (before: the
# worker's empty reply, parser_crashed "(Protocol error)").
mkdir -p "$TMP/nosys/empty/system32/config" "$TMP/nosys/sw/system32/config" "$TMP/nosys/link/system32/config"
cp "$TMP/SOFTWARE.hive" "$TMP/nosys/sw/system32/config/SOFTWARE"
ln -s "$SAMPLES/healthy-nt4.hive" "$TMP/nosys/link/system32/config/SYSTEM"
for form in empty sw link; do
	run "$HIVEDIAG" --root "$TMP/nosys/$form"
	expect_rc 2 "--root, no current SYSTEM ($form)"
	expect_json 'r[0]["error"]["code"]' "no_current_system" "--root, no current SYSTEM ($form): its error object"
	expect_json 'len(r)' 1 "--root, no current SYSTEM ($form): one report"
	expect_err "^hivediag: $TMP/nosys/$form: no current SYSTEM hive was found: system32/config/SYSTEM" \
		"--root, no current SYSTEM ($form): says so"
	expect_valid "--root, no current SYSTEM ($form)"
done
expect_err 'SYSTEM is a symbolic link' "--root, SYSTEM a symbolic link: says it was refused as one"
expect_json 'r[0]["hive"]["sha256"] is None and r[0]["hive"]["size"] is None' "true" \
	"--root, SYSTEM a symbolic link: the link's target is not read"

# --- issue 26: each copy in a process of its own.  The copy whose process
# crashes (the test hook) costs its own report; the current hive's and the
# other copies' come out whole (before: the whole installation's one report,
# parser_crashed).
run env HIVEDIAG_TEST_CRASH="$w2k/repair/system" "$HIVEDIAG_TESTHOOKS" --root "$TMP/w2k"
expect_rc "$("$HIVEDIAG" -q "$w2k/system32/config/SYSTEM" >/dev/null 2>&1; echo $?)" \
	"--root, a copy crashes: the exit status is still the current hive's"
expect_json '" ".join(x["role"] for x in r)' "current repair regback" "--root, a copy crashes: every report, in order"
expect_json '"error" in r[0] or "root" not in r[0]' "false" "--root, a copy crashes: the current hive's report is whole"
expect_json 'r[1]["error"]["code"]' "parser_crashed" "--root, a copy crashes: its report says so"
expect_json 'r[1]["hive"]["path"]' "$w2k/repair/system" "--root, a copy crashes: the crashed copy named"
expect_json '"regback" in [c["against"] for c in r[2]["changes"]]' "true" "--root, a copy crashes: the next copy still compared"
expect_err "WINNT/repair/system: the process analyzing this copy died: .*signal 6" "--root, a copy crashes: message"
expect_err_lines 1 "--root, a copy crashes: one message, the crashed copy's"
expect_valid "--root, a copy crashes"
run env HIVEDIAG_TEST_CRASH="$w2k/system32/config/SYSTEM" "$HIVEDIAG_TESTHOOKS" --root "$TMP/w2k"
expect_rc 2 "--root, the current hive crashes: exit 2"
expect_json 'r[0]["error"]["code"] + " " + r[0]["role"]' "parser_crashed current" "--root, the current hive crashes: its report"
expect_json '[(x["role"], "error" in x, any(c["against"] != "last_known_good" for c in x.get("changes", []))) for x in r[1:]]' \
	'[["repair", false, false], ["regback", false, false]]' \
	"--root, the current hive crashes: each copy analyzed alone, not compared with it"
expect_valid "--root, the current hive crashes"

# --- issue 26: the race of a folder or file swapped for a symbolic link
# between the scan and the analysis; every hive is read through the
# descriptor the scan opened (before: 23 of 54 and 27 of 45 repair reports
# in 100 runs were of the hive outside the tree).  Under a wrapper
# (valgrind: 2.4 s a run, and its slow start hardly races) 10 runs a mode.
runs=100
[ -z "${HIVEDIAG_WRAPPER:-}" ] || runs=10
for mode in dir file; do
	if out=$(/usr/bin/python3 "$(dirname "$0")/root_race.py" "$HIVEDIAG" "$SAMPLES/healthy-nt4.hive" \
			"$SAMPLES/imc-site-mismatch.hive" "$TMP" $runs $mode 2>&1); then
		ok "--root race ($mode): nothing read through a link swapped in after the scan ($out)"
	else
		not_ok "--root race ($mode)" "$out"
	fi
done

# --- -r over an archive of mixed kinds: only the SYSTEM hives count.
arch="$TMP/archive"
mkdir -p "$arch/srv1" "$arch/srv2" "$arch/users"
cp "$SAMPLES/healthy-nt4.hive" "$arch/srv1/SYSTEM"
cp "$SAMPLES/software-sp4.hive" "$arch/srv1/SOFTWARE"
cp "$TMP/SAM.hive" "$arch/srv1/SAM"
cp "$TMP/SECURITY.hive" "$arch/srv1/SECURITY"
cp "$SAMPLES/mta-healthy.hive" "$arch/srv2/system"
cp "$TMP/NTUSER.hive" "$arch/users/NTUSER.DAT"
run "$HIVEDIAG" -o ndjson -r "$arch"
expect_rc 0 "-r mixed archive: exit from the SYSTEM hives only"
n=$(wc -l <"$TMP/out")
[ "$n" -eq 2 ] && ok "-r mixed archive: two reports, the SYSTEM hives" || not_ok "-r mixed archive: $n lines, wanted 2"
expect_err '2 hives in .*; 3 skipped: other hive kinds' "-r mixed archive: the summary counts the skipped (SAM, SECURITY, NTUSER.DAT)"
paired=$(/usr/bin/python3 -c 'import json,sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    sw = (d.get("facts") or {}).get("software")
    print(d["hive"]["path"].rsplit("/", 2)[-2] + ":" + (sw["hive"]["path"].rsplit("/", 1)[-1] if sw else "-"))' "$TMP/out")
[ "$(echo $paired)" = "srv1:SOFTWARE srv2:-" ] && ok "-r mixed archive: srv1/SYSTEM read with srv1/SOFTWARE, srv2 alone" ||
	not_ok "-r mixed archive: pairs are '$(echo $paired)'"
expect_valid "-r mixed archive"
run "$HIVEDIAG" -o ndjson --verbose -r "$arch"
expect_rc 0 "-r --verbose mixed archive"
n=$(grep -c '"skipped":"kind ' "$TMP/out")
[ "$n" -eq 4 ] && ok "-r --verbose: four skip lines" || not_ok "-r --verbose: $n skip lines, wanted 4"
grep -q "{\"path\":\"$arch/srv1/SOFTWARE\",\"skipped\":\"kind SOFTWARE, read with the SYSTEM hive $arch/srv1/SYSTEM\"}" "$TMP/out" &&
	ok "-r --verbose: the paired SOFTWARE hive says where it was read" || not_ok "-r --verbose: paired SOFTWARE line"
grep -q "{\"path\":\"$arch/srv1/SAM\",\"skipped\":\"kind " "$TMP/out" && ok "-r --verbose: SAM listed as skipped" ||
	not_ok "-r --verbose: SAM not listed"
expect_valid "-r --verbose mixed archive"
cp "$SAMPLES/imc-site-mismatch.hive" "$arch/srv2/SYSTEM.bad"
run "$HIVEDIAG" -q -o ndjson -r "$arch"
expect_rc 1 "-r mixed archive with a SYSTEM hive with findings"
run "$HIVEDIAG" -q "$arch/srv1/SAM"
expect_rc 2 "a SAM named as HIVE is still an error"

# --- the real hives of the corpus, with other kinds beside them: nothing wrong, exit 0.
if [ -d "$CORPUS/real" ]; then
	real="$TMP/real"
	for f in win7-sp1-x86 winxp-sp3-x86; do
		mkdir -p "$real/$f" && xz -dc "$CORPUS/real/$f.SYSTEM.xz" >"$real/$f/SYSTEM"
	done
	cp "$TMP/SAM.hive" "$real/winxp-sp3-x86/SAM"
	cp "$TMP/SOFTWARE.hive" "$real/win7-sp1-x86/SOFTWARE"
	run "$HIVEDIAG" -o ndjson -r "$CORPUS/real" "$real"
	expect_rc 0 "-r over the real corpus hives and kinds beside them"
	expect_err '2 hives in .*; 1 skipped: other hive kinds' "-r corpus: the two SYSTEM hives analyzed, the SAM skipped, the SOFTWARE paired"
	expect_valid "-r corpus"
fi
finish
