//! A realistic, deterministic store for benchmarks: 26 units, conferences with directives,
//! tasks fanned out to single units or whole groups, given at conferences over the half
//! year before a fixed as-of date with deadlines up to 6 months after (so deadlines spread
//! ±6 months around it), about 30 % done,
//! Vietnamese titles, some targets and recurrences. Every part keeps the rules' invariant
//! (it opens on or before its deadline and its completion date, see `opening`).
//! The same seed always builds the same store, so anyone can rebuild it.

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;

use dondoc_core::queries::units;
use dondoc_core::recurrence::{self, Rule};
use dondoc_core::{export, opening, text, CoreError, Result};

/// The date every generated store is "as of".
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 30).expect("valid date")
}

/// What was generated.
#[derive(Debug, Clone, Serialize)]
pub struct Generated {
    /// The as-of date the deadlines are spread around.
    pub as_of: String,
    /// Conferences written.
    pub conferences: usize,
    /// Tasks written.
    pub tasks: usize,
    /// Assignments written.
    pub assignments: usize,
    /// The seed used.
    pub seed: u64,
}

/// SplitMix64: tiny, fast, and the same everywhere, which is all a benchmark (or a
/// reproducible stream of test cases) needs.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const VERBS: &[&str] = &[
    "Báo cáo kết quả",
    "Rà soát, đánh giá",
    "Triển khai kế hoạch",
    "Tổ chức kiểm tra",
    "Hoàn thiện hồ sơ",
    "Tham mưu ban hành",
    "Đẩy nhanh tiến độ",
    "Tổng hợp số liệu",
];
const OBJECTS: &[&str] = &[
    "cải cách hành chính",
    "số hóa hồ sơ thủ tục hành chính",
    "giải ngân vốn đầu tư công",
    "xây dựng nông thôn mới",
    "quản lý đất đai",
    "thu ngân sách nhà nước",
    "chuyển đổi số",
    "an toàn giao thông",
    "vệ sinh môi trường",
    "phòng, chống thiên tai",
    "chính sách an sinh xã hội",
    "công tác dân vận chính quyền",
];
const WHEN: &[&str] = &["năm 2024", "quý III/2024", "6 tháng đầu năm", "tháng 7/2024", "giai đoạn 2021–2025", "trên địa bàn huyện"];

/// Fills an empty store with about `assignments` assignments built from `seed`, in one
/// transaction. Refuses a store that already holds work.
pub fn generate(conn: &mut Connection, assignments: usize, seed: u64) -> Result<Generated> {
    if export::has_work(conn)? {
        return Err(CoreError::Conflict("Kho dữ liệu đã có dữ liệu; hãy tạo dữ liệu đo vào một tệp mới.".into()));
    }
    let groups = units::list_groups(conn)?;
    let members = |code: &str| groups.iter().find(|g| g.code == code).map(|g| (g.id, g.unit_ids.clone())).unwrap_or_default();
    let (all_id, all) = members("all");
    let fanouts = [members("communes"), members("departments"), (all_id, all.clone())];
    let mut rng = Rng(seed);
    let center = as_of();
    let stamp = "2024-01-01T01:00:00Z";
    let tx = conn.transaction()?;
    let (mut n_conf, mut n_tasks, mut n_assign) = (0, 0, 0);
    {
        let mut conf = tx.prepare("INSERT INTO conference (title, kind, starts_at, format, status, search_folded, created_at, updated_at) VALUES (?1, ?2, ?3, 'online', 'concluded', ?4, ?5, ?5)")?;
        let mut dir = tx.prepare("INSERT INTO directive (conference_id, ordinal, text) VALUES (?1, ?2, ?3)")?;
        let mut task = tx.prepare(
            "INSERT INTO task (directive_id, title, deadline, recurrence, recurrence_start, recurrence_stopped_on, target_metric, target_op, target_value, target_unit, target_scope, starred, created_at, updated_at, given_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?13, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?5)",
        )?;
        let mut search = tx.prepare("INSERT INTO task_search (rowid, folded) VALUES (?1, ?2)")?;
        let mut role = tx.prepare("INSERT INTO task_unit (task_id, unit_id, role, via_group_id) VALUES (?1, ?2, 'lead', ?3)")?;
        let mut assign = tx.prepare(
            "INSERT INTO assignment (task_id, unit_id, period, deadline, state, completed_on, reported_value, created_at, updated_at, opens_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
        )?;
        let mut audit = tx.prepare("INSERT INTO audit (entity, entity_id, field, new_value, actor, at) VALUES (?1, ?2, 'created', ?3, 'bench-data', ?4)")?;
        let mut opened =
            tx.prepare("INSERT INTO audit (entity, entity_id, field, new_value, actor, at) VALUES ('task', ?1, 'period_opened', ?2, 'bench-data', ?3)")?;
        let (mut conf_id, mut directive_id, mut ordinal, mut given) = (0i64, 0i64, 0i64, center);
        while n_assign < assignments {
            if n_tasks % 12 == 0 {
                // Conferences over the half year before the as-of date (days repeat in a large
                // store); its tasks are given that day.
                let day = center - Days::new(182) + Days::new((n_conf as u64 * 7) % 183);
                given = day;
                let title = format!("Hội nghị {} {}", rng.pick(&["giao ban", "sơ kết", "tổng kết", "chuyên đề"]), rng.pick(OBJECTS));
                let kind = *rng.pick(&["giao_ban", "so_ket", "tong_ket", "chuyen_de"]);
                // Search words empty: the next open builds them with the directives and tasks.
                conf.execute(params![title, kind, format!("{day}T01:00:00Z"), "", stamp])?;
                conf_id = tx.last_insert_rowid();
                n_conf += 1;
                ordinal = 0;
            }
            if n_tasks % 3 == 0 {
                ordinal += 1;
                dir.execute(params![conf_id, ordinal, format!("Ý kiến chỉ đạo số {ordinal} về {}", rng.pick(OBJECTS))])?;
                directive_id = tx.last_insert_rowid();
            }
            let title = format!("{} {} {}", rng.pick(VERBS), rng.pick(OBJECTS), rng.pick(WHEN));
            let deadline = (!rng.chance(10)).then(|| given + Days::new(rng.below(183)));
            let recurring = deadline.is_none() && rng.chance(30);
            let target = rng.chance(10).then(|| rng.below(60) as f64 + 30.0);
            let (group, leads): (Option<i64>, Vec<i64>) = match rng.below(100) {
                0..=49 => (None, vec![*rng.pick(&all)]),
                50..=74 => (Some(fanouts[0].0), fanouts[0].1.clone()),
                75..=89 => (Some(fanouts[1].0), fanouts[1].1.clone()),
                _ => (Some(fanouts[2].0), fanouts[2].1.clone()),
            };
            task.execute(params![
                directive_id,
                title,
                deadline.map(|d| d.to_string()),
                recurring.then_some("monthly:20"),
                given.to_string(),
                target.map(|_| "Tỷ lệ hoàn thành"),
                target.map(|_| ">="),
                target,
                target.map(|_| "%"),
                target.map(|_| "each"),
                rng.chance(5),
                stamp,
                // Stopped after a quarter (by the as-of date at the latest), so each has a
                // few periods and opening the store later adds none.
                recurring.then(|| (given + Days::new(90)).min(center).to_string())
            ])?;
            let task_id = tx.last_insert_rowid();
            search.execute(params![task_id, text::fold(&title)])?;
            n_tasks += 1;
            audit.execute(params!["task", task_id, title, stamp])?;
            let periods: Vec<(String, Option<NaiveDate>, NaiveDate)> = if recurring {
                let rule = Rule::Monthly(Some(20));
                recurrence::periods_to_create(rule, given, Some((given + Days::new(90)).min(center)), center)
                    .into_iter()
                    .map(|p| (p.key.clone(), Some(p.due), opening::part_opens_on(rule, given, &p)))
                    .collect()
            } else {
                vec![(String::new(), deadline, given)]
            };
            let mut units_assigned = 0;
            for unit in leads {
                if n_assign >= assignments {
                    break;
                }
                units_assigned += 1;
                role.execute(params![task_id, unit, group])?;
                for (period, due, opens) in periods.iter().cloned() {
                    // About 30 % done, most on time; a few cancelled; the rest open.
                    let roll = rng.below(100);
                    let (state, done_on) = match (roll, due) {
                        (0..=21, Some(d)) => ("done", Some((d - Days::new(rng.below(10))).max(opens))),
                        (22..=29, Some(d)) => ("done", Some(d + Days::new(1 + rng.below(20)))),
                        (0..=29, None) => ("done", Some((center - Days::new(rng.below(100))).max(opens))),
                        (30..=31, _) => ("cancelled", None),
                        (32..=59, _) => ("in_progress", None),
                        _ => ("not_started", None),
                    };
                    let value = (state == "done" && target.is_some()).then(|| rng.below(100) as f64);
                    assign.execute(params![
                        task_id,
                        unit,
                        period,
                        due.map(|d| d.to_string()),
                        state,
                        done_on.map(|d| d.to_string()),
                        value,
                        stamp,
                        opens.to_string()
                    ])?;
                    n_assign += 1;
                }
            }
            // One audit row per period opened, as the core's recurrence roll writes it.
            if recurring {
                for (period, _, _) in &periods {
                    opened.execute(params![task_id, format!("Kỳ {}: {units_assigned} đơn vị", recurrence::period_label(period)), stamp])?;
                }
            }
        }
    }
    tx.commit()?;
    Ok(Generated { as_of: center.to_string(), conferences: n_conf, tasks: n_tasks, assignments: n_assign, seed })
}
