-- gyokaku database schema, version 1 (PRAGMA user_version = 1).
--
-- Embedded into the binary at build time (build/gen/schema.c) and run in one
-- transaction by `gyokaku init`. A change here needs a new user_version and a
-- migration step in src/store/migrate.c.
--
-- Every plan, node, series, value and note row has a stable `uid` (32 hex
-- digits derived from its identity: the plan's name, a node's parent and
-- title, a value's series and year; src/store/uid.c), so that it survives
-- export/import and copying the file. Plan, node and series uids are looked
-- up and indexed; value and note uids are unique by that derivation alone
-- (an index of random keys would halve import speed), which `gyokaku check`
-- verifies. Each row also has a `rev` counter incremented on every change,
-- so that offline copies can be merged back value by value. Cells are stored exactly as written (`*_raw`);
-- numbers are derived from them when needed (model/value.h).

PRAGMA application_id = 1198803829; -- 0x47744B75, "GtKu"
PRAGMA user_version = 1;

CREATE TABLE plan (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL UNIQUE,
    first_year   INTEGER,                      -- period (fiscal years), NULL until known
    last_year    INTEGER,
    label_goal   TEXT NOT NULL DEFAULT '基本目標',  -- the plan's own level names
    label_policy TEXT NOT NULL DEFAULT '取組方針',
    label_item   TEXT NOT NULL DEFAULT '取組項目',
    pos          INTEGER NOT NULL,
    rev          INTEGER NOT NULL DEFAULT 1,
    CHECK (first_year IS NULL OR first_year BETWEEN 1900 AND 2100),
    CHECK (last_year IS NULL OR last_year BETWEEN 1900 AND 2100)
);

-- The hierarchy: goal -> policy -> item -> indicator, levels may be skipped
-- (parent_id NULL = directly under the plan). Identity is the title path.
CREATE TABLE node (
    id        INTEGER PRIMARY KEY,
    uid       TEXT NOT NULL UNIQUE,
    plan_id   INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES node(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('goal', 'policy', 'item', 'indicator')),
    title     TEXT NOT NULL CHECK (title <> ''),
    pos       INTEGER NOT NULL,                -- order of first appearance within the plan
    content   TEXT,                            -- 取組内容 (items)
    review    TEXT,                            -- 見直し区分 (items)
    unit      TEXT,                            -- 単位 (indicators)
    direction TEXT NOT NULL DEFAULT '',        -- model/value.h gk_direction_name()
    rev       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX node_parent ON node(plan_id, parent_id, kind, title);
CREATE INDEX node_pos ON node(plan_id, pos);
CREATE INDEX node_children ON node(parent_id, pos);

CREATE TABLE dept (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> '')
);
-- 所管課 of a node; pos 0 is the main one (主担当).
CREATE TABLE node_dept (
    node_id INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE,
    dept_id INTEGER NOT NULL REFERENCES dept(id),
    pos     INTEGER NOT NULL,
    PRIMARY KEY (node_id, dept_id)
) WITHOUT ROWID;
CREATE INDEX node_dept_dept ON node_dept(dept_id);

CREATE TABLE tag (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> '')
);
CREATE TABLE node_tag (
    node_id INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE,
    tag_id  INTEGER NOT NULL REFERENCES tag(id),
    pos     INTEGER NOT NULL,
    PRIMARY KEY (node_id, tag_id)
) WITHOUT ROWID;

-- Every indicator has one or more series: the unnamed one (name '') when it
-- has no sub-series, else one per 系列 (男性 / 女性). Base value per series.
CREATE TABLE series (
    id        INTEGER PRIMARY KEY,
    uid       TEXT NOT NULL UNIQUE,
    node_id   INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    pos       INTEGER NOT NULL,
    base_raw  TEXT,                            -- 初期値 as written
    base_year INTEGER CHECK (base_year IS NULL OR base_year BETWEEN 1900 AND 2100),
    rev       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (node_id, name)
);

-- Target and actual of a series for one fiscal year.
CREATE TABLE value (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL,                   -- unique by derivation (see above)
    series_id  INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    target_raw TEXT,
    actual_raw TEXT,
    rev        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (series_id, year)
);

-- Annual status of an item, goal or indicator for one fiscal year.
CREATE TABLE note (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL,                  -- unique by derivation (see above)
    node_id     INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    status      TEXT,                          -- 取組状況
    next_plan   TEXT,                          -- 次年度の取組内容
    evaluation  TEXT,                          -- 評価
    eval_reason TEXT,                          -- why 評価 overrides the proposal
    state       TEXT NOT NULL DEFAULT 'none'
                CHECK (state IN ('none', 'draft', 'submitted', 'approved')),
    comment     TEXT,                          -- 差し戻し comment
    rev         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (node_id, year)
);
CREATE INDEX note_year ON note(year);

-- Every change to a value or a note: who (OS login), when (UTC ISO 8601),
-- which row (uid) and field, old and new text (NULL = empty).
CREATE TABLE history (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    who     TEXT NOT NULL,
    tbl     TEXT NOT NULL,                     -- 'value', 'note', 'series', 'node'
    row_uid TEXT NOT NULL,
    field   TEXT NOT NULL,
    old     TEXT,
    new     TEXT
);
CREATE INDEX history_row ON history(row_uid, field, id);

-- Unsaved input of the entry form, kept apart from saved data until saved:
-- one row per user, node, fiscal year and field ('actual' / 'actual:系列名',
-- 'status', 'next_plan', 'evaluation', 'eval_reason'). base_rev is the rev of
-- the saved row the user started from (for conflict detection).
CREATE TABLE draft (
    id       INTEGER PRIMARY KEY,
    who      TEXT NOT NULL,
    node_uid TEXT NOT NULL,
    year     INTEGER NOT NULL,
    field    TEXT NOT NULL,
    base_rev INTEGER,
    text     TEXT,
    at       TEXT NOT NULL,
    UNIQUE (who, node_uid, year, field)
);
