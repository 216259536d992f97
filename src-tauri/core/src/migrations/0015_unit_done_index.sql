-- Version 15: a unit's done parts, newest completion first, in pages (the portal's "Đã
-- xong" group, issue 17). Without it SQLite read all of a unit's parts through
-- assignment_unit_deadline and sorted the done ones for each page: ~10–40 ms for a
-- commune with 4,900 parts at 100k; with it, a page walks the index from the as-of date
-- down and stops after its lines (~1 ms).
CREATE INDEX assignment_unit_done ON assignment(unit_id, state, completed_on);
