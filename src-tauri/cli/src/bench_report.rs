//! `dondoc-cli bench report`: the status report of a generated store of the district, every
//! part in it: building the report, rendering the .xlsx and the CSV, writing each file.
//! Prints seconds, rows, file sizes and memory (VmRSS before each step, VmHWM — the peak —
//! after it, the peak reset before each step where the kernel allows). Figures, not a test.

use std::path::Path;
use std::time::Instant;

use dondoc_core::documents::report::{self, ReportScope};
use dondoc_core::documents::{self, csv, xlsx};
use dondoc_core::{CoreError, Store};
use dondoc_devtools::benchdata;

/// A field of /proc/self/status in MiB ("VmRSS", "VmHWM"); 0 where there is none.
fn status_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status.lines().find_map(|l| l.strip_prefix(field)?.strip_prefix(':')?.trim().strip_suffix("kB")?.trim().parse::<f64>().ok());
    kib.unwrap_or(0.0) / 1024.0
}

/// Resets the peak (VmHWM) to the current RSS (Linux ≥ 4.0); whether it could.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

struct Step {
    name: &'static str,
    seconds: f64,
    rows: usize,
    bytes: Option<usize>,
    rss_before: f64,
    peak_after: f64,
}

fn step<T>(steps: &mut Vec<Step>, name: &'static str, rows: usize, f: impl FnOnce() -> Result<(T, Option<usize>), CoreError>) -> Result<T, CoreError> {
    reset_peak();
    let rss_before = status_mib("VmRSS");
    let t = Instant::now();
    let (out, bytes) = f()?;
    let seconds = t.elapsed().as_secs_f64();
    steps.push(Step { name, seconds, rows, bytes, rss_before, peak_after: status_mib("VmHWM") });
    Ok(out)
}

/// Builds a store of `size` parts in `dir`, then times the district's report as of the
/// generated store's date in both formats; the files go to `dir` too.
pub fn run(dir: &Path, size: usize, seed: u64) -> Result<String, CoreError> {
    let mut steps = Vec::new();
    let mut store = Store::open(&dir.join("bench-report.sqlite3"))?;
    let generated = step(&mut steps, "generate store", size, || Ok((benchdata::generate(store.conn_mut(), size, seed)?, None)))?;
    let as_of = benchdata::as_of();
    // For comparison: the parts alone, as the list query gives them (no sort, no summary).
    step(&mut steps, "list every part (assignments::list, dropped)", size, || {
        let n = dondoc_core::queries::assignments::list(store.conn(), &Default::default(), as_of)?.len();
        Ok((n, None))
    })?;
    let report =
        step(&mut steps, "build report (per_unit + every part, sorted)", 0, || Ok((report::build(store.conn(), ReportScope::District, as_of)?, None)))?;
    let rows = report.rows.len();
    steps.last_mut().expect("one step").rows = rows;
    let xlsx_bytes = step(&mut steps, "render .xlsx (constant memory)", rows, || {
        let b = xlsx::render(&report)?;
        let n = b.len();
        Ok((b, Some(n)))
    })?;
    let xlsx_path = dir.join("báo cáo.xlsx");
    step(&mut steps, "write .xlsx file", rows, || Ok((documents::write_file(&xlsx_path, &xlsx_bytes, true)?, Some(xlsx_bytes.len()))))?;
    drop(xlsx_bytes);
    let csv_bytes = step(&mut steps, "render .csv", rows, || {
        let b = csv::render(&report);
        let n = b.len();
        Ok((b, Some(n)))
    })?;
    let csv_path = dir.join("báo cáo.csv");
    step(&mut steps, "write .csv file", rows, || Ok((documents::write_file(&csv_path, &csv_bytes, true)?, Some(csv_bytes.len()))))?;

    let mut out = format!(
        "Status report of the district as of {as_of}, on a generated store of {} parts ({} units in the summary; peak reset before each step: {}):\n\n",
        generated.assignments,
        report.summary.len(),
        if reset_peak() { "yes" } else { "no, VmHWM is the process's peak so far" },
    );
    out.push_str("| step | seconds | rows | file size | VmRSS before | VmHWM after |\n|---|---:|---:|---:|---:|---:|\n");
    for s in &steps {
        let size = s.bytes.map(|b| format!("{:.1} MB", b as f64 / 1e6)).unwrap_or_else(|| "—".into());
        out.push_str(&format!("| {} | {:.2} | {} | {size} | {:.0} MiB | {:.0} MiB |\n", s.name, s.seconds, s.rows, s.rss_before, s.peak_after));
    }
    Ok(out)
}
