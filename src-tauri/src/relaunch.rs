//! A launch that meets the previous instance while it quits.
//!
//! The single-instance lock is a name on the session bus. A launch made while the running
//! app is quitting can still find that name, try to hand its arguments over, and get no
//! answer ("Message recipient disconnected"): the plugin then fails the start. Seen when
//! the app is started again right after it was closed. The name is free a moment later,
//! so the launch starts over once, in the same process (exec keeps the pid, which
//! whoever started us may be watching).

use std::time::Duration;

/// Set on the second try, so a lock that stays broken fails instead of looping.
const AGAIN: &str = "DONDOC_RELAUNCHED";

/// Whether `error` is the single-instance hand-over failing because the other instance did
/// not answer (it was quitting, or is gone).
pub fn is_handover_race(error: &tauri::Error) -> bool {
    match error {
        tauri::Error::PluginInitialization(plugin, message) => {
            plugin == "single-instance" && ["NoReply", "ServiceUnknown", "UnknownObject", "NameHasNoOwner"].iter().any(|m| message.contains(m))
        }
        _ => false,
    }
}

/// Handles a start that failed: after a hand-over race, waits for the old instance's name
/// to go and starts this launch over once; otherwise (or on the second failure) stops with
/// the error.
pub fn after_failed_start(error: tauri::Error) -> ! {
    if is_handover_race(&error) && std::env::var_os(AGAIN).is_none() {
        use std::os::unix::process::CommandExt;
        std::thread::sleep(Duration::from_millis(500));
        let mut args = std::env::args_os();
        if let (Ok(exe), Some(_)) = (std::env::current_exe(), args.next()) {
            let err = std::process::Command::new(exe).args(args).env(AGAIN, "1").exec();
            eprintln!("dondoc: could not start again: {err}");
        }
    }
    eprintln!("dondoc: không khởi động được Đôn đốc: {error}");
    std::process::exit(1);
}

#[cfg(test)]
mod tests {
    use super::is_handover_race;

    #[test]
    fn only_an_unanswered_hand_over_is_retried() {
        let race = |m: &str| tauri::Error::PluginInitialization("single-instance".into(), m.into());
        assert!(is_handover_race(&race(
            "failed to forward arguments to the running instance: org.freedesktop.DBus.Error.NoReply: Message recipient disconnected from message bus without replying"
        )));
        assert!(is_handover_race(&race("failed to forward arguments to the running instance: org.freedesktop.DBus.Error.ServiceUnknown")));
        assert!(!is_handover_race(&race("failed to forward arguments to the running instance: AccessDenied")));
        assert!(!is_handover_race(&tauri::Error::PluginInitialization("autostart".into(), "NoReply".into())));
    }
}
