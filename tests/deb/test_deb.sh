#!/bin/sh
# test_deb.sh - the Debian package: built from a copy of the tracked files
# in $TMP (scripts/build-deb.sh, source and binary, the quick test subset of
# debian/rules included), lintian reports no error and no warning, the
# binary, the man page and the package have debian/changelog's version, and
# the package unpacked into a scratch root (dpkg -x) holds the binary, the
# man page, the schema and the bash completion, and its binary analyzes
# every sample as the golden files say (debian/tests/samples, the
# autopkgtest, run against that root).  Run by `make check-deb` (CI runs it
# as a step of its own; it is not part of make check): the package is built
# plain, whatever build make check tests.  Skipped without
# dpkg-buildpackage, dh or lintian (scripts/ensure-deps.sh deb installs
# them; under HIVEDIAG_NO_SKIP=1, in CI, that fails instead).
. "$TOP/tests/cli/lib.sh"

for cmd in dpkg-buildpackage dh lintian; do
	command -v "$cmd" >/dev/null 2>&1 || skip_all "$cmd not installed (sh scripts/ensure-deps.sh deb)"
done

out="$TMP/deb"
start=$(date +%s)
sh "$TOP/scripts/build-deb.sh" "$out" -us -uc >"$TMP/build.log" 2>&1
rc=$?
expect_rc 0 "dpkg-buildpackage -us -uc ($(($(date +%s) - start)) s)"
[ "$rc" -eq 0 ] || { tail -40 "$TMP/build.log"; finish; exit; }
grep -E '^(cli: |\[====\] Synthesis)' "$TMP/build.log" | sed 's/^/# dh_auto_test: /'
deb=$(ls "$out"/hivediag_*.deb)
src=$(ls -d "$out"/hivediag-*/)

lintian -I --pedantic --fail-on error,warning "$out"/hivediag_*.changes >"$TMP/lintian" 2>&1
rc=$?
grep -E '^[A-Z]: ' "$TMP/lintian" | sed 's/^/# lintian: /'
if [ "$rc" -eq 0 ] && ! grep -Eq '^[EW]: ' "$TMP/lintian"; then ok "lintian: no error, no warning"
else not_ok "lintian: exit $rc" "$(grep -E '^[EW]: ' "$TMP/lintian")"; fi

version=$(cd "$src" && dpkg-parsechangelog -S Version)
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] && ok "package version $version (debian/changelog)" ||
	not_ok "package version $(dpkg-deb -f "$deb" Version), changelog $version"
deps=$(dpkg-deb -f "$deb" Depends)
for lib in libhivex0 libjson-c5 libnettle8; do
	case $deps in *"$lib"*) ok "Depends names $lib" ;; *) not_ok "Depends lacks $lib: $deps" ;; esac
done

root="$TMP/root"
dpkg -x "$deb" "$root"
for f in usr/bin/hivediag usr/share/man/man1/hivediag.1.gz usr/share/hivediag/report.schema.json \
	usr/share/bash-completion/completions/hivediag usr/share/doc/hivediag/copyright; do
	[ -f "$root/$f" ] && ok "package installs /$f" || not_ok "package lacks /$f"
done
run "$root/usr/bin/hivediag" --version
expect_out "^hivediag $version\$" "installed binary's version"
if gzip -dc "$root/usr/share/man/man1/hivediag.1.gz" | grep -qx "\.Os hivediag $version"; then
	ok "installed man page: .Os hivediag $version"
else not_ok "installed man page lacks .Os hivediag $version"; fi

# The autopkgtest, against the unpacked root: samples built from the source,
# every report as golden, valid against the installed schema; man renders.
(cd "$src" && HD_TEST_ROOT=$root AUTOPKGTEST_TMP=$TMP/autopkgtest sh debian/tests/samples) >"$TMP/samples" 2>&1
rc=$?
grep -v '^ok - ' "$TMP/samples"
expect_rc 0 "debian/tests/samples against the unpacked package ($(grep -c '^ok - ' "$TMP/samples") ok)"

# The installed completion asks the installed binary.
run env PATH="$root/usr/bin:/usr/bin:/bin" bash -c '
	. "$1"
	COMP_WORDS=(hivediag --ig); COMP_CWORD=1; _hivediag hivediag --ig hivediag; echo "${COMPREPLY[*]}"
	COMP_WORDS=(hivediag --ignore H); COMP_CWORD=2; _hivediag hivediag H --ignore; echo "${COMPREPLY[*]}"
' bash "$root/usr/share/bash-completion/completions/hivediag"
expect_out '^--ignore$' "installed completion: --ig<TAB>"
expect_out '^H1 H2 ' "installed completion: --ignore H<TAB> from the installed binary"
finish
