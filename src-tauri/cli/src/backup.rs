//! `backup`, `backup list` and `restore`: the office's backups from the command line, with
//! the evidence folder and the backup folder the app uses (beside the store).

use std::path::{Path, PathBuf};

use chrono::Utc;
use dondoc_core::backup::{self, place, BackupInfo, Reason};
use dondoc_core::{time, CoreError};

use crate::args::{BackupCommand, Command};

/// Runs `backup` or `restore` on the store at `db`, which it opens only as long as needed.
pub fn run(db: &Path, command: Command) -> Result<(), CoreError> {
    match command {
        Command::Backup { command: Some(BackupCommand::List { json }), .. } => list(db, json),
        Command::Backup { command: None, out, json } => take(db, out, json),
        Command::Restore { file, json } => restore(db, &file, json),
        _ => unreachable!("only backup and restore come here"),
    }
}

fn take(db: &Path, out: Option<PathBuf>, json: bool) -> Result<(), CoreError> {
    let conn = backup::open_source(db)?;
    let now = Utc::now();
    let (info, pruned) = match out {
        Some(out) => (backup::take_to(&conn, &backup::evidence_dir_for(db), &out, now, Reason::Manual)?, Vec::new()),
        None => {
            // Into the folder the office chose in the app (or the default one), pruned.
            let taken = place::take_for(&conn, db, now, Reason::Manual)?;
            if let Some(e) = &taken.fallback_reason {
                eprintln!("Không ghi được vào thư mục sao lưu đã chọn ({e}); đã ghi vào thư mục dữ liệu.");
            }
            (taken.info, taken.pruned)
        }
    };
    drop(conn);
    if json {
        println!("{}", serde_json::to_string_pretty(&info)?);
    } else {
        println!("{}", info.path.display());
        println!("{}", figures(&info));
    }
    if !pruned.is_empty() {
        eprintln!("Đã xóa {} bản sao lưu cũ (giữ 7 ngày, 4 tuần, 12 tháng gần nhất).", pruned.len());
    }
    Ok(())
}

fn list(db: &Path, json: bool) -> Result<(), CoreError> {
    let all = place::list_all(db);
    if json {
        println!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(());
    }
    if all.is_empty() {
        eprintln!("Chưa có bản sao lưu nào trong {}.", place::folder(db).display());
    }
    for b in all {
        match &b.problem {
            None => println!("{}  {:<32} {}  {}", local(&b.taken_at), b.reason_label, figures(&b), b.file_name),
            Some(problem) => println!("{}  {:<32} {}  {}", local(&b.taken_at), "KHÔNG DÙNG ĐƯỢC", problem, b.file_name),
        }
    }
    Ok(())
}

fn restore(db: &Path, file: &Path, json: bool) -> Result<(), CoreError> {
    let out = backup::restore(db, &backup::evidence_dir_for(db), file, &place::folder(db), Utc::now())?;
    if json {
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    eprintln!("Đã khôi phục bản sao lưu lúc {} ({}).", local(&out.restored.taken_at), figures(&out.restored));
    if let Some(safety) = &out.safety_backup {
        eprintln!("Dữ liệu trước khi khôi phục được sao lưu tại {}.", safety.path.display());
    }
    if let Some(damaged) = &out.damaged_store {
        eprintln!("Tệp dữ liệu cũ bị hỏng, được giữ lại tại {}.", damaged.display());
    }
    if let Some(previous) = &out.previous_evidence {
        eprintln!("Thư mục minh chứng cũ được giữ lại tại {}.", previous.display());
    }
    Ok(())
}

fn figures(b: &BackupInfo) -> String {
    format!("{} phần việc, {} tệp minh chứng, lược đồ {}, {:.1} MB", b.assignments, b.evidence_files, b.schema_version, b.size_bytes as f64 / 1_048_576.0)
}

fn local(stored: &str) -> String {
    time::from_stored(stored).map(time::format_local).unwrap_or_else(|_| stored.to_string())
}
