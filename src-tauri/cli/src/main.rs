//! `dondoc-cli`: the office's admin tool over the same store as the desktop app.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use args::{BenchCommand, Cli, Command, DirectivesCommand, TasksCommand, UnitsCommand};
use clap::Parser;
use dondoc_core::queries::{assignments, stats, unit_lookup, units};
mod accounts;
mod args;
mod backup;
mod bench;
mod bench_load;
mod bench_portal;
mod bench_report;
mod calendar;
mod corrections;
mod crash;
mod desk;
mod directives;
mod notice;
mod par;
mod remind;
mod report;
mod serve;

use dondoc_core::portal::TaskLine;
use dondoc_core::{export, registry, CoreError, Store};

/// The app's identifier: its data folder on Linux is `$XDG_DATA_HOME/<identifier>`.
const IDENTIFIER: &str = "vn.gov.myloc.dondoc";

fn default_db() -> PathBuf {
    if let Some(p) = std::env::var_os("DONDOC_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".local/share"));
    data.join(IDENTIFIER).join("dondoc.sqlite3")
}

fn write_out(out: Option<PathBuf>, text: &str) -> Result<(), CoreError> {
    match out {
        Some(path) => std::fs::write(path, text)?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// The acting context: the CLI is the one place besides the window that reads the clock.
fn ctx() -> dondoc_core::Ctx {
    dondoc_core::Ctx::new(chrono::Utc::now(), "dondoc-cli")
}

fn day(at: Option<String>) -> Result<chrono::NaiveDate, CoreError> {
    match at {
        Some(s) => dondoc_core::time::parse_date("at", &s),
        None => Ok(ctx().today()),
    }
}

fn run(cli: Cli) -> Result<(), CoreError> {
    if let Some(done) = crash::command(&cli) {
        return done;
    }
    if let Command::NotificationServer { out, click_after_ms } = &cli.command {
        let sink: Box<dyn Write + Send> = match out {
            Some(p) => Box::new(std::fs::OpenOptions::new().create(true).append(true).open(p)?),
            None => Box::new(std::io::stdout()),
        };
        let click = click_after_ms.map(std::time::Duration::from_millis);
        let _conn =
            dondoc_devtools::recorder::serve_recorder(sink, click).map_err(|e| CoreError::Conflict(format!("không chạy được máy chủ thông báo: {e}")))?;
        eprintln!("ready");
        loop {
            std::thread::park();
        }
    }
    if let Command::Bench { command: BenchCommand::Load { size, seed, reads } } = &cli.command {
        let dir = std::env::temp_dir().join(format!("dondoc-bench-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let out = bench_load::run(&dir, *size, *seed, *reads);
        let _ = std::fs::remove_dir_all(&dir);
        print!("{}", out?);
        return Ok(());
    }
    if let Command::Bench { command: BenchCommand::Portal { seconds, sessions, size, pause_ms, url } } = &cli.command {
        // Never the office's store by default: the benchmark enables accounts and ticks parts off.
        let db = cli.db.clone().ok_or_else(|| CoreError::invalid("db", "Hãy chỉ rõ kho đo bằng --db (lệnh đo bật tài khoản và đánh dấu hoàn thành)."))?;
        let plan =
            bench_portal::Plan { seconds: *seconds, sessions: *sessions, size: *size, pause: std::time::Duration::from_millis(*pause_ms), url: url.clone() };
        print!("{}", bench_portal::run(&db, &plan)?);
        return Ok(());
    }
    if let Command::Bench { command: BenchCommand::Report { assignments, seed, dir } } = &cli.command {
        let dir = dir.clone().unwrap_or_else(std::env::temp_dir).join(format!("dondoc-bench-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let out = bench_report::run(&dir, *assignments, *seed);
        let _ = std::fs::remove_dir_all(&dir);
        print!("{}", out?);
        return Ok(());
    }
    if let Command::Bench { command: BenchCommand::Reader { corpus, runs } } = &cli.command {
        print!("{}", bench::markdown(&bench::run_reader(corpus.as_deref(), *runs)?));
        return Ok(());
    }
    if let Command::Bench { command: BenchCommand::Core { sizes, seed, runs, dir } } = &cli.command {
        // Benchmarks build their own stores; the office's store is not touched. They go into
        // a folder of their own, removed afterwards: inside `--dir` when given (a disk with
        // room for a 1M store), never `--dir` itself, which may hold anything.
        let parent = dir.clone().unwrap_or_else(std::env::temp_dir);
        let dir = parent.join(format!("dondoc-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let mut rows = Vec::new();
        for size in sizes {
            rows.extend(bench::run_size(&dir, *size, *seed, *runs)?);
        }
        print!("{}", bench::markdown(&rows));
        let _ = std::fs::remove_dir_all(&dir);
        return Ok(());
    }
    if let Command::Directives { command } = &cli.command {
        // The reader needs no store when a registry file is given.
        let db = cli.db.clone().unwrap_or_else(default_db);
        match command {
            DirectivesCommand::Parse { meeting_date, units } => return directives::run_parse(meeting_date, units.as_deref(), &db),
            DirectivesCommand::ParseCorpus { dir, out, units } => return directives::run_parse_corpus(dir, out, units.as_deref(), &db),
            // The reviews are in the store: opened below as every command opens it, never created.
            DirectivesCommand::Corrections { .. } if !db.is_file() => return directives::open_existing(&db).map(drop),
            DirectivesCommand::Corrections { .. } => {}
        }
    }
    if let Command::Backup { .. } | Command::Restore { .. } = &cli.command {
        // Not through `Store::open`: a backup keeps the store as it is (no migration), and a
        // restore must not hold it open while swapping it.
        return backup::run(&cli.db.clone().unwrap_or_else(default_db), cli.command);
    }
    let db = cli.db.unwrap_or_else(default_db);
    // A store made by an older version is backed up before it is migrated, as the app does.
    let backup_first = |conn: &dondoc_core::db::Connection, from: i64| {
        let taken = dondoc_core::backup::place::before_migration(conn, &db, chrono::Utc::now(), from)?;
        eprintln!("Đã sao lưu dữ liệu (phiên bản {from}) trước khi nâng cấp: {}.", taken.info.path.display());
        Ok(())
    };
    let mut store = Store::open_with(&db, &dondoc_core::db::OpenOptions { before_migration: Some(&backup_first), ..Default::default() })?;
    desk::refuse_office_only(&store, &cli.command)?;
    // A unit's desk queues its ticks for the office (`Store::roll_recurrences` already
    // leaves a desk's periods to the office).
    let office = store.desk_link()?.is_none();
    match cli.command {
        Command::Units { command: UnitsCommand::Import { file } } => {
            let n = store.import_registry(&std::fs::read_to_string(&file)?)?;
            eprintln!("Đã nhập {}: {} đơn vị thêm mới, {} đơn vị thay đổi, {} đơn vị không đổi.", file.display(), n.added, n.updated, n.unchanged);
        }
        Command::Units { command: UnitsCommand::List { json } } => {
            let all = units::list_units(store.conn())?;
            if json {
                write_out(None, &serde_json::to_string_pretty(&all)?)?;
            } else {
                for u in all {
                    println!("{:<16} {:<9} {}{}", u.code, u.kind.as_str(), u.name, if u.active { "" } else { " (lưu trữ)" });
                }
            }
        }
        Command::Units { command: UnitsCommand::Export { out } } => {
            write_out(out, &serde_json::to_string_pretty(&registry::export(store.conn())?)?)?;
        }
        Command::Export { json: _, out } => match out {
            Some(path) => {
                let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
                export::write_json(store.conn(), &mut file)?;
                file.flush()?;
            }
            None => {
                let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
                export::write_json(store.conn(), &mut stdout)?;
                stdout.write_all(b"\n")?;
                stdout.flush()?;
            }
        },
        Command::Tasks { command: TasksCommand::List { json, unit, status, at } } => {
            store.roll_recurrences(&ctx())?;
            let as_of = day(at)?;
            let unit_ids = match unit {
                Some(name) => Some(unit_lookup::resolve(store.conn(), &name)?.unit_ids()),
                None => None,
            };
            let status = match status {
                Some(code) => Some(
                    dondoc_core::status::Status::from_code(&code).ok_or_else(|| CoreError::invalid("status", format!("Trạng thái “{code}” không hợp lệ.")))?,
                ),
                None => None,
            };
            let filter = assignments::AssignmentFilter { unit_ids, status, ..Default::default() };
            let rows = assignments::list(store.conn(), &filter, as_of)?;
            if json {
                // The contract's fields, as the portal serves them too.
                let lines: Vec<TaskLine> = rows.iter().map(TaskLine::from).collect();
                write_out(None, &serde_json::to_string_pretty(&lines)?)?;
            } else {
                for r in rows {
                    let deadline = r.deadline.as_deref().unwrap_or("không hạn");
                    println!("{:>6}  {:<14} {:<10} {:<26} {}", r.id, r.unit_code, deadline, r.status_label, r.task_title);
                }
            }
        }
        Command::Tasks { command: TasksCommand::Add { title, units: names, source, deadline, given_on, recurrence } } => {
            let (mut lead_unit_ids, mut lead_group_ids) = (Vec::new(), Vec::new());
            for name in names {
                match unit_lookup::resolve(store.conn(), &name)? {
                    unit_lookup::Named::Unit(u) => lead_unit_ids.push(u.id),
                    unit_lookup::Named::Group(g) => lead_group_ids.push(g.id),
                }
            }
            let input = dondoc_core::rules::task::TaskInput {
                source_ref: Some(source),
                title,
                deadline,
                lead_unit_ids,
                lead_group_ids,
                given_on,
                recurrence,
                ..Default::default()
            };
            let id = store.create_task(&ctx(), &input)?;
            println!("{}", serde_json::json!({ "task_id": id }));
        }
        Command::Tasks { command: TasksCommand::Done { id, on, note, value } } if !office => desk::done(&mut store, id, on, note, value)?,
        Command::Tasks { command: TasksCommand::Done { id, on, note, value } } => {
            store.complete_assignment(&ctx(), id, &dondoc_core::rules::part::Completion { completed_on: on, note, reported_value: value })?;
            eprintln!("Đã đánh dấu hoàn thành phần việc {id}.");
        }
        Command::Notice { conference, out, number, date, force } => notice::run(&mut store, conference, &out, number, date, force)?,
        Command::Stats { at, json, unit } => {
            store.roll_recurrences(&ctx())?;
            let only = match unit {
                Some(name) => Some(unit_lookup::resolve(store.conn(), &name)?.unit_ids()),
                None => None,
            };
            let rows: Vec<_> =
                stats::per_unit(store.conn(), day(at)?)?.into_iter().filter(|u| only.as_ref().is_none_or(|ids| ids.contains(&u.unit_id))).collect();
            if json {
                write_out(None, &serde_json::to_string_pretty(&rows)?)?;
            } else {
                println!("{:<16} {:>5} {:>13} {:>12} {:>8} {:>9} {:>9}", "đơn vị", "tổng", "xong đúng hạn", "xong quá hạn", "quá hạn", "đang làm", "phối hợp");
                for u in rows {
                    println!(
                        "{:<16} {:>5} {:>13} {:>12} {:>8} {:>9} {:>9}",
                        u.unit, u.total, u.done_on_time, u.done_late, u.overdue, u.in_progress, u.coordinating
                    );
                }
            }
        }
        Command::Par { command } => par::run(&mut store, command)?,
        Command::Report(args) => {
            store.roll_recurrences(&ctx())?;
            let as_of = day(args.at.clone())?;
            report::run(&store, as_of, args)?;
        }
        Command::Remind { once, at } => {
            let notifier = dondoc_notify::Notifier::new("Đôn đốc", None);
            let at = match at {
                Some(s) => chrono::DateTime::parse_from_rfc3339(s.trim())
                    .map(|d| d.with_timezone(&chrono::Utc))
                    .map_err(|_| CoreError::invalid("at", format!("Thời điểm “{s}” không hợp lệ; dùng dạng 2023-02-21T07:30:00+07:00.")))?,
                None => chrono::Utc::now(),
            };
            store.roll_recurrences(&dondoc_core::Ctx::new(at, "dondoc-cli"))?;
            remind::once(&mut store, &notifier, at)?;
            if !once {
                // The same loop as the app's scheduler, for a machine without the window.
                loop {
                    let now = chrono::Utc::now();
                    let wait = store
                        .next_reminder_at(now)?
                        .map(|t| (t - now).to_std().unwrap_or_default())
                        .unwrap_or(std::time::Duration::from_secs(60))
                        .min(std::time::Duration::from_secs(60));
                    std::thread::sleep(wait);
                    remind::once(&mut store, &notifier, chrono::Utc::now())?;
                }
            }
        }
        Command::CustomReminder { assignment, at, note } => {
            let id = store.add_custom_reminder(&ctx(), None, Some(assignment), &at, note.as_deref())?;
            eprintln!("Đã đặt nhắc việc {id} cho phần việc {assignment} lúc {at}.");
        }
        Command::BenchData { assignments, seed } => {
            let g = dondoc_devtools::benchdata::generate(store.conn_mut(), assignments, seed)?;
            println!("{}", serde_json::to_string(&g)?);
            eprintln!("Tính đến ngày {} (as-of): {} hội nghị, {} nhiệm vụ, {} phần việc.", g.as_of, g.conferences, g.tasks, g.assignments);
        }
        Command::Directives { command: DirectivesCommand::Corrections { out, force } } => corrections::run(&store, &out, force)?,
        Command::Bench { .. }
        | Command::NotificationServer { .. }
        | Command::Directives { .. }
        | Command::Backup { .. }
        | Command::Restore { .. }
        | Command::CrashWriter { .. } => unreachable!("handled before the store is opened"),
        Command::Connect { server, user, password, fingerprint, new_password } => {
            desk::connect(&mut store, &dondoc_desk::ConnectInput { server, user, password, fingerprint, new_password })?
        }
        Command::Sync => desk::sync(&mut store)?,
        Command::Disconnect => {
            dondoc_desk::forget(&store)?;
            eprintln!("Đã đăng xuất máy đơn vị; danh sách đã lấy vẫn được giữ.");
        }
        Command::Accounts { command } => accounts::run(&mut store, &ctx(), command)?,
        Command::Calendar(args) => calendar::run(&mut store, args)?,
        Command::Serve { listen, cert, key } => {
            // The portal opens its own writer and readers; this one has migrated the store.
            drop(store);
            serve::run(&db, listen, cert.zip(key))?;
        }
        Command::Demo => {
            let id = dondoc_core::demo::load(&mut store, &ctx())?;
            eprintln!("Đã nạp hội nghị mẫu (mã {id}): {}.", dondoc_core::demo::TITLE);
        }
        Command::Import { json, replace } => {
            let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json)?)?;
            // The whole document is checked before anything happens, a backup included.
            export::validate(store.conn(), &doc)?;
            // With `--replace`, the store as it is goes into a backup first: after the
            // document passed the check, before anything is deleted.
            if replace {
                let taken = dondoc_core::backup::place::take_for(store.conn(), &db, chrono::Utc::now(), dondoc_core::backup::Reason::BeforeImport)?;
                eprintln!("Đã sao lưu dữ liệu hiện có trước khi thay thế: {}.", taken.info.path.display());
            }
            let n = store.import_all(&doc, replace)?;
            eprintln!("Đã nhập {n} dòng dữ liệu từ {}.", json.display());
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    // The core's warnings go to stderr, where the admin reads the CLI's own messages.
    let level = std::env::var("DONDOC_LOG").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(tracing::level_filters::LevelFilter::WARN);
    tracing_subscriber::fmt().with_writer(std::io::stderr).with_target(false).without_time().with_max_level(level).init();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Lỗi ({}): {e}", e.code());
            // SQLite's or the system's own words, for whoever debugs; not for the office.
            if let Some(detail) = e.detail().filter(|_| std::env::var_os("DONDOC_DEBUG").is_some()) {
                eprintln!("Chi tiết kỹ thuật: {detail}");
            }
            ExitCode::from(if e.code() == "validation" || e.code() == "conflict" { 2 } else { 1 })
        }
    }
}
