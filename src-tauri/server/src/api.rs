//! The HTTP contract of the portal (stable, like the CLI's JSON; the page calls exactly
//! this): the session, a unit's parts (one page at a time, see [`list`]), ticking off,
//! evidence, extension requests, and the events that tell an open page to refresh. A unit's
//! desk (the app installed at the unit) has two routes more, in `desk.rs`.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, put};
use axum::{middleware, Json, Router};
use dondoc_core::portal::{Caller, PageQuery, Session};
use dondoc_core::rules::part::Completion;
use dondoc_core::{CoreError, ErrorCode};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::guard::{self, cookie, read, refuse, write, ApiError, Authed};
use crate::{assets, desk, Change, Shared};

/// Largest evidence request body: one file of at most 20 MB and the multipart envelope.
const UPLOAD_BODY_MAX: usize = dondoc_core::portal::MAX_UPLOAD_BYTES + 256 * 1024;

/// The routes, the guards around them, and the page's files for everything else.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/session", post(login).get(whoami).delete(logout))
        .route("/api/session/password", put(change_password))
        .route("/api/my/assignments", get(list))
        .route("/api/my/assignments/{id}", get(detail))
        .route("/api/my/assignments/{id}/done", post(done))
        .route("/api/my/assignments/{id}/note", post(note))
        .route("/api/my/assignments/{id}/evidence", post(evidence).layer(DefaultBodyLimit::disable()))
        .route("/api/my/assignments/{id}/extension", post(extension))
        .route("/api/my/extension-requests", get(requests))
        .route("/api/my/events", get(events))
        .route("/api/desk/mirror", get(desk::mirror))
        .route("/api/desk/actions", post(desk::actions))
        .route("/api/{*rest}", any(guard::no_such_api))
        .fallback(assets::serve)
        .layer(middleware::from_fn(guard::same_origin))
        .layer(middleware::from_fn(guard::buffered))
        .layer(middleware::from_fn(guard::headers))
        .with_state(shared)
}

/// A JSON body whose rejection is a Vietnamese `validation` error, not axum's text.
pub(crate) struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(JsonBody(v)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(refuse(ErrorCode::TooLarge, "Dữ liệu gửi lên quá lớn.")),
            Err(_) => Err(ApiError(CoreError::invalid("body", "Dữ liệu gửi lên không hợp lệ (cần JSON đúng mẫu)."))),
        }
    }
}

/// A part's id in the path; anything but a number is a part that does not exist.
fn part_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse().map_err(|_| ApiError(CoreError::not_found("phần việc", raw)))
}

/// The caller of a session whose password is changed.
pub(crate) fn ready(a: &Authed) -> Result<Caller, ApiError> {
    Ok(a.session.ready()?.clone())
}

fn me(s: &Session) -> serde_json::Value {
    let (role, name, unit_id) = match &s.caller {
        Caller::Unit { unit_id, name } => ("unit", name, Some(*unit_id)),
        Caller::Office { name } => ("office", name, None),
        Caller::Leader { name } => ("leader", name, None),
    };
    serde_json::json!({ "user": s.user, "name": name, "role": role, "unitId": unit_id, "mustChange": s.must_change })
}

pub(crate) fn publish(shared: &Shared, caller: &Caller, assignment_id: i64, what: &str) {
    // No listener is not an error: nobody has the page or the window open.
    let _ = shared.events.send(Change { assignment_id, unit_id: caller.unit_id(), what: what.into() });
}

#[derive(Deserialize)]
struct LoginBody {
    user: String,
    password: String,
    /// A unit's desk (the app installed at the unit) logs in: its session is kept while the
    /// machine is off overnight (no idle limit, only the absolute one).
    #[serde(default)]
    desk: bool,
}

/// `POST /api/session` `{user, password, desk?}` → 200, the session cookie and who logged
/// in. With `"desk": true` (a unit's desk, see `desk.rs`) the session of a unit's account
/// is a desk's: it survives any idle time up to the absolute limit.
async fn login(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    JsonBody(body): JsonBody<LoginBody>,
) -> Result<Response, ApiError> {
    shared.throttle.attempt(addr.ip())?;
    let now = shared.now();
    let user = body.user.clone();
    let candidate = read(&shared, move |s| s.login_candidate(now, &user)).await?;
    let (checked, desk) = (candidate.clone(), body.desk);
    let ok = tokio::task::spawn_blocking(move || checked.verify(&body.password)).await.unwrap_or(false);
    let login = write(&shared, move |s| {
        let login = s.finish_login(now, &candidate, ok)?;
        // Only a unit has a desk: an office or leader session keeps its idle limit.
        if desk && login.session.caller.unit_id().is_some() {
            s.mark_desk_session(&login.token)?;
        }
        Ok(login)
    })
    .await?;
    Ok(([(header::SET_COOKIE, cookie(Some(&login.token)))], Json(me(&login.session))).into_response())
}

/// `GET /api/session` → who is logged in (also while the password must be changed).
async fn whoami(a: Authed) -> Json<serde_json::Value> {
    Json(me(&a.session))
}

/// `DELETE /api/session` → 204, the session over and the cookie removed.
async fn logout(State(shared): State<Arc<Shared>>, a: Authed) -> Result<Response, ApiError> {
    write(&shared, move |s| s.portal_logout(&a.token)).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie(None))]).into_response())
}

#[derive(Deserialize)]
struct PasswordBody {
    old: String,
    new: String,
}

/// `PUT /api/session/password` `{old, new}` → 204 and a new cookie: every other session of
/// the account is over.
async fn change_password(State(shared): State<Arc<Shared>>, a: Authed, JsonBody(body): JsonBody<PasswordBody>) -> Result<Response, ApiError> {
    let now = shared.now();
    // Two argon2 hashes under the writer (~60 ms): rare, once per account and password.
    let login = write(&shared, move |s| s.change_portal_password(now, &a.token, &body.old, &body.new)).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie(Some(&login.token)))]).into_response())
}

#[derive(Deserialize)]
struct At {
    at: Option<String>,
}

fn as_of(shared: &Shared, at: Option<String>) -> Result<chrono::NaiveDate, ApiError> {
    match at.filter(|s| !s.trim().is_empty()) {
        Some(s) => Ok(dondoc_core::time::parse_date("at", &s)?),
        None => Ok(dondoc_core::time::office_date(shared.now())),
    }
}

#[derive(Deserialize)]
struct ListQuery {
    at: Option<String>,
    status: Option<String>,
    limit: Option<String>,
    after: Option<String>,
}

/// `GET /api/my/assignments?at=YYYY-MM-DD[&status=open|done][&limit=N][&after=CURSOR]` →
/// one page of the caller's parts (a unit's own; every part for the office and leaders):
/// a JSON array of lines with the fields of `tasks list --json`, in the page's order: the
/// parts open on `at` first (overdue first, then by deadline, those without a deadline
/// last; ties by id), then the done and cancelled ones (done newest completion first, then
/// the cancelled). `status=open` keeps the first group, `status=done` the second (cancelled
/// parts included). At most `limit` lines (default 100, 1 to 500; anything else is 400
/// `validation` naming `limit`). `X-Total-Count` is always the number of lines matching;
/// while more remain, `Link: </api/my/assignments?…&after=CURSOR>; rel="next"` (RFC 8288)
/// gives the next page. The cursor is opaque: the position of the last line sent (not an
/// offset, so a part ticked between two pages skips no other); a malformed one is 400.
async fn list(State(shared): State<Arc<Shared>>, a: Authed, Query(q): Query<ListQuery>) -> Result<Response, ApiError> {
    let caller = ready(&a)?;
    let day = as_of(&shared, q.at)?;
    let page_query = PageQuery::parse(q.status.as_deref(), q.limit.as_deref(), q.after.as_deref())?;
    let wanted = page_query.clone();
    let page = read(&shared, move |s| s.portal_page(&caller, day, &wanted)).await?;
    let mut headers = vec![(header::HeaderName::from_static("x-total-count"), page.total.to_string())];
    if let Some(next) = &page.next {
        // The cursor is URL-safe by construction; the other parameters are the ones asked.
        let mut link = format!("/api/my/assignments?at={day}");
        if let Some(group) = q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            link.push_str(&format!("&status={group}"));
        }
        link.push_str(&format!("&limit={}&after={next}", page_query.limit));
        headers.push((header::LINK, format!("<{link}>; rel=\"next\"")));
    }
    let mut response = Json(page.lines).into_response();
    for (name, value) in headers {
        if let Ok(v) = header::HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, v);
        }
    }
    Ok(response)
}

/// `GET /api/my/assignments/{id}?at=` → one part with its evidence, extensions and history.
async fn detail(State(shared): State<Arc<Shared>>, a: Authed, Path(id): Path<String>, Query(q): Query<At>) -> Result<Response, ApiError> {
    let caller = ready(&a)?;
    let (id, day) = (part_id(&id)?, as_of(&shared, q.at)?);
    Ok(Json(read(&shared, move |s| s.portal_assignment(&caller, id, day)).await?).into_response())
}

#[derive(Deserialize)]
struct DoneBody {
    on: String,
    note: Option<String>,
    value: Option<f64>,
}

/// `POST /api/my/assignments/{id}/done` `{on, note, value?}` → 204.
async fn done(State(shared): State<Arc<Shared>>, a: Authed, Path(id): Path<String>, JsonBody(body): JsonBody<DoneBody>) -> Result<StatusCode, ApiError> {
    let caller = ready(&a)?;
    let (id, now) = (part_id(&id)?, shared.now());
    let c = Completion { completed_on: body.on, note: body.note, reported_value: body.value };
    let who = caller.clone();
    write(&shared, move |s| s.portal_complete(&who, now, id, &c)).await?;
    publish(&shared, &caller, id, "done");
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct NoteBody {
    note: String,
}

/// `POST /api/my/assignments/{id}/note` `{note}` → 204.
async fn note(State(shared): State<Arc<Shared>>, a: Authed, Path(id): Path<String>, JsonBody(body): JsonBody<NoteBody>) -> Result<StatusCode, ApiError> {
    let caller = ready(&a)?;
    let (id, now) = (part_id(&id)?, shared.now());
    let who = caller.clone();
    write(&shared, move |s| s.portal_add_note(&who, now, id, &body.note)).await?;
    publish(&shared, &caller, id, "note");
    Ok(StatusCode::NO_CONTENT)
}

/// Reads the body up to [`UPLOAD_BODY_MAX`]; beyond, drains the rest ([`guard::drain`])
/// more and answers 413, so the sender sees the answer rather than a reset.
async fn bounded(body: Body) -> Result<Vec<u8>, ApiError> {
    let mut stream = body.into_data_stream();
    let mut buf = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| ApiError(CoreError::invalid("file", "Tệp gửi lên bị gián đoạn; hãy gửi lại.")))?;
        if buf.len() + chunk.len() > UPLOAD_BODY_MAX {
            guard::drain(Body::from_stream(stream)).await;
            return Err(refuse(ErrorCode::TooLarge, "Tệp quá lớn: mỗi tệp minh chứng tối đa 20 MB."));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

/// `POST /api/my/assignments/{id}/evidence` (multipart, one file, ≤ 20 MB) → 201 and the
/// evidence row. The bytes are staged on a reader's turn; the writer only files them.
async fn evidence(State(shared): State<Arc<Shared>>, auth: Result<Authed, ApiError>, Path(id): Path<String>, req: Request) -> Result<Response, ApiError> {
    let (parts, body) = req.into_parts();
    let (caller, id) = match auth.and_then(|a| Ok((ready(&a)?, part_id(&id)?))) {
        Ok(checked) => checked,
        Err(e) => {
            guard::drain(body).await;
            return Err(e);
        }
    };
    let bytes = bounded(body).await?;
    let mut multipart = Multipart::from_request(Request::from_parts(parts, Body::from(bytes)), &())
        .await
        .map_err(|_| ApiError(CoreError::invalid("file", "Cần gửi tệp minh chứng dạng multipart/form-data.")))?;
    let bad = || ApiError(CoreError::invalid("file", "Không đọc được tệp gửi lên; hãy gửi lại."));
    let (name, data) = loop {
        let Some(field) = multipart.next_field().await.map_err(|_| bad())? else {
            return Err(ApiError(CoreError::invalid("file", "Hãy chọn một tệp minh chứng.")));
        };
        if let Some(name) = field.file_name().map(str::to_string) {
            break (name, field.bytes().await.map_err(|_| bad())?);
        }
    };
    let root = shared.access.evidence_dir();
    let who = caller.clone();
    let staged = read(&shared, move |s| s.portal_stage_evidence(&who, &root, id, &name, &data)).await?;
    let (who, now) = (caller.clone(), shared.now());
    let row = write(&shared, move |s| s.portal_file_evidence(&who, now, staged)).await?;
    publish(&shared, &caller, id, "evidence");
    Ok((StatusCode::CREATED, Json(row)).into_response())
}

#[derive(Deserialize)]
struct ExtensionBody {
    until: String,
    reason: String,
}

/// `POST /api/my/assignments/{id}/extension` `{until, reason}` → 201 `{id}`.
async fn extension(
    State(shared): State<Arc<Shared>>,
    a: Authed,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ExtensionBody>,
) -> Result<Response, ApiError> {
    let caller = ready(&a)?;
    let (id, now) = (part_id(&id)?, shared.now());
    let who = caller.clone();
    let rid = write(&shared, move |s| s.request_extension(&who, now, id, &body.until, &body.reason)).await?;
    publish(&shared, &caller, id, "extension_request");
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": rid }))).into_response())
}

/// `GET /api/my/extension-requests` → the caller's requests, newest first.
async fn requests(State(shared): State<Arc<Shared>>, a: Authed) -> Result<Response, ApiError> {
    let caller = ready(&a)?;
    Ok(Json(read(&shared, move |s| s.extension_requests(&caller, false)).await?).into_response())
}

/// `GET /api/my/events` → server-sent events: `changed` with `{assignment_id, what}` when
/// one of the caller's parts changes (any part, for the office), so the page reloads it.
async fn events(State(shared): State<Arc<Shared>>, a: Authed) -> Result<Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let caller = ready(&a)?;
    let rx = shared.events.subscribe();
    let mine = move |c: &Change| match caller.unit_id() {
        Some(u) => c.unit_id.is_none_or(|id| id == u),
        None => true,
    };
    let stream = futures_util::stream::unfold((rx, mine), |(mut rx, mine)| async move {
        loop {
            match rx.recv().await {
                Ok(c) if mine(&c) => {
                    let data = serde_json::json!({ "assignment_id": c.assignment_id, "what": c.what }).to_string();
                    return Some((Ok(Event::default().event("changed").data(data)), (rx, mine)));
                }
                Ok(_) => continue,
                // Missed some: one "changed" makes the page reload everything.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    return Some((Ok(Event::default().event("changed").data("{}")), (rx, mine)));
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
