//! How far a long task under way has come — an import, a sync — shared with the host so a UI can
//! ask while the task holds the notebook (or between its steps), without the notebook's lock.

use std::sync::Mutex;

use handschlag_api::{ImportProgress, SyncProgress};

/// The task's progress now; empty when none runs.
pub struct Running<T>(Mutex<Option<T>>);

/// The import under way ([`crate::Notebook::running_import`]).
pub type RunningImport = Running<ImportProgress>;
/// The sync under way ([`crate::Notebook::running_sync`]).
pub type RunningSync = Running<SyncProgress>;

impl<T> Default for Running<T> {
    fn default() -> Self {
        Running(Mutex::new(None))
    }
}

impl<T: Clone> Running<T> {
    /// The task's progress, if one runs.
    pub fn get(&self) -> Option<T> {
        self.lock().clone()
    }

    /// Says how far it has come; `None` when it ended.
    pub fn set(&self, now: Option<T>) {
        *self.lock() = now;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<T>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
