//! Evidence writes that cannot lose data (issue 15): a row never without its file, a file
//! never without its row, names within the file system's 255 bytes, the completion and its
//! files in one step, evidence on a part already done, and sane values and dates.

use std::path::Path;

use dondoc_core::model::TargetScope;
use dondoc_core::queries::tasks::Target;
use dondoc_core::queries::updates::{self, NewEvidence};
use dondoc_core::queries::{assignments, evidence};
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::Completion;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::status::Status;
use dondoc_core::Store;

use crate::{ctx, d, store, unit};

/// A store with one open part of Mỹ Hà (deadline 28/02/2023), and its id.
fn one_part(target: Option<Target>) -> (Store, i64) {
    let mut s = store();
    let conf = s
        .create_conference(
            &ctx(),
            &ConferenceInput { title: "Giao ban".into(), starts_at: "06/02/2023 08:00".into(), format: "in_person".into(), ..Default::default() },
        )
        .unwrap();
    let dir = s.add_directive(conf, "Chỉ đạo").unwrap();
    let t = s
        .create_task(
            &ctx(),
            &TaskInput {
                directive_id: Some(dir),
                title: "Báo cáo".into(),
                deadline: Some("28/02/2023".into()),
                lead_unit_ids: vec![unit(&s, "xa-my-ha")],
                target,
                ..Default::default()
            },
        )
        .unwrap();
    let a = assignments::list_for_task(s.conn(), t, d("2023-02-27")).unwrap()[0].id;
    (s, a)
}

/// Every file under `root`, relative, sorted.
fn files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(parts) = std::fs::read_dir(root) else { return out };
    for part in parts {
        let part = part.unwrap().path();
        for f in std::fs::read_dir(&part).unwrap() {
            out.push(f.unwrap().path().strip_prefix(root).unwrap().to_string_lossy().into_owned());
        }
    }
    out.sort();
    out
}

fn evidence_rows(s: &Store) -> i64 {
    s.conn().query_row("SELECT count(*) FROM evidence", [], |r| r.get(0)).unwrap()
}

fn done(on: &str) -> Completion {
    Completion { completed_on: on.into(), note: None, reported_value: None }
}

#[test]
fn a_filed_evidence_is_exactly_one_file_and_one_row() {
    let (mut s, a) = one_part(None);
    let root = tempfile::tempdir().unwrap();
    let e = s.attach_evidence(&ctx(), root.path(), a, "Biên bản.pdf", b"%PDF-1.4").unwrap();
    assert_eq!(files(root.path()), std::slice::from_ref(&e.stored_path), "the file under its final name, no temporary file");
    assert_eq!(std::fs::read(root.path().join(&e.stored_path)).unwrap(), b"%PDF-1.4");
    assert_eq!(evidence_rows(&s), 1);
}

#[test]
fn a_failed_write_leaves_no_file_and_no_row() {
    let (mut s, a) = one_part(None);
    let root = tempfile::tempdir().unwrap();
    // An unknown part.
    assert_eq!(s.attach_evidence(&ctx(), root.path(), 999, "x.pdf", b"x").unwrap_err().code(), "not_found");
    // A too large file.
    let big = vec![0u8; evidence::MAX_BYTES + 1];
    let err = s.attach_evidence(&ctx(), root.path(), a, "Ảnh chụp.png", &big).unwrap_err();
    assert_eq!(err.to_string(), "Tệp minh chứng “Ảnh chụp.png” quá lớn (tối đa 50 MB).");
    // A folder that cannot be written: the evidence "folder" is a file.
    let blocked = root.path().join("blocked");
    std::fs::write(&blocked, b"not a folder").unwrap();
    let err = s.attach_evidence(&ctx(), &blocked, a, "x.pdf", b"x").unwrap_err();
    assert_eq!(err.code(), "io");
    assert!(err.to_string().starts_with("Lỗi đọc/ghi tệp: không lưu được tệp minh chứng vào"), "{err}");
    std::fs::remove_file(&blocked).unwrap();
    assert!(files(root.path()).is_empty(), "no file left: {:?}", files(root.path()));
    assert_eq!(evidence_rows(&s), 0);
}

#[test]
fn a_later_failure_in_the_transaction_removes_the_file_already_in_place() {
    let (mut s, a) = one_part(None);
    let root = tempfile::tempdir().unwrap();
    // A statement after the file is placed fails (completing a part cancelled meanwhile):
    // the transaction rolls back, and the file goes with its row.
    let err = s
        .write(|tx| {
            let (_row, placed) = updates::attach_evidence(tx, &ctx(), root.path(), a, "Biên bản.pdf", b"%PDF")?;
            assert_eq!(files(root.path()).len(), 1, "in place before the commit");
            dondoc_core::rules::part::cancel(tx, &ctx(), a, "Không còn phù hợp")?;
            dondoc_core::rules::part::complete(tx, &ctx(), a, &done("20/02/2023"))?;
            placed.keep();
            Ok(())
        })
        .unwrap_err();
    assert_eq!(err.field(), Some("state"));
    assert!(files(root.path()).is_empty(), "{:?}", files(root.path()));
    assert_eq!(evidence_rows(&s), 0);
}

#[test]
fn a_long_vietnamese_name_fits_in_255_bytes_on_disk_and_on_screen() {
    let (mut s, a) = one_part(None);
    let root = tempfile::tempdir().unwrap();
    // 300 characters of 2-3 bytes each; today's file systems refuse names over 255 bytes.
    let name = format!("{}.docx", "Báo cáo kết quả thực hiện nhiệm vụ ".chars().cycle().take(300).collect::<String>());
    assert!(name.chars().count() > 300 && name.len() > 400);
    for _ in 0..2 {
        let e = s.attach_evidence(&ctx(), root.path(), a, &name, b"PK").unwrap();
        let stored = Path::new(&e.stored_path).file_name().unwrap().to_string_lossy().into_owned();
        assert!(stored.len() <= 255 && e.file_name.len() <= 255, "{} and {} bytes", stored.len(), e.file_name.len());
        assert!(stored.ends_with(".docx") && e.file_name.ends_with(".docx"), "the extension survives the cut");
        assert!(e.file_name.starts_with("Báo cáo kết quả"), "{}", e.file_name);
        assert_eq!(std::fs::read(root.path().join(&e.stored_path)).unwrap(), b"PK");
    }
    assert_eq!(files(root.path()).len(), 2, "the same long name twice keeps both");
}

#[test]
fn completion_and_files_are_saved_together_or_not_at_all() {
    let (mut s, a) = one_part(None);
    let root = tempfile::tempdir().unwrap();
    let good = NewEvidence { name: "Biên bản.pdf".into(), bytes: b"%PDF".to_vec() };
    let too_big = NewEvidence { name: "Video.mp4".into(), bytes: vec![0; evidence::MAX_BYTES + 1] };
    let err = s.complete_with_evidence(&ctx(), root.path(), a, &done("20/02/2023"), &[good.clone(), too_big]).unwrap_err();
    assert_eq!(err.field(), Some("evidence"));
    let row = assignments::get(s.conn(), a, d("2023-02-27")).unwrap();
    assert_eq!((row.status, row.completed_on), (Status::InProgress, None), "not ticked off");
    assert!(files(root.path()).is_empty(), "the first file was removed with the rest: {:?}", files(root.path()));
    assert_eq!(evidence_rows(&s), 0);

    let rows =
        s.complete_with_evidence(&ctx(), root.path(), a, &done("20/02/2023"), &[good, NewEvidence { name: "Ảnh.jpg".into(), bytes: b"JPG".to_vec() }]).unwrap();
    assert_eq!(rows.len(), 2);
    let row = assignments::get(s.conn(), a, d("2023-02-27")).unwrap();
    assert_eq!((row.status, row.completed_on.as_deref()), (Status::DoneOnTime, Some("2023-02-20")));
    assert_eq!(files(root.path()).len(), 2);
}

#[test]
fn evidence_can_be_added_to_a_part_already_done() {
    let (mut s, a) = one_part(None);
    let root = tempfile::tempdir().unwrap();
    s.complete_assignment(&ctx(), a, &done("20/02/2023")).unwrap();
    let before = assignments::get(s.conn(), a, d("2023-02-27")).unwrap();
    s.attach_evidence(&ctx(), root.path(), a, "Bổ sung.pdf", b"%PDF").unwrap();
    let after = assignments::get(s.conn(), a, d("2023-02-27")).unwrap();
    assert_eq!((after.status, after.state, after.completed_on.clone()), (Status::DoneOnTime, before.state, before.completed_on));
    assert_eq!(s.assignment_detail(a, d("2023-02-27")).unwrap().evidence.len(), 1);
}

#[test]
fn temporary_files_left_by_a_crash_are_cleared_and_nothing_else() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("7")).unwrap();
    std::fs::write(root.path().join("7/.dondoc-4242424-0.tmp"), b"half").unwrap();
    std::fs::write(root.path().join("7/1-Biên bản.pdf"), b"%PDF").unwrap();
    std::fs::write(root.path().join("7/.hidden-note.tmp"), b"not ours").unwrap();
    assert_eq!(evidence::remove_stale_temp_files(root.path()).unwrap(), 1);
    assert_eq!(files(root.path()), ["7/.hidden-note.tmp", "7/1-Biên bản.pdf"]);
    assert_eq!(evidence::remove_stale_temp_files(&root.path().join("missing")).unwrap(), 0);
}

#[test]
fn reported_values_and_completion_dates_have_sane_ranges() {
    let target = Target { metric: "Số hộ".into(), op: dondoc_core::model::TargetOp::Ge, value: 100.0, unit: Some("hộ".into()), scope: TargetScope::Each };
    let (mut s, a) = one_part(Some(target));
    for (value, words) in [(1e308, "vượt quá giới hạn"), (-1e13, "vượt quá giới hạn"), (f64::INFINITY, "phải là một số")] {
        let err = s.complete_assignment(&ctx(), a, &Completion { reported_value: Some(value), ..done("20/02/2023") }).unwrap_err();
        assert_eq!(err.field(), Some("reportedValue"), "{value}");
        assert!(err.to_string().contains(words), "{value}: {err}");
    }
    for on in ["01/01/0001", "0001-01-01"] {
        let err = s.complete_assignment(&ctx(), a, &Completion { reported_value: Some(120.0), ..done(on) }).unwrap_err();
        assert_eq!(err.field(), Some("completedOn"));
        assert!(err.to_string().contains("nằm ngoài khoảng cho phép"), "{err}");
    }
    s.complete_assignment(&ctx(), a, &Completion { reported_value: Some(1e12), ..done("20/02/2023") }).unwrap();
}
