//! The desktop app's log: what the app and its libraries log at `info` and above (other crates:
//! warnings), one file per day in the app's log folder, the last [`KEEP_FILES`] kept, and the
//! same lines on stderr for whoever started it from a terminal.

use std::io::{self, BufRead};
use std::path::Path;

use handschlag_api::AppLog;
use tracing::level_filters::LevelFilter;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::writer::MakeWriterExt;
use tracing_subscriber::prelude::*;

/// Log files are named `handschlag.<YYYY-MM-DD>.log`.
const PREFIX: &str = "handschlag";
const SUFFIX: &str = "log";
/// A week of days the app ran.
const KEEP_FILES: usize = 7;
/// What "Show log" shows: enough for the last few sync rounds and their failures.
const RECENT_LINES: usize = 300;

/// The crates whose `info` lines are the app's story; everyone else's only from `warn` up.
const OWN_CRATES: &[&str] = &[
    "handschlag_desktop_lib",
    "handschlag_hub",
    "handschlag_core",
    "handschlag_sync",
];

/// Sends everything logged from now on to today's file in `folder` (made when missing) and to
/// stderr.
pub fn to_folder(folder: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let file = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(PREFIX)
        .filename_suffix(SUFFIX)
        .max_log_files(KEEP_FILES)
        .build(folder)
        .map_err(|e| format!("cannot write the log in {} ({e})", folder.display()))?;
    let filter = OWN_CRATES.iter().fold(
        Targets::new().with_default(LevelFilter::WARN),
        |filter, target| filter.with_target(*target, LevelFilter::INFO),
    );
    let lines = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(file.and(io::stderr));
    tracing_subscriber::registry()
        .with(lines.with_filter(filter))
        .try_init()?;
    Ok(())
}

/// The newest log file's last [`RECENT_LINES`] lines (none when nothing was logged yet).
pub fn recent(folder: &Path) -> io::Result<AppLog> {
    let newest = match std::fs::read_dir(folder) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| is_log_file(path))
            .max(),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    let mut lines = match newest {
        Some(path) => io::BufReader::new(std::fs::File::open(path)?)
            .lines()
            .collect::<io::Result<Vec<_>>>()?,
        None => Vec::new(),
    };
    lines.drain(..lines.len().saturating_sub(RECENT_LINES));
    Ok(AppLog {
        folder: folder.display().to_string(),
        lines,
    })
}

/// `handschlag.2026-12-04.log`: names sort by day.
fn is_log_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| {
            name.starts_with(&format!("{PREFIX}.")) && name.ends_with(&format!(".{SUFFIX}"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_shows_the_newest_days_last_lines() {
        let folder = tempfile::tempdir().unwrap();
        let old = "handschlag.2026-12-03.log";
        std::fs::write(folder.path().join(old), "yesterday\n").unwrap();
        let today: String = (1..=400).map(|n| format!("line {n}\n")).collect();
        std::fs::write(folder.path().join("handschlag.2026-12-04.log"), today).unwrap();
        std::fs::write(folder.path().join("notes.txt"), "not a log\n").unwrap();

        let log = recent(folder.path()).unwrap();
        assert_eq!(log.lines.len(), RECENT_LINES);
        assert_eq!(log.lines.first().unwrap(), "line 101");
        assert_eq!(log.lines.last().unwrap(), "line 400");
    }

    #[test]
    fn recent_is_empty_before_anything_was_logged() {
        let folder = tempfile::tempdir().unwrap();
        let log = recent(&folder.path().join("logs")).unwrap();
        assert!(log.lines.is_empty());
    }
}
