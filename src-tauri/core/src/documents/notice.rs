//! "Xuất Thông báo kết luận": the conclusion notice of a conference as a .docx in the
//! layout of NĐ 30. The window shows a form pre-filled by [`draft`] that the secretary may
//! correct; [`export`] takes its number in the year's register, stores the number and date
//! on the conference and writes the file — all or nothing.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use super::docx::{self, Heading, Signature};
use super::nd30;
use super::notice_text::{self, NoticeItem};
use crate::error::{CoreError, Result};
use crate::queries::document_numbers::{self, Taken};
use crate::queries::{conference_search, conferences, directives};
use crate::{settings, text, time, Ctx, Store};

/// The notice as the form shows it; every field can be corrected before export.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct NoticeDraft {
    /// The conference concluded.
    pub conference_id: i64,
    /// The number in the year's sequence of `symbol` (12 of "12/TB-UBND").
    pub number: u32,
    /// The symbol: "TB-UBND" (notice of the People's Committee) or "TB-VP" (of its office).
    pub symbol: String,
    /// The notice's date (YYYY-MM-DD); its year is the number's year.
    pub date: String,
    /// Where it is dated: "Mỹ Lộc".
    pub place: String,
    /// The parent agency (chủ quản) line, empty for UBND huyện itself ("UBND HUYỆN MỸ LỘC"
    /// above "VĂN PHÒNG HĐND VÀ UBND" for a notice of the office).
    pub parent_agency: String,
    /// The issuing body, one line per row: "ỦY BAN NHÂN DÂN\nHUYỆN MỸ LỘC".
    pub agency: String,
    /// The trích yếu under "THÔNG BÁO".
    pub subject: String,
    /// The opening paragraphs, separated by a blank line.
    pub opening: String,
    /// The closing paragraph, ending "./.".
    pub closing: String,
    /// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. CHỦ TỊCH", or empty.
    pub authority: String,
    /// "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHÁNH VĂN PHÒNG".
    pub position: String,
    /// Who signs (name only, no titles).
    pub signer: String,
    /// "Nơi nhận", one recipient per row, without the "- " and ";".
    pub recipients: Vec<String>,
    /// The "Lưu" line's filing codes: "VT, VP".
    pub archive: String,
}

/// The form of "Xuất Thông báo kết luận": the draft, and what the secretary should know.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NoticeForm {
    /// The pre-filled notice.
    pub draft: NoticeDraft,
    /// The next free number of the draft's year and symbol.
    pub next_free: u32,
    /// The numbered conclusions the notice will carry (from the store; not edited here).
    pub items: Vec<NoticeItem>,
}

/// What [`export`] did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct IssuedNotice {
    /// "12/TB-UBND".
    pub number: String,
    /// The notice's date (YYYY-MM-DD).
    pub date: String,
    /// The file written.
    pub path: String,
}

/// The authority markers NĐ 30 Điều 13 allows before the position.
const AUTHORITIES: &[&str] = &["TM.", "KT.", "TL.", "Q.", "TUQ."];

fn remembered(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(settings::get_value(conn, &format!("notice.{key}"))?.filter(|v| !v.trim().is_empty()))
}

/// The form for `conference_id`'s notice on `today`: the conference's own number and date
/// when it has them, else the next free number of the year and today's date (never
/// before the conference); the office's last choices of signer, symbol and place; the
/// recipients given parts by the conference's tasks. Refused for a conference without
/// directives: the notice would have nothing to say.
pub fn draft(conn: &Connection, conference_id: i64, today: NaiveDate) -> Result<NoticeForm> {
    let c = conferences::get(conn, conference_id)?;
    require_directives(conn, conference_id)?;
    let held = notice_text::conference_day(&c)?;
    let date = c.notice_date.as_deref().and_then(time::parse_iso_day).unwrap_or(today.max(held));
    let own = c.notice_number.as_deref().and_then(document_numbers::parse);
    let symbol = match &own {
        Some((_, s)) => s.clone(),
        None => remembered(conn, "symbol")?.unwrap_or_else(|| "TB-UBND".into()),
    };
    let (number, next_free) = suggested_number(conn, conference_id, date.year(), &symbol)?;
    let district = notice_text::district_name(conn)?;
    let (chair_name, chair_position) = notice_text::chair(conn, &c)?;
    let deputy = chair_position.as_deref().is_some_and(|p| p.contains("Phó Chủ tịch"));
    let (authority, position) = if deputy { ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") } else { ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH") };
    let issuer = if symbol.ends_with("-VP") { "Văn phòng HĐND và UBND huyện" } else { "UBND huyện" };
    let draft = NoticeDraft {
        conference_id,
        number,
        symbol,
        date: date.to_string(),
        place: remembered(conn, "place")?.unwrap_or_else(|| notice_text::place(&district)),
        parent_agency: remembered(conn, "parent_agency")?.unwrap_or_default(),
        agency: remembered(conn, "agency")?.unwrap_or_else(|| format!("ỦY BAN NHÂN DÂN\n{}", district.to_uppercase())),
        subject: notice_text::subject(&c, chair_position.as_deref()),
        opening: notice_text::opening(conn, &c, &district)?,
        closing: format!(
            "Trên đây là kết luận của đồng chí {} tại hội nghị; {issuer} thông báo để các cơ quan, đơn vị biết, thực hiện./.",
            { notice_text::committee_title(chair_position.as_deref()).unwrap_or_else(|| "Chủ tịch UBND huyện".into()) }
        ),
        authority: remembered(conn, "authority")?.unwrap_or_else(|| authority.into()),
        position: remembered(conn, "position")?.unwrap_or_else(|| position.into()),
        signer: remembered(conn, "signer")?.or(chair_name).unwrap_or_default(),
        recipients: notice_text::recipients(conn, conference_id)?,
        archive: remembered(conn, "archive")?.unwrap_or_else(|| "VT, VP".into()),
    };
    Ok(NoticeForm { draft, next_free, items: notice_text::items(conn, conference_id)? })
}

/// The number a notice of `conference_id` dated in `year` under `symbol` should carry —
/// the one the conference already holds there, else the next free — and the next free.
/// The form asks again when the secretary changes the date's year or the symbol.
pub fn suggested_number(conn: &Connection, conference_id: i64, year: i32, symbol: &str) -> Result<(u32, u32)> {
    let taken = document_numbers::taken(conn, year, symbol)?;
    let next = next_free(&taken);
    Ok((taken.iter().find(|t| t.conference_id == Some(conference_id)).map_or(next, |t| t.number), next))
}

/// The number after the highest taken: a gap is a number given on paper outside the app
/// or withdrawn, and is never handed out again.
fn next_free(taken: &[Taken]) -> u32 {
    taken.iter().map(|t| t.number).max().unwrap_or(0) + 1
}

fn require_directives(conn: &Connection, conference_id: i64) -> Result<()> {
    if directives::list(conn, conference_id)?.is_empty() {
        return Err(CoreError::invalid(
            "conference",
            "Hội nghị này chưa có ý kiến chỉ đạo nào, nên chưa có gì để thông báo kết luận. Hãy ghi các ý kiến chỉ đạo (hoặc dùng “Đọc kết luận”) trước.",
        ));
    }
    Ok(())
}

/// A cleaned draft: NFC, trimmed, each field within its length and filled where the
/// decree requires it.
fn checked(conn: &Connection, d: &NoticeDraft) -> Result<(NoticeDraft, NaiveDate)> {
    let c = conferences::get(conn, d.conference_id)?;
    require_directives(conn, d.conference_id)?;
    let need = |field: &'static str, value: &str, what: &str, max: usize| -> Result<String> {
        let v = text::limited(field, value, max, what)?;
        if v.is_empty() {
            return Err(CoreError::invalid(field, format!("Hãy điền {what}.")));
        }
        Ok(v)
    };
    let date = time::in_window("date", time::parse_date("date", &d.date)?)?;
    let held = notice_text::conference_day(&c)?;
    if date < held {
        return Err(CoreError::invalid(
            "date",
            format!("Ngày thông báo {} sớm hơn ngày họp {}: thông báo kết luận ra sau hội nghị.", date.format("%d/%m/%Y"), held.format("%d/%m/%Y")),
        ));
    }
    if d.number == 0 || d.number > 99_999 {
        return Err(CoreError::invalid("number", "Số thông báo phải là số nguyên dương (01, 02, …)."));
    }
    let symbol = text::clean(&d.symbol).to_uppercase();
    let symbol_ok = !symbol.is_empty()
        && symbol.len() <= 40
        && symbol.split('-').all(|g| !g.is_empty() && g.chars().all(|ch| ch.is_alphanumeric()))
        && symbol.starts_with("TB");
    if !symbol_ok {
        return Err(CoreError::invalid(
            "symbol",
            format!("Ký hiệu “{}” không đúng dạng: viết hoa, các nhóm nối bằng “-”, không dấu cách, bắt đầu bằng TB (TB-UBND, TB-VP).", d.symbol.trim()),
        ));
    }
    let authority = text::limited("authority", &d.authority, text::NAME_MAX, "thẩm quyền ký")?.to_uppercase();
    if !authority.is_empty() && !AUTHORITIES.iter().any(|a| authority.starts_with(a)) {
        return Err(CoreError::invalid("authority", "Thẩm quyền ký bắt đầu bằng TM., KT., TL., Q. hoặc TUQ. (hoặc để trống khi người đứng đầu ký)."));
    }
    let recipients: Vec<String> = d
        .recipients
        .iter()
        .map(|r| text::limited("recipients", r.trim().trim_start_matches(['-', ' ']).trim_end_matches([';', '.', ' ']), text::NAME_MAX, "nơi nhận"))
        .filter(|r| !matches!(r, Ok(s) if s.is_empty()))
        .collect::<Result<_>>()?;
    let agency = need("agency", &d.agency, "tên cơ quan ban hành", text::NAME_MAX)?;
    let clean = NoticeDraft {
        conference_id: d.conference_id,
        number: d.number,
        symbol,
        date: date.to_string(),
        place: need("place", &d.place, "địa danh", text::NAME_MAX)?,
        parent_agency: text::limited("parentAgency", &d.parent_agency, text::NAME_MAX, "cơ quan chủ quản")?,
        agency,
        subject: need("subject", &d.subject, "trích yếu", text::TITLE_MAX)?,
        opening: text::limited("opening", &d.opening, text::LONG_MAX, "phần mở đầu")?,
        closing: text::limited("closing", &d.closing, text::NOTE_MAX, "phần kết")?,
        authority,
        position: need("position", &d.position, "chức vụ người ký", text::NAME_MAX)?.to_uppercase(),
        signer: need("signer", &d.signer, "họ tên người ký", text::NAME_MAX)?,
        recipients,
        archive: need("archive", &d.archive, "nơi lưu (VT, …)", text::NAME_MAX)?,
    };
    Ok((clean, date))
}

/// Takes the draft's number in the register (refused, with the next free number, when
/// another conference holds it), stores the number and date on the conference and
/// remembers the signer and the header for the next notice. Returns the checked draft.
pub fn issue(tx: &Transaction, ctx: &Ctx, draft: &NoticeDraft) -> Result<NoticeDraft> {
    let (d, date) = checked(tx, draft)?;
    let taken = document_numbers::taken(tx, date.year(), &d.symbol)?;
    if let Some(t) = taken.iter().find(|t| t.number == d.number && t.conference_id != Some(d.conference_id)) {
        let holder = match t.conference_id {
            Some(id) => format!("hội nghị “{}”", conferences::get(tx, id)?.title),
            None => "một văn bản trước đây".into(),
        };
        return Err(CoreError::invalid(
            "number",
            format!(
                "Số {} năm {} đã cấp cho {holder}; mỗi số chỉ dùng một lần trong năm. Số trống tiếp theo là {:02}.",
                nd30::number_text(d.number, &d.symbol),
                date.year(),
                next_free(&taken)
            ),
        ));
    }
    document_numbers::register(tx, date.year(), &d.symbol, d.number, d.conference_id, &d.date, &ctx.stamp())?;
    tx.execute(
        "UPDATE conference SET notice_number = ?1, notice_date = ?2, updated_at = ?3 WHERE id = ?4",
        rusqlite::params![nd30::number_text(d.number, &d.symbol), d.date, ctx.stamp(), d.conference_id],
    )?;
    conference_search::reindex(tx, d.conference_id)?;
    for (key, value) in [
        ("symbol", &d.symbol),
        ("place", &d.place),
        ("parent_agency", &d.parent_agency),
        ("agency", &d.agency),
        ("authority", &d.authority),
        ("position", &d.position),
        ("signer", &d.signer),
        ("archive", &d.archive),
    ] {
        settings::set_value(tx, &format!("notice.{key}"), value)?;
    }
    Ok(d)
}

/// The notice as a .docx: the NĐ 30 header, "THÔNG BÁO" and the trích yếu, the opening,
/// the numbered conclusions, the closing, the signature and "Nơi nhận".
pub fn render(conn: &Connection, d: &NoticeDraft) -> Result<Vec<u8>> {
    let date = time::parse_date("date", &d.date)?;
    let agency: Vec<String> = d.agency.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    let number_line = nd30::number_line(d.number, &d.symbol);
    let place_and_date = nd30::place_and_date(&d.place, date);
    let mut doc = docx::document().add_table(docx::heading(&Heading {
        parent: &d.parent_agency,
        agency: &agency,
        number_line: &number_line,
        place_and_date: &place_and_date,
    }));
    for p in docx::title("Thông báo", &d.subject) {
        doc = doc.add_paragraph(p);
    }
    for para in d.opening.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        doc = doc.add_paragraph(docx::body(&para.replace('\n', " ")));
    }
    for item in notice_text::items(conn, d.conference_id)? {
        doc = doc.add_paragraph(docx::body_runs(vec![docx::run(&format!("{}. ", item.number), 14).bold(), docx::run(&item.text, 14)]));
        for line in &item.tasks {
            doc = doc.add_paragraph(docx::body(&format!("- {line}")));
        }
    }
    if !d.closing.trim().is_empty() {
        doc = doc.add_paragraph(docx::body(d.closing.trim()));
    }
    let mut recipients: Vec<String> = d.recipients.iter().map(|r| format!("- {r};")).collect();
    recipients.push(format!("- Lưu: {}.", d.archive.trim().trim_end_matches('.')));
    let doc = doc.add_paragraph(docx::gap(120)).add_table(docx::signature(&Signature {
        authority: &d.authority,
        position: &d.position,
        signer: &d.signer,
        recipients: &recipients,
    }));
    docx::pack(doc)
}

/// Issues the notice and writes it to `path` in one transaction: when the file cannot be
/// written, the number is not taken and the conference is unchanged.
pub fn export(store: &mut Store, ctx: &Ctx, draft: &NoticeDraft, path: &Path, overwrite: bool) -> Result<IssuedNotice> {
    store.write(|tx| {
        let d = issue(tx, ctx, draft)?;
        let bytes = render(tx, &d)?;
        super::write_file(path, &bytes, overwrite)?;
        Ok(IssuedNotice { number: nd30::number_text(d.number, &d.symbol), date: d.date.clone(), path: path.display().to_string() })
    })
}
