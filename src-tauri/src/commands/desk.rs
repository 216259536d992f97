//! The unit's desk (issue 18): the window of a store connected to an office shows the unit's
//! list and parts from its mirror, with the portal's own reads scoped to the unit, and queues
//! what the unit does until the office answers. And, in the office's window, when each
//! unit's desk last reached the office.
//!
//! Each command is a thin wrapper over a function of `&AppState`, so the shell's tests call
//! the same code without a window.

use chrono::NaiveDate;
use dondoc_core::desk::{ActionKind, DeskContact, DeskLink, OutboxItem};
use dondoc_core::portal::{AssignmentLine, Caller, ExtensionRequest, PageQuery};
use dondoc_core::store::AssignmentDetail;
use dondoc_core::Store;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::state::{as_of, ctx, AppState};
use crate::ApiResult;

/// The event the window hears after the unit's queue or mirror changed.
pub const DESK_CHANGED: &str = "desk-changed";

/// Which page of the unit's list, as the portal's list route takes it: a group (`open`,
/// `done`; both when absent), at most `limit` lines, after the cursor `after` (the `next` of
/// an earlier page).
#[derive(Debug, Default, Deserialize, ts_rs::TS)]
pub struct DeskAsk {
    #[ts(optional)]
    status: Option<String>,
    #[ts(optional)]
    limit: Option<u32>,
    #[ts(optional)]
    after: Option<String>,
}

/// One page of the unit's list: the portal's lines, the cursor of the next page (none on
/// the last), and how many lines the group has.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct DeskPage {
    lines: Vec<AssignmentLine>,
    next: Option<String>,
    total: i64,
}

/// The link and the unit as a portal caller, or a conflict on an office's store: the desk's
/// reads are the unit's, and an office has no unit to read as.
fn unit_of(s: &Store) -> dondoc_core::Result<(DeskLink, Caller)> {
    let link = s.desk_link()?.ok_or_else(dondoc_core::desk::not_linked)?;
    let caller = Caller::Unit { unit_id: link.unit_id, name: link.unit_name.clone() };
    Ok((link, caller))
}

/// One page of the unit's list on `day`.
pub fn page(state: &AppState, day: NaiveDate, ask: &DeskAsk) -> ApiResult<DeskPage> {
    let limit = ask.limit.map(|n| n.to_string());
    let query = PageQuery::parse(ask.status.as_deref(), limit.as_deref(), ask.after.as_deref())?;
    state.read(|s| {
        let (_, caller) = unit_of(s)?;
        let page = s.portal_page(&caller, day, &query)?;
        Ok(DeskPage { lines: page.lines, next: page.next, total: page.total })
    })
}

/// One of the unit's parts on `day`, with its history.
pub fn detail(state: &AppState, id: i64, day: NaiveDate) -> ApiResult<AssignmentDetail> {
    state.read(|s| {
        let (_, caller) = unit_of(s)?;
        s.portal_assignment(&caller, id, day)
    })
}

/// Queues what the unit did to part `id` (checked by the office's rules, shown at once).
/// The writer wakes the scheduler: the part's reminders stop.
pub fn queue(state: &AppState, id: i64, kind: ActionKind, body: &serde_json::Value) -> ApiResult<OutboxItem> {
    let now = ctx().now;
    state.with(|s| {
        unit_of(s)?;
        s.queue_action(now, id, kind, body)
    })
}

/// The waiting actions and the conflicts not yet read.
pub fn outbox(state: &AppState) -> ApiResult<Vec<OutboxItem>> {
    state.read(|s| {
        unit_of(s)?;
        s.outbox_items(false)
    })
}

/// The unit has read the conflict `id`.
pub fn dismiss(state: &AppState, id: i64) -> ApiResult<()> {
    let now = ctx().now;
    state.with(|s| {
        unit_of(s)?;
        s.dismiss_conflict(id, now)
    })
}

/// The unit's extension requests on the mirror (its own, the waiting ones and the decided).
pub fn requests(state: &AppState) -> ApiResult<Vec<ExtensionRequest>> {
    state.read(|s| {
        let (_, caller) = unit_of(s)?;
        s.extension_requests(&caller, false)
    })
}

/// At the office: when each unit's desk last reached it. A unit's store has none.
pub fn contacts(state: &AppState) -> ApiResult<Vec<DeskContact>> {
    state.read(|s| if s.desk_link()?.is_some() { Ok(Vec::new()) } else { s.desk_contacts() })
}

/// One page of the unit's list (`at`: the day, today when absent).
#[tauri::command(async)]
pub fn desk_page(state: State<'_, AppState>, at: Option<String>, ask: Option<DeskAsk>) -> ApiResult<DeskPage> {
    page(&state, as_of(at)?, &ask.unwrap_or_default())
}

/// One of the unit's parts.
#[tauri::command(async)]
pub fn desk_detail(state: State<'_, AppState>, id: i64, at: Option<String>) -> ApiResult<AssignmentDetail> {
    detail(&state, id, as_of(at)?)
}

/// Queues a tick, a note or an extension request; the window hears `desk-changed`.
#[tauri::command(async)]
pub fn desk_queue(app: AppHandle, state: State<'_, AppState>, id: i64, kind: ActionKind, body: serde_json::Value) -> ApiResult<OutboxItem> {
    let item = queue(&state, id, kind, &body)?;
    let _ = app.emit(DESK_CHANGED, ());
    // Sent now when the office answers; kept in the queue otherwise.
    if let Some(desk) = app.try_state::<crate::desk::Desk>() {
        desk.nudge();
    }
    Ok(item)
}

/// The waiting actions and the unread conflicts.
#[tauri::command(async)]
pub fn desk_outbox(state: State<'_, AppState>) -> ApiResult<Vec<OutboxItem>> {
    outbox(&state)
}

/// "Đã hiểu" on a conflict.
#[tauri::command(async)]
pub fn desk_dismiss(app: AppHandle, state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    dismiss(&state, id)?;
    let _ = app.emit(DESK_CHANGED, ());
    Ok(())
}

/// The unit's extension requests.
#[tauri::command(async)]
pub fn desk_requests(state: State<'_, AppState>) -> ApiResult<Vec<ExtensionRequest>> {
    requests(&state)
}

/// At the office: when each unit's desk last reached it.
#[tauri::command(async)]
pub fn desk_contacts(state: State<'_, AppState>) -> ApiResult<Vec<DeskContact>> {
    contacts(&state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dondoc_core::desk::NewLink;
    use dondoc_core::ErrorCode;
    use serde_json::json;

    /// An office store with the demo and Mỹ Hà's account, and a desk store linked to it
    /// (its first mirror taken from the office's store without a network).
    fn office_and_desk(dir: &std::path::Path) -> (AppState, AppState) {
        let (office, _) = AppState::open(dir.join("office.sqlite3"));
        let mirror = office
            .with(|s| {
                dondoc_core::demo::load(s, &ctx())?;
                s.enable_unit_account(&ctx(), "xa-my-ha")?;
                let unit = s.units()?.into_iter().find(|u| u.code == "xa-my-ha").expect("Mỹ Hà in the registry");
                s.desk_mirror(&Caller::Unit { unit_id: unit.id, name: unit.name }, ctx().now)
            })
            .unwrap();
        let (desk, _) = AppState::open(dir.join("desk.sqlite3"));
        let link = NewLink { server: "https://192.168.1.10:8443/".into(), user: "xa-my-ha".into(), fingerprint: "ab".repeat(32) };
        desk.with(|s| s.link_desk(&link, &mirror, ctx().now)).unwrap();
        (office, desk)
    }

    #[test]
    fn a_desk_store_reads_and_queues_as_its_unit_and_an_office_store_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let (office, desk) = office_and_desk(dir.path());
        let today = ctx().today();

        let info = crate::commands::app::info(&desk).unwrap();
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(json["mode"], "unit");
        assert_eq!(json["desk"]["unit_code"], "xa-my-ha");
        assert_eq!(serde_json::to_value(crate::commands::app::info(&office).unwrap()).unwrap()["mode"], "office");

        let first = page(&desk, today, &DeskAsk { status: Some("open".into()), limit: Some(1), after: None }).unwrap();
        assert_eq!(first.lines.len(), 1);
        assert!(first.total >= 1);
        assert!(first.lines.iter().all(|l| l.unit_name.contains("Mỹ Hà")), "only the unit's own parts");
        let id = first.lines[0].line.id;
        if first.total > 1 {
            let second = page(&desk, today, &DeskAsk { status: Some("open".into()), limit: Some(1), after: first.next.clone() }).unwrap();
            assert_ne!(second.lines[0].line.id, id, "the cursor moves on");
        }
        assert_eq!(page(&desk, today, &DeskAsk { status: Some("mở".into()), ..Default::default() }).unwrap_err().code, ErrorCode::Validation);

        let on = today.format("%d/%m/%Y").to_string();
        let item = queue(&desk, id, ActionKind::Done, &json!({ "on": on, "note": "Đã báo cáo" })).unwrap();
        assert_eq!((item.assignment_id, item.state.as_str()), (id, "queued"));
        assert_eq!(detail(&desk, id, today).unwrap().row.state.as_str(), "done", "shown on the mirror at once");
        assert_eq!(outbox(&desk).unwrap().len(), 1);
        let late = queue(&desk, id, ActionKind::Note, &json!({ "note": "" })).unwrap_err();
        assert_eq!(late.code, ErrorCode::Validation, "the office's rules check it: {}", late.message);
        assert_eq!(outbox(&desk).unwrap().len(), 1, "a refused action is not queued");
        assert!(requests(&desk).unwrap().is_empty());
        assert!(contacts(&desk).unwrap().is_empty(), "a desk has no desks of its own");

        for err in [
            page(&office, today, &DeskAsk::default()).map(|_| ()).unwrap_err(),
            detail(&office, id, today).map(|_| ()).unwrap_err(),
            queue(&office, id, ActionKind::Done, &json!({ "on": on })).map(|_| ()).unwrap_err(),
            outbox(&office).map(|_| ()).unwrap_err(),
            dismiss(&office, 1).unwrap_err(),
            requests(&office).map(|_| ()).unwrap_err(),
        ] {
            assert_eq!(err.code, ErrorCode::Conflict, "{}", err.message);
            assert!(err.message.contains("không phải máy đơn vị"), "{}", err.message);
        }
        assert_ne!(office.read(|s| s.assignment_detail(id, today)).map(|d| d.row.state.as_str()).ok(), Some("done"), "nothing written at the office");
    }

    #[test]
    fn the_office_lists_when_each_desk_last_reached_it() {
        let dir = tempfile::tempdir().unwrap();
        let (office, _desk) = office_and_desk(dir.path());
        assert!(contacts(&office).unwrap().is_empty());
        let at = chrono::DateTime::parse_from_rfc3339("2023-02-20T00:32:00Z").unwrap().with_timezone(&chrono::Utc);
        office
            .with(|s| {
                let account: i64 = s.conn().query_row("SELECT id FROM portal_account WHERE user_name = 'xa-my-ha'", [], |r| r.get(0))?;
                s.desk_seen(account, at)
            })
            .unwrap();
        let seen = contacts(&office).unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!((seen[0].unit_short_name.as_str(), seen[0].user.as_str()), ("Mỹ Hà", "xa-my-ha"));
    }
}
