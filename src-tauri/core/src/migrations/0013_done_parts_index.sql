-- Version 13: the done parts of a task, with what the target check reads. The overview's
-- and a unit's counts move the done parts of tasks with a per-unit target that missed it
-- to "không đạt chỉ tiêu" (`stats::target_missed_by`): from the few tasks with a target,
-- every done part, its dates, its reported value and its unit. With this index that pass
-- reads no table row (at 100k, thousands of scattered rows before). Only done parts are in
-- it, so only ticking a part off, or taking a tick back, writes to it. Adds an index only:
-- no row of the store changes.
CREATE INDEX IF NOT EXISTS assignment_done_value ON assignment(task_id, state, completed_on, deadline, reported_value, unit_id) WHERE state = 'done';
