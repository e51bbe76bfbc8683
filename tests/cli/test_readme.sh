#!/bin/sh
# test_readme.sh - every shell example of README.md runs as written from the
# top of a clone (issue 15): each ```sh block, except its `make` lines
# (make check itself is what builds), is run by one shell, line by line, in
# a directory that looks like a fresh clone after `make` (build/ is the build
# under test, samples/ and man/ the tree's).  A line fails when it exits 2
# (1 only means findings); a line that ends with `# exit N` and prints
# "exit $?" must print "exit N".  The "Reading the report" text must be
# what hivediag prints now (UPDATE=1 rewrites it, as for the goldens).
. "$(dirname "$0")/lib.sh"

readme="$TOP/README.md"
clone=$(mktemp -d "$TMP/clone.XXXXXX") || exit 1   # new: ln -s must never land inside an old link
ln -s "$BUILD" "$clone/build"
ln -s "$TOP/samples" "$clone/samples"
ln -s "$TOP/man" "$clone/man"

# Each ```sh block as one script (so `dir=$(mktemp -d)` carries to the next
# line), every line followed by a record of its exit status; `make` lines
# left out (make check is what builds).
/usr/bin/python3 - "$readme" "$TMP" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for i, block in enumerate(re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M)):
    lines = [l for l in block.splitlines() if l.strip() and not re.match(r"\s*make(\s|$)", l)]
    with open("%s/block%d.sh" % (sys.argv[2], i), "w") as f:
        for n, line in enumerate(lines):
            f.write('%s\necho "%d $?" >>"$RCS"\n' % (line, n))
    with open("%s/block%d.lines" % (sys.argv[2], i), "w") as f:
        f.write("".join(l + "\n" for l in lines))
PY
n=$(cat "$TMP"/block*.lines | wc -l)
[ "$n" -ge 10 ] && ok "README: $n shell examples found" || not_ok "README: only $n shell examples"
for script in "$TMP"/block*.sh; do
	lines=${script%.sh}.lines
	: >"$TMP/rcs"
	(cd "$clone" && PATH="$clone/build:$PATH" RCS="$TMP/rcs" sh "$script") >"$TMP/out" 2>"$TMP/err" </dev/null
	i=0
	while IFS= read -r line; do
		rc=$(sed -n "s/^$i //p" "$TMP/rcs")
		want=$(printf '%s\n' "$line" | sed -n 's/.*# exit \([0-9]\).*/\1/p')
		if [ -z "$rc" ] || [ "$rc" -ge 2 ]; then
			not_ok "README example exits ${rc:-(not run)}: $line" "$(head -c 300 "$TMP/err")"
		elif [ -n "$want" ] && ! grep -qx "exit $want" "$TMP/out"; then
			not_ok "README example: wanted exit $want: $line" "$(grep '^exit' "$TMP/out")"
		else
			ok "README example runs: $line"
		fi
		i=$((i + 1))
	done <"$lines"
done
cat "$TMP"/block*.lines >"$TMP/examples"
grep -q -- '--ignore B7 .*# exit 0' "$TMP/examples" && grep -q 'ndiswan-first.hive > /dev/null; echo "exit \$?"   # exit 1' "$TMP/examples" &&
	ok "README: the --ignore example changes the exit status" || not_ok "README: no --ignore example that changes the exit status"

# "Reading the report": the text block after the command that makes it.
cmd="hivediag -o text build/samples/imc-org-mismatch.hive"
(cd "$clone" && COLUMNS=80 build/hivediag -o text build/samples/imc-org-mismatch.hive) >"$TMP/now" 2>/dev/null
/usr/bin/python3 - "$readme" "$TMP/now" "${UPDATE:-0}" <<'PY'
import re, sys
path, now, update = sys.argv[1], open(sys.argv[2], encoding="utf-8").read(), sys.argv[3] == "1"
text = open(path, encoding="utf-8").read()
m = re.search(r"(### Reading the report\n.*?```text\n)(.*?)(```)", text, re.S)
if m is None:
    sys.exit("no Reading the report section with a text block")
if update:
    open(path, "w", encoding="utf-8").write(text[:m.start(2)] + now + text[m.end(2):])
elif m.group(2) != now:
    sys.exit("the report in README.md is not what hivediag prints now (make golden rewrites it)")
PY
[ $? -eq 0 ] && ok "README: 'Reading the report' is $cmd as printed now" || not_ok "README: 'Reading the report' is stale"
finish
