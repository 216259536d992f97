//! # dondoc-desk
//!
//! Đôn đốc at a unit (issue 18): the unit's client of the office's portal. The unit's store
//! (`dondoc-core`, `desk` module) keeps the mirror and the queue; this crate moves them over
//! HTTPS. It is blocking: it runs on the CLI's thread and on a background thread of the app.
//!
//! - [`connect`] logs the unit in (changing its initial password when asked), takes the
//!   first mirror and links the store; the session token goes to the OS keyring.
//! - [`sync`] sends what the unit did (oldest first, each with its idempotency key, so an
//!   action whose answer was lost is simply sent again), records the office's answers and
//!   takes the mirror again. Nothing is lost when the office cannot be reached.
//! - [`listen`] waits on the office's events and says when the unit's parts changed.
//! - [`forget`] logs out: the token leaves the keyring.
//!
//! The office's certificate is pinned by its fingerprint ([`pin`]): a different certificate
//! is refused with `certificate_mismatch`, never accepted.
#![deny(missing_docs)]

use std::io::BufRead;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use dondoc_core::desk::{normalise_fingerprint, DeskAction, DeskLink, NewLink, MAX_ACTIONS};
use dondoc_core::{CoreError, ErrorCode, Store};

pub use dondoc_core::desk::SyncReport;

mod address;
mod client;
pub mod pin;
mod secret;

pub use address::normalise as normalise_server;
use client::{expired, Client};

/// What the unit types to connect its desk (from the slip the office printed).
#[derive(Debug, Clone, Default)]
pub struct ConnectInput {
    /// The office's address (`192.168.1.10:8443` or `https://192.168.1.10:8443/`).
    pub server: String,
    /// The unit's user name at the portal (its registry code).
    pub user: String,
    /// The password (the initial one on the slip, or the unit's own).
    pub password: String,
    /// The certificate's SHA-256, as on the slip (`AB:CD:…` or plain hex).
    pub fingerprint: String,
    /// The new password, when the initial one must be changed at the first log-in.
    pub new_password: Option<String>,
}

/// Most bytes of actions sent in one request (the portal takes up to 2 MB).
const BATCH_BYTES: usize = 1024 * 1024;

/// Connects `store` to the office as `input` says, at `now`: logs in as a desk (changing the
/// initial password to `input.new_password` when the office asks for it), takes the unit's
/// mirror, links the store, and keeps the session in the OS keyring. Connecting again (a
/// new address, a new password) keeps the queue.
///
/// Errors: `validation` (the address, the fingerprint), `certificate_mismatch`,
/// `unreachable`, `wrong_credentials`, `password_change_required` (no new password given),
/// `weak_password`, `conflict` (a store holding the office's own work).
pub fn connect(store: &mut Store, input: &ConnectInput, now: DateTime<Utc>) -> Result<DeskLink, CoreError> {
    let server = address::normalise(&input.server)?;
    let fingerprint = normalise_fingerprint(&input.fingerprint)?;
    let user = input.user.trim();
    if user.is_empty() {
        return Err(CoreError::invalid("user", "Hãy nhập tên đăng nhập của đơn vị (như trên phiếu)."));
    }
    let client = Client::new(&server, &fingerprint)?;
    let (mut token, must_change) = client.log_in(user, &input.password)?;
    if must_change {
        let Some(new) = input.new_password.as_deref().filter(|p| !p.is_empty()) else {
            client.log_out(&token);
            return Err(CoreError::portal(
                ErrorCode::PasswordChangeRequired,
                "Mật khẩu trên phiếu chỉ dùng cho lần đăng nhập đầu: hãy nhập một mật khẩu mới cho đơn vị rồi kết nối lại.",
            ));
        };
        let changed = client.change_password(&token, &input.password, new)?;
        // The session the change opens is a browser's; the desk logs in again as a desk.
        client.log_out(&changed);
        token = client.log_in(user, new)?.0;
    }
    let mirror = match client.mirror(&token) {
        Ok(m) => m,
        Err(e) => {
            client.log_out(&token);
            return Err(e);
        }
    };
    let previous = store.desk_link()?;
    secret::save(&server, user, &token)?;
    if let Err(e) = store.link_desk(&NewLink { server: server.clone(), user: user.to_string(), fingerprint }, &mirror, now) {
        let _ = secret::delete(&server, user);
        client.log_out(&token);
        return Err(e);
    }
    if let Some(old) = previous.filter(|old| old.server != server || old.user != user) {
        secret::delete(&old.server, &old.user)?;
    }
    tracing::info!(%server, user, "desk: connected to the office");
    store.desk_link()?.ok_or_else(|| CoreError::Conflict("Kết nối chưa được ghi lại.".into()))
}

/// The link and its session, or why the desk cannot talk to the office.
fn session(store: &Store) -> Result<(DeskLink, String), CoreError> {
    let link = store.desk_link()?.ok_or_else(dondoc_core::desk::not_linked)?;
    let token = secret::load(&link.server, &link.user)?.ok_or_else(expired)?;
    Ok((link, token))
}

/// The queue split into requests: at most [`MAX_ACTIONS`] and about [`BATCH_BYTES`] each.
fn batches(actions: Vec<DeskAction>) -> Vec<Vec<DeskAction>> {
    let mut out: Vec<Vec<DeskAction>> = Vec::new();
    let mut bytes = 0;
    for a in actions {
        let size = serde_json::to_string(&a).map(|s| s.len()).unwrap_or(0);
        match out.last_mut() {
            Some(last) if last.len() < MAX_ACTIONS && bytes + size <= BATCH_BYTES => last.push(a),
            _ => {
                bytes = 0;
                out.push(vec![a]);
            }
        }
        bytes += size;
    }
    out
}

/// One exchange with the office: the queue out, the answers and the mirror in.
fn exchange(store: &mut Store, client: &Client, token: &str, now: DateTime<Utc>) -> Result<SyncReport, CoreError> {
    let mut report = SyncReport::default();
    for batch in batches(store.pending_actions()?) {
        let answers = client.actions(token, &batch)?;
        // Recorded batch by batch: a failure later does not resend what is answered.
        report.conflicts += store.record_answers(&answers, now)?;
        report.sent += answers.len();
    }
    let mirror = client.mirror(token)?;
    report.pulled = store.apply_mirror(&mirror, now)?;
    Ok(report)
}

/// Sends the unit's queued actions to the office (oldest first), records its answers, and
/// takes the mirror again, at `now`. When the office cannot be reached (or its certificate
/// is not the pinned one, or the session is over) the store records why and since when,
/// the queue stays as it is, and the error is `unreachable`, `certificate_mismatch` or
/// `unauthenticated` ("hãy đăng nhập lại": the window asks for the password again).
pub fn sync(store: &mut Store, now: DateTime<Utc>) -> Result<SyncReport, CoreError> {
    let outcome = session(store).and_then(|(link, token)| {
        let client = Client::new(&link.server, &link.fingerprint)?;
        exchange(store, &client, &token, now)
    });
    match outcome {
        Err(e) if matches!(e.code(), ErrorCode::Unreachable | ErrorCode::CertificateMismatch | ErrorCode::Unauthenticated) => {
            let e = if e.code() == ErrorCode::Unauthenticated { expired() } else { e };
            if store.desk_link()?.is_some() {
                store.desk_unreachable(now, &e.to_string())?;
            }
            Err(e)
        }
        other => other,
    }
}

/// Waits on the office's events for `link`'s unit and calls `on_change` for every
/// `changed` event (one of the unit's parts changed: the caller runs [`sync`]). Returns
/// `Ok` when `stop` is set (noticed within about 30 s: the office sends a keep-alive every
/// 15 s and a silent connection times out) or when the office ends the stream; an error when
/// the office cannot be reached or the session is over.
pub fn listen(link: &DeskLink, stop: &AtomicBool, on_change: &mut dyn FnMut()) -> Result<(), CoreError> {
    let token = secret::load(&link.server, &link.user)?.ok_or_else(expired)?;
    let client = Client::new(&link.server, &link.fingerprint)?;
    let res = client.events(&token).map_err(|e| if e.code() == ErrorCode::Unauthenticated { expired() } else { e })?;
    let mut reader = std::io::BufReader::new(res.into_reader());
    let (mut line, mut changed) = (String::new(), false);
    while !stop.load(Ordering::SeqCst) {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(_) if stop.load(Ordering::SeqCst) => return Ok(()),
            Err(e) => return Err(client.transport(None, &e)),
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            // The end of an event.
            if std::mem::take(&mut changed) {
                on_change();
            }
        } else if line == "event: changed" || line == "event:changed" {
            changed = true;
        }
    }
    Ok(())
}

/// Logs the desk out: its session leaves the OS keyring. The link and the mirror stay (the
/// unit still sees its last list); the next [`connect`] asks for the password again.
pub fn forget(store: &Store) -> Result<(), CoreError> {
    match store.desk_link()? {
        Some(link) => secret::delete(&link.server, &link.user),
        None => Ok(()),
    }
}
