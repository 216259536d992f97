//! The unit registry file: import and export in exactly the format of `shared/units.json`,
//! and the first-start seed of Mỹ Lộc's registry from an embedded copy of it.

use std::collections::HashSet;

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{CoreError, Result};
use crate::model::UnitKind;
use crate::queries::{meta, units};
use crate::text;

/// Mỹ Lộc's registry (status of 2023), seeded on first start.
pub const MY_LOC_REGISTRY: &str = include_str!("../data/units-myloc.json");

/// The registry file as a whole.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegistryFile {
    /// Registry edition, e.g. "2023".
    pub version: String,
    /// The district described (name, province, note), kept as given.
    #[serde(default)]
    pub district: Map<String, Value>,
    /// Units in registry order.
    pub units: Vec<RegistryUnit>,
    /// Group code → member unit codes.
    #[serde(default)]
    pub groups: Map<String, Value>,
    /// Group code → phrases documents use for it.
    #[serde(default)]
    pub group_aliases: Map<String, Value>,
    /// Group code → explanation.
    #[serde(default)]
    pub group_notes: Map<String, Value>,
}

/// One unit as written in the registry file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegistryUnit {
    /// Stable code.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Short name.
    pub short: String,
    /// `town`, `commune`, `department`, `agency` or `external`.
    pub kind: String,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Archived units are written with `"active": false`; active is the default.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub active: bool,
}

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}

/// Vietnamese display names of the well-known groups.
fn group_display_name(code: &str, aliases: &[String]) -> String {
    match code {
        "communes" => "Các xã, thị trấn".into(),
        "departments" => "Các phòng chuyên môn".into(),
        "agencies" => "Các đơn vị sự nghiệp".into(),
        "district" => "Các cơ quan, đơn vị cấp huyện".into(),
        "all" => "Tất cả các đơn vị".into(),
        "external" => "Cơ quan ngành dọc".into(),
        _ => aliases.first().cloned().unwrap_or_else(|| code.to_string()),
    }
}

fn string_list(field: &'static str, v: Option<&Value>) -> Result<Vec<String>> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            items.iter().map(|i| i.as_str().map(text::clean).ok_or_else(|| CoreError::invalid(field, "Danh sách phải gồm các chuỗi."))).collect()
        }
        Some(_) => Err(CoreError::invalid(field, "Phải là một danh sách.")),
    }
}

/// Fields of the registry file, and of each of its units. A field outside these lists is
/// refused by name: a typo ("alias" for "aliases") would otherwise vanish silently.
const FILE_FIELDS: &[&str] = &["version", "district", "units", "groups", "group_aliases", "group_notes"];
const UNIT_FIELDS: &[&str] = &["code", "name", "short", "kind", "aliases", "note", "active"];

/// Longest unit code.
const CODE_MAX: usize = 64;
/// Most other names a unit may have.
const ALIASES_MAX: usize = 50;

/// A code as stored: trimmed, NFC, lower case. Two spellings of one code (" XA-MY-HA")
/// are then one unit, both in the duplicate check and when matching the store.
pub fn normal_code(code: &str) -> String {
    text::clean(code).to_lowercase()
}

fn unknown_fields(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(obj) = doc.as_object() {
        out.extend(obj.keys().filter(|k| !FILE_FIELDS.contains(&k.as_str())).map(|k| format!("“{k}”")));
    }
    for (i, unit) in doc.get("units").and_then(Value::as_array).into_iter().flatten().enumerate() {
        for k in unit.as_object().into_iter().flat_map(|o| o.keys()) {
            if !UNIT_FIELDS.contains(&k.as_str()) {
                let code = unit.get("code").and_then(Value::as_str).map(|c| format!(" ({})", c.trim())).unwrap_or_default();
                out.push(format!("“{k}” của đơn vị thứ {}{code}", i + 1));
            }
        }
    }
    out
}

/// Parses and checks a registry document: known fields only, codes normalised (see
/// [`normal_code`]) before the duplicate check, names, aliases and notes within their
/// lengths, group members known. Nothing is written.
pub fn parse(json: &str) -> Result<RegistryFile> {
    let doc: Value = serde_json::from_str(json)?;
    let unknown = unknown_fields(&doc);
    if !unknown.is_empty() {
        return Err(CoreError::invalid(
            "units",
            format!("Tệp danh mục có trường không được hỗ trợ: {}. Hãy sửa tên trường (xem tệp units.json mẫu) rồi nhập lại.", unknown.join(", ")),
        ));
    }
    let mut file: RegistryFile = serde_json::from_value(doc)?;
    let mut seen = HashSet::new();
    for u in &mut file.units {
        u.code = normal_code(&u.code);
        if u.code.is_empty() || u.name.trim().is_empty() {
            return Err(CoreError::invalid("units", "Mỗi đơn vị phải có mã (code) và tên (name)."));
        }
        if u.code.len() > CODE_MAX || !u.code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(CoreError::invalid(
                "units",
                format!(
                    "Mã đơn vị “{}” không hợp lệ: chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (tối đa {CODE_MAX} ký tự), ví dụ xa-my-ha.",
                    u.code
                ),
            ));
        }
        let code = u.code.clone();
        u.name = text::limited("units", &u.name, text::NAME_MAX, &format!("tên đơn vị “{code}”"))?;
        u.short = text::limited("units", &u.short, text::NAME_MAX, &format!("tên ngắn của đơn vị “{code}”"))?;
        if u.aliases.len() > ALIASES_MAX {
            return Err(CoreError::invalid("units", format!("Đơn vị “{code}” có {} tên gọi khác, tối đa {ALIASES_MAX}.", u.aliases.len())));
        }
        for a in &mut u.aliases {
            *a = text::limited("units", a, text::NAME_MAX, &format!("một tên gọi khác của đơn vị “{code}”"))?;
        }
        u.note = text::limited_opt("units", u.note.as_deref(), text::NOTE_MAX, &format!("ghi chú của đơn vị “{code}”"))?;
        UnitKind::parse("kind", &u.kind)?;
        if !seen.insert(code.clone()) {
            return Err(CoreError::invalid("units", format!("Mã đơn vị “{code}” xuất hiện hai lần.")));
        }
    }
    for (group, members) in &file.groups {
        for code in string_list("groups", Some(members))? {
            if !seen.contains(&normal_code(&code)) {
                return Err(CoreError::invalid("groups", format!("Nhóm “{group}” có đơn vị “{code}” không có trong danh sách đơn vị.")));
            }
        }
    }
    Ok(file)
}

/// What an import changed: the units added, the units whose row changed, the rest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCount {
    /// Units new to the store.
    pub added: usize,
    /// Units already there whose name, kind, aliases, note, state or order changed.
    pub updated: usize,
    /// Units already there exactly as the file says.
    pub unchanged: usize,
}

/// Writes a registry into the store inside `tx`: units are matched by code (updated, never
/// deleted: a unit with history stays), groups are replaced by the file's membership.
/// Returns how many units were added, changed and left as they were, so what is printed
/// is what happened.
pub fn import(tx: &Transaction, file: &RegistryFile) -> Result<ImportCount> {
    let mut ids = std::collections::HashMap::new();
    let mut count = ImportCount::default();
    for (position, u) in file.units.iter().enumerate() {
        let unit = units::Unit {
            id: 0,
            code: normal_code(&u.code),
            name: text::clean(&u.name),
            short_name: text::clean(&u.short),
            kind: UnitKind::parse("kind", &u.kind)?,
            aliases: u.aliases.iter().map(|a| text::clean(a)).collect(),
            note: text::clean_opt(u.note.as_deref()),
            active: u.active,
            position: position as i64,
        };
        match units::find_unit_by_code(tx, &unit.code)? {
            None => count.added += 1,
            Some(old) if (units::Unit { id: 0, ..old.clone() }) == unit => count.unchanged += 1,
            Some(_) => count.updated += 1,
        }
        ids.insert(unit.code.clone(), units::upsert_unit(tx, &unit)?);
    }
    for (position, (code, members)) in file.groups.iter().enumerate() {
        let aliases = string_list("group_aliases", file.group_aliases.get(code))?;
        let note = file.group_notes.get(code).and_then(Value::as_str);
        let member_ids: Vec<i64> = string_list("groups", Some(members))?.iter().map(|c| ids[&normal_code(c)]).collect();
        let name = group_display_name(code, &aliases);
        units::upsert_group(tx, code, &name, &aliases, note, position as i64, &member_ids)?;
    }
    meta::set(tx, "registry_version", &file.version)?;
    meta::set(tx, "district", &serde_json::to_string(&file.district)?)?;
    Ok(count)
}

/// Reads the registry back in the file format. The district's own unit is the store's, not
/// the registry's (see [`ensure_district`]): it is left out, so the file reads as
/// `shared/units.json` does and the directive reader never proposes "UBND huyện" as the
/// unit to do a task it words as "tham mưu UBND huyện".
pub fn export(conn: &Connection) -> Result<RegistryFile> {
    let all: Vec<units::Unit> = units::list_units(conn)?.into_iter().filter(|u| u.kind != UnitKind::District).collect();
    let code_of = |id: &i64| all.iter().find(|u| u.id == *id).map(|u| u.code.clone());
    let mut groups = Map::new();
    let mut group_aliases = Map::new();
    let mut group_notes = Map::new();
    for g in units::list_groups(conn)? {
        groups.insert(g.code.clone(), Value::from(g.unit_ids.iter().filter_map(code_of).collect::<Vec<_>>()));
        group_aliases.insert(g.code.clone(), Value::from(g.aliases.clone()));
        if let Some(note) = g.note {
            group_notes.insert(g.code.clone(), Value::from(note));
        }
    }
    let district = match meta::get(conn, "district")? {
        Some(s) => serde_json::from_str(&s)?,
        None => Map::new(),
    };
    Ok(RegistryFile {
        version: meta::get(conn, "registry_version")?.unwrap_or_default(),
        district,
        units: all
            .into_iter()
            .map(|u| RegistryUnit {
                code: u.code,
                name: u.name,
                short: u.short_name,
                kind: u.kind.as_str().to_string(),
                aliases: u.aliases,
                note: u.note,
                active: u.active,
            })
            .collect(),
        groups,
        group_aliases,
        group_notes,
    })
}

/// Code of the district's own unit.
pub const DISTRICT_CODE: &str = "ubnd-huyen";

/// The district the registry describes, as it names it ("huyện Mỹ Lộc"), if it says.
pub fn district_name(conn: &Connection) -> Result<Option<String>> {
    Ok(meta::get(conn, "district")?
        .and_then(|s| serde_json::from_str::<Map<String, Value>>(&s).ok())
        .and_then(|m| m.get("name").and_then(Value::as_str).map(text::clean))
        .filter(|n| !n.is_empty()))
}

/// Makes sure the district's own People's Committee is a unit (kind `district`), so that
/// attendees from "UBND huyện" are recognised and seated at the main hall. Named after the
/// district of the registry ("UBND huyện Mỹ Lộc"); listed first, above the units it
/// directs. It belongs to no group, so no task reaches it unless it is chosen by name, and
/// the overview ranks only units with work. Runs at every open: a store seeded before it
/// existed (or an imported one) gets it once; an archived or renamed one is left alone.
pub fn ensure_district(conn: &mut Connection) -> Result<()> {
    let exists: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM unit WHERE kind = 'district')", [], |r| r.get(0))?;
    if exists {
        return Ok(());
    }
    let district = district_name(conn)?;
    let name = district.as_deref().map(|d| format!("UBND {d}")).unwrap_or_else(|| "UBND huyện".into());
    let mut aliases: Vec<String> = vec!["UBND huyện".into(), "Ủy ban nhân dân huyện".into(), "Thường trực UBND huyện".into(), "Lãnh đạo UBND huyện".into()];
    if let Some(d) = &district {
        aliases.extend([format!("UBND {d}"), format!("Ủy ban nhân dân {d}")]);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO unit (code, name, short_name, kind, aliases, note, active, position)
         VALUES (?1, ?2, 'UBND huyện', 'district', ?3, ?4, 1, -1) ON CONFLICT(code) DO NOTHING",
        rusqlite::params![
            DISTRICT_CODE,
            name,
            serde_json::to_string(&aliases)?,
            "Chính UBND huyện: lãnh đạo và cán bộ dự tại điểm cầu chính. Không thuộc nhóm đơn vị nào."
        ],
    )?;
    tx.commit()?;
    Ok(())
}

/// Seeds Mỹ Lộc's registry when the store has no units yet (first start). Returns whether
/// it seeded.
pub fn seed_if_empty(conn: &mut Connection) -> Result<bool> {
    if units::count_units(conn)? > 0 {
        return Ok(false);
    }
    let file = parse(MY_LOC_REGISTRY)?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    import(&tx, &file)?;
    tx.commit()?;
    Ok(true)
}
