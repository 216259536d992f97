//! Pasting attendees (issue 14, item 7): a bad or repeated line is marked with its reason
//! and skipped, never the whole list; a line may name its site, a commune's people sit at
//! their commune's site, and "UBND huyện" (the district itself) is a unit, at the main hall.

use dondoc_core::model::UnitKind;
use dondoc_core::paste::{self, ParsedAttendee, SitePick};
use dondoc_core::queries::attendees::{self, AttendeeInput};
use dondoc_core::queries::conferences;
use dondoc_core::queries::{stats, units};
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::{registry, Store};

use crate::{ctx, d, store, unit};

/// An online conference with the 11 commune-level sites and Trần Thị Hoa (Mỹ Hà) already
/// at her commune's site.
fn conference(s: &mut Store) -> i64 {
    let id = s
        .create_conference(
            &ctx(),
            &ConferenceInput { title: "Giao ban trực tuyến".into(), starts_at: "06/02/2023 08:00".into(), format: "online".into(), ..Default::default() },
        )
        .unwrap();
    let my_ha = unit(s, "xa-my-ha");
    let site = site_of(s, id, "xa-my-ha");
    let hoa = AttendeeInput { name: "Trần Thị Hoa".into(), unit_id: Some(my_ha), site_id: Some(site), ..Default::default() };
    s.add_attendees(&ctx(), id, &[hoa]).unwrap();
    id
}

fn site_of(s: &Store, conference: i64, code: &str) -> i64 {
    let u = unit(s, code);
    conferences::sites(s.conn(), conference).unwrap().into_iter().find(|x| x.unit_id == u).unwrap().id
}

fn as_input(r: &ParsedAttendee) -> AttendeeInput {
    AttendeeInput { name: r.name.clone(), position: r.position.clone(), unit_id: r.unit_id, site_id: r.site_id, ..Default::default() }
}

const LIST: &str = "1. Nguyễn Văn An – Chủ tịch – UBND xã Mỹ Thịnh
2. Lê Thị Bình – Phó Chủ tịch – UBND xã Mỹ Hà – điểm cầu Mỹ Thịnh
3. Phạm Văn Cường – Chủ tịch UBND huyện

4. Đỗ Văn Dũng – Trưởng phòng – Phòng Văn hóa Du lịch
5. TRẦN THỊ HOA – Chủ tịch UBND xã – UBND xã Mỹ Hà
6. Nguyen Van An – Chủ tịch – UBND xã Mỹ Thịnh
7.  – Chuyên viên – Phòng Nội vụ
8. Vũ Văn Em – Chánh Văn phòng – Văn phòng HĐND và UBND huyện (điểm cầu chính)
9. Hồ Thị Gấm – Chuyên viên – Phòng Nội vụ – điểm cầu xã Mỹ Khánh
10. Ngô Văn Hải – Cán bộ – UBND huyện Mỹ Lộc
11. Đinh Thị Lan (điểm cầu Mỹ Tân)";

#[test]
fn a_pasted_list_marks_each_bad_line_with_its_reason_and_adds_the_others() {
    let mut s = store();
    let id = conference(&mut s);
    let district = unit(&s, registry::DISTRICT_CODE);
    let rows = paste::review(s.conn(), id, LIST, SitePick::Auto).unwrap();
    let got: Vec<(usize, &str, Option<i64>, Option<i64>, Option<&str>)> =
        rows.iter().map(|r| (r.line, r.name.as_str(), r.unit_id, r.site_id, r.problem.as_deref())).collect();
    let (thinh, ha, tan) = (unit(&s, "xa-my-thinh"), unit(&s, "xa-my-ha"), unit(&s, "xa-my-tan"));
    let (thinh_site, tan_site) = (site_of(&s, id, "xa-my-thinh"), site_of(&s, id, "xa-my-tan"));
    assert_eq!(
        got,
        vec![
            (1, "Nguyễn Văn An", Some(thinh), Some(thinh_site), None),
            (2, "Lê Thị Bình", Some(ha), Some(thinh_site), None),
            (3, "Phạm Văn Cường", Some(district), None, None),
            (5, "Đỗ Văn Dũng", None, None, Some("Không tìm thấy đơn vị “Phòng Văn hóa Du lịch” trong danh mục.")),
            (
                6,
                "TRẦN THỊ HOA",
                Some(ha),
                Some(site_of(&s, id, "xa-my-ha")),
                Some("Đại biểu “TRẦN THỊ HOA” (Mỹ Hà) được nhập hai lần: đã có trong danh sách của hội nghị.")
            ),
            (7, "Nguyen Van An", Some(thinh), Some(thinh_site), Some("Đại biểu “Nguyen Van An” (Mỹ Thịnh) được nhập hai lần: trùng với một dòng ở trên.")),
            (8, "", Some(unit(&s, "phong-noi-vu")), None, Some("Thiếu họ tên.")),
            (9, "Vũ Văn Em", Some(unit(&s, "vp-hdnd-ubnd")), None, None),
            (10, "Hồ Thị Gấm", Some(unit(&s, "phong-noi-vu")), None, Some("Hội nghị không có điểm cầu “xã Mỹ Khánh”.")),
            (11, "Ngô Văn Hải", Some(district), None, None),
            (12, "Đinh Thị Lan", Some(tan), Some(tan_site), None),
        ],
        "line 2 names its site; a commune's people sit at their commune's site; the district's at the main hall"
    );
    assert_eq!(rows[2].position.as_deref(), Some("Chủ tịch UBND huyện"), "a position that ends with the unit keeps its words");

    // Saving sends the rows the review accepts, plus one the secretary forced through
    // (line 7, the same person as line 1): it is skipped, the rest are added together.
    let mut batch: Vec<AttendeeInput> = rows.iter().filter(|r| r.problem.is_none()).map(as_input).collect();
    batch.insert(1, as_input(&rows[5]));
    let outcomes = s.add_attendees_each(&ctx(), id, &batch).unwrap();
    let problems: Vec<Option<&str>> = outcomes.iter().map(|o| o.problem.as_deref()).collect();
    assert_eq!(problems[1], Some("Đại biểu “Nguyen Van An” (Mỹ Thịnh) được nhập hai lần: trùng với một dòng ở trên."));
    assert_eq!(problems.iter().filter(|p| p.is_none()).count(), 6, "{problems:?}");
    assert!(outcomes.iter().all(|o| o.id.is_some() == o.problem.is_none()), "an id for each row added, a reason for each skipped");
    let stored = attendees::list(s.conn(), id).unwrap();
    assert_eq!(stored.len(), 7, "Hoa and the six good lines");
    let cuong = stored.iter().find(|a| a.name == "Phạm Văn Cường").unwrap();
    assert_eq!((cuong.site_id, cuong.unit_short_name.as_deref()), (None, Some("UBND huyện")));

    // Pasting the same list again adds no one: every line is already there.
    let again = paste::review(s.conn(), id, LIST, SitePick::Auto).unwrap();
    assert!(again.iter().all(|r| r.problem.is_some()), "{again:?}");
}

#[test]
fn the_site_picked_for_the_list_applies_to_lines_that_name_none() {
    let mut s = store();
    let id = conference(&mut s);
    let list = "Nguyễn Văn An – Chủ tịch – UBND xã Mỹ Thịnh\nLê Văn Tú – Công chức văn phòng\nTrịnh Văn Quý – Cán bộ – điểm cầu Mỹ Hưng";
    let sites = |pick| paste::review(s.conn(), id, list, pick).unwrap().iter().map(|r| (r.site_id, r.unit_id)).collect::<Vec<_>>();
    let (phuc_site, hung_site) = (site_of(&s, id, "xa-my-phuc"), site_of(&s, id, "xa-my-hung"));
    let (thinh, phuc, hung) = (unit(&s, "xa-my-thinh"), unit(&s, "xa-my-phuc"), unit(&s, "xa-my-hung"));
    assert_eq!(
        sites(SitePick::Host),
        [(None, Some(thinh)), (None, None), (Some(hung_site), Some(hung))],
        "all at the main hall, but the line that names its site"
    );
    assert_eq!(
        sites(SitePick::Site(phuc_site)),
        [(Some(phuc_site), Some(thinh)), (Some(phuc_site), Some(phuc)), (Some(hung_site), Some(hung))],
        "someone with no unit at Mỹ Phúc's site is of Mỹ Phúc"
    );
}

#[test]
fn the_district_is_a_unit_of_its_own_outside_groups_files_and_ranks() {
    let mut s = store();
    let all = units::list_units(s.conn()).unwrap();
    let district: Vec<_> = all.iter().filter(|u| u.kind == UnitKind::District).collect();
    assert_eq!(district.len(), 1);
    let district = district[0].id;
    for g in units::list_groups(s.conn()).unwrap() {
        assert!(!g.unit_ids.contains(&district), "the district is in no group ({}), so no group task reaches it", g.code);
    }
    assert!(registry::export(s.conn()).unwrap().units.iter().all(|u| u.kind != "district"), "the registry file stays units.json's");
    // The reader works from that file: "tham mưu UBND huyện" never makes the district a unit to act.
    let text = "Giao Phòng Nội vụ chủ trì, phối hợp với UBND huyện tham mưu UBND huyện ban hành kế hoạch cải cách hành chính trước ngày 15/3/2023.";
    let proposed = dondoc_core::conclusion::propose(&s, text, d("2023-02-27")).unwrap();
    assert_eq!(proposed.len(), 1);
    assert_eq!(proposed[0].lead_unit_ids, [unit(&s, "phong-noi-vu")]);
    assert!(!proposed[0].coordinator_unit_ids.contains(&district), "{:?}", proposed[0].coordinator_unit_ids);

    // Work for all the units does not put the district on the overview.
    let conf = conference(&mut s);
    let dir = s.add_directive(conf, "Các đơn vị báo cáo kết quả").unwrap();
    let all_group = crate::group(&s, "all");
    s.create_task(
        &ctx(),
        &dondoc_core::rules::task::TaskInput { directive_id: Some(dir), title: "Báo cáo".into(), lead_group_ids: vec![all_group], ..Default::default() },
    )
    .unwrap();
    let ranked = stats::per_unit(s.conn(), d("2023-02-27")).unwrap();
    assert_eq!(ranked.len(), 26);
    assert!(ranked.iter().all(|u| u.unit_id != district));
}

#[test]
fn reopening_never_adds_the_district_twice_nor_revives_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dondoc.sqlite3");
    let district = {
        let mut s = Store::open(&path).unwrap();
        let id = unit(&s, registry::DISTRICT_CODE);
        s.set_unit_active(id, false).unwrap();
        id
    };
    let s = Store::open(&path).unwrap();
    let all: Vec<_> = units::list_units(s.conn()).unwrap().into_iter().filter(|u| u.kind == UnitKind::District).collect();
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].id, all[0].active), (district, false), "the office's choice to archive it stays");
}

#[test]
fn a_store_from_before_the_district_upgrades_and_gets_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut conn) = crate::older_store(dir.path(), 10);
    {
        registry::seed_if_empty(&mut conn).unwrap();
        let refused = conn.execute("INSERT INTO unit (code, name, short_name, kind, position) VALUES ('x', 'X', 'X', 'district', 99)", []);
        assert!(refused.is_err(), "schema 10 knows no district kind");
    }
    let s = Store::open(&path).unwrap();
    let district = units::find_unit_by_code(s.conn(), registry::DISTRICT_CODE).unwrap().expect("seeded on upgrade");
    assert_eq!((district.kind, district.name.as_str(), district.active), (UnitKind::District, "UBND huyện Mỹ Lộc", true));
    let check: String = s.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let bad = s.conn().execute("INSERT INTO unit (code, name, short_name, kind, position) VALUES ('y', 'Y', 'Y', 'province', 99)", []);
    assert!(bad.is_err(), "the kind is still checked, with one more value");
}
