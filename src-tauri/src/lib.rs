//! The Đôn đốc desktop shell: window, commands and OS glue over `dondoc-core`.

mod backups;
#[cfg(test)]
mod bindings;
mod commands;
mod desk;
mod error;
mod evidence;
mod headless;
mod jit;
mod logging;
mod notifier;
mod portal;
mod relaunch;
mod rendering;
mod scheduler;
mod state;
mod tray;
mod tray_area;

use std::path::PathBuf;

use tauri::{AppHandle, Manager, WebviewWindow, WindowEvent};

use tray_area::CloseAction;

pub use error::{ApiError, ApiResult, ErrorCode};
pub use state::AppState;

/// Where the store lives: `--db PATH`, else `DONDOC_DB`, else `None` (the OS data folder).
pub fn db_path_from(args: &[String], env: Option<String>) -> Option<PathBuf> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--db" {
            if let Some(p) = it.next() {
                return Some(PathBuf::from(p));
            }
        } else if let Some(p) = a.strip_prefix("--db=") {
            return Some(PathBuf::from(p));
        }
    }
    env.filter(|s| !s.is_empty()).map(PathBuf::from)
}

/// Brings the main window forward (from the tray, or after a notification click).
pub fn show_main_window(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}

/// Puts the window out of the way as `action` says: hidden (the tray brings it back) or
/// minimised (no tray area here, so it stays on the taskbar). `Quit` does nothing here.
fn put_away(window: &WebviewWindow, action: CloseAction) {
    match action {
        CloseAction::HideToTray => {
            let _ = window.hide();
        }
        CloseAction::Minimize => {
            let _ = window.minimize();
        }
        CloseAction::Quit => {}
    }
}

/// What closing (or starting hidden) does now: asks the desktop for a tray area only when
/// hiding is wanted and the icon exists.
pub(crate) fn close_action_now(app: &AppHandle, close_to_tray: bool) -> CloseAction {
    let icon = app.try_state::<tray::OverdueItem>().is_some();
    let area = close_to_tray && icon && tray_area::detect().tray_area();
    tray_area::close_action(close_to_tray, icon, area)
}

/// Keeps the log writer alive (and flushed at exit) as managed state.
struct LogGuard(#[allow(dead_code)] Option<tracing_appender::non_blocking::WorkerGuard>);

/// With `DONDOC_BENCH` set, prints a start-up milestone with the wall-clock time, for
/// `bench/app_bench.py`.
pub fn bench_mark(what: &str) {
    if std::env::var_os("DONDOC_BENCH").is_some() {
        let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
        eprintln!("DONDOC_MARK {what} {ms}");
    }
}

/// Starts the app.
pub fn run() {
    bench_mark("main");
    let args: Vec<String> = std::env::args().collect();
    let override_path = db_path_from(&args, std::env::var("DONDOC_DB").ok());
    // `--help`, `--check-store`: answered here, before GTK, the single-instance lock or a window.
    if let Some(request) = headless::requested(&args) {
        std::process::exit(headless::run(request, override_path));
    }
    rendering::choose();
    jit::choose();
    // Started at login with "start hidden": stay in the tray.
    let hidden = args.iter().any(|a| a == "--hidden");
    tauri::Builder::default()
        // First: a second launch hands over to the running app and exits here, before any
        // other plugin, the store, the tray or the scheduler starts (plugins start in
        // `build`, the setup below runs after). On Linux the lock is a name on the session bus.
        .plugin(tauri_plugin_single_instance::init(|app, args, _cwd| {
            // (The state is there once setup ran; a launch during start-up just shows.)
            if let Some(state) = app.try_state::<AppState>() {
                if db_path_from(&args, None).is_some_and(|p| p != state.db_path) {
                    tracing::info!("already running on {}; a second launch shows this window", state.db_path.display());
                }
            }
            show_main_window(app);
        }))
        .plugin(tauri_plugin_autostart::init(tauri_plugin_autostart::MacosLauncher::LaunchAgent, Some(vec!["--hidden"])))
        // Used from Rust only (open_evidence, save_evidence_copy): the page holds no permission
        // for them, and the opener does not turn the page's links into launches.
        .plugin(tauri_plugin_opener::Builder::new().open_js_links_on_click(false).build())
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            bench_mark("setup");
            let path = match &override_path {
                Some(p) => p.clone(),
                None => app.path().app_data_dir()?.join("dondoc.sqlite3"),
            };
            // The log sits in the data folder beside the store (`logs/`); its guard lives as
            // long as the app, so the last lines reach the file at exit.
            let log_dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new(".")).join("logs");
            app.manage(LogGuard(logging::init(&log_dir)));
            tracing::info!(version = env!("CARGO_PKG_VERSION"), store = %path.display(), "starting");
            let (state, wake) = AppState::open(path);
            // Temporary files of evidence writes a crash interrupted (core `queries::evidence`).
            let evidence_dir = state.evidence_dir();
            std::thread::spawn(move || match dondoc_core::queries::evidence::remove_stale_temp_files(&evidence_dir) {
                Ok(0) => {}
                Ok(n) => tracing::info!("removed {n} unfinished evidence file(s) from {}", evidence_dir.display()),
                Err(e) => tracing::warn!("cannot clean {}: {e}", evidence_dir.display()),
            });
            let start_hidden = hidden && state.read(|s| s.settings()).map(|s| s.start_hidden).unwrap_or(false);
            app.manage(state);
            app.manage(portal::Portal::default());
            portal::start_if_enabled(app.handle());
            app.manage(desk::Desk::default());
            desk::start_if_linked(app.handle());
            if let Err(e) = tray::build(app.handle()) {
                tracing::warn!("no tray icon: {e}");
            }
            if start_hidden {
                // Like closing to the tray: hidden only where a tray icon can be seen.
                if let Some(w) = app.get_webview_window("main") {
                    put_away(&w, close_action_now(app.handle(), true));
                }
            }
            if !start_hidden {
                let handle = app.handle().clone();
                std::thread::spawn(move || handle.state::<AppState>().prefetch_dashboard());
            }
            scheduler::start(app.handle().clone(), wake);
            bench_mark("setup done");
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing hides to the tray (a setting), so reminders keep coming; without a
            // tray area it minimises instead (see `CloseAction::Minimize`).
            if let WindowEvent::CloseRequested { api, .. } = event {
                let app = window.app_handle();
                let close_to_tray = app.state::<AppState>().read(|s| s.settings()).map(|s| s.close_to_tray).unwrap_or(false);
                let action = close_action_now(app, close_to_tray);
                if action != CloseAction::Quit {
                    api.prevent_close();
                    if let Some(w) = app.get_webview_window(window.label()) {
                        put_away(&w, action);
                    }
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::portal::portal_view,
            commands::portal::save_portal_settings,
            commands::portal::enable_portal_account,
            commands::portal::reset_portal_password,
            commands::portal::disable_portal_account,
            commands::portal::extension_requests,
            commands::portal::decide_extension_request,
            commands::portal::qr_svg,
            commands::desk::desk_page,
            commands::desk::desk_detail,
            commands::desk::desk_queue,
            commands::desk::desk_outbox,
            commands::desk::desk_dismiss,
            commands::desk::desk_requests,
            commands::desk::desk_contacts,
            commands::desk_sync::desk_connect,
            commands::desk_sync::desk_sync,
            commands::app::mark_painted,
            commands::app::tray_available,
            commands::store::store_status,
            commands::store::retry_open,
            commands::backups::backups_view,
            commands::backups::backup_problem,
            commands::backups::backup_now,
            commands::backups::restore_backup,
            commands::backups::restore_backup_file,
            commands::backups::choose_backup_folder,
            commands::backups::reset_backup_folder,
            commands::units::list_units,
            commands::units::list_groups,
            commands::units::save_unit,
            commands::units::set_unit_active,
            commands::units::set_group_members,
            commands::units::import_registry,
            commands::units::export_registry,
            commands::conferences::list_conferences,
            commands::conferences::conference_years,
            commands::conferences::create_conference,
            commands::conferences::update_conference,
            commands::conferences::get_conference,
            commands::conferences::update_site,
            commands::conferences::add_directive,
            commands::conferences::add_attendees,
            commands::conferences::remove_attendee,
            commands::conferences::set_attendee_presence,
            commands::conferences::parse_attendees,
            commands::conferences::last_conference_kind,
            commands::conferences::nothing_logged,
            commands::conferences::search_people,
            commands::conferences::load_demo,
            commands::conferences::read_conclusion,
            commands::conferences::accept_conclusion,
            commands::tasks::create_task,
            commands::assignments::unit_page,
            commands::recurrence::recurrence_label,
            commands::assignments::complete_assignment,
            commands::assignments::list_assignments,
            commands::assignments::assignment_detail,
            commands::assignments::dashboard,
            commands::assignments::return_assignment,
            commands::assignments::cancel_assignment,
            commands::assignments::add_progress_note,
            commands::assignments::extend_deadline,
            commands::assignments::stop_recurrence,
            commands::assignments::attach_evidence,
            commands::assignments::complete_with_evidence,
            commands::evidence::open_evidence,
            commands::evidence::save_evidence_copy,
            commands::documents::notice_form,
            commands::documents::notice_number,
            commands::documents::export_notice,
            commands::documents::export_calendar,
            commands::documents::export_report,
            commands::par::par_frameworks,
            commands::par::par_framework,
            commands::par::save_par_framework,
            commands::par::import_par_frameworks,
            commands::par::par_table,
            commands::par::par_unit_card,
            commands::par::par_remedial_title,
            commands::par::par_remedial_task,
            commands::par::par_fields,
            commands::par::par_task_tags,
            commands::par::par_directive_tags,
            commands::par::set_par_directive_tags,
            commands::par::par_sheet_preview,
            commands::par::par_sheet_import,
            commands::par::export_par_table,
            commands::reminders::get_settings,
            commands::reminders::save_settings,
            commands::reminders::list_notices,
            commands::reminders::notices_badge,
            commands::reminders::mark_notices_seen,
            commands::reminders::add_custom_reminder,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| relaunch::after_failed_start(e));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn db_flag_beats_environment() {
        assert_eq!(db_path_from(&args(&["dondoc", "--db", "/tmp/a.sqlite3"]), Some("/tmp/b".into())), Some("/tmp/a.sqlite3".into()));
        assert_eq!(db_path_from(&args(&["dondoc", "--db=/tmp/c"]), None), Some("/tmp/c".into()));
        assert_eq!(db_path_from(&args(&["dondoc"]), Some("/tmp/b".into())), Some("/tmp/b".into()));
        assert_eq!(db_path_from(&args(&["dondoc"]), Some(String::new())), None);
        assert_eq!(db_path_from(&args(&["dondoc"]), None), None);
    }
}
