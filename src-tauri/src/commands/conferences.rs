use dondoc_core::model::SiteConnection;
use dondoc_core::queries::conferences::{self, ConferenceInput, ConferenceSummary};
use dondoc_core::store::ConferenceDetail;
use tauri::State;

use crate::state::{as_of, ctx, AppState};
use crate::{ApiError, ApiResult};

#[tauri::command]
pub fn list_conferences(state: State<'_, AppState>, as_of_date: Option<String>) -> ApiResult<Vec<ConferenceSummary>> {
    let day = as_of(as_of_date)?;
    state.with(|s| conferences::list(s.conn(), day))
}

#[tauri::command]
pub fn create_conference(state: State<'_, AppState>, input: ConferenceInput) -> ApiResult<i64> {
    state.with(|s| s.create_conference(&ctx(), &input))
}

#[tauri::command]
pub fn get_conference(state: State<'_, AppState>, id: i64, as_of_date: Option<String>) -> ApiResult<ConferenceDetail> {
    let day = as_of(as_of_date)?;
    state.with(|s| s.conference_detail(id, day))
}

#[tauri::command]
pub fn set_site_connection(state: State<'_, AppState>, site_id: i64, connection: String, note: Option<String>) -> ApiResult<()> {
    let connection = SiteConnection::parse("connection", &connection).map_err(ApiError::from)?;
    state.with(|s| s.set_site_connection(site_id, connection, note.as_deref()))
}

#[tauri::command]
pub fn add_directive(state: State<'_, AppState>, conference_id: i64, text: String) -> ApiResult<i64> {
    state.with(|s| s.add_directive(conference_id, &text))
}
