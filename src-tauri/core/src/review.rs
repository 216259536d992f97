//! Learning from the secretary (issue 20): every review of the reader's proposals that the
//! secretary accepts in "Đọc kết luận" is kept (`reader_review`) with what the reader
//! proposed and what she accepted after editing, and [`cases`] turns the kept reviews into
//! cases of the reader's corpus (`shared/directives`, README "Case schema"): the office's own
//! conclusions become test cases, scored by the same `score.py` as the dev corpus.
//!
//! The record is written by `conclusion::record`, in the transaction that creates the tasks.
//!
//! Tasks are kept in the corpus schema, not as store ids, so a case stays readable after the
//! registry changes and the scorer reads it as it is.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::time;

/// A task in the corpus schema (`expected` of a case): what the scorer compares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseTask {
    /// Lead units: unit codes and/or `@group` codes.
    pub assignees: Vec<String>,
    /// Coordinating units (codes, or `@group` as the reader writes them).
    pub coordinators: Vec<String>,
    /// `YYYY-MM-DD`, or `None`.
    pub deadline: Option<String>,
    /// Recurrence code (`monthly:20`), or `None`.
    pub recurrence: Option<String>,
    /// Numeric target, or `None`.
    pub target: Option<CaseTarget>,
    /// The task's short phrase: the reader's summary, or the title the secretary accepted.
    pub summary: String,
}

/// A numeric target in the corpus schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseTarget {
    /// What is measured.
    pub metric: String,
    /// `>`, `>=`, `=`, `<=` or `<`.
    pub op: String,
    /// The number.
    pub value: f64,
    /// Unit of the value (`%`), if any.
    pub unit: Option<String>,
    /// `each` or `total`.
    pub scope: String,
}

/// A field of a review row the secretary can change; named as the corpus names it
/// (the task's title is its `summary`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The lead units and groups.
    Assignees,
    /// The coordinating units.
    Coordinators,
    /// The deadline.
    Deadline,
    /// The recurrence rule.
    Recurrence,
    /// The numeric target (metric, operator, value, unit or scope).
    Target,
    /// The task's title.
    Summary,
}

impl Field {
    /// The field's name in the corpus schema, as the notes and tags write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Assignees => "assignees",
            Field::Coordinators => "coordinators",
            Field::Deadline => "deadline",
            Field::Recurrence => "recurrence",
            Field::Target => "target",
            Field::Summary => "summary",
        }
    }
}

/// How one accepted task relates to the proposals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    /// Index of the proposal it was accepted from; `None` for a row added by hand.
    pub proposal: Option<usize>,
    /// The fields the secretary changed (empty: accepted as proposed).
    pub changed: Vec<Field>,
}

/// One case of the reader's corpus, as `shared/directives/dev/*.json` holds them, plus
/// `proposed` (what the reader said then), which the scorer ignores.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    /// `office-<conference id>-<n>`: the n-th review of that conference.
    pub id: String,
    /// The date the text was read against, `YYYY-MM-DD`.
    pub meeting_date: String,
    /// The conference's title.
    pub meeting: String,
    /// The pasted conclusion (NFC).
    pub text: String,
    /// The tasks the secretary accepted: the gold.
    pub expected: Vec<CaseTask>,
    /// The tasks the reader proposed.
    pub proposed: Vec<CaseTask>,
    /// Where the case comes from and what the secretary changed.
    pub notes: String,
    /// `office-review`, and `edited:<field>` for each field changed somewhere.
    pub tags: Vec<String>,
    /// The kind of material.
    pub basis: String,
}

impl CaseTask {
    /// A reader's proposal, without its span.
    pub fn proposed(p: &crate::reader::ProposedTask) -> CaseTask {
        CaseTask {
            assignees: p.assignees.clone(),
            coordinators: p.coordinators.clone(),
            deadline: p.deadline.clone(),
            recurrence: p.recurrence.map(|r| r.code()),
            target: p.target.as_ref().map(|t| CaseTarget {
                metric: t.metric.clone(),
                op: t.op.clone(),
                value: t.value,
                unit: t.unit.clone(),
                scope: t.scope.clone(),
            }),
            summary: p.summary.clone(),
        }
    }
}

/// A stored review, as read back.
#[derive(Debug, Clone)]
pub struct Review {
    /// Row id.
    pub id: i64,
    /// The conference it was read for.
    pub conference_id: i64,
    /// The conference's title.
    pub conference_title: String,
    /// `YYYY-MM-DD`.
    pub meeting_date: String,
    /// The pasted text (NFC).
    pub text: String,
    /// What the reader proposed.
    pub proposed: Vec<CaseTask>,
    /// What the secretary accepted, in order.
    pub accepted: Vec<CaseTask>,
    /// One per accepted task.
    pub edits: Vec<Edit>,
    /// Who accepted it.
    pub actor: String,
    /// When (RFC 3339, UTC).
    pub created_at: String,
}

/// Every stored review, oldest first.
pub fn list(conn: &Connection) -> Result<Vec<Review>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, r.conference_id, c.title, r.meeting_date, r.text, r.proposed, r.accepted, r.edits, r.actor, r.created_at
         FROM reader_review r JOIN conference c ON c.id = r.conference_id ORDER BY r.id",
    )?;
    let raw = stmt.query_map([], |r| {
        Ok((
            (r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?),
            (r.get::<_, String>(5)?, r.get::<_, String>(6)?, r.get::<_, String>(7)?, r.get::<_, String>(8)?, r.get::<_, String>(9)?),
        ))
    })?;
    let mut out = Vec::new();
    for row in raw {
        let ((id, conference_id, conference_title, meeting_date, text), (proposed, accepted, edits, actor, created_at)) = row?;
        let json = |what: &str, s: &str| CoreError::invalid("reader_review", format!("Bản ghi rà soát số {id}: cột “{what}” không đọc được ({s})."));
        out.push(Review {
            proposed: serde_json::from_str(&proposed).map_err(|e| json("proposed", &e.to_string()))?,
            accepted: serde_json::from_str(&accepted).map_err(|e| json("accepted", &e.to_string()))?,
            edits: serde_json::from_str(&edits).map_err(|e| json("edits", &e.to_string()))?,
            id,
            conference_id,
            conference_title,
            meeting_date,
            text,
            actor,
            created_at,
        });
    }
    Ok(out)
}

/// Every stored review as a corpus case, oldest first.
pub fn cases(conn: &Connection) -> Result<Vec<Case>> {
    let reviews = list(conn)?;
    let mut out = Vec::with_capacity(reviews.len());
    for (i, r) in reviews.iter().enumerate() {
        let n = reviews[..=i].iter().filter(|x| x.conference_id == r.conference_id).count();
        let mut tags = vec!["office-review".to_string()];
        for e in &r.edits {
            for f in &e.changed {
                let tag = format!("edited:{}", f.as_str());
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
        }
        if r.edits.iter().any(|e| e.proposal.is_none()) {
            tags.push("edited:added".into());
        }
        if (0..r.proposed.len()).any(|p| !r.edits.iter().any(|e| e.proposal == Some(p))) {
            tags.push("edited:dropped".into());
        }
        out.push(Case {
            id: format!("office-{}-{n}", r.conference_id),
            meeting_date: r.meeting_date.clone(),
            meeting: r.conference_title.clone(),
            text: r.text.clone(),
            expected: r.accepted.clone(),
            proposed: r.proposed.clone(),
            notes: notes(r),
            tags,
            basis: "The office's own conclusion, pasted into Đôn đốc's “Đọc kết luận” and reviewed by its secretary before the tasks were created.".into(),
        });
    }
    Ok(out)
}

/// What the case's notes say: where it came from and what the secretary changed, task by task.
fn notes(r: &Review) -> String {
    let on = time::from_stored(&r.created_at).map(|at| time::office_date(at).format("%d/%m/%Y").to_string()).unwrap_or_else(|_| r.created_at.clone());
    let mut s = format!(
        "From the office's review in Đôn đốc (conference {}, accepted on {on} by {}): `expected` is what the secretary accepted after editing, `proposed` what the reader proposed then ({} proposed, {} accepted).",
        r.conference_id,
        r.actor,
        r.proposed.len(),
        r.accepted.len()
    );
    for (i, e) in r.edits.iter().enumerate() {
        let what = match (e.proposal, e.changed.as_slice()) {
            (None, _) => "added by hand".to_string(),
            (Some(p), []) => format!("proposal {} as proposed", p + 1),
            (Some(p), changed) => {
                let names: Vec<&str> = changed.iter().map(|f| f.as_str()).collect();
                format!("proposal {}, the secretary changed {}", p + 1, names.join(", "))
            }
        };
        s.push_str(&format!(" Task {}: {what}.", i + 1));
    }
    let dropped: Vec<String> = (0..r.proposed.len()).filter(|p| !r.edits.iter().any(|e| e.proposal == Some(*p))).map(|p| (p + 1).to_string()).collect();
    if !dropped.is_empty() {
        s.push_str(&format!(" Dropped by the secretary: proposal {}.", dropped.join(", ")));
    }
    s
}
