//! The routes of a unit's desk (issue 18): the same Đôn đốc installed at a commune keeps a
//! mirror of the unit's parts and sends what the unit did while it was away. Only a unit's
//! account has a desk; the office's and the leaders' are refused (403 `forbidden`), and a
//! session whose initial password is not changed yet gets 403 `password_change_required`,
//! as on every other route. Each call records when the unit's desk last reached the office
//! (the office's window shows "kết nối lần cuối").

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dondoc_core::desk::{DeskAction, Outcome};

use crate::api::{publish, ready, JsonBody};
use crate::guard::{read, write, ApiError, Authed};
use crate::Shared;

/// `GET /api/desk/mirror` → 200, the caller unit's mirror (`dondoc_core::desk::Mirror`:
/// `{format: "dondoc-mirror", schema_version, unit: {id, code, name}, taken_at, tables}`,
/// the rows of the unit's parts and of what they need, as the whole-store export writes
/// them; never another unit's part).
pub async fn mirror(State(shared): State<Arc<Shared>>, a: Authed) -> Result<Response, ApiError> {
    let caller = ready(&a)?;
    let (now, account) = (shared.now(), a.session.account_id);
    // Built from one snapshot on a reader; refused there for anyone but a unit.
    let mirror = read(&shared, move |s| s.desk_mirror(&caller, now)).await?;
    write(&shared, move |s| s.desk_seen(account, now)).await?;
    Ok(Json(mirror).into_response())
}

/// `POST /api/desk/actions` `[DeskAction…]` (`{key, assignment_id, kind: done|note|extension,
/// body, base_state, base_updated, queued_at}`, oldest first, at most
/// `dondoc_core::desk::MAX_ACTIONS`) → 200, one `{key, outcome: applied|conflict, message,
/// replayed}` per action in the same order. Each key is applied once however often it
/// arrives (a desk that lost the answer sends it again and gets the same answer with
/// `replayed: true`); an action the office can no longer take is a `conflict` with the
/// reason in Vietnamese. Every action applied now (not a replay) is announced on the events
/// (`changed`, `what` = its kind), so the office's window and the unit's open pages refresh.
pub async fn actions(State(shared): State<Arc<Shared>>, a: Authed, JsonBody(actions): JsonBody<Vec<DeskAction>>) -> Result<Response, ApiError> {
    let caller = ready(&a)?;
    let (now, account) = (shared.now(), a.session.account_id);
    let who = caller.clone();
    let (answers, actions) = write(&shared, move |s| {
        let answers = s.desk_apply(&who, account, now, &actions)?;
        s.desk_seen(account, now)?;
        Ok((answers, actions))
    })
    .await?;
    for (answer, action) in answers.iter().zip(&actions) {
        if answer.outcome == Outcome::Applied && !answer.replayed {
            publish(&shared, &caller, action.assignment_id, action.kind.as_str());
        }
    }
    Ok(Json(answers).into_response())
}
