//! What the conference search reads: `conference.search_folded`, the distinct folded words
//! of the conference's own fields (title, chair, leaders, place, notice, content), of its
//! directives and of its tasks' titles and descriptions, so typing "so hoa" finds the
//! conference whose directive says "số hóa".
//!
//! Folding is Rust's (SQLite cannot map đ → d), so the writes keep the column: editing a
//! conference rebuilds it ([`reindex`]); a new directive or task only adds the words it
//! lacks ([`add_text`]), one small UPDATE, nothing when the words are known — creating a
//! task must stay under a millisecond at 100k parts. (An FTS5 document per conference was
//! measured first: rewriting it on each new task cost 0.25 ms, and the list reads every
//! conference's row for its progress anyway; matching ~1,000 rows of a few hundred words
//! in Rust is a fraction of that read.) `db::refold` rebuilds the rows left empty by
//! older versions or by an import.

use std::collections::BTreeSet;

use rusqlite::{params, Transaction};

use crate::error::Result;
use crate::text;

/// The folded words of `texts` ([`text::words`]).
fn words(texts: &[&str]) -> Vec<String> {
    texts.iter().flat_map(|t| text::words(t)).collect()
}

/// Rebuilds the search words of one conference from what is stored now: after the
/// conference itself is edited (a word may have gone), or when it has none.
pub fn reindex(tx: &Transaction, conference_id: i64) -> Result<()> {
    let texts: Vec<String> = tx
        .prepare_cached(
            "SELECT title || ' ' || coalesce(chair_name, '') || ' ' || coalesce(host_location, '') || ' ' ||
                    coalesce(notice_number, '') || ' ' || coalesce(content, '') FROM conference WHERE id = ?1
             UNION ALL SELECT name FROM attendee WHERE conference_id = ?1 AND site_id IS NULL AND role IN ('chair', 'directing')
             UNION ALL SELECT text FROM directive WHERE conference_id = ?1
             UNION ALL SELECT t.title || ' ' || coalesce(t.description, '') FROM directive d JOIN task t ON t.directive_id = d.id
                       WHERE d.conference_id = ?1",
        )?
        .query_map([conference_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let all: Vec<&str> = texts.iter().map(String::as_str).collect();
    write(tx, conference_id, &words(&all).into_iter().collect())
}

/// Writes the words in sorted order: however they were gathered (rebuilt, or added one
/// task at a time), the same words give the same text, so an export reads the same after
/// an import rebuilt them.
fn write(tx: &Transaction, conference_id: i64, words: &BTreeSet<String>) -> Result<()> {
    let doc = words.iter().map(String::as_str).collect::<Vec<_>>().join(" ");
    tx.prepare_cached("UPDATE conference SET search_folded = ?2 WHERE id = ?1")?.execute(params![conference_id, doc])?;
    Ok(())
}

/// Adds to a conference's search words those of new texts (a directive, a task's title
/// and description) it does not hold yet; writes nothing when it holds them all.
pub fn add_text(tx: &Transaction, conference_id: i64, texts: &[&str]) -> Result<()> {
    let doc: String = tx.prepare_cached("SELECT search_folded FROM conference WHERE id = ?1")?.query_row([conference_id], |r| r.get(0))?;
    let mut all: BTreeSet<String> = doc.split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
    let before = all.len();
    all.extend(words(texts));
    if all.len() == before {
        return Ok(());
    }
    write(tx, conference_id, &all)
}

/// [`add_text`] for the conference a directive belongs to (a task's write knows only its
/// directive). A standalone task has none: nothing to do.
pub fn add_for_directive(tx: &Transaction, directive_id: i64, texts: &[&str]) -> Result<()> {
    let conference: Option<i64> =
        tx.prepare_cached("SELECT conference_id FROM directive WHERE id = ?1")?.query_map([directive_id], |r| r.get(0))?.next().transpose()?;
    match conference {
        Some(id) => add_text(tx, id, texts),
        None => Ok(()),
    }
}

/// Rebuilds every conference whose search words are empty: all of them once after the
/// upgrade to schema 12 (which empties them), those of an import, those the benchmark
/// generator wrote. Returns how many. One indexed pass when none is missing.
pub fn reindex_missing(tx: &Transaction) -> Result<usize> {
    let missing: Vec<i64> = tx.prepare("SELECT id FROM conference WHERE search_folded = ''")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    for id in &missing {
        reindex(tx, *id)?;
    }
    Ok(missing.len())
}

/// A matcher for what the user typed: every typed word must start a word of the
/// conference's search words, in any order ("cai cach dat dai" needs all four); `None`
/// when nothing searchable was typed.
pub struct Query(Vec<String>);

impl Query {
    /// Reads what the user typed.
    pub fn new(input: Option<&str>) -> Option<Query> {
        let ws: Vec<String> = words(&[input.unwrap_or("")]).into_iter().map(|w| format!(" {w}")).collect();
        (!ws.is_empty()).then_some(Query(ws))
    }

    /// Whether a conference's search words match: each typed word (kept with a space
    /// before it) starts the first word or follows a space.
    pub fn matches(&self, search_folded: &str) -> bool {
        self.0.iter().all(|w| search_folded.starts_with(&w[1..]) || search_folded.contains(w.as_str()))
    }
}
