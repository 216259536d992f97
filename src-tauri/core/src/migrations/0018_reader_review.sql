-- Version 18: learning from the secretary (issue 20). One row per review of the directive
-- reader's proposals that the secretary accepted in "Đọc kết luận": the text she pasted
-- (NFC), the meeting date it was read against, what the reader proposed and what she
-- accepted after editing, both as JSON lists of tasks in the corpus schema of
-- shared/directives (assignees as codes and @groups, coordinators, deadline, recurrence,
-- target, summary), so `dondoc-cli directives corrections` can write them out as test
-- cases. Written in the transaction that creates the accepted tasks. IF NOT EXISTS, as in
-- version 13.
CREATE TABLE IF NOT EXISTS reader_review (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    meeting_date  TEXT NOT NULL,               -- YYYY-MM-DD
    text          TEXT NOT NULL,
    proposed      TEXT NOT NULL,               -- JSON list: the reader's tasks
    accepted      TEXT NOT NULL,               -- JSON list: the tasks created, in order
    edits         TEXT NOT NULL,               -- JSON list, one per accepted task: {"proposal": index or null, "changed": [field, …]}
    actor         TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS reader_review_conference ON reader_review(conference_id, id);
