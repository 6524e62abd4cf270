//! Automatic sync with the hubs this device dials (a phone with its laptop, a laptop with
//! another hub): soon after a change here — once writes have paused for [`QUIET`] — and every
//! [`PERIOD`], to pick up what changed there. A round is [`sync_round`]: a hub that does not
//! accept a connection within [`PROBE`](crate::device::PROBE) is skipped at once, and the
//! notebook is never held while a page travels. When to sync is [`Schedule`], a plain value the
//! tests drive by hand.

use std::sync::Arc;
use std::time::{Duration, Instant};

use handschlag_api::ApiError;
use handschlag_core::Notebook;
use tokio::sync::Mutex;

use crate::device::sync_round;

/// How long writes must pause before a change is synced (one save is often several writes).
pub const QUIET: Duration = Duration::from_secs(2);
/// How often to sync regardless, for what the hubs received from other devices.
pub const PERIOD: Duration = Duration::from_secs(30);
/// How often the notebook is looked at for a change.
const TICK: Duration = Duration::from_secs(1);
/// When the next round is due, from the notebook's change counter (`lseq`) over time.
#[derive(Debug, Default)]
pub struct Schedule {
    /// The `lseq` last seen, and when it last moved.
    seen: i64,
    changed_at: Option<Instant>,
    synced_at: Option<Instant>,
}

impl Schedule {
    /// Whether to sync at `now`, when the notebook's `lseq` is `lseq`: writes have paused for
    /// [`QUIET`] since a change, or the last round is [`PERIOD`] old (or there was none).
    pub fn due(&mut self, lseq: i64, now: Instant) -> bool {
        if lseq != self.seen {
            self.seen = lseq;
            self.changed_at = Some(now);
        }
        let settled = self
            .changed_at
            .is_some_and(|at| now.duration_since(at) >= QUIET);
        let stale = self
            .synced_at
            .is_none_or(|at| now.duration_since(at) >= PERIOD);
        settled || stale
    }

    /// A round ended at `now` with the notebook at `lseq`: what it merged is not a change.
    pub fn synced(&mut self, lseq: i64, now: Instant) {
        self.seen = lseq;
        self.changed_at = None;
        self.synced_at = Some(now);
    }
}

/// Syncs for as long as the app runs; the host spawns it once. Failures are logged (each hub's
/// by [`sync_round`]) and tried again at the next round.
pub async fn run(notebook: Arc<Mutex<Notebook>>) {
    let mut schedule = Schedule::default();
    let mut tick = tokio::time::interval(TICK);
    loop {
        tick.tick().await;
        let lseq = notebook.lock().await.lseq();
        let Ok(lseq) = lseq.inspect_err(|e| tracing::warn!("auto sync: {e}")) else {
            continue;
        };
        if !schedule.due(lseq, Instant::now()) {
            continue;
        }
        match round(&notebook).await {
            Ok(lseq) => schedule.synced(lseq, Instant::now()),
            Err(error) => tracing::warn!(code = ?error.code, "auto sync: {}", error.message),
        }
    }
}

/// One round with every dialed hub; the notebook's `lseq` right after it.
async fn round(notebook: &Mutex<Notebook>) -> Result<i64, ApiError> {
    sync_round(notebook, None).await?;
    Ok(notebook.lock().await.lseq()?)
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr, SocketAddr};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use handschlag_api::device::Handler as _;
    use handschlag_api::{ContactCreate, ContactQuery, Empty, ErrorCode, HubAllow, PairingJoin};
    use handschlag_core::Notebook;
    use handschlag_core::system::{OsEntropy, SystemClock};
    use tokio::sync::Mutex;

    use super::{PERIOD, QUIET, Schedule, round};
    use crate::device::sync_round;
    use crate::{Hub, LanHub, ThisDevice};

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn the_first_round_is_due_at_once() {
        assert!(Schedule::default().due(7, Instant::now()));
    }

    #[test]
    fn a_change_is_synced_once_writes_have_paused() {
        let start = Instant::now();
        let mut schedule = Schedule::default();
        schedule.synced(5, start);
        assert!(!schedule.due(5, start + secs(1)), "nothing changed");
        assert!(!schedule.due(6, start + secs(1)), "just changed");
        assert!(!schedule.due(7, start + secs(2)), "still writing");
        assert!(!schedule.due(7, start + secs(3)), "paused for one second");
        assert!(
            schedule.due(7, start + secs(2) + QUIET),
            "paused long enough"
        );
    }

    #[test]
    fn what_a_round_merged_does_not_set_off_another() {
        let start = Instant::now();
        let mut schedule = Schedule::default();
        assert!(schedule.due(5, start));
        schedule.synced(9, start + secs(1)); // the round merged four rows
        assert!(!schedule.due(9, start + secs(1) + QUIET * 3));
    }

    #[test]
    fn endless_writes_are_synced_every_period() {
        let start = Instant::now();
        let mut schedule = Schedule::default();
        schedule.synced(0, start);
        let mut due_at = None;
        for second in 1..=PERIOD.as_secs() {
            if schedule.due(second as i64, start + secs(second)) {
                due_at = Some(second);
                break;
            }
        }
        assert_eq!(due_at, Some(PERIOD.as_secs()));
    }

    #[test]
    fn without_changes_a_round_runs_every_period() {
        let start = Instant::now();
        let mut schedule = Schedule::default();
        schedule.synced(3, start);
        assert!(!schedule.due(3, start + PERIOD - secs(1)));
        assert!(schedule.due(3, start + PERIOD));
    }

    fn notebook() -> Arc<Mutex<Notebook>> {
        let notebook =
            Notebook::open_in_memory(Box::new(SystemClock), Box::new(OsEntropy)).unwrap();
        Arc::new(Mutex::new(notebook))
    }

    /// A phone paired with a laptop whose hub listens on loopback.
    async fn paired() -> (Arc<Mutex<Notebook>>, Mutex<LanHub>, Arc<Mutex<Notebook>>) {
        let laptop = notebook();
        let loopback = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);
        let hub = Mutex::new(LanHub::listening_on(laptop.clone(), loopback));
        let mut this = ThisDevice {
            notebook: &laptop,
            hub: Hub::Lan(&hub),
        };
        this.hub_allow(HubAllow { allowed: true }).await.unwrap();
        let invite = this.pairing_invite(Empty {}).await.unwrap();
        let phone = notebook();
        let phone_hub = Mutex::new(LanHub::listening_on(phone.clone(), loopback));
        let mut this = ThisDevice {
            notebook: &phone,
            hub: Hub::Lan(&phone_hub),
        };
        let join = PairingJoin {
            link: invite.link,
            name: "Anna's phone".into(),
        };
        this.pairing_join(join).await.unwrap();
        laptop.lock().await.allow_peer("Anna's phone").unwrap();
        (laptop, hub, phone)
    }

    fn contacts(notebook: &mut Notebook) -> u32 {
        handschlag_api::Handler::contact_list(notebook, ContactQuery::default())
            .unwrap()
            .total
    }

    #[tokio::test]
    async fn a_round_syncs_with_the_reachable_hub_and_reports_one_that_is_gone_at_once() {
        let (laptop, hub, phone) = paired().await;
        handschlag_api::Handler::contact_create(
            &mut *phone.lock().await,
            ContactCreate {
                name: "Anna Bauer".into(),
                ..ContactCreate::default()
            },
        )
        .unwrap();

        let lseq = round(&phone).await.unwrap();
        assert_eq!(contacts(&mut *laptop.lock().await), 1);
        assert_eq!(lseq, phone.lock().await.lseq().unwrap());

        // The laptop stops its hub (or the phone left home): the round says so, quickly.
        let mut locked = laptop.lock().await;
        hub.lock().await.allow(&mut locked, false).await.unwrap();
        drop(locked);
        let started = Instant::now();
        let report = sync_round(&phone, None).await.unwrap();
        let error = report.peers[0].error.as_ref().expect("the hub is gone");
        assert_eq!(error.code, ErrorCode::Unreachable);
        assert!(started.elapsed() < secs(2));
    }

    #[tokio::test]
    async fn the_notebook_answers_while_a_sync_waits_on_a_silent_hub() {
        let (laptop, hub, phone) = paired().await;
        let hub_address = phone.lock().await.peers().unwrap()[0]
            .address
            .clone()
            .unwrap();
        // The laptop's hub stops, and something that accepts connections and never answers
        // takes its port: a hub that hangs.
        let mut locked = laptop.lock().await;
        hub.lock().await.allow(&mut locked, false).await.unwrap();
        drop(locked);
        let silent = tokio::net::TcpListener::bind(&hub_address).await.unwrap();
        let held = tokio::spawn(async move {
            let mut open = Vec::new();
            while let Ok((connection, _)) = silent.accept().await {
                open.push(connection);
            }
        });

        let syncing = tokio::spawn({
            let phone = phone.clone();
            async move { sync_round(&phone, None).await }
        });
        tokio::time::sleep(secs(2)).await;
        assert!(!syncing.is_finished(), "the sync waits on the silent hub");
        let answered = tokio::time::timeout(Duration::from_millis(200), async {
            contacts(&mut *phone.lock().await)
        })
        .await;
        assert_eq!(answered, Ok(0), "a command got the notebook meanwhile");
        syncing.abort();
        held.abort();
    }
}
