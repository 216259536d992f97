-- Version 3: recurring tasks. A recurring task has no deadline of its own; each period's
-- assignment carries the period's due date. The rule's first period is counted from
-- recurrence_start; stopping keeps the periods already created.
ALTER TABLE task ADD COLUMN recurrence_start TEXT;
ALTER TABLE task ADD COLUMN recurrence_stopped_on TEXT;
CREATE INDEX task_recurring ON task(id) WHERE recurrence IS NOT NULL;
