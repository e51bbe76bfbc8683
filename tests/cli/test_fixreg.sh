#!/bin/sh
# test_fixreg.sh - --fix-reg (issue 15).  The closed loop: for every sample
# whose SiteDN does not match (KB Q298565), the .reg file hivediag writes is
# merged into a copy of the hive with hivexregedit (libwin-hivex-perl), and
# the copy's IMC verdict is then "unlikely".  Also: no edit without a
# majority or names, and the file is never written over an existing file
# (without --force) or onto an input (the hive, --software's, their logs).
. "$(dirname "$0")/lib.sh"

if ! command -v hivexregedit >/dev/null 2>&1; then
	not_ok "hivexregedit missing: apt-get install libwin-hivex-perl (make deps)"
	finish
	exit $?
fi
imc() { "$HIVEDIAG" -o json "$1" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["verdicts"]["imc"]["status"])'; }
cd "$TMP" || exit 1

# name  control set analyzed
for case in imc-org-mismatch:001 imc-site-mismatch:001 imc-case-only:001 imc-sitedn-missing:001 \
            imc-controlset2:002 imc-unicode-differ:001; do
	name=${case%:*} cs=${case#*:}
	cp "$SAMPLES/$name.hive" "$name.hive"
	before=$(sha256sum "$name.hive")
	[ "$(imc "$name.hive")" != unlikely ] || not_ok "$name: IMC already unlikely before the fix"
	run "$HIVEDIAG" -o json "$name.hive" --fix-reg "$name.reg"
	expect_rc 1 "$name --fix-reg"
	[ "$(head -c 10 "$name.reg")" = "$(printf 'REGEDIT4\r\n')" ] && ok "$name: REGEDIT4 with CRLF" || not_ok "$name: header"
	grep -q "^\[HKEY_LOCAL_MACHINE\\\\SYSTEM\\\\ControlSet$cs\\\\Services\\\\MSExchangeIMC\\\\Parameters\]" "$name.reg" &&
		ok "$name: the edit is under ControlSet$cs" || not_ok "$name: no edit under ControlSet$cs" "$(cat "$name.reg")"
	grep -q '^;   \[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\' "$name.reg" &&
		ok "$name: CurrentControlSet as a commented alternative" || not_ok "$name: no CurrentControlSet comment"
	grep -Eq '^; A[1-5] \(KB [Q0-9, ]*Q298565' "$name.reg" && ok "$name: the edit names its rule and KB" || not_ok "$name: no rule comment"
	cp "$name.hive" "$name.fixed"
	if hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$name.fixed" "$name.reg" 2>"$TMP/merge.err"; then
		ok "$name: hivexregedit merged the .reg"
	else
		not_ok "$name: hivexregedit failed" "$(cat "$TMP/merge.err")"
	fi
	got=$(imc "$name.fixed")
	[ "$got" = unlikely ] && ok "$name: IMC unlikely after the fix" || not_ok "$name: IMC $got after the fix"
	[ "$(sha256sum "$name.hive")" = "$before" ] && ok "$name: the analyzed hive is unchanged" || not_ok "$name: hive changed"
done

# A non-ASCII name is written in Latin-1, as REGEDIT4 (ANSI) is.
grep -q "$(printf '/o=M\374ller AG/ou=K\366ln')" imc-unicode-differ.reg && ok "unicode: Latin-1 in the .reg" ||
	not_ok "unicode: not Latin-1" "$(grep SiteDN imc-unicode-differ.reg | od -c | head -3)"

# A name Latin-1 cannot spell (DOMAIN.md 0.17) is written as hex(1), its UTF-16LE text, never
# as mojibake and never as "nothing to fix"; merged, the SiteDN reads exactly the intended name.
sitedn() { "$HIVEDIAG" -o json "$1" | /usr/bin/python3 -c 'import json,sys
r = json.load(sys.stdin)["facts"]["exchange"]["names"]["imc_site_dn"]["raw"]
print(r["type"], r["data"])'; }
for case in 'imc-org-greek:Αθήνα ΑΕ' 'imc-org-cjk:株式会社東京'; do
	name=${case%%:*} org=${case#*:}
	cp "$SAMPLES/$name.hive" "$name.hive"
	run "$HIVEDIAG" -o json "$name.hive" --fix-reg "$name.reg"
	expect_rc 1 "$name --fix-reg"
	grep -qi 'nothing to fix' "$name.reg" "$TMP/err" && not_ok "$name: \"nothing to fix\" beside an A2 error" "$(cat "$name.reg")" ||
		ok "$name: never \"nothing to fix\""
	grep -q '^"SiteDN"=hex(1):2f,00,6f,00,3d,00,' "$name.reg" && ok "$name: SiteDN written as hex(1)" ||
		not_ok "$name: no hex(1) SiteDN" "$(cat "$name.reg")"
	LC_ALL=C grep -q "$(printf '[\200-\377]')" "$name.reg" && not_ok "$name: 8-bit bytes (mojibake) in the .reg" ||
		ok "$name: the .reg is 7-bit"
	cp "$name.hive" "$name.fixed"
	hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$name.fixed" "$name.reg" 2>"$TMP/merge.err" &&
		ok "$name: hivexregedit merged the .reg" || not_ok "$name: hivexregedit failed" "$(cat "$TMP/merge.err")"
	got=$(imc "$name.fixed")
	[ "$got" = unlikely ] && ok "$name: IMC unlikely after the fix" || not_ok "$name: IMC $got after the fix"
	got=$(sitedn "$name.fixed")
	[ "$got" = "REG_SZ /o=$org/ou=Redmond" ] && ok "$name: SiteDN reads exactly /o=$org/ou=Redmond" ||
		not_ok "$name: SiteDN reads $got"
done

# No majority and no names: no edit; the file and stderr say why.  With --org/--site: an edit.
cp "$SAMPLES/imc-reinstall.hive" reinstall.hive
run "$HIVEDIAG" -o json reinstall.hive --fix-reg reinstall.reg
expect_err "no registry edit known" "no majority: stderr says so"
grep -q '^\[' reinstall.reg && not_ok "no majority: an edit was written" || ok "no majority: no edit"
grep -q '^; No SiteDN written: the organization and site to set are not known' reinstall.reg &&
	ok "no majority: the .reg says why" || not_ok "no majority: no reason in the .reg" "$(cat reinstall.reg)"
run "$HIVEDIAG" -o json reinstall.hive --org "Contoso Ltd" --site Redmond --fix-reg named.reg
grep -q '^"SiteDN"="/o=Contoso Ltd/ou=Redmond"' named.reg && ok "--org/--site: the SiteDN they give" ||
	not_ok "--org/--site: no edit" "$(cat named.reg)"
# SiteDN already what --org/--site give (the other copies are wrong): no SiteDN edit.
run "$HIVEDIAG" -o json reinstall.hive --org Contoso --site Redmond --fix-reg same.reg
grep -q '^"SiteDN"=' same.reg && not_ok "SiteDN already right: an edit that changes nothing" || ok "SiteDN already right: no edit"

# Non-registry remedies are comments, never edits.
cp "$SAMPLES/mta-tcpip-missing.hive" tcpip.hive
run "$HIVEDIAG" -o json tcpip.hive --fix-reg tcpip.reg
grep -q '^; B2 (KB Q320200)' tcpip.reg && ! grep -q '^\[' tcpip.reg && ok "TCP/IP reinstall: listed as a comment only" ||
	not_ok "TCP/IP reinstall" "$(cat tcpip.reg)"

# Never over an existing file without --force, never onto an input, even with it.
echo keep >existing.reg
run "$HIVEDIAG" -o json imc-org-mismatch.hive --fix-reg existing.reg
expect_rc 2 "existing file"
expect_err "existing.reg: refusing to overwrite an existing file \(use --force\)" "existing file"
expect_empty_out "existing file: refused before the analysis"
[ "$(cat existing.reg)" = keep ] && ok "existing file untouched" || not_ok "existing file changed"
run "$HIVEDIAG" -o json imc-org-mismatch.hive --fix-reg existing.reg --force
expect_rc 1 "--force"
grep -q '^"SiteDN"=' existing.reg && ok "--force replaced the file" || not_ok "--force did not replace it"
before=$(sha256sum imc-org-mismatch.hive)
for target in imc-org-mismatch.hive IMC-ORG-MISMATCH.hive.log imc-org-mismatch.hive.LOG1 ./imc-org-mismatch.hive.alt; do
	run "$HIVEDIAG" -o json imc-org-mismatch.hive --fix-reg "$target" --force
	expect_rc 2 "--fix-reg $target"
	expect_err "refusing to write: it is an input hive or one of its transaction logs" "--fix-reg $target"
done
ln imc-org-mismatch.hive hardlink
run "$HIVEDIAG" -o json imc-org-mismatch.hive --fix-reg hardlink --force
expect_rc 2 "--fix-reg onto a hard link of the hive"
[ "$(sha256sum imc-org-mismatch.hive)" = "$before" ] && ok "the hive is unchanged" || not_ok "the hive changed"
[ ! -e imc-org-mismatch.hive.LOG1 ] && ok "no log file created" || not_ok "a log file was created"
ls -a | grep -q '^\.[^.].*\.reg\.' && not_ok "a temporary file was left" || ok "no temporary file left"

# Every file the run reads is refused (issue 26), even with --force: the
# --software hive and its logs (any case, existing or not), a hard link of a
# log under another name, a symbolic link to one, and the logs of the target
# of a hive given through a symbolic link.  Nothing is created beside them.
mkdir pair ev
cp "$SAMPLES/imc-org-mismatch.hive" pair/SYSTEM
cp "$SAMPLES/software-sp4.hive" pair/SOFTWARE
printf 'log\n' >pair/SOFTWARE.LOG2
cp "$SAMPLES/imc-org-mismatch.hive" ev/SYSTEM
printf 'log\n' >ev/SYSTEM.LOG
ln -s ev/SYSTEM linked
ln -s ev evlink
ln pair/SOFTWARE.LOG2 pair/hardlink.reg
ln -s SOFTWARE.LOG2 pair/symlink.reg
sums() { sha256sum pair/* ev/*; ls -a pair ev; }
before=$(sums)
for target in pair/SOFTWARE pair/SOFTWARE.LOG1 pair/software.log pair/Software.Alt pair/SOFTWARE.LOG2 \
              pair/hardlink.reg pair/symlink.reg ./pair/../pair/SOFTWARE; do
	for force in "" --force; do
		run "$HIVEDIAG" -o json --fix-reg "$target" $force --software pair/SOFTWARE pair/SYSTEM
		expect_rc 2 "--software: --fix-reg $target $force"
		expect_err "refusing to write: it is an input hive or one of its transaction logs" "--software: $target $force"
	done
done
for target in ev/SYSTEM.LOG1 ev/system.log2 ev/SYSTEM.LOG ev/SYSTEM linked.LOG1 evlink/SYSTEM.Log1; do
	for force in "" --force; do
		run "$HIVEDIAG" -o json --fix-reg "$target" $force linked
		expect_rc 2 "through a link: --fix-reg $target $force"
		expect_err "refusing to write: it is an input hive or one of its transaction logs" "through a link: $target $force"
	done
done
[ "$(sums)" = "$before" ] && ok "evidence unchanged, nothing created beside it" ||
	not_ok "evidence changed" "$(sums)"
# An ordinary name in the same folder is still allowed, and leaves only itself.
run "$HIVEDIAG" -o json --fix-reg pair/fix.reg --software pair/SOFTWARE pair/SYSTEM
expect_rc 1 "--software: --fix-reg pair/fix.reg"
[ "$(ls -a pair | tr '\n' ' ')" = ". .. SOFTWARE SOFTWARE.LOG2 SYSTEM fix.reg hardlink.reg symlink.reg " ] &&
	ok "--software: only fix.reg was added" || not_ok "--software: other files appeared" "$(ls -a pair)"

# A file that is not a hive: no .reg, exit 2.
printf 'not a hive\n' >text
run "$HIVEDIAG" -o json text --fix-reg text.reg
expect_rc 2 "not a hive"
[ ! -e text.reg ] && ok "not a hive: no .reg written" || not_ok "not a hive: a .reg was written"
expect_err "text.reg: no .reg file written: the hive was not analyzed" "not a hive"
finish
