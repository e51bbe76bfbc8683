#!/bin/sh
# man_matches_usage.sh BUILD - the man page's SYNOPSIS is usage() word for
# word, every long option of usage() is described, and every rule id of the
# rule table has an entry in RULES.
set -u
BUILD=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="$top/$BUILD/hivediag"
man="$top/man/hivediag.1"
fail=0

synopsis=$(MANWIDTH=200 mandoc -T ascii "$man" | col -b |
	sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | tr -s ' \t\n' ' ' | sed 's/^ //; s/ $//')
usage=$("$bin" --help | sed '/^$/,$d' | sed 's/^usage: //; s/^       //' | tr -s ' \t\n' ' ' | sed 's/^ //; s/ $//')
if [ "$synopsis" = "$usage" ]; then
	echo "ok - SYNOPSIS matches usage()"
else
	echo "not ok - SYNOPSIS differs from usage()"; echo "#   man:   $synopsis"; echo "#   usage: $usage"; fail=1
fi
for opt in $("$bin" --help | grep -o -- '--[a-z-]*' | sort -u); do
	if mandoc -T ascii "$man" | col -b | grep -Eq -- "^ +(-.*, )?$opt([ ,]|\$)"; then echo "ok - $opt described"
	else echo "not ok - $opt not described in the man page"; fail=1; fi
done
# Every output format of --help is an entry of -o's list in OPTIONS, and no other.
formats=$("$bin" --help | sed -n 's/^Formats (-o FORMAT): //p' | tr -d ',.' | tr ' ' '\n' | sort | tr '\n' ' ')
documented=$(sed -n '/^\.It Fl o Ar FORMAT/,/^\.El/s/^\.It Cm \([a-z]*\)$/\1/p' "$man" | sort | tr '\n' ' ')
if [ -n "$formats" ] && [ "$formats" = "$documented" ]; then echo "ok - every format described under -o: $formats"
else echo "not ok - formats of --help '$formats', under -o in the man page '$documented'"; fail=1; fi
ids=$("$bin" --list-rules | /usr/bin/python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)))')
[ -n "$ids" ] || { echo "not ok - --list-rules printed no rule"; fail=1; }
rules=$(sed -n '/^\.Sh RULES/,/^\.Sh /p' "$man")
for id in $ids; do
	if printf '%s\n' "$rules" | grep -q "^\.It Li $id\$"; then echo "ok - rule $id documented"
	else echo "not ok - rule $id missing from RULES"; fail=1; fi
done
[ $fail -eq 0 ] && echo "man: 1 passed, 0 failed" || echo "man: 0 passed, 1 failed"
exit $fail
