//! The Tauri shell: opens the notebook at the shared default path and exposes one command,
//! `rpc`, that hands every request to the notebook's or the device's command list. No SQL and no
//! business rules live here; the UI reaches the same command lists the HTTP hub serves.

use handschlag_api::{ApiError, device, is_device_command, notebook};
use handschlag_core::Notebook;
use handschlag_core::system::{OsEntropy, SystemClock, default_database_path};
use handschlag_hub::ThisDevice;
use tauri::Manager;
use tokio::sync::Mutex;

/// The one command the UI calls: `invoke("rpc", { command, request })`.
#[tauri::command]
async fn rpc(
    notebook: tauri::State<'_, Mutex<Notebook>>,
    command: String,
    request: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let mut notebook = notebook.lock().await;
    if is_device_command(&command) {
        let mut this = ThisDevice {
            notebook: &mut notebook,
            hub_running: false,
        };
        return device::dispatch(&mut this, &command, request).await;
    }
    notebook::dispatch(&mut *notebook, &command, request)
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
