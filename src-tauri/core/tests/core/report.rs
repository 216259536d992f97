//! The status report ("Báo cáo tình hình thực hiện các nhiệm vụ được giao") read back by
//! independent readers: the .xlsx by calamine, the CSV by a small RFC 4180 reader. Its
//! per-unit table is the overview's (`stats::per_unit`), its parts sheet every part that
//! existed on the date, with real dates and numbers.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use chrono::{TimeZone, Utc};
use dondoc_core::documents::report::{self, Report, ReportScope};
use dondoc_core::documents::{csv, xlsx};
use dondoc_core::model::{Target, TargetOp, TargetScope};
use dondoc_core::queries::assignments::{self, AssignmentFilter};
use dondoc_core::queries::stats::{self, UnitStats};
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::Completion;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::status::Status;
use dondoc_core::{Ctx, Store};

use crate::{d, store, unit};

/// A note with a comma, typographic quotes and a line break, as units write them.
const NOTE: &str = "số hóa, “Một cửa”\nđạt 80,5%";

/// Everything is entered on 27/04/2023; the report is as of 15/03/2023.
fn entered() -> Ctx {
    Ctx::new(Utc.with_ymd_and_hms(2023, 4, 27, 2, 0, 0).unwrap(), "Văn phòng")
}

fn as_of() -> chrono::NaiveDate {
    d("2023-03-15")
}

struct Fixture {
    s: Store,
    cchc: i64,
}

/// The conference of 10/01/2023 (CCHC), and with `others` a second conference and a
/// standalone task. As of 15/03/2023 its parts are: done on time (Mỹ Hà), done late (Mỹ
/// Phúc), overdue (Mỹ Thịnh), cancelled (Mỹ Thuận), target missed (Mỹ Hà's 50 of ≥ 60 %),
/// target met (Mỹ Phúc, with [`NOTE`]), in progress (done only on 10/04) and without
/// deadline (Mỹ Tân; Mỹ Thịnh done without one), a
/// monthly report (Mỹ Tiến) whose April period and a task given on 01/04 did not exist
/// yet; Phòng Nội vụ coordinates.
fn fixture(others: bool) -> Fixture {
    let mut s = store();
    let ctx = entered();
    let [ha, phuc, thinh, thuan, tan, tien, noi_vu] =
        ["xa-my-ha", "xa-my-phuc", "xa-my-thinh", "xa-my-thuan", "xa-my-tan", "xa-my-tien", "phong-noi-vu"].map(|c| unit(&s, c));
    let conference = |s: &mut Store, title: &str, held: &str| {
        let input = ConferenceInput { title: title.into(), starts_at: format!("{held} 08:00"), format: "online".into(), ..Default::default() };
        let id = s.create_conference(&ctx, &input).unwrap();
        (id, s.add_directive(id, "Chỉ đạo").unwrap())
    };
    let (cchc, dir) = conference(&mut s, "Hội nghị kiểm điểm CCHC năm 2022", "10/01/2023");
    let task = |s: &mut Store, input: TaskInput| s.create_task(&ctx, &TaskInput { directive_id: Some(dir), ..input }).unwrap();
    let report = task(
        &mut s,
        TaskInput {
            title: "Báo cáo kết quả CCHC".into(),
            deadline: Some("28/02/2023".into()),
            lead_unit_ids: vec![ha, phuc, thinh, thuan],
            coordinator_unit_ids: vec![noi_vu],
            ..Default::default()
        },
    );
    let percent =
        Target { metric: "Tỷ lệ hồ sơ được số hóa".into(), op: TargetOp::Ge, value: 60.0, unit: Some("%".into()), scope: TargetScope::Each };
    let digitise = task(
        &mut s,
        TaskInput {
            title: "Số hóa hồ sơ, kết quả giải quyết TTHC".into(),
            deadline: Some("31/03/2023".into()),
            lead_unit_ids: vec![ha, phuc],
            target: Some(percent),
            ..Default::default()
        },
    );
    let review = task(
        &mut s,
        TaskInput { title: "Rà soát thủ tục hành chính".into(), deadline: Some("30/04/2023".into()), lead_unit_ids: vec![tan], ..Default::default() },
    );
    let it = task(&mut s, TaskInput { title: "Ứng dụng công nghệ thông tin".into(), lead_unit_ids: vec![tan, thinh], ..Default::default() });
    task(&mut s, TaskInput { title: "Báo cáo tháng".into(), recurrence: Some("monthly:20".into()), lead_unit_ids: vec![tien], ..Default::default() });
    task(
        &mut s,
        TaskInput {
            title: "Tổng kết quý I".into(),
            deadline: Some("15/04/2023".into()),
            given_on: Some("01/04/2023".into()),
            lead_unit_ids: vec![ha],
            ..Default::default()
        },
    );
    let part = |s: &Store, task: i64, unit: i64| -> i64 {
        s.conn().query_row("SELECT id FROM assignment WHERE task_id = ?1 AND unit_id = ?2 ORDER BY period LIMIT 1", [task, unit], |r| r.get(0)).unwrap()
    };
    let done = |s: &mut Store, id: i64, on: &str, note: Option<&str>, value: Option<f64>| {
        s.complete_assignment(&ctx, id, &Completion { completed_on: on.into(), note: note.map(String::from), reported_value: value }).unwrap()
    };
    let (p_ha, p_phuc, p_thuan) = (part(&s, report, ha), part(&s, report, phuc), part(&s, report, thuan));
    done(&mut s, p_ha, "20/02/2023", Some("Đã gửi báo cáo\nsố 12/BC-UBND"), None);
    done(&mut s, p_phuc, "05/03/2023", None, None);
    s.cancel_assignment(&ctx, p_thuan, "Sáp nhập vào nhiệm vụ khác").unwrap();
    let (d_ha, d_phuc) = (part(&s, digitise, ha), part(&s, digitise, phuc));
    done(&mut s, d_ha, "10/03/2023", None, Some(50.0));
    done(&mut s, d_phuc, "12/03/2023", Some(NOTE), Some(80.5));
    let it_thinh = part(&s, it, thinh);
    done(&mut s, it_thinh, "01/03/2023", None, None);
    // Done only after the report's date: in progress then, with no completion to show.
    let late_review = part(&s, review, tan);
    done(&mut s, late_review, "10/04/2023", None, Some(3.0));
    if others {
        let (_, dir2) = conference(&mut s, "Giao ban tháng 2", "20/02/2023");
        let input = TaskInput {
            directive_id: Some(dir2),
            title: "Chuẩn bị hội nghị".into(),
            deadline: Some("31/03/2023".into()),
            lead_unit_ids: vec![ha, noi_vu],
            ..Default::default()
        };
        s.create_task(&ctx, &input).unwrap();
        let standalone = TaskInput {
            source_ref: Some("CV số 5/UBND".into()),
            title: "Kiểm tra công vụ".into(),
            deadline: Some("10/03/2023".into()),
            given_on: Some("01/02/2023".into()),
            lead_unit_ids: vec![thinh],
            ..Default::default()
        };
        s.create_task(&ctx, &standalone).unwrap();
    }
    Fixture { s, cchc }
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes)).expect("calamine reads the workbook")
}

fn cell(range: &Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn number(range: &Range<Data>, row: u32, col: u32) -> f64 {
    match cell(range, row, col) {
        Data::Float(f) => f,
        Data::Int(i) => i as f64,
        other => panic!("({row}, {col}) is a number, not {other:?}"),
    }
}

fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    match cell(range, row, col) {
        Data::String(s) => s,
        Data::Empty => String::new(),
        other => panic!("({row}, {col}) is text, not {other:?}"),
    }
}

fn date(range: &Range<Data>, row: u32, col: u32) -> Option<String> {
    match cell(range, row, col) {
        Data::DateTime(dt) => Some(dt.as_datetime().expect("a date").date().to_string()),
        Data::Empty => None,
        other => panic!("({row}, {col}) is a real Excel date, not {other:?}"),
    }
}

/// A summary line read back: code, the counts in [`crate::unit_counts`] order, phối hợp.
fn read_line(range: &Range<Data>, row: u32) -> (String, i64, [i64; 8], i64) {
    // The sheet's columns follow Status::ALL, the order of crate::unit_counts too.
    let mut counts = [0; 8];
    for (i, count) in counts.iter_mut().enumerate() {
        *count = number(range, row, 4 + i as u32) as i64;
    }
    (text(range, row, 2), number(range, row, 3) as i64, counts, number(range, row, 13) as i64)
}

fn expected_line(u: &UnitStats) -> (String, i64, [i64; 8], i64) {
    (u.unit.clone(), u.total, crate::unit_counts(u), u.coordinating)
}

/// The summary sheet's lines and total, against `lines` (ranked) field by field.
fn assert_summary(report: &Report, lines: &[UnitStats], what: &str) {
    let mut book = open(xlsx::render(report).unwrap());
    assert_eq!(book.sheet_names(), [xlsx::SUMMARY_SHEET, xlsx::PARTS_SHEET]);
    let sheet = book.worksheet_range(xlsx::SUMMARY_SHEET).unwrap();
    assert!(text(&sheet, 1, 0).ends_with("tính đến ngày 15/03/2023"), "{what}: {}", text(&sheet, 1, 0));
    let h = xlsx::SUMMARY_HEADER_ROW;
    assert_eq!(text(&sheet, h, 4), "Hoàn thành đúng hạn");
    for (i, line) in lines.iter().enumerate() {
        let row = h + 1 + i as u32;
        assert_eq!(number(&sheet, row, 0), (i + 1) as f64, "{what}: rank");
        assert_eq!(text(&sheet, row, 1), line.unit_name, "{what}: name");
        assert_eq!(read_line(&sheet, row), expected_line(line), "{what}: line {}", line.unit);
        match line.on_time_percent() {
            Some(p) => assert!((number(&sheet, row, 12) - p / 100.0).abs() < 1e-12, "{what}: rate of {}", line.unit),
            None => assert_eq!(text(&sheet, row, 12), "—"),
        }
    }
    let total = h + 1 + lines.len() as u32;
    assert_eq!(text(&sheet, total, 1), "Tổng cộng");
    let (_, t, counts, coordinating) = read_line(&sheet, total);
    let sum = |f: &dyn Fn(&UnitStats) -> i64| lines.iter().map(f).sum::<i64>();
    assert_eq!(t, sum(&|u| u.total), "{what}: total");
    for (i, c) in counts.iter().enumerate() {
        assert_eq!(*c, sum(&|u| crate::unit_counts(u)[i]), "{what}: total of category {i}");
    }
    assert_eq!(coordinating, sum(&|u| u.coordinating));
    assert_eq!(cell(&sheet, total + 1, 1), Data::Empty, "{what}: nothing after the total");
}

#[test]
fn district_xlsx_sums_equal_the_overview_and_lists_every_part_with_real_dates() {
    let f = fixture(true);
    let report = report::build(f.s.conn(), ReportScope::District, as_of()).unwrap();
    let per_unit = stats::per_unit(f.s.conn(), as_of()).unwrap();
    // The fixture has every category somewhere, and coordination.
    let all = report.totals.clone();
    for (i, n) in crate::unit_counts(&all).iter().enumerate() {
        assert!(*n > 0, "category {i} is in the fixture");
    }
    assert!(all.coordinating > 0);
    assert_eq!(report.subject, "toàn huyện");
    assert_eq!(report.summary, stats::rank(per_unit.clone()));
    assert_summary(&report, &stats::rank(per_unit), "district");

    let rows = assignments::list(f.s.conn(), &AssignmentFilter::default(), as_of()).unwrap();
    let existing: i64 = f.s.conn().query_row("SELECT count(*) FROM assignment WHERE opens_on <= '2023-03-15'", [], |r| r.get(0)).unwrap();
    let stored: i64 = f.s.conn().query_row("SELECT count(*) FROM assignment", [], |r| r.get(0)).unwrap();
    assert!(stored > existing, "some parts did not exist yet on the date");
    assert_eq!(report.rows.len() as i64, existing);
    assert_eq!(rows.len(), report.rows.len());

    let mut book = open(xlsx::render(&report).unwrap());
    let sheet = book.worksheet_range(xlsx::PARTS_SHEET).unwrap();
    assert_eq!(sheet.height(), 1 + report.rows.len(), "a header and one row per part");
    assert_eq!(text(&sheet, 0, 0), "Đơn vị");
    assert!(!(1..sheet.height() as u32).any(|r| text(&sheet, r, 1) == "Tổng kết quý I"), "not given yet on the date");
    for (i, r) in report.rows.iter().enumerate() {
        let row = 1 + i as u32;
        assert_eq!(number(&sheet, row, 10) as i64, r.id);
        assert_eq!((text(&sheet, row, 0), text(&sheet, row, 1)), (r.unit_name.clone(), r.task_title.clone()));
        assert_eq!(text(&sheet, row, 2), r.conference_title.clone().unwrap_or_default());
        assert_eq!(date(&sheet, row, 4), r.deadline, "deadline of {}", r.id);
        assert_eq!(text(&sheet, row, 5), r.status.label());
        assert_eq!(date(&sheet, row, 6), r.completed_on);
        match r.reported_value {
            Some(v) => assert_eq!(number(&sheet, row, 7), v),
            None => assert_eq!(cell(&sheet, row, 7), Data::Empty),
        }
    }
    let review = report.rows.iter().find(|r| r.task_title == "Rà soát thủ tục hành chính").unwrap();
    assert_eq!((review.status, &review.completed_on, review.reported_value), (Status::InProgress, &None, None), "done after the date: not shown as done");
    // The part with a target and the note: its value is a number, its note whole.
    let phuc = report.rows.iter().position(|r| r.unit_code == "xa-my-phuc" && r.target.is_some()).unwrap() as u32 + 1;
    assert_eq!(cell(&sheet, phuc, 7), Data::Float(80.5));
    assert_eq!(text(&sheet, phuc, 8), "Tỷ lệ hồ sơ được số hóa ≥ 60%");
    assert_eq!(text(&sheet, phuc, 9), NOTE);
    assert_eq!(text(&sheet, phuc, 3), "");
    assert!((1..sheet.height() as u32).any(|r| text(&sheet, r, 3) == "Tháng 02/2023"), "recurring parts name their period");
    // Units in registry order: the town and communes before the departments.
    let noi_vu = report.rows.iter().position(|r| r.unit_code == "phong-noi-vu").unwrap();
    assert!(report.rows[..noi_vu].iter().all(|r| r.unit_code.starts_with("xa-") || r.unit_code.starts_with("tt-")));
}

#[test]
fn a_conference_report_counts_its_own_parts_as_the_overview_counts_a_store_of_only_them() {
    let all = fixture(true);
    let alone = fixture(false);
    let report = report::build(all.s.conn(), ReportScope::Conference(all.cchc), as_of()).unwrap();
    assert_eq!(report.subject, "Hội nghị kiểm điểm CCHC năm 2022");
    let expected = stats::rank(stats::per_unit(alone.s.conn(), as_of()).unwrap());
    assert_eq!(report.summary, expected, "the same lines as the overview of a store holding only this conference");
    assert_ne!(report.summary, stats::rank(stats::per_unit(all.s.conn(), as_of()).unwrap()), "the other work is left out");
    assert!(report.rows.iter().all(|r| r.conference_id == Some(all.cchc)));
    assert_eq!(report.rows.len() as i64, report.totals.total);
    assert_summary(&report, &expected, "conference");
}

#[test]
fn a_unit_report_is_its_line_and_its_parts() {
    let f = fixture(true);
    let ha = unit(&f.s, "xa-my-ha");
    let report = report::build(f.s.conn(), ReportScope::Unit(ha), as_of()).unwrap();
    assert_eq!(report.subject, "UBND xã Mỹ Hà");
    assert_eq!(report.summary, vec![stats::for_unit(f.s.conn(), ha, as_of()).unwrap()]);
    assert_eq!(report.totals.total, report.summary[0].total);
    let mut ids: Vec<i64> = assignments::list_for_unit(f.s.conn(), ha, as_of()).unwrap().iter().map(|r| r.id).collect();
    let mut got: Vec<i64> = report.rows.iter().map(|r| r.id).collect();
    ids.sort();
    got.sort();
    assert_eq!(got, ids);
    assert_eq!(crate::status_counts(&report.rows), crate::unit_counts(&report.summary[0]));
    assert_summary(&report, &report.summary.clone(), "unit");
    assert!(report.scope_line().starts_with("Đơn vị: UBND xã Mỹ Hà — tính đến ngày 15/03/2023"));
}

#[test]
fn one_snapshot_and_a_conference_or_unit_that_does_not_exist_says_so() {
    let f = fixture(false);
    // Its reads share one snapshot, opened and closed by the report, also inside a caller's read.
    report::build(f.s.conn(), ReportScope::District, as_of()).unwrap();
    assert!(f.s.conn().is_autocommit(), "no transaction left open");
    f.s.conn().execute_batch("BEGIN").unwrap();
    report::build(f.s.conn(), ReportScope::Conference(f.cchc), as_of()).unwrap();
    assert!(!f.s.conn().is_autocommit(), "the caller's transaction is still the caller's");
    f.s.conn().execute_batch("COMMIT").unwrap();
    let err = report::build(f.s.conn(), ReportScope::Conference(999), as_of()).unwrap_err();
    assert_eq!((err.code().as_str(), err.to_string().as_str()), ("not_found", "Không tìm thấy hội nghị (mã 999)."));
    let err = report::build(f.s.conn(), ReportScope::Unit(999), as_of()).unwrap_err();
    assert_eq!((err.code().as_str(), err.to_string().as_str()), ("not_found", "Không tìm thấy đơn vị (mã 999)."));
}

/// Reads CSV as RFC 4180 says: quoted fields may hold commas, doubled quotes and line breaks.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CRLF line ends"),
            (false, '\n') => panic!("a bare LF outside quotes"),
            (false, c) => field.push(c),
        }
        if !quoted && c == '\r' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(field.is_empty() && row.is_empty(), "the file ends with CRLF");
    rows
}

#[test]
fn csv_has_a_bom_keeps_notes_whole_and_one_line_per_part() {
    let f = fixture(true);
    let report = report::build(f.s.conn(), ReportScope::District, as_of()).unwrap();
    let bytes = csv::render(&report);
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with BOM");
    let text = String::from_utf8(bytes).unwrap();
    let rows = read_csv(text.strip_prefix(csv::BOM).unwrap());
    assert_eq!(rows[0], csv::COLUMNS);
    assert_eq!(rows.len(), 1 + report.rows.len());
    for (line, r) in rows[1..].iter().zip(&report.rows) {
        assert_eq!(line.len(), csv::COLUMNS.len());
        assert_eq!((line[0].as_str(), line[2].as_str(), line[3].as_str()), (r.id.to_string().as_str(), r.unit_code.as_str(), r.task_title.as_str()));
        let dmy = |s: &Option<String>| s.as_deref().map(|x| d(x).format("%d/%m/%Y").to_string()).unwrap_or_default();
        assert_eq!((&line[6], &line[8]), (&dmy(&r.deadline), &dmy(&r.completed_on)));
        assert_eq!(line[7], r.status.label());
        assert_eq!(line[11], report::note_text(r), "notes come back whole");
    }
    let phuc = rows.iter().find(|l| l[2] == "xa-my-phuc" && !l[10].is_empty()).unwrap();
    assert_eq!((phuc[9].as_str(), phuc[10].as_str(), phuc[11].as_str()), ("80.5", "Tỷ lệ hồ sơ được số hóa ≥ 60%", NOTE));
    assert!(rows.iter().any(|l| l[6] == "28/02/2023"), "dates dd/mm/yyyy");
}
