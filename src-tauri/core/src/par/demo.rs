//! The seed's 2022 figures, loaded with the demo conference: only what the text gives.
//!
//! The text gives, for 2022: the communes' framework only through three fields with their
//! maxima (thể chế 6, tài chính công 8 — the text says "tài sản công" once —, TTHC và một
//! cửa 21) and two it names without them (chỉ đạo điều hành, bộ máy); the highest and the
//! lowest commune and the communes' average; the district's appraisal (64,24/70), index
//! (85,65 %), rank (7/10) and three field percentages; the departments' 63 points (89,66 %).
//! It gives no bands, so none are loaded. The district's survey points are the published
//! index less the appraisal (85,65 − 64,24 = 21,41 of 30): the one figure derived, and its
//! note says so.

use rusqlite::Transaction;

use super::scores::{save_average, save_year_from};
use super::{frameworks, FieldInput, Framework, FrameworkField, ParLevel, PublishedAverage, ScoreInput, Source};
use crate::error::{CoreError, Result};
use crate::queries::units;
use crate::registry::DISTRICT_CODE;
use crate::Ctx;

const YEAR: i32 = 2022;

fn field(key: &str, name: &str, max: Option<f64>) -> FrameworkField {
    FrameworkField { key: key.into(), name: name.into(), max, criteria: Vec::new() }
}

fn framework(level: ParLevel, survey_max: Option<f64>, fields: Vec<FrameworkField>) -> Framework {
    Framework {
        year: YEAR,
        level,
        name: format!("Chỉ số CCHC năm {YEAR} – {} (theo báo cáo tại hội nghị)", level.label()),
        appraisal_max: 70.0,
        survey_max,
        fields,
        bands: Vec::new(),
        display: Default::default(),
    }
}

fn percent(key: &str, percent: f64) -> FieldInput {
    FieldInput { key: key.into(), points: None, percent: Some(percent) }
}

fn points(key: &str, points: f64, percent: f64) -> FieldInput {
    FieldInput { key: key.into(), points: Some(points), percent: Some(percent) }
}

/// Loads the 2022 frameworks and scores of the seed.
pub fn load(tx: &Transaction, ctx: &Ctx) -> Result<()> {
    let unit = |code: &str| -> Result<i64> { units::find_unit_by_code(tx, code)?.map(|u| u.id).ok_or_else(|| CoreError::not_found("đơn vị", code)) };
    const CHI_DAO: &str = "Công tác chỉ đạo, điều hành CCHC";
    const THE_CHE: &str = "Cải cách thể chế";
    const TAI_CHINH: &str = "Cải cách tài chính công";
    let commune = framework(
        ParLevel::Commune,
        None,
        vec![
            field("chi_dao_dieu_hanh", CHI_DAO, None),
            field("the_che", THE_CHE, Some(6.0)),
            field("tthc_mot_cua", "Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông", Some(21.0)),
            field("bo_may", "Cải cách tổ chức bộ máy hành chính nhà nước", None),
            field("tai_chinh_cong", TAI_CHINH, Some(8.0)),
        ],
    );
    let district = framework(
        ParLevel::District,
        Some(30.0),
        vec![field("chi_dao_dieu_hanh", CHI_DAO, None), field("the_che", THE_CHE, None), field("tai_chinh_cong", TAI_CHINH, None)],
    );
    let department = framework(ParLevel::Department, None, Vec::new());
    for f in [&commune, &district, &department] {
        frameworks::save(tx, ctx, f)?;
    }
    let ranked = |code: &str, appraisal: f64, index: f64, rank: u32, of: u32, note: &str| -> Result<ScoreInput> {
        Ok(ScoreInput {
            unit_id: unit(code)?,
            appraisal_points: Some(appraisal),
            entered_index: Some(index),
            entered_rank: Some(rank),
            rank_of: Some(of),
            note: Some(note.into()),
            ..Default::default()
        })
    };
    let communes = [
        ranked("tt-my-loc", 60.09, 85.84, 1, 11, "Cao nhất trong 11 xã, thị trấn")?,
        ranked("xa-my-phuc", 51.55, 73.64, 11, 11, "Thấp nhất trong 11 xã, thị trấn")?,
    ];
    save_year_from(tx, ctx, YEAR, ParLevel::Commune, &communes, true, Source::Demo)?;
    let own = ScoreInput {
        survey_points: Some(21.41),
        fields: vec![percent("chi_dao_dieu_hanh", 95.8), percent("the_che", 96.4), percent("tai_chinh_cong", 96.1)],
        ..ranked(
            DISTRICT_CODE,
            64.24,
            85.65,
            7,
            10,
            "Thứ 7/10 huyện, thành phố, tăng 2 bậc so với năm 2021. Điểm điều tra xã hội học suy ra từ chỉ số công bố: 85,65 − 64,24 = 21,41.",
        )?
    };
    save_year_from(tx, ctx, YEAR, ParLevel::District, &[own], true, Source::Demo)?;
    let communes_average = PublishedAverage {
        points: Some(55.25),
        index: Some(78.92),
        delta: Some(3.37),
        fields: vec![points("the_che", 5.75, 95.8), points("tai_chinh_cong", 7.45, 93.1), points("tthc_mot_cua", 17.3, 82.3)],
        units: Some(11),
        note: Some("Điểm thẩm định trung bình của 11 xã, thị trấn, tăng 3,37% so với năm 2021 (báo cáo tại hội nghị).".into()),
    };
    save_average(tx, YEAR, ParLevel::Commune, Some(&communes_average))?;
    let departments = PublishedAverage {
        points: Some(63.0),
        index: Some(89.66),
        note: Some("Kết quả chấm điểm CCHC của các cơ quan chuyên môn (báo cáo tại hội nghị).".into()),
        ..Default::default()
    };
    save_average(tx, YEAR, ParLevel::Department, Some(&departments))
}
