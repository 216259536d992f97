//! The window's TypeScript, written from the Rust types so the two sides cannot drift:
//! `ui/src/lib/bindings.ts` declares every type a command takes or answers (ts-rs reads the
//! serde attributes, so the field names are the JSON's), and `ui/src/lib/labels.ts` holds the
//! Vietnamese label of every closed vocabulary, taken from the core's own `label()`.
//!
//! Both files are committed. The test below fails when they differ from what the code
//! generates; `make bindings` (`DONDOC_WRITE_BINDINGS=1 cargo test -p dondoc --lib bindings`) rewrites them.

use std::any::TypeId;
use std::collections::BTreeMap;
use std::path::Path;

use dondoc_core::backup::{BackupInfo, Reason, RestoreOutcome};
use dondoc_core::conclusion::{AcceptedRow, ReviewRow};
use dondoc_core::model::*;
use dondoc_core::paste::{ParsedAttendee, SitePick};
use dondoc_core::queries::assignments::{AssignmentFilter, AssignmentRow};
use dondoc_core::queries::attendees::{AttendeeInput, RowOutcome};
use dondoc_core::queries::conferences::{ConferenceFilter, ConferenceSummary};
use dondoc_core::queries::notices::StoredNotice;
use dondoc_core::queries::people::Person;
use dondoc_core::queries::units::{Unit, UnitGroup, UnitInput};
use dondoc_core::queries::updates::Evidence;
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::{Completion, Extension};
use dondoc_core::rules::task::TaskInput;
use dondoc_core::settings::Settings;
use dondoc_core::status::Status;
use dondoc_core::store::{AssignmentDetail, ConferenceDetail, Dashboard, UnitPage};
use ts_rs::{Config, TypeVisitor, TS};

use crate::commands::app::AppInfo;
use crate::commands::backups::BackupsView;
use crate::commands::desk::{DeskAsk, DeskPage};
use crate::commands::documents::{SuggestedNumber, Written};
use crate::commands::par::SheetProposal;
use crate::commands::portal::PortalView;
use crate::state::StoreFailure;
use crate::ApiError;
use dondoc_core::desk::{ActionKind, DeskContact, DeskLink, OutboxItem, Outcome, SyncReport};
use dondoc_core::documents::notice::{IssuedNotice, NoticeDraft, NoticeForm};
use dondoc_core::documents::report::ReportScope;
use dondoc_core::documents::report_file::ReportFormat;
use dondoc_core::par::tags::TaskTags;
use dondoc_core::par::{ColumnMapping, FieldKey, Framework, FrameworkSummary, ParTable, RemedialInput, SheetPreview, UnitCard};
use dondoc_core::portal::{AssignmentLine, Credentials, ExtensionRequest};

const HEADER: &str = "// Generated from the Rust types by src-tauri/src/bindings.rs (ts-rs). Do not edit:\n\
// change the Rust type, then run `make bindings`. A test fails while this file is stale.\n";

/// Every declaration reachable from the roots, by TypeScript name.
struct Declarations {
    cfg: Config,
    found: BTreeMap<String, (TypeId, String)>,
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Primitives and containers have no file of their own, hence no declaration.
        if T::output_path().is_none() {
            return;
        }
        let name = T::ident(&self.cfg);
        if let Some((seen, _)) = self.found.get(&name) {
            assert_eq!(*seen, TypeId::of::<T>(), "two Rust types are both called {name} in TypeScript; rename one with #[ts(rename)]");
            return;
        }
        let decl = format!("{}export {}\n", T::docs().unwrap_or_default(), tidy(&T::decl(&self.cfg)));
        self.found.insert(name, (TypeId::of::<T>(), decl));
        T::visit_dependencies(self);
    }
}

/// ts-rs writes a struct on lines that start at the margin and end in a space; indents its
/// fields and closes the brace on a line of its own, so the committed file reads (and diffs)
/// like hand-written TypeScript.
fn tidy(decl: &str) -> String {
    let lines: Vec<&str> = decl.lines().map(str::trim_end).collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("\n  ");
        }
        match line.strip_suffix(" };").filter(|_| i > 0) {
            Some(last) => out.push_str(&format!("{last}\n}};")),
            None => out.push_str(line),
        }
    }
    out
}

/// The roots: what every command takes and answers, and the error. Their fields' types
/// follow through ts-rs's dependency walk.
fn types_file() -> String {
    // The store's ids and counts are i64 but far below 2^53: plain numbers in JSON.
    let mut d = Declarations { cfg: Config::new().with_large_int("number"), found: BTreeMap::new() };
    macro_rules! roots {
        ($($t:ty),+ $(,)?) => { $(d.visit::<$t>();)+ };
    }
    roots!(
        ApiError,
        AppInfo,
        StoreFailure,
        BackupsView,
        BackupInfo,
        RestoreOutcome,
        Unit,
        UnitGroup,
        UnitInput,
        UnitKind,
        ConferenceFilter,
        ConferenceInput,
        ConferenceSummary,
        ConferenceDetail,
        ConferenceKind,
        SiteConnection,
        AttendeeInput,
        RowOutcome,
        ParsedAttendee,
        SitePick,
        Person,
        ReviewRow,
        AcceptedRow,
        TaskInput,
        UnitPage,
        AssignmentFilter,
        AssignmentRow,
        AssignmentDetail,
        Dashboard,
        Completion,
        Extension,
        Evidence,
        Settings,
        StoredNotice,
        PortalView,
        Credentials,
        ExtensionRequest,
        AssignmentLine,
        DeskLink,
        DeskAsk,
        DeskPage,
        OutboxItem,
        ActionKind,
        SyncReport,
        DeskContact,
        Outcome,
        NoticeDraft,
        NoticeForm,
        IssuedNotice,
        SuggestedNumber,
        Written,
        ReportScope,
        ReportFormat,
        ParLevel,
        Framework,
        FrameworkSummary,
        ParTable,
        UnitCard,
        RemedialInput,
        FieldKey,
        TaskTags,
        SheetPreview,
        ColumnMapping,
        SheetProposal,
    );
    let mut out = String::from(HEADER);
    for (_, decl) in d.found.values() {
        out.push('\n');
        out.push_str(decl);
    }
    out
}

/// One `Record<Code, string>` of labels, in the vocabulary's display order.
fn labels<T: Copy>(out: &mut String, doc: &str, name: &str, ts_type: &str, all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) {
    let q = |s: &str| serde_json::to_string(s).expect("a string serialises");
    out.push_str(&format!("\n/** {doc} */\nexport const {name}: Record<{ts_type}, string> = {{\n"));
    for v in all {
        out.push_str(&format!("  {}: {},\n", q(code(*v)), q(label(*v))));
    }
    out.push_str("};\n");
}

/// The Vietnamese labels of every vocabulary, from the core's `label()`.
fn labels_file() -> String {
    let cfg = Config::new();
    let mut out = String::from(HEADER);
    macro_rules! vocab {
        ($($t:ty => $name:literal, $doc:literal;)+) => {
            let names = [$(<$t as TS>::ident(&cfg)),+, Status::ident(&cfg), Reason::ident(&cfg)];
            out.push_str(&format!("import type {{ {} }} from './bindings';\n", names.join(", ")));
            $(labels(&mut out, $doc, $name, &<$t as TS>::ident(&cfg), <$t>::ALL, <$t>::as_str, <$t>::label);)+
        };
    }
    vocab!(
        UnitKind => "unitKindLabels", "Loại đơn vị.";
        ConferenceKind => "conferenceKindLabels", "Loại hội nghị.";
        ConferenceFormat => "formatLabels", "Hình thức hội nghị.";
        ConferenceStatus => "conferenceStatusLabels", "Trạng thái hội nghị.";
        SiteConnection => "connectionLabels", "Tình trạng kết nối của điểm cầu.";
        AttendeeRole => "roleLabels", "Vai trò của đại biểu.";
        TaskRole => "taskRoleLabels", "Vai trò của đơn vị trong nhiệm vụ.";
        AssignmentState => "stateLabels", "Trạng thái ghi nhận của phần việc.";
        TargetOp => "targetOpLabels", "Phép so sánh của chỉ tiêu.";
        TargetScope => "targetScopeLabels", "Phạm vi chỉ tiêu.";
        ParLevel => "parLevelLabels", "Cấp đánh giá chỉ số CCHC.";
    );
    labels(
        &mut out,
        "Trạng thái của phần việc tính đến một ngày, theo thứ tự báo cáo.",
        "statusLabels",
        &Status::ident(&cfg),
        &Status::ALL,
        Status::code,
        Status::label,
    );
    labels(&mut out, "Lý do tạo bản sao lưu.", "backupReasonLabels", &Reason::ident(&cfg), &Reason::ALL, Reason::slug, Reason::label);
    out
}

/// Compares `path` with `generated`, or writes it when asked to.
fn check(path: &Path, generated: &str) -> Result<(), String> {
    if std::env::var_os("DONDOC_WRITE_BINDINGS").is_some() {
        std::fs::write(path, generated).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(());
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed == generated {
        return Ok(());
    }
    let line = committed.lines().zip(generated.lines()).position(|(a, b)| a != b).unwrap_or(committed.lines().count().min(generated.lines().count()));
    Err(format!(
        "{} is stale (first difference at line {}: the code generates {:?}); run `make bindings` and commit it",
        path.display(),
        line + 1,
        generated.lines().nth(line).unwrap_or("<end of file>")
    ))
}

#[test]
fn the_windows_typescript_is_generated_from_the_rust_types() {
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib");
    let stale: Vec<String> =
        [check(&lib.join("bindings.ts"), &types_file()), check(&lib.join("labels.ts"), &labels_file())].into_iter().filter_map(Result::err).collect();
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

#[test]
fn error_codes_reach_typescript_as_a_string_union() {
    let decl = dondoc_core::ErrorCode::decl(&Config::new());
    for code in ["\"validation\"", "\"not_found\"", "\"store_unavailable\"", "\"not_dondoc_file\"", "\"disk_full\""] {
        assert!(decl.contains(code), "{code} in {decl}");
    }
    assert!(types_file().contains("code: ErrorCode"), "ApiError's code is the union, not any string");
}
