-- Progress per task and per conference reads each task's parts through this covering index:
-- in task order and without touching the table, so the overview's per-conference progress
-- is one pass over directive → task → index range instead of a join sorted by conference.
CREATE INDEX assignment_task_status ON assignment(task_id, state, deadline, completed_on);
-- (unit_id, state, deadline) is a prefix of assignment_status_cover: same lookups, one
-- index fewer to write on every new part.
DROP INDEX assignment_unit;
-- The few tasks with a numeric target, for the target-missed correction of the counts.
CREATE INDEX task_with_target ON task(id) WHERE target_op IS NOT NULL;
