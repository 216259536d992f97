//! The status report in Word (issue 19): its per-unit table read back from the .docx equals
//! the overview's counts (`stats::per_unit`, ranked as the overview ranks), its total line
//! their sums, and the overdue parts are listed under their units — as of a past date.

use std::io::Read;

use chrono::{TimeZone, Utc};
use dondoc_core::documents::report::{self, ReportScope};
use dondoc_core::documents::report_docx;
use dondoc_core::documents::report_file::{self, ReportFormat};
use dondoc_core::queries::{assignments, stats};
use dondoc_core::rules::part::Completion;
use dondoc_core::{demo, Ctx};

use super::{ctx, d, unit};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn cells(row: roxmltree::Node) -> Vec<String> {
    row.children()
        .filter(|n| n.has_tag_name((W, "tc")))
        .map(|c| c.descendants().filter(|n| n.has_tag_name((W, "t"))).filter_map(|t| t.text()).collect())
        .collect()
}

#[test]
fn the_word_report_counts_as_the_overview_as_of_a_past_date() {
    let mut s = super::store();
    demo::load(&mut s, &ctx()).unwrap();
    // Mỹ Hà reports on time, Mỹ Hưng late; the others not by 15/03/2023.
    let later = Ctx::new(Utc.with_ymd_and_hms(2023, 3, 10, 2, 0, 0).unwrap(), "Văn phòng");
    for (code, on) in [("xa-my-ha", "20/02/2023"), ("xa-my-hung", "05/03/2023")] {
        let part = assignments::list_for_unit(s.conn(), unit(&s, code), d("2023-03-15"))
            .unwrap()
            .into_iter()
            .find(|a| a.deadline.as_deref() == Some("2023-02-28"))
            .unwrap();
        s.complete_assignment(&later, part.id, &Completion { completed_on: on.into(), ..Default::default() }).unwrap();
    }
    let as_of = d("2023-03-15");
    let built = report::build(s.conn(), ReportScope::District, as_of).unwrap();
    let bytes = report_docx::render(&built, "huyện Mỹ Lộc", d("2023-03-16")).unwrap();
    let mut xml = String::new();
    zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap().by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let text: String = doc.descendants().filter(|n| n.has_tag_name((W, "t"))).filter_map(|t| t.text()).collect::<Vec<_>>().join("|");
    for expected in [
        "UBND HUYỆN MỸ LỘC",
        "VĂN PHÒNG HĐND VÀ UBND",
        "BÁO CÁO",
        "Tình hình thực hiện các nhiệm vụ được giao tính đến ngày 15/03/2023",
        "Mỹ Lộc, ngày 16 tháng 3 năm 2023",
    ] {
        assert!(text.contains(expected), "“{expected}” not in {text}");
    }

    // The table: headings, one line per unit in the overview's order, the total line.
    let table = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .find(|t| t.descendants().any(|n| n.has_tag_name((W, "t")) && n.text() == Some("Xong đúng hạn")))
        .expect("the per-unit table");
    let rows: Vec<Vec<String>> = table.children().filter(|n| n.has_tag_name((W, "tr"))).map(cells).collect();
    let ranked = stats::rank(stats::per_unit(s.conn(), as_of).unwrap());
    assert_eq!(rows.len(), ranked.len() + 2, "heading, the units, the total");
    for (i, (row, line)) in rows[1..=ranked.len()].iter().zip(&ranked).enumerate() {
        let want = [line.total, line.done_on_time, line.done_late, line.in_progress, line.overdue, line.target_missed].map(|n| n.to_string());
        assert_eq!((row[0].as_str(), row[1].as_str()), ((i + 1).to_string().as_str(), line.unit_name.as_str()));
        assert_eq!(row[2..8], want, "{}", line.unit_name);
    }
    assert_eq!(rows[1][1], "UBND xã Mỹ Hà", "done on time ranks first");
    let total = rows.last().unwrap();
    let sum = |f: fn(&stats::UnitStats) -> i64| ranked.iter().map(f).sum::<i64>().to_string();
    assert_eq!(total[1], "Tổng cộng");
    assert_eq!(
        total[2..8],
        [sum(|u| u.total), sum(|u| u.done_on_time), sum(|u| u.done_late), sum(|u| u.in_progress), sum(|u| u.overdue), sum(|u| u.target_missed)]
    );
    assert_eq!((total[3].as_str(), total[4].as_str()), ("1", "1"));

    // The overdue parts by unit: Mỹ Lộc's town is listed, Mỹ Hà and Mỹ Hưng (done) are not.
    let overdue_units: Vec<&str> = ranked.iter().filter(|u| u.overdue > 0).map(|u| u.unit_name.as_str()).collect();
    assert!(text.contains("|1. UBND thị trấn Mỹ Lộc| (1 phần việc):"), "{text}");
    assert!(!text.contains("UBND xã Mỹ Hà| (") && !text.contains("UBND xã Mỹ Hưng| ("));
    assert_eq!(text.matches(" phần việc):").count(), overdue_units.len());
    assert!(text.contains("hạn 28/02/2023, quá 15 ngày."), "{text}");

    // The same through the one export the window and the CLI use.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("báo cáo.docx");
    let written = report_file::export(s.conn(), ReportScope::District, as_of, ReportFormat::Docx, d("2023-03-16"), &path, false).unwrap();
    assert_eq!((written.rows, written.units), (built.rows.len(), built.summary.len()));
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the same document");
}
