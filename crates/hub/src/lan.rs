//! The hub the app runs in the background once the user allows phones on this network to sync
//! (the switch on the Devices screen): the same sync endpoint as `handschlag serve --lan`, on
//! every network interface at [`LAN_PORT`]. It is off by default — nothing listens on the network
//! until the user allows it — and the choice is kept in a local setting, so the hub comes back
//! when the app starts again. Stopping it closes the listener and ends open connections.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use handschlag_api::ApiError;
use handschlag_core::Notebook;
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

use crate::serve::SyncEndpoint;

/// The port phones dial: `handschlag serve`'s, and fixed, because paired phones keep the address.
pub const LAN_PORT: u16 = 7878;

/// The local setting that keeps the user's choice (`1` allowed, `0` or absent not).
const ALLOWED: &str = "lan_hub_allowed";

/// The app's hub, switched by the user.
pub struct LanHub {
    notebook: Arc<Mutex<Notebook>>,
    listen: SocketAddr,
    running: Option<Running>,
}

/// A serving endpoint: what stops it, and its task, awaited so that the port is free again.
struct Running {
    stop: axum_server::Handle<SocketAddr>,
    task: JoinHandle<()>,
}

impl LanHub {
    /// The hub of `notebook` on every network interface at [`LAN_PORT`]; not running yet.
    pub fn new(notebook: Arc<Mutex<Notebook>>) -> Self {
        Self::listening_on(notebook, (Ipv4Addr::UNSPECIFIED, LAN_PORT).into())
    }

    /// The hub of `notebook` on `listen` (tests use a loopback address with port 0).
    pub fn listening_on(notebook: Arc<Mutex<Notebook>>, listen: SocketAddr) -> Self {
        LanHub {
            notebook,
            listen,
            running: None,
        }
    }

    /// Whether it listens for phones now.
    pub fn is_running(&self) -> bool {
        self.running
            .as_ref()
            .is_some_and(|running| !running.task.is_finished())
    }

    /// Starts the hub when the user allowed it before; `locked` is the notebook, locked. Like
    /// [`Self::allow`], it spawns the hub on the current Tokio runtime.
    pub fn restore(&mut self, locked: &mut Notebook) -> Result<(), ApiError> {
        if locked.setting(ALLOWED)?.as_deref() == Some(b"1") {
            self.start(locked)?;
        }
        Ok(())
    }

    /// Starts or stops the hub and keeps the choice for the next start of the app; `locked` is
    /// the notebook, locked. A hub that cannot listen leaves the choice as it was.
    pub async fn allow(&mut self, locked: &mut Notebook, allowed: bool) -> Result<(), ApiError> {
        if allowed {
            self.start(locked)?;
        } else {
            self.stop().await;
        }
        locked.set_setting(ALLOWED, if allowed { b"1" } else { b"0" })?;
        Ok(())
    }

    fn start(&mut self, locked: &mut Notebook) -> Result<(), ApiError> {
        if self.is_running() {
            return Ok(());
        }
        let endpoint = SyncEndpoint::bind_locked(&self.notebook, locked, self.listen)?;
        let stop = endpoint.stop_handle();
        let task = tokio::spawn(async move {
            if let Err(error) = endpoint.serve().await {
                tracing::error!("the hub for phones stopped: {error}");
            }
        });
        self.running = Some(Running { stop, task });
        Ok(())
    }

    async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop.shutdown();
            // Waiting for it means the port is closed; a failure was logged by the task.
            let _ = running.task.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr, SocketAddr};
    use std::sync::Arc;

    use handschlag_api::device::Handler as _;
    use handschlag_api::{ContactCreate, Empty, ErrorCode, HubAllow, PairingJoin, PeerSync};
    use handschlag_core::Notebook;
    use handschlag_core::system::{OsEntropy, SystemClock};
    use handschlag_sync::PairingLink;
    use tokio::sync::Mutex;

    use super::LanHub;
    use crate::device::sync_round;
    use crate::this_device::{Hub, ThisDevice};

    fn notebook() -> Arc<Mutex<Notebook>> {
        let notebook =
            Notebook::open_in_memory(Box::new(SystemClock), Box::new(OsEntropy)).unwrap();
        Arc::new(Mutex::new(notebook))
    }

    fn loopback_hub(notebook: &Arc<Mutex<Notebook>>) -> Mutex<LanHub> {
        Mutex::new(LanHub::listening_on(
            notebook.clone(),
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
        ))
    }

    /// Switches the hub through the API, as the Devices screen does.
    async fn switch(notebook: &Mutex<Notebook>, hub: &Mutex<LanHub>, allowed: bool) -> Vec<String> {
        let mut this = ThisDevice {
            notebook,
            hub: Hub::Lan(hub),
        };
        let overview = this.hub_allow(HubAllow { allowed }).await.unwrap();
        assert_eq!(overview.hub_running, allowed);
        overview.hub_addresses
    }

    async fn accepts(address: &str) -> bool {
        tokio::net::TcpStream::connect(address).await.is_ok()
    }

    /// The first hub's entry of a sync round.
    async fn sync(phone: &Mutex<Notebook>) -> PeerSync {
        sync_round(phone, None).await.unwrap().peers.remove(0)
    }

    #[tokio::test]
    async fn nothing_listens_until_the_user_allows_it() {
        let laptop = notebook();
        let hub = loopback_hub(&laptop);
        hub.lock().await.restore(&mut *laptop.lock().await).unwrap();
        assert!(!hub.lock().await.is_running());
        let mut this = ThisDevice {
            notebook: &laptop,
            hub: Hub::Lan(&hub),
        };
        let overview = this.device_overview(Empty {}).await.unwrap();
        assert!(!overview.hub_running);
        assert!(overview.hub_addresses.is_empty());
        let refused = this.pairing_invite(Empty {}).await.unwrap_err();
        assert!(refused.message.contains("no hub"), "{}", refused.message);
    }

    #[tokio::test]
    async fn allowing_starts_the_hub_a_phone_pairs_and_syncs_with_and_stopping_closes_it() {
        let laptop = notebook();
        let hub = loopback_hub(&laptop);
        let addresses = switch(&laptop, &hub, true).await;
        assert_eq!(addresses.len(), 1, "a loopback hub has one address");
        assert!(accepts(&addresses[0]).await);

        // A phone pairs with the link the Devices screen shows, writes, and syncs.
        let mut this = ThisDevice {
            notebook: &laptop,
            hub: Hub::Lan(&hub),
        };
        let invite = this.pairing_invite(Empty {}).await.unwrap();
        let link: PairingLink = invite.link.parse().unwrap();
        assert_eq!(link.addresses, addresses);
        let phone = notebook();
        let phone_hub = loopback_hub(&phone);
        let mut this = ThisDevice {
            notebook: &phone,
            hub: Hub::Lan(&phone_hub),
        };
        let request = PairingJoin {
            link: invite.link,
            name: "Anna's phone".into(),
        };
        this.pairing_join(request).await.unwrap();
        // The laptop's owner compares the code and allows the phone.
        laptop.lock().await.allow_peer("Anna's phone").unwrap();
        handschlag_api::Handler::contact_create(
            &mut *phone.lock().await,
            ContactCreate {
                name: "Anna Bauer".into(),
                ..ContactCreate::default()
            },
        )
        .unwrap();
        let synced = sync(&phone).await;
        assert!(
            synced.sent > 0,
            "the phone's contact reached the laptop: {synced:?}"
        );

        // Stopping closes the listener: the phone can no longer reach it.
        assert!(switch(&laptop, &hub, false).await.is_empty());
        assert!(!hub.lock().await.is_running());
        assert!(!accepts(&addresses[0]).await, "the port is closed");
        let refused = sync(&phone).await.error.expect("the hub is gone");
        assert_eq!(refused.code, ErrorCode::Unreachable);
    }

    #[tokio::test]
    async fn the_choice_is_remembered_across_restarts() {
        let laptop = notebook();
        let hub = loopback_hub(&laptop);
        switch(&laptop, &hub, true).await;

        // The app starts again on the same database: the hub comes back.
        let again = loopback_hub(&laptop);
        again
            .lock()
            .await
            .restore(&mut *laptop.lock().await)
            .unwrap();
        assert!(again.lock().await.is_running());

        switch(&laptop, &again, false).await;
        let third = loopback_hub(&laptop);
        third
            .lock()
            .await
            .restore(&mut *laptop.lock().await)
            .unwrap();
        assert!(
            !third.lock().await.is_running(),
            "a stopped hub stays stopped"
        );
    }

    #[tokio::test]
    async fn a_port_in_use_is_an_error_and_keeps_the_hub_off() {
        let laptop = notebook();
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let mut hub = LanHub::listening_on(laptop.clone(), taken.local_addr().unwrap());
        let mut locked = laptop.lock().await;
        let error = hub.allow(&mut locked, true).await.unwrap_err();
        assert!(
            error.message.contains("handschlag serve"),
            "{}",
            error.message
        );
        assert!(!hub.is_running());
        let again = loopback_hub(&laptop);
        again.lock().await.restore(&mut locked).unwrap();
        assert!(
            !again.lock().await.is_running(),
            "a hub that never listened is not remembered as allowed"
        );
    }

    #[tokio::test]
    async fn handschlag_serve_cannot_be_switched_from_the_screen() {
        let laptop = notebook();
        let mut this = ThisDevice {
            notebook: &laptop,
            hub: Hub::Served,
        };
        let error = this
            .hub_allow(HubAllow { allowed: false })
            .await
            .unwrap_err();
        assert!(
            error.message.contains("stop `handschlag serve`"),
            "{}",
            error.message
        );
    }
}
