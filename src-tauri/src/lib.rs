//! The Tauri shell: opens the notebook (`$HANDSCHLAG_DB`, else `handschlag.db` in the app's data
//! folder, which the `handschlag` CLI uses too on a computer) and exposes the commands the UI
//! calls: `rpc`, that hands every request to the notebook's or the device's command list;
//! `import_progress`; `save_file`, that saves an export where the user picks in the system's
//! save dialog (the webview's Blob download is unreliable in Tauri); `take_opened_links`, the
//! pairing links the system opened the app with; and `recent_log`. Beside the window it keeps
//! four things going: the hub phones on this network sync with, while the user allows it on the
//! Devices screen ([`LanHub`]); automatic sync with the hubs this device dials ([`auto_sync`]);
//! the daily backup ([`daily_backup`]); and a notification for each follow-up due today, which
//! the core hands out once per day each ([`handschlag_core::reminder`]). One instance runs per
//! user: a second launch (a `handschlag://pair?…` link opened from a browser or a QR code) hands
//! its link to the first window and quits. Everything logged goes to a daily file in the app's
//! log folder, seven days kept ([`log`]).
//! No SQL and no business rules live here.

mod log;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use handschlag_api::{ApiError, AppLog, ErrorCode, ImportProgress};
use handschlag_core::system::{DATABASE_FILE, OsEntropy, SystemClock, local_language, local_today};
use handschlag_core::{Notebook, RunningImport};
use handschlag_hub::{Hub, LanHub, ThisDevice, auto_sync, daily_backup, indexer};
use tauri::plugin::PermissionState;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_deep_link::DeepLinkExt;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_notification::NotificationExt;
use tokio::sync::Mutex;

/// How often to look for follow-ups that became due (a new day, or one planned for today).
const REMINDER_CHECK: Duration = Duration::from_secs(60);

/// What the window's commands reach. Each command locks what it needs (the notebook, then the
/// hub), so a sync does not hold up the window.
struct Shell {
    notebook: Arc<Mutex<Notebook>>,
    hub: Mutex<LanHub>,
    running_import: Arc<RunningImport>,
}

/// The one command the UI calls: `invoke("rpc", { command, request })`.
#[tauri::command]
async fn rpc(
    shell: tauri::State<'_, Shell>,
    command: String,
    request: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let mut this = ThisDevice {
        notebook: &shell.notebook,
        hub: Hub::Lan(&shell.hub),
    };
    this.answer(&command, request).await
}

/// How far the import under way has come (`None` when none runs); answered while the import
/// holds the notebook, for the Import screen's progress bar.
#[tauri::command]
fn import_progress(shell: tauri::State<'_, Shell>) -> Option<ImportProgress> {
    shell.running_import.get()
}

/// Asks where to save `contents` (an export the core made) in the system's save dialog, titled
/// `title` and suggesting `file_name`, and writes it there. Returns the path, or `None` when the
/// user cancelled.
#[tauri::command]
async fn save_file(
    app: AppHandle,
    title: String,
    file_name: String,
    contents: String,
) -> Result<Option<String>, ApiError> {
    let (chosen, answer) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
        .save_file(move |path| {
            let _ = chosen.send(path);
        });
    let Some(path) = answer.await.ok().flatten() else {
        return Ok(None);
    };
    let cannot = |reason: String| ApiError::new(ErrorCode::Storage, reason);
    let path = path.into_path().map_err(|e| {
        cannot(format!(
            "the chosen place is not a file ({e}); choose a folder on this computer"
        ))
    })?;
    std::fs::write(&path, contents).map_err(|e| {
        cannot(format!(
            "cannot write {} ({e}); choose another folder",
            path.display()
        ))
    })?;
    Ok(Some(path.display().to_string()))
}

/// The event that tells the window a pairing link waits in [`take_opened_links`].
const LINKS_OPENED: &str = "links-opened";

/// Pairing links the system opened the app with (`handschlag://pair?…`, from a QR code the
/// phone's camera app scanned or a link clicked), kept until the window takes them: a link that
/// started the app arrives before the page listens.
#[derive(Default)]
struct OpenedLinks(std::sync::Mutex<Vec<String>>);

/// The pairing links opened since the window last asked, oldest first.
#[tauri::command]
fn take_opened_links(opened: tauri::State<'_, OpenedLinks>) -> Vec<String> {
    std::mem::take(&mut *opened.0.lock().expect("no panic while holding the links"))
}

/// The end of the log, for the Devices screen's "Show log".
#[tauri::command]
fn recent_log(app: AppHandle) -> Result<AppLog, ApiError> {
    let folder = log_folder(&app)?;
    log::recent(&folder).map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!("cannot read the log in {} ({e})", folder.display()),
        )
    })
}

/// Keeps the links and tells the window; brings the window to the front.
fn links_opened(app: &AppHandle, links: impl IntoIterator<Item = impl Into<String>>) {
    let opened = app.state::<OpenedLinks>();
    let mut waiting = opened.0.lock().expect("no panic while holding the links");
    waiting.extend(links.into_iter().map(Into::into));
    tracing::info!(waiting = waiting.len(), "opened with a link");
    drop(waiting);
    show_window(app);
    if let Err(error) = app.emit(LINKS_OPENED, ()) {
        tracing::warn!("cannot tell the window about an opened link: {error}");
    }
}

/// Brings the main window to the front (a second launch, or a link opened).
fn show_window(app: &AppHandle) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let shown = window
        .unminimize()
        .and_then(|()| window.show())
        .and_then(|()| window.set_focus());
    if let Err(error) = shown {
        tracing::warn!("cannot bring the window to the front: {error}");
    }
}

/// Opens `$HANDSCHLAG_DB` (as the CLI does; tests point it at a temporary file), else
/// `handschlag.db` in the app's data folder — on a computer the one the `handschlag` CLI uses
/// too, on a phone the app's private storage.
fn open_notebook(app: &AppHandle) -> Result<Notebook, String> {
    let path = match std::env::var_os("HANDSCHLAG_DB").filter(|path| !path.is_empty()) {
        Some(path) => PathBuf::from(path),
        None => app
            .path()
            .app_data_dir()
            .map_err(|e| format!("no data folder for the app ({e}); set HOME and restart"))?
            .join(DATABASE_FILE),
    };
    tracing::info!("opening {}", path.display());
    Notebook::open(&path, Box::new(SystemClock), Box::new(OsEntropy))
        .map_err(|e| format!("cannot open {}: {e}", path.display()))
}

/// The app's log folder, from Tauri's path resolver (Linux: `~/.local/share/<identifier>/logs`).
fn log_folder(app: &AppHandle) -> Result<PathBuf, ApiError> {
    app.path().app_log_dir().map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!("no log folder for the app ({e}); set HOME and restart"),
        )
    })
}

/// Raises a notification for each follow-up due today that this device has not reminded of
/// today, in the machine's language; the core keeps the bookkeeping.
async fn remind(app: AppHandle, notebook: Arc<Mutex<Notebook>>) {
    let mut tick = tokio::time::interval(REMINDER_CHECK);
    loop {
        tick.tick().await;
        let reminders = notebook
            .lock()
            .await
            .take_reminders(&local_today(), local_language());
        let reminders = match reminders {
            Ok(reminders) if !reminders.is_empty() && may_notify(&app) => reminders,
            Ok(_) => continue,
            Err(error) => {
                tracing::warn!("follow-up reminders: {error}");
                continue;
            }
        };
        for reminder in reminders {
            let shown = app
                .notification()
                .builder()
                .title(reminder.title)
                .body(reminder.body)
                .show();
            if let Err(error) = shown {
                tracing::warn!("follow-up reminder not shown: {error}");
            }
        }
    }
}

/// Whether notifications may be shown; asks once where the system wants that (phones).
fn may_notify(app: &AppHandle) -> bool {
    let notifications = app.notification();
    let state = match notifications.permission_state() {
        Ok(PermissionState::Prompt | PermissionState::PromptWithRationale) => {
            notifications.request_permission()
        }
        state => state,
    };
    matches!(state, Ok(PermissionState::Granted))
}

/// The hub for phones: on every interface at the fixed port, or where `HANDSCHLAG_HUB_LISTEN`
/// says (the desktop tests bind it to loopback).
fn lan_hub(notebook: Arc<Mutex<Notebook>>) -> Result<LanHub, String> {
    let Ok(address) = std::env::var("HANDSCHLAG_HUB_LISTEN") else {
        return Ok(LanHub::new(notebook));
    };
    let listen = address.parse().map_err(|e| {
        format!("HANDSCHLAG_HUB_LISTEN={address} is not an address like 127.0.0.1:7878 ({e}); fix or unset it")
    })?;
    Ok(LanHub::listening_on(notebook, listen))
}

/// Lets the window's page use the camera, to scan QR codes: WebKitGTK hides
/// `navigator.mediaDevices` until media streams are enabled, and refuses every camera request
/// the app does not answer. The window only ever shows the app's own page; microphones and
/// other permissions stay refused.
#[cfg(target_os = "linux")]
fn allow_camera(app: &tauri::App) -> tauri::Result<()> {
    use webkit2gtk::glib::prelude::Cast;
    use webkit2gtk::{
        PermissionRequestExt, SettingsExt, UserMediaPermissionRequest,
        UserMediaPermissionRequestExt, WebViewExt,
    };
    let Some(window) = app.get_webview_window("main") else {
        return Ok(());
    };
    window.with_webview(|webview| {
        let view = webview.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_media_stream(true);
        }
        view.connect_permission_request(|_, request| {
            let camera_only = request
                .downcast_ref::<UserMediaPermissionRequest>()
                .is_some_and(|media| media.is_for_video_device() && !media.is_for_audio_device());
            if camera_only {
                request.allow();
            } else {
                request.deny();
            }
            true
        });
    })
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    tauri::Builder::default()
        // First, so that a second launch hands over its link before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _, _| {
            show_window(app)
        }))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(OpenedLinks::default())
        .setup(|app| {
            log::to_folder(&log_folder(app.handle())?)?;
            let handle = app.handle().clone();
            app.deep_link()
                .on_open_url(move |event| links_opened(&handle, event.urls()));
            if let Some(links) = app.deep_link().get_current()? {
                links_opened(app.handle(), links);
            }
            let notebook = open_notebook(app.handle())?;
            let running_import = notebook.running_import();
            let notebook = Arc::new(Mutex::new(notebook));
            let mut hub = lan_hub(notebook.clone())?;
            tauri::async_runtime::block_on(async {
                if let Err(error) = hub.restore(&mut *notebook.lock().await) {
                    tracing::error!("the hub for phones did not start: {}", error.message);
                }
            });
            tauri::async_runtime::spawn(auto_sync::run(notebook.clone()));
            tauri::async_runtime::spawn(indexer::run(notebook.clone()));
            tauri::async_runtime::spawn(daily_backup::run(notebook.clone()));
            tauri::async_runtime::spawn(remind(app.handle().clone(), notebook.clone()));
            app.manage(Shell {
                notebook,
                hub: Mutex::new(hub),
                running_import,
            });
            #[cfg(target_os = "linux")]
            allow_camera(app)?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            rpc,
            import_progress,
            save_file,
            take_opened_links,
            recent_log
        ])
        .run(tauri::generate_context!())
        .expect("the Tauri application failed to start");
}
