#!/bin/sh
# test_deb.sh - the Debian package: built from a copy of the tracked files
# in $TMP (scripts/build-deb.sh, source and binary, the quick test subset of
# debian/rules included), lintian reports no error and no warning, the
# binary, the man page and the package have debian/changelog's version, and
# the package unpacked into a scratch root (dpkg -x) holds the binary, the
# man page (footer: name, version, date; EXAMPLES in 80 columns), the schema,
# the bash completion, the README and the sample hives as examples (dpkg -c
# lists them; they run as installed), Suggests names the fix loop's and the
# evidence's tools (issue 25), and its binary analyzes
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
# libtsk is loaded at run time, not linked (src/source/tsk_load.h): debian/rules names its package.
tsk_pkg=$(dpkg -S "$(pkg-config --variable=libdir tsk)/$(objdump -p "$(pkg-config --variable=libdir tsk)/libtsk.so" |
	sed -n 's/^ *SONAME *//p')" | sed -n '1s/:.*//p')
case ", $deps," in *", $tsk_pkg,"*) ok "Depends names $tsk_pkg (libtsk, loaded at the first disk image)" ;;
*) not_ok "Depends lacks libtsk's package ${tsk_pkg:-(none found)}: $deps" ;; esac

# Issue 25: the fix loop's and the evidence's tools suggested.
suggests=$(dpkg-deb -f "$deb" Suggests)
for p in libwin-hivex-perl sleuthkit ewf-tools; do
	case ", $suggests," in *", $p,"*) ok "Suggests names $p" ;; *) not_ok "Suggests lacks $p: $suggests" ;; esac
done

# Issue 25: the README and every sample hive as examples, as dpkg -c lists them.
dpkg -c "$deb" >"$TMP/contents"
if grep -Eq ' \./usr/share/doc/hivediag/README\.md(\.gz)?$' "$TMP/contents"; then
	ok "dpkg -c: /usr/share/doc/hivediag/README.md"
else not_ok "dpkg -c lacks the README" "$(grep doc/ "$TMP/contents" | head -5)"; fi
want=$(ls "$src"/samples/*.reg | wc -l)
got=$(grep -Ec ' \./usr/share/doc/hivediag/examples/[^/]+\.hive$' "$TMP/contents")
[ "$got" -eq "$want" ] && ok "dpkg -c: $got sample hives in /usr/share/doc/hivediag/examples (one per samples/*.reg)" ||
	not_ok "dpkg -c: $got example hives, $want samples"
grep -q ' \./usr/share/doc/hivediag/examples/pair-sp4-damaged\.args$' "$TMP/contents" &&
	ok "dpkg -c: the examples' .args files" || not_ok "dpkg -c lacks examples/pair-sp4-damaged.args"

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

# The installed examples run as they lie: a finding with its evidence and fix.
ex="$root/usr/share/doc/hivediag/examples"
run sh -c 'cd "$1" && COLUMNS=80 "$2" -o text imc-org-mismatch.hive' sh "$ex" "$root/usr/bin/hivediag"
expect_rc 1 "installed example imc-org-mismatch.hive"
expect_out '^  error A2: ' "installed example: its finding"
run sh -c 'cd "$1" && "$2" $(cat pair-sp4-damaged.args) pair-sp4-damaged.hive' sh "$ex" "$root/usr/bin/hivediag"
expect_rc 1 "installed example pair-sp4-damaged.hive with its .args (its SOFTWARE hive beside it)"

# The man page renders like Debian's other tools': the package's name, its
# version and date in the footer; its EXAMPLES fit 80 columns.
date=$(cd "$src" && LC_ALL=C date -u -d "$(dpkg-parsechangelog -S Date)" '+%B %-d, %Y')
if gzip -dc "$root/usr/share/man/man1/hivediag.1.gz" | grep -qx "\.Dd $date"; then
	ok "installed man page: .Dd $date (debian/changelog)"
else not_ok "installed man page lacks .Dd $date"; fi
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man -l "$root/usr/share/man/man1/hivediag.1.gz" 2>/dev/null | sed 's/.\x08//g' >"$TMP/man"
	tail -n 1 "$TMP/man" | grep -Eq "^hivediag $version +$date +" && ok "man: footer 'hivediag $version  $date'" ||
		not_ok "man: footer $(tail -n 1 "$TMP/man")"
	sed -n '/^EXAMPLES/,/^DIAGNOSTICS/p' "$TMP/man" >"$TMP/out"
	if [ -s "$TMP/out" ] && python3 "$TOP/tests/cli/width.py" 80 man <"$TMP/out" >"$TMP/wide"; then
		ok "man: EXAMPLES fit 80 columns ($(wc -l <"$TMP/out") lines)"
	else not_ok "man: EXAMPLES wider than 80 columns, or none" "$(head -c 400 "$TMP/wide")"; fi
else skip_part "man(1) not installed"; fi

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
