//! `dondoc-cli accounts …` as the office runs it: the real binary on a temporary store.

mod common;

use common::{cli, ok};
use std::path::Path;

use serde_json::Value;

fn account(db: &Path, user: &str) -> Value {
    let all: Value = serde_json::from_str(&ok(cli(db, &["accounts", "list", "--json"]))).unwrap();
    all.as_array().unwrap().iter().find(|a| a["user"] == user).unwrap_or_else(|| panic!("{user} listed")).clone()
}

#[test]
fn enable_prints_the_password_once_and_only_its_hash_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let before = account(&db, "xa-my-ha");
    assert_eq!((&before["enabled"], &before["role"], &before["name"]), (&Value::from(false), &Value::from("unit"), &Value::from("UBND xã Mỹ Hà")));

    let line: Value = serde_json::from_str(&ok(cli(&db, &["accounts", "enable", "xa-my-ha"]))).unwrap();
    assert_eq!(line["user"], "xa-my-ha");
    let password = line["password"].as_str().unwrap().to_string();
    assert_eq!(password.len(), 14, "{password}");
    assert_eq!(line.as_object().unwrap().len(), 2, "exactly {{user, password}}: {line}");
    let after = account(&db, "xa-my-ha");
    assert_eq!((&after["enabled"], &after["must_change"]), (&Value::from(true), &Value::from(true)));

    let conn = rusqlite::Connection::open(&db).unwrap();
    let hash: String = conn.query_row("SELECT password_hash FROM portal_account WHERE user_name = 'xa-my-ha'", [], |r| r.get(0)).unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains(&password));
    drop(conn);

    let again = cli(&db, &["accounts", "enable", "xa-my-ha"]);
    assert_eq!(again.status.code(), Some(2), "enabled already: a conflict, no new password");
    assert!(again.stdout.is_empty());
    assert!(String::from_utf8_lossy(&again.stderr).contains("đặt lại mật khẩu"));

    let reset: Value = serde_json::from_str(&ok(cli(&db, &["accounts", "reset", "xa-my-ha"]))).unwrap();
    assert_ne!(reset["password"], Value::from(password));

    ok(cli(&db, &["accounts", "disable", "xa-my-ha"]));
    assert_eq!(account(&db, "xa-my-ha")["enabled"], false);

    let unknown = cli(&db, &["accounts", "enable", "xa-khong-co"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("Không tìm thấy đơn vị"), "{}", String::from_utf8_lossy(&unknown.stderr));

    let leader: Value = serde_json::from_str(&ok(cli(&db, &["accounts", "add", "chu-tich", "--role", "leader", "--name", "Chủ tịch UBND huyện"]))).unwrap();
    assert_eq!(leader["user"], "chu-tich");
    assert_eq!(account(&db, "chu-tich")["role"], "leader");
    let text = ok(cli(&db, &["accounts", "list"]));
    assert!(text.lines().any(|l| l.starts_with("xa-my-ha") && l.contains("tắt")), "{text}");
}
