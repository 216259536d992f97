//! Demo data: the seed conference of UBND huyện Mỹ Lộc — the online conference to 11 sites
//! reviewing 2022 administrative-reform (CCHC) results — with its leaders, the scores
//! reported, the chairman's directives and their tasks exactly as annotated in the seed
//! case of the directive corpus (`data/seed-myloc-cchc-2022.json`), and the 2022
//! administrative-reform index figures it reports ([`crate::par`]).

use serde::Deserialize;

use crate::error::{CoreError, Result};
use crate::model::{TargetOp, TargetScope};
use crate::queries::attendees::AttendeeInput;

use crate::queries::figures::Figure;
use crate::queries::tasks::Target;
use crate::queries::{directives, units};
use crate::rules::conference::ConferenceInput;
use crate::rules::task::TaskInput;
use crate::{time, Ctx, Store};

const SEED: &str = include_str!("../data/seed-myloc-cchc-2022.json");

/// Title of the demo conference.
pub const TITLE: &str = "Hội nghị trực tuyến kiểm điểm công tác cải cách hành chính năm 2022, triển khai phương hướng nhiệm vụ năm 2023";

#[derive(Deserialize)]
struct SeedCase {
    meeting_date: String,
    text: String,
    expected: Vec<SeedTask>,
}

#[derive(Deserialize)]
struct SeedTask {
    assignees: Vec<String>,
    coordinators: Vec<String>,
    deadline: Option<String>,
    target: Option<SeedTarget>,
    summary: String,
}

#[derive(Deserialize)]
struct SeedTarget {
    metric: String,
    op: String,
    value: f64,
    unit: Option<String>,
    scope: String,
}

/// The chairman's directives, as sentences of the seed text, and which annotated tasks
/// (indices into `expected`) each one yields. The first sentence is praise: no directive.
const DIRECTIVES: &[(&str, &[usize])] = &[
    ("Sau hội nghị ở huyện các đơn vị tiến hành kiểm điểm nêu rõ nguyên nhân, hạn chế, ai chịu trách nhiệm, đăng ký chỉ tiêu thi đua báo cáo huyện xong trước tháng 3/2023.", &[0]),
    ("Giao phòng nội vụ phải có hướng dẫn chấm điểm công tác CCHC cho các cơ quan.", &[1]),
    ("Năm 2023 cấp xã phải có trên 60% tổng hồ sơ, cấp huyện có trên 80% tổng hồ sơ được số hóa.", &[2, 3]),
    ("Giao cho Phòng Văn hóa, Phòng GD-ĐT và mỗi xã, thị trấn phải có 1 sáng kiến trong công tác CCHC.", &[4]),
];

fn figure(label: &str, value: f64, unit: &str) -> Figure {
    Figure { label: label.into(), value, unit: Some(unit.into()) }
}

fn leader(name: &str, position: &str, role: &str) -> AttendeeInput {
    AttendeeInput { name: name.into(), position: Some(position.into()), role: role.into(), ..Default::default() }
}

/// Loads the demo conference into the store. Refuses to load it twice. Returns its id.
pub fn load(store: &mut Store, ctx: &Ctx) -> Result<i64> {
    let seed: SeedCase = serde_json::from_str(SEED)?;
    store.write(|tx| {
        let day = time::parse_date("meeting_date", &seed.meeting_date)?;
        let starts = time::format_date(day);
        let exists: bool = tx.query_row("SELECT count(*) > 0 FROM conference WHERE title = ?1", [TITLE], |r| r.get(0))?;
        if exists {
            return Err(CoreError::Conflict("Dữ liệu mẫu đã được nạp trước đó.".into()));
        }
        let groups = units::list_groups(tx)?;
        let group_id =
            |code: &str| -> Result<i64> { groups.iter().find(|g| g.code == code).map(|g| g.id).ok_or_else(|| CoreError::not_found("nhóm đơn vị", code)) };
        let unit_id = |code: &str| -> Result<i64> { units::find_unit_by_code(tx, code)?.map(|u| u.id).ok_or_else(|| CoreError::not_found("đơn vị", code)) };
        let conference = crate::rules::conference::create(
            tx,
            ctx,
            &ConferenceInput {
                title: TITLE.into(),
                kind: Some("tong_ket".into()),
                starts_at: format!("{starts} 08:00"),
                ends_at: Some(format!("{starts} 11:30")),
                format: "online".into(),
                host_location: Some("Hội trường UBND huyện".into()),
                content: Some(
                    "Kiểm điểm công tác cải cách hành chính năm 2022, đề ra phương hướng nhiệm vụ năm 2023. \
                     Năm 2022 huyện Mỹ Lộc đứng thứ 7/10 huyện, thành phố về chỉ số CCHC, được 64,24 điểm, đạt 85,65%, \
                     tăng 2 bậc so với năm 2021. Chỉ số CCHC trung bình của 11 xã, thị trấn đạt 78,92%; cao nhất TT Mỹ Lộc \
                     (85,84%), thấp nhất xã Mỹ Phúc (73,64%). Tồn tại: chưa kịp thời cập nhật, niêm yết thủ tục hành chính \
                     trên cổng TTĐT của huyện; tỷ lệ văn bản gửi, nhận trên hệ thống quản lý điều hành chưa đảm bảo; \
                     đánh giá sự hài lòng của người dân và tổ chức còn hạn chế."
                        .into(),
                ),
                status: Some("concluded".into()),
                site_unit_ids: None,
                leaders: vec![
                    leader("Phạm Văn Long", "Phó Bí thư Huyện ủy, Chủ tịch UBND huyện", "chair"),
                    leader("Lê Quang Huy", "Phó Chủ tịch UBND huyện", "directing"),
                ],
                figures: vec![
                    figure("Chỉ số CCHC huyện năm 2022", 85.65, "%"),
                    figure("Điểm thẩm định CCHC của UBND huyện (trên 70)", 64.24, "điểm"),
                    figure("Xếp hạng chỉ số CCHC trong 10 huyện, thành phố", 7.0, "hạng"),
                    figure("Chỉ số CCHC trung bình 11 xã, thị trấn", 78.92, "%"),
                    figure("Điểm thẩm định trung bình cấp xã", 55.25, "điểm"),
                    figure("Chỉ số CCHC cao nhất: TT Mỹ Lộc", 85.84, "%"),
                    figure("Chỉ số CCHC thấp nhất: xã Mỹ Phúc", 73.64, "%"),
                    figure("Kết quả chấm điểm CCHC các cơ quan chuyên môn", 89.66, "%"),
                ],
                ..Default::default()
            },
        )?;
        for (text, task_indices) in DIRECTIVES {
            debug_assert!(seed.text.contains(text));
            let directive = directives::add(tx, conference, text)?;
            for i in *task_indices {
                let t = &seed.expected[*i];
                let (mut lead_unit_ids, mut lead_group_ids) = (Vec::new(), Vec::new());
                for a in &t.assignees {
                    match a.strip_prefix('@') {
                        Some(g) => lead_group_ids.push(group_id(g)?),
                        None => lead_unit_ids.push(unit_id(a)?),
                    }
                }
                let coordinator_unit_ids = t.coordinators.iter().map(|c| unit_id(c)).collect::<Result<_>>()?;
                let target = match &t.target {
                    Some(tg) => Some(Target {
                        metric: tg.metric.clone(),
                        op: TargetOp::parse("op", &tg.op)?,
                        value: tg.value,
                        unit: tg.unit.clone(),
                        scope: TargetScope::parse("scope", &tg.scope)?,
                    }),
                    None => None,
                };
                crate::rules::task::create(
                    tx,
                    ctx,
                    &TaskInput {
                        directive_id: Some(directive),
                        title: t.summary.clone(),
                        deadline: t.deadline.clone(),
                        lead_unit_ids,
                        lead_group_ids,
                        coordinator_unit_ids,
                        target,
                        ..Default::default()
                    },
                )?;
            }
        }
        // The scorecard the conference reviewed (chỉ số CCHC 2022), as far as the text gives it.
        crate::par::load_demo(tx, ctx)?;
        Ok(conference)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_sentences_of_the_seed_and_cover_every_task_once() {
        let seed: SeedCase = serde_json::from_str(SEED).unwrap();
        let mut covered: Vec<usize> = DIRECTIVES.iter().flat_map(|(_, t)| t.iter().copied()).collect();
        covered.sort();
        assert_eq!(covered, (0..seed.expected.len()).collect::<Vec<_>>());
        for (text, _) in DIRECTIVES {
            assert!(seed.text.contains(text), "{text}");
        }
    }
}
