-- Takes a database of schema version 6 back to what version 5 had, for
-- the shell tests and benchmarks that make an older file from a fresh one
-- (tests/e2e/57-faults.sh, tests/bench/bench-upgrade.sh; the unit tests
-- have the same as GK_TEST_UNDO_V6 in tests/unit/gk_test.h): node_pos,
-- series with a unique index of uids, the value table with a rowid and a
-- stored uid. Plain sqlite3 has no gk_uid(): the uid stored is a text no
-- derivation gives (the upgrade renames history naming such a uid).
-- Leaves user_version to the caller.
-- (version 10's plan.entry first)
ALTER TABLE plan DROP COLUMN entry;
-- (version 9's search index first)
DROP TRIGGER node_fts_update;
DROP TRIGGER node_fts_delete;
DROP TABLE node_fts_gone;
DROP TABLE node_fts;
-- (version 8's report year, deadline and contributions first)
DROP TABLE contribution;
ALTER TABLE plan DROP COLUMN report_year;
ALTER TABLE plan DROP COLUMN deadline;
-- (version 7's history chain and locked-year snapshots first)
ALTER TABLE history DROP COLUMN hash;
ALTER TABLE year_lock DROP COLUMN snapshot;
PRAGMA foreign_keys = OFF;
CREATE INDEX node_pos ON node(plan_id, pos);
CREATE TABLE series_v5 (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    node_id INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE, name TEXT NOT NULL,
    pos INTEGER NOT NULL, base_raw TEXT,
    base_year INTEGER CHECK (base_year IS NULL OR base_year BETWEEN 1900 AND 2100),
    rev INTEGER NOT NULL DEFAULT 1, UNIQUE (node_id, name));
INSERT INTO series_v5 SELECT * FROM series;
DROP TABLE series;
ALTER TABLE series_v5 RENAME TO series;
CREATE TABLE value_v6 AS SELECT * FROM value;
DROP TABLE value;
CREATE TABLE value (id INTEGER PRIMARY KEY, uid TEXT NOT NULL,
    series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    target_raw TEXT, actual_raw TEXT, rev INTEGER NOT NULL DEFAULT 1, UNIQUE (series_id, year));
INSERT INTO value(uid, series_id, year, target_raw, actual_raw, rev)
    SELECT printf('v5-%d-%d', series_id, year), series_id, year, target_raw, actual_raw, rev
    FROM value_v6 ORDER BY series_id, year;
DROP TABLE value_v6;
CREATE INDEX value_actual_year ON value(year, series_id) WHERE actual_raw IS NOT NULL;
