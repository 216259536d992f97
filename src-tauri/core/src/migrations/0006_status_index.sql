-- Version 6: a covering index for the per-unit status counts of the overview, so they are
-- read from the index alone, in unit order, without touching the table rows.
CREATE INDEX assignment_status_cover ON assignment(unit_id, state, deadline, completed_on);
-- A unit's list in deadline order (its overdue parts, first 50) is read from this index
-- and stops after the first rows instead of sorting all of the unit's parts.
CREATE INDEX assignment_unit_deadline ON assignment(unit_id, deadline);
