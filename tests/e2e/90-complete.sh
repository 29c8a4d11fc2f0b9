#!/bin/bash
# Shell completion (src/completion/gyokaku.bash, src/completion/_gyokaku): bash's
# completion function driven through COMP_WORDS/COMP_CWORD as readline would,
# against a database made by `gyokaku init --demo` and one with a
# department whose name holds shell metacharacters: commands, options,
# plan names, department names (quoted for the shell), years, option values,
# file names for --db; `gyokaku __complete` itself never writes; zsh's
# script parses.
. tests/e2e/cli-lib.sh
plan 30
export LANG=C.UTF-8 LC_ALL= LANGUAGE=
db="$GK_TMP/demo.db"
$GYOKAKU --db "$db" init --demo >/dev/null 2>"$GK_TMP/init.err"
check "init --demo creates a database holding the demo plans" \
    grep -q "^plans	2$" <($GYOKAKU --db "$db" stats)
$GYOKAKU --db "$db" init --demo 2>/dev/null
check_eq "init --demo refuses an existing file" 1 "$?"

# departments named with ( and ): the demo's 総)総務課, and (総)職員課
db2="$GK_TMP/paren.db"
sed 's/,職員課,/,(総)職員課,/g' db/demo/ebetsu-status-fy2022.csv >"$GK_TMP/paren.csv"
$GYOKAKU --db "$db2" import "$GK_TMP/paren.csv" >/dev/null 2>&1

mkdir -p "$GK_TMP/bin"
ln -s "$(realpath "$GYOKAKU")" "$GK_TMP/bin/gyokaku"
export PATH="$GK_TMP/bin:$PATH"
. src/completion/gyokaku.bash
check "complete -p names the function" grep -q -- "-F _gyokaku gyokaku" <(complete -p gyokaku)

comp() { # comp WORD... (the last is completed): COMPREPLY, one per line
    COMP_WORDS=(gyokaku "$@"); COMP_CWORD=$#; COMPREPLY=()
    _gyokaku 2>/dev/null
    printf '%s\n' "${COMPREPLY[@]}"
}
check_eq "commands from a prefix" "$(printf 'stats\nstatus')" "$(comp st)"
check "help is a command" grep -qx help <(comp "")
check_eq "help completes a command name" "lock" "$(comp help lo)"
check "options of a command" grep -qx -- "--missing" <(comp --db "$db" status --m)
# the options come from each command's own table (src/cli/opts.c), so none is left out
check_eq "report's options, --with and --without included" "$(printf -- '--width\n--with\n--without')" \
    "$(comp --db "$db" report --wi)"
check_eq "lock --force and status --state" "--force --state" \
    "$(comp lock --f) $(comp status --st)"
check_eq "dept and contribute are commands" "$(printf 'contribute\ndept')" "$(comp con; comp dep)"
check "global options before the command" grep -qx -- "--ambiguous-width" <(comp --am)
plans=$(comp --db "$db" status --plan 江別)
check_eq "plan names from the database, quoted for the shell" 2 "$(printf '%s\n' "$plans" | grep -c .)"
first=$(printf '%s\n' "$plans" | head -1)
eval "set -- $first"
check_eq "a quoted plan name is the name again" "江別市行政改革推進計画（令和6(2024)年度～令和10(2028)年度）" "$1"
check "--plan=NAME in one word" grep -q -- "^--plan=" <(comp --db "$db" export --plan=江)
check "years from the database" grep -qx 2024 <(comp --db "$db" status --year 20)
check "departments from the database" grep -qx "政策推進課" <(comp --db "$db" report --dept 政)
reply=$(comp --db "$db2" status --dept "")
check "a department with ( and ) is offered backslash-quoted" grep -qxF '\(総\)職員課' <<<"$reply"
check "総)総務課 is offered as 総\\)総務課" grep -qxF '総\)総務課' <<<"$reply"
check_eq "a typed backslash-quoted prefix is matched" '\(総\)職員課' "$(comp --db "$db2" status --dept '\(総')"
check_eq "a typed quoted prefix is matched" '総\)総務課' "$(comp --db "$db2" status --dept "'総)")"
check_eq "role values" "$(printf 'clerk\nsupervisor\noffice')" "$(comp --db "$db" user add x --role "")"
check_eq "user's subcommands" "$(printf 'add\nlist\nremove')" "$(comp --db "$db" user "")"
touch "$GK_TMP/some-file.db"
check_eq "--db completes file names" "$GK_TMP/some-file.db" "$(comp --db "$GK_TMP/some-")"
check_eq "restore completes file names" "$GK_TMP/some-file.db" "$(comp --db "$db" restore "$GK_TMP/some-")"
before=$(sha256sum "$db" | cut -d' ' -f1)
$GYOKAKU __complete --db "$GK_TMP/none.db" status --plan "" >/dev/null 2>&1
check "no database is created by completion" test ! -e "$GK_TMP/none.db"
check_eq "completion leaves the database as it was" "$before" "$(sha256sum "$db" | cut -d' ' -f1)"
if command -v zsh >/dev/null; then
    check "the zsh completion parses" zsh -n src/completion/_gyokaku
    # its function, with compadd and _files recording what they are given
    zcomp() { # zcomp WORD... (the last is completed)
        zsh -f -c '
typeset -ga got
compadd() { local arr=0 a; for a in "$@"; do if [[ $a == -a ]]; then arr=1; continue; fi
  [[ $a == -* ]] && continue; if (( arr )); then got+=("${(@P)a}"); else got+=("$a"); fi; done; }
_files() { got+=(FILES) }
eval "$(sed "/^_gyokaku \"\$@\"/d" src/completion/_gyokaku)"
words=(gyokaku "$@"); CURRENT=$#words; _gyokaku; print -l -- $got' zcomp "$@"
    }
    check_eq "zsh: commands from a prefix" "$(printf 'stats\nstatus')" "$(zcomp st)"
    check_eq "zsh: a department with a parenthesis" "総)総務課" "$(zcomp --db "$db" status --dept 総)"
    check_eq "zsh: --db completes file names" "FILES" "$(zcomp --db "$GK_TMP/some-")"
else
    skip_n 4 "zsh is not installed"
fi
finish
