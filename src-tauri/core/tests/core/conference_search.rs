//! Search (issue 14, item 12): the conference search also reads the conference's
//! directives and its tasks' titles and descriptions, without diacritics, in stores
//! written before it existed and in imported ones too.

use dondoc_core::queries::conferences::{self, ConferenceFilter};
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::Store;

use crate::{ctx, d, store, unit};

fn titles(s: &Store, q: &str) -> Vec<String> {
    let filter = ConferenceFilter { query: Some(q.into()), ..Default::default() };
    conferences::list(s.conn(), &filter, d("2023-03-01")).unwrap().into_iter().map(|c| c.conference.title).collect()
}

fn add(s: &mut Store, title: &str, starts: &str) -> i64 {
    s.create_conference(&ctx(), &ConferenceInput { title: title.into(), starts_at: starts.into(), format: "in_person".into(), ..Default::default() }).unwrap()
}

#[test]
fn directives_and_tasks_are_searched_with_their_conference() {
    let mut s = store();
    let giao_ban = add(&mut s, "Giao ban tháng 2", "06/02/2023 08:00");
    let so_ket = add(&mut s, "Sơ kết quý I", "30/03/2023 08:00");
    add(&mut s, "Hội nghị không có chỉ đạo", "31/03/2023 08:00");
    s.add_directive(giao_ban, "Đẩy mạnh số hóa hồ sơ thủ tục hành chính cấp xã.").unwrap();
    let dir = s.add_directive(so_ket, "Tập trung giải phóng mặt bằng").unwrap();
    s.create_task(
        &ctx(),
        &TaskInput {
            directive_id: Some(dir),
            title: "Đo đạc bản đồ địa chính".into(),
            description: Some("Phối hợp Văn phòng đăng ký đất đai lập hồ sơ".into()),
            lead_unit_ids: vec![unit(&s, "phong-tnmt")],
            ..Default::default()
        },
    )
    .unwrap();
    let cases: &[(&str, &[&str])] = &[
        ("so hoa", &["Giao ban tháng 2"]),
        ("SỐ HÓA HỒ SƠ", &["Giao ban tháng 2"]),
        ("do dac dia chinh", &["Sơ kết quý I"]),
        ("dang ky dat dai", &["Sơ kết quý I"]),
        ("giai phong mat bang", &["Sơ kết quý I"]),
        // Words may come from different texts of the same conference.
        ("so ket do dac", &["Sơ kết quý I"]),
        ("ho so", &["Sơ kết quý I", "Giao ban tháng 2"]),
        ("so hoa do dac", &[]),
    ];
    for (q, want) in cases {
        assert_eq!(titles(&s, q), *want, "query {q:?}");
    }
}

#[test]
fn a_store_from_before_the_index_and_an_imported_one_are_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut conn) = crate::older_store(dir.path(), 10);
    {
        dondoc_core::registry::seed_if_empty(&mut conn).unwrap();
        conn.execute_batch(
            // As schema 10 wrote it: the search words of its own fields only.
            "INSERT INTO conference (id, title, kind, starts_at, format, status, search_folded, created_at, updated_at)
                 VALUES (1, 'Giao ban tháng 2', 'giao_ban', '2023-02-06T01:00:00Z', 'in_person', 'held', 'giao ban thang 2',
                         '2023-02-06T01:00:00Z', '2023-02-06T01:00:00Z');
             INSERT INTO directive (conference_id, ordinal, text) VALUES (1, 1, 'Đẩy mạnh số hóa hồ sơ');",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(titles(&s, "so hoa"), ["Giao ban tháng 2"], "indexed on upgrade");
    assert_eq!(titles(&s, "giao ban"), ["Giao ban tháng 2"], "its own title too");

    // An import replaces every conference (here one with the same id): the index follows,
    // with no stale document.
    let mut other = store();
    let old = add(&mut other, "Tổng kết năm", "12/01/2023 08:00");
    other.add_directive(old, "Chuyển đổi số").unwrap();
    let mut doc = dondoc_core::export::export(s.conn()).unwrap();
    // As an older version exported it: the search words of the conference's own fields only.
    doc["tables"]["conference"][0]["search_folded"] = "giao ban thang 2".into();
    other.import_all(&doc, true).unwrap();
    assert_eq!(titles(&other, "so hoa"), ["Giao ban tháng 2"]);
    assert!(titles(&other, "chuyen doi so").is_empty(), "the replaced conference's words are gone");
}

#[test]
fn an_edited_conference_loses_its_old_words_and_tasks_add_only_new_ones() {
    let mut s = store();
    let id = add(&mut s, "Giao ban quản lý đất đai", "06/02/2023 08:00");
    let dir = s.add_directive(id, "Đẩy mạnh số hóa hồ sơ").unwrap();
    let edited = ConferenceInput { title: "Giao ban tháng 2".into(), starts_at: "06/02/2023 08:00".into(), format: "in_person".into(), ..Default::default() };
    s.update_conference(&ctx(), id, &edited).unwrap();
    assert!(titles(&s, "dat dai").is_empty(), "the old title's words are gone");
    assert_eq!(titles(&s, "so hoa thang 2"), ["Giao ban tháng 2"], "the directive's stay");

    let lead = vec![unit(&s, "phong-noi-vu")];
    for title in ["Báo cáo số hóa hồ sơ quý I", "Báo cáo số hóa hồ sơ quý II", "Báo cáo tiến độ giải ngân"] {
        s.create_task(&ctx(), &TaskInput { directive_id: Some(dir), title: title.into(), lead_unit_ids: lead.clone(), ..Default::default() }).unwrap();
    }
    let doc: String = s.conn().query_row("SELECT search_folded FROM conference WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    let words: Vec<&str> = doc.split(' ').collect();
    let distinct: std::collections::HashSet<&str> = words.iter().copied().collect();
    assert_eq!(words.len(), distinct.len(), "each word once: {doc:?}");
    assert_eq!(titles(&s, "giai ngan"), ["Giao ban tháng 2"]);
}

/// Directives the reader's accepted rows create at the conclusion's own numbers are searched
/// too, and as long as any other directive may be.
#[test]
fn directives_from_the_reader_are_searched_and_bounded() {
    use dondoc_core::conclusion::{self, AcceptedRow};
    let mut s = store();
    let conf = add(&mut s, "Giao ban tháng 3", "06/03/2023 08:00");
    let ha = unit(&s, "xa-my-ha");
    let row = |sentence: String| AcceptedRow {
        sentence,
        directive_number: Some(2),
        proposal: None,
        task: TaskInput { title: "Báo cáo kết quả".into(), lead_unit_ids: vec![ha], ..Default::default() },
    };
    conclusion::accept(&mut s, &ctx(), conf, &[row("2. Rà soát quy hoạch nghĩa trang nhân dân các xã.".into())]).unwrap();
    assert_eq!(titles(&s, "nghia trang"), ["Giao ban tháng 3"], "a word only the directive holds finds its conference");
    let err = conclusion::accept(&mut s, &ctx(), conf, &[AcceptedRow { directive_number: Some(3), ..row("ý ".repeat(10_001)) }]).unwrap_err();
    assert_eq!(err.field(), Some("text"), "{err}");
}
