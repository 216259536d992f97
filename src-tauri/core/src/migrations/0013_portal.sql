-- The unit portal (issue 17): accounts, sessions and the units' extension requests.
-- Rows cascade with their unit, account or part, so a whole-store import with --replace
-- (which deletes the exported tables) never trips over them. IF NOT EXISTS: a test that
-- rolls a store back to an older version by hand (PRAGMA user_version) leaves them in place.

CREATE TABLE IF NOT EXISTS portal_account (
    id            INTEGER PRIMARY KEY,
    user_name     TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('unit', 'office', 'leader')),
    unit_id       INTEGER REFERENCES unit(id) ON DELETE CASCADE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,                 -- argon2id, PHC string
    enabled       INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    must_change   INTEGER NOT NULL DEFAULT 1 CHECK (must_change IN (0, 1)),
    failed_count  INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,                          -- UTC stamp; NULL when not locked
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK ((role = 'unit') = (unit_id IS NOT NULL))
) STRICT;

CREATE UNIQUE INDEX IF NOT EXISTS portal_account_unit ON portal_account(unit_id) WHERE unit_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS portal_session (
    token_hash TEXT PRIMARY KEY,                 -- hex SHA-256 of the cookie's token
    account_id INTEGER NOT NULL REFERENCES portal_account(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL
) STRICT;

CREATE INDEX IF NOT EXISTS portal_session_account ON portal_session(account_id);

CREATE TABLE IF NOT EXISTS extension_request (
    id              INTEGER PRIMARY KEY,
    assignment_id   INTEGER NOT NULL REFERENCES assignment(id) ON DELETE CASCADE,
    requested_until TEXT NOT NULL,               -- YYYY-MM-DD
    reason          TEXT NOT NULL,
    requested_by    TEXT NOT NULL,
    requested_at    TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'refused')),
    decided_by      TEXT,
    decided_at      TEXT,
    decision_note   TEXT
) STRICT;

CREATE INDEX IF NOT EXISTS extension_request_part ON extension_request(assignment_id, state);
CREATE INDEX IF NOT EXISTS extension_request_state ON extension_request(state, id);
