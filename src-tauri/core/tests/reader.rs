//! The directive reader: its rules one by one (RULES.md ids in the comments), then the
//! whole development corpus scored the way `shared/directives/tools/score.py` scores it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use dondoc_core::reader::{ProposedTask, Reader};
use dondoc_core::registry;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

fn reader() -> Reader {
    Reader::new(&registry::parse(registry::MY_LOC_REGISTRY).expect("embedded registry"))
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn read(text: &str, meeting: &str) -> Vec<ProposedTask> {
    reader().read(text, day(meeting))
}

/// The single task of `text`.
fn one(text: &str, meeting: &str) -> ProposedTask {
    let tasks = read(text, meeting);
    assert_eq!(tasks.len(), 1, "one task expected from {text:?}, got {tasks:#?}");
    tasks.into_iter().next().unwrap()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    reader().expand(&items.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

#[test]
fn deadline_forms() {
    // (timing phrase, meeting date, deadline, recurrence)
    let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        ("trước ngày 15/3/2023", "2023-02-27", Some("2023-03-15"), None), // D1 inclusive
        ("xong trước ngày 15/3/2023", "2023-02-27", Some("2023-03-15"), None),
        ("chậm nhất ngày 10/6/2023", "2023-05-22", Some("2023-06-10"), None),
        ("chậm nhất là ngày 10/6/2023", "2023-05-22", Some("2023-06-10"), None),
        ("hạn chót 20/7/2023", "2023-07-06", Some("2023-07-20"), None),
        ("đến ngày 30/6/2023", "2023-03-08", Some("2023-06-30"), None),
        ("trước 17 giờ ngày 20/10/2023", "2023-10-02", Some("2023-10-20"), None),
        ("trước ngày 01/7/2023", "2023-02-14", Some("2023-06-30"), None),  // D2
        ("trước ngày 31/01/2024", "2023-08-15", Some("2024-01-31"), None), // D2 is only the 1st
        ("trước 31/12", "2022-12-20", Some("2022-12-31"), None),           // D3
        ("trước 15/12", "2023-11-22", Some("2023-12-15"), None),
        ("trước 05/6", "2023-05-22", Some("2023-06-05"), None),
        ("trước ngày 10/01", "2023-12-20", Some("2024-01-10"), None),
        ("chậm nhất ngày 05/01", "2023-12-25", Some("2024-01-05"), None), // D3 across the year's end
        ("trước ngày 29/02", "2023-05-01", Some("2024-02-29"), None),     // the next 29/02 is in 2024
        ("trước ngày 29/02", "2024-01-10", Some("2024-02-29"), None),
        ("hạn chót ngày 20/3/2023", "2023-02-10", Some("2023-03-20"), None),
        ("trong năm 2023", "2023-02-10", Some("2023-12-31"), None),
        ("xong trước tháng 3/2023", "2023-01-12", Some("2023-02-28"), None), // D4
        ("xong trước tháng 1/2024", "2023-11-01", Some("2023-12-31"), None),
        ("trước quý III/2024", "2024-02-27", Some("2024-06-30"), None),
        ("trước năm 2024", "2023-05-01", Some("2023-12-31"), None),
        ("trong tháng 3/2023", "2023-02-27", Some("2023-03-31"), None), // D5
        ("trong tháng 3", "2024-03-05", Some("2024-03-31"), None),
        ("cuối tháng 5", "2023-04-14", Some("2023-05-31"), None),
        ("giữa tháng 7", "2023-06-01", Some("2023-07-15"), None),
        ("ngay trong tháng này", "2023-09-12", Some("2023-09-30"), None),
        ("trong quý II/2023", "2023-03-28", Some("2023-06-30"), None), // D6
        ("trong quý IV", "2023-09-07", Some("2023-12-31"), None),
        ("đến hết năm 2023", "2023-10-24", Some("2023-12-31"), None), // D7
        ("trong năm nay", "2023-03-01", Some("2023-12-31"), None),
        ("từ nay đến cuối năm", "2023-07-06", Some("2023-12-31"), None),
        ("trong vòng 15 ngày kể từ ngày họp", "2023-07-18", Some("2023-08-02"), None), // D8
        ("trong thời hạn 15 ngày kể từ ngày họp", "2023-11-14", Some("2023-11-29"), None),
        ("trong 2 tuần", "2023-03-01", Some("2023-03-15"), None),
        ("trong 10 ngày làm việc kể từ ngày họp", "2023-05-09", Some("2023-05-23"), None),
        ("trong 5 ngày làm việc", "2023-04-26", Some("2023-05-06"), None), // skips 29/4–3/5, counts Sat 6/5
        ("ngay sau cuộc họp", "2023-07-18", Some("2023-07-25"), None),     // D9
        ("ngay sau hội nghị", "2023-03-16", Some("2023-03-23"), None),
        ("ngay sau khi có danh sách được phê duyệt", "2022-12-20", None, None), // D10
        ("trước mùa mưa bão", "2023-04-14", None, None),
        ("trước Tết", "2023-12-05", None, None),
        ("khẩn trương", "2023-12-05", None, None),
        ("trước ngày 20 hằng tháng", "2023-02-27", None, Some("monthly:20")), // D13
        ("vào ngày 15 hằng tháng", "2023-04-05", None, Some("monthly:15")),
        ("định kỳ hằng tháng", "2023-03-28", None, Some("monthly")),
        ("định kỳ hằng quý", "2023-02-14", None, Some("quarterly")),
        ("hằng ngày", "2023-07-18", None, Some("daily")),
        ("vào thứ Sáu hằng tuần", "2023-11-14", None, Some("weekly:fri")),
        ("vào sáng thứ Bảy hằng tuần", "2023-06-12", None, Some("weekly:sat")),
        ("định kỳ 6 tháng", "2023-06-12", None, Some("semiannual")),
        ("trước ngày 31/12 hằng năm", "2023-06-12", None, Some("yearly:12-31")),
    ];
    for (phrase, meeting, deadline, recurrence) in cases {
        let text = format!("Giao Phòng Nội vụ tổng hợp, báo cáo UBND huyện {phrase}.");
        let t = one(&text, meeting);
        assert_eq!(t.deadline.as_deref(), *deadline, "deadline of {phrase:?} at {meeting}");
        assert_eq!(t.recurrence.map(|r| r.code()).as_deref(), *recurrence, "recurrence of {phrase:?}");
    }
}

#[test]
fn descriptors_are_not_deadlines() {
    // D11: years and dates inside noun phrases, report periods, decree numbers.
    for text in [
        "Phòng TC-KH xây dựng kế hoạch phát triển KT-XH năm 2024.",
        "Phòng Y tế tổng hợp, báo cáo kết quả công tác an toàn thực phẩm 6 tháng đầu năm 2023.",
        "Phòng GD-ĐT hướng dẫn các trường xây dựng kế hoạch năm học 2023-2024.",
        "Trung tâm VH-TT&TT tổ chức giải bóng chuyền kỷ niệm ngày thành lập Đảng (03/02/1930 - 03/02/2023).",
        "Phòng Tư pháp triển khai Nghị định 59/2019/NĐ-CP.",
    ] {
        let t = one(text, "2023-10-03");
        assert_eq!(t.deadline, None, "{text}");
        assert_eq!(t.target, None, "{text}");
    }
    // A purpose phrase is not a deadline; the real one is.
    let t = one("Để đẩy mạnh chuyển đổi số năm 2023, giao Phòng Văn hóa và Thông tin tham mưu ban hành kế hoạch trước ngày 10/4/2023.", "2023-03-28");
    assert_eq!(t.deadline.as_deref(), Some("2023-04-10"));
}

/// Time frames and enumerations of published conclusions (the real-text corpus has them).
#[test]
fn frames_enumerations_and_ward_level_groups() {
    // The summary starts after a lead-in ("căn cứ … từng đơn vị,") and a trailing "liên quan".
    let t = one("Chủ tịch UBND huyện yêu cầu các cơ quan thuộc UBND huyện căn cứ vào chức năng, nhiệm vụ và tình hình thực tế của từng đơn vị, tập trung triển khai các nhiệm vụ trọng tâm.", "2021-04-05");
    assert_eq!(t.summary, "Tập trung triển khai các nhiệm vụ trọng tâm");
    let t = one(
        "Đồng chí Phó Chủ tịch giao các phòng, ban, ngành, đơn vị và Chủ tịch UBND các xã, phường liên quan nghiên cứu kiến nghị của cử tri.",
        "2022-08-24",
    );
    assert_eq!((reader().expand(&t.assignees), t.summary.as_str()), (set(&["@all"]), "Nghiên cứu kiến nghị của cử tri"));
    // Two frames joined by "và": the later end; an open frame: no deadline.
    let t = one(
        "Chủ tịch UBND huyện yêu cầu các cơ quan thuộc UBND huyện tập trung triển khai các nhiệm vụ trọng tâm trong tháng 4 và quý II năm 2021.",
        "2021-04-05",
    );
    assert_eq!((reader().expand(&t.assignees), t.deadline.as_deref()), (set(&["@district"]), Some("2021-06-30")));
    let t = one("Chủ tịch UBND huyện yêu cầu các phòng ngành tập trung thực hiện các nhiệm vụ trong tháng 5 và các tháng tiếp theo.", "2021-04-26");
    assert_eq!((reader().expand(&t.assignees), t.deadline), (set(&["@departments"]), None));
    // A timing fronted between the cue and the addressees.
    let t = one("Chủ tịch UBND huyện yêu cầu trong tháng 9/2019, các phòng, ban, cơ quan huyện và các xã, phường tiếp tục triển khai kế hoạch.", "2019-08-22");
    assert_eq!((reader().expand(&t.assignees), t.deadline.as_deref()), (set(&["@all"]), Some("2019-09-30")));
    // "(1) …; (2) …" after the addressee: one task per item, each with its own timing and target.
    let tasks = read(
        "Đồng chí Chủ tịch UBND huyện yêu cầu các cơ quan, đơn vị, địa phương theo chức năng, nhiệm vụ: (1) phấn đấu các chỉ tiêu phát triển KT-XH trong quý II/2022 đạt 60% trở lên; (2) đẩy nhanh tiến độ giải ngân các công trình; (3) tăng cường kiểm tra công vụ.",
        "2022-03-22",
    );
    assert_eq!(tasks.len(), 3, "{tasks:#?}");
    assert!(tasks.iter().all(|t| reader().expand(&t.assignees) == set(&["@all"])));
    let target = tasks[0].target.as_ref().unwrap();
    assert_eq!(
        (tasks[0].deadline.as_deref(), target.op.as_str(), target.value, target.metric.as_str()),
        (Some("2022-06-30"), ">=", 60.0, "các chỉ tiêu phát triển KT-XH")
    );
    assert_eq!((tasks[1].deadline.as_deref(), tasks[1].target.is_none()), (None, true));
}

/// Who attended, who partners and where a clause ends give no subject.
#[test]
fn attendance_partners_and_semicolons() {
    // An attendance list names bodies that came, not bodies given work (S5).
    assert!(read("Cùng tham dự có: các Phó Chủ tịch UBND huyện; lãnh đạo các phòng chuyên môn; Chủ tịch UBND các xã, thị trấn.", "2022-03-22").is_empty());
    // Partners after "phối hợp với", however the list runs on (A2, A6).
    assert!(
        read("- Phối hợp với Hạt Kiểm lâm, Phòng Tài nguyên và Môi trường tiến hành rà soát diện tích đất rừng trước ngày 10/6/2022.", "2022-05-24").is_empty()
    );
    // "Chỉ tiêu cho X đạt tối thiểu N%; chỉ tiêu cho Y …": each is given a target; the
    // province's own bodies ("… thuộc UBND cấp tỉnh") are not in the registry.
    let tasks = read(
        "Cụ thể: chỉ tiêu cho các đơn vị chuyên môn thuộc UBND cấp tỉnh đạt tối thiểu 45%; chỉ tiêu cho các cơ quan chuyên môn thuộc UBND cấp huyện đạt tối thiểu 35%; chỉ tiêu cho UBND các xã, thị trấn tối thiểu đạt 25%.",
        "2022-03-22",
    );
    let got: Vec<(BTreeSet<String>, f64)> = tasks.iter().map(|t| (reader().expand(&t.assignees), t.target.as_ref().unwrap().value)).collect();
    assert_eq!(got, [(set(&["@departments"]), 35.0), (set(&["@communes"]), 25.0)]);
    // S3 at semicolons: the part with its own timing and target is a task of its own; the
    // parts before it without one stay together.
    let tasks = read(
        "Giao Phòng Kinh tế và Hạ tầng tập trung thực hiện mục tiêu kép; rà soát các nhiệm vụ trọng tâm; phấn đấu các chỉ tiêu trong quý II/2022 đạt 60% trở lên.",
        "2022-03-22",
    );
    assert_eq!(
        tasks.iter().map(|t| (t.deadline.as_deref(), t.target.is_some())).collect::<Vec<_>>(),
        [(None, false), (Some("2022-06-30"), true)],
        "{tasks:#?}"
    );
    // "…, UBND các xã; tăng cường …": the object before a semicolon is no new subject.
    let t = one("Phòng Nội vụ tiếp tục rà soát, kiện toàn lãnh đạo các cơ quan chuyên môn, UBND các xã; tăng cường kiểm tra công vụ.", "2022-03-22");
    assert_eq!(t.assignees, ["phong-noi-vu"]);
}

/// Issue 20's patterns, each in its general form (the real-text corpus has more of each).
#[test]
fn levels_unions_lists_and_labels() {
    // Two targets for two levels in one sentence, the metric first, in several phrasings.
    for (text, ops) in [
        ("Năm 2023, tỷ lệ hồ sơ được số hóa cấp huyện đạt từ 50% trở lên, cấp xã đạt từ 30% trở lên.", [(">=", 50.0), (">=", 30.0)]),
        ("Phấn đấu năm 2023 tỷ lệ hồ sơ trực tuyến của cấp huyện không dưới 60%, cấp xã không dưới 40%.", [(">=", 60.0), (">=", 40.0)]),
        ("Năm 2023 cấp xã phải có trên 60% tổng hồ sơ, cấp huyện có trên 80% tổng hồ sơ được số hóa.", [(">", 60.0), (">", 80.0)]),
    ] {
        let tasks = read(text, "2023-02-10");
        assert_eq!(tasks.len(), 2, "{text}: {tasks:#?}");
        for (t, (op, value)) in tasks.iter().zip(ops) {
            let target = t.target.as_ref().unwrap();
            assert_eq!((target.op.as_str(), target.value, t.deadline.as_deref()), (op, value, Some("2023-12-31")), "{text}");
            assert!(!target.metric.ends_with(" từ") && !target.metric.ends_with(" đạt") && !target.metric.is_empty(), "{text}: metric {:?}", target.metric);
        }
        let levels: Vec<BTreeSet<String>> = tasks.iter().map(|t| reader().expand(&t.assignees)).collect();
        assert!(levels.contains(&set(&["@communes"])) && levels.contains(&set(&["@district"])), "{text}: {levels:?}");
    }
    assert_eq!(
        read("Năm 2023, tỷ lệ hồ sơ được số hóa cấp huyện đạt từ 50% trở lên, cấp xã đạt từ 30% trở lên.", "2023-02-10")[0].target.as_ref().unwrap().metric,
        "tỷ lệ hồ sơ được số hóa"
    );
    // The same with the timing at the end, and with the levels after the numbers.
    for text in [
        "Tỷ lệ văn bản điện tử cấp huyện không dưới 90%, cấp xã không dưới 80% trong năm 2023.",
        "Tỷ lệ văn bản điện tử phải đạt tối thiểu 90% ở cấp huyện và 80% ở cấp xã trong năm 2023.",
    ] {
        let got: Vec<_> = read(text, "2023-02-10")
            .iter()
            .map(|t| (reader().expand(&t.assignees), t.deadline.clone(), t.target.as_ref().map(|x| (x.op.clone(), x.value, x.metric.clone()))))
            .collect();
        let want = |g: &str, v: f64| (set(&[g]), Some("2023-12-31".to_string()), Some((">=".to_string(), v, "Tỷ lệ văn bản điện tử".to_string())));
        assert_eq!(got, [want("@district", 90.0), want("@communes", 80.0)], "{text}");
    }
    assert!(read("Tỷ lệ hồ sơ trực tuyến năm 2022 đạt 45% ở cấp huyện và 20% ở cấp xã.", "2023-02-10").is_empty(), "a report of last year");
    // The same shape reporting last year is no task (S5).
    assert!(read("Năm 2022, tỷ lệ hồ sơ trực tuyến cấp huyện đạt trên 60%, cấp xã đạt trên 40%.", "2023-02-10").is_empty());

    // Group phrases of departments, the district level and the communes.
    for (subject, group) in [
        ("Các phòng, ban, ngành", "@departments"),
        ("Các ngành", "@departments"),
        ("Các cơ quan thuộc UBND huyện", "@district"),
        ("Các đơn vị thuộc UBND huyện", "@district"),
        ("Các địa phương", "@communes"),
        ("Các đơn vị, địa phương", "@all"),
        ("Các phòng, ban chuyên môn", "@departments"),
        ("Các cơ quan chuyên môn thuộc UBND huyện", "@departments"),
    ] {
        let t = one(&format!("{subject} rà soát thủ tục hành chính, hoàn thành chậm nhất ngày 20/3/2023."), "2023-02-10");
        assert_eq!(reader().expand(&t.assignees), set(&[group]), "{subject}");
        assert_eq!(t.deadline.as_deref(), Some("2023-03-20"), "{subject}");
    }
    // A union in reported speech.
    let t = one("Đồng chí Chủ tịch UBND huyện đề nghị các phòng, ban, ngành và UBND các xã, thị trấn tập trung rà soát thủ tục hành chính.", "2023-03-01");
    assert_eq!(reader().expand(&t.assignees), set(&["@departments", "@communes"]));

    // "có ít nhất 01 …" after a "mỗi" subject is a target.
    let t = one("Mỗi xã, thị trấn có ít nhất 01 mô hình điểm về chuyển đổi số.", "2023-02-10");
    let target = t.target.unwrap();
    assert_eq!((target.op.as_str(), target.value, target.scope.as_str()), (">=", 1.0, "each"));

    // A period that names a meeting is not its deadline (D11); a period after "trong" is.
    assert_eq!(one("Phòng Nội vụ tham mưu tổ chức kỳ họp cuối năm 2024.", "2023-02-10").deadline, None);
    assert_eq!(one("Phòng Nội vụ hoàn thành báo cáo trong năm 2023.", "2023-02-10").deadline.as_deref(), Some("2023-12-31"));

    // Items under "… yêu cầu X:" are X's tasks, each with its own timing; a sentence after
    // the list is not.
    let tasks = read(
        "Đồng chí Chủ tịch UBND huyện yêu cầu Phòng Nội vụ:\n- Rà soát, tham mưu kiện toàn tổ chức bộ máy trước ngày 30/4/2023;\n- Hướng dẫn các xã, thị trấn chấm điểm chỉ số CCHC.\nĐồng thời tổ chức kiểm tra công vụ.",
        "2023-02-10",
    );
    assert_eq!(tasks.len(), 2, "{tasks:#?}");
    assert!(tasks.iter().all(|t| t.assignees == ["phong-noi-vu"]));
    assert_eq!((tasks[0].deadline.as_deref(), tasks[1].deadline.as_deref()), (Some("2023-04-30"), None));
    assert_eq!(tasks[1].summary, "Hướng dẫn các xã, thị trấn chấm điểm chỉ số CCHC");

    // A summary is the action, short: no deadline in it, at most 15 words.
    let t = one(
        "Ban QLDA và các xã, thị trấn đẩy nhanh tiến độ giải ngân vốn đầu tư công, bảo đảm giải ngân đạt 100% kế hoạch vốn được giao trước ngày 31/12/2023, tổng hợp khó khăn, vướng mắc, báo cáo UBND huyện.",
        "2023-02-10",
    );
    assert_eq!(t.summary, "Đẩy nhanh tiến độ giải ngân vốn đầu tư công");
    assert_eq!(t.target.unwrap().metric, "kế hoạch vốn được giao");
    let seed: Value =
        serde_json::from_str(&std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/seed-myloc-cchc-2022.json")).unwrap()).unwrap();
    let seed_tasks = read(seed["text"].as_str().unwrap(), seed["meeting_date"].as_str().unwrap());
    assert_eq!(seed_tasks.len(), 5);
    for t in seed_tasks {
        assert!(t.summary.split_whitespace().count() <= 15, "{}", t.summary);
    }
}

#[test]
fn group_phrases_any_spelling() {
    let nfd: String = "UBND các xã, thị trấn rà soát hồ sơ.".nfd().collect();
    let cases: &[(&str, &[&str])] = &[
        ("UBND các xã, thị trấn rà soát hồ sơ.", &["@communes"]),
        ("ubnd cac xa, thi tran ra soat ho so.", &["@communes"]),
        ("UBND CÁC XÃ, THỊ TRẤN rà soát hồ sơ.", &["@communes"]),
        (nfd.as_str(), &["@communes"]),
        ("Mỗi xã, thị trấn rà soát hồ sơ.", &["@communes"]),
        ("Chủ tịch UBND các xã, thị trấn rà soát hồ sơ.", &["@communes"]),
        ("Năm 2023 cấp xã rà soát hồ sơ.", &["@communes"]),
        ("Các phòng chuyên môn thuộc UBND huyện rà soát hồ sơ.", &["@departments"]),
        ("Các phòng, ban chuyên môn rà soát hồ sơ.", &["@departments"]),
        ("Thủ trưởng các cơ quan, đơn vị thuộc UBND huyện rà soát hồ sơ.", &["@district"]),
        ("Các cơ quan, đơn vị rà soát hồ sơ.", &["@all"]),
        ("Sau hội nghị các đơn vị rà soát hồ sơ.", &["@all"]),
        ("Các phòng chuyên môn và UBND các xã, thị trấn rà soát hồ sơ.", &["@departments", "@communes"]),
        ("UBND các xã, thị trấn (trừ xã Mỹ Hà) rà soát hồ sơ.", &["@communes"]), // minus Mỹ Hà below
        ("Các xã Mỹ Phúc, Mỹ Tân, Mỹ Thắng rà soát hồ sơ.", &["xa-my-phuc", "xa-my-tan", "xa-my-thang"]), // A8
        ("Bộ phận Một cửa huyện và bộ phận một cửa các xã, thị trấn rà soát hồ sơ.", &["bo-phan-mot-cua", "@communes"]),
    ];
    for (text, want) in cases {
        let t = one(text, "2023-03-01");
        let mut want = set(want);
        if text.contains("trừ xã Mỹ Hà") {
            want.remove("xa-my-ha");
        }
        assert_eq!(reader().expand(&t.assignees), want, "{text}");
    }
    // A7: the communes not named before.
    let tasks = read(
        "Giao Phòng KT-HT phối hợp với UBND thị trấn Mỹ Lộc, UBND xã Mỹ Hưng kiểm tra. Các xã, thị trấn còn lại báo cáo trước ngày 25 hằng tháng.",
        "2023-05-09",
    );
    let rest = reader().expand(&tasks[1].assignees);
    assert_eq!(rest.len(), 9);
    assert!(!rest.contains("tt-my-loc") && !rest.contains("xa-my-hung"));
}

/// A subjectless sentence opened by "Đồng thời" / "Trong đó," goes on with the previous
/// directive's addressees, as a task of its own only where its timing or target differs
/// (real-corpus README S-b, S3); a free-standing subjectless sentence stays no task (S-a).
#[test]
fn connectives_continue_the_previous_directive() {
    let tasks = read(
        "Giao các phòng chuyên môn nghiên cứu kiến nghị của cử tri. Đồng thời báo cáo tiến độ về Văn phòng HĐND và UBND huyện trước 10/9/2022 để tổng hợp.",
        "2022-08-24",
    );
    assert_eq!(tasks.len(), 2, "{tasks:#?}");
    assert_eq!(tasks[1].assignees, vec!["@departments"]);
    assert_eq!(tasks[1].deadline.as_deref(), Some("2022-09-10"));
    assert!(tasks[1].summary.starts_with("Báo cáo tiến độ"), "{}", tasks[1].summary);
    // The same timing: the same clause, no second task.
    let same = read("Giao các phòng chuyên môn rà soát hồ sơ trước ngày 15/9/2022. Đồng thời cập nhật dữ liệu trước ngày 15/9/2022.", "2022-08-24");
    assert_eq!(same.len(), 1, "{same:#?}");
    // "Trong đó, …" with no date after a dated directive: its own task, without a deadline.
    let within = read("Yêu cầu các ngành thực hiện tốt nhiệm vụ trong tháng 7 năm 2022. Trong đó, tổ chức tốt Tuần văn hóa du lịch.", "2022-07-14");
    assert_eq!(within.len(), 2, "{within:#?}");
    assert_eq!(within[1].deadline, None);
    // A statement after "Trong đó" is not a task; nor is a subjectless sentence without a connective.
    assert_eq!(read("Giao các phòng chuyên môn rà soát hồ sơ. Trong đó, có 5 xã đã hoàn thành.", "2022-08-24").len(), 1);
    assert_eq!(read("Giao các phòng chuyên môn rà soát hồ sơ. Đẩy mạnh thu hút đầu tư trước ngày 30/9/2022.", "2022-08-24").len(), 1);
}

/// "…, trừ một số đơn vị X, Y được giao chỉ tiêu 10%": the group loses X and Y (A7), and their
/// own quota is a task of theirs with the same measure (real-corpus README T-q).
#[test]
fn exclusions_after_the_target() {
    let tasks = read(
        "Các cơ quan, đơn vị, các xã, thị trấn cần có hồ sơ tiếp nhận, giải quyết qua dịch vụ công trực tuyến đạt tỷ lệ từ 50% trở lên, trừ một số đơn vị Phòng Kinh tế và Hạ tầng, Phòng Tài nguyên và Môi trường được giao chỉ tiêu 10%.",
        "2022-01-01",
    );
    assert_eq!(tasks.len(), 2, "{tasks:#?}");
    let mut main = set(&["@all"]);
    main.remove("phong-ktht");
    main.remove("phong-tnmt");
    assert_eq!(reader().expand(&tasks[0].assignees), main);
    let t0 = tasks[0].target.as_ref().unwrap();
    assert_eq!((t0.op.as_str(), t0.value), (">=", 50.0));
    assert_eq!(t0.metric, "tỷ lệ giải quyết qua dịch vụ công trực tuyến");
    assert_eq!(tasks[1].assignees, vec!["phong-ktht", "phong-tnmt"]);
    let t1 = tasks[1].target.as_ref().unwrap();
    assert_eq!((t1.op.as_str(), t1.value, t1.metric.as_str()), (">=", 10.0, t0.metric.as_str()));
    // An exclusion of units that are not in the group changes nothing.
    let other = one("UBND các xã, thị trấn rà soát hồ sơ, trừ Phòng Tư pháp.", "2022-01-01");
    assert_eq!(other.assignees, vec!["@communes"]);
}

/// Quotas per level in a decision's news report: a range gives its lower bound (T-r), the
/// commune level's own offices are the communes, and what the quota measures comes from the
/// "giao chỉ tiêu …" before it, never from the operator's words.
#[test]
fn quotas_per_level_with_ranges() {
    let tasks = read(
        "UBND tỉnh ban hành Quyết định giao chỉ tiêu hồ sơ được tiếp nhận, giải quyết trực tuyến mức độ 3, mức độ 4 cho các sở, ngành, địa phương năm 2022. Cụ thể: chỉ tiêu cho các đơn vị chuyên môn thuộc UBND cấp huyện đạt tối thiểu 35% - 40%; chỉ tiêu cho các đơn vị chuyên môn thuộc UBND cấp xã, phường, thị trấn tối thiểu đạt 25% - 30%.",
        "2022-03-22",
    );
    assert_eq!(tasks.len(), 2, "{tasks:#?}");
    assert_eq!(tasks[0].assignees, vec!["@departments"]);
    assert_eq!(tasks[1].assignees, vec!["@communes"]);
    for (t, v) in tasks.iter().zip([35.0, 25.0]) {
        let target = t.target.as_ref().unwrap();
        assert_eq!((target.op.as_str(), target.value), (">=", v));
        assert_eq!(target.metric, "tỷ lệ hồ sơ được tiếp nhận, giải quyết trực tuyến mức độ 3, mức độ 4");
    }
}

#[test]
fn abbreviation_variants() {
    let cases: &[(&str, &str)] = &[
        ("Phòng TC-KH", "phong-tckh"),
        ("Phòng TC - KH", "phong-tckh"),
        ("Phòng Tài chính – Kế hoạch", "phong-tckh"),
        ("Phòng TN&MT", "phong-tnmt"),
        ("Phòng TN-MT", "phong-tnmt"),
        ("Phòng Tài nguyên và Môi trường", "phong-tnmt"),
        ("Phòng LĐ-TB&XH", "phong-ldtbxh"),
        ("Phòng LĐTBXH", "phong-ldtbxh"),
        ("Phòng GD-ĐT", "phong-gddt"),
        ("Phòng GD&ĐT", "phong-gddt"),
        ("phòng gd&dt", "phong-gddt"),
        ("VP HĐND-UBND", "vp-hdnd-ubnd"),
        ("VP HĐND&UBND huyện", "vp-hdnd-ubnd"),
        ("Văn phòng HĐND và UBND huyện", "vp-hdnd-ubnd"),
        ("Phòng Văn hóa", "phong-vhtt"),
        ("Trung tâm Y tế huyện", "ttyt-huyen"),
        ("Phòng Y tế", "phong-y-te"),
        ("Trung tâm VH-TT&TT huyện", "tt-vhtt-tt"),
        ("TT. Mỹ Lộc", "tt-my-loc"),
    ];
    for (name, code) in cases {
        let t = one(&format!("Giao {name} kiểm tra, báo cáo."), "2023-03-01");
        assert_eq!(t.assignees, vec![code.to_string()], "{name}");
    }
    // A bare "huyện Mỹ Lộc" is the district, never the town.
    assert!(read("Tuổi trẻ huyện Mỹ Lộc đã ra quân làm sạch đường làng.", "2023-03-27").is_empty());
    // A list without repeated "Phòng".
    let t = one("Giao Phòng Nội vụ, Tư pháp và Y tế rà soát thủ tục.", "2023-03-01");
    assert_eq!(t.assignees, vec!["phong-noi-vu", "phong-tu-phap", "phong-y-te"]);
}

#[test]
fn targets_ops_and_numbers() {
    // (clause, op, value)
    let cases: &[(&str, &str, f64)] = &[
        ("bảo đảm tỷ lệ tiêm phòng đạt trên 80% tổng đàn", ">", 80.0),
        ("nâng tỷ lệ hồ sơ trực tuyến lên trên 70%", ">", 70.0),
        ("bảo đảm tỷ lệ huy động đạt 100%", ">=", 100.0),
        ("phấn đấu tỷ lệ bao phủ đạt từ 93% trở lên", ">=", 93.0),
        ("bảo đảm có tối thiểu 80% người dân được kích hoạt", ">=", 80.0),
        ("xây dựng ít nhất 02 mô hình", ">=", 2.0),
        ("bảo đảm tỷ lệ không thấp hơn 70,5%", ">=", 70.5),
        ("giảm tỷ lệ suy dinh dưỡng ở trẻ em dưới 5 tuổi xuống dưới 13,5%", "<", 13.5),
        ("giữ tỷ lệ hồ sơ phải bổ sung không vượt quá 5%", "<=", 5.0),
        ("giải quyết hồ sơ tối đa 3 ngày", "<=", 3.0),
        ("giữ tỷ lệ sai sót dưới 0,5%", "<", 0.5),
        ("không để hồ sơ quá hạn", "=", 0.0),
        ("không để xảy ra ngộ độc thực phẩm đông người", "=", 0.0),
        ("không để sót đối tượng", "=", 0.0),
        ("không để đơn thư tồn đọng quá 05 ngày làm việc", "<=", 5.0),
        ("giải ngân 100% kế hoạch vốn", ">=", 100.0),
        ("phải có 01 sáng kiến", ">=", 1.0),
    ];
    for (clause, op, value) in cases {
        let t = one(&format!("Giao Phòng Y tế {clause}."), "2023-03-01");
        let target = t.target.unwrap_or_else(|| panic!("no target in {clause:?}"));
        assert_eq!((target.op.as_str(), target.value), (*op, *value), "{clause}");
    }
    // T7 and T5: counts of an existing set, ages and class numbers are not targets.
    for clause in ["giải quyết dứt điểm 12 hồ sơ quá hạn", "tuyển sinh vào lớp 1, lớp 6", "khám cho trẻ dưới 5 tuổi"] {
        assert_eq!(one(&format!("Giao Phòng Y tế {clause}."), "2023-03-01").target, None, "{clause}");
    }
    // "mỗi … 01 …" is a minimum for every commune.
    let t = one("Mỗi xã, thị trấn xây dựng 01 mô hình phân loại rác.", "2023-03-01");
    let target = t.target.unwrap();
    assert_eq!((target.op.as_str(), target.value, target.scope.as_str()), (">=", 1.0, "each"));
}

#[test]
fn deadlines_do_not_carry_over() {
    // D12 / T6: the year of sentence 1 binds its two clauses, not sentence 2.
    let tasks = read(
        "Năm 2023 cấp xã phải có trên 60% tổng hồ sơ, cấp huyện có trên 80% tổng hồ sơ được số hóa. Giao cho Phòng Văn hóa, Phòng GD-ĐT và mỗi xã, thị trấn phải có 1 sáng kiến.",
        "2023-01-12",
    );
    assert_eq!(tasks.len(), 3);
    assert_eq!(tasks[0].deadline.as_deref(), Some("2023-12-31"));
    assert_eq!(tasks[1].deadline.as_deref(), Some("2023-12-31"));
    assert_eq!(tasks[1].assignees, vec!["@district"]);
    assert_eq!(tasks[2].deadline, None);
    // S3: two actions with two timings in one sentence are two tasks with the same units.
    let tasks = read(
        "Giao Phòng Y tế chủ trì, phối hợp với Phòng KT-HT kiểm tra, hoàn thành trước ngày 15/5/2023, đồng thời tổ chức đợt hai trong dịp Tết Trung thu.",
        "2023-04-20",
    );
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0].deadline.as_deref(), Some("2023-05-15"));
    assert_eq!(tasks[1].deadline, None);
    assert_eq!(tasks[1].coordinators, vec!["phong-ktht"]);
}

#[test]
fn non_directives_give_nothing() {
    for text in [
        "Chủ tịch UBND huyện biểu dương tinh thần xung kích của đoàn viên, thanh niên.",
        "Chủ tịch UBND huyện đánh giá cao sự chủ động của các xã Mỹ Hưng, Mỹ Thành.",
        "Chủ tịch UBND huyện phê bình Phòng TN&MT và UBND xã Mỹ Hà để hồ sơ quá hạn.",
        "Đến nay, Công an huyện đã thu nhận hồ sơ cho trên 98% số công dân.",
        "Tháng 5/2023, Bộ phận Một cửa huyện tiếp nhận hơn 1.200 hồ sơ.",
        "Các xã Mỹ Phúc, Mỹ Tân, Mỹ Thắng có tỷ lệ hồ sơ trực tuyến dưới 50%, thấp nhất huyện.",
        "Đề nghị Huyện đoàn tiếp tục phát huy vai trò nòng cốt.",
        "UBND huyện sẽ xem xét khen thưởng các tập thể có thành tích xuất sắc.",
        "Toàn huyện phấn đấu diện tích lúa chất lượng cao đạt trên 75%.",
        "Chủ tịch UBND xã Mỹ Hưng chịu trách nhiệm trước Chủ tịch UBND huyện nếu để phát sinh vi phạm mới.",
        "Hồ sơ nộp muộn sẽ không được xem xét.",
        "Nguyên nhân chủ yếu do vướng mắc trong công tác giải phóng mặt bằng tại xã Mỹ Hưng.",
    ] {
        assert_eq!(read(text, "2023-06-02"), vec![], "{text}");
    }
    // A10: responsibility for an action is a task.
    assert_eq!(one("Chủ tịch UBND các xã, thị trấn chịu trách nhiệm rà soát danh sách.", "2023-06-02").assignees, vec!["@communes"]);
}

#[test]
fn roles_objects_and_coordinators() {
    // A1: objects and beneficiaries are not assignees; A2/A6: coordinators after "phối hợp với".
    let t = one("Phòng Tư pháp hướng dẫn UBND các xã, thị trấn thực hiện chứng thực điện tử.", "2023-02-14");
    assert_eq!(t.assignees, vec!["phong-tu-phap"]);
    let t = one("Giao phòng nội vụ phải có hướng dẫn chấm điểm cho các cơ quan.", "2023-01-12");
    assert_eq!(t.assignees, vec!["phong-noi-vu"]);
    let t = one("Giao Phòng TC-KH chủ trì, phối hợp với Phòng TN&MT và Chi cục Thuế rà soát.", "2023-02-27");
    assert_eq!((t.assignees, t.coordinators), (vec!["phong-tckh".to_string()], vec!["phong-tnmt".to_string()]));
    let t = one("UBND các xã, thị trấn báo cáo kết quả về UBND huyện (qua Phòng TN&MT).", "2023-02-27");
    assert_eq!(t.coordinators, Vec::<String>::new());
    // "các đơn vị khai thác công trình thủy lợi" are companies, not the registry's units (A6).
    let t = one("Phòng NN&PTNT phối hợp với các đơn vị khai thác công trình thủy lợi bảo đảm đủ nước.", "2023-01-05");
    assert_eq!((t.assignees, t.coordinators), (vec!["phong-nnptnt".to_string()], Vec::<String>::new()));
    let t = one("Phòng NN&PTNT phối hợp với UBND các xã, thị trấn bảo đảm đủ nước.", "2023-01-05");
    assert_eq!(t.coordinators, vec!["@communes"]);
}

#[test]
fn spans_point_at_the_sentence() {
    let text = "Năm 2022, huyện đạt nhiều kết quả. Giao Phòng Nội vụ kiểm tra trước ngày 15/3/2023. Phòng Y tế báo cáo hằng tháng.";
    let tasks = read(text, "2023-02-01");
    let chars: Vec<char> = text.chars().collect();
    let slice = |t: &ProposedTask| chars[t.span.0..t.span.1].iter().collect::<String>();
    assert_eq!(slice(&tasks[0]), "Giao Phòng Nội vụ kiểm tra trước ngày 15/3/2023.");
    assert_eq!(slice(&tasks[1]), "Phòng Y tế báo cáo hằng tháng.");
    // Offsets are characters of the input as given, also when it is decomposed (NFD).
    let nfd: String = text.nfd().collect();
    let tasks = read(&nfd, "2023-02-01");
    let chars: Vec<char> = nfd.chars().collect();
    let got: String = chars[tasks[1].span.0..tasks[1].span.1].iter().collect();
    assert_eq!(got.nfc().collect::<String>(), "Phòng Y tế báo cáo hằng tháng.");
    // A split sentence gives each clause its own span.
    let text = "Năm 2023 cấp xã phải có trên 60% hồ sơ, cấp huyện có trên 80% hồ sơ được số hóa.";
    let tasks = read(text, "2023-01-12");
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(chars[tasks[1].span.0..tasks[1].span.1].iter().collect::<String>(), "cấp huyện có trên 80% hồ sơ được số hóa.");
}

// ---------------------------------------------------------------------------------------
// The development corpus, scored like score.py (strict match: expanded assignees, deadline,
// target op and value; field accuracies over a greedy one-to-one alignment).

type Key = (BTreeSet<String>, Option<String>, Option<(String, i64)>);

fn target_key(v: &Value) -> Option<(String, i64)> {
    if v.is_null() {
        return None;
    }
    let value = v["value"].as_f64().map_or(i64::MIN, |x| (x * 1e6).round() as i64);
    Some((v["op"].as_str().unwrap_or("").to_string(), value))
}

fn key(r: &Reader, t: &Value) -> Key {
    let list = |v: &Value| v.as_array().into_iter().flatten().filter_map(|x| x.as_str().map(str::to_string)).collect::<Vec<_>>();
    (r.expand(&list(&t["assignees"])), t["deadline"].as_str().map(str::to_string), target_key(&t["target"]))
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        1.0
    } else {
        a.intersection(b).count() as f64 / union as f64
    }
}

/// The scorer's figures (as `shared/directives/tools/score.py` computes them) of the
/// reader on every case of the corpus in `dir`: (cases, gold, predicted, matched, deadline
/// right on aligned pairs).
fn score_dir(dir: &Path) -> (usize, usize, usize, usize, usize) {
    let r = reader();
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    names.sort();
    let (mut gold_n, mut pred_n, mut tp, mut deadline_ok) = (0usize, 0usize, 0usize, 0usize);
    for path in &names {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let tasks = r.read(case["text"].as_str().unwrap(), day(case["meeting_date"].as_str().unwrap()));
        let pred: Vec<Value> = tasks.iter().map(|t| serde_json::to_value(t).unwrap()).collect();
        let gold: Vec<Value> = case["expected"].as_array().unwrap().clone();
        let gk: Vec<Key> = gold.iter().map(|t| key(&r, t)).collect();
        let pk: Vec<Key> = pred.iter().map(|t| key(&r, t)).collect();
        let mut counts: BTreeMap<&Key, i64> = BTreeMap::new();
        for k in &gk {
            *counts.entry(k).or_default() += 1;
        }
        for k in &pk {
            if let Some(c) = counts.get_mut(k).filter(|c| **c > 0) {
                *c -= 1;
                tp += 1;
            }
        }
        gold_n += gold.len();
        pred_n += pred.len();
        // Alignment as score.py: 4·jaccard + 2·deadline + 2·target + recurrence + 0.5·coordinators.
        let mut pairs = Vec::new();
        for (i, g) in gold.iter().enumerate() {
            for (j, p) in pred.iter().enumerate() {
                let jac = jaccard(&gk[i].0, &pk[j].0);
                if jac == 0.0 {
                    continue;
                }
                let coord = |t: &Value| r.expand(&t["coordinators"].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect::<Vec<_>>());
                let score = 4.0 * jac
                    + 2.0 * f64::from(u8::from(gk[i].1 == pk[j].1))
                    + 2.0 * f64::from(u8::from(gk[i].2 == pk[j].2))
                    + f64::from(u8::from(g["recurrence"] == p["recurrence"]))
                    + 0.5 * f64::from(u8::from(coord(g) == coord(p)));
                pairs.push((score, i, j));
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let (mut used_g, mut used_p) = (BTreeSet::new(), BTreeSet::new());
        for (_, i, j) in pairs {
            if used_g.contains(&i) || used_p.contains(&j) {
                continue;
            }
            used_g.insert(i);
            used_p.insert(j);
            deadline_ok += usize::from(gk[i].1 == pk[j].1);
        }
    }
    (names.len(), gold_n, pred_n, tp, deadline_ok)
}

#[test]
fn dev_corpus_scores() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/directives/dev");
    if !dir.is_dir() {
        if std::env::var_os("CI").is_some() {
            panic!("the directive corpus is missing at {}", dir.display());
        }
        eprintln!("\n!!!!!!!! SKIPPED dev_corpus_scores: no corpus at {} !!!!!!!!\n", dir.display());
        return;
    }
    let (cases, gold_n, pred_n, tp, deadline_ok) = score_dir(&dir);
    assert!(cases >= 26, "expected the 26 dev cases");
    let p = tp as f64 / pred_n.max(1) as f64;
    let rc = tp as f64 / gold_n.max(1) as f64;
    let f1 = if p + rc > 0.0 { 2.0 * p * rc / (p + rc) } else { 0.0 };
    let deadline = deadline_ok as f64 / gold_n.max(1) as f64;
    eprintln!("dev corpus: gold {gold_n}, predicted {pred_n}, matched {tp}, P {p:.4} R {rc:.4} F1 {f1:.4}, deadline accuracy {deadline:.4}");
    // Reached on the dev corpus: F1 = 1.0 and deadline accuracy = 1.0 (targets 0.95 / 0.97).
    assert!(f1 >= 0.99, "F1 {f1:.4} fell below the level reached (1.0)");
    assert!(deadline >= 0.99, "deadline accuracy {deadline:.4} fell below the level reached (1.0)");
}

/// The second development corpus: 21 published conclusions of other districts and
/// provinces (`data/real-corpus`, sources in its README): issue 20's target, F1 ≥ 0.90.
#[test]
fn real_corpus_scores() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/real-corpus");
    let (cases, gold_n, pred_n, tp, deadline_ok) = score_dir(&dir);
    assert!(cases >= 20, "at least 20 real texts");
    let p = tp as f64 / pred_n.max(1) as f64;
    let rc = tp as f64 / gold_n.max(1) as f64;
    let f1 = if p + rc > 0.0 { 2.0 * p * rc / (p + rc) } else { 0.0 };
    eprintln!("real-text corpus: gold {gold_n}, predicted {pred_n}, matched {tp}, P {p:.4} R {rc:.4} F1 {f1:.4}, deadlines right on aligned {deadline_ok}");
    assert!(f1 >= 0.90, "F1 {f1:.4} on the real texts fell below 0.90");
}
