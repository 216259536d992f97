-- Version 2: diacritic-folded search text and the people directory's folded names.
-- The folded text is computed in Rust (SQLite cannot fold đ → d); rows written before this
-- version are filled in at open time by `db::refold`.
ALTER TABLE conference ADD COLUMN search_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
CREATE INDEX person_name_folded ON person(name_folded);
CREATE INDEX attendee_site ON attendee(site_id);
