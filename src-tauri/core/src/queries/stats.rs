//! Counts for the office's overview: per unit, as of a date ("tính đến ngày"), in exactly
//! the status categories of the rules in [`crate::status`].

use chrono::NaiveDate;
use rusqlite::{named_params, Connection};
use serde::Serialize;

use crate::error::Result;
use crate::status::STATUS_SQL;

/// One unit's counts. Field names are a contract of `dondoc-cli stats --json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnitStats {
    /// Unit code.
    pub unit: String,
    /// Unit id (for links in the window).
    #[serde(skip)]
    pub unit_id: i64,
    /// Unit full name (for the window).
    #[serde(skip)]
    pub unit_name: String,
    /// All assignments, cancelled ones included.
    pub total: i64,
    /// Hoàn thành đúng hạn.
    pub done_on_time: i64,
    /// Hoàn thành quá hạn.
    pub done_late: i64,
    /// Hoàn thành (không có hạn).
    pub done_no_deadline: i64,
    /// Đang thực hiện trong hạn.
    pub in_progress: i64,
    /// Chưa có thời hạn.
    pub open_no_deadline: i64,
    /// Quá hạn chưa hoàn thành.
    pub overdue: i64,
    /// Không đạt chỉ tiêu.
    pub target_missed: i64,
    /// Đã hủy.
    pub cancelled: i64,
}

impl UnitStats {
    /// Share of the unit's assignments with a deadline that are done on time, in percent
    /// (cancelled ones and those without a deadline do not count); `None` when none counts.
    pub fn on_time_percent(&self) -> Option<f64> {
        let with_deadline = self.done_on_time + self.done_late + self.in_progress + self.overdue + self.target_missed;
        (with_deadline > 0).then(|| 100.0 * self.done_on_time as f64 / with_deadline as f64)
    }

    fn add(&mut self, status: &str, n: i64) {
        self.total += n;
        match status {
            "done_on_time" => self.done_on_time += n,
            "done_late" => self.done_late += n,
            "done_no_deadline" => self.done_no_deadline += n,
            "in_progress" => self.in_progress += n,
            "open_no_deadline" => self.open_no_deadline += n,
            "overdue" => self.overdue += n,
            "target_missed" => self.target_missed += n,
            _ => self.cancelled += n,
        }
    }
}

/// Per-unit counts as of `as_of`, for every unit that has assignments, in registry order.
pub fn per_unit(conn: &Connection, as_of: NaiveDate) -> Result<Vec<UnitStats>> {
    let sql = format!(
        "SELECT u.id, u.code, u.name, {STATUS_SQL} AS status, count(*)
         FROM assignment a JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id
         GROUP BY u.id, status ORDER BY u.position, u.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(named_params! {":as_of": as_of.to_string()})?;
    let mut out: Vec<UnitStats> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if out.last().map(|s| s.unit_id) != Some(id) {
            out.push(UnitStats { unit_id: id, unit: r.get(1)?, unit_name: r.get(2)?, ..Default::default() });
        }
        let status: String = r.get(3)?;
        out.last_mut().expect("pushed above").add(&status, r.get(4)?);
    }
    Ok(out)
}

/// Ranks units for the overview: highest on-time share first, then fewest overdue, then
/// most done. Units with nothing that counts go last.
pub fn rank(mut stats: Vec<UnitStats>) -> Vec<UnitStats> {
    stats.sort_by(|a, b| {
        let pa = a.on_time_percent().unwrap_or(-1.0);
        let pb = b.on_time_percent().unwrap_or(-1.0);
        pb.total_cmp(&pa)
            .then(a.overdue.cmp(&b.overdue))
            .then((b.done_on_time + b.done_late).cmp(&(a.done_on_time + a.done_late)))
    });
    stats
}
