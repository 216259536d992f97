//! `dondoc-cli directives corrections`: every review of the reader that the secretary
//! accepted in the window, written out as cases of the reader's corpus (one
//! `office-<conference>-<n>.json` per review, the schema of `shared/directives/dev`), so
//! `score.py` measures the reader on the office's own conclusions.

use std::path::Path;

use dondoc_core::documents::write_file;
use dondoc_core::{CoreError, Store};

/// Writes the cases into `out` (created if missing) and prints exactly
/// `{"out": DIR, "cases": n}` (a contract). Refuses before writing anything when a case's
/// file already exists, unless `force`.
pub fn run(store: &Store, out: &Path, force: bool) -> Result<(), CoreError> {
    let cases = store.reader_cases()?;
    if out.exists() && !out.is_dir() {
        return Err(CoreError::invalid("out", format!("“{}” là một tệp, không phải thư mục; hãy chỉ một thư mục để ghi các tình huống.", out.display())));
    }
    std::fs::create_dir_all(out).map_err(|e| CoreError::file("Không tạo được thư mục", out, e))?;
    let files: Vec<_> = cases.iter().map(|c| out.join(format!("{}.json", c.id))).collect();
    if !force {
        let taken: Vec<String> = files.iter().filter(|f| f.exists()).map(|f| f.display().to_string()).collect();
        if let Some(first) = taken.first() {
            let more = if taken.len() > 1 { format!(" (và {} tệp khác)", taken.len() - 1) } else { String::new() };
            return Err(CoreError::Conflict(format!("Đã có tệp {first}{more}; không ghi tệp nào. Dùng --force để ghi đè.")));
        }
    }
    for (case, file) in cases.iter().zip(&files) {
        let mut json = serde_json::to_string_pretty(case)?;
        json.push('\n');
        write_file(file, json.as_bytes(), force)?;
    }
    println!("{}", serde_json::json!({ "out": out, "cases": cases.len() }));
    Ok(())
}
