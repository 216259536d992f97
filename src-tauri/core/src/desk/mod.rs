//! Đôn đốc at a unit (issue 18): the same app, installed at a commune or a department,
//! becomes that unit's desk. It keeps a read-only **mirror** of the unit's parts, taken
//! from the office's portal, runs the office's own reminder rules on it, and **queues**
//! what the unit does (a tick, a note, an extension request) until the office answers.
//!
//! Both ends live here, so one set of types is the contract:
//! - at the office, [`Store::desk_mirror`] builds a unit's mirror (scoped to the unit in
//!   the core, like every portal read) and [`Store::desk_apply`] applies a desk's queued
//!   actions exactly once each, in order, answering each `applied` or `conflict`;
//! - at the unit, [`Store::link_desk`] and [`Store::apply_mirror`] keep the mirror, and
//!   [`Store::queue_action`] records an action, shows it at once on the mirror and keeps
//!   it until [`Store::record_answers`].
//!
//! The network between them is the desk client's (crate `dondoc-desk`); nothing here
//! reads the clock.

use serde::{Deserialize, Serialize};

mod actions;
mod link;
mod mirror;
mod outbox;

pub use actions::MAX_ACTIONS;
pub use link::{certificate_fingerprint, fingerprint_pairs, normalise_fingerprint, not_linked, DeskContact, DeskLink, NewLink};
pub use mirror::{Mirror, MirrorUnit, MIRROR_FORMAT};
pub use outbox::OutboxItem;

/// What a unit did at its desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Ticked a part off: `{on, note?, value?}`.
    Done,
    /// Added a progress note: `{note}`.
    Note,
    /// Asked for more time: `{until, reason}`.
    Extension,
}

impl ActionKind {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Done => "done",
            ActionKind::Note => "note",
            ActionKind::Extension => "extension",
        }
    }

    fn parse(s: &str) -> Option<ActionKind> {
        match s {
            "done" => Some(ActionKind::Done),
            "note" => Some(ActionKind::Note),
            "extension" => Some(ActionKind::Extension),
            _ => None,
        }
    }

    /// In Vietnamese, for a conflict's message ("đánh dấu hoàn thành").
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::Done => "đánh dấu hoàn thành",
            ActionKind::Note => "ghi chú tiến độ",
            ActionKind::Extension => "đề nghị gia hạn",
        }
    }
}

/// One queued action as the desk sends it (`POST /api/desk/actions`, a JSON array of
/// these, oldest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskAction {
    /// Idempotency key: the office applies an action once per key, however often it arrives.
    pub key: String,
    /// The part.
    pub assignment_id: i64,
    /// What was done.
    pub kind: ActionKind,
    /// Its fields: `{on, note, value}`, `{note}` or `{until, reason}`.
    pub body: serde_json::Value,
    /// The part's state as the unit saw it when acting.
    pub base_state: String,
    /// The part's `updated_at` as the unit saw it: the office changed the part meanwhile
    /// when its own differs.
    pub base_updated: String,
    /// When the unit acted (UTC stamp).
    pub queued_at: String,
}

/// How the office took an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Applied (now, or the first time this key arrived).
    Applied,
    /// Not applied: the office changed the part meanwhile, or refused it; the message says why.
    Conflict,
}

/// The office's answer to one action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionAnswer {
    /// The action's key.
    pub key: String,
    /// Applied or not.
    pub outcome: Outcome,
    /// Why not, in Vietnamese (a conflict).
    pub message: Option<String>,
    /// This key had arrived before: nothing was applied this time.
    pub replayed: bool,
}

/// What one synchronisation did, as `dondoc-cli sync` prints it (a contract).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncReport {
    /// Parts in the mirror taken from the office.
    pub pulled: usize,
    /// Queued actions the office answered.
    pub sent: usize,
    /// Of those, the ones it did not apply.
    pub conflicts: usize,
}
