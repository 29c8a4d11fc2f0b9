#!/bin/sh
# gen-plan.sh N OUT.csv — writes a plan CSV with N indicators (10 per item,
# 10 items per policy, 10 policies per goal), each with a base value and
# targets and actuals for 5 fiscal years, plus a 取組状況 per item: the large
# plan of the benchmarks. UTF-8, LF.
n=${1:-100000}
awk -v n="$n" 'BEGIN {
    print "計画,基本目標,取組方針,取組項目,所管課,指標,単位,初期値,初期値年度,年度,目標値,実績値,取組状況"
    for (i = 0; i < n; i++) {
        g = int(i / 1000); p = int(i / 100); it = int(i / 10)
        path = sprintf("大規模計画,基本目標%d 効率的な行政運営,%d 取組方針の名称,項目%d 事務の見直しと効率化", g, p, it)
        printf "%s,課%d,指標%d 手続のオンライン化件数,件,\"%d件\",2022,,,,\n", path, it % 37, i, i % 1000
        for (y = 2024; y <= 2028; y++)
            printf "%s,,指標%d 手続のオンライン化件数,,,,%d,\"%d件\",\"%d件\",\n", path, i, y, 1000 + y % 7, 900 + i % 200
        if (i % 10 == 9)
            printf "%s,,,,,,2024,,,\"令和6年度は、申請手続のオンライン化を進めた。\n窓口の混雑が緩和された。\"\n", path
    }
}'
