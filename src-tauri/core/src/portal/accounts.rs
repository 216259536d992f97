//! The office's side of the accounts: one per unit of the registry (created, disabled, the
//! first time the office enables it), office and leader accounts, new passwords, disabling.
//! Every change drops the account's sessions where it must, in the same transaction.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use super::{generate_password, hash_password, Role};
use crate::error::{CoreError, Result};
use crate::{Ctx, Store};

/// A user name and the password to hand over once (the CLI prints it, the slip shows it);
/// only its hash is kept.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Credentials {
    /// The user name (a unit's registry code, e.g. `xa-my-ha`).
    pub user: String,
    /// The initial password, in clear, shown once.
    pub password: String,
}

/// One line of the account list: every unit of the registry (with or without an account)
/// and every office account. Field names are a contract (`accounts list --json`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Account {
    /// The user name.
    pub user: String,
    /// Who it is ("UBND xã Mỹ Hà").
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// The unit, for a unit account.
    pub unit_id: Option<i64>,
    /// Whether it may log in.
    pub enabled: bool,
    /// Whether the initial password still waits to be changed.
    pub must_change: bool,
    /// Locked until this instant (UTC, stored form), after too many wrong passwords.
    pub locked_until: Option<String>,
}

/// A unit's account row id and user name, creating it (disabled) when the unit has none.
fn unit_account(tx: &Transaction, ctx: &Ctx, code: &str) -> Result<(i64, String)> {
    let unit: Option<(i64, String)> = tx.query_row("SELECT id, name FROM unit WHERE code = ?1", [code], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let (unit_id, name) = unit.ok_or_else(|| CoreError::not_found("đơn vị", code))?;
    if let Some(id) = tx.query_row("SELECT id FROM portal_account WHERE unit_id = ?1", [unit_id], |r| r.get(0)).optional()? {
        return Ok((id, code.to_string()));
    }
    // A placeholder that matches no password: the account is disabled until enabled anyway.
    tx.execute(
        "INSERT INTO portal_account (user_name, role, unit_id, display_name, password_hash, enabled, must_change, created_at, updated_at)
         VALUES (?1, 'unit', ?2, ?3, '!', 0, 1, ?4, ?4)",
        params![code, unit_id, name, ctx.stamp()],
    )?;
    Ok((tx.last_insert_rowid(), code.to_string()))
}

fn account_id(tx: &Transaction, user: &str) -> Result<i64> {
    tx.query_row("SELECT id FROM portal_account WHERE user_name = ?1", [user], |r| r.get(0)).optional()?.ok_or_else(|| CoreError::not_found("tài khoản", user))
}

/// Sets a new password the holder must change at first log-in, unlocks, and ends every
/// session of the account.
fn set_initial_password(tx: &Transaction, ctx: &Ctx, id: i64, hash: &str) -> Result<()> {
    tx.execute(
        "UPDATE portal_account SET password_hash = ?2, must_change = 1, failed_count = 0, locked_until = NULL, updated_at = ?3 WHERE id = ?1",
        params![id, hash, ctx.stamp()],
    )?;
    tx.execute("DELETE FROM portal_session WHERE account_id = ?1", [id])?;
    Ok(())
}

impl Store {
    /// Every unit of the registry with its account (or none yet: disabled), then the
    /// office accounts.
    pub fn portal_accounts(&self) -> Result<Vec<Account>> {
        let mut stmt = self.conn().prepare(
            "SELECT coalesce(a.user_name, u.code), u.name, 'unit', u.id, coalesce(a.enabled, 0), coalesce(a.must_change, 1), a.locked_until
               FROM unit u LEFT JOIN portal_account a ON a.unit_id = u.id
              WHERE u.active = 1 AND u.kind NOT IN ('external', 'district')
             UNION ALL
             SELECT user_name, display_name, role, NULL, enabled, must_change, locked_until FROM portal_account WHERE unit_id IS NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            let role: String = r.get(2)?;
            Ok(Account {
                user: r.get(0)?,
                name: r.get(1)?,
                role: Role::parse(&role).unwrap_or(Role::Leader),
                unit_id: r.get(3)?,
                enabled: r.get(4)?,
                must_change: r.get(5)?,
                locked_until: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Enables the account of the unit with registry `code` (created on first use) with a
    /// new initial password, returned once. An account already enabled is refused: its
    /// password is renewed with [`Store::reset_portal_password`], never by accident.
    pub fn enable_unit_account(&mut self, ctx: &Ctx, code: &str) -> Result<Credentials> {
        let password = generate_password();
        // Hashing is slow on purpose: done before the write lock is taken.
        let hash = hash_password(&password)?;
        let user = self.write(|tx| {
            let (id, user) = unit_account(tx, ctx, code)?;
            let enabled: bool = tx.query_row("SELECT enabled FROM portal_account WHERE id = ?1", [id], |r| r.get(0))?;
            if enabled {
                return Err(CoreError::Conflict(format!("Tài khoản “{user}” đã được bật; muốn cấp mật khẩu mới, hãy dùng “đặt lại mật khẩu”.")));
            }
            set_initial_password(tx, ctx, id, &hash)?;
            tx.execute("UPDATE portal_account SET enabled = 1 WHERE id = ?1", [id])?;
            Ok(user)
        })?;
        Ok(Credentials { user, password })
    }

    /// Adds an office account (role `office` or `leader`), enabled, with an initial password
    /// returned once.
    pub fn add_office_account(&mut self, ctx: &Ctx, user: &str, name: &str, role: Role) -> Result<Credentials> {
        let user = crate::text::limited("user", user, 64, "tên đăng nhập")?;
        if user.is_empty() || !user.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
            return Err(CoreError::invalid("user", "Tên đăng nhập chỉ gồm chữ không dấu, số và - _ ."));
        }
        if role == Role::Unit {
            return Err(CoreError::invalid("role", "Tài khoản đơn vị được tạo từ danh mục đơn vị (bật tài khoản của đơn vị)."));
        }
        let name = crate::text::limited("name", name, 200, "tên hiển thị")?;
        let password = generate_password();
        let hash = hash_password(&password)?;
        self.write(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM portal_account WHERE user_name = ?1) OR EXISTS (SELECT 1 FROM unit WHERE code = ?1)",
                [&user],
                |r| r.get(0),
            )?;
            if taken {
                return Err(CoreError::Conflict(format!("Tên đăng nhập “{user}” đã có.")));
            }
            tx.execute(
                "INSERT INTO portal_account (user_name, role, unit_id, display_name, password_hash, enabled, must_change, created_at, updated_at)
                 VALUES (?1, ?2, NULL, ?3, ?4, 1, 1, ?5, ?5)",
                params![user, role.as_str(), if name.is_empty() { &user } else { &name }, hash, ctx.stamp()],
            )?;
            Ok(())
        })?;
        Ok(Credentials { user, password })
    }

    /// A new initial password for the account `user` (the holder forgot it, or it leaked):
    /// returned once; the account is unlocked and logged out everywhere.
    pub fn reset_portal_password(&mut self, ctx: &Ctx, user: &str) -> Result<Credentials> {
        let password = generate_password();
        let hash = hash_password(&password)?;
        self.write(|tx| {
            let id = account_id(tx, user)?;
            set_initial_password(tx, ctx, id, &hash)
        })?;
        Ok(Credentials { user: user.to_string(), password })
    }

    /// Disables the account `user`: it can no longer log in, and its sessions end now.
    pub fn disable_portal_account(&mut self, ctx: &Ctx, user: &str) -> Result<()> {
        self.write(|tx| {
            let id = account_id(tx, user)?;
            tx.execute("UPDATE portal_account SET enabled = 0, updated_at = ?2 WHERE id = ?1", params![id, ctx.stamp()])?;
            tx.execute("DELETE FROM portal_session WHERE account_id = ?1", [id])?;
            Ok(())
        })
    }
}
