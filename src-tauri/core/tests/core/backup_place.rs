//! Where backups go: the office's chosen folder, the default one when it is missing, and
//! today's backup taken once.

use chrono::{TimeZone, Utc};
use dondoc_core::backup::{self, place, Reason};
use dondoc_core::Store;

fn office() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("data/dondoc.sqlite3");
    drop(Store::open(&store).unwrap());
    (dir, store)
}

#[test]
fn a_chosen_folder_is_checked_when_chosen_and_kept_beside_the_store() {
    let (dir, store) = office();
    assert_eq!(place::folder(&store), backup::default_dir_for(&store));
    let err = place::choose(&store, Some(std::path::Path::new("sao-luu"))).unwrap_err();
    assert_eq!(err.code(), "validation");
    // A "folder" under a plain file cannot be created: refused now, not tonight.
    std::fs::write(dir.path().join("a-file"), b"x").unwrap();
    let err = place::choose(&store, Some(&dir.path().join("a-file/sao-luu"))).unwrap_err();
    assert!(err.to_string().contains("Không ghi được vào thư mục"), "{err}");
    assert_eq!(place::chosen(&store), None, "a refused choice changes nothing");

    let usb = dir.path().join("usb/DonDoc");
    place::choose(&store, Some(&usb)).unwrap();
    assert_eq!(place::folder(&store), usb);
    assert!(std::fs::read_dir(&usb).unwrap().next().is_none(), "the probe file is gone");
    place::choose(&store, None).unwrap();
    assert_eq!(place::folder(&store), backup::default_dir_for(&store));
}

#[test]
fn a_missing_chosen_folder_sends_the_backup_to_the_data_folder_and_says_so() {
    let (dir, store) = office();
    let usb = dir.path().join("usb");
    place::choose(&store, Some(&usb)).unwrap();
    // The stick is pulled out: where the folder was, a plain file (nothing can be written).
    std::fs::remove_dir_all(&usb).unwrap();
    std::fs::write(&usb, b"").unwrap();
    let conn = backup::open_source(&store).unwrap();
    let now = Utc.with_ymd_and_hms(2023, 3, 1, 1, 0, 0).unwrap();
    let taken = place::take_for(&conn, &store, now, Reason::Daily).unwrap();
    assert!(taken.fallback_reason.is_some(), "the failure of the chosen folder is reported");
    assert!(taken.info.path.starts_with(backup::default_dir_for(&store)), "{}", taken.info.path.display());
    let listed = place::list_all(&store);
    assert_eq!(listed.len(), 1, "found where it went");
    assert_eq!(listed[0].file_name, taken.info.file_name);
}

#[test]
fn today_s_backup_is_due_once_per_office_day() {
    let (_dir, store) = office();
    // 06:30 in Hà Nội is 23:30 UTC the day before: the office's day counts.
    let morning = Utc.with_ymd_and_hms(2023, 2, 28, 23, 30, 0).unwrap();
    assert!(place::daily_due(&store, morning));
    let conn = backup::open_source(&store).unwrap();
    place::take_for(&conn, &store, morning, Reason::Daily).unwrap();
    assert!(!place::daily_due(&store, morning + chrono::Duration::hours(10)), "taken this office day");
    assert!(place::daily_due(&store, morning + chrono::Duration::hours(18)), "the next office day wants its own");
}
