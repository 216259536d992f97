//! `dondoc-cli calendar`: the real binary writes the .ics of the open deadlines, refuses to
//! replace a file without `--force`, an unknown unit or a group, and an unwritable folder,
//! each with a Vietnamese message and no file left behind.

mod common;

use common::{cli, json_line};
use std::path::Path;
use std::process::Output;

use chrono::TimeZone;
use dondoc_core::queries::units;
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::task::TaskInput;

/// Refused with exit code `code` and a message containing `says`.
fn refused(out: Output, code: i32, says: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
    assert!(stderr.contains(says), "{says:?} in {stderr}");
    assert!(out.stdout.is_empty());
}

/// A store with three open parts due in February 2023: Mỹ Hà's and Mỹ Thịnh's of one task,
/// and the Phòng Nội vụ's of another.
fn office(db: &Path) {
    let mut s = dondoc_core::Store::open(db).unwrap();
    let ctx = dondoc_core::Ctx::new(chrono::Utc.with_ymd_and_hms(2023, 2, 7, 2, 0, 0).unwrap(), "test");
    let conf = s
        .create_conference(
            &ctx,
            &ConferenceInput { title: "Giao ban tháng 2".into(), starts_at: "06/02/2023 08:00".into(), format: "in_person".into(), ..Default::default() },
        )
        .unwrap();
    let dir = s.add_directive(conf, "Đẩy nhanh tiến độ số hóa hồ sơ.").unwrap();
    let id = |code: &str| units::find_unit_by_code(s.conn(), code).unwrap().unwrap().id;
    let (ha, thinh, noi_vu) = (id("xa-my-ha"), id("xa-my-thinh"), id("phong-noi-vu"));
    for (title, leads) in [("Số hóa hồ sơ", vec![ha, thinh]), ("Rà soát biên chế", vec![noi_vu])] {
        let task = TaskInput { directive_id: Some(dir), title: title.into(), deadline: Some("28/02/2023".into()), lead_unit_ids: leads, ..Default::default() };
        s.create_task(&ctx, &task).unwrap();
    }
}

#[test]
fn writes_the_calendar_and_replaces_it_only_when_forced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    office(&db);
    let out = dir.path().join("lịch huyện.ics");
    let printed = json_line(cli(&db, &["calendar", "--out", out.to_str().unwrap()]));
    assert_eq!(printed, serde_json::json!({ "out": out.to_str().unwrap(), "events": 3 }));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.contains("X-WR-CALNAME:Đôn đốc — UBND huyện Mỹ Lộc\r\n"), "{text}");
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 3);
    assert_eq!(text.matches("DTSTART;VALUE=DATE:20230228\r\n").count(), 3);

    // Never over an existing file without --force; the file is left as it was.
    refused(cli(&db, &["calendar", "--unit", "my thinh", "--out", out.to_str().unwrap()]), 2, "Đã có tệp");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);

    let printed = json_line(cli(&db, &["calendar", "--unit", "my thinh", "--out", out.to_str().unwrap(), "--force"]));
    assert_eq!(printed["events"], 1);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("X-WR-CALNAME:Đôn đốc — Xã Mỹ Thịnh\r\n"), "{text}");
    assert!(text.contains("SUMMARY:Hạn: Số hóa hồ sơ — Xã Mỹ Thịnh\r\n"), "{text}");
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "ics")).count(), 1);
}

#[test]
fn an_unknown_unit_a_group_and_an_unwritable_folder_are_refused_without_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    office(&db);
    let out = dir.path().join("x.ics");
    refused(cli(&db, &["calendar", "--unit", "xa-khong-co", "--out", out.to_str().unwrap()]), 2, "Không tìm thấy đơn vị “xa-khong-co”");
    refused(cli(&db, &["calendar", "--unit", "@communes", "--out", out.to_str().unwrap()]), 2, "là nhóm đơn vị");
    refused(cli(&db, &["calendar", "--out", dir.path().join("không có/x.ics").to_str().unwrap()]), 2, "Không có thư mục");
    assert!(!out.exists());

    // sysfs refuses new files even to root: permission denied.
    let sys = Path::new("/sys/kernel/x.ics");
    refused(cli(&db, &["calendar", "--out", sys.to_str().unwrap()]), 1, "Không ghi được tệp /sys/kernel/x.ics (không có quyền ghi hoặc đọc)");
    assert!(!sys.exists());
}
