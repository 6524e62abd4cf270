//! Replication between a user's devices: the change feed a peer pulls ([`Notebook::changes_since`])
//! and the merge that applies what a peer sent ([`Notebook::apply`]).
//!
//! * The feed is every row and record whose `lseq` is above the peer's cursor, in `lseq` order,
//!   in pages. A merge that wins re-stamps the row with this replica's `lseq`, so changes relay
//!   (phone → laptop → tablet).
//! * LWW rows merge field by field: the higher `(hlc, device id)` wins. A value that loses —
//!   the local value a remote write replaces, or a remote value older than the local one — is
//!   kept in `field_history`.
//! * Check-ins, set elements and tombstones are insert-only: merging is set union.
//! * A page is applied in one transaction together with the peer's new cursor, so a sync cut
//!   at any point resumes where it stopped, and re-applying a page changes nothing.

use std::collections::HashMap;

use rusqlite::OptionalExtension;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::table::{
    CADENCE, CHECKIN_EDIT, CONTACT, DEAL, EVENT, FOLLOW_UP, FieldClock, Table, unpack,
};
use crate::write::{Record, Stamp, Write};
use crate::{Error, Hlc, Id, Notebook, Result};

mod columns;

/// The replication protocol this build speaks; a peer with another one is refused. 2: pages
/// travel column by column, in postcard instead of JSON.
pub const PROTOCOL_VERSION: u32 = 2;

/// A remote clock further ahead of the local wall clock than this is accepted as data but does
/// not move the local HLC, and is reported as clock skew.
const MAX_DRIFT_MS: i64 = 60 * 60 * 1000;

/// A remote clock further ahead of the local wall clock than this is refused with the page: no
/// device's clock is a year wrong by accident, and a clock near the end of its range would let
/// the writer's values win over every later edit for good.
const MAX_FUTURE_MS: i64 = 366 * 24 * 60 * 60 * 1000;

/// At most this many devices a page may introduce, and at most this many a notebook will know:
/// the local device ordinals in `clk` are 16 bits, and a hostile peer must not use them up.
const MAX_NEW_DEVICES_PER_PAGE: usize = 64;
const MAX_DEVICES: usize = 4096;

pub(crate) const LWW_TABLES: [&Table; 6] =
    [&CONTACT, &EVENT, &FOLLOW_UP, &DEAL, &CHECKIN_EDIT, &CADENCE];

/// Every table whose rows the change feed carries (each has an indexed `lseq`).
pub(crate) const FEED_TABLES: [&str; 9] = [
    "contact",
    "event",
    "follow_up",
    "deal",
    "checkin_edit",
    "cadence",
    "checkin",
    "element",
    "tombstone",
];

/// A 16-byte id on the wire.
pub type Key = [u8; 16];

/// A field value on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WireValue {
    Null,
    Integer(i64),
    Text(String),
    Blob(Vec<u8>),
}

/// One page of a replica's change feed. It travels column by column ([`columns`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "columns::Columns", try_from = "columns::Columns")]
pub struct Changes {
    pub protocol: u32,
    pub schema: i64,
    /// The sending replica.
    pub device: Key,
    pub instance: Key,
    /// Device ids that clocks and origins in this page refer to by index.
    pub devices: Vec<Key>,
    pub rows: Vec<RowChange>,
    pub records: Vec<RecordChange>,
    /// The sender's `lseq` up to which this page is complete.
    pub next_cursor: i64,
    /// Whether the sender has changes beyond `next_cursor`.
    pub more: bool,
}

/// The whole state of one LWW row: every field's value and clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowChange {
    pub table: String,
    pub id: Key,
    pub values: Vec<WireValue>,
    /// Per field: (hlc, index into `Changes::devices`).
    pub clocks: Vec<(u64, u16)>,
}

/// An insert-only record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RecordChange {
    Checkin {
        id: Key,
        contact: Key,
        event: Option<Key>,
        kind: String,
        at: i64,
        place: String,
        note: String,
        hlc: u64,
        origin: u16,
    },
    Element {
        id: Key,
        owner: Key,
        kind: String,
        value: String,
        hlc: u64,
        origin: u16,
    },
    Tombstone {
        target: Key,
        hlc: u64,
        origin: u16,
    },
}

/// What applying a page did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// Rows and records that changed here.
    pub changed: usize,
    /// Remote writes stamped more than an hour ahead of this device's clock.
    pub future_clocks: usize,
}

impl From<Value> for WireValue {
    fn from(value: Value) -> Self {
        match value {
            Value::Null | Value::Real(_) => WireValue::Null,
            Value::Integer(i) => WireValue::Integer(i),
            Value::Text(t) => WireValue::Text(t),
            Value::Blob(b) => WireValue::Blob(b),
        }
    }
}

impl From<&WireValue> for Value {
    fn from(value: &WireValue) -> Self {
        match value {
            WireValue::Null => Value::Null,
            WireValue::Integer(i) => Value::Integer(*i),
            WireValue::Text(t) => Value::Text(t.clone()),
            WireValue::Blob(b) => Value::Blob(b.clone()),
        }
    }
}

fn table_named(name: &str) -> Result<&'static Table> {
    LWW_TABLES
        .into_iter()
        .find(|t| t.name == name)
        .ok_or_else(|| {
            Error::invalid(format!(
                "the peer sent rows of an unknown table '{name}'; update the app on this device"
            ))
        })
}

/// Translates between this database's device ordinals and device ids.
struct Devices {
    ids: HashMap<u16, Key>,
    ords: HashMap<Key, u16>,
}

impl Devices {
    fn load(conn: &rusqlite::Connection) -> Result<Devices> {
        let mut ids = HashMap::new();
        let mut ords = HashMap::new();
        let mut statement = conn.prepare_cached("SELECT ord, device_id FROM device")?;
        for row in
            statement.query_map([], |row| Ok((row.get::<_, u16>(0)?, row.get::<_, Id>(1)?)))?
        {
            let (ord, id) = row?;
            ids.insert(ord, id.0);
            ords.insert(id.0, ord);
        }
        Ok(Devices { ids, ords })
    }

    fn id(&self, ord: u16) -> Key {
        self.ids.get(&ord).copied().unwrap_or_default()
    }

    /// The local ordinal of `device`, registering it on first sight (within the bounds on new
    /// devices; `known_before` is how many this notebook knew when the page began).
    fn ord(
        &mut self,
        conn: &rusqlite::Connection,
        device: Key,
        known_before: usize,
    ) -> Result<u16> {
        if let Some(ord) = self.ords.get(&device) {
            return Ok(*ord);
        }
        if self.ords.len() >= MAX_DEVICES
            || self.ords.len() - known_before >= MAX_NEW_DEVICES_PER_PAGE
        {
            return Err(Error::invalid(format!(
                "the other device sent changes from more new devices than a notebook takes ({MAX_NEW_DEVICES_PER_PAGE} per page, {MAX_DEVICES} in all); nothing of this page was applied — if you did not expect that many devices, revoke it"
            )));
        }
        let ord: u16 = conn
            .prepare_cached("INSERT INTO device (device_id) VALUES (?1) RETURNING ord")?
            .query_row([&device[..]], |row| row.get(0))?;
        self.ords.insert(device, ord);
        self.ids.insert(ord, device);
        Ok(ord)
    }
}

/// Builds a page's device dictionary as local ordinals are met.
#[derive(Default)]
struct Dictionary {
    keys: Vec<Key>,
    index: HashMap<u16, u16>,
}

impl Dictionary {
    fn index(&mut self, devices: &Devices, ord: u16) -> u16 {
        *self.index.entry(ord).or_insert_with(|| {
            self.keys.push(devices.id(ord));
            (self.keys.len() - 1) as u16
        })
    }
}

/// One feed entry before it is cut to a page.
enum Entry {
    Row(&'static Table, Key, Vec<Value>, Vec<u8>),
    Record(RecordRow),
}

enum RecordRow {
    Checkin(Key, Key, Option<Key>, String, i64, String, String, i64, u16),
    Element(Key, Key, String, String, i64, u16),
    Tombstone(Key, i64, u16),
}

impl Notebook {
    /// This replica's (device id, instance id).
    pub fn identity(&self) -> Result<(Key, Key)> {
        Ok(self
            .conn
            .query_row("SELECT device_id, instance_id FROM replica", [], |row| {
                Ok((row.get::<_, Id>(0)?.0, row.get::<_, Id>(1)?.0))
            })?)
    }

    /// How far `peer`'s feed is applied here; 0 when its instance changed (a restored file).
    pub fn cursor_for(&self, peer: Key, instance: Key) -> Result<i64> {
        // A peer paired but never synced has an empty instance: read from the start.
        let stored: Option<(Vec<u8>, i64)> = self
            .conn
            .query_row(
                "SELECT instance_id, cursor FROM peer WHERE device_id = ?1",
                [&peer[..]],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        Ok(match stored {
            Some((known, cursor)) if known == instance => cursor,
            _ => 0,
        })
    }

    /// How far `peer`'s feed is applied here, as a hub answers the peer's hello. When the peer
    /// comes with another instance (it restored a backup), it may also hold less of this
    /// replica's feed than it did, so what it was known to hold is forgotten.
    pub fn greet(&mut self, peer: Key, instance: Key) -> Result<i64> {
        self.conn
            .prepare_cached("UPDATE peer SET acked = 0 WHERE device_id = ?1 AND instance_id != ?2")?
            .execute((&peer[..], &instance[..]))?;
        self.cursor_for(peer, instance)
    }

    /// Moves the cursor for `peer`'s feed forward to `cursor` when the peer vouches that this
    /// replica already holds everything up to there (its own changes, merged there).
    pub fn advance_cursor(&mut self, peer: Key, instance: Key, cursor: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE peer SET cursor = max(cursor, ?3) WHERE device_id = ?1 AND instance_id = ?2",
            )?
            .execute((&peer[..], &instance[..], cursor))?;
        Ok(())
    }

    /// Up to `limit` changes after `cursor`, in `lseq` order.
    ///
    /// The feed is read in one read transaction: its tables are queried one after another, and
    /// without one snapshot a row another process commits in between could be skipped past.
    pub fn changes_since(&self, cursor: i64, limit: usize) -> Result<Changes> {
        let snapshot = self.conn.unchecked_transaction()?;
        let limit = limit.max(1);
        let fetch = limit as i64 + 1;
        let mut entries: Vec<(i64, Entry)> = Vec::new();
        for table in LWW_TABLES {
            let sql = format!(
                "SELECT id, {}, clk, lseq FROM {} WHERE lseq > ?1 ORDER BY lseq LIMIT ?2",
                table.fields.join(", "),
                table.name
            );
            let mut statement = self.conn.prepare_cached(&sql)?;
            let n = table.fields.len();
            let rows = statement.query_map((cursor, fetch), |row| {
                let values = (1..=n)
                    .map(|i| row.get::<_, Value>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok((
                    row.get::<_, i64>(n + 2)?,
                    Entry::Row(table, row.get::<_, Id>(0)?.0, values, row.get(n + 1)?),
                ))
            })?;
            for row in rows {
                entries.push(row?);
            }
        }
        let key = |row: &rusqlite::Row<'_>, i: usize| row.get::<_, Id>(i).map(|id| id.0);
        let mut statement = self.conn.prepare_cached(
            "SELECT lseq, id, contact, event, kind, at, place, note, hlc, origin FROM checkin
             WHERE lseq > ?1 ORDER BY lseq LIMIT ?2",
        )?;
        for row in statement.query_map((cursor, fetch), |row| {
            Ok((
                row.get(0)?,
                Entry::Record(RecordRow::Checkin(
                    key(row, 1)?,
                    key(row, 2)?,
                    row.get::<_, Option<Id>>(3)?.map(|id| id.0),
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                    row.get(7)?,
                    row.get(8)?,
                    row.get(9)?,
                )),
            ))
        })? {
            entries.push(row?);
        }
        let mut statement = self.conn.prepare_cached(
            "SELECT lseq, id, owner, kind, value, hlc, origin FROM element WHERE lseq > ?1 ORDER BY lseq LIMIT ?2",
        )?;
        for row in statement.query_map((cursor, fetch), |row| {
            Ok((
                row.get(0)?,
                Entry::Record(RecordRow::Element(
                    key(row, 1)?,
                    key(row, 2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                )),
            ))
        })? {
            entries.push(row?);
        }
        let mut statement = self
            .conn
            .prepare_cached("SELECT lseq, target, hlc, origin FROM tombstone WHERE lseq > ?1 ORDER BY lseq LIMIT ?2")?;
        for row in statement.query_map((cursor, fetch), |row| {
            Ok((
                row.get(0)?,
                Entry::Record(RecordRow::Tombstone(key(row, 1)?, row.get(2)?, row.get(3)?)),
            ))
        })? {
            entries.push(row?);
        }

        entries.sort_by_key(|(lseq, _)| *lseq);
        let more = entries.len() > limit;
        entries.truncate(limit);
        let next_cursor = entries.last().map_or(cursor, |(lseq, _)| *lseq);
        let devices = Devices::load(&self.conn)?;
        let mut dictionary = Dictionary::default();
        let mut rows = Vec::new();
        let mut records = Vec::new();
        for (_, entry) in entries {
            match entry {
                Entry::Row(table, id, values, clk) => {
                    let clocks = unpack(&clk, table.fields.len())?
                        .into_iter()
                        .map(|clock| (clock.hlc.0, dictionary.index(&devices, clock.device)))
                        .collect();
                    let values = values.into_iter().map(WireValue::from).collect();
                    rows.push(RowChange {
                        table: table.name.into(),
                        id,
                        values,
                        clocks,
                    });
                }
                Entry::Record(record) => records.push(match record {
                    RecordRow::Checkin(id, contact, event, kind, at, place, note, hlc, origin) => {
                        RecordChange::Checkin {
                            id,
                            contact,
                            event,
                            kind,
                            at,
                            place,
                            note,
                            hlc: hlc as u64,
                            origin: dictionary.index(&devices, origin),
                        }
                    }
                    RecordRow::Element(id, owner, kind, value, hlc, origin) => {
                        RecordChange::Element {
                            id,
                            owner,
                            kind,
                            value,
                            hlc: hlc as u64,
                            origin: dictionary.index(&devices, origin),
                        }
                    }
                    RecordRow::Tombstone(target, hlc, origin) => RecordChange::Tombstone {
                        target,
                        hlc: hlc as u64,
                        origin: dictionary.index(&devices, origin),
                    },
                }),
            }
        }
        let (device, instance) = self.identity()?;
        snapshot.finish()?;
        if !rows.is_empty() || !records.is_empty() {
            self.sync_to_disk()?;
        }
        Ok(Changes {
            protocol: PROTOCOL_VERSION,
            schema: crate::SCHEMA_VERSION,
            device,
            instance,
            devices: dictionary.keys,
            rows,
            records,
            next_cursor,
            more,
        })
    }

    /// Merges a page from a peer and stores the peer's new cursor, all in one transaction.
    pub fn apply(&mut self, changes: &Changes) -> Result<Applied> {
        check_versions(changes)?;
        self.write(|write| merge_page(write, changes))
    }

    /// Merges a page a paired device pushed to this hub, and says how far that device now holds
    /// this replica's feed: when it held all of it before the page, it still does, because
    /// everything the page changed here came from it. Both are decided inside the transaction
    /// that applies the page, so a write another process commits to this file meanwhile is
    /// never claimed to be held.
    pub fn apply_pushed(&mut self, changes: &Changes) -> Result<(Applied, Option<i64>)> {
        check_versions(changes)?;
        // The answer tells the device how far it holds this feed: that must survive a power cut.
        self.durably(|notebook| {
            notebook.write(|write| {
                let before = write.lseq();
                let applied = merge_page(write, changes)?;
                let acked: i64 = write
                    .tx
                    .prepare_cached("SELECT acked FROM peer WHERE device_id = ?1")?
                    .query_row([&changes.device[..]], |row| row.get(0))
                    .optional()?
                    .unwrap_or(0);
                if acked < before {
                    return Ok((applied, None));
                }
                let now = write.lseq();
                write
                    .tx
                    .prepare_cached("UPDATE peer SET acked = max(acked, ?2) WHERE device_id = ?1")?
                    .execute((&changes.device[..], now))?;
                Ok((applied, Some(now)))
            })
        })
    }
}

/// Refuses a page of another protocol or schema before anything of it is applied.
fn check_versions(changes: &Changes) -> Result<()> {
    versions_match(
        (changes.protocol, changes.schema),
        "the other device",
        "this device",
    )
}

/// The one version check of sync, for a hello and for every page: the `other` device, speaking
/// `theirs` (protocol, schema), is refused unless it speaks this build's, and the message names
/// which of `other` and `this` (each by name) to update.
pub fn versions_match(theirs: (u32, i64), other: &str, this: &str) -> Result<()> {
    let ours = (PROTOCOL_VERSION, crate::SCHEMA_VERSION);
    if ours == theirs {
        return Ok(());
    }
    let older = if theirs > ours { this } else { other };
    Err(Error::VersionMismatch(format!(
        "{other} speaks sync protocol {} with schema {}, {this} {} with {}; update the app on {older}",
        theirs.0, theirs.1, ours.0, ours.1
    )))
}

/// Merges every row and record of a page and stores the sender's new cursor.
fn merge_page(write: &mut Write<'_>, changes: &Changes) -> Result<Applied> {
    let devices = Devices::load(&write.tx)?;
    let mut merge = Merge {
        known_before: devices.ords.len(),
        devices,
        page: &changes.devices,
        applied: Applied::default(),
    };
    for row in &changes.rows {
        merge.row(write, row)?;
    }
    for record in &changes.records {
        merge.record(write, record)?;
    }
    write
        .tx
        .prepare_cached(
            "INSERT INTO peer (device_id, instance_id, cursor) VALUES (?1, ?2, ?3)
             ON CONFLICT (device_id) DO UPDATE SET
                 cursor = CASE WHEN instance_id = excluded.instance_id
                               THEN max(cursor, excluded.cursor) ELSE excluded.cursor END,
                 instance_id = excluded.instance_id",
        )?
        .execute((
            &changes.device[..],
            &changes.instance[..],
            changes.next_cursor,
        ))?;
    Ok(merge.applied)
}

/// The state of one page's merge.
struct Merge<'p> {
    devices: Devices,
    /// How many devices this notebook knew before the page.
    known_before: usize,
    page: &'p [Key],
    applied: Applied,
}

impl Merge<'_> {
    /// The device id of a page-local device index.
    fn device(&self, index: u16) -> Result<Key> {
        self.page.get(index as usize).copied().ok_or_else(|| {
            Error::invalid("the peer sent a clock naming a device it did not list; the page is damaged, sync again")
        })
    }

    /// Notes a remote clock: the local HLC follows it unless it is implausibly far ahead, and
    /// a clock beyond any plausible date refuses the page.
    fn observe(&mut self, write: &mut Write<'_>, hlc: u64) -> Result<()> {
        let millis = Hlc(hlc).millis();
        if millis > write.now_ms.saturating_add(MAX_FUTURE_MS) {
            let date = chrono::DateTime::from_timestamp_millis(millis).map_or_else(
                || "beyond the year 9999".into(),
                |t| t.format("%Y-%m-%d").to_string(),
            );
            return Err(Error::invalid(format!(
                "the other device sent a change dated {date}, more than a year ahead of this device's clock; set the right date and time on both devices — nothing of this page was applied"
            )));
        }
        if millis > write.now_ms + MAX_DRIFT_MS {
            self.applied.future_clocks += 1;
        } else {
            write.observe(Hlc(hlc));
        }
        Ok(())
    }

    /// The local ordinal of a device the page names.
    fn ord(&mut self, write: &Write<'_>, device: Key) -> Result<u16> {
        self.devices.ord(&write.tx, device, self.known_before)
    }

    fn row(&mut self, write: &mut Write<'_>, change: &RowChange) -> Result<()> {
        let table = table_named(&change.table)?;
        let n = table.fields.len();
        if change.values.len() != n || change.clocks.len() != n {
            return Err(Error::invalid(format!(
                "the peer sent a {} row with {} values for {n} fields; update the app on both devices",
                table.name,
                change.values.len()
            )));
        }
        let mut remote = Vec::with_capacity(n);
        for &(hlc, index) in &change.clocks {
            let device = self.device(index)?;
            self.observe(write, hlc)?;
            remote.push((Hlc(hlc), device));
        }
        let id = Id(change.id);
        let remote_values: Vec<Value> = change.values.iter().map(Value::from).collect();
        let Some((values, mut clocks)) = write.read_row(table, id)? else {
            let mut clocks = Vec::with_capacity(n);
            for (hlc, device) in &remote {
                clocks.push(FieldClock {
                    hlc: *hlc,
                    device: self.ord(write, *device)?,
                });
            }
            write.store_new_row(table, id, remote_values, &clocks)?;
            self.applied.changed += 1;
            return Ok(());
        };
        let mut changed = Vec::new();
        for position in 0..n {
            let local_clock = (
                clocks[position].hlc,
                self.devices.id(clocks[position].device),
            );
            let remote_clock = remote[position];
            let remote_value = &remote_values[position];
            if remote_clock == local_clock {
                continue;
            }
            let differs = values[position] != *remote_value;
            if remote_clock > local_clock {
                if differs {
                    write.keep_replaced(
                        table,
                        id,
                        position,
                        &values[position],
                        local_clock,
                        remote_clock,
                    )?;
                }
                clocks[position] = FieldClock {
                    hlc: remote_clock.0,
                    device: self.ord(write, remote_clock.1)?,
                };
                changed.push((position, remote_value.clone()));
            } else if differs {
                write.keep_replaced(
                    table,
                    id,
                    position,
                    remote_value,
                    remote_clock,
                    local_clock,
                )?;
            }
        }
        if changed.is_empty() {
            return Ok(());
        }
        // A row where anything won gets a fresh lseq, so the change relays onward (the
        // convergence test catches a merge that forgets this).
        write.store_fields(table, id, changed, &clocks)?;
        self.applied.changed += 1;
        Ok(())
    }

    fn record(&mut self, write: &mut Write<'_>, change: &RecordChange) -> Result<()> {
        let (record, hlc, origin) = match change {
            RecordChange::Checkin {
                id,
                contact,
                event,
                kind,
                at,
                place,
                note,
                hlc,
                origin,
            } => {
                let checkin = Record::Checkin {
                    id: Id(*id),
                    contact: Id(*contact),
                    event: event.map(Id),
                    kind,
                    at: *at,
                    place,
                    note,
                };
                (checkin, hlc, origin)
            }
            RecordChange::Element {
                id,
                owner,
                kind,
                value,
                hlc,
                origin,
            } => {
                let element = Record::Element {
                    id: Id(*id),
                    owner: Id(*owner),
                    kind,
                    value,
                };
                (element, hlc, origin)
            }
            RecordChange::Tombstone {
                target,
                hlc,
                origin,
            } => (
                Record::Tombstone {
                    target: Id(*target),
                },
                hlc,
                origin,
            ),
        };
        self.observe(write, *hlc)?;
        let stamp = FieldClock {
            hlc: Hlc(*hlc),
            device: self.ord(write, self.device(*origin)?)?,
        };
        if write.insert_record(&record, Stamp::Kept(stamp))? {
            self.applied.changed += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod convergence;

#[cfg(test)]
mod tests {
    use handschlag_api::{ContactCreate, ContactUpdate, Handler, IdRequest, TagChange};

    use super::*;
    use crate::db::tests::{CountingEntropy, FixedClock};

    fn device(seed: u8, now_ms: i64) -> Notebook {
        Notebook::open_in_memory(
            Box::new(FixedClock(now_ms)),
            Box::new(CountingEntropy(seed)),
        )
        .unwrap()
    }

    /// Pulls everything `from` has into `to`.
    fn pull(from: &Notebook, to: &mut Notebook) -> Applied {
        let (device, instance) = from.identity().unwrap();
        let mut total = Applied::default();
        loop {
            let changes = from
                .changes_since(to.cursor_for(device, instance).unwrap(), 2)
                .unwrap();
            let applied = to.apply(&changes).unwrap();
            total.changed += applied.changed;
            total.future_clocks += applied.future_clocks;
            if !changes.more {
                return total;
            }
        }
    }

    const NOON: i64 = 1_783_166_400_000;

    #[test]
    fn concurrent_edits_to_different_fields_both_survive_and_an_overwrite_is_kept_in_history() {
        let mut laptop = device(0, NOON);
        let mut phone = device(100, NOON + 5);
        let anna = laptop
            .contact_create(ContactCreate {
                name: "Anna Bauer".into(),
                ..Default::default()
            })
            .unwrap();
        pull(&laptop, &mut phone);

        let edit = |id: &str| ContactUpdate {
            id: id.into(),
            ..Default::default()
        };
        laptop
            .contact_update(ContactUpdate {
                town: Some("Musterstadt".into()),
                notes: Some("laptop".into()),
                ..edit(&anna.id)
            })
            .unwrap();
        phone
            .contact_update(ContactUpdate {
                role: Some("CEO".into()),
                notes: Some("phone".into()),
                ..edit(&anna.id)
            })
            .unwrap();
        pull(&phone, &mut laptop);
        pull(&laptop, &mut phone);

        for replica in [&mut laptop, &mut phone] {
            let detail = replica
                .contact_get(IdRequest {
                    id: anna.id.clone(),
                })
                .unwrap();
            assert_eq!(
                (detail.contact.town.as_str(), detail.contact.role.as_str()),
                ("Musterstadt", "CEO")
            );
            assert_eq!(
                detail.contact.notes, "phone",
                "the later write (the phone's clock is ahead) wins"
            );
        }
        let history = laptop
            .contact_get(IdRequest {
                id: anna.id.clone(),
            })
            .unwrap()
            .history;
        assert_eq!(history.len(), 1, "{history:?}");
        assert_eq!(
            (history[0].field.as_str(), history[0].value.as_str()),
            ("notes", "laptop")
        );
        assert_eq!(history[0].device, "this device");
    }

    #[test]
    fn a_tag_added_on_one_device_survives_its_concurrent_removal_on_another() {
        let mut laptop = device(0, NOON);
        let mut phone = device(100, NOON + 5);
        let anna = laptop
            .contact_create(ContactCreate {
                name: "Anna".into(),
                tags: vec!["kunde".into()],
                ..Default::default()
            })
            .unwrap();
        pull(&laptop, &mut phone);
        let tag = || TagChange {
            contact_id: anna.id.clone(),
            tag: "kunde".into(),
        };
        // The phone removes the tag it saw; meanwhile the laptop removes and re-adds it.
        phone.contact_tag_remove(tag()).unwrap();
        laptop.contact_tag_remove(tag()).unwrap();
        laptop.contact_tag_add(tag()).unwrap();
        pull(&phone, &mut laptop);
        pull(&laptop, &mut phone);
        for replica in [&mut laptop, &mut phone] {
            let contact = replica
                .contact_get(IdRequest {
                    id: anna.id.clone(),
                })
                .unwrap()
                .contact;
            assert_eq!(contact.tags, ["kunde"], "the add the phone never saw wins");
        }
    }

    #[test]
    fn merged_contacts_and_tags_are_found_by_the_next_search() {
        let mut laptop = device(0, NOON);
        let mut phone = device(100, NOON + 5);
        let anna = laptop
            .contact_create(ContactCreate {
                name: "Jürgen Müller".into(),
                ..Default::default()
            })
            .unwrap();
        laptop
            .contact_tag_add(TagChange {
                contact_id: anna.id.clone(),
                tag: "handwerk".into(),
            })
            .unwrap();
        pull(&laptop, &mut phone);
        assert!(
            crate::search::waiting(&phone.conn).unwrap() > 0,
            "the merge only notes what to index"
        );
        let search = |phone: &mut Notebook, text: &str| {
            phone
                .contact_list(handschlag_api::ContactQuery {
                    query: text.into(),
                    ..Default::default()
                })
                .unwrap()
                .total
        };
        assert_eq!(search(&mut phone, "mueller"), 1);
        assert_eq!(search(&mut phone, "handwerk"), 1);
        assert_eq!(crate::search::waiting(&phone.conn).unwrap(), 0);

        laptop
            .contact_update(ContactUpdate {
                id: anna.id.clone(),
                name: Some("Jürgen Schmidt".into()),
                ..Default::default()
            })
            .unwrap();
        pull(&laptop, &mut phone);
        assert_eq!(search(&mut phone, "mueller"), 0, "the old name is gone");
        assert_eq!(search(&mut phone, "schmidt"), 1);
    }

    #[test]
    fn a_delete_is_not_undone_by_a_concurrent_edit() {
        let mut laptop = device(0, NOON);
        let mut phone = device(100, NOON + 5);
        let anna = laptop
            .contact_create(ContactCreate {
                name: "Anna".into(),
                ..Default::default()
            })
            .unwrap();
        pull(&laptop, &mut phone);
        laptop
            .contact_delete(IdRequest {
                id: anna.id.clone(),
            })
            .unwrap();
        phone
            .contact_update(ContactUpdate {
                id: anna.id.clone(),
                town: Some("Musterstadt".into()),
                ..Default::default()
            })
            .unwrap();
        pull(&phone, &mut laptop);
        pull(&laptop, &mut phone);
        for replica in [&mut laptop, &mut phone] {
            let error = replica
                .contact_get(IdRequest {
                    id: anna.id.clone(),
                })
                .unwrap_err();
            assert!(error.message.contains("deleted"), "{error:?}");
        }
    }

    #[test]
    fn a_page_from_another_protocol_or_schema_is_refused_before_anything_is_applied() {
        let laptop = device(0, NOON);
        let mut phone = device(100, NOON);
        let mut changes = laptop.changes_since(0, 10).unwrap();
        changes.schema += 1;
        let error = phone.apply(&changes).unwrap_err();
        assert!(matches!(error, Error::VersionMismatch(_)), "{error:?}");
        let error = error.to_string();
        assert!(error.contains("update the app on this device"), "{error}");
        changes.schema -= 2;
        let error = phone.apply(&changes).unwrap_err().to_string();
        assert!(
            error.contains("update the app on the other device"),
            "{error}"
        );
        assert_eq!(phone.lseq().unwrap(), 0);
    }

    #[test]
    fn a_device_hours_ahead_is_accepted_flagged_and_still_overwritten_by_a_later_local_edit() {
        let mut skewed = device(0, NOON + 5 * 3_600_000);
        let mut laptop = device(100, NOON);
        let anna = skewed
            .contact_create(ContactCreate {
                name: "Anna".into(),
                ..Default::default()
            })
            .unwrap();
        let applied = pull(&skewed, &mut laptop);
        assert!(
            applied.future_clocks > 0,
            "the far-future clock is reported"
        );
        let renamed = laptop
            .contact_update(ContactUpdate {
                id: anna.id.clone(),
                name: Some("Anna Bauer".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            renamed.name, "Anna Bauer",
            "a local edit beats the value it replaced"
        );
        pull(&laptop, &mut skewed);
        assert_eq!(
            skewed
                .contact_get(IdRequest { id: anna.id })
                .unwrap()
                .contact
                .name,
            "Anna Bauer"
        );
    }

    /// A hostile paired device pushes a field clock of 2^64-1. Taken, `last + 1` would wrap,
    /// the next local edit would lose, and replicas would disagree for good; the page is
    /// refused whole instead and later local edits keep winning.
    #[test]
    fn a_clock_beyond_any_plausible_date_is_refused_and_changes_nothing() {
        let mut hostile = device(0, NOON);
        let mut laptop = device(100, NOON);
        hostile
            .contact_create(ContactCreate {
                name: "Anna".into(),
                ..Default::default()
            })
            .unwrap();
        let before = crate::export::export(&laptop.conn).unwrap();
        for far in [
            u64::MAX,
            Hlc::next(Hlc::default(), NOON + 400 * 86_400_000)
                .unwrap()
                .0,
        ] {
            let mut page = hostile.changes_since(0, 10).unwrap();
            page.rows[0].clocks[1].0 = far;
            let error = laptop.apply(&page).unwrap_err().to_string();
            assert!(error.contains("more than a year ahead"), "{error}");
            assert_eq!(crate::export::export(&laptop.conn).unwrap(), before);
            assert_eq!(laptop.lseq().unwrap(), 0);
        }
        let anna = laptop
            .contact_create(ContactCreate {
                name: "Anna".into(),
                ..Default::default()
            })
            .unwrap();
        let renamed = laptop
            .contact_update(ContactUpdate {
                id: anna.id,
                name: Some("Anna Bauer".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(renamed.name, "Anna Bauer");
    }

    /// A hostile paired device pushes pages naming thousands of invented devices, to use up
    /// the 16-bit device ordinals. Each page may introduce only a few, the notebook takes only
    /// so many in all, and a refused page leaves the store as it was and usable.
    #[test]
    fn pages_inventing_devices_are_bounded_and_the_store_stays_usable() {
        let mut hostile = device(0, NOON);
        let mut laptop = device(100, NOON + 1);
        for i in 0..70 {
            hostile
                .contact_create(ContactCreate {
                    name: format!("Kontakt {i}"),
                    ..Default::default()
                })
                .unwrap();
        }
        let mut page = hostile.changes_since(0, 100).unwrap();
        page.devices = (0..page.rows.len() as u16)
            .map(|i| {
                let mut id = [0xEE; 16];
                id[..2].copy_from_slice(&i.to_be_bytes());
                id
            })
            .collect();
        for (i, row) in page.rows.iter_mut().enumerate() {
            for clock in &mut row.clocks {
                clock.1 = i as u16;
            }
        }
        let error = laptop.apply(&page).unwrap_err().to_string();
        assert!(error.contains("more new devices"), "{error}");
        assert_eq!(laptop.lseq().unwrap(), 0, "nothing of the page was applied");
        page.rows.truncate(MAX_NEW_DEVICES_PER_PAGE);
        laptop.apply(&page).unwrap();
        let known: i64 = laptop
            .conn
            .query_row("SELECT count(*) FROM device", [], |row| row.get(0))
            .unwrap();
        assert_eq!(known as usize, 1 + MAX_NEW_DEVICES_PER_PAGE);
        laptop
            .contact_create(ContactCreate {
                name: "Still usable".into(),
                ..Default::default()
            })
            .unwrap();
    }

    /// Anna and the Sommerfest, on `laptop`.
    fn anna_and_sommerfest(
        laptop: &mut Notebook,
    ) -> (handschlag_api::Contact, handschlag_api::Event) {
        let anna = laptop
            .contact_create(ContactCreate {
                name: "Anna".into(),
                ..Default::default()
            })
            .unwrap();
        let fest = laptop
            .event_create(handschlag_api::EventCreate {
                title: "Sommerfest".into(),
                starts: "2026-07-04T15:00".into(),
                time_zone: "Europe/Berlin".into(),
                ..Default::default()
            })
            .unwrap();
        (anna, fest)
    }

    /// The phone adds the note to a check-in while the laptop files it under another event:
    /// after a sync both corrections hold on both, and the check-in is still one check-in.
    #[test]
    fn corrections_of_one_checkin_on_two_devices_both_survive() {
        use handschlag_api::{CheckinCreate, CheckinUpdate};
        let mut laptop = device(0, NOON);
        let mut phone = device(100, NOON + 7);
        let (anna, fest) = anna_and_sommerfest(&mut laptop);
        let checkin = laptop
            .checkin_create(CheckinCreate {
                contact_id: anna.id,
                ..Default::default()
            })
            .unwrap();
        pull(&laptop, &mut phone);
        phone
            .checkin_update(CheckinUpdate {
                id: checkin.id.clone(),
                note: Some("call next week".into()),
                event_id: None,
            })
            .unwrap();
        laptop
            .checkin_update(CheckinUpdate {
                id: checkin.id.clone(),
                note: None,
                event_id: Some(fest.id.clone()),
            })
            .unwrap();
        pull(&phone, &mut laptop);
        pull(&laptop, &mut phone);
        for replica in [&laptop, &phone] {
            let export = crate::export::export(&replica.conn).unwrap();
            let [merged] = export.checkins.as_slice() else {
                panic!("one check-in: {:?}", export.checkins);
            };
            assert_eq!(merged.note, "call next week");
            assert_eq!(merged.event_id.as_deref(), Some(fest.id.as_str()));
        }
    }

    /// A page applies its rows before its records, so a new device that reads everything in one
    /// page gets a check-in's correction before the check-in itself: the check-in still counts
    /// at the event it was moved to, and a retracted one does not count.
    #[test]
    fn a_correction_that_arrives_before_its_checkin_still_moves_it() {
        use handschlag_api::{CheckinCreate, CheckinUpdate};
        let mut laptop = device(0, NOON);
        let mut phone = device(100, NOON);
        let (anna, fest) = anna_and_sommerfest(&mut laptop);
        let meet = |laptop: &mut Notebook, at| {
            laptop
                .checkin_create(CheckinCreate {
                    contact_id: anna.id.clone(),
                    at: Some(at),
                    ..Default::default()
                })
                .unwrap()
        };
        let moved = meet(&mut laptop, NOON - 1000);
        let retracted = meet(&mut laptop, NOON - 2000);
        laptop
            .checkin_update(CheckinUpdate {
                id: moved.id.clone(),
                note: None,
                event_id: Some(fest.id.clone()),
            })
            .unwrap();
        laptop
            .checkin_retract(IdRequest { id: retracted.id })
            .unwrap();

        let page = laptop.changes_since(0, 100).unwrap();
        assert!(!page.more, "everything in one page");
        phone.apply(&page).unwrap();
        for replica in [&laptop, &phone] {
            let figures =
                crate::insights::for_event(&replica.conn, Id::parse(&fest.id, "event").unwrap())
                    .unwrap();
            assert_eq!(
                (figures.met, figures.new_contacts),
                (1, 1),
                "Anna first met at the Sommerfest"
            );
            let (_, last_met) = crate::insights::for_contact(
                &replica.conn,
                Id::parse(&anna.id, "contact").unwrap(),
            )
            .unwrap();
            assert_eq!(
                last_met,
                Some(NOON - 1000),
                "the retracted meeting does not count"
            );
        }
    }

    #[test]
    fn a_restored_peer_with_a_new_instance_is_read_from_the_start() {
        let laptop = device(0, NOON);
        let mut phone = device(100, NOON);
        let changes = laptop.changes_since(0, 10).unwrap();
        phone
            .apply(&Changes {
                next_cursor: 42,
                ..changes.clone()
            })
            .unwrap();
        assert_eq!(
            phone.cursor_for(changes.device, changes.instance).unwrap(),
            42
        );
        assert_eq!(
            phone.cursor_for(changes.device, [9; 16]).unwrap(),
            0,
            "restored from a backup"
        );
    }

    #[test]
    fn a_deal_won_on_one_device_and_repriced_on_another_keeps_both_edits() {
        use handschlag_api::{DealCreate, DealStatus, DealUpdate};
        let mut laptop = device(0, NOON);
        let mut phone = device(100, NOON + 5);
        let anna = laptop
            .contact_create(ContactCreate {
                name: "Anna Bauer".into(),
                ..Default::default()
            })
            .unwrap();
        let deal = laptop
            .deal_create(DealCreate {
                contact_id: anna.id,
                title: "Workshop".into(),
                amount_cents: 380_000,
                ..Default::default()
            })
            .unwrap();
        pull(&laptop, &mut phone);
        let change = DealUpdate {
            id: deal.id.clone(),
            ..Default::default()
        };
        laptop
            .deal_update(DealUpdate {
                status: Some(DealStatus::Won),
                ..change.clone()
            })
            .unwrap();
        phone
            .deal_update(DealUpdate {
                amount_cents: Some(420_000),
                ..change
            })
            .unwrap();
        pull(&phone, &mut laptop);
        pull(&laptop, &mut phone);
        for replica in [&mut laptop, &mut phone] {
            let deals = replica.deal_list(Default::default()).unwrap();
            assert_eq!(
                (deals[0].status, deals[0].amount_cents),
                (DealStatus::Won, 420_000)
            );
        }
    }

    #[test]
    fn a_contact_met_now_arrives_with_its_checkin_and_counts_as_met_there_too() {
        let mut phone = device(0, NOON);
        let mut laptop = device(100, NOON + 5);
        let anna = phone
            .contact_create(ContactCreate {
                name: "Anna Bauer".into(),
                how_met: Some(handschlag_api::Channel::Online),
                notes: "call next week".into(),
                met_now: true,
                ..Default::default()
            })
            .unwrap();
        assert!(anna.met_in_person);
        pull(&phone, &mut laptop);
        let there = laptop.contact_get(IdRequest { id: anna.id }).unwrap();
        assert!(
            there.contact.met_in_person,
            "derived from the synced check-in"
        );
        assert_eq!(there.checkins.len(), 1);
        assert_eq!(there.checkins[0].note, "call next week");
    }
}
