//! The layout of Nghị định 30/2020/NĐ-CP, Phụ lục I, as Word paragraphs and tables
//! (docx-rs): A4 portrait, the margins and fonts of Mục I, the two-column header with the
//! Quốc hiệu, the title, justified body text, the signature block beside "Nơi nhận". The
//! conclusion notice and the status report are both written with these pieces.
//!
//! Units: docx-rs takes sizes in half-points (14 pt = 28) and lengths in twips
//! (1/1440 inch; 1 mm ≈ 56.7 twips).

use docx_rs::{
    AlignmentType, BorderType, Docx, Header, LineSpacing, PageMargin, PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run,
    RunFonts, SpecialIndentType, Table, TableAlignmentType, TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};
use unicode_normalization::UnicodeNormalization;

use crate::error::{CoreError, Result};

/// The font the decree names (Liberation Serif stands in for it on Linux, same metrics).
pub const FONT: &str = "Times New Roman";
/// Twips in a millimetre.
const MM: f64 = 1440.0 / 25.4;
/// A4, portrait (PL I, I.1–2).
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// Margins (PL I, I.3): top and bottom 20 mm, left 30 mm, right 15 mm — the narrow ends of
/// the ranges, which leave the most room for text.
pub const MARGIN_TOP_MM: f64 = 20.0;
/// Bottom margin.
pub const MARGIN_BOTTOM_MM: f64 = 20.0;
/// Left margin.
pub const MARGIN_LEFT_MM: f64 = 30.0;
/// Right margin.
pub const MARGIN_RIGHT_MM: f64 = 15.0;
/// The width text may fill, in twips.
pub const TEXT_W: usize = 9355;
/// The header's columns (agency | Quốc hiệu): the Quốc hiệu in 12 pt bold needs about
/// 98 mm, so the right column is the wider one, as the usual templates have it.
const HEAD_LEFT: usize = 3685;
const HEAD_RIGHT: usize = TEXT_W - HEAD_LEFT;
/// The signature row's columns ("Nơi nhận" | the signer).
const SIGN_LEFT: usize = 4535;
const SIGN_RIGHT: usize = TEXT_W - SIGN_LEFT;
/// Body first-line indent: 1 cm (PL I, II.6).
const FIRST_LINE: i32 = 567;
/// 6 pt after body paragraphs, in twips.
const AFTER: u32 = 120;

fn twips(mm: f64) -> i32 {
    (mm * MM).round() as i32
}

/// A run of text in Times New Roman at `pt` points.
pub fn run(text: &str, pt: usize) -> Run {
    Run::new().add_text(text).size(pt * 2).fonts(fonts())
}

fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT)
}

fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after)
}

/// A new document: A4 portrait, the decree's margins, Times New Roman 14 pt, and the page
/// number centred in the top margin from page 2 on (page 1 has a first-page header of
/// its own, left empty).
pub fn document() -> Docx {
    let page_number = Paragraph::new().align(AlignmentType::Center).add_run(Run::new().size(28).fonts(fonts())).add_page_num(PageNum::new());
    Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(twips(MARGIN_TOP_MM))
                .bottom(twips(MARGIN_BOTTOM_MM))
                .left(twips(MARGIN_LEFT_MM))
                .right(twips(MARGIN_RIGHT_MM))
                .header(twips(10.0))
                .footer(twips(10.0)),
        )
        .default_fonts(fonts())
        .default_size(28)
        .header(Header::new().add_paragraph(page_number))
        .first_header(Header::new().add_paragraph(Paragraph::new()))
        .title_pg()
}

/// The finished document as the bytes of a .docx file.
pub fn pack(doc: Docx) -> Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?;
    Ok(out.into_inner())
}

fn centred(runs: Vec<Run>) -> Paragraph {
    runs.into_iter().fold(Paragraph::new().align(AlignmentType::Center).line_spacing(spacing(0, 0)), |p, r| p.add_run(r))
}

/// The height of a rule's paragraph: its border is drawn at its foot, a little under the
/// line above (at 1 pt LibreOffice drew it through the letters' feet).
const RULE_LINE: i32 = 80;

/// A horizontal rule `width` twips long, centred in a column `column` twips wide: an empty
/// paragraph of 1 pt whose bottom border is limited by its indents.
fn rule(width: usize, column: usize) -> Paragraph {
    let side = (column.saturating_sub(width) / 2) as i32;
    let border = ParagraphBorder::new(ParagraphBorderPosition::Bottom).val(BorderType::Single).size(6).space(1).color("000000");
    Paragraph::new()
        .indent(Some(side), None, Some(side), None)
        .line_spacing(LineSpacing::new().before(0).after(0).line(RULE_LINE).line_rule(docx_rs::LineSpacingType::Exact))
        .set_borders(ParagraphBorders::with_empty().set(border))
        .add_run(Run::new().size(2))
}

/// The top of the first page (PL I, Mục II.1–4): the issuing body on the left over "Số:",
/// the Quốc hiệu and Tiêu ngữ on the right over the place and date.
pub struct Heading<'a> {
    /// The parent agency (chủ quản), upright and not bold; empty for UBND huyện itself.
    pub parent: &'a str,
    /// The issuing body, one line per item: ["ỦY BAN NHÂN DÂN", "HUYỆN MỸ LỘC"].
    pub agency: &'a [String],
    /// "Số: 12/TB-UBND".
    pub number_line: &'a str,
    /// "Mỹ Lộc, ngày 13 tháng 01 năm 2023".
    pub place_and_date: &'a str,
}

/// The two-column header table, without borders.
pub fn heading(h: &Heading) -> Table {
    const QUOC_HIEU: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    const TIEU_NGU: &str = "Độc lập - Tự do - Hạnh phúc";
    let mut left = TableCell::new().width(HEAD_LEFT, WidthType::Dxa);
    if !h.parent.trim().is_empty() {
        left = left.add_paragraph(centred(vec![run(&h.parent.to_uppercase(), 13)]));
    }
    for line in h.agency {
        left = left.add_paragraph(centred(vec![run(&line.to_uppercase(), 13).bold()]));
    }
    // The agency's rule: 1/3–1/2 of its text (PL I, II.2): 40 % of the longest line.
    let agency_w = h.agency.iter().map(|l| text_width(&l.to_uppercase(), 13.0, true)).max().unwrap_or(0);
    left = left.add_paragraph(rule(agency_w * 2 / 5, HEAD_LEFT));
    let right = TableCell::new()
        .width(HEAD_RIGHT, WidthType::Dxa)
        .add_paragraph(centred(vec![run(QUOC_HIEU, 12).bold()]))
        .add_paragraph(centred(vec![run(TIEU_NGU, 13).bold()]))
        // The Tiêu ngữ's rule is as long as its line (PL I, II.1c).
        .add_paragraph(rule(text_width(TIEU_NGU, 13.0, true), HEAD_RIGHT));
    let number = TableCell::new().width(HEAD_LEFT, WidthType::Dxa).add_paragraph(centred(vec![run(h.number_line, 13)]).line_spacing(spacing(120, 0)));
    let date =
        TableCell::new().width(HEAD_RIGHT, WidthType::Dxa).add_paragraph(centred(vec![run(h.place_and_date, 13).italic()]).line_spacing(spacing(120, 0)));
    bare_table(vec![TableRow::new(vec![left, right]), TableRow::new(vec![number, date])], &[HEAD_LEFT, HEAD_RIGHT])
}

/// A table without borders or cell padding, of fixed column widths.
fn bare_table(rows: Vec<TableRow>, grid: &[usize]) -> Table {
    Table::without_borders(rows)
        .set_grid(grid.to_vec())
        .width(grid.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

/// The document's name and its trích yếu (PL I, II.5b): "THÔNG BÁO" and, under it, what
/// it is about, both bold and centred, with a rule of a third of the trích yếu's line.
pub fn title(kind: &str, subject: &str) -> Vec<Paragraph> {
    let subject_w = text_width(subject, 14.0, true).min(TEXT_W);
    vec![
        centred(vec![run(&kind.to_uppercase(), 14).bold()]).line_spacing(spacing(360, 0)),
        centred(vec![run(subject, 14).bold()]),
        rule(subject_w / 3, TEXT_W),
        Paragraph::new().line_spacing(spacing(0, 120)),
    ]
}

/// A paragraph of the body (PL I, II.6): 14 pt, justified, first line indented 1 cm, 6 pt
/// after, lines at 1.15.
pub fn body(text: &str) -> Paragraph {
    body_runs(vec![run(text, 14)])
}

/// A body paragraph made of several runs (a bold "1." before plain text, say).
pub fn body_runs(runs: Vec<Run>) -> Paragraph {
    runs.into_iter().fold(
        Paragraph::new()
            .align(AlignmentType::Both)
            .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
            .line_spacing(LineSpacing::new().before(0).after(AFTER).line(276).line_rule(docx_rs::LineSpacingType::Auto)),
        |p, r| p.add_run(r),
    )
}

/// The signature block (PL I, II.7) beside "Nơi nhận" (II.9c–d).
pub struct Signature<'a> {
    /// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. CHỦ TỊCH", or empty.
    pub authority: &'a str,
    /// "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHÁNH VĂN PHÒNG".
    pub position: &'a str,
    /// The signer's name, without titles.
    pub signer: &'a str,
    /// The recipients, each written "- …;" (the "Lưu" line last, ending with ".").
    pub recipients: &'a [String],
}

/// The last row of the document: "Nơi nhận:" (12 pt bold italic) and its lines (11 pt) on
/// the left, level with the authority line; the signer on the right, bold capitals, with
/// room to sign above the name.
pub fn signature(s: &Signature) -> Table {
    let mut left = TableCell::new()
        .width(SIGN_LEFT, WidthType::Dxa)
        .add_paragraph(Paragraph::new().line_spacing(spacing(0, 0)).add_run(run("Nơi nhận:", 12).bold().italic()));
    for line in s.recipients {
        left = left.add_paragraph(Paragraph::new().line_spacing(spacing(0, 0)).add_run(run(line, 11)));
    }
    let mut right = TableCell::new().width(SIGN_RIGHT, WidthType::Dxa);
    for line in [s.authority, s.position].iter().filter(|l| !l.trim().is_empty()) {
        right = right.add_paragraph(centred(vec![run(&line.to_uppercase(), 14).bold()]));
    }
    // Room for the signature and the seal.
    for _ in 0..4 {
        right = right.add_paragraph(centred(vec![run("", 14)]));
    }
    right = right.add_paragraph(centred(vec![run(s.signer, 14).bold()]));
    bare_table(vec![TableRow::new(vec![left, right]).cant_split()], &[SIGN_LEFT, SIGN_RIGHT])
}

/// An empty line of `after` twips before the signature row.
pub fn gap(after: u32) -> Paragraph {
    Paragraph::new().line_spacing(spacing(0, after))
}

/// Advance widths of Times New Roman (Adobe's Times core-font metrics, per 1000 em) for the
/// letters a Vietnamese header uses; accented letters measure as their base letter.
fn advance(c: char, bold: bool) -> u32 {
    const UPPER_R: [u32; 26] =
        [722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611];
    const UPPER_B: [u32; 26] =
        [722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667];
    const LOWER_R: [u32; 26] =
        [444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444];
    const LOWER_B: [u32; 26] =
        [500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444];
    let base = match c {
        'đ' => 'd',
        'Đ' => 'D',
        _ => c.nfd().next().unwrap_or(c),
    };
    match base {
        'A'..='Z' => (if bold { UPPER_B } else { UPPER_R })[base as usize - 'A' as usize],
        'a'..='z' => (if bold { LOWER_B } else { LOWER_R })[base as usize - 'a' as usize],
        '0'..='9' => 500,
        ' ' => 250,
        '-' | '(' | ')' => 333,
        '.' | ',' | ':' | ';' => 250,
        _ => 500,
    }
}

/// How wide `text` is at `pt` points, in twips.
pub fn text_width(text: &str, pt: f64, bold: bool) -> usize {
    let em: u32 = text.chars().map(|c| advance(c, bold)).sum();
    (em as f64 / 1000.0 * pt * 20.0).round() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Tiêu ngữ at 13 pt bold sums to 12 197/1000 em ≈ 56 mm by the metrics (the
    /// rendered page in `docs/` shows the rule under it end to end); the Quốc hiệu fits
    /// its column on one line.
    #[test]
    fn the_tieu_ngu_measures_as_in_word() {
        let mm = text_width("Độc lập - Tự do - Hạnh phúc", 13.0, true) as f64 / MM;
        assert!((55.0..=62.0).contains(&mm), "{mm:.1} mm");
        assert!(text_width("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12.0, true) < HEAD_RIGHT);
    }
}
