//! The single write path. Every mutation of synced data runs inside one [`Write`] (one SQLite
//! transaction), which
//! * gives each written field a clock above both the replica's last HLC and the field's
//!   previous clock, so a local edit always wins over the value the user saw;
//! * stamps each written row with the next `lseq`, the change counter sync pages by;
//! * persists the new HLC and `lseq` high-water marks in the same transaction;
//! * notes the contacts it touched and brings their derived state in step once each — their
//!   `met_in_person` flag recounted, their search entry noted stale — before the command reads
//!   its answer ([`Write::settled`]) and at commit.

use std::collections::BTreeSet;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params_from_iter};

use crate::replica::Key;
use crate::table::{CONTACT, Field, FieldClock, Table, pack, unpack};
use crate::{Entropy, Error, Hlc, Id, Result};

/// An insert-only record: a check-in, a member of an add-wins set, or the removal of either.
/// Never updated; a check-in or element is removed by a tombstone naming it.
pub(crate) enum Record<'a> {
    Checkin {
        id: Id,
        contact: Id,
        event: Option<Id>,
        kind: &'a str,
        at: i64,
        place: &'a str,
        note: &'a str,
    },
    Element {
        id: Id,
        owner: Id,
        kind: &'a str,
        value: &'a str,
    },
    Tombstone {
        target: Id,
    },
}

/// The clock an insert-only record carries.
pub(crate) enum Stamp {
    /// A fresh clock of this device: the record is written here.
    Fresh,
    /// The clock (with the local ordinal of its device) it was written with elsewhere.
    Kept(FieldClock),
}

pub(crate) struct Write<'c> {
    pub tx: Transaction<'c>,
    pub now_ms: i64,
    entropy: &'c mut dyn Entropy,
    device: u16,
    lseq: i64,
    hlc: Hlc,
    /// Contacts whose row arrived or whose check-ins came or went: `met_in_person` is recounted.
    met_changed: BTreeSet<Id>,
    /// Contacts whose row or tags changed: their search entry is stale.
    search_stale: BTreeSet<Id>,
}

impl<'c> Write<'c> {
    pub fn begin(tx: Transaction<'c>, now_ms: i64, entropy: &'c mut dyn Entropy) -> Result<Self> {
        let (lseq, hlc, device) = tx
            .prepare_cached(
                "SELECT r.lseq, r.hlc, d.ord FROM replica r JOIN device d ON d.device_id = r.device_id",
            )?
            .query_row([], |row| {
                Ok((row.get(0)?, row.get::<_, i64>(1)?, row.get(2)?))
            })?;
        Ok(Write {
            tx,
            now_ms,
            entropy,
            device,
            lseq,
            hlc: Hlc(hlc as u64),
            met_changed: BTreeSet::new(),
            search_stale: BTreeSet::new(),
        })
    }

    pub fn commit(mut self) -> Result<()> {
        self.settle()?;
        self.tx
            .prepare_cached("UPDATE replica SET lseq = ?1, hlc = ?2")?
            .execute((self.lseq, self.hlc.0 as i64))?;
        self.tx.commit()?;
        Ok(())
    }

    /// The transaction with the derived state of every contact written so far in step: what a
    /// command reads its answer from.
    pub fn settled(&mut self) -> Result<&Connection> {
        self.settle()?;
        Ok(&self.tx)
    }

    /// Brings the derived state of the contacts touched since the last time in step, once each.
    fn settle(&mut self) -> Result<()> {
        for contact in std::mem::take(&mut self.met_changed) {
            crate::checkin::refresh_met(&self.tx, contact)?;
        }
        for contact in std::mem::take(&mut self.search_stale) {
            crate::search::mark_stale(&self.tx, contact)?;
        }
        Ok(())
    }

    /// A new UUIDv7.
    pub fn new_id(&mut self) -> Id {
        let mut random = [0u8; 10];
        self.entropy.fill(&mut random);
        Id::v7(self.now_ms, random)
    }

    /// The next change counter, for a row this transaction writes.
    fn next_lseq(&mut self) -> i64 {
        self.lseq += 1;
        self.lseq
    }

    /// The last change counter handed out, by this transaction or before it.
    pub fn lseq(&self) -> i64 {
        self.lseq
    }

    /// Moves the HLC up to a clock seen from another device, so later local writes beat it.
    pub fn observe(&mut self, remote: Hlc) {
        self.hlc = self.hlc.max(remote);
    }

    /// A clock for a local write over a field whose clock was `previous`.
    fn clock_over(&mut self, previous: Hlc) -> Result<FieldClock> {
        self.hlc = Hlc::next(self.hlc.max(previous), self.now_ms).ok_or_else(|| {
            Error::invalid(
                "this record's clock is at its limit (a device with a wildly wrong date wrote it); restore a backup from before that",
            )
        })?;
        Ok(FieldClock {
            hlc: self.hlc,
            device: self.device,
        })
    }

    /// Inserts a new LWW row. `values` names every field except `created_at` and `deleted`,
    /// which the write path sets.
    pub fn insert_row<F: Field>(&mut self, id: Id, values: &[(F, Value)]) -> Result<()> {
        let table = F::TABLE;
        let mut row = vec![Value::Null; table.fields.len()];
        for (field, value) in values {
            row[field.position()] = value.clone();
        }
        row[table.created_at] = Value::Integer(self.now_ms);
        row[table.deleted] = Value::Integer(0);
        let clock = self.clock_over(Hlc::default())?;
        self.store_new_row(table, id, row, &vec![clock; table.fields.len()])
    }

    /// Inserts a row that holds values known everywhere already (such as an insert-only record's
    /// own), at the lowest clock: whatever any device writes over them, now or concurrently,
    /// wins field by field. `values` names every field in table order.
    pub fn insert_known_row(&mut self, table: &Table, id: Id, values: Vec<Value>) -> Result<()> {
        let lowest = FieldClock {
            hlc: Hlc::default(),
            device: self.device,
        };
        self.store_new_row(table, id, values, &vec![lowest; table.fields.len()])
    }

    /// Sets the given fields of an existing row, skipping values that do not change. Returns
    /// whether anything was written.
    pub fn update_row<F: Field>(&mut self, id: Id, changes: &[(F, Value)]) -> Result<bool> {
        let table = F::TABLE;
        let Some((values, mut clocks)) = self.read_row(table, id)? else {
            return Err(Error::NotFound(format!(
                "no {} with id {id}; it may have been removed on another device",
                table.name
            )));
        };
        let mut changed = Vec::new();
        for (field, value) in changes {
            let position = field.position();
            if values[position] != *value {
                let replaced = clocks[position];
                clocks[position] = self.clock_over(replaced.hlc)?;
                let loser = (replaced.hlc, self.device_id(replaced.device)?);
                let winner = (clocks[position].hlc, self.device_id(self.device)?);
                self.keep_replaced(table, id, position, &values[position], loser, winner)?;
                changed.push((position, value.clone()));
            }
        }
        if changed.is_empty() {
            return Ok(false);
        }
        self.store_fields(table, id, changed, &clocks)?;
        Ok(true)
    }

    /// Keeps a value that another replaced — by a local edit, or by a merge either way — in
    /// `field_history`, keyed by the replaced write's clock (so merging it again adds nothing).
    /// An empty value and the `deleted` flag carry nothing to lose, so they are not kept.
    pub fn keep_replaced(
        &mut self,
        table: &Table,
        id: Id,
        position: usize,
        value: &Value,
        loser: (Hlc, Key),
        winner: (Hlc, Key),
    ) -> Result<()> {
        let empty = matches!(value, Value::Null) || matches!(value, Value::Text(t) if t.is_empty());
        if empty || position == table.deleted {
            return Ok(());
        }
        self.tx
            .prepare_cached(
                "INSERT INTO field_history (tbl, row_id, field, value, hlc, device, winner_hlc, winner_device)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
            )?
            .execute((
                table.name,
                id,
                table.fields[position],
                value,
                loser.0.0 as i64,
                &loser.1[..],
                winner.0.0 as i64,
                &winner.1[..],
            ))?;
        Ok(())
    }

    /// The device id behind a local device ordinal.
    fn device_id(&self, ord: u16) -> Result<Key> {
        Ok(self
            .tx
            .prepare_cached("SELECT device_id FROM device WHERE ord = ?1")?
            .query_row([ord], |row| row.get::<_, Id>(0))?
            .0)
    }

    /// A row's field values and clocks, if the row exists.
    pub fn read_row(&self, table: &Table, id: Id) -> Result<Option<(Vec<Value>, Vec<FieldClock>)>> {
        let n = table.fields.len();
        let row = self
            .tx
            .prepare_cached(table.select)?
            .query_row([id], |row| {
                let values = (0..n)
                    .map(|i| row.get::<_, Value>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok((values, row.get::<_, Vec<u8>>(n)?))
            })
            .optional()?;
        row.map(|(values, clk)| Ok((values, unpack(&clk, n)?)))
            .transpose()
    }

    /// Stores a whole new row with its clocks and a fresh `lseq`.
    pub fn store_new_row(
        &mut self,
        table: &Table,
        id: Id,
        values: Vec<Value>,
        clocks: &[FieldClock],
    ) -> Result<()> {
        let lseq = self.next_lseq();
        let params = std::iter::once(Value::Blob(id.0.to_vec()))
            .chain(values)
            .chain([Value::Blob(pack(clocks)), Value::Integer(lseq)]);
        self.tx
            .prepare_cached(table.insert)?
            .execute(params_from_iter(params))?;
        if table.name == CONTACT.name {
            // By sync, a contact's check-ins can arrive before the contact.
            self.met_changed.insert(id);
            self.search_stale.insert(id);
        }
        Ok(())
    }

    /// Stores changed fields (by position) of an existing row with its new clock vector and a
    /// fresh `lseq`.
    pub fn store_fields(
        &mut self,
        table: &Table,
        id: Id,
        changed: Vec<(usize, Value)>,
        clocks: &[FieldClock],
    ) -> Result<()> {
        let lseq = self.next_lseq();
        let assignments: Vec<String> = changed
            .iter()
            .map(|(position, _)| format!("{} = ?", table.fields[*position]))
            .collect();
        let sql = format!(
            "UPDATE {} SET {}, clk = ?, lseq = ? WHERE id = ?",
            table.name,
            assignments.join(", ")
        );
        let params = changed.into_iter().map(|(_, value)| value).chain([
            Value::Blob(pack(clocks)),
            Value::Integer(lseq),
            Value::Blob(id.0.to_vec()),
        ]);
        self.tx
            .prepare_cached(&sql)?
            .execute(params_from_iter(params))?;
        if table.name == CONTACT.name {
            self.search_stale.insert(id);
        }
        Ok(())
    }

    /// Inserts an insert-only record unless it is here already (merging is set union): a local
    /// one stamped with a fresh clock, a merged one with the clock it was written with. A removal
    /// that is here already keeps the higher stamp, so every replica ends with the same one.
    /// What changed takes the next `lseq`. Returns whether anything changed.
    pub fn insert_record(&mut self, record: &Record<'_>, stamp: Stamp) -> Result<bool> {
        let stamp = match stamp {
            Stamp::Fresh => self.clock_over(Hlc::default())?,
            Stamp::Kept(clock) => clock,
        };
        let (hlc, origin, lseq) = (stamp.hlc.0 as i64, stamp.device, self.lseq + 1);
        let changed = match *record {
            Record::Checkin {
                id,
                contact,
                event,
                kind,
                at,
                place,
                note,
            } => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO checkin (id, contact, event, current_event, kind, at, place, note, hlc, origin, lseq)
                         VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (id) DO NOTHING",
                    )?
                    .execute((id, contact, event, kind, at, place, note, hlc, origin, lseq))?
                    > 0
            }
            Record::Element {
                id,
                owner,
                kind,
                value,
            } => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO element (id, owner, kind, value, hlc, origin, lseq)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
                    )?
                    .execute((id, owner, kind, value, hlc, origin, lseq))?
                    > 0
            }
            Record::Tombstone { target } => self.store_tombstone(target, stamp, lseq)?,
        };
        if changed {
            self.lseq = lseq;
            self.note_inserted(record);
        }
        Ok(changed)
    }

    /// Stores the removal of `target`, or its higher stamp when it was removed already.
    fn store_tombstone(&mut self, target: Id, stamp: FieldClock, lseq: i64) -> Result<bool> {
        let known: Option<FieldClock> = self
            .tx
            .prepare_cached("SELECT hlc, origin FROM tombstone WHERE target = ?1")?
            .query_row([target], |row| {
                Ok(FieldClock {
                    hlc: Hlc(row.get::<_, i64>(0)? as u64),
                    device: row.get(1)?,
                })
            })
            .optional()?;
        let sql = match known {
            None => "INSERT INTO tombstone (target, hlc, origin, lseq) VALUES (?1, ?2, ?3, ?4)",
            // Removed on two devices: both agree it is gone; the later stamp is kept.
            Some(known)
                if (stamp.hlc, self.device_id(stamp.device)?)
                    > (known.hlc, self.device_id(known.device)?) =>
            {
                "UPDATE tombstone SET hlc = ?2, origin = ?3, lseq = ?4 WHERE target = ?1"
            }
            Some(_) => return Ok(false),
        };
        self.tx
            .prepare_cached(sql)?
            .execute((target, stamp.hlc.0 as i64, stamp.device, lseq))?;
        if known.is_none() {
            self.note_removed(target)?;
        }
        Ok(true)
    }

    /// Notes the contact a new check-in or tag is of.
    fn note_inserted(&mut self, record: &Record<'_>) {
        match *record {
            Record::Checkin { contact, .. } => {
                self.met_changed.insert(contact);
            }
            Record::Element {
                owner, kind: "tag", ..
            } => {
                self.search_stale.insert(owner);
            }
            Record::Element { .. } | Record::Tombstone { .. } => {}
        }
    }

    /// Notes the contact whose check-in or tag a new removal takes away.
    fn note_removed(&mut self, target: Id) -> Result<()> {
        let (checkin_of, tag_of): (Option<Id>, Option<Id>) = self
            .tx
            .prepare_cached(
                "SELECT (SELECT contact FROM checkin WHERE id = ?1),
                        (SELECT owner FROM element WHERE id = ?1 AND kind = 'tag')",
            )?
            .query_row([target], |row| Ok((row.get(0)?, row.get(1)?)))?;
        self.met_changed.extend(checkin_of);
        self.search_stale.extend(tag_of);
        Ok(())
    }

    /// Removes an insert-only record here: retracts a check-in, removes a set element.
    pub fn tombstone(&mut self, target: Id) -> Result<()> {
        self.insert_record(&Record::Tombstone { target }, Stamp::Fresh)?;
        Ok(())
    }
}

impl Write<'_> {
    /// Adds `value` to the add-wins set `kind` of `owner`, unless it is already there.
    pub fn add_element(&mut self, owner: Id, kind: &str, value: &str) -> Result<()> {
        let present: bool = self.tx.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM live_element WHERE owner = ?1 AND kind = ?2 AND value = ?3)",
        )?.query_row((owner, kind, value), |row| row.get(0))?;
        if present {
            return Ok(());
        }
        let id = self.new_id();
        let element = Record::Element {
            id,
            owner,
            kind,
            value,
        };
        self.insert_record(&element, Stamp::Fresh)?;
        Ok(())
    }

    /// Removes `value` from the set: tombstones every element of it this replica has seen.
    /// Returns how many were removed (0: it was not in the set).
    pub fn remove_element(&mut self, owner: Id, kind: &str, value: &str) -> Result<usize> {
        let seen: Vec<Id> = self
            .tx
            .prepare_cached(
                "SELECT id FROM live_element WHERE owner = ?1 AND kind = ?2 AND value = ?3",
            )?
            .query_map((owner, kind, value), |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for element in &seen {
            self.tombstone(*element)?;
        }
        Ok(seen.len())
    }
}

/// Value helpers for building rows.
pub(crate) fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

pub(crate) fn id_or_null(id: Option<Id>) -> Value {
    id.map_or(Value::Null, |id| Value::Blob(id.0.to_vec()))
}

#[cfg(test)]
mod tests {
    use crate::db::tests::notebook;
    use crate::table::{self, CONTACT, Field, unpack};
    use crate::write::text;
    use handschlag_api::ContactCreate;

    fn clocks_of(notebook: &crate::Notebook, id: crate::Id) -> Vec<crate::table::FieldClock> {
        let clk: Vec<u8> = notebook
            .conn
            .query_row("SELECT clk FROM contact WHERE id = ?1", [id], |r| r.get(0))
            .unwrap();
        unpack(&clk, CONTACT.fields.len()).unwrap()
    }

    #[test]
    fn an_edit_stamps_only_the_changed_field_above_its_old_clock_and_bumps_lseq() {
        let mut notebook = notebook();
        let id = notebook
            .write(|w| {
                crate::contact::create(
                    w,
                    ContactCreate {
                        name: "Anna".into(),
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        let lseq_after_insert = notebook.lseq().unwrap();
        let before = clocks_of(&notebook, id);

        // The wall clock is frozen: the edit must still get a later clock.
        let changed = notebook
            .write(|w| {
                w.update_row(
                    id,
                    &[
                        (table::Contact::Name, text("Anna Bauer")),
                        (table::Contact::Role, text("")),
                    ],
                )
            })
            .unwrap();
        assert!(changed);
        let after = clocks_of(&notebook, id);
        let [name, town, role] = [
            table::Contact::Name,
            table::Contact::Town,
            table::Contact::Role,
        ]
        .map(Field::position);
        assert!(after[name] > before[name]);
        assert_eq!(after[town], before[town]);
        assert_eq!(
            after[role], before[role],
            "unchanged value, unchanged clock"
        );
        assert_eq!(notebook.lseq().unwrap(), lseq_after_insert + 1);

        let unchanged = notebook
            .write(|w| w.update_row(id, &[(table::Contact::Name, text("Anna Bauer"))]))
            .unwrap();
        assert!(!unchanged, "writing the same value is not a change");
        assert_eq!(notebook.lseq().unwrap(), lseq_after_insert + 1);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let mut notebook = notebook();
        let result: crate::Result<()> = notebook.write(|w| {
            crate::contact::create(
                w,
                ContactCreate {
                    name: "Half".into(),
                    ..Default::default()
                },
            )?;
            Err(crate::Error::invalid("second step failed"))
        });
        assert!(result.is_err());
        let count: i64 = notebook
            .conn
            .query_row("SELECT count(*) FROM contact", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 0);
        assert_eq!(notebook.lseq().unwrap(), 0);
    }
}
