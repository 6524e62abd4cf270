//! The running app's daily backup: every hour it asks the notebook whether its newest backup
//! is a day old ([`Notebook::backup_if_due`]) and takes one if so; the core keeps the newest
//! seven. The desktop app and `handschlag serve` both run it.

use std::sync::Arc;
use std::time::Duration;

use handschlag_core::Notebook;
use tokio::sync::Mutex;

/// How often to ask whether a backup is due.
const CHECK: Duration = Duration::from_secs(60 * 60);

/// Takes the daily backups for as long as the app runs; the host spawns it once. A failure is
/// logged and tried again at the next check.
pub async fn run(notebook: Arc<Mutex<Notebook>>) {
    let mut tick = tokio::time::interval(CHECK);
    loop {
        tick.tick().await;
        match notebook.lock().await.backup_if_due() {
            Ok(Some(backup)) => tracing::info!("backed up to {}", backup.path.display()),
            Ok(None) => {}
            Err(error) => tracing::error!("the daily backup failed: {error}"),
        }
    }
}
