-- Đôn đốc schema, version 1: the whole domain model.
-- Append-only: later changes come as new files; never edit this one after it has shipped.
-- Dates (deadlines, completion dates) are 'YYYY-MM-DD' in Asia/Ho_Chi_Minh;
-- instants are UTC 'YYYY-MM-DDTHH:MM:SSZ'.

CREATE TABLE registry_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE unit (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    short_name TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('town', 'commune', 'department', 'agency', 'external')),
    aliases    TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
    note       TEXT,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    position   INTEGER NOT NULL             -- registry order: the town, communes, departments...
) STRICT;

CREATE TABLE unit_group (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    aliases  TEXT NOT NULL DEFAULT '[]',
    note     TEXT,
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE unit_group_member (
    group_id INTEGER NOT NULL REFERENCES unit_group(id) ON DELETE CASCADE,
    unit_id  INTEGER NOT NULL REFERENCES unit(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (group_id, unit_id)
) STRICT;

CREATE TABLE person (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    position   TEXT,
    unit_id    INTEGER REFERENCES unit(id),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE conference (
    id                INTEGER PRIMARY KEY,
    title             TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('tong_ket', 'so_ket', 'giao_ban', 'chuyen_de', 'other')),
    starts_at         TEXT NOT NULL,
    ends_at           TEXT,
    format            TEXT NOT NULL CHECK (format IN ('in_person', 'online', 'hybrid')),
    host_location     TEXT,
    chair_person_id   INTEGER REFERENCES person(id),
    chair_name        TEXT,
    content           TEXT,
    notice_number     TEXT,
    notice_date       TEXT,
    status            TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'concluded')),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (ends_at IS NULL OR ends_at >= starts_at)
) STRICT;
CREATE INDEX conference_starts ON conference(starts_at);

CREATE TABLE conference_site (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    unit_id       INTEGER NOT NULL REFERENCES unit(id),
    connection    TEXT NOT NULL DEFAULT 'connected' CHECK (connection IN ('connected', 'not_connected', 'partial')),
    site_lead     TEXT,
    headcount     INTEGER CHECK (headcount IS NULL OR headcount >= 0),
    note          TEXT,
    position      INTEGER NOT NULL,
    UNIQUE (conference_id, unit_id)
) STRICT;

CREATE TABLE attendee (
    id             INTEGER PRIMARY KEY,
    conference_id  INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    person_id      INTEGER REFERENCES person(id),
    name           TEXT NOT NULL,
    position       TEXT,
    unit_id        INTEGER REFERENCES unit(id),
    site_id        INTEGER REFERENCES conference_site(id) ON DELETE SET NULL,
    role           TEXT NOT NULL DEFAULT 'delegate' CHECK (role IN ('chair', 'directing', 'reporter', 'secretary', 'delegate')),
    present        INTEGER NOT NULL DEFAULT 1 CHECK (present IN (0, 1)),
    absence_reason TEXT
) STRICT;
CREATE INDEX attendee_conference ON attendee(conference_id);

-- Figures reported at a conference (label, value, unit), e.g. "Chỉ số CCHC huyện" 85.65 "%".
CREATE TABLE conference_figure (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    label         TEXT NOT NULL,
    value         REAL NOT NULL,
    unit          TEXT
) STRICT;

CREATE TABLE directive (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    ordinal       INTEGER NOT NULL CHECK (ordinal >= 1),
    text          TEXT NOT NULL,
    UNIQUE (conference_id, ordinal)
) STRICT;

CREATE TABLE task (
    id            INTEGER PRIMARY KEY,
    directive_id  INTEGER REFERENCES directive(id),
    source_ref    TEXT,                    -- document reference for a standalone task
    title         TEXT NOT NULL,
    description   TEXT,
    deadline      TEXT,                    -- 'YYYY-MM-DD' or NULL (no deadline)
    recurrence    TEXT,                    -- JSON rule or NULL
    target_metric TEXT,
    target_op     TEXT CHECK (target_op IN ('>', '>=', '=', '<=', '<')),
    target_value  REAL,
    target_unit   TEXT,
    target_scope  TEXT CHECK (target_scope IN ('each', 'total')),
    starred       INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (directive_id IS NOT NULL OR source_ref IS NOT NULL),
    CHECK ((target_op IS NULL) = (target_value IS NULL))
) STRICT;
CREATE INDEX task_directive ON task(directive_id);

CREATE TABLE task_unit (
    task_id      INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    unit_id      INTEGER NOT NULL REFERENCES unit(id),
    role         TEXT NOT NULL CHECK (role IN ('lead', 'coordinator')),
    via_group_id INTEGER REFERENCES unit_group(id),
    PRIMARY KEY (task_id, unit_id)
) STRICT;

CREATE TABLE assignment (
    id             INTEGER PRIMARY KEY,
    task_id        INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    unit_id        INTEGER NOT NULL REFERENCES unit(id),
    period         TEXT NOT NULL DEFAULT '',  -- recurrence period key; '' for a one-off task
    deadline       TEXT,                      -- this part's deadline (task deadline, or the period's)
    state          TEXT NOT NULL DEFAULT 'not_started' CHECK (state IN ('not_started', 'in_progress', 'done', 'cancelled')),
    progress_note  TEXT,
    completed_on   TEXT,
    reported_value REAL,
    state_reason   TEXT,                      -- why it was returned or cancelled
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (task_id, unit_id, period),
    CHECK ((state = 'done') = (completed_on IS NOT NULL))
) STRICT;
CREATE INDEX assignment_unit ON assignment(unit_id, state, deadline);
CREATE INDEX assignment_open_deadline ON assignment(deadline) WHERE state IN ('not_started', 'in_progress');

CREATE TABLE evidence (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES assignment(id) ON DELETE CASCADE,
    file_name     TEXT NOT NULL,   -- the name the user chose, for display
    stored_path   TEXT NOT NULL,   -- relative to the app's evidence folder
    added_at      TEXT NOT NULL
) STRICT;

-- Gia hạn: an extension keeps the original deadline, the new one, the reason and who decided.
CREATE TABLE deadline_extension (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    assignment_id INTEGER REFERENCES assignment(id) ON DELETE CASCADE,
    old_deadline  TEXT,
    new_deadline  TEXT NOT NULL,
    reason        TEXT NOT NULL,
    decided_by    TEXT NOT NULL,
    at            TEXT NOT NULL
) STRICT;

CREATE TABLE reminder_log (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES assignment(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    due_at        TEXT NOT NULL,
    fired_at      TEXT,
    UNIQUE (assignment_id, kind, due_at)
) STRICT;

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    field     TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_entity ON audit(entity, entity_id);
