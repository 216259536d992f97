//! Opening the SQLite store: per-connection PRAGMAs, migrations, first-start seeding.

use std::path::Path;

use rusqlite::OpenFlags;
use rusqlite_migration::{Migrations, M};

/// A connection, re-exported for hooks the shell passes in ([`OpenOptions`]).
pub use rusqlite::Connection;
/// SQLite errors, re-exported for callers that match on them.
pub use rusqlite::Error as SqlError;

use crate::error::{CoreError, Result, StoreProblem};

pub mod identify;
pub mod tallies;

pub use identify::APPLICATION_ID;
use identify::{io_problem, sqlite_problem, Found};

/// The schema history. Append-only: a shipped migration is never edited, so an office's
/// store upgrades step by step and keeps its data.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_search_and_people.sql"),
    include_str!("../migrations/0003_recurrence.sql"),
    include_str!("../migrations/0004_reminders.sql"),
    include_str!("../migrations/0005_task_search.sql"),
    include_str!("../migrations/0006_status_index.sql"),
    include_str!("../migrations/0007_progress_indexes.sql"),
    include_str!("../migrations/0008_daily_overdue_and_lists.sql"),
    include_str!("../migrations/0009_search_prefix_index.sql"),
    include_str!("../migrations/0010_unit_day_count.sql"),
    include_str!("../migrations/0011_given_on.sql"),
    include_str!("../migrations/0012_district_unit_and_conference_search.sql"),
    include_str!("../migrations/0013_portal.sql"),
    include_str!("../migrations/0014_conference_day_count.sql"),
    include_str!("../migrations/0015_unit_done_index.sql"),
    include_str!("../migrations/0016_desk.sql"),
    include_str!("../migrations/0017_document_number.sql"),
    include_str!("../migrations/0018_reader_review.sql"),
    include_str!("../migrations/0019_par.sql"),
];

/// The schema version this build writes (the number of migrations).
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The migrations as rusqlite_migration wants them.
///
/// Version 11 has a Rust step: when each existing part began to exist depends on its
/// task's recurrence rule, which SQL cannot compute (see [`crate::opening::backfill`]).
pub fn migrations() -> Migrations<'static> {
    let steps = MIGRATIONS.iter().enumerate().map(|(i, sql)| match i + 1 {
        11 => M::up_with_hook(sql, |tx: &rusqlite::Transaction| crate::opening::backfill(tx).map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))),
        _ => M::up(sql),
    });
    Migrations::new(steps.collect())
}

/// Sets the PRAGMAs every connection needs. They are per connection, so they live here and
/// not in a migration: foreign keys are off by default in SQLite; WAL lets a reader (the
/// reminder scheduler, the CLI) run while the window writes; NORMAL is durable in WAL mode
/// against application crashes and costs no fsync per commit.
fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "busy_timeout", 5000)?;
    // An in-memory database answers "memory" here; that is fine.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // A write that fires triggers (the per-unit tally, migration 10) keeps a statement
    // journal to undo itself alone if it fails; SQLite writes those, and temporary sort
    // tables, to files by default: 1.5M pwrite calls while generating 100k parts. In
    // memory they stay small: one statement's pages, or one query's sort.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // Checkpoints copy the WAL back into the database file and fsync it. By default SQLite
    // runs one inside whichever commit crosses 1000 pages, so now and then a click pays
    // for it. A higher threshold moves that work to `checkpoint`, which the app calls
    // from its idle scheduler; closing the last connection checkpoints too.
    let _: i64 = conn.query_row("PRAGMA wal_autocheckpoint = 10000", [], |r| r.get(0))?;
    // After a burst (29 units ticking while lists are read) the WAL can grow to hundreds
    // of MB before a checkpoint finds no reader in the way; SQLite then writes it again
    // from the start but keeps the file at its largest. This cuts it back when that happens.
    let _: i64 = conn.query_row(&format!("PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}"), [], |r| r.get(0))?;
    // rusqlite keeps 16 prepared statements by default; the app uses a few dozen (~45
    // `prepare_cached` sites), and a click that recompiles its SQL pays 10-20 µs a statement.
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// The size, in bytes, a store's WAL file is cut back to once it has been checkpointed.
pub const WAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// Opens a read-only connection to the store at `path`, which a writer connection
/// ([`open_with`]) has already identified and migrated: the window's reads run on these,
/// so they never wait for a write (WAL gives each its own snapshot). Only the read-side
/// PRAGMAs are set; `busy_timeout` too, since a reader may briefly wait while SQLite
/// rebuilds the WAL index after another process stopped half-way.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(|e| sqlite_problem(path, e))?;
    conn.pragma_update(None, "busy_timeout", 5000).map_err(|e| sqlite_problem(path, e))?;
    conn.pragma_update(None, "temp_store", "MEMORY").map_err(|e| sqlite_problem(path, e))?;
    // A unit's list and the overview read a few thousand parts scattered over the table at
    // 100k: with SQLite's default 2 MB page cache each read went back to the file for most
    // pages. 16 MB per reader (a few are open) keeps a 100k store's hot pages; the cache
    // only grows as pages are read, so a small store costs nothing more.
    conn.pragma_update(None, "cache_size", -16384).map_err(|e| sqlite_problem(path, e))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// Copies what the WAL holds back into the database file without blocking readers or
/// writers (SQLite's PASSIVE checkpoint). Called when the app is idle.
pub fn checkpoint(conn: &Connection) -> Result<()> {
    let _: (i64, i64, i64) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(())
}

/// A hook run on an existing store before it is migrated, with its old schema version.
pub type BeforeMigration<'a> = &'a dyn Fn(&Connection, i64) -> Result<()>;

/// What the caller wants done while a store is opened.
#[derive(Default)]
pub struct OpenOptions<'a> {
    /// Runs on an existing store that is about to be migrated, with its old schema
    /// version, before any migration writes: the place to take a backup. An error stops
    /// the opening and leaves the store at its old version.
    pub before_migration: Option<BeforeMigration<'a>>,
    /// Leaves `PRAGMA quick_check` to the caller ([`quick_check`]), to run once the window
    /// is up: it reads the whole file (≈ 0.65 s of a 100k store's start on 2 cores), and
    /// the window can show the problem as well a moment later. Every other check stays.
    pub defer_quick_check: bool,
}

/// Runs `PRAGMA quick_check` on the store at `path` through a read-only connection of its
/// own (so the window's connection keeps working meanwhile); a damaged store is the same
/// `damaged` error [`open_with`] gives.
pub fn quick_check(path: &Path) -> Result<()> {
    identify::check_pages(path)
}

/// Opens (creating if needed) the store at `path`, brings its schema up to date.
///
/// See [`open_with`].
pub fn open(path: &Path) -> Result<Connection> {
    open_with(path, &OpenOptions::default(), &|_| Ok(()))
}

/// Opens (creating if needed) the store at `path`, brings its schema up to date and runs
/// `init` (the first-start seeding, idempotent) on it.
///
/// Nothing is written to a file before it is known to be a Đôn đốc store or blank (see
/// [`identify`]): another program's file, a damaged or newer store is refused with its
/// own message and left byte for byte as it was. A new store is built under a temporary
/// name and moved into place whole, so a failed first start leaves no half-made file that
/// a later start would have to guess about.
pub fn open_with(path: &Path, options: &OpenOptions, init: &dyn Fn(&mut Connection) -> Result<()>) -> Result<Connection> {
    let known = schema_version();
    let check = !options.defer_quick_check;
    if identify::identify(path, known, check)? == Found::Absent {
        create(path, init)?;
        // Someone may have created it meanwhile (a second launch): look again.
        identify::identify(path, known, check)?;
    }
    let mut conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(|e| sqlite_problem(path, e))?;
    // SQLite quietly opens a write-protected file read-only; every later write would fail.
    if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
        return Err(sqlite_problem(path, rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY), None)));
    }
    let on_file = |e: CoreError| match e {
        CoreError::Db(e) => sqlite_problem(path, e),
        CoreError::Migration(rusqlite_migration::Error::RusqliteError { err, query }) => match StoreProblem::of_sqlite(&err) {
            Some(_) => sqlite_problem(path, err),
            None => CoreError::Migration(rusqlite_migration::Error::RusqliteError { err, query }),
        },
        other => other,
    };
    configure(&conn).map_err(on_file)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| sqlite_problem(path, e))?;
    if version > 0 && version < known {
        if let Some(before) = options.before_migration {
            before(&conn, version)?;
        }
    }
    finish(&mut conn, init).map_err(on_file)?;
    Ok(conn)
}

/// Migrates, marks the file as ours, seeds.
fn finish(conn: &mut Connection, init: &dyn Fn(&mut Connection) -> Result<()>) -> Result<()> {
    migrations().to_latest(conn)?;
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app != APPLICATION_ID {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    init(conn)
}

/// Builds a new store beside `path` and moves it in whole. Moving uses a hard link, which
/// fails when `path` exists: a store another process created meanwhile is never replaced.
fn create(path: &Path, init: &dyn Fn(&mut Connection) -> Result<()>) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io_problem(dir, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "dondoc.sqlite3".into());
    let temp = dir.join(format!(".{name}.new-{}", std::process::id()));
    let remove_temp = || {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", temp.display()));
        }
    };
    remove_temp();
    let built = (|| -> Result<()> {
        let mut conn = Connection::open_with_flags(&temp, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        configure(&conn)?;
        finish(&mut conn, init)?;
        // Closing the only connection checkpoints the WAL into the file and removes it.
        conn.close().map_err(|(_, e)| e)?;
        std::fs::File::open(&temp)?.sync_all()?;
        Ok(())
    })();
    let moved = built.and_then(|()| match std::fs::hard_link(&temp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        // Some file systems (FAT on a USB stick, some network shares) have no hard links.
        Err(_) if !path.exists() => std::fs::rename(&temp, path).map_err(CoreError::from),
        Err(e) => Err(e.into()),
    });
    remove_temp();
    moved.map_err(|e| match e {
        CoreError::Db(e) => sqlite_problem(path, e),
        CoreError::Io(e) => io_problem(path, e),
        other => other,
    })
}

/// Opens a fresh in-memory store (tests, dry runs).
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    finish(&mut conn, &|_| Ok(()))?;
    Ok(conn)
}

/// Fills the diacritic-folded search columns of rows written before they existed
/// (schema 1), or by an import. Folding needs Rust (SQLite cannot map đ → d), so it cannot
/// live in a migration. Idempotent and cheap when nothing is missing.
pub fn refold(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    {
        let mut people = tx.prepare("SELECT id, name FROM person WHERE name_folded = ''")?;
        let rows: Vec<(i64, String)> = people.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        for (id, name) in rows {
            tx.execute("UPDATE person SET name_folded = ?2 WHERE id = ?1", rusqlite::params![id, crate::text::fold(&name)])?;
        }
        // A conference's search words: its own fields, leaders, directives and tasks.
        crate::queries::conference_search::reindex_missing(&tx)?;
        let mut tasks = tx.prepare("SELECT t.id, t.title FROM task t WHERE NOT EXISTS (SELECT 1 FROM task_search s WHERE s.rowid = t.id)")?;
        let rows: Vec<(i64, String)> = tasks.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let mut insert = tx.prepare("INSERT INTO task_search (rowid, folded) VALUES (?1, ?2)")?;
        for (id, title) in rows {
            insert.execute(rusqlite::params![id, crate::text::fold(&title)])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The file beside the store at `path` whose name adds `suffix` (SQLite's `-wal`, `-shm`).
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_validate() {
        assert!(migrations().validate().is_ok());
    }

    #[test]
    fn pragmas_are_set_on_file_stores() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join("sub/dondoc.sqlite3")).unwrap();
        let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!((fk, mode.as_str()), (1, "wal"));
    }

    #[test]
    fn refuses_a_file_that_is_not_a_store_and_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.sqlite3");
        std::fs::write(&path, "ghi chú quan trọng, không phải SQLite, đủ dài để có phần đầu tệp............").unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = open(&path).unwrap_err();
        assert_eq!(err.code(), "not_dondoc_file");
        assert_eq!(std::fs::read(&path).unwrap(), before, "a failed start must not touch the user's file");
    }

    #[test]
    fn version_9_rebuilds_the_task_search_with_prefix_indexes_and_keeps_every_entry() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 8).unwrap();
        conn.execute_batch("INSERT INTO task_search (rowid, folded) VALUES (7, 'so hoa ho so cap xa'), (9, 'bao cao ket qua cai cach hanh chinh');").unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let sql: String = conn.query_row("SELECT sql FROM sqlite_master WHERE name = 'task_search'", [], |r| r.get(0)).unwrap();
        assert!(sql.contains("prefix = '1 2 3'"), "{sql}");
        let found = |q: &str| -> Vec<i64> {
            let mut stmt = conn.prepare("SELECT rowid FROM task_search WHERE task_search MATCH ?1 ORDER BY rowid").unwrap();
            stmt.query_map([q], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
        };
        assert_eq!(found("\"so\"* AND \"hoa\"*"), vec![7]);
        assert_eq!(found("\"c\"*"), vec![7, 9], "one letter is a prefix too");
        assert_eq!(found("\"hanh\""), vec![9]);
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite3");
        drop(open(&path).unwrap());
        {
            let c = Connection::open(&path).unwrap();
            c.pragma_update(None, "user_version", 99).unwrap();
        }
        let err = open(&path).unwrap_err();
        assert!(err.to_string().contains("mới hơn"), "{err}");
        assert_eq!(err.code(), "newer_version");
    }
}
