//! The tray icon: its menu opens the window, shows how many parts are overdue, and quits.
//! On Linux the icon's own clicks may never arrive, so everything is in the menu.

use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

use crate::state::AppState;

/// The menu item that shows the overdue count, kept to update it.
pub struct OverdueItem(pub MenuItem<Wry>);

/// Builds the tray icon and its menu.
pub fn build(app: &AppHandle) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", "Mở Đôn đốc", true, None::<&str>)?;
    let overdue = MenuItem::with_id(app, "overdue", "Quá hạn: …", false, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Thoát", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &overdue, &quit])?;
    let mut tray = TrayIconBuilder::with_id("main").tooltip("Đôn đốc").menu(&menu).on_menu_event(|app, event| match event.id().as_ref() {
        "open" | "overdue" => crate::show_main_window(app),
        "quit" => app.exit(0),
        _ => {}
    });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(OverdueItem(overdue));
    Ok(())
}

/// Updates the overdue count in the menu.
pub fn refresh(app: &AppHandle) {
    let Some(item) = app.try_state::<OverdueItem>() else { return };
    let count = app.state::<AppState>().read(|s| {
        let today = crate::state::ctx().today();
        s.overdue_count(today)
    });
    if let Ok(n) = count {
        let _ = item.0.set_text(format!("Quá hạn: {n}"));
    }
}
