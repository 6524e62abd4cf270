//! The `device` command list of the API (Devices screen, pairing, sync status), answered for one
//! open notebook by whichever host runs it: the hub's web API or the desktop app.

use handschlag_api::device::Handler;
use handschlag_api::*;
use handschlag_core::Notebook;
use handschlag_core::peer::{Peer, hex};
use handschlag_sync::{Fingerprint, PairingLink, short_code};

use crate::LanHub;
use crate::device::{device_name, dialed_hubs, hub_addresses, identity, invite, join, sync_with};

/// This device, as the device commands see it: its notebook, and the hub it runs for others.
pub struct ThisDevice<'a> {
    pub notebook: &'a mut Notebook,
    pub hub: Hub<'a>,
}

/// Who runs this device's hub, which decides whether the Devices screen can switch it.
pub enum Hub<'a> {
    /// `handschlag serve`: the hub runs for as long as the command does.
    Served,
    /// The app: the hub runs while the user allows phones on this network to sync.
    Lan(&'a mut LanHub),
}

impl ThisDevice<'_> {
    fn hub_running(&self) -> bool {
        match &self.hub {
            Hub::Served => true,
            Hub::Lan(hub) => hub.is_running(),
        }
    }

    fn overview(&mut self) -> Result<DeviceOverview, ApiError> {
        let own = identity(self.notebook)?.fingerprint();
        let peers = self.notebook.peers()?;
        let waiting = match peers.iter().filter(|p| p.trusted()).map(|p| p.acked).max() {
            Some(acked) => self.notebook.changes_after(acked)?,
            None => 0,
        };
        let peers = peers
            .iter()
            .map(|peer| self.summary(peer, own))
            .collect::<Result<_, ApiError>>()?;
        Ok(DeviceOverview {
            name: device_name(self.notebook)?,
            device_id: hex(&self.notebook.identity()?.0),
            hub_running: self.hub_running(),
            hub_addresses: if self.hub_running() {
                hub_addresses(self.notebook)?.unwrap_or_default()
            } else {
                Vec::new()
            },
            waiting,
            open_invites: self.notebook.open_pairing_invites()?,
            peers,
        })
    }

    fn summary(&self, peer: &Peer, own: Fingerprint) -> Result<PeerSummary, ApiError> {
        Ok(PeerSummary {
            id: hex(&peer.device),
            name: peer.name.clone(),
            short_code: peer.fingerprint.map(|f| short_code(own, Fingerprint(f))),
            last_sync_at: peer.last_sync_at,
            waiting: if peer.trusted() {
                self.notebook.changes_after(peer.acked)?
            } else {
                0
            },
            revoked: peer.revoked_at.is_some(),
            pending: peer.pending,
            dialed: peer.address.is_some(),
        })
    }
}

impl ThisDevice<'_> {
    /// Answers a command of either list: the device's here, the notebook's by the core. The one
    /// place a host hands a UI request to (the hub's web API, the desktop's `rpc`).
    pub async fn answer(
        &mut self,
        command: &str,
        request: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        if handschlag_api::is_device_command(command) {
            handschlag_api::device::dispatch(self, command, request).await
        } else {
            handschlag_api::notebook::dispatch(self.notebook, command, request)
        }
    }
}

impl Handler for ThisDevice<'_> {
    async fn device_overview(&mut self, _: Empty) -> Result<DeviceOverview, ApiError> {
        self.overview()
    }

    async fn device_rename(&mut self, request: DeviceRename) -> Result<DeviceOverview, ApiError> {
        let name = handschlag_core::peer::device_name(&request.name)?;
        self.notebook.set_setting("device_name", name.as_bytes())?;
        self.overview()
    }

    async fn device_revoke(&mut self, request: IdRequest) -> Result<DeviceOverview, ApiError> {
        self.notebook.revoke_peer(&request.id)?;
        self.overview()
    }

    async fn device_allow(&mut self, request: IdRequest) -> Result<DeviceOverview, ApiError> {
        self.notebook.allow_peer(&request.id)?;
        self.overview()
    }

    async fn device_refuse(&mut self, request: IdRequest) -> Result<DeviceOverview, ApiError> {
        self.notebook.refuse_peer(&request.id)?;
        self.overview()
    }

    async fn pairing_cancel(&mut self, _: Empty) -> Result<DeviceOverview, ApiError> {
        self.notebook.cancel_pairing_invites()?;
        self.overview()
    }

    async fn hub_allow(&mut self, request: HubAllow) -> Result<DeviceOverview, ApiError> {
        match &mut self.hub {
            Hub::Served => {
                return Err(ApiError::invalid(
                    "`handschlag serve` runs this hub for as long as it runs; to stop the hub, stop `handschlag serve` (Ctrl+C in its terminal)",
                ));
            }
            Hub::Lan(hub) => hub.allow(self.notebook, request.allowed).await?,
        }
        self.overview()
    }

    async fn pairing_invite(&mut self, _: Empty) -> Result<PairingInvite, ApiError> {
        if !self.hub_running() {
            return Err(ApiError::invalid(
                "this device serves no hub to pair with; allow phones on this network to sync (above), or pair from the device that runs the hub",
            ));
        }
        let link = invite(self.notebook)?;
        Ok(PairingInvite {
            qr: handschlag_core::qr::modules(&link.to_string())
                .ok_or_else(|| ApiError::invalid("the pairing link is too long for a QR code"))?,
            link: link.to_string(),
            expires_at: link.expires_at_ms,
        })
    }

    async fn pairing_join(&mut self, request: PairingJoin) -> Result<DeviceOverview, ApiError> {
        let link: PairingLink = request
            .link
            .trim()
            .parse()
            .map_err(|e: handschlag_sync::Error| ApiError::invalid(e.to_string()))?;
        join(self.notebook, &link, &request.name).await?;
        self.overview()
    }

    async fn sync_now(&mut self, _: Empty) -> Result<SyncReport, ApiError> {
        let hubs = dialed_hubs(self.notebook)?;
        let mut report = SyncReport::default();
        for hub in &hubs {
            report
                .peers
                .push(match sync_with(self.notebook, hub).await {
                    Ok(synced) => PeerSync {
                        name: synced.hub,
                        received: synced.received as u32,
                        sent: synced.sent as u32,
                        error: None,
                    },
                    Err(error) => PeerSync {
                        name: hub.name.clone(),
                        received: 0,
                        sent: 0,
                        error: Some(error.message),
                    },
                });
        }
        // Index what arrived for search now, so the next search answers at once.
        self.notebook.catch_up_search()?;
        Ok(report)
    }
}
