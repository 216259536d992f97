-- Version 4: reminders. Settings of the office, custom reminders, and the notices the app
-- produced (shown on the desktop, or kept in the in-app panel when no notification
-- service answered). reminder_log keeps one row per (assignment, kind, due instant) fired.
CREATE TABLE app_setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE custom_reminder (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER REFERENCES task(id) ON DELETE CASCADE,
    assignment_id INTEGER REFERENCES assignment(id) ON DELETE CASCADE,
    at            TEXT NOT NULL,
    note          TEXT,
    created_at    TEXT NOT NULL,
    CHECK ((task_id IS NULL) <> (assignment_id IS NULL))
) STRICT;
CREATE INDEX custom_reminder_at ON custom_reminder(at);

CREATE TABLE notice (
    id            INTEGER PRIMARY KEY,
    created_at    TEXT NOT NULL,
    kind          TEXT NOT NULL,
    summary       TEXT NOT NULL,
    body          TEXT NOT NULL,
    assignment_id INTEGER REFERENCES assignment(id) ON DELETE SET NULL,
    delivered     INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1)),
    seen_at       TEXT
) STRICT;
CREATE INDEX notice_unseen ON notice(id) WHERE delivered = 0 AND seen_at IS NULL;

CREATE INDEX reminder_log_due ON reminder_log(due_at);
