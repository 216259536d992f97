//! `dondoc-cli calendar`: the .ics of the open deadlines of the district or of one unit,
//! written whole or not at all, never over an existing file without `--force`.

use std::path::PathBuf;

use clap::Args;
use dondoc_core::documents::calendar;
use dondoc_core::queries::unit_lookup::{self, Named};
use dondoc_core::{CoreError, Ctx, Store};

/// Lịch (.ics) các hạn chưa hoàn thành.
#[derive(Args, Debug)]
pub struct CalendarArgs {
    /// Chỉ một đơn vị: mã, tên hoặc tên viết tắt (có dấu hay không); mặc định cả huyện.
    #[arg(long)]
    pub unit: Option<String>,
    /// Tệp lịch cần tạo (.ics).
    #[arg(long)]
    pub out: PathBuf,
    /// Ghi đè nếu tệp đã có.
    #[arg(long)]
    pub force: bool,
}

/// Writes the calendar and prints exactly `{"out": path, "events": n}` (a contract).
pub fn run(store: &mut Store, args: CalendarArgs) -> Result<(), CoreError> {
    let unit = match args.unit.as_deref() {
        None => None,
        Some(name) => match unit_lookup::resolve(store.conn(), name)? {
            Named::Unit(u) => Some(u.id),
            Named::Group(g) => {
                return Err(CoreError::invalid(
                    "unit",
                    format!("“{name}” là nhóm đơn vị ({}): lịch làm cho một đơn vị, hoặc cho cả huyện khi bỏ --unit.", g.name),
                ))
            }
        },
    };
    let now = chrono::Utc::now();
    // The periods due by now exist before their deadlines are listed, as `stats` does.
    store.roll_recurrences(&Ctx::new(now, "dondoc-cli"))?;
    let cal = calendar::write(store.conn(), unit, now, &args.out, args.force)?;
    println!("{}", serde_json::json!({ "out": args.out, "events": cal.events }));
    Ok(())
}
