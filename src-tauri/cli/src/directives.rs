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

/// Largest text `directives parse` reads. A conclusion notice is a few pages (tens of
/// kilobytes); a megabyte is far more than any, and bounds the reader's time and memory
/// (20 MB took 18 s and 474 MB).
pub const MAX_TEXT: usize = 1024 * 1024;

/// The store at `db` when it exists. The reader only reads the registry: it never creates
/// a store (a mistyped `--db` would otherwise leave a new, empty store behind).
pub fn open_existing(db: &Path) -> Result<Store, CoreError> {
    if !db.is_file() {
        return Err(CoreError::invalid(
            "db",
            format!("Không có cơ sở dữ liệu ở {}. Hãy chỉ tệp danh mục đơn vị bằng --units (ví dụ --units units.json) hoặc chỉ đúng --db.", db.display()),
        ));
    }
    Store::open(db)
}

/// Reads at most [`MAX_TEXT`] bytes of UTF-8 from `input`: one byte more is refused
/// without reading the rest.
pub fn read_text(input: impl Read) -> Result<String, CoreError> {
    let mut bytes = Vec::new();
    input.take(MAX_TEXT as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > MAX_TEXT {
        return Err(CoreError::invalid("text", "Văn bản đầu vào lớn hơn 1 MB; một thông báo kết luận chỉ vài trang. Hãy kiểm tra lại tệp đưa vào."));
    }
    String::from_utf8(bytes).map_err(|_| CoreError::invalid("text", "Văn bản đầu vào không phải UTF-8; hãy lưu tệp dưới dạng UTF-8 rồi thử lại."))
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
    let mut names: Vec<_> = std::fs::read_dir(dir)?.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    names.sort();
    for path in &names {
        let case: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
        let text = case["text"].as_str().ok_or_else(|| CoreError::invalid("text", format!("{}: thiếu trường “text”.", path.display())))?;
        let date =
            case["meeting_date"].as_str().ok_or_else(|| CoreError::invalid("meeting_date", format!("{}: thiếu trường “meeting_date”.", path.display())))?;
        if text.len() > MAX_TEXT {
            return Err(CoreError::invalid("text", format!("{}: văn bản lớn hơn 1 MB.", path.display())));
        }
        let tasks = reader.read(text, meeting(date)?);
        let name = path.file_name().unwrap_or_default();
        std::fs::write(out.join(name), serde_json::to_string_pretty(&tasks)?)?;
    }
    Ok(names.len())
}

/// The whole `directives parse` command: text from standard input, JSON to standard output.
/// The store at `db` is read only when no `units` file is given, and only if it exists.
pub fn run_parse(meeting_date: &str, units: Option<&Path>, db: &Path) -> Result<(), CoreError> {
    let registry = load_registry(units, || open_existing(db))?;
    let text = read_text(std::io::stdin().lock())?;
    let json = parse(&text, meeting_date, &registry)?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(json.as_bytes())?;
    stdout.write_all(b"\n")?;
    Ok(())
}

/// The whole `directives parse-corpus` command.
pub fn run_parse_corpus(dir: &Path, out: &Path, units: Option<&Path>, db: &Path) -> Result<(), CoreError> {
    let registry = load_registry(units, || open_existing(db))?;
    let n = parse_corpus(dir, out, &registry)?;
    eprintln!("Đã đọc {n} tình huống; kết quả ở {}.", out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_up_to_a_megabyte_is_read_and_one_byte_more_is_refused_unread() {
        assert_eq!(read_text(&vec![b'a'; MAX_TEXT][..]).unwrap().len(), MAX_TEXT);
        // A reader that would fail past 1 MB + 1 byte: the rest is never asked for.
        let endless = std::io::repeat(b'a');
        let err = read_text(endless).unwrap_err();
        assert_eq!(err.field(), Some("text"));
        assert!(err.to_string().contains("lớn hơn 1 MB"), "{err}");
        assert!(read_text(&[0xff, 0xfe][..]).unwrap_err().to_string().contains("UTF-8"));
    }
}
