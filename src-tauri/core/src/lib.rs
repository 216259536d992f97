//! # dondoc-core
//!
//! Everything Đôn đốc knows, without any user interface: the domain vocabulary, the SQLite
//! store and its migrations, validation with Vietnamese messages, and the rules (statuses,
//! and later reminders and the directive reader). The Tauri shell and the CLI are thin
//! layers over this crate.
//!
//! Time is always passed in ([`Ctx`]): nothing here reads the clock, so every rule can be
//! tested at an exact instant.
#![deny(missing_docs)]

pub mod backup;
pub mod conclusion;
pub mod db;
pub mod demo;
pub mod desk;
pub mod documents;
pub mod error;
pub mod export;
pub mod model;
pub mod opening;
pub mod par;
pub mod paste;
pub mod portal;
pub mod queries;
pub mod reader;
pub mod recurrence;
pub mod registry;
pub mod reminders;
pub mod review;
pub mod rules;
pub mod settings;
pub mod status;
pub mod store;
pub mod text;
pub mod time;

use chrono::{DateTime, NaiveDate, Utc};

pub use error::{CoreError, ErrorCode, Result, StoreProblem};
pub use store::Store;

/// Who is acting and when: handed to every write, so audit rows and date checks never
/// read the clock themselves.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The current instant, as the caller's clock says.
    pub now: DateTime<Utc>,
    /// Who acts (recorded in the audit log).
    pub actor: String,
}

impl Ctx {
    /// A context at `now` for `actor`.
    pub fn new(now: DateTime<Utc>, actor: impl Into<String>) -> Self {
        Ctx { now, actor: actor.into() }
    }

    /// Today's date in the office.
    pub fn today(&self) -> NaiveDate {
        time::office_date(self.now)
    }

    /// `now` in storage form.
    pub fn stamp(&self) -> String {
        time::to_stored(self.now)
    }
}
