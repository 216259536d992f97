-- Version 19: the administrative-reform index (chỉ số CCHC, issue 21). Points are stored
-- as integer milli-points (64,24 → 64240) and percentages as milli-percent (78,92 → 78920),
-- so sums and truncations of the published figures are exact. IF NOT EXISTS, as in version 13.

-- A year's framework at one level: its maxima, bands and display rule.
CREATE TABLE IF NOT EXISTS par_framework (
    id            INTEGER PRIMARY KEY,
    year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    level         TEXT NOT NULL CHECK (level IN ('district', 'commune', 'department')),
    name          TEXT NOT NULL,
    appraisal_max INTEGER NOT NULL CHECK (appraisal_max > 0),   -- milli-points
    survey_max    INTEGER CHECK (survey_max > 0),               -- milli-points; NULL: no survey
    bands         TEXT NOT NULL,                                -- JSON list: [{"name","minPercent"}], highest first
    display       TEXT NOT NULL,                                -- JSON: {"indexDecimals","fieldDecimals","truncate"}
    updated_at    TEXT NOT NULL,
    UNIQUE (year, level)
) STRICT;

-- Its fields (lĩnh vực), in order. `key` is stable across years: years are compared and
-- tasks tagged by it.
CREATE TABLE IF NOT EXISTS par_field (
    framework_id INTEGER NOT NULL REFERENCES par_framework(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    key          TEXT NOT NULL,
    name         TEXT NOT NULL,
    max          INTEGER CHECK (max > 0),                       -- milli-points; NULL: not published
    criteria     TEXT NOT NULL DEFAULT '[]',                    -- JSON list: [{"key","name","max"}], max in points
    PRIMARY KEY (framework_id, key)
) STRICT;

-- One unit's score for a framework's year and level.
CREATE TABLE IF NOT EXISTS par_score (
    id               INTEGER PRIMARY KEY,
    framework_id     INTEGER NOT NULL REFERENCES par_framework(id) ON DELETE CASCADE,
    unit_id          INTEGER NOT NULL REFERENCES unit(id),
    self_points      INTEGER,                                   -- milli-points
    appraisal_points INTEGER,
    survey_points    INTEGER,
    entered_index    INTEGER,                                   -- milli-percent, as published
    entered_rank     INTEGER CHECK (entered_rank >= 1),
    rank_of          INTEGER CHECK (rank_of >= 1),
    note             TEXT,
    source           TEXT NOT NULL CHECK (source IN ('import', 'demo', 'manual')),
    created_at       TEXT NOT NULL,
    UNIQUE (framework_id, unit_id)
) STRICT;
CREATE INDEX IF NOT EXISTS par_score_unit ON par_score(unit_id);

-- Its fields: points and/or the published percentage.
CREATE TABLE IF NOT EXISTS par_score_field (
    score_id INTEGER NOT NULL REFERENCES par_score(id) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    points   INTEGER,                                           -- milli-points
    percent  INTEGER,                                           -- milli-percent, as published
    PRIMARY KEY (score_id, key),
    CHECK (points IS NOT NULL OR percent IS NOT NULL)
) STRICT;

-- A level's published average, when the text gives it and not every unit's score.
CREATE TABLE IF NOT EXISTS par_average (
    framework_id INTEGER PRIMARY KEY REFERENCES par_framework(id) ON DELETE CASCADE,
    points       INTEGER,                                       -- milli-points
    index_value  INTEGER,                                       -- milli-percent
    delta        INTEGER,                                       -- milli-percentage-points
    fields       TEXT NOT NULL DEFAULT '[]',                    -- JSON list: [{"key","points","percent"}] in milli
    units        INTEGER,
    note         TEXT
) STRICT;

-- Field tags: a task (its `year`, when known, is the score year it follows up), and a
-- directive, whose tasks inherit its tags.
CREATE TABLE IF NOT EXISTS task_par_field (
    task_id   INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    field_key TEXT NOT NULL,
    year      INTEGER,
    PRIMARY KEY (task_id, field_key)
) STRICT;
CREATE INDEX IF NOT EXISTS task_par_field_key ON task_par_field(field_key);

CREATE TABLE IF NOT EXISTS directive_par_field (
    directive_id INTEGER NOT NULL REFERENCES directive(id) ON DELETE CASCADE,
    field_key    TEXT NOT NULL,
    PRIMARY KEY (directive_id, field_key)
) STRICT;
