#!/bin/sh
# gen-office.sh N — writes a plan CSV with N indicators the way offices write
# it in Excel: UTF-8 with BOM, CRLF line ends, one row per indicator and
# fiscal year (2024 … 2028) with 所管課, 単位, 初期値 and 初期値年度 repeated on
# every year row, actuals only for the first two years (the latest years have
# none yet, as in the spring of 2026), and per item a 取組状況 of two lines
# for each of those two years. 10 indicators per item, 10 items per policy,
# 10 policies per goal. The other generator, gen-plan.sh, gives each
# attribute once per indicator (LF, no BOM).
n=${1:-100000}
awk -v n="$n" 'BEGIN {
    ORS = "\r\n"
    printf "\357\273\277"
    print "計画,基本目標,取組方針,取組項目,所管課,指標,単位,初期値,初期値年度,年度,目標値,実績値,取組状況,次年度の取組内容"
    for (i = 0; i < n; i++) {
        g = int(i / 1000); p = int(i / 100); it = int(i / 10)
        path = sprintf("行政改革推進計画,基本目標%d 効率的な行政運営,%d 取組方針の名称,項目%d 事務の見直しと効率化", g, p, it)
        for (y = 2024; y <= 2028; y++) {
            actual = y <= 2025 ? sprintf("\"%d件\"", 900 + (i + y) % 200) : ""
            printf "%s,課%d,指標%d 手続のオンライン化件数,件,\"%d件\",2022,%d,\"%d件\",%s,,\r\n", \
                path, it % 37, i, i % 1000, y, 1000 + y % 7 + i % 50, actual
        }
        if (i % 10 == 9)
            for (y = 2024; y <= 2025; y++)
                printf "%s,,,,,,%d,,,\"令和%d年度は、申請手続のオンライン化を進めた。\n窓口の混雑が緩和された。\",\"引き続き対象手続を拡大する。\"\r\n", \
                    path, y, y - 2018
    }
}'
