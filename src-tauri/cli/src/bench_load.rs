//! `bench load`: what the window's reads cost while a bulk import runs through the writer.
//!
//! The window reads through a pool of read-only connections (`store::Readers`); in WAL mode
//! they never wait for the writer. This measures it: the overview and a unit's page, idle
//! and while `import --replace` of a whole store of the same size holds the writer in one
//! IMMEDIATE transaction. Figures, not a test.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dondoc_core::queries::units;
use dondoc_core::store::Readers;
use dondoc_core::{export, CoreError, Store};
use dondoc_devtools::benchdata;

/// Median and p95 of a set of timings.
fn figures(mut times: Vec<Duration>) -> (Duration, Duration, usize) {
    times.sort();
    let n = times.len().max(1);
    let at = |q: f64| times.get(((n as f64 * q).ceil() as usize).clamp(1, n) - 1).copied().unwrap_or_default();
    (at(0.5), at(0.95), times.len())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Builds two stores of `size` parts in `dir` (one to export, one to read and import into)
/// and prints a table: each read, idle and under the import.
pub fn run(dir: &Path, size: usize, seed: u64, reads: usize) -> Result<String, CoreError> {
    let source = dir.join("source.sqlite3");
    let live = dir.join("live.sqlite3");
    let mut doc = Vec::new();
    {
        let mut s = Store::open(&source)?;
        benchdata::generate(s.conn_mut(), size, seed)?;
        export::write_json(s.conn(), &mut doc)?;
    }
    let doc: serde_json::Value = serde_json::from_slice(&doc)?;
    let mut writer = Store::open(&live)?;
    benchdata::generate(writer.conn_mut(), size, seed)?;
    dondoc_core::db::refold(writer.conn_mut())?;
    let readers = Arc::new(Readers::open(&live, 2)?);
    let as_of = benchdata::as_of();
    let unit = units::find_unit_by_code(writer.conn(), "xa-my-ha")?.expect("seeded").id;

    let overview = |r: &Readers| -> Result<Duration, CoreError> {
        let t = Instant::now();
        r.read(|s| s.dashboard(as_of))?;
        Ok(t.elapsed())
    };
    let unit_page = |r: &Readers| -> Result<Duration, CoreError> {
        let t = Instant::now();
        r.read(|s| s.unit_page(unit, as_of))?;
        Ok(t.elapsed())
    };

    let mut idle = (Vec::new(), Vec::new());
    for _ in 0..reads {
        idle.0.push(overview(&readers)?);
        idle.1.push(unit_page(&readers)?);
    }

    // The import holds the writer in one transaction; the reads go on beside it, and only
    // the reads that finished while it ran count.
    let running = Arc::new(AtomicBool::new(true));
    let import = {
        let running = running.clone();
        std::thread::spawn(move || -> Result<(usize, Duration), CoreError> {
            let t = Instant::now();
            let n = writer.import_all(&doc, true);
            running.store(false, Ordering::SeqCst);
            Ok((n?, t.elapsed()))
        })
    };
    let mut busy = (Vec::new(), Vec::new());
    while running.load(Ordering::SeqCst) {
        let o = overview(&readers)?;
        let u = unit_page(&readers)?;
        if running.load(Ordering::SeqCst) {
            busy.0.push(o);
            busy.1.push(u);
        }
    }
    let (rows, took) = import.join().map_err(|_| CoreError::Conflict("the import thread panicked".into()))??;

    let mut out = format!(
        "Reads while `import --replace` of {rows} rows ({size} parts) runs through the writer for {:.1} s (2 read connections):\n\n",
        took.as_secs_f64()
    );
    out.push_str("| read | idle median | idle p95 | during import median | during import p95 | reads during import |\n|---|---:|---:|---:|---:|---:|\n");
    for (name, i, b) in [("overview", idle.0, busy.0), ("unit page (UBND xã Mỹ Hà)", idle.1, busy.1)] {
        let (im, ip, _) = figures(i);
        let (bm, bp, n) = figures(b);
        out.push_str(&format!("| {name} | {} | {} | {} | {} | {n} |\n", ms(im), ms(ip), ms(bm), ms(bp)));
    }
    Ok(out)
}
