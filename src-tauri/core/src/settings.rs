//! The office's settings: reminder time, offsets, working days and hours, digest, window
//! behaviour. Stored as one JSON value; missing fields take their defaults, so a setting
//! added in a later version never breaks an older store.

use chrono::{NaiveTime, Weekday};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// All settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// When rule-based reminders fire, office time ("07:30").
    pub reminder_time: String,
    /// Days before the deadline to remind; 0 is the deadline day itself.
    pub offsets: Vec<u32>,
    /// Working days, 1 = Monday … 7 = Sunday.
    pub working_days: Vec<u32>,
    /// No notification outside working hours and days: deferred, never dropped.
    pub quiet_hours: bool,
    /// Start of working hours ("07:00").
    pub work_start: String,
    /// End of working hours ("17:30").
    pub work_end: String,
    /// A morning digest for the office on working days.
    pub morning_digest: bool,
    /// Closing the window hides it to the tray.
    pub close_to_tray: bool,
    /// Start at login.
    pub autostart: bool,
    /// When started at login, start hidden in the tray.
    pub start_hidden: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            reminder_time: "07:30".into(),
            offsets: vec![7, 3, 1, 0],
            working_days: vec![1, 2, 3, 4, 5],
            quiet_hours: true,
            work_start: "07:00".into(),
            work_end: "17:30".into(),
            morning_digest: false,
            close_to_tray: true,
            autostart: false,
            start_hidden: false,
        }
    }
}

fn time(field: &'static str, s: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| CoreError::invalid(field, format!("Giờ “{s}” không hợp lệ; nhập dạng giờ:phút, ví dụ 07:30.")))
}

impl Settings {
    /// Checks every field; the message says what to fix.
    pub fn validate(&self) -> Result<()> {
        time("reminderTime", &self.reminder_time)?;
        let (start, end) = (time("workStart", &self.work_start)?, time("workEnd", &self.work_end)?);
        if start >= end {
            return Err(CoreError::invalid("workEnd", "Giờ kết thúc làm việc phải sau giờ bắt đầu."));
        }
        if self.offsets.iter().any(|o| *o > 60) {
            return Err(CoreError::invalid("offsets", "Chỉ nhắc trước hạn tối đa 60 ngày."));
        }
        if self.working_days.is_empty() || self.working_days.iter().any(|d| !(1..=7).contains(d)) {
            return Err(CoreError::invalid("workingDays", "Hãy chọn ít nhất một ngày làm việc trong tuần."));
        }
        Ok(())
    }

    /// Reminder time.
    pub fn reminder_at(&self) -> NaiveTime {
        time("reminderTime", &self.reminder_time).unwrap_or(NaiveTime::from_hms_opt(7, 30, 0).expect("valid"))
    }

    /// Working hours.
    pub fn hours(&self) -> (NaiveTime, NaiveTime) {
        let d = Settings::default();
        (
            time("workStart", &self.work_start).unwrap_or_else(|_| time("", &d.work_start).expect("valid")),
            time("workEnd", &self.work_end).unwrap_or_else(|_| time("", &d.work_end).expect("valid")),
        )
    }

    /// Whether `day` is a working day.
    pub fn is_working_day(&self, day: Weekday) -> bool {
        self.working_days.contains(&day.number_from_monday())
    }
}

/// Reads the settings (defaults when none were saved).
pub fn load(conn: &Connection) -> Result<Settings> {
    let raw: Option<String> = conn.query_row("SELECT value FROM app_setting WHERE key = 'settings'", [], |r| r.get(0)).optional()?;
    Ok(match raw {
        Some(s) => serde_json::from_str(&s)?,
        None => Settings::default(),
    })
}

/// Validates and saves the settings.
pub fn save(tx: &Transaction, s: &Settings) -> Result<()> {
    s.validate()?;
    let mut clean = s.clone();
    clean.offsets.sort_unstable_by(|a, b| b.cmp(a));
    clean.offsets.dedup();
    clean.working_days.sort_unstable();
    clean.working_days.dedup();
    tx.execute(
        "INSERT INTO app_setting (key, value) VALUES ('settings', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![serde_json::to_string(&clean)?],
    )?;
    Ok(())
}

/// Reads a free-form value (scheduler bookkeeping).
pub fn get_value(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM app_setting WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

/// Writes a free-form value.
pub fn set_value(tx: &Transaction, key: &str, value: &str) -> Result<()> {
    tx.execute("INSERT INTO app_setting (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", params![key, value])?;
    Ok(())
}
