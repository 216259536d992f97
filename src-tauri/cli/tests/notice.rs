//! `dondoc-cli notice` on the seed conference, opened by a real reader: LibreOffice
//! (headless) converts the .docx to PDF, poppler reads its text and fonts and renders page
//! 1 (issue 19's proof). `make deps-test` installs libreoffice-writer-nogui, poppler-utils
//! and fonts-liberation (Liberation Serif stands in for Times New Roman, same metrics).

mod common;

use common::{cli, ok};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn tool(name: &str, args: &[&std::ffi::OsStr]) -> Output {
    Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} is needed for this test (make deps-test installs it): {e}"))
}

/// The notice written by the CLI, converted to PDF by LibreOffice; returns the PDF.
fn notice_pdf(dir: &Path) -> PathBuf {
    let db = dir.join("d.sqlite3");
    ok(cli(&db, &["demo"]));
    let docx = dir.join("Thông báo kết luận.docx");
    let line: Value =
        serde_json::from_str(&ok(cli(&db, &["notice", "--conference", "1", "--out", docx.to_str().unwrap(), "--date", "13/01/2023", "--number", "12"])))
            .unwrap();
    assert_eq!((line["number"].as_str(), line["date"].as_str()), (Some("12/TB-UBND"), Some("2023-01-13")));
    // A profile of its own: tests run side by side, and LibreOffice locks its profile.
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display());
    let out = tool(
        "soffice",
        &[profile.as_ref(), "--headless".as_ref(), "--convert-to".as_ref(), "pdf".as_ref(), "--outdir".as_ref(), dir.as_os_str(), docx.as_os_str()],
    );
    let pdf = dir.join("Thông báo kết luận.pdf");
    assert!(out.status.success() && pdf.is_file(), "LibreOffice did not convert it: {}", String::from_utf8_lossy(&out.stderr));
    pdf
}

#[test]
fn libreoffice_opens_the_seed_notice_and_renders_it_on_a4() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = notice_pdf(dir.path());

    let info = String::from_utf8(tool("pdfinfo", &[pdf.as_os_str()]).stdout).unwrap();
    let pages: u32 = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!((1..=3).contains(&pages), "{pages} pages");
    assert!(info.contains("Page size:       595.") && info.contains(" x 841.") && info.contains("(A4)"), "A4 portrait: {info}");

    let text = String::from_utf8(tool("pdftotext", &["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()]).stdout).unwrap();
    for expected in [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/TB-UBND",
        "Mỹ Lộc, ngày 13 tháng 01 năm 2023",
        "THÔNG BÁO",
        "trước ngày 28/02/2023",
        "Nơi nhận:",
        "- Lưu: VT, VP.",
        "Phạm Văn Long",
    ] {
        assert!(text.contains(expected), "“{expected}” not in the PDF's text:\n{text}");
    }
    // Page 1 has no number; page 2 starts with its number, centred above the text.
    let second = text.split('\u{c}').nth(1).unwrap_or_default();
    assert_eq!(second.lines().find(|l| !l.trim().is_empty()).map(str::trim), Some("2"), "page 2's first line: {second}");
    let first = text.split('\u{c}').next().unwrap();
    assert!(first.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| l.contains("ỦY BAN NHÂN DÂN")), "page 1 starts with the header");

    // Set in Times New Roman, or the metric twin fontconfig puts in its place.
    let fonts = String::from_utf8(tool("pdffonts", &[pdf.as_os_str()]).stdout).unwrap();
    assert!(fonts.contains("LiberationSerif") || fonts.contains("TimesNewRoman"), "{fonts}");
    assert!(fonts.contains("Bold") && fonts.contains("Italic"), "bold and italic faces: {fonts}");

    // Page 1 as a picture (kept under target/e2e for a person to look at).
    let png = dir.path().join("page");
    let out = tool(
        "pdftoppm",
        &["-r".as_ref(), "80".as_ref(), "-f".as_ref(), "1".as_ref(), "-l".as_ref(), "1".as_ref(), "-png".as_ref(), pdf.as_os_str(), png.as_os_str()],
    );
    assert!(out.status.success());
    let page = std::fs::read_dir(dir.path()).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).find(|p| p.extension().is_some_and(|x| x == "png")).unwrap();
    let bytes = std::fs::read(&page).unwrap();
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000, "a rendered page, {} bytes", bytes.len());
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e");
    if std::fs::create_dir_all(&keep).is_ok() {
        let _ = std::fs::copy(&page, keep.join("notice-page1.png"));
    }
}

#[test]
fn a_used_number_and_an_unwritable_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    ok(cli(&db, &["demo"]));
    let a = dir.path().join("a.docx");
    ok(cli(&db, &["notice", "--conference", "1", "--out", a.to_str().unwrap(), "--date", "2023-01-13", "--number", "7"]));
    // Written again: refused without --force, replaced with it, under the same number.
    let again = cli(&db, &["notice", "--conference", "1", "--out", a.to_str().unwrap(), "--date", "2023-01-13"]);
    assert!(!again.status.success() && String::from_utf8_lossy(&again.stderr).contains("Đã có tệp"));
    let line: Value = serde_json::from_str(&ok(cli(&db, &["notice", "--conference", "1", "--out", a.to_str().unwrap(), "--force"]))).unwrap();
    assert_eq!(line["number"], "07/TB-UBND", "the conference keeps its number");

    // A conference without directives.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO conference (title, kind, starts_at, format, created_at, updated_at) VALUES ('Họp', 'other', '2023-02-01T01:00:00Z', 'in_person', '', '')",
        [],
    )
    .unwrap();
    let bare = conn.last_insert_rowid().to_string();
    let out = cli(&db, &["notice", "--conference", &bare, "--out", dir.path().join("b.docx").to_str().unwrap()]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("chưa có ý kiến chỉ đạo"));
    // The number another conference holds: refused, the next one suggested.
    conn.execute("INSERT INTO directive (conference_id, ordinal, text) VALUES (?1, 1, 'Rà soát hồ sơ.')", [&bare]).unwrap();
    let out = cli(&db, &["notice", "--conference", &bare, "--out", dir.path().join("b.docx").to_str().unwrap(), "--number", "7", "--date", "2023-02-02"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("07/TB-UBND năm 2023 đã cấp") && err.contains("Số trống tiếp theo là 08"), "{err}");
    // An unwritable folder (root may write nearly anywhere, but not into /sys).
    let out = cli(&db, &["notice", "--conference", &bare, "--out", "/sys/kernel/tb.docx", "--date", "2023-02-02"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("Không ghi được tệp /sys/kernel/tb.docx"), "{err}");
    let line: Value =
        serde_json::from_str(&ok(cli(&db, &["notice", "--conference", &bare, "--out", dir.path().join("b.docx").to_str().unwrap(), "--date", "2023-02-02"])))
            .unwrap();
    assert_eq!(line["number"], "08/TB-UBND", "the failed write took no number");
}

/// The Word report is a document LibreOffice opens too, with its table and its sections.
#[test]
fn the_word_report_opens_in_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    ok(cli(&db, &["demo"]));
    let docx = dir.path().join("bao-cao.docx");
    let line: Value = serde_json::from_str(&ok(cli(&db, &["report", "--at", "15/03/2023", "--format", "docx", "--out", docx.to_str().unwrap()]))).unwrap();
    assert_eq!((line["format"].as_str(), line["rows"].as_u64(), line["units"].as_u64()), (Some("docx"), Some(66), Some(26)));
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("lo-profile").display());
    let out = tool(
        "soffice",
        &[profile.as_ref(), "--headless".as_ref(), "--convert-to".as_ref(), "pdf".as_ref(), "--outdir".as_ref(), dir.path().as_os_str(), docx.as_os_str()],
    );
    let pdf = dir.path().join("bao-cao.pdf");
    assert!(out.status.success() && pdf.is_file(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(tool("pdftotext", &[pdf.as_os_str(), "-".as_ref()]).stdout).unwrap();
    for expected in [
        "BÁO CÁO",
        "Tình hình thực hiện các nhiệm vụ được giao tính đến ngày 15/03/2023",
        "I. KẾT QUẢ CHUNG",
        "Tổng cộng",
        "II. CÁC PHẦN VIỆC QUÁ HẠN CHƯA HOÀN THÀNH",
        "CHÁNH VĂN PHÒNG",
    ] {
        assert!(text.contains(expected), "“{expected}” not in the PDF:\n{text}");
    }
}
