//! A caller's list, one page at a time (issue 17): at 100k parts a commune has ~4,900, the
//! office the whole store, far too much for one answer. The order is the page's: the parts
//! open on the date first (overdue first, then by deadline, those without a deadline last;
//! ties by id), then the done and cancelled ones (done newest completion first, then the
//! cancelled, newest first).
//!
//! A page continues after a cursor: the position of the last line sent (its run, its date
//! key and its id), not an offset, so a part ticked off between two pages moves to the done
//! group without shifting, and so skipping, any other part. The cursor names no unit: the
//! caller's scope is applied to every page, so a cursor made from another unit's line only
//! says where to continue in the caller's own parts.

use chrono::NaiveDate;

use super::scope::AssignmentLine;
use super::Caller;
use crate::error::{CoreError, Result};
use crate::queries::assignments;
use crate::queries::portal_page::{self, Key, Segment};
use crate::Store;

/// Lines in a page when the query does not say.
pub const DEFAULT_LIMIT: usize = 100;
/// Most lines a page may hold: 500 of a commune's lines are ~200 KB of JSON.
pub const MAX_LIMIT: usize = 500;

/// One of the two groups of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Open on the date (`status=open`): overdue, in progress, without a deadline.
    Open,
    /// Done by the date or cancelled (`status=done`: cancelled parts are in it too).
    Done,
}

/// Where a page starts: right after this position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    segment: Segment,
    key: Key,
}

impl Cursor {
    /// The cursor's text: opaque to callers, made of URL-safe characters only.
    pub fn encode(&self) -> String {
        let tag = match self.segment {
            Segment::OpenDated => "o",
            Segment::OpenUndated => "n",
            Segment::Done => "d",
            Segment::Cancelled => "c",
        };
        match &self.key.day {
            Some(day) => format!("{tag}.{day}.{}", self.key.id),
            None => format!("{tag}.{}", self.key.id),
        }
    }

    /// Reads a cursor made by [`Cursor::encode`]; anything else is refused.
    pub fn parse(text: &str) -> Result<Cursor> {
        let bad = || CoreError::invalid("after", "Vị trí trang tiếp theo (after) không hợp lệ; hãy tải lại danh sách từ đầu.");
        let parts: Vec<&str> = text.split('.').collect();
        let id = |s: &str| s.parse::<i64>().ok().filter(|id| *id > 0 && s.bytes().all(|b| b.is_ascii_digit())).ok_or_else(bad);
        let day = |s: &str| crate::time::parse_iso_day(s).map(|d| d.to_string()).ok_or_else(bad);
        let (segment, key) = match parts.as_slice() {
            ["o", d, i] => (Segment::OpenDated, Key { day: Some(day(d)?), id: id(i)? }),
            ["n", i] => (Segment::OpenUndated, Key { day: None, id: id(i)? }),
            ["d", d, i] => (Segment::Done, Key { day: Some(day(d)?), id: id(i)? }),
            ["c", i] => (Segment::Cancelled, Key { day: None, id: id(i)? }),
            _ => return Err(bad()),
        };
        Ok(Cursor { segment, key })
    }
}

/// Which page of the list: the group (both: `None`), its size, and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageQuery {
    /// Only this group; both, open first, when `None`.
    pub group: Option<Group>,
    /// At most this many lines, 1 to [`MAX_LIMIT`].
    pub limit: usize,
    /// After this position; from the start when `None`.
    pub after: Option<Cursor>,
}

impl Default for PageQuery {
    fn default() -> Self {
        PageQuery { group: None, limit: DEFAULT_LIMIT, after: None }
    }
}

impl PageQuery {
    /// The query as the HTTP parameters give it (`status`, `limit`, `after`; empty is
    /// absent), each refused with a Vietnamese message naming it.
    pub fn parse(status: Option<&str>, limit: Option<&str>, after: Option<&str>) -> Result<PageQuery> {
        let given = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let group = match given(status).as_deref() {
            None => None,
            Some("open") => Some(Group::Open),
            Some("done") => Some(Group::Done),
            Some(other) => {
                return Err(CoreError::invalid(
                    "status",
                    format!("Nhóm “{other}” không hợp lệ; dùng status=open (đang thực hiện) hoặc status=done (đã xong, đã hủy)."),
                ))
            }
        };
        let limit =
            match given(limit) {
                None => DEFAULT_LIMIT,
                Some(n) => n.parse::<usize>().ok().filter(|n| (1..=MAX_LIMIT).contains(n)).ok_or_else(|| {
                    CoreError::invalid("limit", format!("Số dòng mỗi trang (limit) phải là số nguyên từ 1 đến {MAX_LIMIT}, không phải “{n}”."))
                })?,
            };
        let after = given(after).map(|c| Cursor::parse(&c)).transpose()?;
        let query = PageQuery { group, limit, after };
        query.segments()?;
        Ok(query)
    }

    /// The segments this query reads, from the one its cursor is in; a cursor of the
    /// other group is refused.
    fn segments(&self) -> Result<Vec<Segment>> {
        let of_group: Vec<Segment> = Segment::ALL
            .into_iter()
            .filter(|s| match self.group {
                None => true,
                Some(Group::Open) => s.is_open(),
                Some(Group::Done) => !s.is_open(),
            })
            .collect();
        match &self.after {
            None => Ok(of_group),
            Some(c) if of_group.contains(&c.segment) => Ok(of_group.into_iter().filter(|s| *s >= c.segment).collect()),
            Some(_) => Err(CoreError::invalid("after", "Vị trí trang tiếp theo (after) thuộc nhóm việc khác; hãy tải lại danh sách từ đầu.")),
        }
    }
}

/// One page of a caller's list.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its lines, in the list's order.
    pub lines: Vec<AssignmentLine>,
    /// The cursor of the next page (the position of the last line), when lines remain.
    pub next: Option<String>,
    /// Lines of the whole list (of the group asked for), on every page.
    pub total: i64,
}

impl Store {
    /// One page of the parts `caller` may see that existed on `as_of` (a unit's own; every
    /// part for the office and leaders), in the list's order (see the module).
    ///
    /// The page's ids come from narrow passes, one per run of the order, each served by an
    /// index (`assignment_unit_deadline` for a unit) and stopping once the page is full;
    /// only then are the full lines of those ids read.
    pub fn portal_page(&self, caller: &Caller, as_of: NaiveDate, query: &PageQuery) -> Result<Page> {
        let unit = caller.unit_id();
        let limit = query.limit.clamp(1, MAX_LIMIT);
        // One more than the page holds says whether lines remain.
        let mut keys: Vec<(Segment, Key)> = Vec::with_capacity(limit + 1);
        for segment in query.segments()? {
            let after = query.after.as_ref().filter(|c| c.segment == segment).map(|c| &c.key);
            let found = portal_page::segment_ids(self.conn(), unit, as_of, segment, after, limit + 1 - keys.len())?;
            keys.extend(found.into_iter().map(|k| (segment, k)));
            if keys.len() > limit {
                break;
            }
        }
        let next = (keys.len() > limit).then(|| {
            let (segment, key) = keys[limit - 1].clone();
            Cursor { segment, key }.encode()
        });
        keys.truncate(limit);
        let ids: Vec<i64> = keys.iter().map(|(_, k)| k.id).collect();
        let lines = assignments::by_ids(self.conn(), &ids, as_of)?.into_iter().map(AssignmentLine::from).collect();
        let (all, open) = portal_page::counts(self.conn(), unit, as_of)?;
        let total = match query.group {
            None => all,
            Some(Group::Open) => open,
            Some(Group::Done) => all - open,
        };
        Ok(Page { lines, next, total })
    }
}
