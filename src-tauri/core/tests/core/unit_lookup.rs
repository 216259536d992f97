//! Unit arguments of the CLI: a code, a group, or a name or alias folded like the search.

use dondoc_core::queries::unit_lookup::{resolve, Named};
use dondoc_core::queries::units::UnitInput;

use crate::{group, store, unit};

#[test]
fn units_are_found_by_code_name_alias_or_group_without_diacritics() {
    let mut s = store();
    let thinh = unit(&s, "xa-my-thinh");
    for input in ["xa-my-thinh", "XA-MY-THINH", "UBND xã Mỹ Thịnh", "ubnd xa my thinh", "Mỹ Thịnh", "my thinh", " MY   THỊNH ", "xã Mỹ Thịnh"] {
        assert_eq!(resolve(s.conn(), input).unwrap().unit_ids(), [thinh], "{input:?}");
    }
    let tnmt = unit(&s, "phong-tnmt");
    for input in ["Phòng TN&MT", "phong tn mt", "Phòng Tài nguyên và Môi trường", "phong tai nguyen - moi truong"] {
        assert_eq!(resolve(s.conn(), input).unwrap().unit_ids(), [tnmt], "{input:?}");
    }
    let communes = group(&s, "communes");
    for input in ["@communes", "@Các xã, thị trấn", "@cac xa thi tran", "các xã, thị trấn", "cap xa"] {
        match resolve(s.conn(), input).unwrap() {
            Named::Group(g) => assert_eq!((g.id, g.unit_ids.len()), (communes, 11), "{input:?}"),
            other => panic!("{input:?} should name the group, got {other:?}"),
        }
    }
    let err = resolve(s.conn(), "my thinhh").unwrap_err();
    assert_eq!(err.field(), Some("unit"));
    assert!(err.to_string().starts_with("Không tìm thấy đơn vị “my thinhh”."), "{err}");
    let err = resolve(s.conn(), "@xa").unwrap_err();
    assert!(err.to_string().contains("@communes"), "lists the groups: {err}");
    assert_eq!(resolve(s.conn(), "  ").unwrap_err().field(), Some("unit"));

    // A second unit called "Mỹ Hà": the short name no longer says which, the code does.
    s.save_unit(&UnitInput {
        code: "htx-my-ha".into(),
        name: "Hợp tác xã Mỹ Hà".into(),
        short_name: "Mỹ Hà".into(),
        kind: "external".into(),
        ..Default::default()
    })
    .unwrap();
    let err = resolve(s.conn(), "my ha").unwrap_err();
    assert_eq!(err.to_string(), "“my ha” khớp nhiều đơn vị: xa-my-ha, htx-my-ha. Hãy ghi mã đơn vị.");
    assert_eq!(resolve(s.conn(), "UBND xã Mỹ Hà").unwrap().unit_ids(), [unit(&s, "xa-my-ha")]);
}
