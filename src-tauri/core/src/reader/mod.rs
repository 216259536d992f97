//! The directive reader: turns a chairman's conclusion text ("kết luận") into proposed
//! tasks — lead units, coordinating units, deadline, recurrence, numeric target, a short
//! summary, and the span of the sentence or clause each task came from.
//!
//! It is rule-based and follows the corpus annotation rules (`shared/directives/RULES.md`):
//!
//! * **Segmentation (S1–S5).** A task is a directive clause with at least one registry
//!   addressee: the units after `Giao`, `Yêu cầu`, `Đề nghị`, or the units a clause opens
//!   with. Reports (`Đến nay, …`, `Năm 2022, …` before the meeting, `… đã …`), praise
//!   and criticism, accountability clauses (`chịu trách nhiệm trước …`), commitments of
//!   UBND huyện and requests to bodies outside the registry give no task. A clause splits
//!   where its parts differ in timing or target, and a sentence splits where it changes
//!   subject (`cấp xã …, cấp huyện …`).
//! * **Units (A1–A8).** Names, aliases and group phrases of the registry are matched on
//!   folded text (case, diacritics, `đ`, and the punctuation of abbreviations ignored).
//!   Units that are objects, places or beneficiaries are not assignees; `phối hợp với`
//!   gives coordinators; `còn lại` and `trừ …` are resolved to explicit codes.
//! * **Deadlines (D1–D13).** `trước ngày D` is D, except the 1st of a month; months,
//!   quarters, years, durations from the meeting (working days included), `ngay sau
//!   hội nghị` (+7 days); vague and event-anchored timing gives no date; recurring tasks
//!   get a recurrence code instead. A deadline never carries into another sentence.
//! * **Targets (T1–T8).** Operator words, decimal commas and leading zeros; `không để …`
//!   is `= 0` (or `<= N` with `quá N`).
//! * **Directives.** [`items`] finds the conclusion's own items ("1.", "2." …) or, in
//!   prose, its statements: the tasks of one item stay under one directive.
//!
//! Nothing here reads the clock or the store: the meeting date and the registry are
//! passed in.

mod calendar;
mod clause;
mod exclusion;
mod items;
mod levels;
mod scan;
mod subject;
mod summary;
mod target;
mod timing;
mod units;

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;

use crate::registry::RegistryFile;

pub use items::{capitalise, item_at, items, Item};

/// A task proposed by the reader, in the corpus `expected` schema plus `span`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProposedTask {
    /// Lead units: unit codes and/or `@communes`, `@departments`, `@agencies`,
    /// `@district`, `@all`.
    pub assignees: Vec<String>,
    /// Coordinating units (same forms as `assignees`).
    pub coordinators: Vec<String>,
    /// Deadline as `YYYY-MM-DD`, or `None` (vague, event-anchored or recurring).
    pub deadline: Option<String>,
    /// Recurrence code (`monthly:20`, `quarterly`, `weekly:fri`, …), see
    /// [`crate::recurrence::Rule::parse`].
    #[cfg_attr(
        feature = "ts",
        ts(
            type = "\"daily\" | \"weekly\" | `weekly:${string}` | \"monthly\" | `monthly:${number}` | \"quarterly\" | \"semiannual\" | \"yearly\" | `yearly:${string}` | null"
        )
    )]
    pub recurrence: Option<crate::recurrence::Rule>,
    /// Numeric target, if the clause sets one.
    pub target: Option<ProposedTarget>,
    /// Short Vietnamese paraphrase of the action (the clause's own words).
    pub summary: String,
    /// Character offsets (not bytes) into the input text of the sentence or clause the
    /// task came from; the end is exclusive.
    pub span: (usize, usize),
}

/// A numeric target of a proposed task.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProposedTarget {
    /// What is measured (free text taken from the clause).
    pub metric: String,
    /// `>`, `>=`, `=`, `<=` or `<`: a [`crate::model::TargetOp`] code, as the window types it.
    #[cfg_attr(feature = "ts", ts(as = "crate::model::TargetOp"))]
    pub op: String,
    /// The number (decimal comma read as a point, leading zeros dropped).
    pub value: f64,
    /// Unit of the value (`%`, `sáng kiến`, …), if written.
    pub unit: Option<String>,
    /// `each` when every assignee must reach the value, `total` for an aggregate.
    #[cfg_attr(feature = "ts", ts(as = "crate::model::TargetScope"))]
    pub scope: String,
}

/// A reader bound to one unit registry; reuse it for many texts.
pub struct Reader {
    index: units::Index,
}

impl Reader {
    /// Indexes the registry's names, aliases and group phrases.
    pub fn new(registry: &RegistryFile) -> Reader {
        Reader { index: units::Index::new(registry) }
    }

    /// Proposes the tasks of a conclusion text held at `meeting_date`.
    pub fn read(&self, text: &str, meeting_date: NaiveDate) -> Vec<ProposedTask> {
        let mut scan = scan::Scan::new(text);
        self.index.annotate(&mut scan);
        clause::extract(&scan, &self.index, meeting_date)
    }

    /// Expands unit codes and `@group`s into the set of unit codes (for comparing
    /// assignee sets the way the corpus scorer does).
    pub fn expand(&self, items: &[String]) -> BTreeSet<String> {
        self.index.expand(items)
    }
}

/// Proposes the tasks of a conclusion text held at `meeting_date`, with units from `registry`.
pub fn read(text: &str, meeting_date: NaiveDate, registry: &RegistryFile) -> Vec<ProposedTask> {
    Reader::new(registry).read(text, meeting_date)
}
