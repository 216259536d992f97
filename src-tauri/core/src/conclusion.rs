//! "Đọc kết luận": the reader proposes tasks from a conference's conclusion text; the
//! secretary reviews them; accepted rows become directives and tasks in one transaction.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::queries::{conferences, directives, units};
use crate::reader::{self, ProposedTask};
use crate::rules::task::TaskInput;
use crate::{registry, time, Ctx, Store};

mod record;

/// A proposed task with its codes resolved to the store's ids, ready for the review table.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ReviewRow {
    /// What the reader proposed (codes, dates as YYYY-MM-DD, span in characters).
    pub proposed: ProposedTask,
    /// The sentence or clause it came from, starting with a capital letter.
    pub sentence: String,
    /// The conclusion's own number of the item the task was read from ("3." → 3), when the
    /// text numbers its items.
    pub directive_number: Option<u32>,
    /// The directive the task belongs to: that item, or in prose the statement, as written.
    /// The tasks the reader splits out of one item share it.
    pub directive_text: String,
    /// Lead units named one by one.
    pub lead_unit_ids: Vec<i64>,
    /// Lead groups ("@communes" → the group "Các xã, thị trấn").
    pub lead_group_ids: Vec<i64>,
    /// Coordinating units (groups expanded: coordinators are listed one by one).
    pub coordinator_unit_ids: Vec<i64>,
}

/// Reads `text` as the conclusion of a meeting held on `meeting_date`, against the
/// store's unit registry.
pub fn propose(store: &Store, text: &str, meeting_date: NaiveDate) -> Result<Vec<ReviewRow>> {
    propose_in(store.conn(), text, meeting_date)
}

/// [`propose`] on a connection (or inside a write, to record what was proposed).
fn propose_in(conn: &Connection, text: &str, meeting_date: NaiveDate) -> Result<Vec<ReviewRow>> {
    let registry = registry::export(conn)?;
    let reader = reader::Reader::new(&registry);
    let groups = units::list_groups(conn)?;
    let all_units = units::list_units(conn)?;
    let unit_id = |code: &str| all_units.iter().find(|u| u.code == code).map(|u| u.id);
    let chars: Vec<char> = text.chars().collect();
    let rows = reader.read(text, meeting_date);
    let items = reader::items(text);
    Ok(rows
        .into_iter()
        .map(|p| {
            let (mut lead_unit_ids, mut lead_group_ids) = (Vec::new(), Vec::new());
            for a in &p.assignees {
                match a.strip_prefix('@') {
                    Some(g) => lead_group_ids.extend(groups.iter().find(|x| x.code == g).map(|x| x.id)),
                    None => lead_unit_ids.extend(unit_id(a)),
                }
            }
            let coordinator_unit_ids = reader.expand(&p.coordinators).iter().filter_map(|c| unit_id(c)).collect();
            let (start, end) = (p.span.0.min(chars.len()), p.span.1.min(chars.len()));
            let sentence = reader::capitalise(chars[start..end.max(start)].iter().collect::<String>().trim());
            let item = reader::item_at(&items, start);
            let directive_number = item.and_then(|it| it.number);
            let directive_text = item.map_or_else(|| sentence.clone(), |it| it.text.clone());
            ReviewRow { proposed: p, sentence, directive_number, directive_text, lead_unit_ids, lead_group_ids, coordinator_unit_ids }
        })
        .collect())
}

/// One row as the secretary accepted it (possibly edited).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", default)]
pub struct AcceptedRow {
    /// The directive text ([`ReviewRow::directive_text`]); rows with the same directive
    /// number and text share one directive. Empty: the row gets a directive of its own,
    /// named by the task's title.
    pub sentence: String,
    /// The conclusion's own number of the directive ([`ReviewRow::directive_number`]).
    pub directive_number: Option<u32>,
    /// Index of the review row (of [`propose`]'s list) it was accepted from; `None` for a
    /// row added by hand. [`accept_review`] records which fields the secretary changed.
    pub proposal: Option<u32>,
    /// The task as edited.
    #[serde(flatten)]
    pub task: TaskInput,
}

/// Where a directive of the accepted rows goes.
enum Slot {
    /// An existing directive with the same number and text (the conclusion read again).
    Existing(i64),
    /// A new directive at this ordinal.
    New(i64, String),
}

/// Creates the accepted rows' directives and tasks on a conference, all or nothing.
/// Returns the new task ids in order.
///
/// Directives keep the conclusion's own numbers as their ordinals, so item 3 is directive 3
/// even when items 1–2 gave no task. When that cannot be (a number already holds another
/// directive of the conference, or two directives claim one number), the rows' directives
/// follow the last one in the conclusion's order instead. Directives without a number (prose,
/// rows added by hand) come after the numbered ones.
///
/// Nothing records the review here: the window calls [`accept_review`].
pub fn accept(store: &mut Store, ctx: &Ctx, conference_id: i64, rows: &[AcceptedRow]) -> Result<Vec<i64>> {
    store.write(|tx| accept_in(tx, ctx, conference_id, rows))
}

/// [`accept`] for the window's review of `text` read against `meeting_date` (the same
/// arguments [`propose`] had): in the same transaction it records the review — the text,
/// what the reader proposed (read again, as [`propose`] reads it) and what the secretary
/// accepted, with the fields she changed (`reader_review`, see [`crate::review`]). If the
/// tasks cannot be created nothing is recorded, and a record that cannot be written
/// creates no task.
pub fn accept_review(store: &mut Store, ctx: &Ctx, conference_id: i64, text: &str, meeting_date: NaiveDate, rows: &[AcceptedRow]) -> Result<Vec<i64>> {
    store.write(|tx| {
        let ids = accept_in(tx, ctx, conference_id, rows)?;
        let proposals = propose_in(tx, text, meeting_date)?;
        record::record(tx, ctx, conference_id, text, meeting_date, &proposals, rows)?;
        Ok(ids)
    })
}

fn accept_in(tx: &Transaction, ctx: &Ctx, conference_id: i64, rows: &[AcceptedRow]) -> Result<Vec<i64>> {
    if rows.is_empty() {
        return Err(CoreError::invalid("rows", "Chưa có nhiệm vụ nào để tạo."));
    }
    conferences::get(tx, conference_id)?;
    // Group the rows: (number, text) of each directive, and each row's directive.
    // A row without a directive text shares with no other (`named_by_title`).
    let mut keys: Vec<(Option<u32>, String)> = Vec::new();
    let mut named_by_title: Vec<bool> = Vec::new();
    let mut of_row = Vec::with_capacity(rows.len());
    for row in rows {
        let key = (row.directive_number.filter(|n| *n >= 1), crate::text::clean(&row.sentence));
        if key.1.is_empty() {
            keys.push((None, crate::text::clean(&row.task.title)));
            named_by_title.push(true);
        } else if let Some(g) = keys.iter().zip(&named_by_title).position(|(k, by_title)| !by_title && *k == key) {
            of_row.push(g);
            continue;
        } else {
            keys.push(key);
            named_by_title.push(false);
        }
        of_row.push(keys.len() - 1);
    }
    let slots = place(&directives::list(tx, conference_id)?, &keys);
    let mut made: Vec<Option<i64>> = vec![None; keys.len()];
    let mut ids = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let at_row = |e: CoreError| match e {
            CoreError::Validation { field, message } => CoreError::Validation { field, message: format!("Dòng {}: {message}", i + 1) },
            other => other,
        };
        let g = of_row[i];
        let directive = match (made[g], &slots[g]) {
            (Some(id), _) => id,
            (None, Slot::Existing(id)) => *id,
            (None, Slot::New(ordinal, text)) => directives::insert_at(tx, conference_id, *ordinal, text).map_err(at_row)?,
        };
        made[g] = Some(directive);
        let input = TaskInput { directive_id: Some(directive), ..row.task.clone() };
        ids.push(crate::rules::task::create(tx, ctx, &input).map_err(at_row)?);
    }
    Ok(ids)
}

/// The slot of each directive `keys[i]`, given the conference's `existing` directives.
fn place(existing: &[directives::Directive], keys: &[(Option<u32>, String)]) -> Vec<Slot> {
    let holder = |n: u32| existing.iter().find(|d| d.ordinal == i64::from(n));
    let numbers: Vec<u32> = keys.iter().filter_map(|k| k.0).collect();
    let own_numbers =
        numbers.iter().enumerate().all(|(i, n)| !numbers[..i].contains(n)) && keys.iter().all(|(n, text)| n.and_then(holder).is_none_or(|d| d.text == *text));
    let last = existing.iter().map(|d| d.ordinal).max().unwrap_or(0);
    let mut next = if own_numbers { last.max(numbers.iter().copied().max().map_or(0, i64::from)) } else { last } + 1;
    keys.iter()
        .map(|(n, text)| match n.filter(|_| own_numbers) {
            Some(n) => match holder(n) {
                Some(d) => Slot::Existing(d.id),
                None => Slot::New(i64::from(n), text.clone()),
            },
            None => {
                next += 1;
                Slot::New(next - 1, text.clone())
            }
        })
        .collect()
}

/// The meeting date of a conference (its start, office time).
pub fn meeting_date(store: &Store, conference_id: i64) -> Result<NaiveDate> {
    let c = conferences::get(store.conn(), conference_id)?;
    Ok(time::office_date(time::from_stored(&c.starts_at)?))
}
