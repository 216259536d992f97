//! The unit portal (issue 17): the office's store served to the units on the LAN. Accounts
//! (one per unit, disabled until the office enables it; office accounts with the roles
//! `office` and `leader`), their passwords and lockout, sessions, and the [`Caller`] every
//! portal read and write takes.
//!
//! Authorization lives here, not in the page nor in the HTTP server: every read and write
//! made for a unit account is scoped to that unit in the core, so a bug in a page or a
//! forged request cannot reach another unit's part (it is `not_found`, as if it did not
//! exist), and a leader's account cannot write. The HTTP server only turns a cookie into a
//! [`Caller`] and the clock into an instant.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::{CoreError, ErrorCode, Result};

mod accounts;
mod config;
mod paging;
mod password;
pub(crate) mod requests;
mod scope;
mod sessions;

pub use accounts::{Account, Credentials};
pub use config::{PortalSettings, DEFAULT_PORT};
pub use paging::{Cursor, Group, Page, PageQuery, DEFAULT_LIMIT, MAX_LIMIT};
pub use password::{check_strength, generate_password, hash_password, verify_password};
pub use requests::{ExtensionRequest, RequestState};
pub use scope::{AssignmentLine, TaskLine};
pub use sessions::{hex, Login, LoginCandidate, Session, Token};

/// Wrong passwords in a row that lock an account.
pub const MAX_FAILED: i64 = 5;
/// How long a locked account waits, in minutes.
pub const LOCK_MINUTES: i64 = 15;
/// A session unused this long (hours) is over.
pub const IDLE_HOURS: i64 = 8;
/// A session is over this long (days) after the log-in, used or not.
pub const ABSOLUTE_DAYS: i64 = 7;
/// Largest evidence file a unit may upload through the portal (the window allows more).
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;
/// The kinds of evidence files the portal accepts (by extension, lower case).
pub const UPLOAD_EXTENSIONS: &[&str] = &["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png"];

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A unit (commune, department): its own parts only.
    Unit,
    /// The office: everything the window can do.
    Office,
    /// A leader: reads everything, writes nothing.
    Leader,
}

impl Role {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Unit => "unit",
            Role::Office => "office",
            Role::Leader => "leader",
        }
    }

    /// Reads the stored form (or a CLI argument).
    pub fn parse(s: &str) -> Result<Role> {
        match s {
            "unit" => Ok(Role::Unit),
            "office" => Ok(Role::Office),
            "leader" => Ok(Role::Leader),
            _ => Err(CoreError::invalid("role", format!("Vai trò “{s}” không hợp lệ; dùng office hoặc leader."))),
        }
    }
}

/// Who makes a portal request, as its session says. Every portal read and write takes one,
/// and the core decides from it what may be seen and done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// An office account: everything.
    Office {
        /// The account's display name (for the audit).
        name: String,
    },
    /// A leader's account: reads only.
    Leader {
        /// The account's display name.
        name: String,
    },
    /// A unit's account: its own parts only.
    Unit {
        /// The unit.
        unit_id: i64,
        /// The unit's full name ("UBND xã Mỹ Hà").
        name: String,
    },
}

impl Caller {
    /// The name the audit records: "UBND xã Mỹ Hà (cổng đơn vị)", so the office sees in a
    /// part's history that the unit acted itself, through the portal.
    pub fn actor(&self) -> String {
        match self {
            Caller::Unit { name, .. } => format!("{name} (cổng đơn vị)"),
            Caller::Office { name } | Caller::Leader { name } => format!("{name} (cổng)"),
        }
    }

    /// The acting context of this caller at `now`.
    pub fn ctx(&self, now: DateTime<Utc>) -> crate::Ctx {
        crate::Ctx::new(now, self.actor())
    }

    /// The unit this caller is scoped to, if it is a unit.
    pub fn unit_id(&self) -> Option<i64> {
        match self {
            Caller::Unit { unit_id, .. } => Some(*unit_id),
            _ => None,
        }
    }

    /// Refuses a leader (read-only): the writes call this first.
    pub fn may_write(&self) -> Result<()> {
        match self {
            Caller::Leader { .. } => Err(CoreError::portal(ErrorCode::Forbidden, "Tài khoản lãnh đạo chỉ được xem, không được cập nhật.")),
            _ => Ok(()),
        }
    }
}

/// An error of `code` with its Vietnamese message.
pub(crate) fn refuse(code: ErrorCode, message: impl Into<String>) -> CoreError {
    CoreError::portal(code, message)
}
