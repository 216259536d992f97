//! `dondoc-cli directives corrections` (issue 20): the real binary writes every review the
//! secretary accepted as a case of the reader's corpus, which the corpus scorer reads;
//! it never replaces a file without `--force`, and never creates a store.

mod common;

use common::{cli, json_line};
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::TimeZone;
use dondoc_core::conclusion::{self, AcceptedRow};
use dondoc_core::queries::units;
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::task::TaskInput;
use serde_json::Value;

const TEXT: &str = "Kết luận của đồng chí Chủ tịch UBND huyện:
1. Giao Phòng Nội vụ hướng dẫn chấm điểm chỉ số cải cách hành chính trước ngày 15/3/2023.
2. Đề nghị Phòng Tư pháp rà soát thủ tục hành chính trong quý II/2023.";
const AGAIN: &str = "Giao Phòng Tư pháp rà soát văn bản quy phạm pháp luật trước ngày 30/4/2023.";

/// The rows as the window sends them, changed by `edit`.
fn accept(s: &mut dondoc_core::Store, conf: i64, text: &str, edit: impl FnOnce(&mut Vec<AcceptedRow>)) {
    let ctx = dondoc_core::Ctx::new(chrono::Utc.with_ymd_and_hms(2023, 1, 13, 2, 0, 0).unwrap(), "Văn phòng");
    let day = conclusion::meeting_date(s, conf).unwrap();
    let mut rows: Vec<AcceptedRow> = conclusion::propose(s, text, day)
        .unwrap()
        .into_iter()
        .enumerate()
        .map(|(i, r)| AcceptedRow {
            sentence: r.directive_text,
            directive_number: r.directive_number,
            proposal: Some(i as u32),
            task: TaskInput {
                title: r.proposed.summary,
                deadline: r.proposed.deadline,
                lead_unit_ids: r.lead_unit_ids,
                lead_group_ids: r.lead_group_ids,
                coordinator_unit_ids: r.coordinator_unit_ids,
                ..Default::default()
            },
        })
        .collect();
    edit(&mut rows);
    conclusion::accept_review(s, &ctx, conf, text, day, &rows).unwrap();
}

/// A store with two reviews of one conference: the first edited (a deadline moved, a lead
/// changed), the second accepted as proposed. Returns the conference's id.
fn office(db: &Path) -> i64 {
    let mut s = dondoc_core::Store::open(db).unwrap();
    let ctx = dondoc_core::Ctx::new(chrono::Utc.with_ymd_and_hms(2023, 1, 12, 2, 0, 0).unwrap(), "Văn phòng");
    let conf = s
        .create_conference(
            &ctx,
            &ConferenceInput { title: "Giao ban CCHC".into(), starts_at: "12/01/2023 08:00".into(), format: "in_person".into(), ..Default::default() },
        )
        .unwrap();
    let tnmt = units::find_unit_by_code(s.conn(), "phong-tnmt").unwrap().unwrap().id;
    accept(&mut s, conf, TEXT, |rows| {
        assert_eq!(rows.len(), 2);
        rows[0].task.deadline = Some("2023-03-31".into());
        rows[1].task.lead_unit_ids = vec![tnmt];
    });
    accept(&mut s, conf, AGAIN, |rows| assert_eq!(rows.len(), 1));
    conf
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The shared corpus folder beside the repository, when it is there.
fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/directives");
    if dir.join("tools/score.py").is_file() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "the directive corpus is missing at {}", dir.display());
    eprintln!("\n!!!!!!!! SKIPPED the scorer's run: no corpus at {} !!!!!!!!\n", dir.display());
    None
}

#[test]
fn writes_each_review_as_a_case_the_scorer_reads() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let conf = office(&db);
    let out = dir.path().join("sửa của văn phòng");
    let printed = json_line(cli(&db, &["directives", "corrections", "--out", out.to_str().unwrap()]));
    assert_eq!(printed, serde_json::json!({ "out": out.to_str().unwrap(), "cases": 2 }));
    let (first, second) = (out.join(format!("office-{conf}-1.json")), out.join(format!("office-{conf}-2.json")));
    let case = read(&first);
    assert_eq!((case["id"].as_str(), case["meeting_date"].as_str()), (Some(format!("office-{conf}-1").as_str()), Some("2023-01-12")));
    assert_eq!(case["text"], TEXT);
    let expected = case["expected"].as_array().unwrap();
    assert_eq!(expected[0]["deadline"], "2023-03-31");
    assert_eq!(expected[1]["assignees"], serde_json::json!(["phong-tnmt"]));
    assert_eq!(case["proposed"][1]["assignees"], serde_json::json!(["phong-tu-phap"]));
    let notes = case["notes"].as_str().unwrap();
    assert!(
        notes.contains("office's review") && notes.contains("Task 1: proposal 1, the secretary changed deadline.") && notes.contains("changed assignees"),
        "{notes}"
    );
    // The schema of a dev case: every key of the seed case, and of its tasks.
    let seed: Value = serde_json::from_str(include_str!("../../core/data/seed-myloc-cchc-2022.json")).unwrap();
    for key in seed.as_object().unwrap().keys() {
        assert!(case.get(key).is_some(), "case key {key}");
    }
    for task in expected {
        for key in seed["expected"][0].as_object().unwrap().keys() {
            assert!(task.get(key).is_some(), "task key {key} in {task}");
        }
    }
    assert_eq!(read(&second)["expected"].as_array().map(Vec::len), Some(1));

    // The scorer reads the folder: its self-test (gold as prediction) passes, and the reader's
    // own output matches the case accepted as proposed, not the edited one.
    let Some(corpus) = corpus() else { return };
    let score = corpus.join("tools/score.py");
    let selftest = Command::new("python3").arg(&score).arg(&out).arg("--self-test").output().unwrap();
    assert!(selftest.status.success(), "{}{}", String::from_utf8_lossy(&selftest.stdout), String::from_utf8_lossy(&selftest.stderr));
    let pred = dir.path().join("pred");
    let units = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/data/units-myloc.json");
    let read_out = cli(&db, &["directives", "parse-corpus", out.to_str().unwrap(), "--out", pred.to_str().unwrap(), "--units", units.to_str().unwrap()]);
    assert!(read_out.status.success(), "{}", String::from_utf8_lossy(&read_out.stderr));
    let scored = Command::new("python3").arg(&score).arg(&out).arg(&pred).arg("--json").output().unwrap();
    assert!(scored.status.success(), "{}", String::from_utf8_lossy(&scored.stderr));
    let summary = serde_json::from_slice::<Value>(&scored.stdout).unwrap()["summary"].clone();
    assert_eq!(
        (&summary["cases"], &summary["gold_tasks"], &summary["predicted_tasks"], &summary["matched_tasks"]),
        (&2.into(), &3.into(), &3.into(), &1.into()),
        "{summary}"
    );
}

#[test]
fn never_replaces_a_file_without_force_nor_creates_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let conf = office(&db);
    let out = dir.path().join("cases");
    std::fs::create_dir(&out).unwrap();
    let kept = out.join(format!("office-{conf}-2.json"));
    std::fs::write(&kept, "của người khác").unwrap();
    let refused = cli(&db, &["directives", "corrections", "--out", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Đã có tệp") && stderr.contains("--force"), "{stderr}");
    assert!(refused.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "của người khác");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1, "no case written when one is refused");

    let printed = json_line(cli(&db, &["directives", "corrections", "--out", out.to_str().unwrap(), "--force"]));
    assert_eq!(printed["cases"], 2);
    assert_eq!(read(&kept)["id"], format!("office-{conf}-2"));

    let missing = dir.path().join("không có.sqlite3");
    let refused = cli(&missing, &["directives", "corrections", "--out", out.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Không có cơ sở dữ liệu"));
    assert!(!missing.exists(), "a mistyped --db leaves no new store behind");
}
