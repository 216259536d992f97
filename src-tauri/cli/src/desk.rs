//! A unit's desk from the command line (issue 18): `connect`, `sync`, `disconnect`, and on a
//! unit's store `tasks done` queued for the office. The same `dondoc-desk` calls the app
//! makes, for tests and for a unit without a desktop session.

use chrono::Utc;
use dondoc_core::desk::ActionKind;
use dondoc_core::{CoreError, Store};

use crate::args::{Command, TasksCommand, UnitsCommand};
use crate::par::{FrameworkCommand, ParCommand};

/// Refuses, on a unit's store, the commands that write the office's own data: the unit keeps
/// a copy of its parts, the office owns them.
pub fn refuse_office_only(store: &Store, command: &Command) -> Result<(), CoreError> {
    let office_only = matches!(
        command,
        Command::Tasks { command: TasksCommand::Add { .. } }
            | Command::Units { command: UnitsCommand::Import { .. } }
            | Command::Import { .. }
            | Command::Demo
            | Command::Notice { .. }
            | Command::Accounts { .. }
            | Command::Serve { .. }
            | Command::BenchData { .. }
            | Command::Par { command: ParCommand::Import { .. } | ParCommand::Framework { command: FrameworkCommand::Import { .. } } }
    );
    if office_only && store.desk_link()?.is_some() {
        return Err(CoreError::Conflict("Máy đơn vị chỉ giữ bản sao phần việc của đơn vị lấy từ Văn phòng; lệnh này chỉ dùng trên máy của Văn phòng.".into()));
    }
    Ok(())
}

/// `connect`: prints the link as JSON.
pub fn connect(store: &mut Store, input: &dondoc_desk::ConnectInput) -> Result<(), CoreError> {
    let link = dondoc_desk::connect(store, input, Utc::now())?;
    println!("{}", serde_json::to_string_pretty(&link)?);
    eprintln!("Đã kết nối máy đơn vị ({}) tới Văn phòng tại {}.", link.unit_name, link.server);
    Ok(())
}

/// `sync`: prints exactly `{"pulled":N,"sent":M,"conflicts":K}` (a contract), and the
/// conflicts' reasons on stderr.
pub fn sync(store: &mut Store) -> Result<(), CoreError> {
    let report = dondoc_desk::sync(store, Utc::now())?;
    println!("{}", serde_json::to_string(&report)?);
    for item in store.outbox_items(false)?.iter().filter(|i| i.state == "conflict") {
        eprintln!("Văn phòng không ghi nhận thao tác trên phần việc {} ({}): {}", item.assignment_id, item.title, item.answer.as_deref().unwrap_or(""));
    }
    Ok(())
}

/// `tasks done` on a unit's store: checked and shown on the mirror, queued, then sent if
/// the office can be reached. Queued is a success (exit 0): the action is kept and sent by
/// the next `sync`.
pub fn done(store: &mut Store, id: i64, on: String, note: Option<String>, value: Option<f64>) -> Result<(), CoreError> {
    let mut body = serde_json::json!({ "on": on });
    if let Some(note) = note {
        body["note"] = note.into();
    }
    if let Some(value) = value {
        body["value"] = value.into();
    }
    let item = store.queue_action(Utc::now(), id, ActionKind::Done, &body)?;
    match dondoc_desk::sync(store, Utc::now()) {
        Ok(_) => {
            let answered = store.outbox_items(false)?.into_iter().find(|i| i.id == item.id);
            if let Some(conflict) = answered.filter(|i| i.state == "conflict") {
                return Err(CoreError::Conflict(format!("Văn phòng không ghi nhận: {}", conflict.answer.unwrap_or_default())));
            }
            println!("Đã đánh dấu hoàn thành phần việc {id} và gửi về Văn phòng.");
        }
        Err(e) => {
            println!("Phần việc {id}: đã xếp hàng.");
            println!("Thao tác sẽ được gửi về Văn phòng khi kết nối được (dondoc-cli sync).");
            eprintln!("{e}");
        }
    }
    Ok(())
}
