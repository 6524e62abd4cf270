//! The `device` command list of the API (Devices screen, pairing, sync status), answered for one
//! open notebook by whichever host runs it: the hub's web API or the desktop app.

use handschlag_api::device::Handler;
use handschlag_api::*;
use handschlag_core::Notebook;
use handschlag_core::peer::{Peer, hex};
use handschlag_sync::{Fingerprint, PairingLink, short_code};
use tokio::sync::Mutex;

use crate::LanHub;
use crate::device::{device_name, hub_addresses, identity, invite, sync_round};
use crate::session::join;

/// This device, as the device commands see it: its notebook, and the hub it runs for others.
/// Each command locks the notebook (and then the hub) for as long as it needs them; a sync or a
/// pairing locks the notebook per step and never across the network, so the other commands
/// of the window go on meanwhile.
pub struct ThisDevice<'a> {
    pub notebook: &'a Mutex<Notebook>,
    pub hub: Hub<'a>,
}

/// Who runs this device's hub, which decides whether the Devices screen can switch it.
pub enum Hub<'a> {
    /// `handschlag serve`: the hub runs for as long as the command does.
    Served,
    /// The app: the hub runs while the user allows phones on this network to sync.
    Lan(&'a Mutex<LanHub>),
    /// The CLI: a hub on this notebook, if any, is `handschlag serve` in another process.
    Elsewhere,
}

impl ThisDevice<'_> {
    async fn hub_running(&self) -> bool {
        match &self.hub {
            Hub::Served => true,
            Hub::Lan(hub) => hub.lock().await.is_running(),
            Hub::Elsewhere => false,
        }
    }

    async fn overview(&self) -> Result<DeviceOverview, ApiError> {
        let mut notebook = self.notebook.lock().await;
        let own = identity(&mut notebook)?.fingerprint();
        let peers = notebook.peers()?;
        let waiting = match peers.iter().filter(|p| p.trusted()).map(|p| p.acked).max() {
            Some(acked) => notebook.changes_after(acked)?,
            None => 0,
        };
        let peers = peers
            .iter()
            .map(|peer| summary(&notebook, peer, own))
            .collect::<Result<_, ApiError>>()?;
        let hub_running = self.hub_running().await;
        Ok(DeviceOverview {
            name: device_name(&notebook)?,
            device_id: hex(&notebook.identity()?.0),
            hub_running,
            hub_addresses: if hub_running {
                hub_addresses(&notebook)?.unwrap_or_default()
            } else {
                Vec::new()
            },
            waiting,
            open_invites: notebook.open_pairing_invites()?,
            peers,
            syncing: notebook.running_sync().get(),
        })
    }

    /// Answers a command of either list: the device's here, the notebook's by the core. The one
    /// place a host hands a UI request to (the hub's web API, the desktop's `rpc`, the CLI).
    pub async fn answer(
        &mut self,
        command: &str,
        request: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        if handschlag_api::is_device_command(command) {
            handschlag_api::device::dispatch(self, command, request).await
        } else {
            let mut notebook = self.notebook.lock().await;
            blocking(|| handschlag_api::notebook::dispatch(&mut *notebook, command, request))
        }
    }
}

/// Runs a notebook command, which may take seconds (an import of 50,000 contacts), without
/// starving the runtime's other tasks: on a multi-threaded runtime its worker first hands its
/// queued tasks to another thread. Without this, the Import screen's progress requests waited
/// behind the import they were asking about.
fn blocking<T>(work: impl FnOnce() -> T) -> T {
    let flavor = tokio::runtime::Handle::try_current().map(|runtime| runtime.runtime_flavor());
    match flavor {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        _ => work(),
    }
}

fn summary(notebook: &Notebook, peer: &Peer, own: Fingerprint) -> Result<PeerSummary, ApiError> {
    Ok(PeerSummary {
        id: hex(&peer.device),
        name: peer.name.clone(),
        short_code: peer.fingerprint.map(|f| short_code(own, Fingerprint(f))),
        last_sync_at: peer.last_sync_at,
        waiting: if peer.trusted() {
            notebook.changes_after(peer.acked)?
        } else {
            0
        },
        revoked: peer.revoked_at.is_some(),
        pending: peer.pending,
        dialed: peer.address.is_some(),
    })
}

impl Handler for ThisDevice<'_> {
    async fn device_overview(&mut self, _: Empty) -> Result<DeviceOverview, ApiError> {
        self.overview().await
    }

    async fn device_rename(&mut self, request: DeviceRename) -> Result<DeviceOverview, ApiError> {
        let name = handschlag_core::peer::device_name(&request.name)?;
        self.notebook
            .lock()
            .await
            .set_setting("device_name", name.as_bytes())?;
        self.overview().await
    }

    async fn device_revoke(&mut self, request: IdRequest) -> Result<DeviceOverview, ApiError> {
        self.notebook.lock().await.revoke_peer(&request.id)?;
        self.overview().await
    }

    async fn device_allow(&mut self, request: IdRequest) -> Result<DeviceOverview, ApiError> {
        self.notebook.lock().await.allow_peer(&request.id)?;
        self.overview().await
    }

    async fn device_refuse(&mut self, request: IdRequest) -> Result<DeviceOverview, ApiError> {
        self.notebook.lock().await.refuse_peer(&request.id)?;
        self.overview().await
    }

    async fn pairing_cancel(&mut self, _: Empty) -> Result<DeviceOverview, ApiError> {
        self.notebook.lock().await.cancel_pairing_invites()?;
        self.overview().await
    }

    async fn hub_allow(&mut self, request: HubAllow) -> Result<DeviceOverview, ApiError> {
        match &self.hub {
            Hub::Served => {
                return Err(ApiError::invalid(
                    "`handschlag serve` runs this hub for as long as it runs; to stop the hub, stop `handschlag serve` (Ctrl+C in its terminal)",
                ));
            }
            Hub::Elsewhere => {
                return Err(ApiError::invalid(
                    "run `handschlag serve` to run a hub on this notebook; stop it with Ctrl+C",
                ));
            }
            Hub::Lan(hub) => {
                let mut notebook = self.notebook.lock().await;
                hub.lock()
                    .await
                    .allow(&mut notebook, request.allowed)
                    .await?;
            }
        }
        self.overview().await
    }

    async fn pairing_invite(&mut self, _: Empty) -> Result<PairingInvite, ApiError> {
        if !self.hub_running().await {
            return Err(ApiError::invalid(
                "this device serves no hub to pair with; allow phones on this network to sync (above), or pair from the device that runs the hub",
            ));
        }
        let link = invite(&mut *self.notebook.lock().await)?;
        Ok(PairingInvite {
            qr: handschlag_core::qr::modules(&link.to_string())
                .ok_or_else(|| ApiError::invalid("the pairing link is too long for a QR code"))?,
            link: link.to_string(),
            expires_at: link.expires_at_ms,
        })
    }

    async fn pairing_join(&mut self, request: PairingJoin) -> Result<DeviceOverview, ApiError> {
        let link: PairingLink = request.link.trim().parse().map_err(ApiError::from)?;
        join(self.notebook, &link, &request.name).await?;
        self.overview().await
    }

    async fn sync_now(&mut self, request: SyncNow) -> Result<SyncReport, ApiError> {
        sync_round(self.notebook, request.hub.as_deref()).await
    }
}
