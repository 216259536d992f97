//! The conclusion notice (issue 19): its numbers in the year's register, its refusals, and
//! the .docx read back as XML — page, margins, fonts and sizes of NĐ 30, the header texts,
//! the numbered conclusions with their deadlines, and the recipients.

use std::io::Read;

use dondoc_core::documents::notice::{self, NoticeDraft};
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::{demo, queries, Store};

use super::{ctx, d};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn demo_store() -> (Store, i64) {
    let mut s = super::store();
    let id = demo::load(&mut s, &ctx()).unwrap();
    (s, id)
}

fn draft(s: &Store, id: i64) -> NoticeDraft {
    notice::draft(s.conn(), id, d("2023-01-13")).unwrap().draft
}

/// A second conference of 2023 with one directive.
fn other_conference(s: &mut Store) -> i64 {
    let id = s
        .create_conference(
            &ctx(),
            &ConferenceInput {
                title: "Hội nghị giao ban tháng 2".into(),
                starts_at: "20/02/2023 08:00".into(),
                format: "in_person".into(),
                ..Default::default()
            },
        )
        .unwrap();
    s.add_directive(id, "Các xã rà soát hồ sơ tồn đọng.").unwrap();
    id
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("{name} in the .docx")).read_to_string(&mut out).unwrap();
    out
}

fn attr<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

/// A paragraph of the document as read back: its text and the look of its runs.
#[derive(Debug)]
struct Para {
    text: String,
    sizes: Vec<u32>,
    bold: bool,
    italic: bool,
    align: Option<String>,
    first_line: Option<i32>,
    after: Option<u32>,
}

fn paragraphs(xml: &str) -> Vec<Para> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let mut out = Vec::new();
    for p in doc.descendants().filter(|n| n.has_tag_name((W, "p"))) {
        let runs: Vec<_> = p.children().filter(|n| n.has_tag_name((W, "r"))).collect();
        let text: String = runs.iter().flat_map(|r| r.descendants().filter(|n| n.has_tag_name((W, "t")))).filter_map(|t| t.text()).collect();
        let texted: Vec<_> = runs.iter().filter(|r| r.descendants().any(|n| n.has_tag_name((W, "t")) && n.text().is_some_and(|t| !t.is_empty()))).collect();
        let has = |r: &roxmltree::Node, tag: &str| r.descendants().any(|n| n.has_tag_name((W, tag)));
        let sizes = texted.iter().filter_map(|r| r.descendants().find(|n| n.has_tag_name((W, "sz"))).and_then(|n| attr(n, "val")?.parse().ok())).collect();
        let ppr = p.children().find(|n| n.has_tag_name((W, "pPr")));
        let find = |tag: &str| ppr.and_then(|pp| pp.children().find(|n| n.has_tag_name((W, tag))));
        out.push(Para {
            text,
            sizes,
            bold: !texted.is_empty() && texted.iter().all(|r| has(r, "b")),
            italic: !texted.is_empty() && texted.iter().all(|r| has(r, "i")),
            align: find("jc").and_then(|n| attr(n, "val")).map(str::to_string),
            first_line: find("ind").and_then(|n| attr(n, "firstLine")?.parse().ok()),
            after: find("spacing").and_then(|n| attr(n, "after")?.parse().ok()),
        });
    }
    out
}

fn find<'a>(ps: &'a [Para], text: &str) -> &'a Para {
    ps.iter().find(|p| p.text == text).unwrap_or_else(|| panic!("no paragraph “{text}” in {:#?}", ps.iter().map(|p| &p.text).collect::<Vec<_>>()))
}

#[test]
fn the_seed_notice_has_the_layout_of_nd30() {
    let (mut s, id) = demo_store();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("thông báo.docx");
    let mut draft = draft(&s, id);
    draft.number = 12;
    let issued = notice::export(&mut s, &ctx(), &draft, &path, false).unwrap();
    assert_eq!((issued.number.as_str(), issued.date.as_str()), ("12/TB-UBND", "2023-01-13"));
    let bytes = std::fs::read(&path).unwrap();
    let xml = part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let node = |tag: &str| doc.descendants().find(|n| n.has_tag_name((W, tag))).unwrap_or_else(|| panic!("w:{tag}"));

    // A4 portrait, margins within the decree's ranges (twips → mm).
    let size = node("pgSz");
    assert_eq!((attr(size, "w"), attr(size, "h")), (Some("11906"), Some("16838")));
    assert_ne!(attr(size, "orient"), Some("landscape"));
    let mm = |name: &str| attr(node("pgMar"), name).unwrap().parse::<f64>().unwrap() * 25.4 / 1440.0;
    for (side, lo, hi) in [("top", 20.0, 25.0), ("bottom", 20.0, 25.0), ("left", 30.0, 35.0), ("right", 15.0, 20.0)] {
        assert!((lo - 0.1..=hi + 0.1).contains(&mm(side)), "{side} margin {:.1} mm", mm(side));
    }
    // Page numbers from page 2: a first-page header of its own, the default one with PAGE, centred.
    assert!(doc.descendants().any(|n| n.has_tag_name((W, "titlePg"))), "different first page");
    let kinds: Vec<_> = doc.descendants().filter(|n| n.has_tag_name((W, "headerReference"))).filter_map(|n| attr(n, "type")).collect();
    assert!(kinds.contains(&"default") && kinds.contains(&"first"), "{kinds:?}");
    let headers: Vec<String> = (1..=2).map(|i| part(&bytes, &format!("word/header{i}.xml"))).collect();
    let numbered: Vec<&String> = headers.iter().filter(|h| h.contains(">PAGE<")).collect();
    assert_eq!(numbered.len(), 1, "exactly one header carries the page number");
    assert!(numbered[0].contains(r#"w:jc w:val="center""#));

    // Times New Roman throughout.
    let fonts: Vec<_> = doc.descendants().filter(|n| n.has_tag_name((W, "rFonts"))).filter_map(|n| attr(n, "ascii")).collect();
    assert!(!fonts.is_empty() && fonts.iter().all(|f| *f == "Times New Roman"), "{fonts:?}");

    let ps = paragraphs(&xml);
    let look = |text: &str| {
        let p = find(&ps, text);
        (p.sizes.clone(), p.bold, p.italic)
    };
    assert_eq!(look("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), (vec![24], true, false));
    assert_eq!(look("Độc lập - Tự do - Hạnh phúc"), (vec![26], true, false));
    assert_eq!(look("ỦY BAN NHÂN DÂN"), (vec![26], true, false));
    assert_eq!(look("HUYỆN MỸ LỘC"), (vec![26], true, false));
    assert_eq!(look("Số: 12/TB-UBND"), (vec![26], false, false));
    assert_eq!(look("Mỹ Lộc, ngày 13 tháng 01 năm 2023"), (vec![26], false, true));
    assert_eq!(look("THÔNG BÁO"), (vec![28], true, false));
    let subject = ps.iter().find(|p| p.text.starts_with("Kết luận của Chủ tịch UBND huyện tại Hội nghị trực tuyến")).expect("trích yếu");
    assert!(subject.bold && subject.align.as_deref() == Some("center"));
    // The rules: the agency's and the Tiêu ngữ's are paragraph borders under them.
    assert!(doc.descendants().filter(|n| n.has_tag_name((W, "pBdr"))).count() >= 3, "three rules");

    // Body: justified, first line indented, 6 pt after; the numbered conclusions in order.
    let opening = ps.iter().find(|p| p.text.starts_with("Ngày 12/01/2023, UBND huyện Mỹ Lộc tổ chức")).expect("opening");
    assert!(opening.text.contains("11 điểm cầu") && opening.text.contains("Phạm Văn Long"), "{}", opening.text);
    for p in ps.iter().filter(|p| p.align.as_deref() == Some("both")) {
        assert_eq!((p.first_line, p.after, p.sizes.iter().all(|s| *s == 28)), (Some(567), Some(120), true), "{}", p.text);
    }
    let numbered: Vec<&Para> = ps.iter().filter(|p| p.text.len() > 3 && p.text.as_bytes()[0].is_ascii_digit() && p.text[1..].starts_with(". ")).collect();
    assert_eq!(numbered.iter().map(|p| &p.text[..2]).collect::<Vec<_>>(), ["1.", "2.", "3.", "4."]);
    let body: String = ps.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
    for expected in [
        "Giao Phòng Nội vụ chủ trì: ban hành hướng dẫn chấm điểm",
        "thời hạn: trước ngày 28/02/2023",
        "Giao UBND các xã, thị trấn chủ trì: số hóa hồ sơ TTHC cấp xã",
        "chỉ tiêu: tỷ lệ hồ sơ TTHC được số hóa trên 60% (mỗi đơn vị)",
        "trên 80%",
        "thông báo để các cơ quan, đơn vị biết, thực hiện./.",
    ] {
        assert!(body.contains(expected), "“{expected}” not in:\n{body}");
    }

    // Signature and Nơi nhận.
    assert_eq!(look("TM. ỦY BAN NHÂN DÂN"), (vec![28], true, false));
    assert_eq!(look("CHỦ TỊCH"), (vec![28], true, false));
    assert_eq!(look("Phạm Văn Long"), (vec![28], true, false));
    assert_eq!(look("Nơi nhận:"), (vec![24], true, true));
    let from = ps.iter().position(|p| p.text == "Nơi nhận:").unwrap();
    let lines: Vec<&Para> = ps[from + 1..].iter().take_while(|p| p.text.starts_with("- ")).collect();
    assert!(lines.iter().all(|p| p.sizes == [22]), "recipients in 11 pt");
    let texts: Vec<&str> = lines.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts.last(), Some(&"- Lưu: VT, VP."));
    assert!(texts[..texts.len() - 1].iter().all(|t| t.ends_with(';')), "{texts:?}");
    for unit in ["- Phòng Nội vụ;", "- UBND các xã, thị trấn;", "- Phòng Văn hóa và Thông tin;"] {
        assert!(texts.contains(&unit), "{unit} not in {texts:?}");
    }

    // The number and date are on the conference.
    let c = queries::conferences::get(s.conn(), id).unwrap();
    assert_eq!((c.notice_number.as_deref(), c.notice_date.as_deref()), (Some("12/TB-UBND"), Some("2023-01-13")));
}

#[test]
fn numbers_follow_the_years_register_and_are_never_given_twice() {
    let (mut s, id) = demo_store();
    let dir = tempfile::tempdir().unwrap();
    let first = draft(&s, id);
    assert_eq!(first.number, 1, "the year's first notice");
    let mut first = first;
    first.number = 12;
    notice::export(&mut s, &ctx(), &first, &dir.path().join("a.docx"), false).unwrap();

    let other = other_conference(&mut s);
    let form = notice::draft(s.conn(), other, d("2023-02-21")).unwrap();
    assert_eq!((form.next_free, form.draft.number), (13, 13));
    let mut taken = form.draft.clone();
    taken.number = 12;
    let err = notice::export(&mut s, &ctx(), &taken, &dir.path().join("b.docx"), false).unwrap_err();
    assert_eq!(err.field(), Some("number"));
    assert!(err.to_string().contains("12/TB-UBND năm 2023 đã cấp") && err.to_string().contains("Số trống tiếp theo là 13"), "{err}");
    assert!(!dir.path().join("b.docx").exists());

    // The same conference keeps its own number when its notice is written again.
    assert_eq!(draft(&s, id).number, 12);
    notice::export(&mut s, &ctx(), &first, &dir.path().join("a2.docx"), false).unwrap();
    // Renumbered, the old number stays taken: the next free is after the highest.
    first.number = 14;
    notice::export(&mut s, &ctx(), &first, &dir.path().join("a3.docx"), false).unwrap();
    assert_eq!(notice::draft(s.conn(), other, d("2023-02-21")).unwrap().next_free, 15);
    first.number = 12;
    let err = notice::export(&mut s, &ctx(), &taken, &dir.path().join("b.docx"), false).unwrap_err();
    assert!(err.to_string().contains("đã cấp"), "12 is still taken: {err}");

    // A number typed on the conference form counts as taken; a new year starts again at 01.
    s.conn().execute("UPDATE conference SET notice_number = '20/TB-UBND', notice_date = '2023-03-01' WHERE id = ?1", [other]).unwrap();
    let another = other_conference(&mut s);
    assert_eq!(notice::draft(s.conn(), another, d("2023-03-02")).unwrap().next_free, 21);
    assert_eq!(notice::draft(s.conn(), another, d("2024-01-05")).unwrap().draft.number, 1);
}

#[test]
fn bad_input_is_refused_and_takes_nothing() {
    let (mut s, id) = demo_store();
    let dir = tempfile::tempdir().unwrap();

    // A conference without directives has nothing to announce.
    let bare = s
        .create_conference(
            &ctx(),
            &ConferenceInput {
                title: "Họp chưa kết luận".into(), starts_at: "01/02/2023 08:00".into(), format: "in_person".into(), ..Default::default()
            },
        )
        .unwrap();
    let err = notice::draft(s.conn(), bare, d("2023-02-02")).unwrap_err();
    assert!(err.to_string().contains("chưa có ý kiến chỉ đạo"), "{err}");

    // A date before the meeting, a symbol that is not one, no signer.
    for (change, field) in [
        (Box::new(|d: &mut NoticeDraft| d.date = "2023-01-05".into()) as Box<dyn Fn(&mut NoticeDraft)>, "date"),
        (Box::new(|d: &mut NoticeDraft| d.symbol = "tb ubnd".into()), "symbol"),
        (Box::new(|d: &mut NoticeDraft| d.signer = "  ".into()), "signer"),
        (Box::new(|d: &mut NoticeDraft| d.authority = "THAY MẶT".into()), "authority"),
    ] {
        let mut bad = draft(&s, id);
        change(&mut bad);
        let err = notice::export(&mut s, &ctx(), &bad, &dir.path().join("x.docx"), false).unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
    }

    // A folder that cannot be written: a clear error, and the number is not taken.
    let unwritable = if running_as_root() { std::path::PathBuf::from("/sys/kernel") } else { read_only_dir(dir.path()) };
    let good = draft(&s, id);
    let err = notice::export(&mut s, &ctx(), &good, &unwritable.join("tb.docx"), false).unwrap_err();
    assert!(err.to_string().starts_with("Không ghi được tệp") && err.to_string().contains("không có quyền"), "{err}");
    let c = queries::conferences::get(s.conn(), id).unwrap();
    assert_eq!(c.notice_number, None, "the conference is unchanged");
    assert_eq!(draft(&s, id).number, good.number, "the number is still free");
    assert!(queries::document_numbers::taken(s.conn(), 2023, "TB-UBND").unwrap().is_empty());
    // Nothing in the store was lost: the directives are all there.
    assert_eq!(queries::directives::list(s.conn(), id).unwrap().len(), 4);
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status").unwrap_or_default().lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
}

fn read_only_dir(parent: &std::path::Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = parent.join("chỉ đọc");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    dir
}

/// The app and the CLI issue notices at once, each on its own connection to the office's
/// store, both asking for number 05 of 2023 for two conferences: one gets it, the other is
/// refused with the next free number, and the register holds 05 once.
#[test]
fn two_callers_never_get_the_same_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dondoc.sqlite3");
    let (first, second) = {
        let mut s = Store::open(&path).unwrap();
        let a = demo::load(&mut s, &ctx()).unwrap();
        (a, other_conference(&mut s))
    };
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let results: Vec<_> = [(first, "a.docx"), (second, "b.docx")]
        .into_iter()
        .map(|(conference, file)| {
            let (path, out, barrier) = (path.clone(), dir.path().join(file), barrier.clone());
            std::thread::spawn(move || {
                let mut s = Store::open(&path).unwrap();
                let mut draft = notice::draft(s.conn(), conference, d("2023-02-21")).unwrap().draft;
                (draft.number, draft.signer) = (5, "Lê Quang Huy".into());
                barrier.wait();
                notice::export(&mut s, &ctx(), &draft, &out, false)
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    let refused: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(refused.len(), 1, "{results:?}");
    assert!(refused[0].to_string().contains("Số trống tiếp theo là 06"), "{}", refused[0]);
    let s = Store::open(&path).unwrap();
    let taken = queries::document_numbers::taken(s.conn(), 2023, "TB-UBND").unwrap();
    assert_eq!(taken.iter().map(|t| t.number).collect::<Vec<_>>(), [5]);
}
