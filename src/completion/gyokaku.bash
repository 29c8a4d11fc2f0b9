# bash completion for gyokaku (installed as
# /usr/share/bash-completion/completions/gyokaku).
#
# The candidates come from the program itself: `gyokaku __complete WORD...`
# is given the words of the line up to the one being completed (that one
# last, possibly empty) and prints one candidate per line: commands,
# options, plan names, department names and years from the database.
# Exit status 3: complete file names instead. A database named with --db on
# the line is the one read.

# A word as the shell will read it: quotes and backslashes removed (no
# expansion is done).
_gyokaku_dequote()
{
    local w=$1 r= i c q=
    for ((i = 0; i < ${#w}; i++)); do
        c=${w:i:1}
        if [ -n "$q" ]; then
            if [ "$c" = "$q" ]; then q=; else r+=$c; fi
        elif [ "$c" = "'" ] || [ "$c" = '"' ]; then
            q=$c
        elif [ "$c" = '\' ]; then
            ((i++)); r+=${w:i:1}
        else
            r+=$c
        fi
    done
    printf '%s' "$r"
}

_gyokaku()
{
    local cur words cword
    if declare -F _get_comp_words_by_ref >/dev/null; then
        # bash-completion: words not split at = : ( (a department may hold them)
        _get_comp_words_by_ref -n '=:(' cur words cword
    else
        words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; cur=${COMP_WORDS[COMP_CWORD]}
    fi
    local cmd=${words[0]}
    local IFS=$'\n'
    local out rc i
    local -a args=()
    for ((i = 1; i <= cword; i++)); do args+=("$(_gyokaku_dequote "${words[i]}")"); done
    out=$("$cmd" __complete "${args[@]}" 2>/dev/null)
    rc=$?
    COMPREPLY=()
    if [ "$rc" -eq 3 ]; then
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return 0
    fi
    [ "$rc" -eq 0 ] || return 0
    local c
    for c in $out; do
        # the candidates already match what was typed; quote shell
        # metacharacters (総)総務課 → 総\)総務課)
        COMPREPLY+=("$(printf '%q' "$c")")
    done
    return 0
}
complete -F _gyokaku gyokaku
