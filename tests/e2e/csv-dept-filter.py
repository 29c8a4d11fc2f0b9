#!/usr/bin/python3
"""csv-dept-filter.py DB CSV DEPT — what an Excel filter on 所管課 = DEPT
keeps of an `export --year` file (e2e 87-csv-route).

The rows of DEPT's nodes (its own 所管課, else the nearest ancestor's that
has one, read from DB, not from the file) that carry 年度 or 初期値 are
looked for in CSV; prints "EXPECTED LOST": how many such rows the file has
and how many of them the filter (the 所管課 cell, split at 、 or ;) drops."""
import csv
import re
import sqlite3
import sys

db, path, dept = sys.argv[1:4]
con = sqlite3.connect(db)
nodes = {r[0]: r[1:] for r in con.execute(
    "SELECT n.id, n.parent_id, n.kind, n.title, p.name FROM node n JOIN plan p ON p.id = n.plan_id")}
own = {}
for nid, name in con.execute(
        "SELECT nd.node_id, d.name FROM node_dept nd JOIN dept d ON d.id = nd.dept_id"):
    own.setdefault(nid, set()).add(name)
cols = {"goal": "基本目標", "policy": "取組方針", "item": "取組項目", "indicator": "指標"}
mine = set()  # title paths (計画, column, title ...) of DEPT's nodes
for nid in nodes:
    eff, up = None, nid
    while up is not None and eff is None:
        eff = own.get(up)
        up = nodes[up][0]
    if eff and dept in eff:
        key, up = [], nid
        while up is not None:
            parent, kind, title, plan = nodes[up]
            key.append((cols[kind], title))
            up = parent
        mine.add((plan, tuple(sorted(key))))

with open(path, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
head = rows[0]
at = {name: i for i, name in enumerate(head)}
expected = lost = 0
for row in rows[1:]:
    if not (row[at["年度"]] or row[at["初期値"]]):
        continue
    key = tuple(sorted((c, row[at[c]]) for c in cols.values() if c in at and row[at[c]]))
    if (row[at["計画"]], key) not in mine:
        continue
    expected += 1
    if dept not in re.split("[、;]", row[at["所管課"]]):
        lost += 1
print(expected, lost)
