//! Indexing for search in the background. A sync can merge thousands of contacts; indexing them
//! all in one go held the notebook for ~750 ms at 10,000 contacts, and the first search after
//! the sync waited for it. The app and `handschlag serve` run this instead: it indexes a slice
//! at a time ([`SEARCH_SLICE`](handschlag_core::SEARCH_SLICE) contacts) and lets go of the
//! notebook between slices, so a command waits for one slice at most; a search meanwhile
//! indexes one slice itself and says how many contacts still wait.

use std::sync::Arc;
use std::time::Duration;

use handschlag_core::Notebook;
use tokio::sync::Mutex;

/// How often the indexer looks whether contacts wait to be indexed.
const LOOK: Duration = Duration::from_millis(250);

/// Indexes in the background for as long as the host runs; spawned once per notebook.
pub async fn run(notebook: Arc<Mutex<Notebook>>) {
    notebook.lock().await.index_search_in_background();
    let mut look = tokio::time::interval(LOOK);
    loop {
        look.tick().await;
        catch_up(&notebook).await;
    }
}

/// Indexes every waiting contact a slice at a time; the notebook's lock is fair, so a command
/// that asked for it meanwhile gets it before the next slice.
pub async fn catch_up(notebook: &Mutex<Notebook>) {
    loop {
        match notebook.lock().await.catch_up_search_slice() {
            Ok(0) => return,
            Ok(_) => tokio::task::yield_now().await,
            Err(error) => {
                tracing::error!("search indexing: {error}");
                return;
            }
        }
    }
}
