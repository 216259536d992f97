//! The desk's connection to the office (at the unit), and when each desk last reached the
//! office (at the office).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::mirror::{self, Mirror};
use crate::error::{CoreError, Result};
use crate::{time, Store};

/// A unit store's connection to its office. Its session's token is in the OS keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeskLink {
    /// The office portal's address (`https://192.168.1.10:8443/`).
    pub server: String,
    /// The unit's user name at the portal.
    pub user: String,
    /// The pinned certificate: lower-case hex SHA-256.
    pub fingerprint: String,
    /// The office's id of the unit.
    pub unit_id: i64,
    /// The unit's registry code.
    pub unit_code: String,
    /// The unit's name.
    pub unit_name: String,
    /// When the connection was made (UTC stamp).
    pub linked_at: String,
    /// When the mirror was last taken from the office.
    pub synced_at: Option<String>,
    /// When the office was last tried.
    pub tried_at: Option<String>,
    /// Why the last try failed, in Vietnamese; `None` when it worked.
    pub problem: Option<String>,
}

/// What connecting a store to an office records.
#[derive(Debug, Clone)]
pub struct NewLink {
    /// The portal's address.
    pub server: String,
    /// The user name.
    pub user: String,
    /// The pinned fingerprint (normalised by the caller: lower-case hex, no colons).
    pub fingerprint: String,
}

/// The error of a desk's operation on a store that is not a unit's desk (the office's own).
pub fn not_linked() -> CoreError {
    CoreError::Conflict("Kho dữ liệu này chưa kết nối tới Văn phòng (không phải máy đơn vị).".into())
}

/// The fingerprint of a certificate (DER) as the office prints it and the desk pins it:
/// lower-case hex SHA-256. One function for both ends, so what the slip shows is what the
/// desk compares.
pub fn certificate_fingerprint(der: &[u8]) -> String {
    use sha2::Digest;
    crate::portal::hex(&sha2::Sha256::digest(der))
}

/// A fingerprint (hex) as the slip and the office's settings page show it, in upper-case
/// pairs joined by ':', so a person compares it with the slip by eye.
pub fn fingerprint_pairs(hex: &str) -> String {
    let upper = hex.to_ascii_uppercase();
    let pairs: Vec<&str> = upper.as_bytes().chunks(2).map(|p| std::str::from_utf8(p).unwrap_or("")).collect();
    pairs.join(":")
}

/// Normalises a fingerprint as shown on the office's settings page (`AB:CD:…`, spaces,
/// upper case) to lower-case hex; refuses anything but 64 hex digits.
pub fn normalise_fingerprint(s: &str) -> Result<String> {
    let hex: String = s.chars().filter(|c| !matches!(c, ':' | ' ' | '-')).collect::<String>().to_ascii_lowercase();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(CoreError::invalid("fingerprint", "Mã chứng chỉ (SHA-256) gồm 64 chữ số hệ 16, như trên trang Cài đặt của Văn phòng."));
    }
    Ok(hex)
}

/// When a unit's desk last reached the office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeskContact {
    /// The unit's registry code.
    pub unit_code: String,
    /// The unit's short name ("Mỹ Hà").
    pub unit_short_name: String,
    /// The portal account's user name.
    pub user: String,
    /// When its desk last reached the office (UTC stamp).
    pub seen_at: String,
}

/// The desk's link as `conn` reads it (inside a transaction too).
pub(super) fn read(conn: &Connection) -> Result<Option<DeskLink>> {
    Ok(conn
        .query_row(
            "SELECT server, user_name, fingerprint, unit_id, unit_code, unit_name, linked_at, synced_at, tried_at, problem FROM desk_link WHERE id = 1",
            [],
            |r| {
                Ok(DeskLink {
                    server: r.get(0)?,
                    user: r.get(1)?,
                    fingerprint: r.get(2)?,
                    unit_id: r.get(3)?,
                    unit_code: r.get(4)?,
                    unit_name: r.get(5)?,
                    linked_at: r.get(6)?,
                    synced_at: r.get(7)?,
                    tried_at: r.get(8)?,
                    problem: r.get(9)?,
                })
            },
        )
        .optional()?)
}

impl Store {
    /// This store's connection to an office, if it is a unit's desk.
    pub fn desk_link(&self) -> Result<Option<DeskLink>> {
        read(self.conn())
    }

    /// Makes this store the desk of `mirror`'s unit at `now`, with its first mirror, in one
    /// transaction. A store holding the office's own work is refused (it is an office's
    /// store: nothing of it is overwritten); the registry it was seeded with is replaced
    /// by the office's. Connecting again (another server address, a new password, the
    /// same unit) keeps the queue; connecting to another unit is refused while actions wait.
    pub fn link_desk(&mut self, link: &NewLink, mirror: &Mirror, now: DateTime<Utc>) -> Result<usize> {
        let existing = self.desk_link()?;
        if existing.is_none() && crate::export::has_work(self.conn())? {
            return Err(CoreError::Conflict(
                "Kho dữ liệu này đang chứa dữ liệu của Văn phòng (hội nghị, nhiệm vụ); không thể dùng làm máy đơn vị. Hãy dùng một thư mục dữ liệu khác."
                    .into(),
            ));
        }
        if let Some(old) = existing.as_ref().filter(|l| l.unit_id != mirror.unit.id) {
            if !self.outbox_items(true)?.is_empty() {
                return Err(CoreError::Conflict(format!("Máy này còn thao tác của {} chưa gửi về Văn phòng; chưa thể kết nối đơn vị khác.", old.unit_name)));
            }
        }
        mirror::check(mirror, mirror.unit.id)?;
        let stamp = time::to_stored(now);
        self.write(|tx| {
            if existing.is_none() {
                // The seeded registry's ids are this machine's; the office's come with the mirror.
                tx.execute_batch("DELETE FROM unit_group_member; DELETE FROM unit_group; DELETE FROM unit;")?;
            }
            tx.execute(
                "INSERT INTO desk_link (id, server, user_name, fingerprint, unit_id, unit_code, unit_name, linked_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(id) DO UPDATE SET server = excluded.server, user_name = excluded.user_name, fingerprint = excluded.fingerprint,
                   unit_id = excluded.unit_id, unit_code = excluded.unit_code, unit_name = excluded.unit_name, linked_at = excluded.linked_at",
                params![link.server, link.user, link.fingerprint, mirror.unit.id, mirror.unit.code, mirror.unit.name, stamp],
            )?;
            mirror::take(tx, mirror, now)
        })
    }

    /// Records a try to reach the office at `now` that failed with `problem` (Vietnamese),
    /// so the window says since when the list is not fresh.
    pub fn desk_unreachable(&mut self, now: DateTime<Utc>, problem: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE desk_link SET tried_at = ?1, problem = ?2", params![time::to_stored(now), problem])?;
            Ok(())
        })
    }

    /// At the office: records that the desk of `account_id` reached it at `now`.
    pub fn desk_seen(&mut self, account_id: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO desk_seen (account_id, seen_at) VALUES (?1, ?2) ON CONFLICT(account_id) DO UPDATE SET seen_at = max(seen_at, excluded.seen_at)",
                params![account_id, time::to_stored(now)],
            )?;
            Ok(())
        })
    }

    /// At the office: every unit whose desk has reached it, with when it last did, in
    /// registry order.
    pub fn desk_contacts(&self) -> Result<Vec<DeskContact>> {
        let mut stmt = self.conn().prepare(
            "SELECT u.code, u.short_name, a.user_name, s.seen_at FROM desk_seen s
               JOIN portal_account a ON a.id = s.account_id JOIN unit u ON u.id = a.unit_id
              ORDER BY u.position, u.id",
        )?;
        let rows = stmt.query_map([], |r| Ok(DeskContact { unit_code: r.get(0)?, unit_short_name: r.get(1)?, user: r.get(2)?, seen_at: r.get(3)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
