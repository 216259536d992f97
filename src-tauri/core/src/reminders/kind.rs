//! The kinds of reminder and of notification, as closed types. Both are stored as short
//! codes (`before_3`, `custom:12`, `digest`) in `reminder_log` and `notice`, the codes the
//! exactly-once log has always keyed on, so a store written before these types reads the same.

use std::fmt;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Serialize, Serializer};

/// Why a reminder is due for one part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReminderKind {
    /// So many days before the deadline (`before_7`, `before_3`, `before_1`).
    Before(u32),
    /// On the deadline (`due`).
    Due,
    /// After the deadline, once per working day (`overdue`).
    Overdue,
    /// A reminder the office set on a task or a part (`custom:<id>`, the row's id).
    Custom(i64),
}

impl ReminderKind {
    /// The kind of a standing reminder `offset` days before the deadline (0: on the day).
    pub fn before(offset: u32) -> ReminderKind {
        if offset == 0 {
            ReminderKind::Due
        } else {
            ReminderKind::Before(offset)
        }
    }

    /// The stored code.
    pub fn code(&self) -> String {
        match self {
            ReminderKind::Before(n) => format!("before_{n}"),
            ReminderKind::Due => "due".into(),
            ReminderKind::Overdue => "overdue".into(),
            ReminderKind::Custom(id) => format!("custom:{id}"),
        }
    }

    /// Reads a stored code; `None` for anything else.
    pub fn parse(code: &str) -> Option<ReminderKind> {
        match code {
            "due" => Some(ReminderKind::Due),
            "overdue" => Some(ReminderKind::Overdue),
            _ => {
                if let Some(n) = code.strip_prefix("before_") {
                    n.parse().ok().filter(|n| *n > 0).map(ReminderKind::Before)
                } else if let Some(id) = code.strip_prefix("custom:") {
                    id.parse().ok().map(ReminderKind::Custom)
                } else {
                    None
                }
            }
        }
    }
}

/// What a notification is: one reminder, or one of the summaries made of several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// One reminder about one part.
    Reminder(ReminderKind),
    /// Several reminders due at one instant, in one notification (`digest`).
    Digest,
    /// The reminders missed while the app was not running (`catch_up`).
    CatchUp,
    /// The morning summary of the working day (`morning`).
    Morning,
}

impl NoticeKind {
    /// The stored code.
    pub fn code(&self) -> String {
        match self {
            NoticeKind::Reminder(k) => k.code(),
            NoticeKind::Digest => "digest".into(),
            NoticeKind::CatchUp => "catch_up".into(),
            NoticeKind::Morning => "morning".into(),
        }
    }

    /// Reads a stored code; `None` for anything else.
    pub fn parse(code: &str) -> Option<NoticeKind> {
        match code {
            "digest" => Some(NoticeKind::Digest),
            "catch_up" => Some(NoticeKind::CatchUp),
            "morning" => Some(NoticeKind::Morning),
            _ => ReminderKind::parse(code).map(NoticeKind::Reminder),
        }
    }
}

macro_rules! stored_as_code {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.code())
            }
        }

        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.code())
            }
        }

        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }

        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let code = value.as_str()?;
                Self::parse(code).ok_or_else(|| FromSqlError::Other(format!("unknown {} code {code:?}", stringify!($t)).into()))
            }
        }
    };
}

stored_as_code!(ReminderKind);
stored_as_code!(NoticeKind);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_and_strangers_do_not() {
        let kinds = [
            NoticeKind::Reminder(ReminderKind::Before(7)),
            NoticeKind::Reminder(ReminderKind::before(0)),
            NoticeKind::Reminder(ReminderKind::Overdue),
            NoticeKind::Reminder(ReminderKind::Custom(42)),
            NoticeKind::Digest,
            NoticeKind::CatchUp,
            NoticeKind::Morning,
        ];
        let codes: Vec<String> = kinds.iter().map(NoticeKind::code).collect();
        assert_eq!(codes, ["before_7", "due", "overdue", "custom:42", "digest", "catch_up", "morning"]);
        for (k, c) in kinds.iter().zip(&codes) {
            assert_eq!(NoticeKind::parse(c), Some(*k));
        }
        for bad in ["", "before_", "before_0", "before_x", "custom:", "custom:x", "Digest", "external"] {
            assert_eq!(NoticeKind::parse(bad), None, "{bad:?}");
        }
    }
}
