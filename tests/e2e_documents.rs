//! End-to-end (issue 19): the office's documents out of the real window. "Xuất Thông báo
//! kết luận" on the seed conference shows the form pre-filled from the store; the secretary
//! corrects the date and the signer, saves through the native dialog, and the .docx holds
//! her corrections, opens in LibreOffice, and its number and date are on the conference.
//! Then the overview's report as of a past date in Excel, and a commune's calendar.

#[path = "support/desktop.rs"]
mod desktop;
mod support;

use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use desktop::answer_save_dialog;
use support::{prerequisites, Env, Session};

fn value(s: &Session, testid: &str) -> String {
    s.attr(&s.id(testid), "value").unwrap_or_default()
}

fn document_xml(docx: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn the_conclusion_notice_is_written_from_the_window() {
    if prerequisites().is_none() || !desktop::tools() {
        return;
    }
    let env = Env::start();
    let home = env.home.path().to_path_buf();
    let s = env.launch(&["--db", home.join("documents.sqlite3").to_str().unwrap()]);
    s.click(&s.id("nav-conferences"));
    s.click(&s.id("load-demo"));
    s.wait_text("sites-summary", "11 kết nối · 0 một phần · 0 không kết nối");

    // The form, pre-filled from the store.
    s.click(&s.id("conf-notice"));
    let form = s.id("notice-form");
    s.wait_for("the notice form", || (s.count("[data-testid='notice-items'] p") > 4).then_some(()));
    assert_eq!(value(&s, "notice-symbol"), "TB-UBND");
    assert_eq!(value(&s, "notice-place"), "Mỹ Lộc");
    assert_eq!(value(&s, "notice-signer"), "Phạm Văn Long");
    assert!(value(&s, "notice-subject").starts_with("Kết luận của Chủ tịch UBND huyện tại Hội nghị trực tuyến"));
    assert!(value(&s, "notice-opening").contains("11 điểm cầu"));
    let recipients = value(&s, "notice-recipients");
    assert!(recipients.contains("Phòng Nội vụ") && recipients.contains("UBND các xã, thị trấn"), "{recipients}");
    let items = s.text(&s.id("notice-items"));
    assert!(items.contains("thời hạn: trước ngày 28/02/2023"), "{items}");

    // Dated the day after the meeting; signed by the vice-chairman.
    let date = s.id("notice-date");
    s.clear(&date);
    s.type_into(&date, "13/01/2023");
    s.click(&form); // leaves the field: the number is asked again, for 2023
    s.wait_text("notice-next-free", "Số trống tiếp theo trong năm: 01");
    s.click(&s.xpath("//select[@data-testid='notice-signature']/option[starts-with(normalize-space(), 'Phó Chủ tịch ký thay')]"));
    let signer = s.id("notice-signer");
    s.clear(&signer);
    s.type_into(&signer, "Lê Quang Huy");
    std::thread::sleep(Duration::from_millis(300));
    s.screenshot("notice-form");

    let typed = home.join("TB-01-ket-luan.docx");
    s.click(&s.id("notice-export"));
    answer_save_dialog(&env, &s, "Lưu Thông báo kết luận", &typed, "notice-save-dialog");
    s.wait_text("notice-done", &format!("Đã xuất Thông báo kết luận số 01/TB-UBND ngày 13/01/2023 vào {}.", typed.display()));
    s.scroll_to(&s.id("notice-done"));
    s.screenshot("notice-done");

    // The file holds what the form said.
    let xml = document_xml(&typed);
    for expected in
        ["Số: 01/TB-UBND", "Mỹ Lộc, ngày 13 tháng 01 năm 2023", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Quang Huy", "trước ngày 28/02/2023", "Lưu: VT, VP."]
    {
        assert!(xml.contains(expected), "“{expected}” not in the notice");
    }
    assert!(!xml.contains("Phạm Văn Long</w:t>"), "the signer was replaced");
    // A real reader opens it.
    let profile = format!("-env:UserInstallation=file://{}", home.join("lo-profile").display());
    let out = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir", home.to_str().unwrap(), typed.to_str().unwrap()])
        .output()
        .expect("soffice (make deps-test installs libreoffice-writer-nogui)");
    assert!(out.status.success() && home.join("TB-01-ket-luan.pdf").is_file(), "{}", String::from_utf8_lossy(&out.stderr));

    // The conference now carries the notice's number and date.
    s.click(&s.xpath("//button[@aria-label='Đóng'][ancestor::*[@data-testid='notice-form']]"));
    s.wait_for("the conference's notice", || {
        s.text(&s.xpath("//div[contains(concat(' ', @class, ' '), ' facts ')]")).contains("Thông báo kết luận: số 01/TB-UBND, ngày 13/01/2023").then_some(())
    });

    // The overview's status report in Excel, as of the day the reports were due.
    s.click(&s.id("nav-dashboard"));
    let as_of = s.id("as-of");
    s.clear(&as_of);
    s.type_into(&as_of, "15/03/2023");
    s.click(&s.id("as-of-apply"));
    s.wait_for("the overview as of 15/03/2023", || s.text(&s.xpath("//h2[contains(., 'Kết quả thực hiện theo đơn vị')]")).contains("15/03/2023").then_some(()));
    let xlsx = home.join("bao-cao-15-03-2023.xlsx");
    s.click(&s.id("report-export"));
    answer_save_dialog(&env, &s, "Lưu báo cáo tình hình thực hiện", &xlsx, "report-save-dialog");
    s.wait_text("export-done", &format!("Đã xuất báo cáo (66 phần việc) vào {}.", xlsx.display()));
    s.scroll_to(&s.id("export-done"));
    s.screenshot("report-done");
    let mut book = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut workbook = String::new();
    book.by_name("xl/workbook.xml").unwrap().read_to_string(&mut workbook).unwrap();
    assert!(workbook.contains("Tổng hợp") && workbook.contains("Phần việc"), "{workbook}");

    // Mỹ Hà's calendar of open deadlines, from its page.
    s.click(&s.id("nav-units"));
    s.click(&s.xpath("//select[@data-testid='unit-select']/option[normalize-space()='UBND xã Mỹ Hà']"));
    s.wait_for("Mỹ Hà's page", || (s.count("[data-testid='calendar-export']") == 1).then_some(()));
    let ics = home.join("lich-my-ha.ics");
    s.click(&s.id("calendar-export"));
    answer_save_dialog(&env, &s, "Lưu lịch hạn nhiệm vụ", &ics, "calendar-save-dialog");
    s.wait_text("export-done", &format!("Đã xuất lịch (2 hạn chưa hoàn thành) vào {}.", ics.display()));
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.matches("BEGIN:VEVENT").count() == 2, "{text}");
    assert!(text.contains("X-WR-CALNAME:Đôn đốc — Xã Mỹ Hà"), "{text}");
    s.quit();
}
