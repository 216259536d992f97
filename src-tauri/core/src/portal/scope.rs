//! A caller's reads and writes of parts, scoped in the core: a unit reaches only its own
//! parts (another unit's is `not_found`, exactly as an id that does not exist, so ids
//! cannot be probed), a leader reads everything and writes nothing, the office does both.
//!
//! The scope is checked before the write it guards, in a separate statement: a part's unit
//! never changes once the part exists (no code path updates `assignment.unit_id`), so the
//! answer cannot go stale between the check and the write.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::{refuse, Caller, MAX_UPLOAD_BYTES, UPLOAD_EXTENSIONS};
use crate::error::{CoreError, ErrorCode, Result};
use crate::queries::assignments::AssignmentRow;
use crate::queries::updates::{Evidence, StagedEvidence};
use crate::rules::part::Completion;
use crate::store::AssignmentDetail;
use crate::Store;

/// One part as `tasks list --json` prints it. Field names are a contract: the CLI's users,
/// the portal's page and scripts read them alike.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TaskLine {
    /// The part's id.
    pub id: i64,
    /// Its task.
    pub task_id: i64,
    /// The unit's registry code.
    pub unit: String,
    /// The task's title.
    pub title: String,
    /// Deadline (YYYY-MM-DD).
    pub deadline: Option<String>,
    /// Status code on the date asked.
    #[cfg_attr(feature = "ts", ts(as = "crate::status::Status"))]
    pub status: &'static str,
    /// Stored state.
    #[cfg_attr(feature = "ts", ts(as = "crate::model::AssignmentState"))]
    pub state: &'static str,
    /// Done on (YYYY-MM-DD).
    pub completed_on: Option<String>,
    /// Value reported for a target task.
    pub reported_value: Option<f64>,
    /// The conference the task came from.
    pub conference_id: Option<i64>,
    /// The recurrence period's key (`2023-03`), `null` for a one-off part.
    pub period: Option<String>,
}

impl From<&AssignmentRow> for TaskLine {
    fn from(r: &AssignmentRow) -> Self {
        TaskLine {
            id: r.id,
            task_id: r.task_id,
            unit: r.unit_code.clone(),
            title: r.task_title.clone(),
            deadline: r.deadline.clone(),
            status: r.status.code(),
            state: r.state.as_str(),
            completed_on: r.completed_on.clone(),
            reported_value: r.reported_value,
            conference_id: r.conference_id,
            period: (!r.period.is_empty()).then(|| r.period.clone()),
        }
    }
}

/// One part in a caller's list: the fields of `tasks list --json` ([`TaskLine`]), then what
/// the unit's page shows besides.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AssignmentLine {
    /// The `tasks list --json` fields.
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub line: TaskLine,
    /// The status in Vietnamese.
    pub status_label: &'static str,
    /// The unit's name.
    pub unit_name: String,
    /// The conference's title.
    pub conference_title: Option<String>,
    /// The latest progress note.
    pub progress_note: Option<String>,
    /// Whether the task has a target (a value must be reported when ticking it off).
    pub has_target: bool,
    /// The recurrence period in Vietnamese ("Tháng 3/2023"), for a recurring part.
    pub period_label: Option<String>,
}

impl From<AssignmentRow> for AssignmentLine {
    fn from(r: AssignmentRow) -> Self {
        AssignmentLine {
            line: TaskLine::from(&r),
            status_label: r.status_label,
            has_target: r.target.is_some(),
            unit_name: r.unit_name,
            conference_title: r.conference_title,
            progress_note: r.progress_note,
            period_label: r.period_label,
        }
    }
}

/// The part `id` as `caller` may reach it: a unit's own part only, `not_found` otherwise.
fn within_scope(store: &Store, caller: &Caller, id: i64) -> Result<()> {
    let unit: Option<i64> = store.conn().query_row("SELECT unit_id FROM assignment WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    match (unit, caller.unit_id()) {
        (None, _) => Err(CoreError::not_found("phần việc", id)),
        (Some(owner), Some(mine)) if owner != mine => Err(CoreError::not_found("phần việc", id)),
        _ => Ok(()),
    }
}

/// Refuses an upload the portal does not take: over [`MAX_UPLOAD_BYTES`] or not one of
/// [`UPLOAD_EXTENSIONS`].
pub fn check_upload(file_name: &str, len: usize) -> Result<()> {
    if len > MAX_UPLOAD_BYTES {
        return Err(refuse(
            ErrorCode::TooLarge,
            format!("Tệp “{}” quá lớn: mỗi tệp minh chứng tối đa 20 MB.", crate::queries::evidence::display_name(file_name)),
        ));
    }
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !UPLOAD_EXTENSIONS.contains(&ext.as_str()) {
        return Err(refuse(
            ErrorCode::UnsupportedFileType,
            "Chỉ nhận tệp minh chứng dạng PDF, Word (doc, docx), Excel (xls, xlsx), OpenDocument (odt, ods) hoặc ảnh (jpg, png).",
        ));
    }
    Ok(())
}

impl Store {
    /// One part with its context and history, if `caller` may see it.
    pub fn portal_assignment(&self, caller: &Caller, id: i64, as_of: NaiveDate) -> Result<AssignmentDetail> {
        within_scope(self, caller, id)?;
        self.assignment_detail(id, as_of)
    }

    /// Ticks the part `id` off for `caller` at `now` (date, note, value): a unit its own
    /// part only, never a leader.
    pub fn portal_complete(&mut self, caller: &Caller, now: DateTime<Utc>, id: i64, c: &Completion) -> Result<()> {
        caller.may_write()?;
        within_scope(self, caller, id)?;
        self.complete_assignment(&caller.ctx(now), id, c)
    }

    /// Adds a progress note to the part `id` for `caller` at `now`.
    pub fn portal_add_note(&mut self, caller: &Caller, now: DateTime<Utc>, id: i64, note: &str) -> Result<()> {
        caller.may_write()?;
        within_scope(self, caller, id)?;
        self.add_progress_note(&caller.ctx(now), id, note)
    }

    /// Checks that `caller` may file evidence with the part `id` and that the file is one
    /// the portal takes, then writes its bytes to a temporary file under `root` (a read
    /// and a disk copy: call it on a reader, before taking the writer; then
    /// [`Store::portal_file_evidence`]).
    pub fn portal_stage_evidence(&self, caller: &Caller, root: &Path, id: i64, file_name: &str, bytes: &[u8]) -> Result<StagedEvidence> {
        caller.may_write()?;
        within_scope(self, caller, id)?;
        check_upload(file_name, bytes.len())?;
        Store::stage_evidence(root, id, file_name, bytes)
    }

    /// Files evidence staged by [`Store::portal_stage_evidence`] for `caller` at `now`.
    pub fn portal_file_evidence(&mut self, caller: &Caller, now: DateTime<Utc>, staged: StagedEvidence) -> Result<Evidence> {
        caller.may_write()?;
        self.file_evidence(&caller.ctx(now), staged)
    }
}
