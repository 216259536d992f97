-- Version 12 (conference log): the district's own People's Committee as a unit, and a
-- conference search that also reads directives and tasks. Depends on nothing after 0010.
--
-- 1. A unit of kind 'district' ("UBND huyện"): attendees pasted as "… – UBND huyện" are
-- recognised and seated at the main hall. Its row is written by Rust at open time
-- (`registry::ensure_district`), which knows the district's name; here the kind's CHECK only
-- learns the new value. SQLite cannot alter a CHECK, and rebuilding `unit` is impossible
-- in a migration (the transaction keeps foreign keys on, and a dozen tables point to it),
-- so this is SQLite's documented way to loosen a constraint: edit the table's stored SQL.
-- No stored row can violate the wider list; the file format is unchanged. Editing
-- sqlite_schema does not bump the schema cookie by itself; 0011, which ships with this
-- version and runs in the same upgrade transaction, creates indexes, which do, so every
-- other connection reloads the schema after the upgrade commits.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''agency'', ''external''))', '''agency'', ''external'', ''district''))')
 WHERE type = 'table' AND name = 'unit';
PRAGMA writable_schema = RESET;

-- 2. The conference search also reads directives and tasks: `conference.search_folded` now
-- holds the distinct folded words of the conference, its directives and its tasks' titles
-- and descriptions (`queries::conference_search`). Emptied here so that `db::refold`
-- rebuilds every row in Rust at the next open (SQLite cannot fold đ → d).
UPDATE conference SET search_folded = '';
