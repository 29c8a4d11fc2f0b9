-- gyokaku database schema, version 11 (PRAGMA user_version = 11).
-- Version 2 added plan.grades, version 3 the table pref, version 4 users,
-- their departments, locked years and history.comment, version 5 node.tkey
-- and node.folded (search), the index of years with actuals and the
-- triggers that keep them, version 6 keyed the value table by (series,
-- year) without a stored uid and dropped the index of series uids and
-- node_pos, version 7 added history.hash (the chain that shows tampering)
-- and year_lock.snapshot (a locked year's report, frozen), version 8
-- plan.report_year and plan.deadline (the year being reported and its
-- submission deadline) and the table contribution, version 9 the search's
-- trigram index node_fts and its triggers, version 10 plan.entry (where the
-- plan keeps its notes: on items or on indicators; progress.h), version 11
-- node_fts without its table of text sizes (columnsize=0)
-- (src/store/migrate.c upgrades older files; gyokaku backs them up first,
-- backup.h).
--
-- Embedded into the binary at build time (build/gen/schema.c) and run in one
-- transaction by `gyokaku init`. A change here needs a new user_version and a
-- migration step in src/store/migrate.c.
--
-- Every plan, node, series, value and note row has a stable `uid` (32 hex
-- digits derived from its identity: the plan's name, a node's parent and
-- title, a value's series and year; src/store/uid.c), so that it survives
-- export/import and copying the file. Plan and node uids are stored,
-- looked up and indexed. Series and note uids are stored, unique by
-- derivation alone (a series' from its node's and its name, unique per
-- node), not indexed: nothing looks them up, and an index of random keys
-- costs an import dearly (7% for the series index, version 6); `gyokaku
-- check` verifies the derivation. A value's uid is not stored (version 6): it is
-- gk_uid(series.uid, 'value', year) wherever it is needed (history rows
-- name it), which saves a third of the value table and its writes. Each row
-- also has a `rev` counter incremented on every change, so that offline
-- copies can be merged back value by value. Cells are stored exactly as
-- written (`*_raw`); numbers are derived from them when needed
-- (model/value.h).

PRAGMA application_id = 1198803829; -- 0x47744B75, "GtKu"
PRAGMA user_version = 11;

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
    grades       TEXT,                         -- grade bands (model/achieve.h gk_grades_parse),
                                               -- NULL: GK_GRADES_DEFAULT (version 2)
    -- version 8: the fiscal year being reported (plan.h gk_plan_report_year)
    -- set by the office; NULL: the rule of model/fiscal.h gk_fy_reported
    report_year  INTEGER CHECK (report_year IS NULL OR report_year BETWEEN 1900 AND 2100),
    deadline     TEXT,                         -- version 8: 提出期限 YYYY-MM-DD or NULL
    -- version 9: where the entry lives (progress.h gk_layout): 'indicators'
    -- makes an item with indicators a container; inferred at import
    entry        TEXT NOT NULL DEFAULT 'items' CHECK (entry IN ('items', 'indicators')),
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
    -- written as ORs, not IN: SQLite 3.40 builds a temporary b-tree for an IN
    -- list on every INSERT (version 6, migrate.c)
    kind      TEXT NOT NULL
              CHECK (kind = 'goal' OR kind = 'policy' OR kind = 'item' OR kind = 'indicator'),
    title     TEXT NOT NULL CHECK (title <> ''),
    pos       INTEGER NOT NULL,                -- order of first appearance within the plan
    content   TEXT,                            -- 取組内容 (items)
    review    TEXT,                            -- 見直し区分 (items)
    unit      TEXT,                            -- 単位 (indicators)
    -- The indicator's direction as gk_direction_name() (model/value.h); ''
    -- (all that import writes today) means "infer it". The report
    -- (store/report.c) reads it and, when '', infers it with
    -- gk_direction_infer from 初期値 and the targets, as the entry form and
    -- the details always do.
    direction TEXT NOT NULL DEFAULT '',
    rev       INTEGER NOT NULL DEFAULT 1,
    tkey      TEXT,                            -- version 5: see below
    folded    TEXT
);
-- Version 5, for the search of the main screen (store/search.c): tkey
-- orders the nodes of a plan as the tree shows them (the pos of each level
-- from the top, 8 hex digits each; set by the trigger node_tkey); folded
-- is gk_fold(title LF 取組状況 LF 次年度の取組内容 of every year), NULL when
-- not computed yet (a new node, a note changed: the triggers below and on
-- note), filled in C before every commit of the store.
-- (Version 6 dropped node_pos (plan_id, pos): the top level is found
-- through node_children (parent_id NULL), a plan's nodes in order through
-- node_tree; an index less to write for every node.)
CREATE INDEX node_parent ON node(plan_id, parent_id, kind, title);
CREATE INDEX node_children ON node(parent_id, pos);
CREATE INDEX node_tree ON node(plan_id, tkey);
CREATE INDEX node_stale ON node(id) WHERE folded IS NULL;
CREATE TRIGGER node_tkey AFTER INSERT ON node WHEN NEW.tkey IS NULL BEGIN
    UPDATE node SET tkey = coalesce((SELECT tkey FROM node WHERE id = NEW.parent_id), '')
        || printf('%08x', NEW.pos) WHERE id = NEW.id;
END;
CREATE TRIGGER node_refold AFTER UPDATE OF title ON node WHEN NEW.title IS NOT OLD.title BEGIN
    UPDATE node SET folded = NULL WHERE id = NEW.id;
END;
-- Version 9: the trigram index of node.folded, so that a search answers
-- "no match" without reading every text (store/search.c). It holds
-- folded || char(1, 1) of every node whose folded is not NULL (rowid =
-- node.id): the two trailing characters make every substring of one or two
-- characters the start of a trigram, so that the index's vocabulary
-- answers those too. Contentless (the text is node.folded) and detail=none
-- (search.c verifies every candidate with instr): the smallest index to
-- write. Version 11: columnsize=0, no node_fts_docsize row per text (the
-- sizes serve only ranking, which the search does not use; writing them
-- was a tenth of the index's cost on an import). A contentless index forgets a row only when told its text, and a
-- trigger may not write a virtual table here (trusted_schema is off): the
-- triggers keep the text a node leaves in node_fts_gone, and the commit
-- (gk_search_refresh) takes it out of the index and puts the new folded
-- text in. An import, which runs with triggers off, does their work itself
-- (store/import.c).
CREATE VIRTUAL TABLE node_fts USING fts5(t, content='', detail=none, columnsize=0,
    tokenize='trigram case_sensitive 1');
CREATE TABLE node_fts_gone (
    id INTEGER PRIMARY KEY,                    -- node.id, in node_fts with text t
    t  TEXT NOT NULL
);
CREATE TRIGGER node_fts_update AFTER UPDATE OF folded ON node
WHEN OLD.folded IS NOT NULL AND NEW.folded IS NOT OLD.folded BEGIN
    INSERT OR IGNORE INTO node_fts_gone(id, t) VALUES (OLD.id, OLD.folded);
END;
CREATE TRIGGER node_fts_delete AFTER DELETE ON node WHEN OLD.folded IS NOT NULL BEGIN
    INSERT OR IGNORE INTO node_fts_gone(id, t) VALUES (OLD.id, OLD.folded);
END;

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
-- Version 8: what a related department (関係課: a node's department with
-- pos > 0) writes about its own part of a node for a fiscal year; the lead
-- department (pos 0) alone writes the node's 取組状況 and submits it
-- (roles.h). who and at: the login and UTC time of the last change (each
-- change is also a history row: table 'contribution').
CREATE TABLE contribution (
    node_id INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE,
    year    INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    dept_id INTEGER NOT NULL REFERENCES dept(id),
    text    TEXT NOT NULL,
    who     TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (node_id, year, dept_id)
) WITHOUT ROWID;

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
    uid       TEXT NOT NULL,                   -- unique by derivation (see above)
    node_id   INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    pos       INTEGER NOT NULL,
    base_raw  TEXT,                            -- 初期値 as written
    base_year INTEGER CHECK (base_year IS NULL OR base_year BETWEEN 1900 AND 2100),
    rev       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (node_id, name)
);

-- Target and actual of a series for one fiscal year. Keyed by (series,
-- year) WITHOUT ROWID, its uid derived (see above): one b-tree per row
-- instead of a table and a unique index (version 6). The foreign key is
-- checked at commit (DEFERRABLE INITIALLY DEFERRED) so that the importer's
-- many-row INSERT (import.c, INSERT OR ROLLBACK) needs no statement journal:
-- a failure there ends the whole transaction anyway.
CREATE TABLE value (
    series_id  INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE
               DEFERRABLE INITIALLY DEFERRED,
    year       INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    target_raw TEXT,
    actual_raw TEXT,
    rev        INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (series_id, year)
) WITHOUT ROWID;
-- The years that have actuals (version 5): the main screen starts on the
-- latest of them without reading every value (browse.c).
CREATE INDEX value_actual_year ON value(year, series_id) WHERE actual_raw IS NOT NULL;

-- Annual status of an item, goal or indicator for one fiscal year.
-- state is the workflow state of the node for the year (workflow.h):
-- 'none' 未入力 (nothing saved yet), 'draft' 入力中 (saved, not submitted;
-- with a comment it was returned: 差し戻し), 'submitted' 提出, 'approved'
-- 承認. comment: the 差し戻し comment of the last return, kept until the
-- node is submitted again.
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
                CHECK (state = 'none' OR state = 'draft' OR state = 'submitted'
                       OR state = 'approved'), -- ORs: see node.kind
    -- The 差し戻し comment of the review workflow to come (the plan office
    -- sends an entry back to its 所管課 with it, state going back to
    -- 'draft'). Not written by this version; kept so that the workflow
    -- needs no schema change.
    comment     TEXT,
    rev         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (node_id, year)
);
CREATE INDEX note_year ON note(year);
CREATE TRIGGER note_fold_insert AFTER INSERT ON note
WHEN NEW.status IS NOT NULL OR NEW.next_plan IS NOT NULL BEGIN
    UPDATE node SET folded = NULL WHERE id = NEW.node_id;
END;
CREATE TRIGGER note_fold_update AFTER UPDATE OF status, next_plan, node_id ON note
WHEN NEW.status IS NOT OLD.status OR NEW.next_plan IS NOT OLD.next_plan
  OR NEW.node_id IS NOT OLD.node_id BEGIN
    UPDATE node SET folded = NULL WHERE id IN (NEW.node_id, OLD.node_id);
END;
CREATE TRIGGER note_fold_delete AFTER DELETE ON note BEGIN
    UPDATE node SET folded = NULL WHERE id = OLD.node_id;
END;

-- Every change to a value or a note: who (OS login), when (UTC ISO 8601),
-- which row (uid) and field, old and new text (NULL = empty). Workflow
-- states ('note', field 'state'), year locks ('year', row_uid '2024', field
-- 'locked': '1' / NULL) and users ('user', row_uid = login, fields 'role' and
-- 'departments') are recorded here too, with the comment or reason given, and
-- (version 7) every assignment of a node's 所管課 ('node', field
-- 'departments', the first one too).
-- hash (version 7): SHA-256 over the previous row's hash and this row
-- (store/stats.c history_hash), so that a row rewritten, inserted or removed
-- outside gyokaku breaks the chain; `gyokaku check` verifies it and compares
-- it with the chain each backup holds (doc/shared-host.md).
CREATE TABLE history (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    who     TEXT NOT NULL,
    tbl     TEXT NOT NULL,                     -- 'value', 'note', 'series', 'node', 'year', 'user'
    row_uid TEXT NOT NULL,
    field   TEXT NOT NULL,
    old     TEXT,
    new     TEXT,
    comment TEXT,                              -- 差し戻し comment or lock/unlock reason
    -- version 7: the chain (see above)
    hash    TEXT
);
CREATE INDEX history_row ON history(row_uid, field, id);

-- Unsaved input of the entry form, kept apart from saved data until saved:
-- one row per user, node, fiscal year and field ('actual' / 'actual:系列名',
-- 'status', 'next_plan', 'evaluation', 'eval_reason'). base_rev is not
-- written by this version (always NULL): a restored draft is checked for a
-- colleague's save against the saved text when the form saves it (entry.h,
-- conflicts), not against a revision number.
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

-- What each user chose last on the main screen of this database, restored
-- at the next start (src/store/pref.c): who is the OS login of the real user
-- id, key one of 'plan' (its name), 'year' (a fiscal year), 'dept' (the
-- 所管課 filter; no row: none). Not plan data: never exported, no history.
CREATE TABLE pref (
    who   TEXT NOT NULL,
    key   TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (who, key)
) WITHOUT ROWID;

-- Users (roles.h, version 4): an OS login name with a role. 'clerk' enters the values
-- and notes of its departments, 'supervisor' also returns and approves them,
-- 'office' does everything (import, users, locks). A login that is not here
-- browses read-only. The login that creates the file is its first office
-- user; a file upgraded from an older version has none until its owner adds one.
CREATE TABLE app_user (
    id    INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE CHECK (login <> ''),
    role  TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'office'))
);
-- The 所管課 a clerk or supervisor works for.
CREATE TABLE user_dept (
    user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    dept_id INTEGER NOT NULL REFERENCES dept(id),
    PRIMARY KEY (user_id, dept_id)
) WITHOUT ROWID;

-- A locked (published) fiscal year: read-only for every login until the
-- office unlocks it. Lock and unlock are in the history with their reasons.
-- snapshot (version 7): the plan data as it stood when the year was locked,
-- an SQLite database image (sqlite3_serialize) without history, drafts,
-- users or locks; `gyokaku report` of a locked year prints from it, so that
-- later targets, base values, grade bands and names never change what was
-- published (store/frozen.c). NULL for a year locked before version 7.
CREATE TABLE year_lock (
    year     INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 2100),
    reason   TEXT NOT NULL CHECK (reason <> ''),
    at       TEXT NOT NULL,
    who      TEXT NOT NULL,
    snapshot BLOB
);
