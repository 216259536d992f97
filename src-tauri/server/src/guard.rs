//! What stands between a request and the core: errors as `{code, message}` with the right
//! status, the session cookie, the `Origin` check on state-changing calls, the security
//! headers on every answer, and the per-address log-in throttle.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dondoc_core::portal::{Session, Token};
use dondoc_core::{CoreError, ErrorCode, Store};

use crate::Shared;

/// The session cookie's name. `__Host-`: the browser only keeps it when Secure, on `/`,
/// and without a Domain, so no other site on the LAN can set or widen it.
pub const COOKIE: &str = "__Host-dondoc";

/// An error as the page receives it.
#[derive(Debug)]
pub struct ApiError(pub CoreError);

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        ApiError(e)
    }
}

/// The HTTP status of a core error code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        Validation | WeakPassword | InvalidFile => StatusCode::BAD_REQUEST,
        Unauthenticated | WrongCredentials => StatusCode::UNAUTHORIZED,
        PasswordChangeRequired | Forbidden | BadOrigin => StatusCode::FORBIDDEN,
        NotFound => StatusCode::NOT_FOUND,
        Conflict => StatusCode::CONFLICT,
        TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        UnsupportedFileType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        AccountLocked | Throttled => StatusCode::TOO_MANY_REQUESTS,
        Locked | Restoring | StoreUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.0.code();
        let status = status_of(code);
        if status.is_server_error() {
            tracing::error!(code = %code, detail = ?self.0.detail(), "portal: {}", self.0);
        }
        let body = serde_json::json!({ "code": code, "message": self.0.to_string(), "field": self.0.field() });
        (status, Json(body)).into_response()
    }
}

/// An error of `code` with its Vietnamese message.
pub fn refuse(code: ErrorCode, message: &str) -> ApiError {
    ApiError(CoreError::portal(code, message))
}

/// Runs `f` on a reader, off the async workers.
pub async fn read<T: Send + 'static>(shared: &Arc<Shared>, f: impl FnOnce(&Store) -> dondoc_core::Result<T> + Send + 'static) -> Result<T, ApiError> {
    let access = shared.access.clone();
    tokio::task::spawn_blocking(move || {
        let (mut f, mut out) = (Some(f), None);
        access.read(&mut |s| {
            out = Some((f.take().expect("called once"))(s)?);
            Ok(())
        })?;
        Ok(out.expect("ran"))
    })
    .await
    .map_err(|e| ApiError(CoreError::Conflict(format!("Lỗi máy chủ: {e}"))))?
}

/// Runs `f` on the writer, off the async workers.
pub async fn write<T: Send + 'static>(shared: &Arc<Shared>, f: impl FnOnce(&mut Store) -> dondoc_core::Result<T> + Send + 'static) -> Result<T, ApiError> {
    let access = shared.access.clone();
    tokio::task::spawn_blocking(move || {
        let (mut f, mut out) = (Some(f), None);
        access.write(&mut |s| {
            out = Some((f.take().expect("called once"))(s)?);
            Ok(())
        })?;
        Ok(out.expect("ran"))
    })
    .await
    .map_err(|e| ApiError(CoreError::Conflict(format!("Lỗi máy chủ: {e}"))))?
}

/// The session token the request's cookie carries, if any.
pub fn token_of(parts: &Parts) -> Option<Token> {
    parts.headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (name, value) = c.trim().split_once('=')?;
        (name == COOKIE && value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Token(value.to_string()))
    })
}

/// The `Set-Cookie` value for `token` (or, with `None`, one that removes the cookie).
pub fn cookie(token: Option<&Token>) -> HeaderValue {
    let v = match token {
        Some(t) => format!("{COOKIE}={}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}", t.0, dondoc_core::portal::ABSOLUTE_DAYS * 86_400),
        None => format!("{COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0"),
    };
    HeaderValue::from_str(&v).expect("ASCII")
}

/// A request with an open session (its password may still have to be changed).
pub struct Authed {
    /// The cookie's token.
    pub token: Token,
    /// The session.
    pub session: Session,
}

impl FromRequestParts<Arc<Shared>> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, shared: &Arc<Shared>) -> Result<Self, Self::Rejection> {
        let token = token_of(parts).ok_or_else(|| refuse(ErrorCode::Unauthenticated, "Bạn chưa đăng nhập; hãy đăng nhập để dùng cổng đơn vị."))?;
        let now = shared.now();
        let t = token.clone();
        let session = read(shared, move |s| s.portal_session(now, &t)).await?;
        if session.stale {
            let t = token.clone();
            write(shared, move |s| s.touch_portal_session(now, &t)).await?;
        }
        Ok(Authed { token, session })
    }
}

/// Refuses a state-changing request whose `Origin` is not this portal's own (a page of
/// another site posting with the unit's cookie): SameSite already stops the cookie in
/// today's browsers, this stops it in the others.
pub async fn same_origin(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok());
    let origin = req.headers().get(header::ORIGIN).and_then(|h| h.to_str().ok());
    match (host, origin) {
        (Some(host), Some(origin)) if origin.eq_ignore_ascii_case(&format!("https://{host}")) => next.run(req).await,
        _ => {
            drain(req.into_body()).await;
            refuse(ErrorCode::BadOrigin, "Yêu cầu không đến từ trang của cổng đơn vị nên bị từ chối.").into_response()
        }
    }
}

/// Most a refused request's body is read (and dropped) before the answer.
const DRAIN_MAX: usize = 64 * 1024 * 1024;

/// Reads and drops a request's body (up to [`DRAIN_MAX`]) before an early answer: an
/// unread body makes the server close the connection, and a client that reuses it (or is
/// still sending) sees a broken connection instead of the answer.
pub async fn drain(body: Body) {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut read = 0usize;
    while let Some(Ok(chunk)) = stream.next().await {
        read += chunk.len();
        if read > DRAIN_MAX {
            break;
        }
    }
}

/// Largest JSON body of the API (the evidence route reads its own, larger one).
const JSON_MAX: usize = 64 * 1024;

/// Largest body of a desk's queued actions (`POST /api/desk/actions`): up to
/// `dondoc_core::desk::MAX_ACTIONS` actions with notes of 2 000 characters each; the desk
/// client splits its queue below this. axum's JSON extractor allows 2 MB too.
pub const DESK_JSON_MAX: usize = 2 * 1024 * 1024;

/// Reads a request's body before the handler runs (except an upload's), so that a handler
/// refusing early (no session) still leaves the connection usable.
pub async fn buffered(req: Request, next: Next) -> Response {
    if req.uri().path().ends_with("/evidence") {
        return next.run(req).await;
    }
    let max = if req.uri().path() == "/api/desk/actions" { DESK_JSON_MAX } else { JSON_MAX };
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, max).await {
        Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(_) => refuse(ErrorCode::TooLarge, "Dữ liệu gửi lên quá lớn.").into_response(),
    }
}

/// The security headers of every answer: no script but the page's own files, no framing,
/// no sniffing, no referrer, HTTPS only; API answers are never cached.
pub async fn headers(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: &'static str, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(
        h,
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "no-referrer");
    set(h, "strict-transport-security", "max-age=31536000");
    set(h, "x-frame-options", "DENY");
    if api {
        set(h, "cache-control", "no-store");
    }
    res
}

/// Log-in attempts per client address in the current minute.
pub struct Throttle {
    per_minute: u32,
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl Throttle {
    /// At most `per_minute` attempts per address per minute.
    pub fn new(per_minute: u32) -> Throttle {
        Throttle { per_minute, seen: Mutex::new(HashMap::new()) }
    }

    /// Counts an attempt from `ip`; refuses it beyond the limit.
    pub fn attempt(&self, ip: IpAddr) -> Result<(), ApiError> {
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() > 10_000 {
            seen.retain(|_, (start, _)| now.duration_since(*start).as_secs() < 60);
        }
        let entry = seen.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0).as_secs() >= 60 {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > self.per_minute {
            return Err(refuse(ErrorCode::Throttled, "Quá nhiều lần đăng nhập từ máy này; hãy đợi một phút rồi thử lại."));
        }
        Ok(())
    }
}

/// Answers an unknown API path with a JSON 404.
pub async fn no_such_api() -> ApiError {
    refuse(ErrorCode::NotFound, "Không có địa chỉ này trong cổng đơn vị.")
}
