-- Version 14: every conference's progress (the overview ranks all of them to show ten,
-- the conference list shows all) reads a tally of parts per conference and day, kept by
-- triggers, instead of walking every part through its task and directive. The keys are
-- those of unit_day_count (version 10; the reasons are written there), with the
-- conference instead of the unit: at 100k parts about 37k rows.
--
-- A part finds its conference through its task and directive. A task and a directive
-- never change hands in Đôn đốc, but the triggers below keep the tally right if they do,
-- and when a task is deleted: its BEFORE DELETE trigger takes its parts out while it can
-- still name their conference (during the cascade that follows, the task row is gone, so
-- the part's own trigger finds no conference and does nothing). Tasks without a
-- directive (from another source) belong to no conference.
CREATE TABLE conference_day_count (
    conference_id INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    deadline      TEXT NOT NULL,
    completed_on  TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (conference_id, kind, deadline, completed_on)
) STRICT, WITHOUT ROWID;

-- A part's key in the tally, as it is now: for the grouped statements and for a part just
-- inserted or updated (a deleted or replaced row's old key is computed from OLD below).
CREATE VIEW assignment_day_key AS
SELECT id, task_id, unit_id,
       CASE WHEN state IN ('not_started', 'in_progress') THEN 'open' ELSE state END AS kind,
       CASE WHEN state = 'cancelled' THEN '' WHEN completed_on <= deadline THEN completed_on ELSE ifnull(deadline, '') END AS deadline,
       CASE WHEN state = 'done' THEN completed_on ELSE '' END AS completed_on
FROM assignment;

INSERT INTO conference_day_count (conference_id, kind, deadline, completed_on, n)
SELECT d.conference_id, k.kind, k.deadline, k.completed_on, count(*)
FROM assignment_day_key k JOIN task t ON t.id = k.task_id JOIN directive d ON d.id = t.directive_id
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER assignment_conference_count_insert AFTER INSERT ON assignment BEGIN
    INSERT INTO conference_day_count (conference_id, kind, deadline, completed_on, n)
    SELECT d.conference_id, k.kind, k.deadline, k.completed_on, 1
    FROM assignment_day_key k JOIN task t ON t.id = k.task_id JOIN directive d ON d.id = t.directive_id WHERE k.id = NEW.id
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER assignment_conference_count_delete AFTER DELETE ON assignment BEGIN
    UPDATE conference_day_count SET n = n - 1
    WHERE conference_id = (SELECT d.conference_id FROM task t JOIN directive d ON d.id = t.directive_id WHERE t.id = OLD.task_id)
      AND kind = CASE WHEN OLD.state IN ('not_started', 'in_progress') THEN 'open' ELSE OLD.state END
      AND deadline = CASE WHEN OLD.state = 'cancelled' THEN '' WHEN OLD.completed_on <= OLD.deadline THEN OLD.completed_on ELSE ifnull(OLD.deadline, '') END
      AND completed_on = CASE WHEN OLD.state = 'done' THEN OLD.completed_on ELSE '' END;
    DELETE FROM conference_day_count
    WHERE conference_id = (SELECT d.conference_id FROM task t JOIN directive d ON d.id = t.directive_id WHERE t.id = OLD.task_id) AND n = 0;
END;

-- Only the columns the count reads; a progress note or an evidence file changes nothing.
CREATE TRIGGER assignment_conference_count_update AFTER UPDATE OF task_id, state, deadline, completed_on ON assignment BEGIN
    UPDATE conference_day_count SET n = n - 1
    WHERE conference_id = (SELECT d.conference_id FROM task t JOIN directive d ON d.id = t.directive_id WHERE t.id = OLD.task_id)
      AND kind = CASE WHEN OLD.state IN ('not_started', 'in_progress') THEN 'open' ELSE OLD.state END
      AND deadline = CASE WHEN OLD.state = 'cancelled' THEN '' WHEN OLD.completed_on <= OLD.deadline THEN OLD.completed_on ELSE ifnull(OLD.deadline, '') END
      AND completed_on = CASE WHEN OLD.state = 'done' THEN OLD.completed_on ELSE '' END;
    DELETE FROM conference_day_count
    WHERE conference_id = (SELECT d.conference_id FROM task t JOIN directive d ON d.id = t.directive_id WHERE t.id = OLD.task_id) AND n = 0;
    INSERT INTO conference_day_count (conference_id, kind, deadline, completed_on, n)
    SELECT d.conference_id, k.kind, k.deadline, k.completed_on, 1
    FROM assignment_day_key k JOIN task t ON t.id = k.task_id JOIN directive d ON d.id = t.directive_id WHERE k.id = NEW.id
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- A task leaving (deleted, or moved to another directive) takes its parts out of its
-- conference's rows; a task arriving brings them in.
CREATE TRIGGER task_conference_count_delete BEFORE DELETE ON task BEGIN
    UPDATE conference_day_count SET n = conference_day_count.n - g.n
    FROM (SELECT kind, deadline, completed_on, count(*) AS n FROM assignment_day_key WHERE task_id = OLD.id GROUP BY 1, 2, 3) AS g
    WHERE conference_day_count.conference_id = (SELECT conference_id FROM directive WHERE id = OLD.directive_id)
      AND conference_day_count.kind = g.kind AND conference_day_count.deadline = g.deadline AND conference_day_count.completed_on = g.completed_on;
    DELETE FROM conference_day_count WHERE conference_id = (SELECT conference_id FROM directive WHERE id = OLD.directive_id) AND n = 0;
END;

CREATE TRIGGER task_conference_count_move AFTER UPDATE OF directive_id ON task WHEN OLD.directive_id IS NOT NEW.directive_id BEGIN
    UPDATE conference_day_count SET n = conference_day_count.n - g.n
    FROM (SELECT kind, deadline, completed_on, count(*) AS n FROM assignment_day_key WHERE task_id = OLD.id GROUP BY 1, 2, 3) AS g
    WHERE conference_day_count.conference_id = (SELECT conference_id FROM directive WHERE id = OLD.directive_id)
      AND conference_day_count.kind = g.kind AND conference_day_count.deadline = g.deadline AND conference_day_count.completed_on = g.completed_on;
    DELETE FROM conference_day_count WHERE conference_id = (SELECT conference_id FROM directive WHERE id = OLD.directive_id) AND n = 0;
    INSERT INTO conference_day_count (conference_id, kind, deadline, completed_on, n)
    SELECT (SELECT conference_id FROM directive WHERE id = NEW.directive_id) AS conference_id, kind, deadline, completed_on, count(*)
    FROM assignment_day_key WHERE task_id = NEW.id AND NEW.directive_id IS NOT NULL GROUP BY 2, 3, 4
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- A directive moved to another conference takes all its tasks' parts along. (A directive
-- with tasks cannot be deleted: task.directive_id has no ON DELETE action, so neither can
-- a conference with tasks.)
CREATE TRIGGER directive_conference_count_move AFTER UPDATE OF conference_id ON directive WHEN OLD.conference_id IS NOT NEW.conference_id BEGIN
    UPDATE conference_day_count SET n = conference_day_count.n - g.n
    FROM (SELECT k.kind, k.deadline, k.completed_on, count(*) AS n
          FROM task t JOIN assignment_day_key k ON k.task_id = t.id WHERE t.directive_id = OLD.id GROUP BY 1, 2, 3) AS g
    WHERE conference_day_count.conference_id = OLD.conference_id
      AND conference_day_count.kind = g.kind AND conference_day_count.deadline = g.deadline AND conference_day_count.completed_on = g.completed_on;
    DELETE FROM conference_day_count WHERE conference_id = OLD.conference_id AND n = 0;
    INSERT INTO conference_day_count (conference_id, kind, deadline, completed_on, n)
    SELECT NEW.conference_id, k.kind, k.deadline, k.completed_on, count(*)
    FROM task t JOIN assignment_day_key k ON k.task_id = t.id WHERE t.directive_id = NEW.id GROUP BY 2, 3, 4
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
