//! The real clock and entropy, and what hosts (CLI, hub, desktop shell) read from the machine:
//! data directory, time zone, language, today. The only place in the core allowed to read the
//! wall clock or the OS random source; everything else receives them.

use handschlag_api::Language;

use crate::{Clock, Entropy};

/// The operating system's wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // this is the injected clock itself
    fn now_ms(&self) -> i64 {
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        since_epoch.as_millis() as i64
    }
}

/// The operating system's random source.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsEntropy;

impl Entropy for OsEntropy {
    fn fill(&mut self, bytes: &mut [u8]) {
        getrandom::fill(bytes).expect("the operating system has a random source");
    }
}

/// The reverse-DNS identifier the desktop app is bundled under; its per-user data directory is
/// shared by the app and the CLI, so both open the same database by default.
pub const APP_IDENTIFIER: &str = "app.handschlag.desktop";

/// The database's file name in the app's data directory.
pub const DATABASE_FILE: &str = "handschlag.db";

/// The default database file: `<data dir>/app.handschlag.desktop/handschlag.db`
/// (Linux: `~/.local/share/...`), the same place the desktop app uses (which asks Tauri's path
/// resolver for the folder, as a phone has no other way to find it).
pub fn default_database_path() -> Option<std::path::PathBuf> {
    dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER).join(DATABASE_FILE))
}

/// This machine's IANA time zone, or UTC when it cannot be determined.
pub fn local_time_zone() -> String {
    // `TZ` first, as the C library and `local_today` read it (a zone name such as
    // `Europe/Berlin`, or `:Europe/Berlin`); else the system's setting.
    std::env::var("TZ")
        .ok()
        .map(|tz| tz.trim_start_matches(':').to_string())
        .filter(|tz| tz.parse::<chrono_tz::Tz>().is_ok())
        .unwrap_or_else(|| iana_time_zone::get_timezone().unwrap_or_else(|_| "UTC".into()))
}

/// The language this machine's user reads, as the UI picks it from the browser's: German when
/// the system's locale is German, otherwise English.
pub fn local_language() -> Language {
    match sys_locale::get_locale() {
        Some(locale) if locale.to_lowercase().starts_with("de") => Language::De,
        _ => Language::En,
    }
}

/// Today's date in this machine's time zone, `YYYY-MM-DD`.
#[allow(clippy::disallowed_methods)] // this is the host-facing clock
pub fn local_today() -> String {
    chrono::Local::now().date_naive().to_string()
}
