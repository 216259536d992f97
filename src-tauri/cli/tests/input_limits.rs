//! Commands that read the office's input must not create or lose anything (issue 15):
//! `directives parse` never creates a store and refuses oversized text quickly; `units
//! import` prints what changed; `import --json` refuses a broken document whole.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn cli_with_input(db: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dondoc-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DONDOC_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dondoc-cli");
    let mut stdin = child.stdin.take().unwrap();
    // The CLI may stop reading early (that is the point); a broken pipe is expected then.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn registry_file() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/data/units-myloc.json")
}

const TEXT: &str = "Giao Phòng Nội vụ chủ trì, tham mưu UBND huyện ban hành kế hoạch cải cách hành chính năm 2023, hoàn thành trước ngày 15/3/2023.";

#[test]
fn directives_parse_never_creates_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("khong-co.sqlite3");
    let out = cli_with_input(&db, &["directives", "parse", "--meeting-date", "2023-02-27"], TEXT.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Không có cơ sở dữ liệu ở") && err.contains("--units"), "{err}");
    assert!(!db.exists(), "no store file was created");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing at all was created");

    let out = cli_with_input(&db, &["directives", "parse", "--meeting-date", "2023-02-27", "--units", registry_file().to_str().unwrap()], TEXT.as_bytes());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tasks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!tasks.as_array().unwrap().is_empty());
    assert!(!db.exists(), "reading with --units touches no store");

    // An existing store's registry is read.
    drop(dondoc_core::Store::open(&db).unwrap());
    let out = cli_with_input(&db, &["directives", "parse", "--meeting-date", "2023-02-27"], TEXT.as_bytes());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn directives_parse_refuses_more_than_a_megabyte_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let units = registry_file();
    let args = ["directives", "parse", "--meeting-date", "2023-02-27", "--units", units.to_str().unwrap()];
    // One byte over 1 MB (exactly 1 MB is read: see the unit test of `read_text`).
    let text = vec![b'a'; 1024 * 1024 + 1];
    let started = Instant::now();
    let out = cli_with_input(&dir.path().join("x.sqlite3"), &args, &text);
    assert!(started.elapsed() < Duration::from_secs(2), "refused at once, took {:?}", started.elapsed());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("lớn hơn 1 MB"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn units_import_prints_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(registry_file()).unwrap()).unwrap();
    doc["units"][1]["code"] = " XA-MY-HA ".into();
    doc["units"][1]["short"] = "Xã Mỹ Hà".into();
    let file = dir.path().join("units.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = cli_with_input(&db, &["units", "import", file.to_str().unwrap()], b"");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("0 đơn vị thêm mới, 1 đơn vị thay đổi, 28 đơn vị không đổi."), "{err}");
}

#[test]
fn a_broken_export_is_refused_whole_even_when_replacing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let out = cli_with_input(&db, &["demo"], b"");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let file = dir.path().join("all.json");
    assert!(cli_with_input(&db, &["export", "--json", "--out", file.to_str().unwrap()], b"").status.success());
    let before = std::fs::read_to_string(&file).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&before).unwrap();
    doc["tables"]["assignment"][0]["state"] = "xong".into();
    doc["tables"].as_object_mut().unwrap().remove("notice");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = cli_with_input(&db, &["import", "--json", file.to_str().unwrap(), "--replace"], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Thiếu bảng “notice”") && err.contains("Bảng “assignment”, dòng 1: cột “state”"), "{err}");
    let after = cli_with_input(&db, &["export", "--json"], b"");
    let after: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    assert_eq!(after, serde_json::from_str::<serde_json::Value>(&before).unwrap(), "nothing changed");
}
