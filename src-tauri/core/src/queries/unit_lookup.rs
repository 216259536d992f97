//! Finding units the way people name them on a command line: by code (`xa-my-thinh`), by
//! group (`@communes`), or by a name or alias typed with or without diacritics
//! ("UBND xã Mỹ Thịnh", "my thinh", "Phòng TN&MT").

use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::queries::units::{self, Unit, UnitGroup};
use crate::text;

/// What a unit argument named.
#[derive(Debug, Clone, PartialEq)]
pub enum Named {
    /// One unit.
    Unit(Unit),
    /// A group of units (its members, in registry order).
    Group(UnitGroup),
}

impl Named {
    /// The unit ids it stands for.
    pub fn unit_ids(&self) -> Vec<i64> {
        match self {
            Named::Unit(u) => vec![u.id],
            Named::Group(g) => g.unit_ids.clone(),
        }
    }
}

/// Resolves `input`: `@code` (or `@` and a group's name) is a group; otherwise a unit's code
/// exactly, then a unit's name, short name or alias, then a group's name or alias, each
/// compared folded. A name shared by several units is refused with their codes, so a
/// command never acts on a guess.
pub fn resolve(conn: &Connection, input: &str) -> Result<Named> {
    let raw = text::clean(input);
    if raw.is_empty() {
        return Err(CoreError::invalid("unit", "Hãy ghi đơn vị: mã (xa-my-ha), tên (“UBND xã Mỹ Hà”, “my ha”) hoặc nhóm (@communes)."));
    }
    let groups = units::list_groups(conn)?;
    let group_named = |k: &str| {
        let named = |n: &str| text::name_key(n) == k;
        groups.iter().find(|g| named(&g.code) || named(&g.name) || g.aliases.iter().any(|a| named(a))).cloned()
    };
    if let Some(rest) = raw.strip_prefix('@') {
        return group_named(&text::name_key(rest)).map(Named::Group).ok_or_else(|| {
            let codes: Vec<String> = groups.iter().map(|g| format!("@{}", g.code)).collect();
            CoreError::invalid("unit", format!("Không có nhóm đơn vị “{raw}”. Các nhóm: {}.", codes.join(", ")))
        });
    }
    if let Some(unit) = units::find_unit_by_code(conn, &raw.to_lowercase())? {
        return Ok(Named::Unit(unit));
    }
    let k = text::name_key(&raw);
    let all = units::list_units(conn)?;
    let matches: Vec<&Unit> = all.iter().filter(|u| u.goes_by(&k)).collect();
    match matches.as_slice() {
        [one] => Ok(Named::Unit((*one).clone())),
        [] => group_named(&k).map(Named::Group).ok_or_else(|| {
            CoreError::invalid(
                "unit",
                format!("Không tìm thấy đơn vị “{raw}”. Hãy ghi mã (xa-my-ha), tên hoặc tên viết tắt của đơn vị, hoặc nhóm (@communes)."),
            )
        }),
        many => {
            let codes: Vec<&str> = many.iter().map(|u| u.code.as_str()).collect();
            Err(CoreError::invalid("unit", format!("“{raw}” khớp nhiều đơn vị: {}. Hãy ghi mã đơn vị.", codes.join(", "))))
        }
    }
}
