#!/bin/sh
# test_completion.sh - the bash completion (completion/hivediag.bash) offers
# the options, rule ids after --ignore (as --list-rules gives them), the
# format's choices, and file names for operands and FILE arguments; its
# options are exactly those the man page describes.  The completion function
# is called directly, as bash calls it on <TAB>, in a non-interactive bash.
. "$(dirname "$0")/lib.sh"

bin=${HIVEDIAG_BIN:-$HIVEDIAG}
comp="$TOP/completion/hivediag.bash"
bash=$(command -v bash) || skip_all "no bash"

# cand WORD...: the candidates for the last WORD of the command line
# "hivediag WORD...", sorted, one per line.
cand() {
	"$bash" -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_hivediag "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$comp" "$bin" "$@" 2>"$TMP/cerr" | sed '/^$/d' | LC_ALL=C sort
}
# expect_cand WANTED WHAT WORD...: the candidates, joined by spaces, are WANTED.
expect_cand() {
	want=$1 what=$2; shift 2
	got=$(cand "$@" | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" = "$want" ] && [ ! -s "$TMP/cerr" ]; then ok "$what: $got"
	else not_ok "$what: got '$got', wanted '$want'" "stderr: $(head -c 300 "$TMP/cerr")"; fi
}

run bash -c '. "$1"; complete -p hivediag' bash "$comp"
expect_out '^complete -F _hivediag hivediag$' "completion registered for hivediag"

expect_cand "--ignore" "--ig<TAB>" --ig
ids=$("$bin" --list-rules | /usr/bin/python3 -c 'import json,sys; print(" ".join(sorted(r["id"] for r in json.load(sys.stdin))))')
[ -n "$ids" ] || not_ok "--list-rules printed no rule id"
expect_cand "$ids" "--ignore <TAB>: every rule id of --list-rules" --ignore ""
a1=$(printf '%s\n' $ids | grep '^A1' | tr '\n' ' ' | sed 's/ $//')
expect_cand "$a1" "--ignore A1<TAB>" --ignore A1
expect_cand "$ids" "--ignore=<TAB> (= a word of its own)" --ignore = ""
expect_cand "$a1" "--ignore=A1<TAB> (= a word of its own)" --ignore = A1
expect_cand "$(printf -- '--ignore=%s\n' $a1 | tr '\n' ' ' | sed 's/ $//')" \
	"--ignore=A1<TAB> (= inside the word)" --ignore=A1
expect_cand "$ids" "-qr --ignore <TAB> after other options" -qr --ignore ""
# The formats the man page describes under -o (each an ".It Cm NAME" of its list).
formats=$(sed -n '/^\.It Fl o Ar FORMAT/,/^\.El/s/^\.It Cm \([a-z]*\)$/\1/p' "$TOP/man/hivediag.1" | sort | tr '\n' ' ' |
	sed 's/ $//')
for f in json ndjson text; do
	case " $formats " in *" $f "*) ;; *) not_ok "the man page's formats under -o lack $f: '$formats'" ;; esac
done
expect_cand "$formats" "-o <TAB>: the formats of the man page" -o ""
expect_cand "ndjson" "--format nd<TAB>" --format nd
expect_cand "" "-j <TAB>: a number, nothing offered" -j ""
expect_cand "" "--org <TAB>: a name, nothing offered" --org ""

mkdir -p "$TMP/d/sub" && : >"$TMP/d/SYSTEM" && : >"$TMP/d/SYSTEM.LOG1" && : >"$TMP/d/list.txt"
cd "$TMP/d" || exit 1
expect_cand "SYSTEM SYSTEM.LOG1" "HIVE operand SY<TAB>" SY
expect_cand "SYSTEM SYSTEM.LOG1 list.txt sub" "HIVE operand <TAB>: files and directories" -r ""
expect_cand "list.txt" "--files-from l<TAB>" --files-from l
expect_cand "list.txt" "--write-recovered l<TAB>" --write-recovered l
expect_cand "" "after --, -<TAB> is an operand, not an option" -- -
cd "$TOP" || exit 1

# Every option the man page describes (its option list) is offered, and no
# other; and every option of --help.
cand - >"$TMP/opts"
# The items of the option list itself, not of the lists nested in it (-o's formats).
awk '/^The options are as follows/ { on = 1; next }
	on && /^\.Bl/ { depth++; next }
	on && /^\.El/ { if (--depth == 0) exit; next }
	on && depth == 1 && /^\.It/' "$TOP/man/hivediag.1" |
	grep -o 'Fl [-A-Za-z0-9]*' | sed 's/^Fl /-/' | LC_ALL=C sort -u >"$TMP/manopts"
if [ -s "$TMP/manopts" ] && cmp -s "$TMP/opts" "$TMP/manopts"; then
	ok "-<TAB> offers exactly the $(wc -l <"$TMP/manopts") options of the man page"
else
	not_ok "-<TAB> differs from the man page's options" "$(diff "$TMP/manopts" "$TMP/opts" | tr '\n' ' ')"
fi
missing=""
for o in $("$bin" --help | grep -o -- '--[a-z-]*' | sort -u); do
	grep -qx -- "$o" "$TMP/opts" || missing="$missing $o"
done
[ -z "$missing" ] && ok "-<TAB> offers every long option of --help" || not_ok "-<TAB> lacks$missing"

# Without a hivediag to ask (none as typed, none in PATH), nothing is
# offered, quietly.
mkdir "$TMP/nobin"
got=$(PATH=$TMP/nobin "$bash" -c '. "$1"; COMP_WORDS=(hivediag --ig); COMP_CWORD=1
	_hivediag /nonexistent/hivediag --ig hivediag; echo "${#COMPREPLY[@]}"' bash "$comp" 2>"$TMP/cerr")
if [ "$got" = 0 ] && [ ! -s "$TMP/cerr" ]; then ok "no hivediag anywhere: nothing offered, no error"
else not_ok "no hivediag anywhere: $got candidate(s)" "stderr: $(head -c 300 "$TMP/cerr")"; fi
finish
