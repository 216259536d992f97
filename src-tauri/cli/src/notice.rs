//! `notice`: the conclusion notice of a conference as a .docx (NĐ 30), as the window's
//! "Xuất Thông báo kết luận" writes it with the form left as pre-filled.

use std::path::Path;

use dondoc_core::documents::notice;
use dondoc_core::{CoreError, Store};

/// Pre-fills the notice for `conference` (as the window's form does), overrides the
/// number and date when given, issues it and writes it to `out`. Prints one JSON line:
/// `{"out","number","date"}`.
pub fn run(store: &mut Store, conference: i64, out: &Path, number: Option<u32>, date: Option<String>, force: bool) -> Result<(), CoreError> {
    let ctx = crate::ctx();
    let mut draft = notice::draft(store.conn(), conference, ctx.today())?.draft;
    if let Some(d) = date {
        let date = dondoc_core::time::parse_date("date", &d)?;
        draft.date = date.to_string();
        draft.number = notice::suggested_number(store.conn(), conference, chrono::Datelike::year(&date), &draft.symbol)?.0;
    }
    if let Some(n) = number {
        draft.number = n;
    }
    let issued = notice::export(store, &ctx, &draft, out, force)?;
    println!("{}", serde_json::json!({ "out": issued.path, "number": issued.number, "date": issued.date }));
    eprintln!("Đã xuất Thông báo kết luận số {} vào {}.", issued.number, issued.path);
    Ok(())
}
