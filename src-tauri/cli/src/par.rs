//! `dondoc-cli par`: the administrative-reform index (chỉ số CCHC) — frameworks from JSON,
//! a year's scores from the province's spreadsheet, the ranked table (`--json` is a
//! contract: one object per row with exactly `unit, points, max, index, rank, band, delta,
//! fields`), and the table as .xlsx.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use dondoc_core::par::compute::{fixed, short, to_milli};
use dondoc_core::par::{self, export, frameworks, scores, sheet, ColumnMapping, ParLevel, ParTable};
use dondoc_core::{CoreError, Store};
use serde_json::{json, Value};

/// The level on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// Cấp xã (các xã, thị trấn).
    Commune,
    /// Cấp huyện (UBND huyện trong tỉnh).
    District,
    /// Các cơ quan chuyên môn.
    Department,
}

impl From<Level> for ParLevel {
    fn from(l: Level) -> ParLevel {
        match l {
            Level::Commune => ParLevel::Commune,
            Level::District => ParLevel::District,
            Level::Department => ParLevel::Department,
        }
    }
}

/// The year and level every command but the framework import works on.
#[derive(clap::Args)]
pub struct YearLevel {
    /// Năm đánh giá.
    #[arg(long)]
    year: i32,
    /// Cấp đánh giá.
    #[arg(long, value_enum)]
    level: Level,
}

#[derive(Subcommand)]
pub enum ParCommand {
    /// Khung chỉ số (lĩnh vực, điểm tối đa, nhóm xếp loại) theo năm và cấp.
    Framework {
        #[command(subcommand)]
        command: FrameworkCommand,
    },
    /// Nhập điểm một năm từ bảng tính của tỉnh (.xlsx): đề xuất cách ghép cột, in ra, rồi nhập (hoặc chỉ kiểm tra với --dry-run).
    Import {
        /// Tệp .xlsx.
        file: PathBuf,
        #[command(flatten)]
        at: YearLevel,
        /// Trang của bảng tính (mặc định trang đầu).
        #[arg(long)]
        sheet: Option<String>,
        /// Sửa cách ghép cột: VAI_TRÒ=CỘT, vai trò là unit, self, appraisal, survey, index hoặc mã lĩnh vực; cột là chữ (B) hoặc số (2); cột "-" bỏ ghép. Lặp lại được.
        #[arg(long = "map", value_name = "KEY=COLUMN")]
        map: Vec<String>,
        /// Thay toàn bộ điểm đã có của năm và cấp đó.
        #[arg(long)]
        replace: bool,
        /// Chỉ kiểm tra, không ghi gì.
        #[arg(long)]
        dry_run: bool,
    },
    /// Bảng xếp hạng một năm và một cấp.
    Table {
        #[command(flatten)]
        at: YearLevel,
        /// In JSON: mỗi đơn vị một đối tượng {unit, points, max, index, rank, band, delta, fields}.
        #[arg(long)]
        json: bool,
    },
    /// Xuất bảng xếp hạng ra tệp Excel; in {"out","rows"}.
    Export {
        #[command(flatten)]
        at: YearLevel,
        /// Tệp .xlsx cần tạo.
        #[arg(long)]
        out: PathBuf,
        /// Ghi đè nếu tệp đã có.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
pub enum FrameworkCommand {
    /// Nhập một hay nhiều khung chỉ số từ tệp JSON (một đối tượng hoặc một danh sách); in {"imported": […]}.
    Import {
        /// Tệp JSON.
        file: PathBuf,
    },
    /// In khung chỉ số của một năm và một cấp.
    Show {
        #[command(flatten)]
        at: YearLevel,
        /// In JSON (cùng định dạng tệp nhập).
        #[arg(long)]
        json: bool,
    },
}

/// Runs a `par` command on `store`.
pub fn run(store: &mut Store, command: ParCommand) -> Result<(), CoreError> {
    match command {
        ParCommand::Framework { command: FrameworkCommand::Import { file } } => {
            let list = frameworks::from_json(&std::fs::read_to_string(&file)?)?;
            let ctx = crate::ctx();
            store.write(|tx| list.iter().try_for_each(|f| frameworks::save(tx, &ctx, f)))?;
            for f in &list {
                eprintln!("Đã nhập {} ({} lĩnh vực).", frameworks::title(f.year, f.level), f.fields.len());
            }
            let imported: Vec<Value> = list.iter().map(|f| json!({"year": f.year, "level": f.level, "fields": f.fields.len()})).collect();
            println!("{}", json!({ "imported": imported }));
        }
        ParCommand::Framework { command: FrameworkCommand::Show { at: YearLevel { year, level }, json } } => {
            let (_, f) = frameworks::require(store.conn(), year, level.into())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&f)?);
            } else {
                let survey = f.survey_max.and_then(to_milli).map(|s| format!(", điều tra xã hội học tối đa {}", short(s))).unwrap_or_default();
                println!("{} — {}: thẩm định tối đa {}{survey}", frameworks::title(f.year, f.level), f.name, short(to_milli(f.appraisal_max).unwrap_or(0)));
                for x in &f.fields {
                    let max = x.max.and_then(to_milli).map_or_else(|| "?".into(), short);
                    println!("  {:<20} {:>6}  {}", x.key, max, x.name);
                }
                for b in &f.bands {
                    println!("  {} ≥ {}%", b.name, short(to_milli(b.min_percent).unwrap_or(0)));
                }
            }
        }
        ParCommand::Import { file, at: YearLevel { year, level }, sheet: name, map, replace, dry_run } => {
            let level: ParLevel = level.into();
            let bytes = std::fs::read(&file).map_err(|e| CoreError::file("Không đọc được tệp", &file, e))?;
            let (_, f) = frameworks::require(store.conn(), year, level)?;
            let preview = sheet::preview(&bytes, name.as_deref())?;
            let mut mapping = sheet::propose(&preview, &f);
            for m in &map {
                apply(&mut mapping, m)?;
            }
            print_mapping(&mapping, &preview.headers, &f);
            // Every row is checked against the framework and the registry as it is read.
            let rows = sheet::read(&bytes, &mapping, &f, store.conn())?;
            let written = if dry_run {
                if !replace && scores::count(store.conn(), year, level)? > 0 {
                    return Err(CoreError::Conflict(format!("Năm {year} – {} đã có điểm; thêm --replace để thay toàn bộ.", level.label())));
                }
                eprintln!("Kiểm tra xong: {} đơn vị, không có lỗi. Chưa ghi gì (--dry-run).", rows.len());
                0
            } else {
                let ctx = crate::ctx();
                let n = store.write(|tx| scores::save_year(tx, &ctx, year, level, &rows, replace))?;
                eprintln!("Đã nhập điểm chỉ số CCHC năm {year} – {} của {n} đơn vị từ {}.", level.label(), file.display());
                n
            };
            println!(
                "{}",
                json!({"file": file.display().to_string(), "year": year, "level": level, "rows": rows.len(), "written": written, "dryRun": dry_run})
            );
        }
        ParCommand::Table { at: YearLevel { year, level }, json } => {
            let t = par::table(store.conn(), year, level.into())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&contract(&t))?);
            } else {
                print!("{}", readable(&t));
            }
        }
        ParCommand::Export { at: YearLevel { year, level }, out, force } => {
            let t = par::table(store.conn(), year, level.into())?;
            dondoc_core::documents::write_file(&out, &export::table_xlsx(&t)?, force)?;
            println!("{}", json!({"out": out.display().to_string(), "rows": t.rows.len()}));
        }
    }
    Ok(())
}

/// A column as the secretary names it: a letter ("B", "AA") or a number from 1.
fn column(s: &str) -> Option<usize> {
    let s = s.trim();
    if let Ok(n) = s.parse::<usize>() {
        return n.checked_sub(1);
    }
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_alphabetic()) || s.len() > 3 {
        return None;
    }
    s.to_ascii_uppercase().bytes().try_fold(0usize, |acc, b| Some(acc * 26 + usize::from(b - b'A') + 1)).map(|n| n - 1)
}

/// The column's letter, as the spreadsheet shows it.
fn letter(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Applies one `--map KEY=COLUMN`.
fn apply(mapping: &mut ColumnMapping, arg: &str) -> Result<(), CoreError> {
    let bad = || CoreError::invalid("map", format!("--map “{arg}” không hợp lệ: ghi VAI_TRÒ=CỘT, ví dụ appraisal=H, unit=2, the_che=D (cột “-” để bỏ ghép)."));
    let (key, col) = arg.split_once('=').ok_or_else(bad)?;
    let col = match col.trim() {
        "-" => None,
        c => Some(column(c).ok_or_else(bad)?),
    };
    match key.trim() {
        "unit" => mapping.unit = col,
        "self" => mapping.self_points = col,
        "appraisal" => mapping.appraisal = col,
        "survey" => mapping.survey = col,
        "index" => mapping.index = col,
        k => match mapping.fields.iter_mut().find(|f| f.key == k) {
            Some(f) => f.column = col,
            None => {
                let keys: Vec<&str> = mapping.fields.iter().map(|f| f.key.as_str()).collect();
                return Err(CoreError::invalid(
                    "map",
                    format!("Không có vai trò “{k}”: dùng unit, self, appraisal, survey, index hoặc một mã lĩnh vực ({}).", keys.join(", ")),
                ));
            }
        },
    }
    Ok(())
}

fn print_mapping(m: &ColumnMapping, headers: &[String], f: &dondoc_core::par::Framework) {
    let show = |c: Option<usize>| match c {
        Some(c) => format!("cột {} “{}”", letter(c), headers.get(c).map(String::as_str).unwrap_or("")),
        None => "(không ghép)".into(),
    };
    eprintln!("Trang “{}”, dòng tiêu đề {}. Cách ghép cột:", m.sheet, m.header_row + 1);
    eprintln!("  unit       Đơn vị: {}", show(m.unit));
    eprintln!("  self       Điểm tự đánh giá: {}", show(m.self_points));
    eprintln!("  appraisal  Điểm thẩm định: {}", show(m.appraisal));
    if f.survey_max.is_some() {
        eprintln!("  survey     Điểm điều tra XHH: {}", show(m.survey));
    }
    eprintln!("  index      Chỉ số (%): {}", show(m.index));
    for c in &m.fields {
        let name = f.fields.iter().find(|x| x.key == c.key).map_or("", |x| x.name.as_str());
        eprintln!("  {:<10} {name}: {}", c.key, show(c.column));
    }
}

/// The `--json` contract: exactly these keys, numbers as numbers, missing as null.
fn contract(t: &ParTable) -> Value {
    let rows: Vec<Value> = t
        .rows
        .iter()
        .map(|r| {
            let fields: Vec<Value> =
                r.fields.iter().map(|c| json!({"key": c.key, "name": c.name, "points": c.points, "max": c.max, "percent": c.percent})).collect();
            json!({"unit": r.unit, "points": r.points, "max": r.max, "index": r.index, "rank": r.rank, "band": r.band, "delta": r.delta, "fields": fields})
        })
        .collect();
    Value::Array(rows)
}

/// The table aligned for a terminal, with decimal commas.
fn readable(t: &ParTable) -> String {
    let d = t.framework.display;
    let num = |v: Option<f64>, dec: u8| v.and_then(to_milli).map_or_else(|| "–".into(), |m| fixed(m, dec));
    let delta = |v: Option<f64>| match v.and_then(to_milli) {
        Some(m) if m > 0 => format!("▲ +{}", fixed(m, d.index_decimals)),
        Some(m) if m < 0 => format!("▼ {}", fixed(m, d.index_decimals)),
        Some(_) => "= 0".into(),
        None => "–".into(),
    };
    let mut out = format!("{}\n", export::title(t));
    // Field names are long: numbered columns, named in a legend under the table.
    out.push_str(&format!("{:>5}  {:<20} {:>12} {:>8} {:<10} {:>9}", "Hạng", "Đơn vị", "Điểm", "Chỉ số", "Nhóm", "+/-"));
    for n in 1..=t.framework.fields.len() {
        out.push_str(&format!(" {:>8}", format!("LV{n} %")));
    }
    out.push('\n');
    let line = |rank: String, unit: &str, points: String, index: String, band: &str, dl: String, fields: &[dondoc_core::par::FieldCell]| {
        let mut s = format!("{rank:>5}  {unit:<20} {points:>12} {index:>8} {band:<10} {dl:>9}");
        for c in fields {
            let mark = if c.weak { "*" } else { "" };
            s.push_str(&format!(" {:>8}", format!("{}{mark}", num(c.percent, d.field_decimals))));
        }
        s.push('\n');
        s
    };
    for r in &t.rows {
        let rank = match (r.rank, r.rank_of) {
            (Some(a), Some(b)) => format!("{a}/{b}"),
            _ => "–".into(),
        };
        let points = format!("{}/{}", num(r.points, 2), short(to_milli(r.max).unwrap_or(0)));
        out.push_str(&line(rank, &r.unit, points, num(r.index, d.index_decimals), r.band.as_deref().unwrap_or(""), delta(r.delta), &r.fields));
    }
    if let Some(a) = &t.average {
        let label = if a.published { "Trung bình (công bố)" } else { "Trung bình" };
        let points = format!("{}/{}", num(a.points, 2), short(to_milli(a.max).unwrap_or(0)));
        out.push_str(&line(String::new(), label, points, num(a.index, d.index_decimals), a.band.as_deref().unwrap_or(""), delta(a.delta), &a.fields));
        if let Some(m) = a.derived_index.and_then(to_milli) {
            out.push_str(&format!("  (chỉ số công bố khác chỉ số tính từ điểm: {}%)\n", fixed(m, d.index_decimals)));
        }
    }
    for (n, f) in t.framework.fields.iter().enumerate() {
        let max = f.max.and_then(to_milli).map_or_else(|| "điểm tối đa chưa công bố".into(), |m| format!("tối đa {} điểm", short(m)));
        out.push_str(&format!("LV{}: {} ({max})\n", n + 1, f.name));
    }
    if t.rows.iter().any(|r| r.fields.iter().any(|c| c.weak)) {
        out.push_str("* lĩnh vực thấp nhất của đơn vị\n");
    }
    out
}
