//! End-to-end (issue 15): Cài đặt → Sao lưu lists the backups, "Sao lưu ngay" adds one,
//! "Khôi phục…" puts one back after a backup of what it replaces; a damaged store at start
//! offers its latest backup, and the window goes on with the restored data.

mod support;

use std::time::Duration;

use chrono::Utc;
use dondoc_core::backup::{self, place, Reason};
use dondoc_core::{demo, Ctx, Store};
use support::{prerequisites, Env};

fn rows(s: &support::Session) -> usize {
    s.count("[data-testid='backup-row']")
}

#[test]
fn backups_are_listed_taken_and_restored_from_the_settings() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("data/dondoc.sqlite3");
    let s = env.launch(&["--db", db.to_str().unwrap()]);
    s.id("first-steps");

    // The first start of the day took today's backup (of the empty store).
    s.click(&s.id("nav-settings"));
    s.wait_for("today's backup", || (rows(&s) >= 1).then_some(()));
    let first = s.attr(&s.all("[data-testid='backup-row']")[0], "data-file").unwrap();
    assert!(first.ends_with("-daily.zip"), "{first}");

    // "Sao lưu ngay" adds one.
    s.click(&s.id("backup-now"));
    s.wait_for("the manual backup", || (rows(&s) == 2).then_some(()));
    assert!(s.text(&s.id("backup-done")).starts_with("Đã sao lưu"));

    // Work goes on: the demo conference is loaded.
    s.click(&s.id("nav-dashboard"));
    s.click(&s.id("first-load-demo"));
    s.wait_for("the demo", || (s.count("[data-testid='overview-conference-row']") == 1).then_some(()));

    // Restoring the manual backup (empty) asks first, then replaces the data.
    s.click(&s.id("nav-settings"));
    s.wait_for("the list", || (rows(&s) == 2).then_some(()));
    s.click(&s.el("[data-testid='backup-row'][data-file$='-manual.zip'] [data-testid='restore-backup']"));
    s.id("restore-confirm");
    std::thread::sleep(Duration::from_millis(500));
    s.screenshot("backups-confirm-restore");
    s.click(&s.id("restore-confirm-yes"));
    let done = s.wait_for("the restore", || {
        (s.count("[data-testid='backup-done']") > 0).then(|| s.text(&s.id("backup-done"))).filter(|t| t.starts_with("Đã khôi phục"))
    });
    assert!(done.contains("Dữ liệu trước khi khôi phục được giữ trong bản sao lưu"), "{done}");
    s.wait_for("the safety backup in the list", || (rows(&s) == 3).then_some(()));
    assert_eq!(s.count("[data-testid='backup-row'][data-file$='-before-restore.zip']"), 1, "the data it replaced is kept in a backup");
    std::thread::sleep(Duration::from_millis(500));
    s.screenshot("backups-restored");

    // The window goes on with the restored (empty) store.
    s.click(&s.id("nav-dashboard"));
    s.id("first-steps");
    s.quit();
}

#[test]
fn a_damaged_store_at_start_offers_its_latest_backup_and_opens_it() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("data/dondoc.sqlite3");
    {
        let mut store = Store::open(&db).unwrap();
        demo::load(&mut store, &Ctx::new(Utc::now(), "Văn phòng")).unwrap();
        let conn = backup::open_source(&db).unwrap();
        place::take_for(&conn, &db, Utc::now() - chrono::Duration::days(1), Reason::Daily).unwrap();
    }
    // The history table's first page overwritten, as a failing disk would.
    dondoc_devtools::damage::overwrite_root_page(&db, "audit");

    let s = env.launch(&["--db", db.to_str().unwrap()]);
    s.wait_for("the problem screen", || (s.attr(&s.id("store-problem"), "data-code").as_deref() == Some("damaged")).then_some(()));
    s.wait_for("the backup offered", || (rows(&s) == 1).then_some(()));
    std::thread::sleep(Duration::from_millis(500));
    s.screenshot("store-damaged");
    s.click(&s.id("restore-backup"));
    s.click(&s.id("restore-confirm-yes"));
    s.wait_for("the overview with the restored data", || (s.count("[data-testid='overview-conference-row']") == 1).then_some(()));
    // The damaged file was kept aside, not deleted.
    let kept = std::fs::read_dir(db.parent().unwrap()).unwrap().filter_map(|e| e.ok()).any(|e| e.file_name().to_string_lossy().contains("damaged"));
    assert!(kept, "the damaged store is kept beside");
    s.quit();
}

#[test]
fn a_backup_that_cannot_go_to_the_chosen_folder_is_said_in_the_window() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("data/dondoc.sqlite3");
    drop(Store::open(&db).unwrap());
    // The office chose a USB stick that is not there now: a plain file stands at its path.
    let usb = env.home.path().join("usb");
    place::choose(&db, Some(&usb)).unwrap();
    std::fs::remove_dir_all(&usb).unwrap();
    std::fs::write(&usb, b"").unwrap();

    let s = env.launch(&["--db", db.to_str().unwrap()]);
    s.id("first-steps");
    // Today's backup went to the data folder instead, and the window says so.
    let banner = s.wait_for("the banner", || (s.count("[data-testid='backup-problem-banner']") == 1).then(|| s.text(&s.id("backup-problem-banner"))));
    assert!(banner.starts_with("Thư mục sao lưu đã chọn không dùng được: Không tạo được thư mục sao lưu"), "{banner}");
    assert!(banner.contains("Bản sao lưu đã được ghi vào thư mục dữ liệu thay thế."), "{banner}");
    std::thread::sleep(Duration::from_millis(500));
    s.screenshot("backup-problem-banner");
    assert_eq!(place::list_all(&db).len(), 1, "the backup was taken all the same");
    s.quit();
}
