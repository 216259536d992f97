//! The administrative-reform index (issue 21): every figure of the seed from the raw points
//! of the shared fixture (`tests/data/par/`) and its framework, ranks, bands, a framework
//! change between years, entered against derived figures, and the demo's figures.

use dondoc_core::par::compute::to_milli;
use dondoc_core::par::{self, frameworks, scores, FieldInput, ParLevel, ParRow, ParTable, ScoreInput};
use dondoc_core::Store;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::{ctx, store, unit};

/// A file of `tests/data/par/`.
pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/par/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A fixture's score file.
#[derive(Deserialize)]
pub struct ScoresFile {
    pub year: i32,
    pub rows: Vec<FixtureRow>,
}

/// One unit of a score file: registry code, the name a province sheet writes, its points.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixtureRow {
    pub unit: String,
    pub name: String,
    pub self_points: f64,
    pub appraisal: f64,
    pub fields: Map<String, Value>,
}

pub fn scores_file(name: &str) -> ScoresFile {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// The score file's rows as the core takes them.
pub fn inputs(s: &Store, file: &ScoresFile) -> Vec<ScoreInput> {
    file.rows
        .iter()
        .map(|r| ScoreInput {
            unit_id: unit(s, &r.unit),
            self_points: Some(r.self_points),
            appraisal_points: Some(r.appraisal),
            fields: r.fields.iter().map(|(k, v)| FieldInput { key: k.clone(), points: v.as_f64(), percent: None }).collect(),
            ..Default::default()
        })
        .collect()
}

/// Saves a framework file and a score file.
pub fn load(s: &mut Store, framework: &str, scores_name: &str) {
    let fws = frameworks::from_json(&fixture(framework)).unwrap();
    let file = scores_file(scores_name);
    let rows = inputs(s, &file);
    s.write(|tx| {
        for f in &fws {
            frameworks::save(tx, &ctx(), f)?;
        }
        scores::save_year(tx, &ctx(), file.year, ParLevel::Commune, &rows, false)
    })
    .unwrap();
}

/// A store with the 2022 communes scored.
pub fn store_2022() -> Store {
    let mut s = store();
    load(&mut s, "framework-2022-commune-full.json", "scores-2022-commune.json");
    s
}

pub fn row<'a>(t: &'a ParTable, code: &str) -> &'a ParRow {
    t.rows.iter().find(|r| r.unit_code == code).unwrap_or_else(|| panic!("{code} is in the table"))
}

fn percent_of(r: &ParRow, key: &str) -> Option<f64> {
    r.fields.iter().find(|c| c.key == key).unwrap().percent
}

#[test]
fn the_fixture_adds_up_to_the_seeds_figures() {
    let f = &frameworks::from_json(&fixture("framework-2022-commune-full.json")).unwrap()[0];
    let file = scores_file("scores-2022-commune.json");
    assert_eq!(file.rows.len(), 11);
    let m = |v: &Value| to_milli(v.as_f64().unwrap()).unwrap();
    let sum_of = |key: &str| -> i64 { file.rows.iter().map(|r| m(&r.fields[key])).sum() };
    assert_eq!(file.rows.iter().map(|r| to_milli(r.appraisal).unwrap()).sum::<i64>(), 607_750);
    assert_eq!(sum_of("the_che"), 63_250);
    assert_eq!(sum_of("tai_chinh_cong"), 81_950);
    assert_eq!(sum_of("tthc_mot_cua"), 190_300);
    for r in &file.rows {
        let fields: i64 = r.fields.values().map(m).sum();
        assert_eq!(fields, to_milli(r.appraisal).unwrap(), "{}: fields add up to the appraisal", r.unit);
        for field in &f.fields {
            assert!(m(&r.fields[&field.key]) <= to_milli(field.max.unwrap()).unwrap(), "{} {}", r.unit, field.key);
        }
    }
    let by = |code: &str| file.rows.iter().find(|r| r.unit == code).unwrap();
    assert_eq!((by("tt-my-loc").appraisal, by("tt-my-loc").name.as_str()), (60.09, "TT Mỹ Lộc"));
    assert_eq!((by("xa-my-phuc").appraisal, by("xa-my-phuc").name.as_str()), (51.55, "Xã Mỹ Phúc"));
    let max = file.rows.iter().map(|r| to_milli(r.appraisal).unwrap()).max().unwrap();
    let min = file.rows.iter().map(|r| to_milli(r.appraisal).unwrap()).min().unwrap();
    assert_eq!((max, min), (60_090, 51_550), "TT Mỹ Lộc highest, Mỹ Phúc lowest");
    let y2021 = scores_file("scores-2021-commune.json");
    assert_eq!(y2021.rows.iter().map(|r| to_milli(r.appraisal).unwrap()).sum::<i64>(), 540_200, "540,20/715 = 75,55 %");
}

#[test]
fn every_seed_figure_comes_from_the_raw_points() {
    let s = store_2022();
    let t = par::table(s.conn(), 2022, ParLevel::Commune).unwrap();
    assert_eq!(t.rows.len(), 11);
    let tt = row(&t, "tt-my-loc");
    assert_eq!((tt.unit.as_str(), tt.points, tt.max, tt.index, tt.rank, tt.rank_of), ("TT Mỹ Lộc", Some(60.09), 70.0, Some(85.84), Some(1), Some(11)));
    assert_eq!(t.rows[0].unit_code, "tt-my-loc", "ranked first");
    let phuc = row(&t, "xa-my-phuc");
    assert_eq!((phuc.points, phuc.index, phuc.rank, phuc.band.as_deref()), (Some(51.55), Some(73.64), Some(11), Some("Nhóm II")));
    assert_eq!(t.rows[10].unit_code, "xa-my-phuc", "ranked last");
    assert_eq!(tt.band.as_deref(), Some("Nhóm I"));
    assert!(tt.derived_index.is_none(), "nothing entered, nothing to compare");
    // Mỹ Phúc's weakest field: TTHC và một cửa, 13,1/21 = 62,38… → 62,3.
    assert_eq!(phuc.weakest, vec!["tthc_mot_cua"]);
    assert_eq!(percent_of(phuc, "tthc_mot_cua"), Some(62.3));
    assert!(phuc.fields.iter().find(|c| c.key == "tthc_mot_cua").unwrap().weak);
    assert_eq!(phuc.fields.iter().filter(|c| c.weak).count(), 1);

    let avg = t.average.as_ref().unwrap();
    assert!(!avg.published, "the 11 rows produce it");
    assert_eq!((avg.points, avg.index, avg.units), (Some(55.25), Some(78.92), Some(11)), "607,75/11 = 55,25; 607,75/770 = 78,928… → 78,92");
    let field = |k: &str| avg.fields.iter().find(|c| c.key == k).unwrap();
    assert_eq!((field("the_che").points, field("the_che").percent), (Some(5.75), Some(95.8)));
    assert_eq!((field("tai_chinh_cong").points, field("tai_chinh_cong").percent), (Some(7.45), Some(93.1)));
    assert_eq!((field("tthc_mot_cua").points, field("tthc_mot_cua").percent), (Some(17.3), Some(82.3)));
    assert_eq!(t.previous_year, None);
    assert!(t.rows.iter().all(|r| r.delta.is_none()), "no 2021 yet");
}

#[test]
fn equal_indexes_share_a_rank_and_the_next_rank_skips() {
    let s = store_2022();
    let t = par::table(s.conn(), 2022, ParLevel::Commune).unwrap();
    let ranks: Vec<(String, u32)> = t.rows.iter().map(|r| (r.unit_code.clone(), r.rank.unwrap())).collect();
    let rank = |code: &str| ranks.iter().find(|(c, _)| c == code).unwrap().1;
    // Mỹ Hà and Mỹ Trung 56,20; Mỹ Tân and Mỹ Thắng 55,40.
    assert_eq!([rank("xa-my-thinh"), rank("xa-my-ha"), rank("xa-my-trung"), rank("xa-my-tan"), rank("xa-my-thang"), rank("xa-my-hung")], [2, 3, 3, 5, 5, 7]);
    let order: Vec<u32> = t.rows.iter().map(|r| r.rank.unwrap()).collect();
    assert_eq!(order, vec![1, 2, 3, 3, 5, 5, 7, 8, 9, 10, 11]);
    // Among equals, the registry's order.
    assert_eq!(t.rows[2].unit_code, "xa-my-ha");
    assert_eq!(t.rows[3].unit_code, "xa-my-trung");
}

#[test]
fn bands_at_their_edges_in_a_table() {
    let mut s = store_2022();
    // 56/70 is exactly 80,00 %; 55,99/70 = 79,985… shows as 79,98.
    let one = |code: &str, points: f64| ScoreInput { unit_id: unit(&s, code), appraisal_points: Some(points), ..Default::default() };
    let rows = vec![one("xa-my-ha", 56.0), one("xa-my-hung", 55.99), one("xa-my-tan", 49.0), one("xa-my-thang", 48.99)];
    s.write(|tx| scores::save_year(tx, &ctx(), 2022, ParLevel::Commune, &rows, true)).unwrap();
    let t = par::table(s.conn(), 2022, ParLevel::Commune).unwrap();
    let got = |code: &str| (row(&t, code).index.unwrap(), row(&t, code).band.clone().unwrap());
    assert_eq!(got("xa-my-ha"), (80.0, "Nhóm I".into()));
    assert_eq!(got("xa-my-hung"), (79.98, "Nhóm II".into()));
    assert_eq!(got("xa-my-tan"), (70.0, "Nhóm II".into()));
    assert_eq!(got("xa-my-thang"), (69.98, "Nhóm III".into()));
}

#[test]
fn a_framework_change_between_years_compares_percentages() {
    let mut s = store();
    load(&mut s, "framework-2021-commune.json", "scores-2021-commune.json");
    load(&mut s, "framework-2022-commune-full.json", "scores-2022-commune.json");
    let t2021 = par::table(s.conn(), 2021, ParLevel::Commune).unwrap();
    assert_eq!(t2021.average.as_ref().unwrap().index, Some(75.55), "540,20/715 = 75,55…");
    assert_eq!(row(&t2021, "xa-my-phuc").max, 65.0);
    let t = par::table(s.conn(), 2022, ParLevel::Commune).unwrap();
    assert_eq!(t.previous_year, Some(2021));
    let avg = t.average.as_ref().unwrap();
    assert_eq!(avg.delta, Some(3.37), "78,92 − 75,55, the seed's +3,37");
    // Mỹ Phúc: 46,30/65 = 71,23 % in 2021, 51,55/70 = 73,64 % in 2022: +2,41 points of
    // percentage, although its points rose by 5,25 on a larger maximum.
    assert_eq!(row(&t2021, "xa-my-phuc").index, Some(71.23));
    assert_eq!(row(&t, "xa-my-phuc").delta, Some(2.41));
    // TT Mỹ Lộc: 53,40/65 = 82,15 → 85,84: +3,69.
    assert_eq!(row(&t, "tt-my-loc").delta, Some(3.69));
    // The renamed field keeps its key; its name is each year's own.
    let name = |t: &ParTable| row(t, "tt-my-loc").fields.iter().find(|c| c.key == "chinh_quyen_so").unwrap().name.clone();
    assert_eq!(name(&t2021), "Hiện đại hóa hành chính");
    assert_eq!(name(&t), "Xây dựng và phát triển chính quyền điện tử, chính quyền số");
}

#[test]
fn an_entered_figure_is_shown_and_the_derived_one_kept_beside_it() {
    let mut s = store_2022();
    let mut rows = inputs(&s, &scores_file("scores-2022-commune.json"));
    // The province published Mỹ Hà at 80,50 % though 56,20/70 = 80,28 %, and its thể chế at 100 %.
    let ha = rows.iter_mut().find(|r| r.unit_id == unit(&s, "xa-my-ha")).unwrap();
    ha.entered_index = Some(80.5);
    ha.fields.iter_mut().find(|f| f.key == "the_che").unwrap().percent = Some(100.0);
    s.write(|tx| scores::save_year(tx, &ctx(), 2022, ParLevel::Commune, &rows, true)).unwrap();
    let t = par::table(s.conn(), 2022, ParLevel::Commune).unwrap();
    let ha = row(&t, "xa-my-ha");
    assert_eq!((ha.index, ha.derived_index), (Some(80.5), Some(80.28)));
    let the_che = ha.fields.iter().find(|c| c.key == "the_che").unwrap();
    assert_eq!((the_che.percent, the_che.derived_percent), (Some(100.0), Some(98.3)));
    assert_eq!(ha.rank, Some(3), "ranked by the index shown: below Mỹ Thịnh's 81,92, no longer tied with Mỹ Trung");
    assert_eq!(row(&t, "xa-my-trung").rank, Some(4));
    // A figure entered equal to the derived one shows no difference.
    let tt = row(&t, "tt-my-loc");
    assert_eq!(tt.derived_index, None);
}

#[test]
fn the_demo_loads_the_seeds_figures_and_nothing_else() {
    let mut s = store();
    dondoc_core::demo::load(&mut s, &ctx()).unwrap();
    let years: Vec<(i32, ParLevel, u32, bool)> =
        frameworks::list(s.conn()).unwrap().into_iter().map(|f| (f.year, f.level, f.scored_units, f.has_average)).collect();
    assert_eq!(years, vec![(2022, ParLevel::Commune, 2, true), (2022, ParLevel::District, 1, false), (2022, ParLevel::Department, 0, true)]);

    let t = par::table(s.conn(), 2022, ParLevel::Commune).unwrap();
    let got: Vec<(&str, Option<f64>, Option<f64>, Option<u32>, Option<u32>)> =
        t.rows.iter().map(|r| (r.unit.as_str(), r.points, r.index, r.rank, r.rank_of)).collect();
    assert_eq!(got, vec![("TT Mỹ Lộc", Some(60.09), Some(85.84), Some(1), Some(11)), ("Mỹ Phúc", Some(51.55), Some(73.64), Some(11), Some(11))]);
    assert!(t.rows.iter().all(|r| r.derived_index.is_none() && r.rank_entered), "the published indexes are what the points give");
    assert!(t.rows.iter().all(|r| r.band.is_none()), "the text gives no bands");
    let avg = t.average.unwrap();
    assert!(avg.published);
    assert_eq!((avg.points, avg.index, avg.delta, avg.derived_index), (Some(55.25), Some(78.92), Some(3.37), None));
    let f = |k: &str| avg.fields.iter().find(|c| c.key == k).map(|c| (c.points, c.max, c.percent)).unwrap();
    assert_eq!(f("the_che"), (Some(5.75), Some(6.0), Some(95.8)));
    assert_eq!(f("tai_chinh_cong"), (Some(7.45), Some(8.0), Some(93.1)));
    assert_eq!(f("tthc_mot_cua"), (Some(17.3), Some(21.0), Some(82.3)));
    assert_eq!(f("chi_dao_dieu_hanh"), (None, None, None), "named by the text, without figures");

    let d = par::table(s.conn(), 2022, ParLevel::District).unwrap();
    let own = &d.rows[0];
    assert_eq!((own.appraisal_points, own.survey_points, own.points, own.max), (Some(64.24), Some(21.41), Some(85.65), 100.0));
    assert_eq!((own.index, own.derived_index, own.rank, own.rank_of), (Some(85.65), None, Some(7), Some(10)));
    let pct: Vec<(String, Option<f64>)> = own.fields.iter().map(|c| (c.key.clone(), c.percent)).collect();
    assert_eq!(pct, vec![("chi_dao_dieu_hanh".into(), Some(95.8)), ("the_che".into(), Some(96.4)), ("tai_chinh_cong".into(), Some(96.1))]);
    assert_eq!(own.weakest, vec!["chi_dao_dieu_hanh"]);
    assert!(d.average.is_none(), "the district is one unit");

    // The departments: 63 points published as 89,66 %, though 63/70 = 90,00 %.
    let dep = par::table(s.conn(), 2022, ParLevel::Department).unwrap();
    assert!(dep.rows.is_empty());
    let a = dep.average.unwrap();
    assert_eq!((a.points, a.index, a.derived_index, a.published), (Some(63.0), Some(89.66), Some(90.0), true));
}
