#!/bin/sh
# test_html.sh - the HTML case report, -o html (issue 25): one page per run,
# well formed, no script, its verdicts those of the JSON of the same run,
# for one hive, -r and --root; hostile data (a SiteDN holding <script>, an
# entity, U+202E and control bytes, a folder named so) stays text; and the
# --root page renders in headless Chromium (a screenshot, the DOM).
. "$(dirname "$0")/lib.sh"

check="$(dirname "$0")/html_check.py"
[ -e "$SAMPLES/healthy-nt4.hive" ] || skip_all "sample hives missing (make samples)"

# html_ok WHAT MODE ARGS...: html_check.py's verdict as a test line.
html_ok() {
	what=$1; shift
	if out=$(/usr/bin/python3 "$check" "$@" 2>&1); then ok "$what: $out"; else not_ok "$what" "$out"; fi
}

# One hive: a page, and its verdicts are the JSON's.
run "$HIVEDIAG" -o html "$SAMPLES/imc-site-mismatch.hive"
expect_rc 1 "-o html, one hive"
cp "$TMP/out" "$TMP/one.html"
html_ok "-o html, one hive: the page" page "$TMP/one.html"
run "$HIVEDIAG" -o json "$SAMPLES/imc-site-mismatch.hive"
html_ok "-o html, one hive: verdicts" verdicts "$TMP/one.html" "$TMP/out"
[ "$(grep -c '<html' "$TMP/one.html")" = 1 ] && ok "-o html: one page" || not_ok "-o html: not one page"

# -r: one page for the run, a section per SYSTEM hive, the SOFTWARE hive beside one read with it.
mkdir -p "$TMP/r/a" "$TMP/r/b"
cp "$SAMPLES/mta-healthy.hive" "$TMP/r/a/SYSTEM"
cp "$SAMPLES/software-sp4.hive" "$TMP/r/a/SOFTWARE"
cp "$SAMPLES/mta-tcpip-missing.hive" "$TMP/r/b/SYSTEM"
run "$HIVEDIAG" -r --no-peers -o html "$TMP/r"
cp "$TMP/out" "$TMP/r.html"
html_ok "-r -o html: the page" page "$TMP/r.html"
[ "$(grep -c '<html' "$TMP/r.html")" = 1 ] && ok "-r -o html: one page for the run" || not_ok "-r -o html: not one page"
run "$HIVEDIAG" -r --no-peers -o json "$TMP/r"
html_ok "-r -o html: verdicts" verdicts "$TMP/r.html" "$TMP/out"
grep -q '<svg' "$TMP/r.html" && ok "-r -o html: the timeline drawn" || not_ok "-r -o html: no SVG"
grep -q 'Exchange Setup key written (now 5.5 SP4' "$TMP/r.html" && ok "-r -o html: the Exchange setup marked" ||
	not_ok "-r -o html: the Exchange setup not marked"

# -r --verbose: a file of another kind is a line of the page; a file that is
# no hive, given by name, a section whose verdicts are unknown; an empty run a
# whole page that says so.
mkdir -p "$TMP/r/c" "$TMP/empty"
cp "$SAMPLES/software-sp4.hive" "$TMP/r/c/SOFTWARE"
run "$HIVEDIAG" -r --verbose --no-peers -o html "$TMP/r"
cp "$TMP/out" "$TMP/rv.html"
html_ok "-r --verbose -o html: the page" page "$TMP/rv.html"
grep -q 'c/<wbr>SOFTWARE</code>: skipped: kind SOFTWARE</p>' "$TMP/rv.html" && ok "-r --verbose -o html: the skipped file" ||
	not_ok "-r --verbose -o html: no skipped line" "$(grep -i skipped "$TMP/rv.html" | head -3)"
printf 'not a hive\n' >"$TMP/nothive"
run "$HIVEDIAG" -o html "$SAMPLES/healthy-nt4.hive" "$TMP/nothive"
expect_rc 2 "-o html, a file that is no hive"
cp "$TMP/out" "$TMP/err.html"
html_ok "-o html, a file that is no hive: the page" page "$TMP/err.html"
run "$HIVEDIAG" -o json "$SAMPLES/healthy-nt4.hive" "$TMP/nothive"
html_ok "-o html, a file that is no hive: verdicts unknown as in the JSON" verdicts "$TMP/err.html" "$TMP/out"
grep -q 'NOT ANALYZED (not_a_hive)' "$TMP/err.html" && ok "-o html: the error shown" || not_ok "-o html: the error not shown"
run "$HIVEDIAG" -r -o html "$TMP/empty"
expect_rc 2 "-r -o html, no hive"
html_ok "-r -o html, no hive: still a whole page" page "$TMP/out"
expect_out 'No hive was analyzed' "-r -o html, no hive"

# --root on an installation whose folder name and current SiteDN are hostile;
# the repair, RegBack, .sav and .ALT copies are the healthy hive.
rlo=$(printf '\342\200\256')
ctl=$(printf '\001\033')
sed "s|\"SiteDN\"=\"/o=Contoso/ou=Seattle\"|\"SiteDN\"=\"/o=Contoso/ou=<script>alert(1)</script>\&amp;${rlo}dnomdeR${ctl}\"|" \
	"$TOP/samples/imc-site-mismatch.reg" >"$TMP/hostile.reg"
"$MKHIVE" "$TMP/hostile.reg" "$TMP/hostile.hive" >/dev/null 2>&1 || not_ok "mkhive: the hostile SiteDN"
grep -q "$rlo" "$TMP/hostile.reg" && ok "the hostile .reg holds U+202E" || not_ok "sed did not apply"
root="$TMP/case <script>&${rlo}$(printf '\001')"
cfg="$root/WINNT/system32/config"
mkdir -p "$cfg" "$root/WINNT/repair/RegBack"
cp "$TMP/hostile.hive" "$cfg/SYSTEM"
cp "$SAMPLES/software-sp4.hive" "$cfg/SOFTWARE"
cp "$SAMPLES/healthy-nt4.hive" "$cfg/system.sav"
cp "$SAMPLES/healthy-nt4.hive" "$cfg/SYSTEM.ALT"
cp "$SAMPLES/healthy-nt4.hive" "$root/WINNT/repair/system"
cp "$SAMPLES/healthy-nt4.hive" "$root/WINNT/repair/RegBack/system"
run "$HIVEDIAG" -o html --root "$root"
expect_rc 1 "--root -o html: the current hive's A3 decides"
cp "$TMP/out" "$TMP/root.html"
html_ok "--root -o html: the page" page "$TMP/root.html"
run "$HIVEDIAG" -o json --root "$root"
cp "$TMP/out" "$TMP/root.json"
expect_json '" ".join(sorted(x["role"] for x in r))' "alt current regback repair sav" "--root: every kind of copy"
html_ok "--root -o html: verdicts" verdicts "$TMP/root.html" "$TMP/root.json"
html_ok "--root -o html: the SiteDN as text" text "$TMP/root.html" \
	'ou=<script>alert(1)</script>&amp;\u202ednomdeR\u0001\u001b'
html_ok "--root -o html: the folder name as text" text "$TMP/root.html" 'case <script>&\u202e\u0001'
[ "$(grep -c 'changed vs the current hive' "$TMP/root.html")" = 4 ] &&
	ok "--root -o html: each copy's differences drawn" || not_ok "--root -o html: differences not drawn for 4 copies"

# Chromium: the page renders (a screenshot) and its DOM holds every verdict and no script.
chromium=$(command -v chromium || command -v chromium-browser)
[ -n "$chromium" ] || skip_all "chromium missing (make deps)"
home="$TMP/chromium"
mkdir -p "$home"
cp "$TMP/root.html" "$TMP/page.html"
# --no-sandbox: a container gives no user namespace; the profile and HOME in
# $TMP; nothing fetched in the background (the page itself fetches nothing).
chrome() {
	HOME=$home timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-extensions --disable-background-networking --disable-component-update \
		--user-data-dir="$home/profile" "$@" "file://$TMP/page.html" 2>"$home/err"
}
chrome --screenshot="$TMP/page.png" --window-size=1000,1300 >/dev/null
html_ok "chromium: the screenshot" png "$TMP/page.png" 1000 1300
chrome --dump-dom >"$TMP/dom.html"
html_ok "chromium: the DOM's verdicts are the JSON's" verdicts "$TMP/dom.html" "$TMP/root.json"
html_ok "chromium: the DOM" page "$TMP/dom.html"
html_ok "chromium: the hostile SiteDN is text in the DOM" text "$TMP/dom.html" \
	'ou=<script>alert(1)</script>&amp;\u202ednomdeR\u0001\u001b'
finish
