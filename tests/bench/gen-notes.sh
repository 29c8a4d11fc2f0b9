#!/bin/sh
# gen-notes.sh N — writes a plan CSV with N indicators shaped like the plans
# of issue 25's item 1, where the cost follows nodes and text rather than
# bytes: items of 5 indicators (twice as many items as gen-office.sh), short
# names, and per 100,000 indicators 50,000 notes of about 130 characters,
# each different (取組状況 for 2024 and 2025 on every item, 次年度の取組内容
# for 2024 on every other item). Excel style as in gen-office.sh: UTF-8 with
# BOM, CRLF, 所管課, 単位, 初期値 and 初期値年度 repeated on every year row
# (2024 … 2028), actuals for the first two years only. 10 items per policy,
# 10 policies per goal.
n=${1:-100000}
awk -v n="$n" 'BEGIN {
    ORS = "\r\n"
    printf "\357\273\277"
    print "計画,基本目標,取組方針,取組項目,所管課,指標,単位,初期値,初期値年度,年度,目標値,実績値,取組状況,次年度の取組内容"
    # pieces of the notes, chosen by the item number so that no two notes are alike
    split("窓口業務の|電子申請の|庁内会議の|公共施設の|補助金交付の|文書管理の|業務委託の|職員研修の", a, "|")
    split("見直しを進め、|利用拡大に取り組み、|運用を改善し、|点検を行い、|手順を整理し、|効果を検証し、", b, "|")
    split("処理時間を短縮した。|利用者の負担が軽減された。|経費の削減につながった。|申請件数が増加した。|職員の事務量が減少した。", c, "|")
    split("関係課と協議のうえ|利用者アンケートの結果を踏まえ|先行自治体の事例を参考に|前年度の課題を整理し", d, "|")
    for (i = 0; i < n; i++) {
        it = int(i / 5); p = int(it / 10); g = int(p / 10)
        path = sprintf("行革計画,目標%d,方針%d,項目%d 事務改善", g, p, it)
        for (y = 2024; y <= 2028; y++) {
            actual = y <= 2025 ? sprintf("%d", 90 + (i + y) % 20) : ""
            printf "%s,課%d,指標%d 件数,件,%d,2022,%d,%d,%s,,\r\n", \
                path, it % 53, i, i % 100, y, 100 + y % 7 + i % 50, actual
        }
        if (i % 5 != 4) continue
        for (y = 2024; y <= 2025; y++) {
            k = it * 2 + y
            st = sprintf("令和%d年度は、%s%s%s%sさらに%s%s第%d回の検討会で進捗を確認し、次の段階の計画を取りまとめた。あわせて%s%s%s課題は次年度に引き継ぐ。", \
                y - 2018, a[k % 8 + 1], b[int(k / 8) % 6 + 1], c[int(k / 48) % 5 + 1], d[k % 4 + 1], \
                a[int(k / 3) % 8 + 1], b[int(k / 5) % 6 + 1], it % 97 + 1, \
                a[int(k / 17) % 8 + 1], b[int(k / 19) % 6 + 1], c[int(k / 23) % 5 + 1])
            nx = (y == 2024 && it % 2 == 0) ? sprintf("\"%s、%s%s対象を拡大し、%s令和%d年度末までに全庁での運用を目指すとともに、課題の整理と検証を継続して行う。\"", \
                d[int(k / 7) % 4 + 1], a[int(k / 11) % 8 + 1], b[k % 6 + 1], c[int(k / 13) % 5 + 1], y - 2016) : ""
            printf "%s,,,,,,%d,,,\"%s\",%s\r\n", path, y, st, nx
        }
    }
}'
