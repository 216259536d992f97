//! Bad input to the index: each refused with a clear Vietnamese message naming the row, the
//! unit and the field, and nothing written — no half-imported year, no half-changed framework.

use dondoc_core::par::{self, frameworks, scores, ParLevel, ScoreInput};
use dondoc_core::Store;

use super::par::{fixture, inputs, scores_file, store_2022};
use crate::{ctx, store, unit};

/// A store with the 2022 framework and no scores, and the fixture's rows.
fn empty_year() -> (Store, Vec<ScoreInput>) {
    let mut s = store();
    let f = frameworks::from_json(&fixture("framework-2022-commune-full.json")).unwrap();
    s.write(|tx| frameworks::save(tx, &ctx(), &f[0])).unwrap();
    let rows = inputs(&s, &scores_file("scores-2022-commune.json"));
    (s, rows)
}

/// Saving `rows` is refused; returns the message, after checking nothing was written.
fn refused(s: &mut Store, rows: &[ScoreInput]) -> String {
    let before = scores::count(s.conn(), 2022, ParLevel::Commune).unwrap();
    let err = s.write(|tx| scores::save_year(tx, &ctx(), 2022, ParLevel::Commune, rows, true)).unwrap_err();
    assert_eq!(err.code(), "validation", "{err}");
    assert_eq!(scores::count(s.conn(), 2022, ParLevel::Commune).unwrap(), before, "nothing written");
    // The same check without a transaction says the same.
    assert_eq!(scores::check_year(s.conn(), 2022, ParLevel::Commune, rows).unwrap_err().to_string(), err.to_string());
    err.to_string()
}

fn field<'a>(rows: &'a mut [ScoreInput], unit_id: i64, key: &str) -> &'a mut Option<f64> {
    &mut rows.iter_mut().find(|r| r.unit_id == unit_id).unwrap().fields.iter_mut().find(|f| f.key == key).unwrap().points
}

#[test]
fn points_above_a_fields_maximum() {
    let (mut s, mut rows) = empty_year();
    let phuc = unit(&s, "xa-my-phuc");
    *field(&mut rows, phuc, "the_che") = Some(6.5);
    let text = refused(&mut s, &rows);
    assert!(text.starts_with("Không nhập điểm chỉ số CCHC năm 2022 – Cấp xã vì có lỗi; chưa ghi gì:"), "{text}");
    assert!(text.contains("Dòng 4 (Mỹ Phúc): lĩnh vực “Cải cách thể chế” được 6,5 điểm, vượt điểm tối đa 6."), "{text}");
    assert!(text.contains("Dòng 4 (Mỹ Phúc): điểm các lĩnh vực cộng lại là 52,55, khác điểm thẩm định 51,55."), "{text}");
    let mut over = rows.clone();
    *field(&mut over, phuc, "the_che") = Some(5.5);
    over[0].appraisal_points = Some(70.5);
    assert!(refused(&mut s, &over).contains("Dòng 1 (TT Mỹ Lộc): điểm thẩm định 70,5 vượt điểm tối đa 70."));
}

#[test]
fn a_unit_not_in_the_registry_or_not_of_the_level() {
    let (mut s, mut rows) = empty_year();
    rows[2].unit_id = 99_999;
    assert!(refused(&mut s, &rows).contains("Dòng 3: đơn vị mã 99999 không có trong danh mục đơn vị."));
    let (mut s, mut rows) = empty_year();
    rows[2].unit_id = unit(&s, "phong-noi-vu");
    let text = refused(&mut s, &rows);
    assert!(text.contains("Dòng 3 (Nội vụ): “Phòng Nội vụ” không phải đơn vị thuộc cấp xã."), "{text}");
}

#[test]
fn the_same_unit_twice() {
    let (mut s, mut rows) = empty_year();
    let again = rows[1].clone();
    rows.push(again);
    let text = refused(&mut s, &rows);
    assert!(text.contains("Dòng 12 (Mỹ Hà): đơn vị đã có ở dòng 2, mỗi đơn vị chỉ một dòng."), "{text}");
}

#[test]
fn more_than_three_decimals_or_no_number() {
    let (mut s, mut rows) = empty_year();
    rows[0].appraisal_points = Some(60.0912);
    let text = refused(&mut s, &rows);
    assert!(text.contains("Dòng 1 (TT Mỹ Lộc): Điểm thẩm định 60,0912 có quá 3 chữ số thập phân"), "{text}");
    let (mut s, mut rows) = empty_year();
    rows[0].appraisal_points = Some(f64::NAN);
    assert!(refused(&mut s, &rows).contains("Dòng 1 (TT Mỹ Lộc): Điểm thẩm định không phải là một số hợp lệ."));
    let (mut s, mut rows) = empty_year();
    rows[5] = ScoreInput { unit_id: rows[5].unit_id, ..Default::default() };
    assert!(refused(&mut s, &rows).contains("Dòng 6 (Mỹ Thắng): không có điểm, chỉ số hay lĩnh vực nào."));
    let (mut s, mut rows) = empty_year();
    rows[0].fields[0].key = "khong_co".into();
    assert!(refused(&mut s, &rows).contains("lĩnh vực “khong_co” không có trong khung chỉ số năm 2022."));
}

#[test]
fn a_year_with_scores_is_replaced_only_when_asked() {
    let mut s = store_2022();
    let rows = inputs(&s, &scores_file("scores-2022-commune.json"));
    let err = s.write(|tx| scores::save_year(tx, &ctx(), 2022, ParLevel::Commune, &rows[..3], false)).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(err.to_string().contains("Năm 2022 – Cấp xã đã có điểm của 11 đơn vị."), "{err}");
    assert_eq!(scores::count(s.conn(), 2022, ParLevel::Commune).unwrap(), 11);
    s.write(|tx| scores::save_year(tx, &ctx(), 2022, ParLevel::Commune, &rows[..3], true)).unwrap();
    assert_eq!(scores::count(s.conn(), 2022, ParLevel::Commune).unwrap(), 3, "replaced whole");
    let err = s.write(|tx| scores::save_year(tx, &ctx(), 2023, ParLevel::Commune, &rows, false)).unwrap_err();
    assert!(err.to_string().contains("Chưa có khung chỉ số CCHC năm 2023 – Cấp xã"), "{err}");
}

#[test]
fn a_framework_whose_fields_do_not_add_up() {
    // Thể chế and bộ máy 6 → 5: 68.
    let json = fixture("framework-2022-commune-full.json").replace("\"max\": 6\n", "\"max\": 5\n");
    let err = frameworks::from_json(&json).unwrap_err();
    assert_eq!(err.code(), "validation");
    assert_eq!(
        err.to_string(),
        "Khung chỉ số CCHC năm 2022 – Cấp xã: Tổng điểm tối đa của các lĩnh vực là 68, nhưng điểm thẩm định tối đa là 70: hai số phải bằng nhau."
    );
    // Unknown maxima may stay out, but the known ones must fit.
    let json = fixture("framework-2022-commune-full.json").replace("\"max\": 21", "\"max\": null").replacen("\"max\": 9\n", "\"max\": 60\n", 1);
    let err = frameworks::from_json(&json).unwrap_err();
    assert!(err.to_string().contains("Điểm tối đa của các lĩnh vực đã biết cộng lại là 100, vượt quá điểm thẩm định tối đa (70)."), "{err}");
    // Nothing of a refused file is saved: the store has no framework.
    let mut s = store();
    let good = frameworks::from_json(&fixture("framework-2022-commune-full.json")).unwrap();
    let mut bad = good[0].clone();
    bad.year = 2021;
    bad.fields[0].max = Some(1.0);
    let err = s.write(|tx| [&good[0], &bad].iter().try_for_each(|f| frameworks::save(tx, &ctx(), f))).unwrap_err();
    assert!(err.to_string().starts_with("Khung chỉ số CCHC năm 2021 – Cấp xã: Tổng điểm tối đa"), "{err}");
    assert!(frameworks::list(s.conn()).unwrap().is_empty(), "the first framework of the transaction is not kept");
}

#[test]
fn framework_files_are_checked_field_by_field() {
    let f = fixture("framework-2022-commune-full.json");
    let cases = [
        (f.replace("\"appraisalMax\"", "\"appraisalMaximum\""), "Khung thứ 1 không đọc được: trường “appraisalMaximum” không được hỗ trợ."),
        (f.replace("\"commune\"", "\"province\""), "cấp “province” không hợp lệ"),
        (f.replace("\"key\": \"bo_may\"", "\"key\": \"the_che\""), "Mã lĩnh vực “the_che” xuất hiện hai lần."),
        (f.replace("\"key\": \"bo_may\"", "\"key\": \"Bộ máy\""), "cần mã gồm chữ thường không dấu"),
        (f.replace("\"minPercent\": 70", "\"minPercent\": 85"), "Các nhóm xếp loại phải theo ngưỡng giảm dần"),
        (f.replace("\"max\": 8", "\"max\": 7.9999"), "phải là một số có tối đa 3 chữ số thập phân"),
        (format!("[{f}, {f}]"), "Khung chỉ số CCHC năm 2022 – Cấp xã có hai lần trong tệp."),
        ("[]".to_string(), "không có khung nào"),
    ];
    for (json, says) in cases {
        let err = frameworks::from_json(&json).unwrap_err();
        assert!(err.to_string().contains(says), "{says}: {err}");
    }
}

#[test]
fn a_framework_change_that_would_strand_stored_scores_is_refused() {
    let mut s = store_2022();
    let mut f = frameworks::get(s.conn(), 2022, ParLevel::Commune).unwrap().unwrap();
    let before = f.clone();
    // Thể chế 6 → 5 (TT Mỹ Lộc has 6), TTHC 21 → 22: the sum still 70.
    f.fields.iter_mut().find(|x| x.key == "the_che").unwrap().max = Some(5.0);
    f.fields.iter_mut().find(|x| x.key == "tthc_mot_cua").unwrap().max = Some(22.0);
    let err = s.write(|tx| frameworks::save(tx, &ctx(), &f)).unwrap_err();
    assert!(err.to_string().contains("điểm đã nhập của TT Mỹ Lộc không còn phù hợp — lĩnh vực “Cải cách thể chế” được 6 điểm, vượt điểm tối đa 5."), "{err}");
    assert_eq!(frameworks::get(s.conn(), 2022, ParLevel::Commune).unwrap().unwrap(), before, "unchanged");
    // A change the scores fit is saved, and the table follows it.
    let mut renamed = before.clone();
    renamed.bands[0].min_percent = 85.0;
    s.write(|tx| frameworks::save(tx, &ctx(), &renamed)).unwrap();
    let t = par::table(s.conn(), 2022, ParLevel::Commune).unwrap();
    assert_eq!(t.rows[0].band.as_deref(), Some("Nhóm I"), "85,84 ≥ 85");
    assert_eq!(t.rows[1].band.as_deref(), Some("Nhóm II"), "81,92 < 85 now");
}
