#!/bin/sh
# test_install.sh - make install / uninstall honour PREFIX and DESTDIR and
# install exactly the binary, the man page, the schema and the bash
# completion; the installed man page has the binary's version.
. "$(dirname "$0")/lib.sh"

root="$TMP/root"
make -s -C "$TOP" install BUILD="${BUILD#"$TOP"/}" PREFIX=/opt/hd DESTDIR="$root" >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 0 "make install"
for f in bin/hivediag share/man/man1/hivediag.1 share/hivediag/report.schema.json \
	share/bash-completion/completions/hivediag; do
	[ -f "$root/opt/hd/$f" ] && ok "installed $f" || not_ok "missing $f"
done
run "$root/opt/hd/bin/hivediag" -V
expect_rc 0 "installed binary runs"
version=$(sed -n 's/^hivediag //p' "$TMP/out")
if grep -qx "\.Os hivediag $version" "$root/opt/hd/share/man/man1/hivediag.1"; then
	ok "installed man page: .Os hivediag $version, the binary's version"
else
	not_ok "installed man page lacks .Os hivediag $version" "$(grep '^\.Os' "$root/opt/hd/share/man/man1/hivediag.1")"
fi
make -s -C "$TOP" uninstall PREFIX=/opt/hd DESTDIR="$root" >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 0 "make uninstall"
left=$(find "$root" -type f | wc -l)
[ "$left" -eq 0 ] && ok "uninstall removed every file" || not_ok "$left file(s) left after uninstall"
finish
