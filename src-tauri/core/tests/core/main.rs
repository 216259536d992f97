//! Integration tests of dondoc-core on temporary stores: one binary, one module per area.

mod conference_log;
mod export;
mod follow_up;
mod conclusion;
mod dashboard;
mod recurring;
mod reminders;
mod registry;
mod slice;
mod unit_counts;
mod validation;

use chrono::{TimeZone, Utc};
use dondoc_core::queries::units;
use dondoc_core::{Ctx, Store};

/// A context on 27/02/2023 09:00 in Hà Nội, acting as the office.
pub fn ctx() -> Ctx {
    Ctx::new(Utc.with_ymd_and_hms(2023, 2, 27, 2, 0, 0).unwrap(), "Văn phòng")
}

/// A fresh in-memory store seeded with Mỹ Lộc's registry.
pub fn store() -> Store {
    Store::open_in_memory().expect("in-memory store")
}

/// Id of the unit with `code`.
pub fn unit(store: &Store, code: &str) -> i64 {
    units::find_unit_by_code(store.conn(), code).unwrap().unwrap_or_else(|| panic!("unit {code}")).id
}

/// Id of the group with `code`.
pub fn group(store: &Store, code: &str) -> i64 {
    units::list_groups(store.conn()).unwrap().into_iter().find(|g| g.code == code).unwrap().id
}
