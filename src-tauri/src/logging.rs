//! The app's log: a tray app runs without a terminal, so its errors go to a file in the
//! data folder, one per day, the last 14 kept (`logs/dondoc.log.YYYY-MM-DD`), and to
//! stderr as well in debug builds or with `DONDOC_LOG_STDERR` set. `DONDOC_LOG` sets the
//! level (`error`, `warn`, `info` — the default —, `debug`, `trace`).

use std::path::Path;

use tracing::level_filters::LevelFilter;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// How many daily files are kept.
const KEEP_DAYS: usize = 14;

/// The level from `DONDOC_LOG`, `info` when unset or unknown.
pub fn level(value: Option<&str>) -> LevelFilter {
    value.and_then(|v| v.trim().parse().ok()).unwrap_or(LevelFilter::INFO)
}

/// Starts logging into `dir` (created if needed). The guard flushes the file when dropped:
/// keep it for the life of the app. Without a writable folder the log goes to stderr only.
pub fn init(dir: &Path) -> Option<WorkerGuard> {
    let level = level(std::env::var("DONDOC_LOG").ok().as_deref());
    let to_stderr = cfg!(debug_assertions) || std::env::var_os("DONDOC_LOG_STDERR").is_some();
    let stderr = to_stderr.then(|| tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_target(false).with_filter(level));
    let file = std::fs::create_dir_all(dir)
        .map_err(|e| e.to_string())
        .and_then(|()| Builder::new().rotation(Rotation::DAILY).filename_prefix("dondoc.log").max_log_files(KEEP_DAYS).build(dir).map_err(|e| e.to_string()));
    let (file_layer, guard) = match file {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            (Some(tracing_subscriber::fmt::layer().with_writer(writer).with_ansi(false).with_target(false).with_filter(level)), Some(guard))
        }
        Err(e) => {
            eprintln!("dondoc: no log file in {}: {e}", dir.display());
            (None, None)
        }
    };
    // A second init (tests start the state more than once) keeps the first subscriber.
    let _ = tracing_subscriber::registry().with(stderr).with(file_layer).try_init();
    guard
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_level_comes_from_dondoc_log() {
        assert_eq!(level(None), LevelFilter::INFO);
        assert_eq!(level(Some("debug")), LevelFilter::DEBUG);
        assert_eq!(level(Some(" WARN ")), LevelFilter::WARN);
        assert_eq!(level(Some("nhiều")), LevelFilter::INFO);
    }

    #[test]
    fn events_land_in_a_daily_file_in_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let guard = init(&dir.path().join("logs"));
        tracing::warn!("không sao lưu được: thử nghiệm");
        drop(guard);
        let files: Vec<_> = std::fs::read_dir(dir.path().join("logs")).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(files[0].file_name().unwrap().to_string_lossy().starts_with("dondoc.log."));
        let text = std::fs::read_to_string(&files[0]).unwrap();
        assert!(text.contains("WARN") && text.contains("không sao lưu được: thử nghiệm"), "{text}");
    }
}
