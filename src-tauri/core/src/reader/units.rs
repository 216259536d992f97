//! Unit and group mentions: the registry's names and aliases, matched on folded tokens so
//! that case, diacritics and the spelling of abbreviations do not matter
//! (`TN&MT` = `TN-MT` = `TNMT` = `TN - MT`, `GD-ĐT` = `GD&ĐT`, `và` inside a name is optional).

use std::collections::{BTreeSet, HashMap, HashSet};

use super::scan::Scan;
use crate::registry::RegistryFile;
use crate::text;

/// What an alias names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Named {
    /// Index into [`Index::units`].
    Unit(usize),
    /// A group code (`communes`, `all`, …).
    Group(String),
}

struct Alias {
    key: String,
    named: Named,
    /// `mỗi …` / `từng …`: every member must reach a target by itself.
    each: bool,
    /// A department's short name (`Tư pháp`): a unit only inside a list of departments
    /// (`Phòng Nội vụ, Tư pháp`), a common noun elsewhere.
    short_only: bool,
}

/// One unit or group mentioned in the text.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub t0: usize,
    pub t1: usize,
    pub named: Named,
    pub each: bool,
    /// `… còn lại`: the group minus the communes named just before.
    pub remainder: bool,
    /// `(trừ …)`: unit codes taken out of the group.
    pub except: Vec<String>,
}

/// A registry unit as the reader needs it.
pub(crate) struct Unit {
    pub code: String,
    pub kind: String,
}

/// The registry, indexed for matching.
pub(crate) struct Index {
    aliases: Vec<Alias>,
    /// Alias indices by key, in alias order.
    by_key: HashMap<String, Vec<usize>>,
    /// Every prefix of every key: a walk over the words stops as soon as it leaves them.
    prefixes: HashSet<String>,
    pub units: Vec<Unit>,
    groups: HashMap<String, Vec<String>>,
    /// The group of all communes and towns, for `các xã còn lại`.
    commune_group: Option<String>,
}

/// Words that may stand between a list connector and a unit name: titles and articles
/// (`Chủ tịch UBND các xã …`, `Thủ trưởng …`, `giao cho …`).
const FILLERS: &[&str] = &[
    "pho chu tich",
    "chu tich",
    "thu truong",
    "lanh dao",
    "ubnd",
    "uy ban nhan dan",
    "cac",
    "xa",
    "thi tran",
    "cho",
    "dong chi",
    "tat ca",
    "phong",
    "moi",
    "tung",
];

/// General administrative phrases for whole groups, beyond the registry's own aliases (RULES
/// A4 and the usual variants of its phrases in conclusions anywhere): added for each group
/// the registry defines. The departments are also "các phòng, ban, ngành", "các phòng ngành"
/// or "các ngành" (as A4 reads "các phòng, ban chuyên môn"); the departments and agencies
/// together "cấp huyện" or "các cơ quan thuộc UBND huyện"; the communes "các địa phương";
/// everyone "các đơn vị, địa phương".
const GENERAL_GROUPS: &[(&str, &str)] = &[
    ("communes", "các địa phương"),
    ("communes", "các xã, thị trấn trên địa bàn huyện"),
    ("communes", "UBND các xã, thị trấn trên địa bàn huyện"),
    ("communes", "cấp xã, thị trấn"),
    ("departments", "các phòng, ban chuyên môn thuộc UBND huyện"),
    ("departments", "các phòng, ban chuyên môn"),
    ("departments", "các phòng chuyên môn"),
    ("departments", "các cơ quan chuyên môn thuộc UBND huyện"),
    ("departments", "các cơ quan chuyên môn"),
    ("departments", "các đơn vị chuyên môn thuộc UBND huyện"),
    ("departments", "các cơ quan chuyên môn thuộc UBND cấp huyện"),
    ("departments", "các đơn vị chuyên môn thuộc UBND cấp huyện"),
    ("departments", "các đơn vị chuyên môn"),
    ("departments", "các phòng, ban, ngành"),
    ("departments", "các phòng, ban, ngành huyện"),
    ("departments", "các phòng, ban, ngành thuộc UBND huyện"),
    ("departments", "các phòng, ban, ngành của huyện"),
    ("departments", "các phòng ngành"),
    ("departments", "các phòng, ban"),
    ("departments", "các ngành"),
    ("departments", "các ngành chức năng"),
    ("district", "các cơ quan thuộc UBND huyện"),
    ("district", "các đơn vị thuộc UBND huyện"),
    ("district", "các đơn vị trực thuộc UBND huyện"),
    ("district", "các cơ quan, đơn vị trực thuộc UBND huyện"),
    ("district", "các cơ quan, đơn vị cấp huyện"),
    ("district", "cấp huyện"),
    ("communes", "các xã, phường"),
    ("communes", "các phường, xã"),
    ("communes", "UBND các xã, phường"),
    ("communes", "UBND các phường, xã"),
    ("communes", "Chủ tịch UBND các phường, xã"),
    ("communes", "các xã, phường, thị trấn"),
    ("communes", "cấp xã, phường, thị trấn"),
    // A commune's own offices are the commune's business (T2 per level).
    ("communes", "các đơn vị chuyên môn thuộc UBND cấp xã"),
    ("communes", "các cơ quan chuyên môn thuộc UBND cấp xã"),
    ("communes", "các đơn vị chuyên môn thuộc UBND cấp xã, phường, thị trấn"),
    ("communes", "các cơ quan chuyên môn thuộc UBND cấp xã, thị trấn"),
    ("district", "các phòng, ban, cơ quan"),
    // The province's stock list: its sở and đoàn thể are outside the registry (A5); what is
    // left for a district is its localities, the communes.
    ("communes", "các sở, ban, ngành, đoàn thể, địa phương"),
    ("communes", "các sở, ban, ngành, địa phương"),
    ("communes", "các sở, ngành, địa phương"),
    ("all", "các đơn vị, địa phương"),
    ("all", "các cơ quan, đơn vị, địa phương"),
    ("all", "các phòng, ban, ngành, đơn vị"),
    ("all", "các cấp, các ngành"),
];

/// What, right after a group phrase, makes it the province's bodies (outside the registry).
const PROVINCE_TAILS: &[&str] = &["thuoc ubnd cap tinh", "thuoc ubnd tinh", "thuoc uy ban nhan dan tinh", "cap tinh", "cua tinh", "tinh"];

/// Words that make a group word name another kind of body (`các đơn vị khai thác công trình
/// thủy lợi`, `các đơn vị thi công`): companies and contractors, outside the registry (A5, A6).
const OTHER_BODY_TAILS: &[&str] = &["khai thac", "thi cong", "tu van", "cung cap", "cung ung", "van tai", "kinh doanh", "san xuat"];

/// Gap characters an alias may not run across.
const HARD_STOPS: &[u8] = b";:()\"\n!?";

/// The key of a name: its folded words concatenated, without `và` after the first word.
fn key_of(name: &str) -> String {
    let folded = text::fold(name);
    let mut key = String::new();
    for (i, w) in folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).enumerate() {
        if i > 0 && w == "va" {
            continue;
        }
        key.push_str(w);
    }
    key
}

impl Index {
    pub fn new(reg: &RegistryFile) -> Index {
        let mut aliases = Vec::new();
        let mut units = Vec::new();
        for u in reg.units.iter().filter(|u| u.active) {
            let i = units.len();
            units.push(Unit { code: u.code.clone(), kind: u.kind.clone() });
            let mut names: Vec<String> = vec![u.name.clone()];
            names.extend(u.aliases.iter().cloned());
            if u.kind == "commune" {
                // "UBND xã Mỹ Hà" is also written "xã Mỹ Hà" and, in lists, "Mỹ Hà".
                // (Not for the town: a bare "Mỹ Lộc" is the district.)
                let f = text::fold(&u.name);
                for prefix in ["ubnd xa ", "uy ban nhan dan xa ", "xa "] {
                    if let Some(rest) = f.strip_prefix(prefix) {
                        names.push(rest.to_string());
                        names.push(format!("xa {rest}"));
                        break;
                    }
                }
            }
            if u.kind == "department" && !text::fold(&u.short).starts_with("phong") {
                names.push(format!("Phòng {}", u.short));
                let key = key_of(&u.short);
                if !key.is_empty() {
                    aliases.push(Alias { key, named: Named::Unit(i), each: false, short_only: true });
                }
            }
            for n in names {
                let key = key_of(&n);
                if !key.is_empty() {
                    aliases.push(Alias { key, named: Named::Unit(i), each: false, short_only: false });
                }
            }
        }
        let mut groups = HashMap::new();
        for (g, members) in &reg.groups {
            let list: Vec<String> = members.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default();
            groups.insert(g.clone(), list);
        }
        // A district-level group is also named with its level after it ("các phòng, ban,
        // ngành huyện", "… thành phố", "… thị xã"): the same bodies.
        let leveled: Vec<(String, String)> = GENERAL_GROUPS
            .iter()
            .filter(|(g, _)| *g != "communes")
            .flat_map(|(g, n)| ["huyện", "thành phố", "thị xã"].map(|level| (g.to_string(), format!("{n} {level}"))))
            .collect();
        let general =
            GENERAL_GROUPS.iter().map(|(g, n)| (g.to_string(), n.to_string())).chain(leveled).filter(|(g, _)| groups.contains_key(g)).collect::<Vec<_>>();
        let general = general.iter().map(|(g, n)| (g.clone(), n.as_str()));
        let registered =
            reg.group_aliases.iter().flat_map(|(g, names)| names.as_array().into_iter().flatten().filter_map(|v| v.as_str()).map(move |n| (g.clone(), n)));
        {
            let pairs: Vec<(String, &str)> = registered.chain(general).collect();
            for (g, n) in pairs {
                let f = text::fold(n);
                let each = f.starts_with("moi ") || f.starts_with("tung ");
                let key = key_of(n);
                if !key.is_empty() && !aliases.iter().any(|a: &Alias| a.key == key && a.named == Named::Group(g.clone())) {
                    aliases.push(Alias { key, named: Named::Group(g.clone()), each, short_only: false });
                }
            }
        }
        let communes: BTreeSet<&str> = units.iter().filter(|u| matches!(u.kind.as_str(), "commune" | "town")).map(|u| u.code.as_str()).collect();
        let commune_group =
            groups.iter().find(|(_, m)| !communes.is_empty() && m.iter().map(String::as_str).collect::<BTreeSet<_>>() == communes).map(|(g, _)| g.clone());
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut prefixes = HashSet::new();
        for (ai, al) in aliases.iter().enumerate() {
            by_key.entry(al.key.clone()).or_default().push(ai);
            // Keys are folded, hence ASCII: every byte offset is a char boundary.
            prefixes.extend((1..=al.key.len()).map(|n| al.key[..n].to_string()));
        }
        Index { aliases, by_key, prefixes, units, groups, commune_group }
    }

    /// Finds, once per text, the aliases starting at every token (see [`Scan::names`]).
    ///
    /// The rules ask for the alias at a token many times over (each sentence is scanned
    /// for mentions several times, and lists are tried at every token), so matching is
    /// done here in one walk per token over the words' concatenation, and
    /// [`Index::alias_at`] only picks from the result.
    pub fn annotate(&self, scan: &mut Scan) {
        let names = (0..scan.toks.len()).map(|t| self.aliases_from(scan, t)).collect();
        scan.names = names;
    }

    /// The aliases whose words start at token `t`, as (alias index, token after). An alias
    /// matches when the words from `t`, concatenated without a `và` after the first word
    /// and not running across a hard stop, spell its key.
    fn aliases_from(&self, scan: &Scan, t: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut buf = String::new();
        let mut j = t;
        while j < scan.toks.len() {
            if j > t && scan.gap_has(j, HARD_STOPS) {
                break;
            }
            let w = scan.word(j);
            j += 1;
            if j - 1 > t && w == "va" {
                continue;
            }
            buf.push_str(w);
            if let Some(ids) = self.by_key.get(&buf) {
                out.extend(ids.iter().map(|&ai| (ai, j)));
            }
            if !self.prefixes.contains(&buf) {
                break;
            }
        }
        out
    }

    /// The longest alias starting exactly at token `t` and ending by `limit`: (alias
    /// index, token after). Among aliases with the same key, the first registered wins.
    fn alias_at(&self, scan: &Scan, t: usize, limit: usize, allow_short: bool) -> Option<(usize, usize)> {
        if t >= limit {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        for &(ai, end) in scan.names.get(t).into_iter().flatten() {
            if end > limit || (self.aliases[ai].short_only && !allow_short) {
                continue;
            }
            // Hits come shortest first, and one end spells one key: keep the first of the
            // longest.
            if best.is_none_or(|(_, e)| end > e) {
                best = Some((ai, end));
            }
        }
        best
    }

    /// A unit or group at `t`, possibly after titles and articles (see [`FILLERS`]).
    /// `allow_short`: department short names count (inside a list of departments).
    fn mention_at(&self, scan: &Scan, t: usize, limit: usize, allow_short: bool) -> Option<Mention> {
        let mut k = t;
        let mut allow_short = allow_short;
        let mut commune_word = false;
        let mut quantified = false;
        for _ in 0..6 {
            if let Some((ai, end)) = self.alias_at(scan, k, limit, allow_short) {
                let al = &self.aliases[ai];
                // "các đơn vị chuyên môn thuộc UBND cấp tỉnh": the province's bodies, not ours.
                let other_body = scan.tight(end) && scan.any_phrase(end, limit, OTHER_BODY_TAILS).is_some();
                if matches!(al.named, Named::Group(_)) && (scan.any_phrase(end, limit, PROVINCE_TAILS).is_some() || other_body) {
                    return None;
                }
                return Some(Mention { t0: t, t1: end, named: al.named.clone(), each: al.each, remainder: false, except: Vec::new() });
            }
            // "các xã còn lại": the communes not named before (A7); "mỗi xã", "các xã" + verb:
            // every commune (but "các xã Mỹ Phúc, Mỹ Tân" is a list, A8).
            if commune_word && quantified {
                let next_is_name = self.alias_at(scan, k, limit, false).is_some();
                let fillers_follow = scan.any_phrase(k, limit, FILLERS).is_some();
                if !next_is_name && !fillers_follow && k < limit {
                    let g = self.commune_group.clone()?;
                    let each = matches!(scan.word(t), "moi" | "tung");
                    return Some(Mention { t0: t, t1: k, named: Named::Group(g), each, remainder: false, except: Vec::new() });
                }
            }
            match scan.any_phrase(k, limit, FILLERS) {
                Some((fi, e)) if k == t || !scan.gap_has(k, HARD_STOPS) => {
                    allow_short |= FILLERS[fi] == "phong";
                    commune_word = matches!(FILLERS[fi], "xa" | "thi tran");
                    quantified |= matches!(FILLERS[fi], "cac" | "moi" | "tung" | "tat ca");
                    k = e;
                }
                _ => return None,
            }
        }
        None
    }

    /// A list of mentions joined by commas and `và` starting at `t`, with their
    /// parentheses, `còn lại` and `trừ …` modifiers. Returns the mentions and the token after.
    pub fn list_at(&self, scan: &Scan, t: usize, limit: usize) -> Option<(Vec<Mention>, usize)> {
        let mut out: Vec<Mention> = Vec::new();
        let mut k = t;
        let mut end = t;
        let mut allow_short = false;
        while let Some(mut m) = self.mention_at(scan, k, limit, allow_short) {
            allow_short = matches!(&m.named, Named::Unit(i) if self.units[*i].kind == "department");
            let mut j = m.t1;
            // "Trung tâm VH-TT&TT huyện": the district's name for its own body.
            if matches!(m.named, Named::Unit(_)) && j < limit && scan.word(j) == "huyen" && scan.tight(j) {
                j += 1;
                m.t1 = j;
            }
            if scan.phrase(j, limit, "con lai").is_some() {
                m.remainder = true;
                j += 2;
            }
            // ", trừ xã A" / "(trừ xã A)"
            if j < limit && scan.word(j) == "tru" && scan.gap_has(j, b",(") {
                if let Some((ex, e)) = self.list_at(scan, j + 1, limit) {
                    m.except = ex.iter().flat_map(|x| self.codes_of(x)).collect();
                    j = e;
                }
            }
            // A parenthesis right after a name is a remark about it: skip it.
            if j < limit && scan.depth[j] > scan.depth[m.t0] {
                let base = scan.depth[m.t0];
                while j < limit && scan.depth[j] > base {
                    j += 1;
                }
            }
            out.push(m);
            end = j;
            if j >= limit || scan.gap_has(j, HARD_STOPS) && !scan.gap_has(j, b")") {
                break;
            }
            let next = if scan.word(j) == "va" {
                j + 1
            } else if scan.gap_has(j, b",") {
                j + usize::from(scan.word(j) == "va")
            } else {
                break;
            };
            if self.mention_at(scan, next, limit, allow_short).is_none() {
                break;
            }
            k = next;
        }
        if out.is_empty() {
            None
        } else {
            Some((out, end))
        }
    }

    /// Every mention in `[t0, t1)`, scanning left to right (used to know what was named).
    pub fn all_mentions(&self, scan: &Scan, t0: usize, t1: usize) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut t = t0;
        while t < t1 {
            match self.alias_at(scan, t, t1, false) {
                Some((ai, end)) => {
                    let al = &self.aliases[ai];
                    out.push(Mention { t0: t, t1: end, named: al.named.clone(), each: al.each, remainder: false, except: Vec::new() });
                    t = end;
                }
                None => t += 1,
            }
        }
        out
    }

    /// Unit codes of a plain mention (a group's members).
    pub fn codes_of(&self, m: &Mention) -> Vec<String> {
        match &m.named {
            Named::Unit(i) => vec![self.units[*i].code.clone()],
            Named::Group(g) => self.groups.get(g).cloned().unwrap_or_default(),
        }
    }

    /// Whether a mention names a commune-level unit (town or commune).
    pub fn is_commune(&self, m: &Mention) -> bool {
        matches!(&m.named, Named::Unit(i) if matches!(self.units[*i].kind.as_str(), "commune" | "town"))
    }

    /// Code of a unit mention.
    pub fn code(&self, m: &Mention) -> Option<&str> {
        match &m.named {
            Named::Unit(i) => Some(&self.units[*i].code),
            Named::Group(_) => None,
        }
    }

    /// The output form of a list: unit codes and `@group`s, in order, without repeats.
    /// Groups with `còn lại` or `trừ` become explicit codes.
    pub fn resolve(&self, list: &[Mention], named_before: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let push = |s: String, out: &mut Vec<String>| {
            if !out.contains(&s) {
                out.push(s);
            }
        };
        for m in list {
            match &m.named {
                Named::Group(g) if m.remainder || !m.except.is_empty() => {
                    for c in self.groups.get(g).into_iter().flatten() {
                        if !m.except.contains(c) && (!m.remainder || !named_before.contains(c)) {
                            push(c.clone(), &mut out);
                        }
                    }
                }
                Named::Group(g) => push(format!("@{g}"), &mut out),
                Named::Unit(i) => push(self.units[*i].code.clone(), &mut out),
            }
        }
        out
    }

    /// `items` (codes and `@group`s) without the units in `except`: groups that lose a member
    /// become their remaining codes, in the group's order (A7).
    pub fn without(&self, items: &[String], except: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for it in items {
            let codes = match it.strip_prefix('@') {
                Some(g) => {
                    let members = self.groups.get(g).cloned().unwrap_or_default();
                    if members.iter().all(|c| out.contains(c)) {
                        // Already there through a larger group ("@all" before "@communes").
                        continue;
                    }
                    if !members.iter().any(|c| except.contains(c)) {
                        vec![it.clone()]
                    } else {
                        members
                    }
                }
                None => vec![it.clone()],
            };
            for c in codes {
                if !except.contains(&c) && !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// Expands codes and `@group`s into the set of unit codes.
    pub fn expand(&self, items: &[String]) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for it in items {
            match it.strip_prefix('@') {
                Some(g) => out.extend(self.groups.get(g).cloned().unwrap_or_default()),
                None => {
                    out.insert(it.clone());
                }
            }
        }
        out
    }
}
