use dondoc_core::conclusion::{self, AcceptedRow, ReviewRow};
use dondoc_core::model::ConferenceKind;
use dondoc_core::model::SiteConnection;
use dondoc_core::paste::{ParsedAttendee, SitePick};
use dondoc_core::queries::attendees::{AttendeeInput, RowOutcome};
use dondoc_core::queries::conferences::{ConferenceFilter, ConferenceSummary};
use dondoc_core::queries::people::Person;
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::store::ConferenceDetail;
use tauri::State;

use crate::state::{as_of, ctx, AppState};
use crate::{ApiError, ApiResult};

#[tauri::command(async)]
pub fn list_conferences(state: State<'_, AppState>, filter: Option<ConferenceFilter>, as_of_date: Option<String>) -> ApiResult<Vec<ConferenceSummary>> {
    let day = as_of(as_of_date)?;
    state.read(|s| s.conferences(&filter.unwrap_or_default(), day))
}

#[tauri::command(async)]
pub fn conference_years(state: State<'_, AppState>) -> ApiResult<Vec<i32>> {
    state.read(|s| s.conference_years())
}

#[tauri::command(async)]
pub fn create_conference(state: State<'_, AppState>, input: ConferenceInput) -> ApiResult<i64> {
    state.with(|s| s.create_conference(&ctx(), &input))
}

#[tauri::command(async)]
pub fn update_conference(state: State<'_, AppState>, id: i64, input: ConferenceInput) -> ApiResult<()> {
    state.with(|s| s.update_conference(&ctx(), id, &input))
}

#[tauri::command(async)]
pub fn get_conference(state: State<'_, AppState>, id: i64, as_of_date: Option<String>) -> ApiResult<ConferenceDetail> {
    let day = as_of(as_of_date)?;
    state.read(|s| s.conference_detail(id, day))
}

#[tauri::command(async)]
pub fn update_site(
    state: State<'_, AppState>,
    site_id: i64,
    connection: String,
    note: Option<String>,
    site_lead: Option<String>,
    headcount: Option<i64>,
) -> ApiResult<()> {
    let connection = SiteConnection::parse("connection", &connection).map_err(ApiError::from)?;
    state.with(|s| s.update_site(site_id, connection, note.as_deref(), site_lead.as_deref(), headcount))
}

#[tauri::command(async)]
pub fn add_directive(state: State<'_, AppState>, conference_id: i64, text: String) -> ApiResult<i64> {
    state.with(|s| s.add_directive(conference_id, &text))
}

/// Adds attendees row by row: the outcome of each says its new id or why it was skipped.
#[tauri::command(async)]
pub fn add_attendees(state: State<'_, AppState>, conference_id: i64, rows: Vec<AttendeeInput>) -> ApiResult<Vec<RowOutcome>> {
    state.with(|s| s.add_attendees_each(&ctx(), conference_id, &rows))
}

#[tauri::command(async)]
pub fn remove_attendee(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.with(|s| s.remove_attendee(id))
}

#[tauri::command(async)]
pub fn set_attendee_presence(state: State<'_, AppState>, id: i64, present: bool, reason: Option<String>) -> ApiResult<()> {
    state.with(|s| s.set_attendee_presence(id, present, reason.as_deref()))
}

/// Reads a pasted attendee list for a conference, line by line, for review.
#[tauri::command(async)]
pub fn parse_attendees(state: State<'_, AppState>, conference_id: i64, text: String, site: Option<SitePick>) -> ApiResult<Vec<ParsedAttendee>> {
    state.read(|s| s.review_attendees(conference_id, &text, site.unwrap_or_default()))
}

/// The kind of the conference logged last: the new conference form starts with it.
#[tauri::command(async)]
pub fn last_conference_kind(state: State<'_, AppState>) -> ApiResult<Option<ConferenceKind>> {
    state.read(|s| s.last_conference_kind())
}

/// Whether nothing is logged yet: the overview then shows the first steps.
#[tauri::command(async)]
pub fn nothing_logged(state: State<'_, AppState>) -> ApiResult<bool> {
    state.read(|s| s.nothing_logged())
}

#[tauri::command(async)]
pub fn search_people(state: State<'_, AppState>, query: String) -> ApiResult<Vec<Person>> {
    state.read(|s| s.search_people(&query, 12))
}

#[tauri::command(async)]
pub fn load_demo(state: State<'_, AppState>) -> ApiResult<i64> {
    state.with(|s| dondoc_core::demo::load(s, &ctx()))
}

/// Reads a conclusion text and proposes tasks for review. The meeting date defaults to
/// the conference's date.
#[tauri::command(async)]
pub fn read_conclusion(state: State<'_, AppState>, conference_id: i64, text: String, meeting_date: Option<String>) -> ApiResult<Vec<ReviewRow>> {
    state.read(|s| {
        let day = match meeting_date.filter(|d| !d.trim().is_empty()) {
            Some(d) => dondoc_core::time::parse_date("meetingDate", &d)?,
            None => conclusion::meeting_date(s, conference_id)?,
        };
        conclusion::propose(s, &text, day)
    })
}

/// Creates the accepted rows as directives and tasks, all or nothing, and records the review
/// of `text` (what the reader proposed, what the secretary accepted) in the same transaction.
/// `text` and `meeting_date` are those the rows were read from.
#[tauri::command(async)]
pub fn accept_conclusion(
    state: State<'_, AppState>,
    conference_id: i64,
    text: String,
    meeting_date: Option<String>,
    rows: Vec<AcceptedRow>,
) -> ApiResult<Vec<i64>> {
    state.with(|s| {
        let day = match meeting_date.filter(|d| !d.trim().is_empty()) {
            Some(d) => dondoc_core::time::parse_date("meetingDate", &d)?,
            None => conclusion::meeting_date(s, conference_id)?,
        };
        conclusion::accept_review(s, &ctx(), conference_id, &text, day, &rows)
    })
}
