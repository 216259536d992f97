//! The Đôn đốc desktop shell: window, commands and OS glue over `dondoc-core`.

mod commands;
mod error;
mod jit;
mod rendering;
mod scheduler;
mod state;
mod tray;

use std::path::PathBuf;

use tauri::{AppHandle, Manager, WindowEvent};

pub use error::{ApiError, ApiResult};
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
    rendering::choose();
    jit::choose();
    let args: Vec<String> = std::env::args().collect();
    let override_path = db_path_from(&args, std::env::var("DONDOC_DB").ok());
    // Started at login with "start hidden": stay in the tray.
    let hidden = args.iter().any(|a| a == "--hidden");
    tauri::Builder::default()
        .plugin(tauri_plugin_autostart::init(tauri_plugin_autostart::MacosLauncher::LaunchAgent, Some(vec!["--hidden"])))
        .setup(move |app| {
            bench_mark("setup");
            let path = match &override_path {
                Some(p) => p.clone(),
                None => app.path().app_data_dir()?.join("dondoc.sqlite3"),
            };
            let (state, wake) = AppState::open(path);
            let start_hidden = hidden && state.quietly(|s| s.settings()).map(|s| s.start_hidden).unwrap_or(false);
            app.manage(state);
            if let Err(e) = tray::build(app.handle()) {
                eprintln!("dondoc: no tray icon: {e}");
            }
            if start_hidden {
                if let Some(w) = app.get_webview_window("main") {
                    let _ = w.hide();
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
            // Closing hides to the tray (a setting), so reminders keep coming.
            if let WindowEvent::CloseRequested { api, .. } = event {
                let app = window.app_handle();
                let to_tray = app.try_state::<tray::OverdueItem>().is_some()
                    && app.state::<AppState>().quietly(|s| s.settings()).map(|s| s.close_to_tray).unwrap_or(false);
                if to_tray {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::mark_painted,
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
            commands::assignments::list_unit_assignments,
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
            commands::reminders::get_settings,
            commands::reminders::save_settings,
            commands::reminders::list_notices,
            commands::reminders::notices_badge,
            commands::reminders::mark_notices_seen,
            commands::reminders::add_custom_reminder,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Đôn đốc");
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
