//! The Tauri shell: opens the notebook at the shared default path and exposes one command,
//! `rpc`, that hands every request to `handschlag_api::dispatch`. No SQL and no business rules
//! live here; the UI reaches the same command list the HTTP hub serves.

use std::sync::{Mutex, PoisonError};

use handschlag_api::ApiError;
use handschlag_core::Notebook;
use handschlag_core::system::{OsEntropy, SystemClock, default_database_path};
use tauri::Manager;

/// The one command the UI calls: `invoke("rpc", { command, request })`.
#[tauri::command]
fn rpc(
    notebook: tauri::State<'_, Mutex<Notebook>>,
    command: String,
    request: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    // A panic in an earlier command unwound its SQLite transaction (rolled back on drop),
    // so the notebook is still consistent and the lock can be taken over.
    let mut notebook = notebook.lock().unwrap_or_else(PoisonError::into_inner);
    handschlag_api::dispatch(&mut *notebook, &command, request)
}

/// Opens the notebook at the default database path, the one the `handschlag` CLI uses too.
fn open_notebook() -> Result<Notebook, String> {
    let path = default_database_path()
        .ok_or("no per-user data directory found; set HOME (or XDG_DATA_HOME) and restart")?;
    Notebook::open(&path, Box::new(SystemClock), Box::new(OsEntropy))
        .map_err(|e| format!("cannot open {}: {e}", path.display()))
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    tauri::Builder::default()
        .setup(|app| {
            app.manage(Mutex::new(open_notebook()?));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![rpc])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("the Tauri application failed to start");
}
