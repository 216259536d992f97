-- Version 11: when a task was given (ngày giao) and from which day each part exists.
-- A conference entered weeks late must count as of the day its chairman gave the tasks,
-- and an overview as of a past date must count only what existed then.
-- given_on: 'YYYY-MM-DD', the date the task was given (the conference's date by default).
-- opens_on: 'YYYY-MM-DD', the first day the part exists: its task's given_on, or for a
-- recurring task's later periods the day the period begins. Never after the part's
-- deadline nor after its completion date (the rules keep it so; see `opening.rs`).
-- Rows written before this version are filled by the migration's Rust step, which needs
-- the recurrence rules to find when each period begins.
ALTER TABLE task ADD COLUMN given_on TEXT;
ALTER TABLE assignment ADD COLUMN opens_on TEXT NOT NULL DEFAULT '';
-- As of a past date, the parts that did not exist yet are taken back out of the per-unit
-- counts; this index finds them (few, for a recent date) and covers what the counts need.
CREATE INDEX assignment_open_after ON assignment(opens_on, unit_id, state, deadline);
-- Conference progress reads every part through this covering index (version 7): it now
-- carries the opening day too, so the same pass leaves out what did not exist yet.
DROP INDEX assignment_task_status;
CREATE INDEX assignment_task_status ON assignment(task_id, state, deadline, completed_on, opens_on);
-- The tasks a unit coordinates (its page, the overview's "Phối hợp"): few rows of
-- task_unit, found without reading the lead rows.
CREATE INDEX task_unit_coordinator ON task_unit(unit_id, task_id) WHERE role = 'coordinator';
