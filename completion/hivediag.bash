# bash completion for hivediag                             -*- shell-script -*-
#
# Nothing here lists hivediag's options or rules: at each completion they are
# read from the hivediag being completed (the command as typed, else the one
# in PATH).  Options and what each one's argument is come from the usage
# `hivediag --help` starts with (so an option is completed as soon as
# usage() shows it), with the
# long forms of the short options, which the usage does not show: they are
# the one list kept here (tests/cli/test_completion.sh checks it against the
# man page).  Rule ids after --ignore come from `hivediag --list-rules`.
# Output formats after -o come from the line of --help that lists them.
# Operands and FILE arguments complete as file names.  Needs bash only, not
# the helpers of the bash-completion package.

# The long forms of short options, as LONG=SHORT.
_hivediag_aliases='--format=-o --jobs=-j --quiet=-q --recursive=-r --null=-0 --help=-h --version=-V'

# _hivediag_add OPTION: append it to _hivediag_opts once (the usage may name
# an option twice: -o in both synopsis lines).
_hivediag_add()
{
    local o
    for o in "${_hivediag_opts[@]}"; do [[ $o == "$1" ]] && return; done
    _hivediag_opts+=("$1")
}

# _hivediag_parse BIN: sets _hivediag_opts (every option) and _hivediag_args
# (OPTION=WHAT for each option that takes an argument: its word in the
# usage, e.g. FILE or RULE_ID, or its choices joined with commas).
_hivediag_parse()
{
    local -a words
    local w i j n opt arg
    # [ and ] only group; | separates choices.
    # The usage only (up to --help's first blank line): the option lines
    # after it describe the same options in prose.
    read -r -d '' -a words < <("$1" --help 2>/dev/null | sed '/^$/,$d' | tr '[]' '  ')
    _hivediag_opts=() _hivediag_args=()
    n=${#words[@]}
    for ((i = 0; i < n; i++)); do
        w=${words[i]}
        case $w in
        --?*) opt=$w; _hivediag_add "$w" ;;
        -?*)
            # -0hqrV: several flags; the last one may take what follows.
            for ((j = 1; j < ${#w}; j++)); do _hivediag_add "-${w:j:1}"; done
            opt=-${w: -1} ;;
        *) continue ;;
        esac
        arg=${words[i + 1]-}
        case $arg in
        '' | '|' | -* | *[!A-Za-z0-9_/]*) continue ;; # K/N (--shard) is one argument
        esac
        i=$((i + 1))
        # Lower-case words are literal choices: json | ndjson.
        if [[ $arg == *[a-z]* ]]; then
            while [[ ${words[i + 1]-} == '|' && ${words[i + 2]-} != -* && -n ${words[i + 2]-} ]]; do
                arg+=,${words[i + 2]}
                i=$((i + 2))
            done
        fi
        _hivediag_args+=("$opt=$arg")
    done
    for w in $_hivediag_aliases; do
        _hivediag_opts+=("${w%%=*}")
    done
}

# _hivediag_arg OPTION: prints what OPTION's argument is, nothing if it takes none.
_hivediag_arg()
{
    local opt=$1 a
    for a in $_hivediag_aliases; do
        [[ ${a%%=*} == "$opt" ]] && opt=${a#*=}
    done
    # -qj: the last of bundled short options.
    [[ $opt == -[!-]?* ]] && opt=-${opt: -1}
    for a in "${_hivediag_args[@]}"; do
        [[ ${a%%=*} == "$opt" ]] && { printf '%s\n' "${a#*=}"; return; }
    done
}

_hivediag()
{
    local bin=$1 cur=${COMP_WORDS[COMP_CWORD]} prev= prefix= what i
    [[ $bin == "~/"* ]] && bin=$HOME/${bin#"~/"}
    command -v -- "$bin" >/dev/null 2>&1 || bin=hivediag
    command -v -- "$bin" >/dev/null 2>&1 || return 0
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # --opt=value: with = in COMP_WORDBREAKS (the default), = is a word of
    # its own; without, it is inside the word.
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $cur == --*=* ]]; then
        prev=${cur%%=*} prefix=${cur%%=*}= cur=${cur#*=}
    fi
    _hivediag_parse "$bin"
    COMPREPLY=()

    # After --, only operands.
    local operands_only=0
    for ((i = 1; i < COMP_CWORD; i++)); do
        [[ ${COMP_WORDS[i]} == -- ]] && { operands_only=1; break; }
    done

    if ((!operands_only)) && [[ $prev == -* ]]; then
        what=$(_hivediag_arg "$prev")
        case $what in
        '') ;;
        RULE_ID)
            mapfile -t COMPREPLY < <(compgen -P "$prefix" -W "$("$bin" --list-rules 2>/dev/null |
                grep -o '"id": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/')" -- "$cur")
            return 0 ;;
        FILE)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -P "$prefix" -f -- "$cur")
            return 0 ;;
        FORMAT)
            # The formats' names: the line of --help that lists them.
            mapfile -t COMPREPLY < <(compgen -P "$prefix" -W "$("$bin" --help 2>/dev/null |
                sed -n 's/^Formats (-o FORMAT): //p' | tr -d ',.')" -- "$cur")
            return 0 ;;
        DIR | DIRECTORY)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -P "$prefix" -d -- "$cur")
            return 0 ;;
        *[a-z]*)
            mapfile -t COMPREPLY < <(compgen -P "$prefix" -W "${what//,/ }" -- "$cur")
            return 0 ;;
        *) return 0 ;; # a number or a name: nothing to offer
        esac
    fi

    if ((!operands_only)) && [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${_hivediag_opts[*]}" -- "$cur")
        return 0
    fi
    # HIVE operands: files, and directories for -r.
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    return 0
}

complete -F _hivediag hivediag
