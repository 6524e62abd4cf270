//! The sync protocol, both halves side by side, in the order two devices meet: pairing (the
//! device's [`join`], the hub's [`pair`]), then a session — the device's [`sync_with`] says hello
//! ([`welcome`]), pulls the hub's changes page by page ([`pull`]) and pushes its own ([`push`]).
//! The messages are `handschlag_sync::protocol`'s; the version check is the core's
//! `versions_match`, made on both ends of a hello and for every page; the hub's routes, TLS and
//! refusals are `serve.rs`'s. A device holds its notebook for each local step only, never while
//! a request travels.

use std::ops::Range;
use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum_server::tls::TlsInfo;
use handschlag_api::{ApiError, ErrorCode, PeerSync, SyncProgress};
use handschlag_core::peer::{Peer, hex};
use handschlag_core::{Changes, Notebook, RunningSync};
use handschlag_sync::protocol::{Hello, MAX_PAGE, PairRequest, PullRequest, Pushed, Welcome};
use handschlag_sync::{Fingerprint, HubClient, PairingLink, short_code, wire};
use tokio::sync::Mutex;

use crate::device::{hello, identity, key_from_hex, reachable, versions_match};
use crate::serve::{Hub, Page, Refusal, Small, client_fingerprint, forbidden};

/// `pair join`: pairs with the hub in `link`; returns the hub's name and the short code. The
/// notebook is not held while the hub is asked.
pub async fn join(
    notebook: &Mutex<Notebook>,
    link: &PairingLink,
    name: &str,
) -> Result<(String, String), ApiError> {
    let name = handschlag_core::peer::device_name(name)?;
    let (me, ours) = {
        let mut notebook = notebook.lock().await;
        (identity(&mut notebook)?, hello(&notebook)?)
    };
    if link.fingerprint == me.fingerprint() {
        return Err(ApiError::invalid(
            "this is this device's own pairing link; open it on the other device (the phone) instead",
        ));
    }
    let mut last_error = ApiError::new(
        ErrorCode::Unreachable,
        format!(
            "no address in the pairing link answers ({}); check that the hub is running and this device is on the same network, then try again",
            link.addresses.join(", ")
        ),
    );
    for address in &answering(&link.addresses).await {
        let client = HubClient::new(address, &me, link.fingerprint)?;
        let request = PairRequest {
            token: link.token.clone(),
            device: ours.device.clone(),
            name: name.clone(),
        };
        match client.post::<_, Hello>("/v1/sync/pair", &request).await {
            Ok(hub) => {
                versions_match(&ours, &hub)?;
                let mut notebook = notebook.lock().await;
                notebook.set_setting("device_name", name.as_bytes())?;
                notebook.add_hub(
                    key_from_hex(&hub.device)?,
                    &hub.name,
                    link.fingerprint.0,
                    address,
                )?;
                return Ok((hub.name, short_code(link.fingerprint, me.fingerprint())));
            }
            Err(error) => last_error = error.into(),
        }
    }
    Err(last_error)
}

/// Those of `addresses` that accept a connection now, in their order; all are probed at once,
/// so a link full of silent addresses costs one [`PROBE`](crate::device::PROBE), not one
/// connect timeout each.
async fn answering(addresses: &[String]) -> Vec<String> {
    let mut probes = tokio::task::JoinSet::new();
    for (index, address) in addresses.iter().cloned().enumerate() {
        probes.spawn(async move { (index, reachable(&address).await) });
    }
    let mut up = vec![false; addresses.len()];
    while let Some(probe) = probes.join_next().await {
        if let Ok((index, true)) = probe {
            up[index] = true;
        }
    }
    addresses
        .iter()
        .zip(up)
        .filter(|(_, up)| *up)
        .map(|(address, _)| address.clone())
        .collect()
}

/// The hub's half: redeems the one-time token and pins the device's certificate (pending
/// until the owner allows it), answering with the hub's hello.
pub(crate) async fn pair(
    State(hub): State<Hub>,
    Extension(tls): Extension<Arc<TlsInfo>>,
    Small(request): Small<PairRequest>,
) -> Result<Page<Hello>, Refusal> {
    let fingerprint = client_fingerprint(&tls)?;
    let device = key_from_hex(&request.device)?;
    let mut notebook = hub.notebook.lock().await;
    let peer =
        notebook.redeem_pairing_token(&request.token, device, &request.name, fingerprint.0)?;
    let own = identity(&mut notebook)?;
    let code = short_code(own.fingerprint(), fingerprint);
    if peer.pending {
        println!(
            "{} wants to pair — code {code}; if the device shows the same code, run `handschlag devices allow \"{}\"` (or `devices refuse`)",
            peer.name, peer.name
        );
    } else {
        println!("paired {} again — code {code}", peer.name);
    }
    Ok(Page(hello(&notebook)?))
}

/// Syncs both ways with one paired hub: pull its changes, then push ours. The notebook is locked
/// for each page's local step only, never while a request is on the network, so the app's
/// commands go on while a sync runs (and a silent hub holds up nothing but this sync). Hosts run
/// [`sync_round`](crate::device::sync_round); this is its step per hub (and what the sync benchmark times).
pub async fn sync_with(notebook: &Mutex<Notebook>, hub: &Peer) -> Result<PeerSync, ApiError> {
    let (Some(address), Some(fingerprint)) = (&hub.address, hub.fingerprint) else {
        return Err(ApiError::new(
            ErrorCode::NotPaired,
            format!(
                "{} is not a hub this device dials; sync from that device instead",
                hub.name
            ),
        ));
    };
    if !reachable(address).await {
        return Err(ApiError::new(
            ErrorCode::Unreachable,
            format!(
                "the hub at {address} did not answer; check that the hub is running and on the same network, then try again"
            ),
        ));
    }
    let (me, ours) = {
        let mut notebook = notebook.lock().await;
        (identity(&mut notebook)?, hello(&notebook)?)
    };
    let client = HubClient::shared(address, &me, Fingerprint(fingerprint))?;
    let welcome: Welcome = client.post("/v1/sync/hello", &ours).await?;
    if welcome.hub.device != hex(&hub.device) {
        return Err(ApiError::new(
            ErrorCode::NotPaired,
            format!("the hub at {address} is another device now; pair again"),
        ));
    }
    versions_match(&ours, &welcome.hub)?;
    let instance = key_from_hex(&welcome.hub.instance)?;
    let mut synced = PeerSync {
        name: hub.name.clone(),
        received: 0,
        sent: 0,
        future_clocks: 0,
        error: None,
    };
    let (mut pulled, mut progress) = {
        let notebook = notebook.lock().await;
        let pulled = notebook.cursor_for(hub.device, instance)?;
        let progress = Progress::new(
            notebook.running_sync(),
            &hub.name,
            pulled..welcome.feed_end,
            welcome.cursor..notebook.lseq()?,
        );
        (pulled, progress)
    };
    loop {
        let request = PullRequest {
            cursor: pulled,
            limit: MAX_PAGE,
        };
        let page: Changes = client.post("/v1/sync/pull", &request).await?;
        // An empty page ends the pull: asking once more after the last full one tells the hub
        // how far this device has its feed, for its "not yet synced" count.
        if page.rows.is_empty() && page.records.is_empty() {
            break;
        }
        let mut notebook = notebook.lock().await;
        let applied = notebook.apply(&page)?;
        synced.received += applied.changed as u32;
        synced.future_clocks += applied.future_clocks as u32;
        pulled = notebook.cursor_for(hub.device, instance)?;
        progress.pulled(pulled);
    }
    progress.pulled(welcome.feed_end);
    // Each page is read and encoded while the hub applies the one before: still one request at
    // a time, in feed order.
    let mut cursor = welcome.cursor;
    let mut next = outgoing(notebook, cursor).await?;
    while let Some(page) = next {
        let (pushed, following) = tokio::join!(
            client.post_encoded::<Pushed>("/v1/sync/push", wire::CONTENT_TYPE, page.body),
            async {
                match page.more {
                    true => outgoing(notebook, page.next_cursor).await,
                    false => Ok(None),
                }
            }
        );
        let pushed = pushed?;
        // What changed on the hub; rows it sent us and we merely echo back change nothing.
        synced.sent += pushed.changed as u32;
        if let Some(hub_cursor) = pushed.caught_up_to {
            notebook
                .lock()
                .await
                .advance_cursor(hub.device, instance, hub_cursor)?;
        }
        cursor = page.next_cursor;
        progress.pushed(cursor);
        next = following?;
    }
    let mut notebook = notebook.lock().await;
    notebook.note_acked(hub.device, cursor)?;
    notebook.note_synced(hub.device)?;
    Ok(synced)
}
/// A page of this device's feed, encoded for the push.
struct Outgoing {
    body: Vec<u8>,
    next_cursor: i64,
    more: bool,
}

/// The page of this device's changes after `cursor`, or `None` when there are none.
async fn outgoing(notebook: &Mutex<Notebook>, cursor: i64) -> Result<Option<Outgoing>, ApiError> {
    let page = notebook.lock().await.changes_since(cursor, MAX_PAGE)?;
    if page.rows.is_empty() && page.records.is_empty() {
        return Ok(None);
    }
    Ok(Some(Outgoing {
        body: wire::encode(&page),
        next_cursor: page.next_cursor,
        more: page.more,
    }))
}

/// How far a sync with one hub has come, told to the notebook's [`RunningSync`] page by page
/// (and taken back when the sync ends, however it ends): places in the hub's feed pulled, then
/// in this device's feed pushed.
struct Progress {
    running: Arc<RunningSync>,
    hub: String,
    pull: Range<i64>,
    push: Range<i64>,
    pulled: i64,
    pushed: i64,
}

impl Progress {
    fn new(running: Arc<RunningSync>, hub: &str, pull: Range<i64>, push: Range<i64>) -> Progress {
        let progress = Progress {
            running,
            hub: hub.to_string(),
            pulled: pull.start,
            pushed: push.start,
            pull,
            push,
        };
        progress.tell();
        progress
    }

    fn pulled(&mut self, cursor: i64) {
        self.pulled = cursor;
        self.tell();
    }

    fn pushed(&mut self, cursor: i64) {
        self.pushed = cursor;
        self.tell();
    }

    fn tell(&self) {
        let span = |range: &Range<i64>| (range.end - range.start).max(0);
        let done = |range: &Range<i64>, at: i64| (at - range.start).clamp(0, span(range));
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        self.running.set(Some(SyncProgress {
            hub: self.hub.clone(),
            done: count(done(&self.pull, self.pulled) + done(&self.push, self.pushed)),
            all: count(span(&self.pull) + span(&self.push)),
        }));
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.running.set(None);
    }
}

/// The hub's half of the hello: checks the versions and says how far it holds the caller's
/// feed.
pub(crate) async fn welcome(
    State(hub): State<Hub>,
    Extension(peer): Extension<Peer>,
    Small(caller): Small<Hello>,
) -> Result<Page<Welcome>, Refusal> {
    let mut notebook = hub.notebook.lock().await;
    if caller.device != hex(&peer.device) {
        return Err(forbidden(
            ErrorCode::NotPaired,
            "this certificate belongs to another device; pair this device again",
        ));
    }
    let own = hello(&notebook)?;
    versions_match(&own, &caller)?;
    let instance = key_from_hex(&caller.instance)?;
    let cursor = notebook.greet(peer.device, instance)?;
    Ok(Page(Welcome {
        hub: own,
        cursor,
        feed_end: notebook.lseq()?,
    }))
}

/// The hub's half of the pull: a page of its changes after the caller's cursor.
pub(crate) async fn pull(
    State(hub): State<Hub>,
    Extension(peer): Extension<Peer>,
    Small(request): Small<PullRequest>,
) -> Result<Page<Changes>, Refusal> {
    let mut notebook = hub.notebook.lock().await;
    // It asks for what follows `cursor`: it holds everything of ours up to there.
    notebook.note_acked(peer.device, request.cursor)?;
    Ok(Page(notebook.changes_since(
        request.cursor,
        request.limit.clamp(1, MAX_PAGE),
    )?))
}

/// The hub's half of the push: applies the caller's page and says how far the caller holds
/// the hub's feed.
pub(crate) async fn push(
    State(hub): State<Hub>,
    Extension(peer): Extension<Peer>,
    Page(changes): Page<Changes>,
) -> Result<Page<Pushed>, Refusal> {
    let mut notebook = hub.notebook.lock().await;
    if changes.device != peer.device {
        return Err(forbidden(
            ErrorCode::NotPaired,
            "a device may only push its own change feed; pair this device again",
        ));
    }
    if changes.rows.len() + changes.records.len() > MAX_PAGE {
        return Err(Refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::invalid(format!(
                "a page may carry at most {MAX_PAGE} changes; update the app on this device"
            )),
        ));
    }
    let (applied, caught_up_to) = notebook.apply_pushed(&changes)?;
    notebook.note_synced(peer.device)?;
    Ok(Page(Pushed {
        changed: applied.changed,
        caught_up_to,
    }))
}
