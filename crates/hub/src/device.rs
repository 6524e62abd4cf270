//! This device as a sync party: its database, its TLS identity (made on first use and kept in
//! the database), how it introduces itself, and the commands that pair and sync it.

use std::path::Path;

use handschlag_api::{ApiError, ErrorCode, PeerSync, SyncReport};
use handschlag_core::peer::{Peer, hex};
use handschlag_core::system::{OsEntropy, SystemClock};
use handschlag_core::{Changes, Key, Notebook, PROTOCOL_VERSION, SCHEMA_VERSION};
use handschlag_sync::protocol::{Hello, MAX_PAGE, PairRequest, PullRequest, Pushed, Welcome};
use handschlag_sync::{Fingerprint, HubClient, Identity, PairingLink, short_code};
use tokio::sync::Mutex;

pub fn open(db: &Path) -> Result<Notebook, ApiError> {
    Ok(Notebook::open(
        db,
        Box::new(SystemClock),
        Box::new(OsEntropy),
    )?)
}

/// This device's name as other devices see it.
pub fn device_name(notebook: &Notebook) -> Result<String, ApiError> {
    let stored = notebook.setting("device_name")?;
    Ok(stored
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_else(|| "Handschlag hub".into()))
}

/// This device's TLS identity, made and stored on first use.
pub fn identity(notebook: &mut Notebook) -> Result<Identity, ApiError> {
    if let (Some(cert_der), Some(key_der)) =
        (notebook.setting("tls_cert")?, notebook.setting("tls_key")?)
    {
        return Ok(Identity { cert_der, key_der });
    }
    let identity = Identity::generate(&device_name(notebook)?)?;
    notebook.set_setting("tls_cert", &identity.cert_der)?;
    notebook.set_setting("tls_key", &identity.key_der)?;
    Ok(identity)
}

pub fn hello(notebook: &Notebook) -> Result<Hello, ApiError> {
    let (device, instance) = notebook.identity()?;
    Ok(Hello {
        device: hex(&device),
        instance: hex(&instance),
        name: device_name(notebook)?,
        protocol: PROTOCOL_VERSION,
        schema: SCHEMA_VERSION,
    })
}

pub fn key_from_hex(text: &str) -> Result<Key, ApiError> {
    let bytes: Option<Vec<u8>> = (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect();
    bytes.and_then(|b| b.try_into().ok()).ok_or_else(|| {
        ApiError::new(
            ErrorCode::VersionMismatch,
            format!("'{text}' is not a device id; update the app on both devices"),
        )
    })
}

/// Refuses a peer whose hello names another protocol or schema than `ours` (the core's check).
pub fn versions_match(ours: &Hello, theirs: &Hello) -> Result<(), ApiError> {
    Ok(handschlag_core::versions_match(
        (theirs.protocol, theirs.schema),
        &theirs.name,
        &ours.name,
    )?)
}

/// Where other devices reach the hub that last served this database (its sync endpoint
/// records them when it binds); `None` when no hub ever did.
pub fn hub_addresses(notebook: &Notebook) -> Result<Option<Vec<String>>, ApiError> {
    Ok(notebook
        .setting("hub_address")?
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .map(|joined| joined.split(',').map(String::from).collect()))
}

/// The paired, unrevoked hubs this device dials to sync.
pub fn dialed_hubs(notebook: &Notebook) -> Result<Vec<Peer>, ApiError> {
    Ok(notebook
        .peers()?
        .into_iter()
        .filter(|peer| peer.trusted() && peer.address.is_some())
        .collect())
}

/// `pair invite`: a one-time link to the hub this database serves.
pub fn invite(notebook: &mut Notebook) -> Result<PairingLink, ApiError> {
    let addresses = hub_addresses(notebook)?.ok_or_else(|| {
        ApiError::invalid(
            "this database has no running hub; start one with `handschlag serve` first",
        )
    })?;
    let fingerprint = identity(notebook)?.fingerprint();
    let (token, expires_at_ms) = notebook.create_pairing_token()?;
    Ok(PairingLink {
        addresses,
        fingerprint,
        token,
        expires_at_ms,
    })
}

/// How long a hub has to accept a TCP connection before it counts as out of reach.
pub const PROBE: std::time::Duration = std::time::Duration::from_millis(800);

/// Whether something accepts a TCP connection at `address` within [`PROBE`].
pub async fn reachable(address: &str) -> bool {
    let connect = tokio::net::TcpStream::connect(address);
    matches!(tokio::time::timeout(PROBE, connect).await, Ok(Ok(_)))
}

/// Those of `addresses` that accept a connection now, in their order; all are probed at once,
/// so a link full of silent addresses costs one [`PROBE`], not one connect timeout each.
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

/// One sync round at a time in this process: the app's automatic sync and "Sync now" take
/// turns, so two rounds never pull the same pages side by side.
static ROUND: Mutex<()> = Mutex::const_new(());

/// One sync round: with every hub this device dials (or only the one named `only`), one after
/// the other, both ways. What arrived is indexed for search by the next search, or by the
/// background [`indexer`](crate::indexer) where one runs. A hub that does not accept a
/// connection within [`PROBE`] is reported unreachable at once, without waiting out a timeout.
/// A hub's failure is its entry in the report; the round goes on with the next.
pub async fn sync_round(
    notebook: &Mutex<Notebook>,
    only: Option<&str>,
) -> Result<SyncReport, ApiError> {
    let _turn = ROUND.lock().await;
    let hubs: Vec<Peer> = dialed_hubs(&*notebook.lock().await)?
        .into_iter()
        .filter(|hub| only.is_none_or(|name| hub.name.eq_ignore_ascii_case(name.trim())))
        .collect();
    if let (Some(name), true) = (only, hubs.is_empty()) {
        return Err(ApiError::not_found(format!(
            "no paired hub named '{name}'; see `handschlag devices list`"
        )));
    }
    let mut report = SyncReport::default();
    for hub in &hubs {
        let synced = sync_with(notebook, hub).await;
        report.peers.push(synced.unwrap_or_else(|error| PeerSync {
            name: hub.name.clone(),
            received: 0,
            sent: 0,
            future_clocks: 0,
            error: Some(error),
        }));
    }
    Ok(report)
}

/// Syncs both ways with one paired hub: pull its changes, then push ours. The notebook is locked
/// for each page's local step only, never while a request is on the network, so the app's
/// commands go on while a sync runs (and a silent hub holds up nothing but this sync). Hosts run
/// [`sync_round`]; this is its step per hub (and what the sync benchmark times).
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
    let client = HubClient::new(address, &me, Fingerprint(fingerprint))?;
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
    loop {
        let cursor = notebook.lock().await.cursor_for(hub.device, instance)?;
        let request = PullRequest {
            cursor,
            limit: MAX_PAGE,
        };
        let page: Changes = client.post("/v1/sync/pull", &request).await?;
        // An empty page ends the pull: asking once more after the last full one tells the hub
        // how far this device has its feed, for its "not yet synced" count.
        if page.rows.is_empty() && page.records.is_empty() {
            break;
        }
        let applied = notebook.lock().await.apply(&page)?;
        synced.received += applied.changed as u32;
        synced.future_clocks += applied.future_clocks as u32;
    }
    let mut cursor = welcome.cursor;
    loop {
        let page = notebook.lock().await.changes_since(cursor, MAX_PAGE)?;
        if page.rows.is_empty() && page.records.is_empty() {
            break;
        }
        let pushed: Pushed = client.post("/v1/sync/push", &page).await?;
        // What changed on the hub; rows it sent us and we merely echo back change nothing.
        synced.sent += pushed.changed as u32;
        if let Some(hub_cursor) = pushed.caught_up_to {
            notebook
                .lock()
                .await
                .advance_cursor(hub.device, instance, hub_cursor)?;
        }
        cursor = page.next_cursor;
        if !page.more {
            break;
        }
    }
    let mut notebook = notebook.lock().await;
    notebook.note_acked(hub.device, cursor)?;
    notebook.note_synced(hub.device)?;
    Ok(synced)
}
