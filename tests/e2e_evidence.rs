//! End-to-end (issue 14, item 6): an evidence file filed with a tick opens with the
//! desktop's default app for its type, and "Lưu về máy…" saves a copy where the office
//! chooses in the native dialog. The "default app" is real: a .desktop handler for PDF
//! files, made the default in the test's private mimeapps.list, whose program records
//! the path it was asked to open.

#[path = "support/desktop.rs"]
mod desktop;
mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use desktop::{answer_save_dialog, eventually, record_default_pdf_app};
use support::{prerequisites, Env, Session};

const REPORT: &str = "Kiểm điểm, làm rõ nguyên nhân, hạn chế, trách nhiệm; đăng ký chỉ tiêu thi đua CCHC, báo cáo huyện";
const FILE_NAME: &str = "Biên bản kiểm điểm.pdf";
const PDF: &[u8] = b"%PDF-1.4\n% bien ban kiem diem xa My Ha\n%%EOF\n";

fn report_row() -> String {
    format!("//tr[@data-testid='assignment-row'][.//b[normalize-space()='{REPORT}']]")
}

/// Mỹ Hà ticks its report done with the PDF as evidence, then opens the part's details.
fn tick_with_evidence(s: &Session, file: &Path) {
    s.click(&s.id("nav-conferences"));
    s.click(&s.id("load-demo"));
    s.wait_text("sites-summary", "11 kết nối · 0 một phần · 0 không kết nối");
    s.click(&s.id("nav-units"));
    s.click(&s.xpath("//select[@data-testid='unit-select']/option[normalize-space()='UBND xã Mỹ Hà']"));
    s.click(&s.xpath(&format!("{}//button[@data-testid='tick']", report_row())));
    let date = s.id("tick-date");
    s.clear(&date);
    s.type_into(&date, "20/02/2023");
    s.type_into(&s.id("tick-files"), file.to_str().unwrap());
    s.click(&s.id("tick-save"));
    s.wait_for("the tick to be saved", || (s.count("[data-testid='tick-dialog']") == 0).then_some(()));
    s.click(&s.xpath(&format!("{}//button[@data-testid='assignment-more']", report_row())));
    let item = s.id("evidence");
    assert!(s.text(&item).starts_with(FILE_NAME), "{}", s.text(&item));
}

/// The one file under the store's evidence folder (beside the store).
fn stored_file(home: &Path) -> PathBuf {
    let mut found = Vec::new();
    for dir in std::fs::read_dir(home.join("evidence")).unwrap().flatten() {
        found.extend(std::fs::read_dir(dir.path()).unwrap().flatten().map(|f| f.path()));
    }
    assert_eq!(found.len(), 1, "{found:?}");
    found.remove(0).canonicalize().unwrap()
}

#[test]
fn an_evidence_file_opens_in_the_default_app_and_a_copy_is_saved() {
    if prerequisites().is_none() || !desktop::tools() {
        return;
    }
    let env = Env::start();
    let home = env.home.path().to_path_buf();
    let opened = home.join("opened.txt");
    record_default_pdf_app(&home, &opened);
    let picked = home.join(FILE_NAME);
    std::fs::write(&picked, PDF).unwrap();
    let s = env.launch(&["--db", home.join("evidence.sqlite3").to_str().unwrap()]);
    tick_with_evidence(&s, &picked);
    let stored = stored_file(&home);
    assert_eq!(std::fs::read(&stored).unwrap(), PDF);

    // "Mở": the default app for PDF files is started on the stored file.
    s.click(&s.id("evidence-open"));
    let mut lines = Vec::new();
    eventually(10, "the default app to be started", || {
        lines = std::fs::read_to_string(&opened).unwrap_or_default().lines().map(String::from).collect();
        !lines.is_empty()
    });
    assert_eq!(lines, vec![stored.to_string_lossy().to_string()], "the default app got the stored file's absolute path");
    assert_eq!(s.count("[role='alert']"), 0, "no error shown");
    std::thread::sleep(Duration::from_millis(700));
    s.screenshot("evidence-panel");

    // The page itself holds no opener or dialog permission: only the app's own commands,
    // which take an evidence id, can open or save files.
    let direct = r#"const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(() => done('allowed'), (e) => done('refused: ' + String(e)));"#;
    for (cmd, args) in
        [("plugin:opener|open_path", serde_json::json!({"path": stored.to_str().unwrap()})), ("plugin:dialog|save", serde_json::json!({"options": {}}))]
    {
        let answer = s.execute_async(direct, vec![cmd.into(), args]);
        let answer = answer.as_str().unwrap_or_default();
        assert!(answer.starts_with("refused") && answer.contains("not allowed"), "{cmd}: {answer}");
    }
    assert_eq!(std::fs::read_to_string(&opened).unwrap().lines().count(), 1, "nothing else was opened");

    // "Lưu về máy…": the native save dialog; the office types where, and presses Enter.
    let saved_dir = home.join("ban-sao");
    std::fs::create_dir_all(&saved_dir).unwrap();
    let dest = saved_dir.join("My Ha - bien ban.pdf");
    s.click(&s.id("evidence-save"));
    answer_save_dialog(&env, &s, "Lưu bản sao tệp minh chứng", &dest, "evidence-save-dialog");
    s.wait_text("evidence-saved", &format!("Đã lưu bản sao vào {}", dest.display()));
    assert_eq!(std::fs::read(&dest).unwrap(), PDF, "the copy holds the evidence's bytes");
    assert_eq!(std::fs::read(&stored).unwrap(), PDF, "the evidence file itself is untouched");
    let beside: Vec<String> = std::fs::read_dir(&saved_dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(beside, vec!["My Ha - bien ban.pdf".to_string()], "no temporary file left beside the copy");

    // A file gone from the evidence folder: a clear Vietnamese message, nothing started.
    std::fs::remove_file(&stored).unwrap();
    s.click(&s.id("evidence-open"));
    let alert = s.el("[role='alert']");
    let text = s.text(&alert);
    assert!(text.starts_with(&format!("Không tìm thấy tệp minh chứng {FILE_NAME}")), "{text}");
    std::thread::sleep(Duration::from_millis(700));
    s.screenshot("evidence-missing");
    assert_eq!(std::fs::read_to_string(&opened).unwrap().lines().count(), 1, "the default app was not started again");
    s.quit();
}
