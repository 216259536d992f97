-- Version 12 (conference log): the district's own People's Committee as a unit, and a
-- conference search that also reads directives and tasks. Depends on nothing after 0010.
--
-- 1. A unit of kind 'district' ("UBND huyện"): attendees pasted as "… – UBND huyện" are
-- recognised and seated at the main hall. Its row is written by Rust at open time
-- (`registry::ensure_district`), which knows the district's name; here the kind's CHECK only
-- learns the new value. SQLite cannot alter a CHECK, and rebuilding `unit` is impossible
-- in a migration (the transaction keeps foreign keys on, and a dozen tables point to it),
-- so this is SQLite's documented way to loosen a constraint: edit the table's stored SQL.
-- No stored row can violate the wider list; the file format is unchanged.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''agency'', ''external''))', '''agency'', ''external'', ''district''))')
 WHERE type = 'table' AND name = 'unit';
PRAGMA writable_schema = RESET;

-- 2. One folded document per conference (rowid = conference id): its own fields, the text
-- of its directives, the titles and descriptions of its tasks. Written by Rust on every
-- change (`conferences::reindex`), rebuilt for rows written before by `db::refold`. The
-- list then finds "so hoa" in a directive from an index instead of reading every text.
-- Creating it also bumps the schema cookie, so other open connections reload the schema.
CREATE VIRTUAL TABLE conference_search USING fts5(folded, tokenize = 'unicode61', prefix = '1 2 3');
