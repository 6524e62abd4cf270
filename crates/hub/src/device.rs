//! This device as a sync party: its database, its TLS identity (made on first use and kept in
//! the database), how it introduces itself, and the commands that pair and sync it.

use std::path::Path;

use handschlag_api::{ApiError, ErrorCode, PeerSync, SyncReport};
use handschlag_core::peer::{Peer, hex};
use handschlag_core::system::{OsEntropy, SystemClock};
use handschlag_core::{Key, Notebook, PROTOCOL_VERSION, SCHEMA_VERSION};
use handschlag_sync::protocol::Hello;
use handschlag_sync::{Identity, PairingLink};
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

/// One sync round: with every hub this device dials (or only the one named `only`), one after
/// the other, both ways. What arrived is indexed for search by the next search, or by the
/// background [`indexer`](crate::indexer) where one runs. A hub that does not accept a
/// connection within [`PROBE`] is reported unreachable at once, without waiting out a timeout.
/// A hub's failure is its entry in the report; the round goes on with the next. Two rounds at
/// once (automatic sync and "Sync now", or the CLI beside the app) are safe: applying a page
/// twice changes nothing, and every cursor only moves forward.
pub async fn sync_round(
    notebook: &Mutex<Notebook>,
    only: Option<&str>,
) -> Result<SyncReport, ApiError> {
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
        let synced = crate::session::sync_with(notebook, hub).await;
        let synced = synced.unwrap_or_else(|error| PeerSync {
            name: hub.name.clone(),
            received: 0,
            sent: 0,
            future_clocks: 0,
            error: Some(error),
        });
        log_sync(&synced);
        report.peers.push(synced);
    }
    Ok(report)
}

/// One line in the log per hub and round: what moved, or why not. A hub out of reach is normal
/// for a phone away from home, so it is logged at `info`, not as a warning.
fn log_sync(synced: &PeerSync) {
    let hub = &synced.name;
    match &synced.error {
        None => tracing::info!(
            hub,
            received = synced.received,
            sent = synced.sent,
            future_clocks = synced.future_clocks,
            "synced"
        ),
        Some(error) if error.code == ErrorCode::Unreachable => {
            tracing::info!(hub, "sync skipped: {}", error.message)
        }
        Some(error) => tracing::warn!(hub, code = ?error.code, "sync failed: {}", error.message),
    }
}
