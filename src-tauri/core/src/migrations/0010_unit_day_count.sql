-- Version 10: the overview's per-unit counts read a tally of parts per unit and day,
-- kept by triggers, instead of every part. A status depends on the "tính đến ngày" date
-- only through a part's deadline and completion date, so parts that share the unit, the
-- kind of state and both dates always count alike: at 100k parts (a year of deadlines)
-- the tally holds about 26k rows, and it grows with the days in use, not with the parts.
--
-- Keys are never NULL ('' = no date) so that ON CONFLICT finds the row to add to.
-- kind: 'open' (not started or in progress: the status rule treats them alike), 'done',
-- 'cancelled'. deadline: the part's deadline, except that a part done on or before its
-- deadline stores its completion date there: every question the count asks of a done
-- part (done by then? on time? overdue then, because it was done later?) has the same
-- answer with either date, and the tally needs one row per completion day instead of one
-- per (completion, deadline) pair. A cancelled part keeps neither date: it only counts.
CREATE TABLE unit_day_count (
    unit_id      INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    deadline     TEXT NOT NULL,
    completed_on TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (unit_id, kind, deadline, completed_on)
) STRICT, WITHOUT ROWID;

INSERT INTO unit_day_count (unit_id, kind, deadline, completed_on, n)
SELECT unit_id,
       CASE WHEN state IN ('not_started', 'in_progress') THEN 'open' ELSE state END,
       CASE WHEN state = 'cancelled' THEN '' WHEN completed_on <= deadline THEN completed_on ELSE ifnull(deadline, '') END,
       CASE WHEN state = 'done' THEN completed_on ELSE '' END,
       count(*)
FROM assignment GROUP BY 1, 2, 3, 4;

CREATE TRIGGER assignment_count_insert AFTER INSERT ON assignment BEGIN
    INSERT INTO unit_day_count (unit_id, kind, deadline, completed_on, n) VALUES (
        NEW.unit_id,
        CASE WHEN NEW.state IN ('not_started', 'in_progress') THEN 'open' ELSE NEW.state END,
        CASE WHEN NEW.state = 'cancelled' THEN '' WHEN NEW.completed_on <= NEW.deadline THEN NEW.completed_on ELSE ifnull(NEW.deadline, '') END,
        CASE WHEN NEW.state = 'done' THEN NEW.completed_on ELSE '' END,
        1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER assignment_count_delete AFTER DELETE ON assignment BEGIN
    UPDATE unit_day_count SET n = n - 1
    WHERE unit_id = OLD.unit_id
      AND kind = CASE WHEN OLD.state IN ('not_started', 'in_progress') THEN 'open' ELSE OLD.state END
      AND deadline = CASE WHEN OLD.state = 'cancelled' THEN '' WHEN OLD.completed_on <= OLD.deadline THEN OLD.completed_on ELSE ifnull(OLD.deadline, '') END
      AND completed_on = CASE WHEN OLD.state = 'done' THEN OLD.completed_on ELSE '' END;
    DELETE FROM unit_day_count
    WHERE unit_id = OLD.unit_id
      AND kind = CASE WHEN OLD.state IN ('not_started', 'in_progress') THEN 'open' ELSE OLD.state END
      AND deadline = CASE WHEN OLD.state = 'cancelled' THEN '' WHEN OLD.completed_on <= OLD.deadline THEN OLD.completed_on ELSE ifnull(OLD.deadline, '') END
      AND completed_on = CASE WHEN OLD.state = 'done' THEN OLD.completed_on ELSE '' END
      AND n = 0;
END;

-- Only the columns the count reads; a progress note or an evidence file changes nothing.
CREATE TRIGGER assignment_count_update AFTER UPDATE OF unit_id, state, deadline, completed_on ON assignment BEGIN
    UPDATE unit_day_count SET n = n - 1
    WHERE unit_id = OLD.unit_id
      AND kind = CASE WHEN OLD.state IN ('not_started', 'in_progress') THEN 'open' ELSE OLD.state END
      AND deadline = CASE WHEN OLD.state = 'cancelled' THEN '' WHEN OLD.completed_on <= OLD.deadline THEN OLD.completed_on ELSE ifnull(OLD.deadline, '') END
      AND completed_on = CASE WHEN OLD.state = 'done' THEN OLD.completed_on ELSE '' END;
    DELETE FROM unit_day_count
    WHERE unit_id = OLD.unit_id
      AND kind = CASE WHEN OLD.state IN ('not_started', 'in_progress') THEN 'open' ELSE OLD.state END
      AND deadline = CASE WHEN OLD.state = 'cancelled' THEN '' WHEN OLD.completed_on <= OLD.deadline THEN OLD.completed_on ELSE ifnull(OLD.deadline, '') END
      AND completed_on = CASE WHEN OLD.state = 'done' THEN OLD.completed_on ELSE '' END
      AND n = 0;
    INSERT INTO unit_day_count (unit_id, kind, deadline, completed_on, n) VALUES (
        NEW.unit_id,
        CASE WHEN NEW.state IN ('not_started', 'in_progress') THEN 'open' ELSE NEW.state END,
        CASE WHEN NEW.state = 'cancelled' THEN '' WHEN NEW.completed_on <= NEW.deadline THEN NEW.completed_on ELSE ifnull(NEW.deadline, '') END,
        CASE WHEN NEW.state = 'done' THEN NEW.completed_on ELSE '' END,
        1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- The per-unit counts were the only reader of this index; other unit lookups use
-- assignment_unit_deadline. One index fewer to write on every new or changed part.
DROP INDEX assignment_status_cover;
