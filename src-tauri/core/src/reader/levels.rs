//! Targets per level written after their numbers (T6 in another order).

use chrono::NaiveDate;

use super::scan::Scan;
use super::subject;
use super::target;
use super::timing::{self, Timing, When};
use super::units::{Index, Named};
use super::{ProposedTarget, ProposedTask};

/// Targets per level written after their numbers (T6 in another order): "Tỷ lệ hồ sơ trực
/// tuyến phải đạt tối thiểu 50% ở cấp huyện và 30% ở cấp xã" — one task per level, only as a
/// goal (a striving word or a timing ahead) and only in a sentence that opens with what is
/// measured.
pub(super) fn located_targets(scan: &Scan, index: &Index, (sa, sb): (usize, usize), t0: usize, t1: usize, meeting: NaiveDate) -> Vec<ProposedTask> {
    let Some(k) = subject::metric_start(scan, t0, t1).filter(|k| *k <= t0 + 4) else { return Vec::new() };
    let timings: Vec<Timing> = timing::find(scan, t0, t1, meeting, Some(t0)).into_iter().filter(Timing::concrete).collect();
    let goal = subject::striving(scan, t0, t1) || !timings.is_empty();
    if timing::past_opening(scan, t0, t1, meeting) || !goal {
        return Vec::new();
    }
    let skip: Vec<(usize, usize)> = timings.iter().map(|t| (t.t0, t.t1)).collect();
    let deadline = match timings.as_slice() {
        [only] => match &only.when {
            When::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
            _ => None,
        },
        _ => None,
    };
    // The measured phrase: from its opener to the verb or operator.
    let end = (k + 1..t1).find(|j| subject::target_predicate(scan, *j, t1)).unwrap_or(t1);
    let metric = scan.orig_text(scan.toks[k].a, scan.toks[end.max(k + 1) - 1].b);
    let mut out = Vec::new();
    for f in target::find(scan, t0, t1, &skip, false) {
        let Some((_, e)) = scan.any_phrase(f.t1, t1, &["o", "doi voi", "tai"]) else { continue };
        let Some((list, _)) = index.list_at(scan, e, t1) else { continue };
        let assignees = index.resolve(&list, &[]);
        if assignees.is_empty() {
            continue;
        }
        let each = list.iter().any(|m| m.each || matches!(&m.named, Named::Group(g) if g != "district"));
        let (x, y) = scan.orig_span(sa, sb);
        let op_words = scan.orig_text(scan.toks[f.t0].a, scan.toks[f.t1 - 1].b);
        out.push(ProposedTask {
            assignees,
            coordinators: Vec::new(),
            deadline: deadline.clone(),
            recurrence: None,
            target: Some(ProposedTarget {
                metric: metric.clone(),
                op: f.op.to_string(),
                value: f.value,
                unit: f.unit.clone(),
                scope: if each { "each" } else { "total" }.into(),
            }),
            summary: super::items::capitalise(&format!("{metric} đạt {op_words}{}", if f.unit.as_deref() == Some("%") { "%" } else { "" })),
            span: (x, y),
        });
    }
    out
}
