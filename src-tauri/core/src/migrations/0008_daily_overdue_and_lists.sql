-- Version 8.
-- Overdue reminders are recorded once per working day for every part overdue then, not
-- once per part: a store with thousands of long-overdue parts wrote that many rows to
-- reminder_log every morning. `parts` is how many the day's reminder named.
CREATE TABLE reminder_day_log (
    kind     TEXT NOT NULL,
    due_at   TEXT NOT NULL,
    parts    INTEGER NOT NULL,
    fired_at TEXT NOT NULL,
    PRIMARY KEY (kind, due_at)
) STRICT;
-- Done parts by completion date: "overdue as of a past date" includes work done after it,
-- and this finds those few without reading every part.
CREATE INDEX assignment_completed ON assignment(completed_on, deadline) WHERE completed_on IS NOT NULL;
-- Starred tasks, for the overview's starred list.
CREATE INDEX task_starred ON task(id) WHERE starred = 1;
