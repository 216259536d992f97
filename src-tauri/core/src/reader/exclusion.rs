//! Exclusions written after the predicate (A7): "các cơ quan, đơn vị, các xã, thị trấn cần có
//! … đạt tỷ lệ từ 50% trở lên, trừ một số đơn vị phòng LĐ-TB&XH, Phòng KT-HT … được giao chỉ
//! tiêu 10%" — the group loses the named units, and a quota of their own after the list makes
//! them a task of their own with the same measure.

use super::scan::Scan;
use super::target;
use super::units::Index;

/// Filler between `trừ` and the excluded units.
const FILLER: &[&str] = &["mot so don vi", "mot so co quan", "cac don vi", "cac co quan", "mot so", "don vi"];

/// An exclusion inside a predicate.
pub(super) struct Exclusion {
    /// The token of `trừ`: the main clause ends here.
    pub at: usize,
    /// The excluded units' codes.
    pub codes: Vec<String>,
    /// Where the words after the excluded list start, when they carry a quota of their own.
    pub own_quota: Option<usize>,
}

/// Finds `, trừ <units>` in the predicate `[p0, p1)` whose units are among `assignees`.
pub(super) fn find(scan: &Scan, index: &Index, assignees: &[String], p0: usize, p1: usize) -> Option<Exclusion> {
    let at = (p0 + 1..p1).find(|k| scan.word(*k) == "tru" && scan.gap_has(*k, b",;"))?;
    let mut k = at + 1;
    if let Some((_, e)) = scan.any_phrase(k, p1, FILLER) {
        k = e;
    }
    let (list, end) = index.list_at(scan, k, p1)?;
    let codes: Vec<String> = list.iter().flat_map(|m| index.codes_of(m)).collect();
    let all = index.expand(assignees);
    if codes.is_empty() || !codes.iter().all(|c| all.contains(c)) {
        return None;
    }
    // Bodies outside the registry may follow in the same list (A5): the quota is what comes
    // after them, up to the end of the clause.
    let own_quota = (!target::find(scan, end, p1, &[], false).is_empty()).then_some(end);
    Some(Exclusion { at, codes, own_quota })
}
