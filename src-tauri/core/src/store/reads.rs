//! The reads the window makes, as [`Store`] methods: the one way from the shell into the
//! core, whatever query module answers.

use chrono::NaiveDate;

use super::Store;
use crate::error::Result;
use crate::model::ConferenceKind;
use crate::paste::{ParsedAttendee, SitePick};
use crate::queries::assignments::{self, AssignmentFilter, AssignmentRow};
use crate::queries::conferences::{self, ConferenceFilter, ConferenceSummary};
use crate::queries::evidence::{self, Evidence};
use crate::queries::meta;
use crate::queries::notices::{self, StoredNotice};
use crate::queries::people::{self, Person};
use crate::queries::units::{self, UnitGroup};
use crate::registry::{self, RegistryFile};

impl Store {
    /// Parts matching `filter`, with their status on `as_of`.
    pub fn assignments(&self, filter: &AssignmentFilter, as_of: NaiveDate) -> Result<Vec<AssignmentRow>> {
        assignments::list(&self.conn, filter, as_of)
    }

    /// How many parts are overdue on `as_of` (the tray's count).
    pub fn overdue_count(&self, as_of: NaiveDate) -> Result<i64> {
        assignments::count_overdue(&self.conn, as_of)
    }

    /// Conferences matching `filter`, with their progress on `as_of`.
    pub fn conferences(&self, filter: &ConferenceFilter, as_of: NaiveDate) -> Result<Vec<ConferenceSummary>> {
        conferences::list(&self.conn, filter, as_of)
    }

    /// The years conferences were held in, newest first.
    pub fn conference_years(&self) -> Result<Vec<i32>> {
        conferences::years(&self.conn)
    }

    /// The kind of the conference logged last (the form proposes it).
    pub fn last_conference_kind(&self) -> Result<Option<ConferenceKind>> {
        conferences::last_kind(&self.conn)
    }

    /// Whether nothing has been logged yet (the overview then shows the first steps).
    pub fn nothing_logged(&self) -> Result<bool> {
        conferences::nothing_logged(&self.conn)
    }

    /// Pasted attendee lines, read and checked against the registry and the sites.
    pub fn review_attendees(&self, conference_id: i64, text: &str, pick: SitePick) -> Result<Vec<ParsedAttendee>> {
        crate::paste::review(&self.conn, conference_id, text, pick)
    }

    /// People whose name matches `query` (folded), at most `limit`.
    pub fn search_people(&self, query: &str, limit: usize) -> Result<Vec<Person>> {
        people::search(&self.conn, query, limit)
    }

    /// The unit groups ("Các xã, thị trấn"…).
    pub fn groups(&self) -> Result<Vec<UnitGroup>> {
        units::list_groups(&self.conn)
    }

    /// Every review of the reader the secretary accepted, as cases of the reader's corpus.
    pub fn reader_cases(&self) -> Result<Vec<crate::review::Case>> {
        crate::review::cases(&self.conn)
    }

    /// The registry in the format of `units.json`.
    pub fn export_registry(&self) -> Result<RegistryFile> {
        registry::export(&self.conn)
    }

    /// One evidence row.
    pub fn evidence(&self, id: i64) -> Result<Evidence> {
        evidence::evidence_by_id(&self.conn, id)
    }

    /// The latest stored notices, newest first.
    pub fn notices(&self, limit: i64) -> Result<Vec<StoredNotice>> {
        notices::recent(&self.conn, limit)
    }

    /// How many notices were kept in the app and not seen yet (the badge).
    pub fn unseen_notices(&self) -> Result<i64> {
        notices::unseen_undelivered(&self.conn)
    }

    /// A registry fact by key (e.g. the district's name), as stored.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        meta::get(&self.conn, key)
    }

    /// Copies the WAL back into the database file without blocking anyone (an idle moment).
    pub fn checkpoint(&self) -> Result<()> {
        crate::db::checkpoint(&self.conn)
    }
}
