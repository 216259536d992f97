-- Version 16: Đôn đốc at a unit (issue 18). The same app, installed at a commune or a
-- department, keeps a read-only mirror of its unit's parts and a queue of what the unit
-- did while the office could not be reached. IF NOT EXISTS, as in version 13.

-- At a unit: the one connection to the office (no row: this store is the office's own).
-- The session's token is not here: it is kept in the OS keyring.
CREATE TABLE IF NOT EXISTS desk_link (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    server      TEXT NOT NULL,               -- https://host:port/
    user_name   TEXT NOT NULL,
    fingerprint TEXT NOT NULL,               -- pinned: lower-case hex SHA-256 of the certificate
    unit_id     INTEGER NOT NULL,            -- the office's id of the unit
    unit_code   TEXT NOT NULL,
    unit_name   TEXT NOT NULL,
    linked_at   TEXT NOT NULL,
    synced_at   TEXT,                        -- last mirror taken from the office
    tried_at    TEXT,                        -- last attempt to reach it
    problem     TEXT                         -- why the last attempt failed (Vietnamese), NULL when it worked
) STRICT;

-- At a unit: what the unit did, kept until the office has answered it. `key` makes each
-- action apply once at the office however often it is sent.
CREATE TABLE IF NOT EXISTS desk_outbox (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    assignment_id INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('done', 'note', 'extension')),
    body          TEXT NOT NULL,             -- JSON: the action's fields
    base_state    TEXT NOT NULL,             -- the part's state as the unit saw it
    base_updated  TEXT NOT NULL,             -- and its updated_at
    queued_at     TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'applied', 'conflict')),
    answer        TEXT,                      -- the office's words on a conflict
    answered_at   TEXT,
    seen_at       TEXT                       -- the unit has read the conflict
) STRICT;
CREATE INDEX IF NOT EXISTS desk_outbox_state ON desk_outbox(state, id);

-- At the office: every action a unit's desk sent, by its key, with what came of it, so a
-- replay gets the same answer and changes nothing.
CREATE TABLE IF NOT EXISTS desk_action (
    key           TEXT PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES portal_account(id) ON DELETE CASCADE,
    assignment_id INTEGER,
    kind          TEXT NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome IN ('applied', 'conflict')),
    message       TEXT,
    at            TEXT NOT NULL
) STRICT;

-- At the office: when each unit's desk last reached it ("kết nối lần cuối").
CREATE TABLE IF NOT EXISTS desk_seen (
    account_id INTEGER PRIMARY KEY REFERENCES portal_account(id) ON DELETE CASCADE,
    seen_at    TEXT NOT NULL
) STRICT;

-- At the office: the sessions opened by a desk, not a browser. A desk keeps its session
-- across nights (the browser's idle limit does not apply), up to the absolute limit.
CREATE TABLE IF NOT EXISTS desk_session (
    token_hash TEXT PRIMARY KEY REFERENCES portal_session(token_hash) ON DELETE CASCADE
) STRICT;
