//! The devices this one syncs with, and trust: one-time pairing tokens, paired peers with their
//! certificate fingerprints, revocation, and this device's local settings (its TLS identity,
//! its hub address). All of it is local to this device and never synced.

use rusqlite::{OptionalExtension, Row};

use crate::replica::Key;
use crate::{Error, Id, Notebook, Result};

/// How long a pairing link is valid.
pub const PAIRING_VALID_MS: i64 = 5 * 60 * 1000;

/// A device this one syncs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub device: Key,
    pub name: String,
    /// SHA-256 of its TLS certificate, once paired.
    pub fingerprint: Option<[u8; 32]>,
    /// Where this device dials it, if it is a hub.
    pub address: Option<String>,
    pub paired_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub last_sync_at: Option<i64>,
    /// This device's lseq up to which the peer holds every change.
    pub acked: i64,
    /// It redeemed a pairing link, and this device's owner has not yet allowed it.
    pub pending: bool,
}

impl Peer {
    /// Paired, allowed and not revoked.
    pub fn trusted(&self) -> bool {
        self.fingerprint.is_some()
            && self.paired_at.is_some()
            && !self.pending
            && self.revoked_at.is_none()
    }
}

/// The longest device name, in characters.
pub const MAX_NAME_CHARS: usize = 60;

/// A device name as it is stored and shown: control characters removed, trimmed, at most
/// [`MAX_NAME_CHARS`] characters.
pub fn device_name(raw: &str) -> Result<String> {
    let name: String = raw.chars().filter(|c| !c.is_control()).collect();
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            "a device needs a name, such as \"Anna's phone\"",
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid(format!(
            "a device name has at most {MAX_NAME_CHARS} characters; shorten it"
        )));
    }
    Ok(name.to_string())
}

const COLUMNS: &str =
    "device_id, name, fingerprint, address, paired_at, revoked_at, last_sync_at, acked, pending";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Peer> {
    let fingerprint: Option<Vec<u8>> = row.get(2)?;
    Ok(Peer {
        device: row.get::<_, Id>(0)?.0,
        // Names stored before they were cleaned on the way in are cleaned on the way out.
        name: row
            .get::<_, String>(1)?
            .chars()
            .filter(|c| !c.is_control())
            .collect(),
        fingerprint: fingerprint.and_then(|f| f.try_into().ok()),
        address: row.get(3)?,
        paired_at: row.get(4)?,
        revoked_at: row.get(5)?,
        last_sync_at: row.get(6)?,
        acked: row.get(7)?,
        pending: row.get(8)?,
    })
}

impl Notebook {
    /// A local setting of this device, as bytes.
    pub fn setting(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM local_setting WHERE key = ?1",
                [key],
                |row| row.get(0),
            )
            .optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &[u8]) -> Result<()> {
        self.conn.execute(
            "INSERT INTO local_setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )?;
        Ok(())
    }

    /// A new single-use pairing token and when it expires (Unix ms).
    pub fn create_pairing_token(&mut self) -> Result<(String, i64)> {
        let mut bytes = [0u8; 16];
        self.entropy.fill(&mut bytes);
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let expires_at = self.clock.now_ms() + PAIRING_VALID_MS;
        self.conn.execute(
            "INSERT INTO pairing_token (token, expires_at) VALUES (?1, ?2)",
            (&token, expires_at),
        )?;
        Ok((token, expires_at))
    }

    /// Lets the device presenting `token` (unused, unexpired) pair with certificate
    /// `fingerprint`. It waits as pending until [`Notebook::allow_peer`]. The device id it
    /// claims may not be this device's, nor one paired with another certificate, nor a revoked
    /// one: a token holder cannot take over, impersonate or un-revoke a device.
    pub fn redeem_pairing_token(
        &mut self,
        token: &str,
        device: Key,
        name: &str,
        fingerprint: [u8; 32],
    ) -> Result<Peer> {
        let name = device_name(name)?;
        let now = self.clock.now_ms();
        let (own, _) = self.identity()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let state: Option<(i64, Option<i64>)> = tx
            .query_row(
                "SELECT expires_at, used_at FROM pairing_token WHERE token = ?1",
                [token],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        match state {
            None => {
                return Err(Error::invalid(
                    "this pairing link is not known to the hub; show a new pairing code on the hub and scan it",
                ));
            }
            Some((_, Some(_))) => {
                return Err(Error::invalid(
                    "this pairing link was already used; show a new pairing code on the hub",
                ));
            }
            Some((expires_at, None)) if expires_at < now => {
                return Err(Error::invalid(
                    "this pairing link has expired (it is valid for 5 minutes); show a new pairing code on the hub",
                ));
            }
            Some(_) => {}
        }
        if device == own {
            return Err(Error::invalid(
                "this is the hub's own pairing link; a device cannot pair with itself — open the link on your other device",
            ));
        }
        let known = peer_where(&tx, "device_id = ?1", &device[..])?;
        let same_certificate = known.as_ref().and_then(|p| p.fingerprint) == Some(fingerprint);
        match &known {
            Some(peer) if peer.revoked_at.is_some() => {
                return Err(Error::invalid(format!(
                    "{} was revoked on the hub; to let it sync again, allow it on the hub (`handschlag devices allow`)",
                    peer.name
                )));
            }
            Some(peer) if peer.paired_at.is_some() && !same_certificate => {
                return Err(Error::invalid(format!(
                    "another device is already paired as {}; reinstall the app on this device to pair it as a new one",
                    peer.name
                )));
            }
            _ => {}
        }
        if peer_where(&tx, "fingerprint = ?1", &fingerprint[..])?
            .is_some_and(|peer| peer.device != device)
        {
            return Err(Error::invalid(
                "this device's certificate is already paired under another device id; reinstall the app on this device",
            ));
        }
        tx.execute(
            "UPDATE pairing_token SET used_at = ?2 WHERE token = ?1",
            (token, now),
        )?;
        let pending = !known.is_some_and(|peer| peer.trusted() && same_certificate);
        upsert_peer(&tx, device, &name, fingerprint, None, now, pending)?;
        let peer =
            peer_where(&tx, "device_id = ?1", &device[..])?.expect("the peer was just written");
        tx.commit()?;
        Ok(peer)
    }

    /// Allows a device waiting to pair, or lets a revoked one sync again.
    pub fn allow_peer(&mut self, reference: &str) -> Result<Peer> {
        let peer = self.find_peer(reference)?;
        self.conn.execute(
            "UPDATE peer SET pending = 0, revoked_at = NULL WHERE device_id = ?1",
            [&peer.device[..]],
        )?;
        Ok(Peer {
            pending: false,
            revoked_at: None,
            ..peer
        })
    }

    /// Refuses a device waiting to pair: it is forgotten, as if it had never asked.
    pub fn refuse_peer(&mut self, reference: &str) -> Result<Peer> {
        let peer = self.find_peer(reference)?;
        if !peer.pending {
            return Err(Error::invalid(format!(
                "{} is not waiting to pair; to cut it off, revoke it",
                peer.name
            )));
        }
        self.conn
            .execute("DELETE FROM peer WHERE device_id = ?1", [&peer.device[..]])?;
        Ok(peer)
    }

    /// Makes every pairing link not yet used invalid; returns how many were open.
    pub fn cancel_pairing_invites(&mut self) -> Result<usize> {
        let now = self.clock.now_ms();
        Ok(self.conn.execute(
            "UPDATE pairing_token SET used_at = ?1 WHERE used_at IS NULL AND expires_at >= ?1",
            [now],
        )?)
    }

    /// How many pairing links are open (unused and unexpired).
    pub fn open_pairing_invites(&self) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM pairing_token WHERE used_at IS NULL AND expires_at >= ?1",
            [self.clock.now_ms()],
            |row| row.get(0),
        )?)
    }

    /// Remembers the hub this device paired with, to dial it at `address`.
    pub fn add_hub(
        &mut self,
        device: Key,
        name: &str,
        fingerprint: [u8; 32],
        address: &str,
    ) -> Result<()> {
        let now = self.clock.now_ms();
        let tx = self.conn.transaction()?;
        upsert_peer(&tx, device, name, fingerprint, Some(address), now, false)?;
        tx.commit()?;
        Ok(())
    }

    /// The peer presenting this certificate fingerprint, if any.
    pub fn peer_by_fingerprint(&self, fingerprint: [u8; 32]) -> Result<Option<Peer>> {
        peer_where(&self.conn, "fingerprint = ?1", &fingerprint[..])
    }

    /// Every paired device (revoked ones included, marked), by name. Never this device itself,
    /// even where an older build let it pair with its own link.
    pub fn peers(&self) -> Result<Vec<Peer>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM peer WHERE paired_at IS NOT NULL
             AND device_id != (SELECT device_id FROM replica) ORDER BY name, device_id"
        ))?;
        Ok(statement
            .query_map([], from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Revokes a device: it can no longer sync with this one. `reference` is a name or an id
    /// prefix as `devices list` shows it.
    pub fn revoke_peer(&mut self, reference: &str) -> Result<Peer> {
        let peer = self.find_peer(reference)?;
        let now = self.clock.now_ms();
        self.conn.execute(
            "UPDATE peer SET revoked_at = ?2 WHERE device_id = ?1",
            (&peer.device[..], now),
        )?;
        Ok(Peer {
            revoked_at: Some(now),
            ..peer
        })
    }

    /// The paired device `reference` names: a name, or an id prefix as `devices list` shows it.
    fn find_peer(&self, reference: &str) -> Result<Peer> {
        let wanted = reference.trim().to_lowercase();
        let matches: Vec<Peer> = self
            .peers()?
            .into_iter()
            .filter(|p| {
                p.name.to_lowercase() == wanted
                    || (wanted.len() >= 4 && hex(&p.device).starts_with(&wanted))
            })
            .collect();
        match matches.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(Error::NotFound(format!(
                "no paired device '{reference}'; see `handschlag devices list`"
            ))),
            _ => Err(Error::Ambiguous(format!(
                "'{reference}' names several devices; use the id from `handschlag devices list`"
            ))),
        }
    }

    /// Notes that a sync with `device` just completed.
    pub fn note_synced(&mut self, device: Key) -> Result<()> {
        let now = self.clock.now_ms();
        self.conn.execute(
            "UPDATE peer SET last_sync_at = ?2 WHERE device_id = ?1",
            (&device[..], now),
        )?;
        Ok(())
    }

    /// Notes that `device` holds every change of this device up to `lseq`.
    pub fn note_acked(&mut self, device: Key, lseq: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE peer SET acked = max(acked, ?2) WHERE device_id = ?1",
            (&device[..], lseq),
        )?;
        Ok(())
    }

    /// How many records changed here after `lseq`: what a peer that holds everything up to
    /// `lseq` has yet to receive.
    pub fn changes_after(&self, lseq: i64) -> Result<u32> {
        let counts: Vec<String> = crate::replica::FEED_TABLES
            .iter()
            .map(|table| format!("(SELECT count(*) FROM {table} WHERE lseq > ?1)"))
            .collect();
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {}", counts.join(" + ")))?
            .query_row([lseq], |row| row.get(0))?)
    }
}

/// Lowercase hex of an id, as `devices list` shows it.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn peer_where(conn: &rusqlite::Connection, condition: &str, value: &[u8]) -> Result<Option<Peer>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM peer WHERE {condition}"))?
        .query_row([value], from_row)
        .optional()?)
}

fn upsert_peer(
    tx: &rusqlite::Transaction<'_>,
    device: Key,
    name: &str,
    fingerprint: [u8; 32],
    address: Option<&str>,
    now: i64,
    pending: bool,
) -> Result<()> {
    tx.execute(
        "INSERT INTO peer (device_id, name, fingerprint, address, paired_at, pending) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (device_id) DO UPDATE SET name = excluded.name, fingerprint = excluded.fingerprint,
             address = coalesce(excluded.address, address), paired_at = excluded.paired_at,
             revoked_at = NULL, pending = excluded.pending",
        (&device[..], name, &fingerprint[..], address, now, pending),
    )?;
    // Its name also labels the values it wrote, in field histories.
    tx.execute(
        "INSERT INTO device (device_id, name) VALUES (?1, ?2) ON CONFLICT (device_id) DO UPDATE SET name = excluded.name",
        (&device[..], name),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::db::tests::notebook;

    #[test]
    fn a_pairing_token_works_once_and_only_before_it_expires() {
        let mut hub = notebook();
        let (token, expires_at) = hub.create_pairing_token().unwrap();
        assert_eq!(expires_at - super::PAIRING_VALID_MS, 1_783_166_400_000);
        let asked = hub
            .redeem_pairing_token(&token, [7; 16], "Anna's phone", [1; 32])
            .unwrap();
        assert!(asked.pending && !asked.trusted(), "waits for the owner");
        hub.allow_peer("Anna's phone").unwrap();
        let peer = hub.peer_by_fingerprint([1; 32]).unwrap().unwrap();
        assert!(peer.trusted());
        assert_eq!(peer.name, "Anna's phone");
        let again = hub
            .redeem_pairing_token(&token, [8; 16], "thief", [2; 32])
            .unwrap_err();
        assert!(again.to_string().contains("already used"), "{again}");
        assert!(
            hub.redeem_pairing_token("guess", [8; 16], "x", [2; 32])
                .unwrap_err()
                .to_string()
                .contains("not known")
        );
        hub.conn
            .execute("UPDATE pairing_token SET expires_at = 0", [])
            .unwrap();
        let (late, _) = hub.create_pairing_token().unwrap();
        hub.conn
            .execute(
                "UPDATE pairing_token SET expires_at = 0 WHERE token = ?1",
                [&late],
            )
            .unwrap();
        assert!(
            hub.redeem_pairing_token(&late, [8; 16], "x", [2; 32])
                .unwrap_err()
                .to_string()
                .contains("expired")
        );
    }

    /// A token holder tries to take over a paired device's entry, to pose as the hub itself,
    /// to reuse a paired certificate under another id, and to un-revoke a revoked device.
    #[test]
    fn a_pairing_link_cannot_take_over_impersonate_or_unrevoke_a_device() {
        let mut hub = notebook();
        let (own, _) = hub.identity().unwrap();
        let pair = |hub: &mut crate::Notebook, device, fingerprint| {
            let (token, _) = hub.create_pairing_token().unwrap();
            hub.redeem_pairing_token(&token, device, "someone", fingerprint)
        };
        pair(&mut hub, [7; 16], [1; 32]).unwrap();
        hub.allow_peer("someone").unwrap();

        let takeover = pair(&mut hub, [7; 16], [2; 32]).unwrap_err().to_string();
        assert!(takeover.contains("already paired"), "{takeover}");
        let itself = pair(&mut hub, own, [3; 32]).unwrap_err().to_string();
        assert!(itself.contains("cannot pair with itself"), "{itself}");
        let reused = pair(&mut hub, [8; 16], [1; 32]).unwrap_err().to_string();
        assert!(reused.contains("another device id"), "{reused}");
        assert!(hub.peer_by_fingerprint([1; 32]).unwrap().unwrap().trusted());

        hub.revoke_peer("someone").unwrap();
        let unrevoke = pair(&mut hub, [7; 16], [1; 32]).unwrap_err().to_string();
        assert!(unrevoke.contains("was revoked"), "{unrevoke}");
        assert!(!hub.peer_by_fingerprint([1; 32]).unwrap().unwrap().trusted());
        hub.allow_peer("someone").unwrap();
        assert!(
            hub.peer_by_fingerprint([1; 32]).unwrap().unwrap().trusted(),
            "the owner can let it back in"
        );
    }

    #[test]
    fn a_refused_device_is_forgotten_and_open_links_can_be_cancelled() {
        let mut hub = notebook();
        let (token, _) = hub.create_pairing_token().unwrap();
        hub.create_pairing_token().unwrap();
        hub.redeem_pairing_token(&token, [7; 16], "stranger", [1; 32])
            .unwrap();
        assert_eq!(hub.open_pairing_invites().unwrap(), 1);
        hub.refuse_peer("stranger").unwrap();
        assert!(hub.peers().unwrap().is_empty());
        assert_eq!(hub.cancel_pairing_invites().unwrap(), 1);
        assert_eq!(hub.open_pairing_invites().unwrap(), 0);
    }

    /// An older build let a laptop pair with its own link: that entry is neither listed nor
    /// revocable, and this device is never its own peer.
    #[test]
    fn this_device_is_never_listed_or_revoked_as_its_own_peer() {
        let mut laptop = notebook();
        let (own, _) = laptop.identity().unwrap();
        laptop
            .conn
            .execute(
                "INSERT INTO peer (device_id, name, fingerprint, paired_at) VALUES (?1, 'laptop', x'01', 1)",
                [&own[..]],
            )
            .unwrap();
        assert!(laptop.peers().unwrap().is_empty());
        assert!(laptop.revoke_peer("laptop").is_err());
    }

    #[test]
    fn device_names_are_cleaned_and_bounded() {
        assert_eq!(
            super::device_name(" Anna's\u{1b}[31m phone\n").unwrap(),
            "Anna's[31m phone"
        );
        assert!(super::device_name("\u{7}\t ").is_err());
        assert!(super::device_name(&"x".repeat(61)).is_err());
        assert_eq!(
            super::device_name(&"ü".repeat(60)).unwrap().chars().count(),
            60
        );
    }

    #[test]
    fn a_revoked_device_is_no_longer_trusted() {
        let mut hub = notebook();
        let (token, _) = hub.create_pairing_token().unwrap();
        hub.redeem_pairing_token(&token, [7; 16], "Anna's phone", [1; 32])
            .unwrap();
        hub.allow_peer("Anna's phone").unwrap();
        let revoked = hub.revoke_peer("anna's phone").unwrap();
        assert!(!revoked.trusted());
        assert!(!hub.peer_by_fingerprint([1; 32]).unwrap().unwrap().trusted());
        assert!(hub.revoke_peer("nobody").is_err());
    }
}
