//! From subjects to tasks: coordinators (A2, A6), the clause's timing and target, and the
//! split of a clause whose parts differ in timing or target (S3).

use chrono::NaiveDate;

use super::exclusion;
use super::levels::located_targets;
use super::scan::Scan;
use super::subject::{self, Subject};
use super::summary::{lower_first, summary};
use super::target::{self, Found};
use super::timing::{self, Timing, When};
use super::units::{Index, Named};
use super::{ProposedTarget, ProposedTask};

/// Phrases that introduce coordinators.
const COORDINATION: &[&str] = &["phoi hop chat che voi", "phoi hop voi", "phoi hop cung", "cung voi"];

/// Reads every sentence of the text.
pub(crate) fn extract(scan: &Scan, index: &Index, meeting: NaiveDate) -> Vec<ProposedTask> {
    let mut out = Vec::new();
    let mut named_communes: Vec<String> = Vec::new();
    // "… yêu cầu Phòng Nội vụ:" followed by "- …" items: the items are its tasks.
    let mut list_lead: Option<(Subject, Vec<String>)> = None;
    // The last directive clause of the previous sentence, for a sentence that goes on with
    // "Đồng thời …" / "Trong đó, …" (the same clause cut by a period).
    let mut last: Option<(Subject, Vec<String>)> = None;
    for (sa, sb) in scan.sentences() {
        let (t0, t1) = scan.tok_range(sa, sb);
        let subjects = subject::subjects(scan, index, t0, t1, meeting);
        let item = list_item(scan, sa, t0, t1);
        match (&list_lead, item) {
            (Some((lead, assignees)), Some(p0)) if !subjects.iter().any(|s| s.directive) => {
                let clause = Clause { subject: lead, assignees: assignees.clone(), p0, p1: t1, span: (sa, sb), metric: None };
                out.extend(clause.tasks(scan, index, meeting, None));
                continue;
            }
            (_, None) => list_lead = None,
            _ => {}
        }
        // This sentence's last directive clause, for a next sentence that goes on with it.
        let mut latest: Option<(Subject, Vec<String>)> = None;
        if !subjects.is_empty() {
            // Up to the first addressee: "yêu cầu trong tháng 9/2019, các phòng …" fronts
            // its timing between the cue and the units.
            let first = subjects[0].list.first().map_or(subjects[0].start, |m| m.t0.max(subjects[0].start));
            // A timing before the first subject belongs to every clause (`Năm 2023 cấp xã …`).
            // "Phấn đấu năm 2023 …": the year after a striving opener is adverbial too (D7).
            let bare = scan.phrase(t0, first, "phan dau").unwrap_or(t0);
            let mut pre = timing::find(scan, t0, first, meeting, Some(bare)).into_iter().find(Timing::concrete).map(|t| t.when);
            // A sentence of targets per level with one timing at its end ("…, cấp xã không
            // dưới 80% trong năm 2023"): the timing is every level's.
            if pre.is_none() && subject::metric_start(scan, t0, first).is_some() {
                let all: Vec<Timing> = timing::find(scan, t0, t1, meeting, Some(bare)).into_iter().filter(Timing::concrete).collect();
                if let [only] = all.as_slice() {
                    pre = Some(only.when.clone());
                }
            }
            // The measured phrase a sentence opens with belongs to every level's target
            // (`tỷ lệ hồ sơ được số hóa cấp huyện đạt …, cấp xã đạt …`).
            let metric = subject::metric_start(scan, t0, first).map(|k| {
                // "… của cấp huyện": the preposition belongs to the subject, not the metric.
                let end = (k + 1..first).rev().find(|e| !matches!(scan.word(*e), "cua" | "o" | "tai" | "doi" | "voi")).map_or(first, |e| e + 1);
                scan.orig_text(scan.toks[k].a, scan.toks[end - 1].b)
            });
            for (i, s) in subjects.iter().enumerate() {
                if !s.directive {
                    continue;
                }
                let p1 = subjects.get(i + 1).map_or(t1, |n| n.start);
                // Communes named earlier in this sentence, else in the last sentence naming any (A7).
                let here: Vec<String> = communes(index, scan, t0, s.start);
                let before = if here.is_empty() { &named_communes } else { &here };
                let assignees = index.resolve(&s.list, before);
                latest = (!assignees.is_empty()).then(|| (s.clone(), assignees.clone()));
                if assignees.is_empty() {
                    continue;
                }
                // A subject with nothing after it but a colon leads the list items below.
                if s.end >= t1 && scan.s()[..sb].ends_with(b":") {
                    list_lead = Some((s.clone(), assignees));
                    continue;
                }
                let span_start = if out_is_first(i, &subjects) { sa } else { scan.toks[s.start].a };
                let span_end = if i + 1 == subjects.len() { sb } else { scan.toks[p1 - 1].b };
                // "… yêu cầu X …: (1) …; (2) …": each enumerated item is a task of X.
                let marks = enumeration(scan, s.end, p1);
                if marks.len() >= 2 {
                    let bounds: Vec<usize> = marks.iter().map(|m| m + 1).chain([p1]).collect();
                    for w in marks.iter().zip(bounds.iter().skip(1)) {
                        let (a, b) = (*w.0 + 1, *w.1);
                        let b = if b < p1 { b - 1 } else { b };
                        if a >= b {
                            continue;
                        }
                        let span = (scan.toks[a].a, scan.toks[b - 1].b);
                        let clause = Clause { subject: s, assignees: assignees.clone(), p0: a, p1: b, span, metric: None };
                        out.extend(clause.tasks(scan, index, meeting, pre.clone()));
                    }
                    continue;
                }
                let clause = Clause { subject: s, assignees, p0: s.end, p1, span: (span_start, span_end), metric: metric.clone() };
                out.extend(clause.tasks(scan, index, meeting, pre.clone()));
            }
        }
        let continued = last.take();
        if !subjects.iter().any(|s| s.directive) {
            if let Some((lead, assignees)) = &continued {
                out.extend(continuation(scan, index, meeting, lead, assignees, (sa, sb), t0, t1, out.last()));
            }
            out.extend(located_targets(scan, index, (sa, sb), t0, t1, meeting));
        } else {
            last = latest;
        }
        let named = communes(index, scan, t0, t1);
        if !named.is_empty() {
            named_communes = named;
        }
    }
    out
}

/// Connectives that open a subjectless sentence going on with the previous directive.
const GOING_ON: &[&str] = &["dong thoi", "trong do"];

/// "…giao các phòng … nghiên cứu …. Đồng thời báo cáo … trước 10/9/2022": a subjectless
/// sentence opened by a connective continues the previous directive's addressees; it is a
/// task of its own only where its timing or target differs from that directive's (S3).
#[allow(clippy::too_many_arguments)]
fn continuation(
    scan: &Scan,
    index: &Index,
    meeting: NaiveDate,
    lead: &Subject,
    assignees: &[String],
    span: (usize, usize),
    t0: usize,
    t1: usize,
    previous: Option<&ProposedTask>,
) -> Vec<ProposedTask> {
    let Some((_, p0)) = scan.any_phrase(t0, t1, GOING_ON) else { return Vec::new() };
    if p0 >= t1 || timing::past_opening(scan, t0, t1, meeting) || !subject::predicate_ok(scan, p0, t1, false) {
        return Vec::new();
    }
    let clause = Clause { subject: lead, assignees: assignees.to_vec(), p0, p1: t1, span, metric: None };
    let same = |t: &ProposedTask| previous.is_some_and(|p| p.deadline == t.deadline && p.recurrence == t.recurrence && p.target == t.target);
    clause.tasks(scan, index, meeting, None).into_iter().filter(|t| !same(t)).collect()
}

/// The markers of an enumeration inside one sentence — `(1)`, `(2)` … or `a)`, `b)` …
/// after a colon or a semicolon — as the tokens of their numbers or letters, in order;
/// empty when there are fewer than two.
fn enumeration(scan: &Scan, p0: usize, p1: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for k in p0..p1 {
        let w = scan.word(k);
        let numbered = w.len() <= 2 && w.bytes().all(|c| c.is_ascii_digit()) && scan.gap(k).ends_with(b"(") && scan.gap(k + 1).starts_with(b")");
        let lettered = w.len() == 1
            && w.bytes().all(|c| c.is_ascii_lowercase())
            && scan.gap(k + 1).starts_with(b")")
            && scan.gap(k).iter().rev().find(|c| **c != b' ').is_some_and(|c| matches!(c, b':' | b';'));
        if numbered || lettered {
            out.push(k);
        }
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// Where the words of a list item start (`- …`, `+ …`, `• …`, `a) …`), when the sentence
/// at bytes `sa..` with tokens `[t0, t1)` is one.
fn list_item(scan: &Scan, sa: usize, t0: usize, t1: usize) -> Option<usize> {
    if t0 >= t1 {
        return None;
    }
    if matches!(scan.s().get(sa), Some(b'-' | b'+' | b'*')) || scan.orig_text(sa, scan.toks[t0].a).starts_with('•') {
        return Some(t0);
    }
    let w = scan.word(t0);
    (w.len() == 1 && w.bytes().all(|c| c.is_ascii_lowercase()) && scan.gap(t0 + 1).starts_with(b")")).then_some(t0 + 1)
}

fn out_is_first(i: usize, subjects: &[Subject]) -> bool {
    subjects[..i].iter().all(|s| !s.directive)
}

fn communes(index: &Index, scan: &Scan, t0: usize, t1: usize) -> Vec<String> {
    index.all_mentions(scan, t0, t1).iter().filter(|m| index.is_commune(m)).filter_map(|m| index.code(m).map(str::to_string)).collect()
}

struct Clause<'a> {
    subject: &'a Subject,
    assignees: Vec<String>,
    /// Predicate tokens.
    p0: usize,
    p1: usize,
    /// Byte span of the whole clause.
    span: (usize, usize),
    /// The sentence's measured phrase, when it stands before the subjects.
    metric: Option<String>,
}

impl Clause<'_> {
    fn tasks(&self, scan: &Scan, index: &Index, meeting: NaiveDate, pre: Option<When>) -> Vec<ProposedTask> {
        let Some(ex) = exclusion::find(scan, index, &self.assignees, self.p0, self.p1) else {
            return self.tasks_in(scan, index, meeting, pre);
        };
        let assignees = index.without(&self.assignees, &ex.codes);
        let main =
            Clause { subject: self.subject, assignees, p0: self.p0, p1: ex.at, span: (self.span.0, scan.toks[ex.at - 1].b), metric: self.metric.clone() };
        let mut out = main.tasks_in(scan, index, meeting, pre.clone());
        if let Some(q) = ex.own_quota {
            // The excluded units' own quota measures what the main clause measures.
            let metric = out.iter().find_map(|t| t.target.as_ref().map(|t| t.metric.clone()));
            let own = Clause { subject: self.subject, assignees: ex.codes, p0: q, p1: self.p1, span: (scan.toks[ex.at].a, self.span.1), metric: None };
            for mut task in own.tasks_in(scan, index, meeting, pre) {
                if let (Some(target), Some(m)) = (task.target.as_mut(), metric.as_ref()) {
                    target.metric = m.clone();
                    let value = target.value.to_string().replace('.', ",");
                    task.summary = super::items::capitalise(&format!("{m} đạt {value}{}", target.unit.as_deref().unwrap_or("")));
                }
                out.push(task);
            }
        }
        out
    }

    fn tasks_in(&self, scan: &Scan, index: &Index, meeting: NaiveDate, pre: Option<When>) -> Vec<ProposedTask> {
        let (p0, p1) = (self.p0, self.p1);
        // Coordinators: the registry units after "phối hợp với" (A2, A6).
        let mut coordinators = Vec::new();
        let mut coord_end = None;
        if let Some((k, e)) = (p0..p1).find_map(|k| scan.any_phrase(k, p1, COORDINATION).map(|(_, e)| (k, e))) {
            if let Some((list, end)) = index.list_at(scan, e, p1) {
                // "các đơn vị liên quan" is too vague to list (A6).
                let vague = scan.phrase(end, p1, "lien quan").is_some();
                let list: Vec<_> =
                    list.into_iter().enumerate().filter(|(i, m)| !(vague && *i == 0 && matches!(m.named, Named::Group(_)))).map(|x| x.1).collect();
                coordinators = index.resolve(&list, &[]).into_iter().filter(|c| !self.assignees.contains(c)).collect();
                if k <= p0 + 3 {
                    coord_end = Some(if vague { end + 2 } else { end });
                }
            }
        }
        let timings = timing::find(scan, p0, p1, meeting, Some(p0));
        let skip: Vec<(usize, usize)> = timings.iter().map(|t| (t.t0, t.t1)).collect();
        let each = self.subject.list.iter().any(|m| m.each);
        let targets = target::find(scan, p0, p1, &skip, each);
        let cuts = cuts(scan, p0, p1, &timings, &targets);
        let mut bounds = vec![p0];
        bounds.extend(cuts.iter().copied());
        bounds.push(p1);
        let single = bounds.len() == 2;
        let mut out = Vec::new();
        for (n, w) in bounds.windows(2).enumerate() {
            let (a, b) = (w[0], w[1]);
            let inside = |t0: usize| (a..b).contains(&t0);
            let mine: Vec<&Timing> = timings.iter().filter(|t| inside(t.t0) && t.concrete()).collect();
            // A recurrence wins over a date (D13); "hằng tháng (trước ngày 25 hằng tháng)"
            // keeps the more precise code.
            let every: Vec<&&Timing> = mine.iter().filter(|t| matches!(t.when, When::Every(_))).collect();
            let when = every
                .iter()
                .find(|t| matches!(&t.when, When::Every(c) if c.contains(':')))
                .or_else(|| every.first())
                .copied()
                .or_else(|| mine.first())
                .map(|t| t.when.clone())
                .or_else(|| if single && timings.iter().all(|t| !t.concrete()) { pre.clone() } else { None });
            let (deadline, recurrence) = match when {
                Some(When::Date(d)) => (Some(d.format("%Y-%m-%d").to_string()), None),
                // Every code the reader writes is a valid rule.
                Some(When::Every(code)) => (None, crate::recurrence::Rule::parse(&code).ok()),
                _ => (None, None),
            };
            let target = targets.iter().find(|f| inside(f.t0)).map(|f| self.target(scan, index, f, a, b));
            let summary_from = if n == 0 { coord_end.unwrap_or(a).max(a) } else { a };
            let span_a = if n == 0 { self.span.0 } else { scan.toks[a].a };
            let span_b = if n + 2 == bounds.len() { self.span.1 } else { scan.toks[b - 1].b };
            let (x, y) = scan.orig_span(span_a, span_b);
            out.push(ProposedTask {
                assignees: self.assignees.clone(),
                coordinators: coordinators.clone(),
                deadline,
                recurrence,
                target,
                summary: self.summary(scan, summary_from, b, &timings),
                span: (x, y),
            });
        }
        out
    }

    /// The task's summary (see [`summary`]): without the timing (which has its own field),
    /// and led by the measured phrase when the sentence opened with it (`Tỷ lệ hồ sơ được số
    /// hóa đạt từ 50% trở lên`).
    fn summary(&self, scan: &Scan, a: usize, b: usize, timings: &[Timing]) -> String {
        let cut = timings.iter().filter(|t| t.concrete() && t.t0 >= a + 3 && t.t0 < b).map(|t| t.t0).min();
        let text = summary(scan, a, cut.unwrap_or(b));
        match &self.metric {
            Some(m) if super::subject::target_predicate(scan, self.p0, self.p1) => super::items::capitalise(&format!("{} {}", m, lower_first(&text))),
            _ => text,
        }
    }

    fn target(&self, scan: &Scan, index: &Index, f: &Found, a: usize, b: usize) -> ProposedTarget {
        let whole = (a..b).any(|k| scan.phrase(k, b, "toan huyen").is_some());
        let groups_each = self.subject.list.iter().any(|m| matches!(&m.named, Named::Group(g) if g != "district"));
        let each =
            !whole && (self.subject.list.iter().any(|m| m.each) || groups_each || index.expand(&self.assignees).len() > 1 && self.subject.list.len() > 1);
        ProposedTarget {
            metric: self.metric.clone().unwrap_or_else(|| match target::is_op_only(&f.metric).then(|| target::quota_metric(scan, self.p0)).flatten() {
                Some(quota) if f.unit.as_deref() == Some("%") => format!("tỷ lệ {quota}"),
                Some(quota) => quota,
                None => f.metric.clone(),
            }),
            op: f.op.to_string(),
            value: f.value,
            unit: f.unit.clone(),
            scope: if each { "each" } else { "total" }.to_string(),
        }
    }
}

/// Where a predicate splits into tasks (S3): at `đồng thời` when both sides have their own
/// timing, and between two different concrete timings or two targets.
fn cuts(scan: &Scan, p0: usize, p1: usize, timings: &[Timing], targets: &[Found]) -> Vec<usize> {
    let mut cuts: Vec<usize> = Vec::new();
    for k in p0 + 1..p1 {
        if scan.phrase(k, p1, "dong thoi").is_none() {
            continue;
        }
        let left = timings.iter().any(|t| t.concrete() && (p0..k).contains(&t.t0)) || targets.iter().any(|f| (p0..k).contains(&f.t0));
        let right = timings.iter().any(|t| (k..p1).contains(&t.t0));
        if left && right {
            cuts.push(k);
        }
    }
    // S3 at a semicolon: "A; phấn đấu … trong quý II đạt 60%" — one side has its own timing
    // or target, the other has none.
    let anchored = |a: usize, b: usize| timings.iter().any(|t| t.concrete() && (a..b).contains(&t.t0)) || targets.iter().any(|f| (a..b).contains(&f.t0));
    let semis: Vec<usize> = (p0 + 1..p1).filter(|k| scan.gap_has(*k, b";")).collect();
    let edges: Vec<usize> = std::iter::once(p0).chain(semis.iter().copied()).chain(std::iter::once(p1)).collect();
    for w in edges.windows(3) {
        // Between two semicolon-separated parts, only where one has an anchor and the other not.
        if anchored(w[0], w[1]) != anchored(w[1], w[2]) {
            cuts.push(w[1]);
        }
    }
    // (position, end, is target, timing value)
    let mut anchors: Vec<(usize, usize, bool, Option<&When>)> =
        timings.iter().filter(|t| t.concrete()).map(|t| (t.t0, t.t1, false, Some(&t.when))).chain(targets.iter().map(|f| (f.t0, f.t1, true, None))).collect();
    anchors.sort_by_key(|a| a.0);
    for pair in anchors.windows(2) {
        let (x, y) = (pair[0], pair[1]);
        if cuts.iter().any(|c| (x.0 < *c) && (*c <= y.0)) {
            continue;
        }
        let differ = (x.2 && y.2) || (!x.2 && !y.2 && !same_timing(x.3, y.3));
        if !differ {
            continue;
        }
        let sep = (x.1.max(x.0 + 1)..=y.0).rev().find(|k| scan.gap_has(*k, b",;") || scan.word(*k) == "va");
        if let Some(k) = sep {
            cuts.push(k);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.retain(|c| *c > p0 && *c < p1);
    cuts
}

/// Equal timings, or one recurrence refining the other (`monthly` / `monthly:25`).
fn same_timing(a: Option<&When>, b: Option<&When>) -> bool {
    match (a, b) {
        (Some(When::Every(x)), Some(When::Every(y))) => x.split(':').next() == y.split(':').next(),
        _ => a == b,
    }
}
