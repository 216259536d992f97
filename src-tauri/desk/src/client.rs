//! The portal's HTTP contract as the desk calls it (`src-tauri/server/src/api.rs` and
//! `desk.rs`), and its failures turned into the core's errors: a refused certificate is
//! `certificate_mismatch`, a network failure `unreachable`, the portal's own refusals keep
//! their code and Vietnamese message.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use dondoc_core::desk::{fingerprint_pairs, ActionAnswer, DeskAction, Mirror};
use dondoc_core::{CoreError, ErrorCode};
use serde_json::{json, Value};

/// The session cookie's name (the portal's `__Host-` cookie).
const COOKIE: &str = "__Host-dondoc";

/// How long the office may take to answer one read (a mirror of a busy unit is built in
/// well under a second; the events stream sends a keep-alive every 15 s).
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// A client of one office, its certificate pinned.
pub struct Client {
    agent: ureq::Agent,
    /// `https://host:port` (no trailing slash): the base of every path and the `Origin`.
    origin: String,
    /// The address as the unit sees it, for messages.
    server: String,
    pinned: String,
    refused: Arc<Mutex<Option<String>>>,
}

/// The Vietnamese words for a certificate that is not the pinned one (`seen`: what the
/// server sent).
pub fn mismatch(seen: &str, pinned: &str) -> CoreError {
    CoreError::portal(
        ErrorCode::CertificateMismatch,
        format!(
            "Chứng chỉ của máy chủ không khớp mã đã ghi: có thể đây không phải máy của Văn phòng, hoặc Văn phòng đã đổi chứng chỉ. Không kết nối, mật khẩu chưa được gửi đi. Máy chủ gửi mã {}; mã đã ghi {}.",
            fingerprint_pairs(seen),
            fingerprint_pairs(pinned)
        ),
    )
}

/// The office could not be reached at `server`, for `why` (Vietnamese).
pub fn unreachable(server: &str, why: &str) -> CoreError {
    CoreError::portal(ErrorCode::Unreachable, format!("Không kết nối được tới Văn phòng ({server}: {why})."))
}

/// The session is over (expired, logged out, password changed elsewhere) or was never kept.
pub fn expired() -> CoreError {
    CoreError::portal(ErrorCode::Unauthenticated, "Phiên đăng nhập của máy đơn vị đã hết hạn; hãy đăng nhập lại.")
}

/// The codes the portal answers with, read back from its JSON.
const CODES: &[ErrorCode] = &[
    ErrorCode::Validation,
    ErrorCode::NotFound,
    ErrorCode::Conflict,
    ErrorCode::Unauthenticated,
    ErrorCode::WrongCredentials,
    ErrorCode::AccountLocked,
    ErrorCode::PasswordChangeRequired,
    ErrorCode::Forbidden,
    ErrorCode::WeakPassword,
    ErrorCode::TooLarge,
    ErrorCode::BadOrigin,
    ErrorCode::Throttled,
    ErrorCode::Locked,
    ErrorCode::Restoring,
    ErrorCode::StoreUnavailable,
    ErrorCode::Storage,
];

/// The portal's `{code, message}` answer as a core error.
fn refusal(status: u16, body: &Value, server: &str) -> CoreError {
    let message = body["message"].as_str().map(str::to_string);
    match (body["code"].as_str().and_then(|c| CODES.iter().find(|k| k.as_str() == c)), message) {
        (Some(code), Some(message)) => CoreError::portal(*code, message),
        // Not the portal answering (a proxy, another program on the port).
        _ => unreachable(server, &format!("máy chủ trả lời mã {status}, không phải cổng đơn vị Đôn đốc")),
    }
}

impl Client {
    /// A client of the portal at `server` (normalised `https://host:port/`) whose
    /// certificate must have the fingerprint `pinned`.
    pub fn new(server: &str, pinned: &str) -> Result<Client, CoreError> {
        let (tls, refused) = crate::pin::client_config(pinned).map_err(|e| CoreError::Conflict(format!("Không tạo được kết nối bảo mật: {e}.")))?;
        let agent = ureq::AgentBuilder::new()
            .tls_config(Arc::new(tls))
            .timeout_connect(Duration::from_secs(10))
            .timeout_read(READ_TIMEOUT)
            .timeout_write(READ_TIMEOUT)
            .redirects(0)
            .build();
        let origin = crate::address::origin(server);
        Ok(Client { agent, origin, server: server.to_string(), pinned: pinned.to_string(), refused })
    }

    fn request(&self, method: &str, path: &str, token: Option<&str>) -> ureq::Request {
        let mut req = self.agent.request(method, &format!("{}{path}", self.origin));
        if let Some(t) = token {
            req = req.set("Cookie", &format!("{COOKIE}={t}"));
        }
        if method != "GET" {
            // The portal's same-origin guard on every state-changing call.
            req = req.set("Origin", &self.origin);
        }
        req
    }

    /// The error of a failed call.
    fn failure(&self, e: ureq::Error) -> CoreError {
        match e {
            ureq::Error::Status(status, res) => {
                let body: Value = res.into_json().unwrap_or(Value::Null);
                refusal(status, &body, &self.server)
            }
            ureq::Error::Transport(t) => self.transport(Some(t.kind()), &t),
        }
    }

    /// A network failure: a refused certificate, or the office out of reach. `kind` is
    /// ureq's (`None`: reading the answer failed), `detail` the English words for the log.
    pub fn transport(&self, kind: Option<ureq::ErrorKind>, detail: &dyn std::fmt::Display) -> CoreError {
        if let Some(seen) = self.refused.lock().unwrap_or_else(|p| p.into_inner()).take() {
            return mismatch(&seen, &self.pinned);
        }
        let detail = detail.to_string();
        tracing::info!(server = %self.server, "desk: office not reachable: {detail}");
        let why = match kind {
            Some(ureq::ErrorKind::Dns) => "không tìm thấy máy theo địa chỉ này",
            Some(ureq::ErrorKind::ConnectionFailed) => "máy của Văn phòng không trả lời, hoặc cổng đơn vị chưa bật",
            _ if detail.contains("timed out") || detail.contains("WouldBlock") => "quá thời gian chờ trả lời",
            _ => "kết nối mạng bị gián đoạn",
        };
        unreachable(&self.server, why)
    }

    fn json(&self, res: Result<ureq::Response, ureq::Error>) -> Result<(Value, Option<String>), CoreError> {
        let res = res.map_err(|e| self.failure(e))?;
        let token = cookie_of(&res);
        let body = match res.status() {
            204 => Value::Null,
            _ => res.into_json().map_err(|e| self.transport(None, &e))?,
        };
        Ok((body, token))
    }

    /// Logs in as a desk: the session's token, and whether the password must be changed first.
    pub fn log_in(&self, user: &str, password: &str) -> Result<(String, bool), CoreError> {
        let res = self.request("POST", "/api/session", None).send_json(json!({ "user": user, "password": password, "desk": true }));
        let (me, token) = self.json(res)?;
        let token = token.ok_or_else(|| unreachable(&self.server, "máy chủ không mở phiên đăng nhập"))?;
        Ok((token, me["mustChange"].as_bool().unwrap_or(false)))
    }

    /// Changes the password of the session `token` from `old` to `new`.
    pub fn change_password(&self, token: &str, old: &str, new: &str) -> Result<String, CoreError> {
        let res = self.request("PUT", "/api/session/password", Some(token)).send_json(json!({ "old": old, "new": new }));
        let (_, token) = self.json(res)?;
        token.ok_or_else(|| unreachable(&self.server, "máy chủ không mở phiên đăng nhập"))
    }

    /// Ends the session `token` at the office (best effort: a failure only leaves it to expire).
    pub fn log_out(&self, token: &str) {
        if let Err(e) = self.request("DELETE", "/api/session", Some(token)).call() {
            tracing::info!("desk: log-out at the office failed: {e}");
        }
    }

    /// The unit's mirror.
    pub fn mirror(&self, token: &str) -> Result<Mirror, CoreError> {
        let (body, _) = self.json(self.request("GET", "/api/desk/mirror", Some(token)).call())?;
        serde_json::from_value(body).map_err(|_| unreachable(&self.server, "dữ liệu nhận được không phải bản sao của Đôn đốc"))
    }

    /// Sends `actions` (at most `MAX_ACTIONS`): the office's answers, in order.
    pub fn actions(&self, token: &str, actions: &[DeskAction]) -> Result<Vec<ActionAnswer>, CoreError> {
        let body = serde_json::to_value(actions)?;
        let (answers, _) = self.json(self.request("POST", "/api/desk/actions", Some(token)).send_json(body))?;
        let answers: Vec<ActionAnswer> = serde_json::from_value(answers).map_err(|_| unreachable(&self.server, "câu trả lời của máy chủ không đọc được"))?;
        if answers.len() != actions.len() {
            return Err(unreachable(&self.server, "máy chủ trả lời thiếu thao tác"));
        }
        Ok(answers)
    }

    /// Opens the events stream of the session `token`.
    pub fn events(&self, token: &str) -> Result<ureq::Response, CoreError> {
        self.request("GET", "/api/my/events", Some(token)).set("Accept", "text/event-stream").call().map_err(|e| self.failure(e))
    }
}

fn cookie_of(res: &ureq::Response) -> Option<String> {
    res.all("set-cookie")
        .iter()
        .find_map(|c| c.strip_prefix(&format!("{COOKIE}=")).map(|v| v.split(';').next().unwrap_or("").to_string()))
        .filter(|v| !v.is_empty())
}
