//! Which backups to keep: the newest of each of the last 7 days, of each of the last 4 ISO
//! weeks and of each of the last 12 months (office time), the newest of all, and every
//! backup of the last 24 hours.
//!
//! The last rule is ours: without it, a second restore on the same day would delete the
//! backup the first one took, which held the office's data as it was before either.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::{io_at, list};
use crate::error::Result;
use crate::time;

/// Days, ISO weeks and months that each keep their newest backup.
const DAYS: i64 = 7;
const WEEKS: i64 = 4;
const MONTHS: i32 = 12;

/// For backups taken at `taken` (any order), whether each is kept at `now`.
pub fn retained(taken: &[DateTime<Utc>], now: DateTime<Utc>) -> Vec<bool> {
    let today = time::office_date(now);
    let this_monday = monday(today);
    let month = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    // Newest first, so the first seen in a bucket is the one kept.
    let mut order: Vec<usize> = (0..taken.len()).collect();
    order.sort_by(|&a, &b| taken[b].cmp(&taken[a]));
    let mut keep = vec![false; taken.len()];
    let (mut days, mut weeks, mut months) = (HashSet::new(), HashSet::new(), HashSet::new());
    for (rank, &i) in order.iter().enumerate() {
        let at = taken[i];
        let day = time::office_date(at);
        let newest_overall = rank == 0;
        let recent = at > now - Duration::hours(24);
        let in_days = (today - day).num_days() < DAYS && days.insert(day);
        let week = monday(day);
        let in_weeks = (this_monday - week).num_weeks() < WEEKS && weeks.insert(week);
        let in_months = month(today) - month(day) < MONTHS && months.insert(month(day));
        keep[i] = newest_overall || recent || in_days || in_weeks || in_months;
    }
    keep
}

fn monday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// Deletes the backups in `dest_dir` that [`retained`] does not keep at `now`; returns the
/// deleted paths. Only files named like a backup whose manifest reads as one are ever
/// considered: temporaries, foreign files and damaged backups are left for the office.
pub fn prune(dest_dir: &Path, now: DateTime<Utc>) -> Result<Vec<PathBuf>> {
    let backups: Vec<_> = list(dest_dir)?.into_iter().filter(|b| b.problem.is_none()).collect();
    let mut taken = Vec::with_capacity(backups.len());
    for b in &backups {
        taken.push(time::from_stored(&b.taken_at)?);
    }
    let mut deleted = Vec::new();
    for (b, keep) in backups.into_iter().zip(retained(&taken, now)) {
        if !keep {
            std::fs::remove_file(&b.path).map_err(|e| io_at(&b.path, "Không xóa được bản sao lưu cũ", e))?;
            deleted.push(b.path);
        }
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::time::tests::d;

    /// `date` at `hour`:00 office time.
    fn at(date: &str, hour: u32) -> DateTime<Utc> {
        time::office_offset().from_local_datetime(&d(date).and_hms_opt(hour, 0, 0).unwrap()).unwrap().with_timezone(&Utc)
    }

    /// A daily backup at 08:00 each day from `from` to `to` (inclusive), pruned after each as
    /// the app does; returns the days left.
    fn simulate(from: &str, to: &str, skip: &[&str]) -> Vec<String> {
        let mut kept: Vec<DateTime<Utc>> = Vec::new();
        let mut day = d(from);
        while day <= d(to) {
            if !skip.iter().any(|s| d(s) == day) {
                let now = at(&day.to_string(), 8);
                kept.push(now);
                let keep = retained(&kept, now);
                kept = kept.into_iter().zip(keep).filter_map(|(t, k)| k.then_some(t)).collect();
            }
            day = day.succ_opt().unwrap();
        }
        kept.sort();
        kept.into_iter().map(|t| time::office_date(t).format("%m-%d").to_string()).collect()
    }

    #[test]
    fn a_year_of_daily_backups_keeps_7_days_4_weeks_12_months() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, &[&str], &[&str])] = &[
            // from, to, days without a backup, what is left (mm-dd)
            ("2023-01-01", "2023-12-31", &[], &[
                "01-31", "02-28", "03-31", "04-30", "05-31", "06-30", "07-31", "08-31", "09-30", "10-31", "11-30",
                // weeks of 04/12, 11/12, 18/12 (Sundays), then the last 7 days
                "12-10", "12-17", "12-24",
                "12-25", "12-26", "12-27", "12-28", "12-29", "12-30", "12-31",
            ]),
            // Mid-March, Wednesday 15/03: weeks from Monday 20/02; months Jan and Feb.
            ("2023-01-01", "2023-03-15", &[], &[
                "01-31", "02-26", "02-28", "03-05",
                "03-09", "03-10", "03-11", "03-12", "03-13", "03-14", "03-15",
            ]),
            // Three weeks without backups (the office closed for Tết): the 12 months still hold.
            ("2023-01-01", "2023-02-20", &["2023-01-20", "2023-01-21", "2023-01-22", "2023-01-23", "2023-01-24", "2023-01-25",
              "2023-01-26", "2023-01-27", "2023-01-28", "2023-01-29", "2023-01-30", "2023-01-31", "2023-02-01", "2023-02-02",
              "2023-02-03", "2023-02-04", "2023-02-05", "2023-02-06", "2023-02-07", "2023-02-08", "2023-02-09"], &[
                "01-19", "02-12",
                "02-14", "02-15", "02-16", "02-17", "02-18", "02-19", "02-20",
            ]),
        ];
        for (from, to, skip, want) in cases {
            assert_eq!(simulate(from, to, skip), *want, "daily backups {from} → {to}");
        }
    }

    #[test]
    fn the_newest_backup_and_the_last_24_hours_are_always_kept() {
        let old = [at("2020-05-01", 8), at("2020-04-01", 8)];
        assert_eq!(retained(&old, at("2023-02-27", 9)), [true, false], "two years without a backup: the newest still stays");
        // A restore at 10:00 and another at 11:00: the first one's backup survives the day.
        let two = [at("2023-02-27", 10), at("2023-02-27", 11)];
        assert_eq!(retained(&two, at("2023-02-27", 12)), [true, true]);
        assert_eq!(retained(&two, at("2023-02-28", 12)), [false, true], "a day later the day keeps its newest");
        // Daily buckets are office days: 23:00 and 00:00 the next night are two days.
        let night = [at("2023-02-26", 23), at("2023-02-27", 0)];
        assert_eq!(retained(&night, at("2023-03-02", 9)), [true, true]);
    }
}
