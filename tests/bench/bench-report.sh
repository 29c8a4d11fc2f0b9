#!/bin/bash
# Report benchmark (called by tests/bench/run, or alone): `gyokaku report`
# beside `gyokaku export` of the same plan, run in the same round, on two
# generators: the offices' style (gen-office.sh) and the style of issue 25's
# item 1 (gen-notes.sh: items of 5 indicators, many notes), each at
# GK_BENCH_N indicators (default 100,000) and a fifth of that. Prints per
# plan, over GK_BENCH_RUNS rounds (default 3) as min / median / max:
#  - the CPU time (user + system) of the HTML report, the plain published
#    layout `report` writes by default, as a ratio to the export's (aim
#    ≤ 1.3×); the same for the HTML report with every addition (charts,
#    grades, boxes, summary) and for the text report, for comparison;
#  - peak memory of each beside the export's, and how much each grows from
#    the small plan to the large one (aim: flat, as the export).
# The plans are imported once into GK_BENCH_DIR (tests/bench/run leaves its
# office.db and office-small.db there) and kept.
set -eu
cd "$(dirname "$0")/../.."
w=${GK_BENCH_DIR:-$(mktemp -d)}
n=${GK_BENCH_N:-100000}
runs=${GK_BENCH_RUNS:-3}
small=$((n / 5))
cc -O2 -o "$w/peakrss" tests/bench/peakrss.c

# plan DB GENERATOR N: imports the generator's plan into DB once
plan() {
    [ -f "$1" ] && return
    "tests/bench/$2" "$3" > "$w/report-plan.csv"
    ./gyokaku --db "$1" import "$w/report-plan.csv" 2>/dev/null >/dev/null
    rm -f "$w/report-plan.csv"
}
# run VAR COMMAND... : runs under peakrss; sets VAR_cpu (s) and VAR_kb
run() {
    local var=$1; shift
    local out; out=$("$w/peakrss" "$@" 2>&1 >/dev/null | tail -1)
    case $out in elapsed_s=*) ;; *) echo "failed: $* ($out)" >&2; exit 1 ;; esac
    local c=${out#*cpu_s=}; c=${c%% *}
    printf -v "${var}_cpu" %s "$c"
    printf -v "${var}_kb" %s "${out##*maxrss_kb=}"
}
# stats V... -> "min / median / max"
stats() { printf '%s\n' "$@" | sort -g | awk -v f="${FMT:-%.2f}" \
    '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
       printf f " / " f " / " f, v[1], m, v[NR] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / (b > 0 ? b : 0.001) }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
maxof() { printf '%s\n' "$@" | sort -n | tail -1; }

# measure LABEL DB: $runs rounds of export, HTML, HTML with every addition
# and text, interleaved; prints the ratios and sets peak_<kind> (KiB)
measure() {
    local label=$1 db=$2
    local e=() h=() a=() t=() hr=() ar=() tr=() ek=() hk=() ak=() tk=()
    for _ in $(seq "$runs"); do
        run x ./gyokaku --db "$db" export -o "$w/r-out"
        e+=("$x_cpu"); ek+=("$x_kb")
        run x ./gyokaku --db "$db" report -o "$w/r-out"
        h+=("$x_cpu"); hk+=("$x_kb"); hr+=("$(ratio "$x_cpu" "${e[-1]}")")
        run x ./gyokaku --db "$db" report --with all -o "$w/r-out"
        a+=("$x_cpu"); ak+=("$x_kb"); ar+=("$(ratio "$x_cpu" "${e[-1]}")")
        run x ./gyokaku --db "$db" report --format text -o "$w/r-out"
        t+=("$x_cpu"); tk+=("$x_kb"); tr+=("$(ratio "$x_cpu" "${e[-1]}")")
    done
    rm -f "$w/r-out"
    peak_e=$(maxof "${ek[@]}") peak_h=$(maxof "${hk[@]}")
    peak_a=$(maxof "${ak[@]}") peak_t=$(maxof "${tk[@]}")
    echo "$label:"
    echo "  report HTML / export CPU:           $(FMT=%.2f× stats "${hr[@]}")" \
         "($(stats "${h[@]}") s vs $(stats "${e[@]}") s; aim ≤ 1.3×)"
    echo "  report HTML --with all / export CPU: $(FMT=%.2f× stats "${ar[@]}") ($(stats "${a[@]}") s)"
    echo "  report text / export CPU:           $(FMT=%.2f× stats "${tr[@]}") ($(stats "${t[@]}") s)"
    echo "  peak memory: export $(mib "$peak_e") MiB, HTML $(mib "$peak_h") MiB," \
         "HTML --with all $(mib "$peak_a") MiB, text $(mib "$peak_t") MiB"
}

# growth LABEL: the peak memory of the large plan minus the small plan's
growth() {
    echo "  peak memory growth $small → $n indicators ($1): export" \
         "$(mib $((peak_e - s_e))) MiB, HTML $(mib $((peak_h - s_h))) MiB," \
         "HTML --with all $(mib $((peak_a - s_a))) MiB, text $(mib $((peak_t - s_t))) MiB (aim: flat)"
}

echo "== report beside the export of the same plan ($runs rounds, min / median / max)"
for style in office notes; do
    gen=gen-$style.sh
    name="offices' style"
    [ $style = notes ] && name="notes style (gen-notes.sh)"
    plan "$w/$style-small.db" "$gen" "$small"
    plan "$w/$style.db" "$gen" "$n"
    measure "$name, $small indicators" "$w/$style-small.db"
    s_e=$peak_e s_h=$peak_h s_a=$peak_a s_t=$peak_t
    measure "$name, $n indicators" "$w/$style.db"
    growth "$name"
done
