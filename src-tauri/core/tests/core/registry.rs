//! The unit registry in the `units.json` format.

use dondoc_core::model::UnitKind;
use dondoc_core::queries::units;
use dondoc_core::registry::{self, MY_LOC_REGISTRY};
use serde_json::Value;

use crate::store;

#[test]
fn first_start_seeds_my_locs_registry() {
    let s = store();
    let all = units::list_units(s.conn()).unwrap();
    assert_eq!(all.len(), 30, "the file's 29 units and the district's own");
    assert_eq!((all[0].code.as_str(), all[0].name.as_str(), all[0].kind), ("ubnd-huyen", "UBND huyện Mỹ Lộc", UnitKind::District), "the district itself first");
    assert_eq!(all[1].code, "tt-my-loc", "then the town");
    let groups = units::list_groups(s.conn()).unwrap();
    let communes = groups.iter().find(|g| g.code == "communes").unwrap();
    assert_eq!((communes.name.as_str(), communes.unit_ids.len()), ("Các xã, thị trấn", 11));
}

#[test]
fn export_gives_back_exactly_the_file_that_was_imported() {
    let s = store();
    let exported = serde_json::to_value(registry::export(s.conn()).unwrap()).unwrap();
    let original: Value = serde_json::from_str(MY_LOC_REGISTRY).unwrap();
    assert_eq!(exported, original);
    // Key order too, so a diff of the files is empty.
    assert_eq!(serde_json::to_string(&exported).unwrap(), serde_json::to_string(&original).unwrap());
}

#[test]
fn import_updates_by_code_and_keeps_unknown_units() {
    let mut s = store();
    let mut doc: Value = serde_json::from_str(MY_LOC_REGISTRY).unwrap();
    doc["units"][1]["short"] = "Xã Mỹ Hà".into();
    doc["units"].as_array_mut().unwrap().truncate(28);
    doc["groups"]["external"] = serde_json::json!(["cong-an-huyen", "ban-chqs-huyen"]);
    s.import_registry(&doc.to_string()).unwrap();
    let all = units::list_units(s.conn()).unwrap();
    assert_eq!(all.len(), 30, "a unit missing from the file is kept (it may have history), so is the district's own");
    assert_eq!(all[2].short_name, "Xã Mỹ Hà");
}

#[test]
fn bad_registry_files_are_refused_whole() {
    let mut s = store();
    let before = serde_json::to_string(&registry::export(s.conn()).unwrap()).unwrap();
    let mut dup: Value = serde_json::from_str(MY_LOC_REGISTRY).unwrap();
    dup["units"][1]["code"] = "tt-my-loc".into();
    let mut ghost: Value = serde_json::from_str(MY_LOC_REGISTRY).unwrap();
    ghost["groups"]["communes"].as_array_mut().unwrap().push("xa-khong-co".into());
    let mut kind: Value = serde_json::from_str(MY_LOC_REGISTRY).unwrap();
    kind["units"][0]["kind"] = "province".into();
    for (doc, code, words) in [
        (dup.to_string(), "validation", "hai lần"),
        (ghost.to_string(), "validation", "xa-khong-co"),
        (kind.to_string(), "validation", "Loại đơn vị"),
        ("{not json".to_string(), "invalid_file", "JSON"),
    ] {
        let err = s.import_registry(&doc).unwrap_err();
        assert_eq!(err.code(), code, "{err}");
        assert!(err.to_string().contains(words), "{err}");
    }
    assert_eq!(serde_json::to_string(&registry::export(s.conn()).unwrap()).unwrap(), before, "nothing changed");
}

#[test]
fn units_are_edited_added_and_archived_never_deleted() {
    use dondoc_core::queries::units::UnitInput;
    let mut s = store();
    let ha = crate::unit(&s, "xa-my-ha");
    s.save_unit(&UnitInput {
        id: Some(ha),
        code: "ignored".into(),
        name: "UBND xã Mỹ Hà".into(),
        short_name: "Mỹ Hà".into(),
        kind: "commune".into(),
        aliases: vec!["xã Mỹ Hà".into(), " xã Mỹ Hà ".into(), "MH".into()],
        note: None,
    })
    .unwrap();
    let u = units::get_unit(s.conn(), ha).unwrap();
    assert_eq!((u.code.as_str(), u.aliases.len()), ("xa-my-ha", 2), "code kept, aliases deduplicated");

    let bad = |code: &str, name: &str| UnitInput { code: code.into(), name: name.into(), kind: "agency".into(), ..Default::default() };
    for (input, field) in
        [(bad("", "Trung tâm"), "code"), (bad("Trung Tâm", "Trung tâm"), "code"), (bad("xa-my-ha", "Trùng mã"), "code"), (bad("tt-moi", "  "), "name")]
    {
        assert_eq!(s.save_unit(&input).unwrap_err().field(), Some(field));
    }
    let id = s.save_unit(&bad("tt-dich-vu-nong-nghiep", "Trung tâm Dịch vụ nông nghiệp")).unwrap();
    let all = units::list_units(s.conn()).unwrap();
    assert_eq!(all.last().unwrap().id, id, "new units go to the end of the registry");

    s.set_unit_active(ha, false).unwrap();
    assert!(!units::get_unit(s.conn(), ha).unwrap().active);
    let agencies = crate::group(&s, "agencies");
    s.set_group_members(agencies, &[id, id]).unwrap();
    assert_eq!(units::get_group(s.conn(), agencies).unwrap().unit_ids, [id]);
    assert_eq!(s.set_group_members(agencies, &[9999]).unwrap_err().code(), "validation");
}

#[test]
fn codes_are_normalised_before_the_duplicate_check_and_the_match() {
    let mut s = store();
    let mut doc: Value = serde_json::from_str(MY_LOC_REGISTRY).unwrap();
    doc["units"][1]["code"] = " XA-MY-HA ".into();
    doc["units"][1]["short"] = "Xã Mỹ Hà".into();
    doc["groups"]["communes"][1] = "Xa-My-Ha".into();
    let n = s.import_registry(&doc.to_string()).unwrap();
    assert_eq!((n.added, n.updated, n.unchanged), (0, 1, 28), "the same unit, its short name changed");
    assert_eq!(units::get_unit(s.conn(), crate::unit(&s, "xa-my-ha")).unwrap().short_name, "Xã Mỹ Hà");
    doc["units"][2]["code"] = "xa-my-ha".into();
    let err = s.import_registry(&doc.to_string()).unwrap_err();
    assert_eq!(err.to_string(), "Mã đơn vị “xa-my-ha” xuất hiện hai lần.");
}

#[test]
fn the_count_is_what_changed() {
    let mut s = store();
    let mut doc: Value = serde_json::from_str(MY_LOC_REGISTRY).unwrap();
    let n = s.import_registry(&doc.to_string()).unwrap();
    assert_eq!((n.added, n.updated, n.unchanged), (0, 0, 29), "the seeded file again changes nothing");
    doc["units"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"code": "tt-dvnn", "name": "Trung tâm Dịch vụ nông nghiệp", "short": "TT DVNN", "kind": "agency"}));
    doc["units"][0]["aliases"].as_array_mut().unwrap().push("Thị trấn Mỹ Lộc".into());
    let n = s.import_registry(&doc.to_string()).unwrap();
    assert_eq!((n.added, n.updated, n.unchanged), (1, 1, 28));
}

#[test]
fn unknown_fields_and_overlong_names_are_refused_by_name() {
    let mut s = store();
    let before = serde_json::to_string(&registry::export(s.conn()).unwrap()).unwrap();
    let edited = |f: &dyn Fn(&mut Value)| {
        let mut doc: Value = serde_json::from_str(MY_LOC_REGISTRY).unwrap();
        f(&mut doc);
        doc.to_string()
    };
    let cases = [
        (edited(&|d| d["units"][1]["alias"] = serde_json::json!(["Mỹ Hà"])), "“alias” của đơn vị thứ 2 (xa-my-ha)"),
        (edited(&|d| d["unit"] = serde_json::json!([])), "không được hỗ trợ: “unit”"),
        (edited(&|d| d["units"][1]["name"] = "Ủ".repeat(201).into()), "Tên đơn vị “xa-my-ha” dài 201 ký tự, tối đa 200."),
        (edited(&|d| d["units"][1]["aliases"][0] = "x".repeat(300).into()), "Một tên gọi khác của đơn vị “xa-my-ha” dài 300 ký tự"),
        (edited(&|d| d["units"][1]["aliases"] = serde_json::json!(vec!["a"; 51])), "có 51 tên gọi khác, tối đa 50"),
        (edited(&|d| d["units"][1]["code"] = "xã mỹ hà".into()), "Mã đơn vị “xã mỹ hà” không hợp lệ"),
    ];
    for (doc, words) in cases {
        let err = s.import_registry(&doc).unwrap_err();
        assert_eq!(err.code(), "validation", "{err}");
        assert!(err.to_string().contains(words), "{err}");
    }
    assert_eq!(serde_json::to_string(&registry::export(s.conn()).unwrap()).unwrap(), before, "nothing changed");
}
