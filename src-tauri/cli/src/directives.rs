//! `dondoc-cli directives …`: the directive reader from the command line, for checking it
//! against a corpus. Plain functions; the argument parsing lives in `main.rs`.

use std::io::{Read, Write};
use std::path::Path;

use dondoc_core::reader::Reader;
use dondoc_core::registry::{self, RegistryFile};
use dondoc_core::{CoreError, Store};

/// The registry to read with: the `units.json`-format file when given, else the store's.
pub fn load_registry(units: Option<&Path>, store: impl FnOnce() -> Result<Store, CoreError>) -> Result<RegistryFile, CoreError> {
    match units {
        Some(path) => registry::parse(&std::fs::read_to_string(path)?),
        None => registry::export(store()?.conn()),
    }
}

fn meeting(date: &str) -> Result<chrono::NaiveDate, CoreError> {
    dondoc_core::time::parse_date("meeting_date", date)
}

/// `directives parse`: the tasks of one text, as a pretty JSON array.
pub fn parse(text: &str, meeting_date: &str, registry: &RegistryFile) -> Result<String, CoreError> {
    let tasks = Reader::new(registry).read(text, meeting(meeting_date)?);
    Ok(serde_json::to_string_pretty(&tasks)?)
}

/// `directives parse-corpus`: reads every `*.json` case in `dir` (only `text` and
/// `meeting_date`) and writes `out/<same name>` with the predicted task list, the format
/// `score.py` reads. Returns the number of cases.
pub fn parse_corpus(dir: &Path, out: &Path, registry: &RegistryFile) -> Result<usize, CoreError> {
    let reader = Reader::new(registry);
    std::fs::create_dir_all(out)?;
    let mut names: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    for path in &names {
        let case: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
        let text = case["text"].as_str().ok_or_else(|| CoreError::invalid("text", format!("{}: thiếu trường “text”.", path.display())))?;
        let date = case["meeting_date"]
            .as_str()
            .ok_or_else(|| CoreError::invalid("meeting_date", format!("{}: thiếu trường “meeting_date”.", path.display())))?;
        let tasks = reader.read(text, meeting(date)?);
        let name = path.file_name().unwrap_or_default();
        std::fs::write(out.join(name), serde_json::to_string_pretty(&tasks)?)?;
    }
    Ok(names.len())
}

/// The whole `directives parse` command: text from standard input, JSON to standard output.
/// The store at `db` is opened only when no `units` file is given.
pub fn run_parse(meeting_date: &str, units: Option<&Path>, db: &Path) -> Result<(), CoreError> {
    let registry = load_registry(units, || Store::open(db))?;
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let json = parse(&text, meeting_date, &registry)?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(json.as_bytes())?;
    stdout.write_all(b"\n")?;
    Ok(())
}

/// The whole `directives parse-corpus` command.
pub fn run_parse_corpus(dir: &Path, out: &Path, units: Option<&Path>, db: &Path) -> Result<(), CoreError> {
    let registry = load_registry(units, || Store::open(db))?;
    let n = parse_corpus(dir, out, &registry)?;
    eprintln!("Đã đọc {n} tình huống; kết quả ở {}.", out.display());
    Ok(())
}
