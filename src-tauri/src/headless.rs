//! What the app does without a window: `--help` and `--check-store`.
//!
//! `dondoc --check-store` opens the store the app would open (creating and migrating it),
//! prints one JSON line and exits, before any window, tray, scheduler or the
//! single-instance lock exists and before GTK looks for a display. The package test runs
//! it on the installed `/usr/bin/dondoc` of a CI machine with no desktop; an office admin
//! can run it over SSH to see that a store opens and which schema it has.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::state::{open_store, Check, StoreFailure};

/// The flag that opens the store and exits.
pub const CHECK_STORE: &str = "--check-store";

/// The app's identifier in `tauri.conf.json`: the name of its data folder. Kept here
/// because the check runs before Tauri reads its configuration (a test compares them).
pub const IDENTIFIER: &str = "vn.gov.myloc.dondoc";

/// The store's file name inside the data folder (as the app's start uses it).
pub const DB_FILE: &str = "dondoc.sqlite3";

/// The usage text of `dondoc --help`.
pub const HELP: &str = "\
Đôn đốc — theo dõi, đôn đốc thực hiện kết luận hội nghị

Cách dùng: dondoc [--db TỆP] [--hidden] [--check-store] [--help]

  --db TỆP        dùng tệp dữ liệu này (hoặc biến môi trường DONDOC_DB);
                  mặc định: ~/.local/share/vn.gov.myloc.dondoc/dondoc.sqlite3
  --hidden        khởi động ẩn trong khay hệ thống (khi cài đặt cho phép)
  --check-store   chỉ mở (tạo mới, nâng cấp) tệp dữ liệu, in một dòng JSON
                  {\"ok\", \"path\", \"schemaVersion\", \"units\"} rồi thoát; không mở cửa sổ,
                  không cần màn hình. Tệp cũ được sao lưu trước khi nâng cấp, như khi
                  khởi động. Mã thoát 0 khi mở được; 1 khi không (kèm \"code\", \"message\").
  --help          in hướng dẫn này

Quản trị dữ liệu (nhập, xuất, sao lưu): dondoc-cli --help
";

/// What a headless launch asked for.
#[derive(Debug, PartialEq)]
pub enum Headless {
    /// Print the usage text.
    Help,
    /// Open the store, report, exit.
    CheckStore,
}

/// The headless request among `args` (the program name first), if any. `--help` wins.
pub fn requested(args: &[String]) -> Option<Headless> {
    let rest = args.get(1..).unwrap_or_default();
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        Some(Headless::Help)
    } else if rest.iter().any(|a| a == CHECK_STORE) {
        Some(Headless::CheckStore)
    } else {
        None
    }
}

/// The store the app opens when no `--db`/`DONDOC_DB` is given: Tauri's app data folder
/// (`dirs::data_dir()`, the crate and rule Tauri itself uses) joined with the identifier.
pub fn default_db_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(IDENTIFIER).join(DB_FILE))
}

/// Opens the store at `path` exactly as a start of the app does (an older store is backed
/// up before it is migrated; see `state::open_store`) and describes it: the JSON line to
/// print and the exit code. A store that does not open is reported with the core's code
/// and Vietnamese message, and left as it was.
pub fn check_store(path: &Path) -> (Value, i32) {
    let shown = path.display().to_string();
    let described = open_store(path, Check::Now).and_then(|store| {
        let read = || -> dondoc_core::Result<(i64, usize)> {
            let schema: i64 = store.conn().query_row("PRAGMA user_version", [], |r| r.get(0))?;
            Ok((schema, store.units()?.len()))
        };
        read().map_err(|e| StoreFailure { code: e.code(), message: e.to_string() })
    });
    match described {
        Ok((schema, units)) => (json!({"ok": true, "path": shown, "schemaVersion": schema, "units": units}), 0),
        Err(f) => (json!({"ok": false, "path": shown, "code": f.code, "message": f.message}), 1),
    }
}

/// Does what `request` asks, prints it, and gives the process's exit code.
pub fn run(request: Headless, db_override: Option<PathBuf>) -> i32 {
    match request {
        Headless::Help => {
            print!("{HELP}");
            0
        }
        Headless::CheckStore => {
            let Some(path) = db_override.or_else(default_db_path) else {
                let message = "Không xác định được thư mục dữ liệu (thiếu HOME); hãy chỉ rõ --db TỆP.";
                println!("{}", json!({"ok": false, "path": null, "message": message}));
                return 1;
            };
            let (line, code) = check_store(&path);
            println!("{line}");
            code
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn only_the_flags_ask_for_a_headless_run_and_help_wins() {
        assert_eq!(requested(&args(&["dondoc"])), None);
        assert_eq!(requested(&args(&["dondoc", "--hidden", "--db", "/tmp/x"])), None);
        assert_eq!(requested(&args(&["dondoc", "--db", "/tmp/x", "--check-store"])), Some(Headless::CheckStore));
        assert_eq!(requested(&args(&["dondoc", "--check-store", "--help"])), Some(Headless::Help));
        assert_eq!(requested(&args(&["--check-store"])), None, "the program name is not a flag");
    }

    #[test]
    fn a_fresh_store_is_created_migrated_and_seeded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("moi/dondoc.sqlite3");
        let (line, code) = check_store(&path);
        assert_eq!(code, 0, "{line}");
        assert_eq!(line["ok"], true);
        assert_eq!(line["schemaVersion"], dondoc_core::db::schema_version());
        assert_eq!(line["units"], 30);
        assert_eq!(line["path"], path.display().to_string());
        assert!(path.is_file());
    }

    #[test]
    fn a_file_that_is_not_a_store_is_reported_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dondoc.sqlite3");
        let bytes = "dữ liệu của người dùng, không phải SQLite — phải được giữ nguyên......".repeat(3);
        std::fs::write(&path, &bytes).unwrap();
        let (line, code) = check_store(&path);
        assert_eq!(code, 1);
        assert_eq!(line["ok"], false);
        assert_eq!(line["code"], "not_dondoc_file", "{line}");
        assert!(line["message"].as_str().unwrap().contains("không phải tệp dữ liệu Đôn đốc"), "{line}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), bytes);
    }

    #[test]
    fn an_older_store_is_backed_up_before_the_check_migrates_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dondoc.sqlite3");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            dondoc_core::db::migrations().to_version(&mut conn, 9).unwrap();
        }
        let (line, code) = check_store(&path);
        assert_eq!(code, 0, "{line}");
        assert_eq!(line["schemaVersion"], dondoc_core::db::schema_version());
        let backups = dondoc_core::backup::place::list_all(&path);
        assert_eq!(backups.len(), 1, "one backup, taken before the migration");
        assert_eq!((backups[0].reason, backups[0].schema_version), (dondoc_core::backup::Reason::BeforeMigration, 9));
    }

    #[test]
    fn the_identifier_is_the_one_tauri_uses_for_the_data_folder() {
        let conf: Value = serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        assert_eq!(conf["identifier"], IDENTIFIER);
    }
}
