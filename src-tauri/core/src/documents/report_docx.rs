//! The status report as a Word document in NĐ 30 form: "BÁO CÁO — Tình hình thực hiện các
//! nhiệm vụ được giao", issued by the office (Văn phòng HĐND và UBND huyện) to the chairman:
//! the overall figures, the per-unit table exactly as the overview counts it, and the
//! overdue parts listed by unit. The number is left blank for the văn thư, who numbers a
//! report when it is signed.

use chrono::NaiveDate;
use docx_rs::{AlignmentType, Paragraph, Table, TableCell, TableRow, WidthType};

use super::docx::{self, Heading, Signature};
use super::nd30;
use super::report::{Report, ReportScope};
use crate::error::Result;
use crate::queries::stats::UnitStats;
use crate::status::Status;

/// The columns of the per-unit table: (heading, width in twips).
/// They add up to the text width; the headings are set at 11 pt so "Không" fits a column.
const COLUMNS: [(&str, usize); 9] = [
    ("TT", 560),
    ("Đơn vị", 2395),
    ("Tổng số", 760),
    ("Xong đúng hạn", 940),
    ("Xong quá hạn", 940),
    ("Đang làm trong hạn", 940),
    ("Quá hạn chưa xong", 940),
    ("Không đạt chỉ tiêu", 940),
    ("Tỷ lệ đúng hạn", 940),
];

fn cell(text: &str, width: usize, bold: bool, align: AlignmentType) -> TableCell {
    sized_cell(text, width, bold, align, 12)
}

fn sized_cell(text: &str, width: usize, bold: bool, align: AlignmentType, pt: usize) -> TableCell {
    let run = if bold { docx::run(text, pt).bold() } else { docx::run(text, pt) };
    TableCell::new().width(width, WidthType::Dxa).add_paragraph(Paragraph::new().align(align).add_run(run))
}

fn percent(line: &UnitStats) -> String {
    line.on_time_percent().map_or_else(|| "—".into(), |p| format!("{} %", nd30::number((p * 10.0).round() / 10.0)))
}

fn table_row(rank: &str, line: &UnitStats, bold: bool) -> TableRow {
    let counts = [line.total, line.done_on_time, line.done_late, line.in_progress, line.overdue, line.target_missed];
    let mut cells = vec![cell(rank, COLUMNS[0].1, bold, AlignmentType::Center), cell(&line.unit_name, COLUMNS[1].1, bold, AlignmentType::Left)];
    for (i, n) in counts.iter().enumerate() {
        cells.push(cell(&n.to_string(), COLUMNS[i + 2].1, bold, AlignmentType::Center));
    }
    cells.push(cell(&percent(line), COLUMNS[8].1, bold, AlignmentType::Center));
    TableRow::new(cells).cant_split()
}

/// The per-unit table: ranked as the overview ranks, then the total line.
fn unit_table(report: &Report) -> Table {
    let head = TableRow::new(COLUMNS.iter().map(|(h, w)| sized_cell(h, *w, true, AlignmentType::Center, 11)).collect());
    let mut rows = vec![head];
    for (i, line) in report.summary.iter().enumerate() {
        rows.push(table_row(&(i + 1).to_string(), line, false));
    }
    rows.push(table_row("", &report.totals, true));
    Table::new(rows).set_grid(COLUMNS.iter().map(|c| c.1).collect()).width(docx::TEXT_W, WidthType::Dxa)
}

/// What the report is about, for its trích yếu.
fn subject(report: &Report) -> String {
    let day = report.as_of.format("%d/%m/%Y");
    match report.scope {
        ReportScope::District => format!("Tình hình thực hiện các nhiệm vụ được giao tính đến ngày {day}"),
        ReportScope::Conference(_) => format!("Tình hình thực hiện kết luận tại {} tính đến ngày {day}", report.subject.trim_end_matches('.')),
        ReportScope::Unit(_) => format!("Tình hình thực hiện các nhiệm vụ giao {} tính đến ngày {day}", report.subject),
    }
}

/// The overall paragraph: how many parts, for how many units, in which state.
fn overall(report: &Report) -> String {
    let t = &report.totals;
    let done = t.done_on_time + t.done_late + t.done_no_deadline + t.target_missed;
    let mut text = format!(
        "Tính đến ngày {}, có {} phần việc được giao cho {} đơn vị. Đã hoàn thành {} phần việc ({} đúng hạn, {} quá hạn",
        report.as_of.format("%d/%m/%Y"),
        t.total,
        report.summary.len(),
        done,
        t.done_on_time,
        t.done_late
    );
    if t.target_missed > 0 {
        text.push_str(&format!(", {} không đạt chỉ tiêu", t.target_missed));
    }
    if t.done_no_deadline > 0 {
        text.push_str(&format!(", {} không có thời hạn", t.done_no_deadline));
    }
    text.push_str(&format!("); đang thực hiện trong hạn {}; quá hạn chưa hoàn thành {}", t.in_progress, t.overdue));
    if t.open_no_deadline > 0 {
        text.push_str(&format!("; chưa có thời hạn {}", t.open_no_deadline));
    }
    if t.cancelled > 0 {
        text.push_str(&format!("; đã hủy {}", t.cancelled));
    }
    text.push_str(&format!(". Tỷ lệ hoàn thành đúng hạn trên số phần việc đã đến hạn: {}.", percent(t)));
    text
}

/// The report as a .docx of the office of `district` ("huyện Mỹ Lộc"), dated `issued_on`.
pub fn render(report: &Report, district: &str, issued_on: NaiveDate) -> Result<Vec<u8>> {
    let parent = format!("UBND {}", district.to_uppercase());
    let agency = vec!["VĂN PHÒNG HĐND VÀ UBND".to_string()];
    let number_line = "Số:        /BC-VP".to_string();
    let dated = nd30::place_and_date(&super::notice_text::place(district), issued_on);
    let mut doc = docx::document().add_table(docx::heading(&Heading { parent: &parent, agency: &agency, number_line: &number_line, place_and_date: &dated }));
    for p in docx::title("Báo cáo", &subject(report)) {
        doc = doc.add_paragraph(p);
    }
    doc = doc
        .add_paragraph(docx::body_runs(vec![docx::run("I. KẾT QUẢ CHUNG", 14).bold()]))
        .add_paragraph(docx::body(&overall(report)))
        .add_paragraph(docx::body("Kết quả theo từng đơn vị (xếp hạng theo tỷ lệ hoàn thành đúng hạn, rồi số phần việc quá hạn):"))
        .add_table(unit_table(report))
        .add_paragraph(docx::gap(120))
        .add_paragraph(docx::body_runs(vec![docx::run("II. CÁC PHẦN VIỆC QUÁ HẠN CHƯA HOÀN THÀNH", 14).bold()]));
    let overdue: Vec<_> = report.rows.iter().filter(|r| r.status == Status::Overdue).collect();
    if overdue.is_empty() {
        doc = doc.add_paragraph(docx::body("Không có phần việc nào quá hạn chưa hoàn thành."));
    }
    let mut number = 0;
    let mut i = 0;
    while i < overdue.len() {
        let unit = overdue[i].unit_id;
        let of_unit: Vec<_> = overdue[i..].iter().take_while(|r| r.unit_id == unit).collect();
        number += 1;
        doc = doc.add_paragraph(docx::body_runs(vec![
            docx::run(&format!("{number}. {}", overdue[i].unit_name), 14).bold(),
            docx::run(&format!(" ({} phần việc):", of_unit.len()), 14),
        ]));
        for r in &of_unit {
            let deadline = r.deadline.as_deref().and_then(crate::time::parse_iso_day);
            let late = deadline.map(|d| (report.as_of - d).num_days()).unwrap_or(0);
            let when = deadline.map(|d| format!("hạn {}, quá {late} ngày", d.format("%d/%m/%Y"))).unwrap_or_default();
            let period = r.period_label.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
            doc = doc.add_paragraph(docx::body(&format!("- {}{period} — {when}.", r.task_title.trim_end_matches('.'))));
        }
        i += of_unit.len();
    }
    doc = doc.add_paragraph(docx::body(
        "Văn phòng HĐND và UBND huyện báo cáo Chủ tịch UBND huyện xem xét, chỉ đạo các đơn vị có phần việc quá hạn khẩn trương hoàn thành./.",
    ));
    let recipients = ["- Chủ tịch, các PCT UBND huyện (để b/c);".to_string(), "- Lưu: VT, VP.".to_string()];
    let doc = doc.add_paragraph(docx::gap(120)).add_table(docx::signature(&Signature {
        authority: "",
        position: "CHÁNH VĂN PHÒNG",
        signer: "",
        recipients: &recipients,
    }));
    docx::pack(doc)
}
