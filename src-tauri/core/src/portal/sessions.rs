//! Logging in and sessions. A session is a random 256-bit token the browser keeps in a
//! cookie; the store keeps only its SHA-256, so a copy of the store (a backup) opens no
//! session. A session ends after [`IDLE_HOURS`] unused, [`ABSOLUTE_DAYS`] after the
//! log-in, at log-out, and for all of an account's sessions when its password changes.
//!
//! Logging in is split in three so that the slow argon2 check never holds the write lock:
//! [`Store::login_candidate`] reads the account, [`LoginCandidate::verify`] checks the
//! password on any thread, [`Store::finish_login`] records the outcome.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

use super::{check_strength, hash_password, refuse, verify_password, Caller, Role, ABSOLUTE_DAYS, IDLE_HOURS, LOCK_MINUTES, MAX_FAILED};
use crate::error::{ErrorCode, Result};
use crate::{time, Store};

/// A session token as the cookie carries it (64 hex digits). Never stored.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(pub String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

impl Token {
    pub(crate) fn generate() -> Token {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        Token(hex(&bytes))
    }

    /// The form the store keeps: hex SHA-256 of the token.
    pub(crate) fn hashed(&self) -> String {
        hex(&Sha256::digest(self.0.as_bytes()))
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An open session, as a request presents it.
#[derive(Debug, Clone)]
pub struct Session {
    /// The account.
    pub account_id: i64,
    /// Its user name.
    pub user: String,
    /// Who acts.
    pub caller: Caller,
    /// The initial password is not changed yet: nothing but the change is allowed.
    pub must_change: bool,
    /// The last use is old enough to be written again ([`Store::touch_portal_session`]);
    /// writing every use would put a write behind every read.
    pub stale: bool,
}

impl Session {
    /// Refuses everything but changing the password while it must be changed.
    pub fn ready(&self) -> Result<&Caller> {
        if self.must_change {
            return Err(refuse(ErrorCode::PasswordChangeRequired, "Bạn cần đổi mật khẩu được cấp trước khi sử dụng cổng."));
        }
        Ok(&self.caller)
    }
}

/// A successful log-in: the token for the cookie, and the session it opened.
#[derive(Debug, Clone)]
pub struct Login {
    /// The new session's token (set it in the cookie; it is not kept anywhere else).
    pub token: Token,
    /// The session.
    pub session: Session,
}

/// An account looked up for a log-in, before its password is checked.
#[derive(Debug, Clone)]
pub struct LoginCandidate {
    account_id: Option<i64>,
    hash: String,
}

/// A hash of a password nobody has, checked when the user name is unknown so that a wrong
/// name takes as long as a wrong password (no user-name probing by timing).
fn dummy_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&super::generate_password()).unwrap_or_default()).clone()
}

impl LoginCandidate {
    /// Whether `password` is the account's: slow (argon2id), call it outside the writer.
    pub fn verify(&self, password: &str) -> bool {
        let ok = verify_password(&self.hash, password);
        ok && self.account_id.is_some()
    }
}

fn wrong() -> crate::CoreError {
    refuse(ErrorCode::WrongCredentials, "Tên đăng nhập hoặc mật khẩu không đúng.")
}

fn locked(until: DateTime<Utc>) -> crate::CoreError {
    refuse(ErrorCode::AccountLocked, format!("Tài khoản tạm khóa do nhập sai mật khẩu quá {MAX_FAILED} lần; hãy thử lại sau {}.", time::format_local(until)))
}

fn caller_of(role: &str, unit_id: Option<i64>, name: String) -> Result<Caller> {
    Ok(match (Role::parse(role)?, unit_id) {
        (Role::Unit, Some(unit_id)) => Caller::Unit { unit_id, name },
        (Role::Office, _) => Caller::Office { name },
        _ => Caller::Leader { name },
    })
}

impl Store {
    /// The enabled account `user` for a log-in at `now`; a locked one is refused at once
    /// (its password is not even checked). An unknown or disabled name gives a candidate
    /// that matches no password.
    pub fn login_candidate(&self, now: DateTime<Utc>, user: &str) -> Result<LoginCandidate> {
        let row: Option<(i64, String, Option<String>)> = self
            .conn()
            .query_row("SELECT id, password_hash, locked_until FROM portal_account WHERE user_name = ?1 AND enabled = 1", [user.trim()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((id, hash, locked_until)) = row else { return Ok(LoginCandidate { account_id: None, hash: dummy_hash() }) };
        if let Some(t) = locked_until.as_deref().map(time::from_stored).transpose()?.filter(|t| *t > now) {
            return Err(locked(t));
        }
        Ok(LoginCandidate { account_id: Some(id), hash })
    }

    /// Records a log-in attempt checked with [`LoginCandidate::verify`]: a success opens a
    /// session; a failure counts, and the [`MAX_FAILED`]th in a row locks the account for
    /// [`LOCK_MINUTES`] from `now`.
    pub fn finish_login(&mut self, now: DateTime<Utc>, candidate: &LoginCandidate, ok: bool) -> Result<Login> {
        let Some(id) = candidate.account_id else { return Err(wrong()) };
        let stamp = time::to_stored(now);
        let token = Token::generate();
        let opened = self.write(|tx| {
            // Locked meanwhile by another attempt: refused, even with the right password.
            let until: Option<String> = tx.query_row("SELECT locked_until FROM portal_account WHERE id = ?1", [id], |r| r.get(0))?;
            if let Some(t) = until.as_deref().map(time::from_stored).transpose()?.filter(|t| *t > now) {
                return Ok(Err(locked(t)));
            }
            if !ok {
                let failed: i64 =
                    tx.query_row("UPDATE portal_account SET failed_count = failed_count + 1 WHERE id = ?1 RETURNING failed_count", [id], |r| r.get(0))?;
                if failed >= MAX_FAILED {
                    let until = time::to_stored(now + Duration::minutes(LOCK_MINUTES));
                    tx.execute("UPDATE portal_account SET failed_count = 0, locked_until = ?2 WHERE id = ?1", params![id, until])?;
                }
                return Ok(Err(wrong()));
            }
            tx.execute("UPDATE portal_account SET failed_count = 0, locked_until = NULL WHERE id = ?1", [id])?;
            tx.execute(
                "INSERT INTO portal_session (token_hash, account_id, created_at, last_seen) VALUES (?1, ?2, ?3, ?3)",
                params![token.hashed(), id, stamp],
            )?;
            Ok(Ok(()))
        })?;
        opened?;
        let session = self.portal_session(now, &token)?;
        Ok(Login { token, session })
    }

    /// Logs in at `now` in one call (the three steps above, the check under `&mut self`):
    /// for the CLI and tests; the server splits it.
    pub fn portal_login(&mut self, now: DateTime<Utc>, user: &str, password: &str) -> Result<Login> {
        let candidate = self.login_candidate(now, user)?;
        let ok = candidate.verify(password);
        self.finish_login(now, &candidate, ok)
    }

    /// The session `token` opens at `now`, or `unauthenticated` when there is none, it has
    /// expired (idle or absolute), or its account was disabled.
    pub fn portal_session(&self, now: DateTime<Utc>, token: &Token) -> Result<Session> {
        let gone = || refuse(ErrorCode::Unauthenticated, "Phiên làm việc đã hết hạn hoặc chưa đăng nhập; hãy đăng nhập lại.");
        let row: Option<(i64, String, String, Option<i64>, String, bool, String, String, bool)> = self
            .conn()
            .query_row(
                "SELECT a.id, a.user_name, a.role, a.unit_id, a.display_name, a.must_change, s.created_at, s.last_seen,
                        EXISTS (SELECT 1 FROM desk_session d WHERE d.token_hash = s.token_hash)
                   FROM portal_session s JOIN portal_account a ON a.id = s.account_id
                  WHERE s.token_hash = ?1 AND a.enabled = 1",
                [token.hashed()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?)),
            )
            .optional()?;
        let (account_id, user, role, unit_id, name, must_change, created, last_seen, desk) = row.ok_or_else(gone)?;
        let (created, last_seen) = (time::from_stored(&created)?, time::from_stored(&last_seen)?);
        // A desk's session is not ended by a night with the machine off: only the absolute limit.
        let idle_over = !desk && now >= last_seen + Duration::hours(IDLE_HOURS);
        if now >= created + Duration::days(ABSOLUTE_DAYS) || idle_over {
            return Err(gone());
        }
        let stale = now >= last_seen + Duration::minutes(1);
        Ok(Session { account_id, user, caller: caller_of(&role, unit_id, name)?, must_change, stale })
    }

    /// Records that the session `token` was used at `now` (its idle time starts again).
    pub fn touch_portal_session(&mut self, now: DateTime<Utc>, token: &Token) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE portal_session SET last_seen = ?2 WHERE token_hash = ?1 AND last_seen < ?2", params![token.hashed(), time::to_stored(now)])?;
            Ok(())
        })
    }

    /// Marks the session `token` as a unit desk's (the app installed at a unit): it is kept
    /// however long the desk is switched off, up to [`ABSOLUTE_DAYS`] after the log-in.
    pub fn mark_desk_session(&mut self, token: &Token) -> Result<()> {
        self.write(|tx| {
            tx.execute("INSERT OR IGNORE INTO desk_session (token_hash) SELECT token_hash FROM portal_session WHERE token_hash = ?1", [token.hashed()])?;
            Ok(())
        })
    }

    /// Ends the session `token` (log-out). Ending one that does not exist is not an error.
    pub fn portal_logout(&mut self, token: &Token) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM portal_session WHERE token_hash = ?1", [token.hashed()])?;
            Ok(())
        })
    }

    /// Expired sessions are removed (an idle moment's housekeeping); returns how many.
    pub fn prune_portal_sessions(&mut self, now: DateTime<Utc>) -> Result<usize> {
        let idle = time::to_stored(now - Duration::hours(IDLE_HOURS));
        let old = time::to_stored(now - Duration::days(ABSOLUTE_DAYS));
        self.write(|tx| {
            Ok(tx.execute(
                "DELETE FROM portal_session WHERE created_at <= ?2
                    OR (last_seen <= ?1 AND NOT EXISTS (SELECT 1 FROM desk_session d WHERE d.token_hash = portal_session.token_hash))",
                params![idle, old],
            )?)
        })
    }

    /// Changes the password of the session's account from `old` to `new` at `now`: every
    /// session of the account ends (logged out everywhere) and a new one is opened for
    /// this browser. A wrong `old` counts as a failed log-in.
    pub fn change_portal_password(&mut self, now: DateTime<Utc>, token: &Token, old: &str, new: &str) -> Result<Login> {
        let session = self.portal_session(now, token)?;
        check_strength(&session.user, new)?;
        if old == new {
            return Err(refuse(ErrorCode::WeakPassword, "Mật khẩu mới phải khác mật khẩu cũ."));
        }
        let candidate = self.login_candidate(now, &session.user)?;
        if !candidate.verify(old) {
            let e = self.finish_login(now, &candidate, false).err().unwrap_or_else(wrong);
            return Err(if e.code() == ErrorCode::WrongCredentials {
                refuse(ErrorCode::WrongCredentials, "Mật khẩu hiện tại không đúng.")
            } else {
                e
            });
        }
        let hash = hash_password(new)?;
        let new_token = Token::generate();
        let stamp = time::to_stored(now);
        self.write(|tx| {
            tx.execute(
                "UPDATE portal_account SET password_hash = ?2, must_change = 0, failed_count = 0, updated_at = ?3 WHERE id = ?1",
                params![session.account_id, hash, stamp],
            )?;
            tx.execute("DELETE FROM portal_session WHERE account_id = ?1", [session.account_id])?;
            tx.execute(
                "INSERT INTO portal_session (token_hash, account_id, created_at, last_seen) VALUES (?1, ?2, ?3, ?3)",
                params![new_token.hashed(), session.account_id, stamp],
            )?;
            Ok(())
        })?;
        let session = self.portal_session(now, &new_token)?;
        Ok(Login { token: new_token, session })
    }
}
