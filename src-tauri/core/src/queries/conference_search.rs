//! The conference search index: one folded document per conference in the FTS5 table
//! `conference_search` (migration 12), rowid = conference id. It holds the conference's own
//! fields (`conference.search_folded`: title, chair, leaders, place, notice, content), the
//! text of its directives and the titles and descriptions of its tasks, so typing "so hoa"
//! finds the conference whose directive says "số hóa".
//!
//! Folding is Rust's (SQLite cannot map đ → d), so every write that changes one of those
//! texts calls [`reindex`] in its own transaction; [`reindex_missing`] fills the rows of
//! stores written before the index existed, or imported.

use rusqlite::{params, Transaction};

use crate::error::Result;
use crate::queries::tasks;
use crate::text;

/// Rebuilds the search document of one conference from what is stored now. Called after a
/// conference, a directive or a task of it is written: rebuilding (rather than appending)
/// keeps the document exact whatever changed, and a conference holds a few dozen texts.
pub fn reindex(tx: &Transaction, conference_id: i64) -> Result<()> {
    let found = tx
        .prepare_cached(
            "SELECT c.search_folded,
                    coalesce((SELECT group_concat(d.text, char(10)) FROM directive d WHERE d.conference_id = c.id), ''),
                    coalesce((SELECT group_concat(t.title || char(10) || coalesce(t.description, ''), char(10))
                              FROM directive d JOIN task t ON t.directive_id = d.id WHERE d.conference_id = c.id), '')
             FROM conference c WHERE c.id = ?1",
        )?
        .query_map([conference_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .next()
        .transpose()?;
    tx.prepare_cached("DELETE FROM conference_search WHERE rowid = ?1")?.execute([conference_id])?;
    if let Some((own, directives, tasks)) = found {
        let doc = format!("{own} {} {}", text::fold(&directives), text::fold(&tasks));
        tx.prepare_cached("INSERT INTO conference_search (rowid, folded) VALUES (?1, ?2)")?.execute(params![conference_id, doc])?;
    }
    Ok(())
}

/// [`reindex`] for the conference a directive belongs to (a task's write knows only its
/// directive). A standalone task has none: nothing to do.
pub fn reindex_for_directive(tx: &Transaction, directive_id: i64) -> Result<()> {
    let conference: Option<i64> =
        tx.prepare_cached("SELECT conference_id FROM directive WHERE id = ?1")?.query_map([directive_id], |r| r.get(0))?.next().transpose()?;
    match conference {
        Some(id) => reindex(tx, id),
        None => Ok(()),
    }
}

/// Indexes every conference that has no search document yet: all of them once after the
/// upgrade to schema 12, those of an import, those the benchmark generator wrote. Returns
/// how many. Cheap when none is missing (one pass over conference ids).
pub fn reindex_missing(tx: &Transaction) -> Result<usize> {
    let missing: Vec<i64> = tx
        .prepare("SELECT id FROM conference c WHERE NOT EXISTS (SELECT 1 FROM conference_search s WHERE s.rowid = c.id)")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &missing {
        reindex(tx, *id)?;
    }
    Ok(missing.len())
}

/// The FTS5 query for what the user typed: every word must start a word of the document,
/// in any of its texts ("cai cach dat dai" needs all four). `None` when nothing searchable
/// was typed. Only letters and digits reach FTS5 (see [`tasks::fts_query`]).
pub fn query(input: Option<&str>) -> Option<String> {
    input.and_then(tasks::fts_query)
}
