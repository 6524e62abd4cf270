//! The synced last-writer-wins tables, their fields in clock order, and the packed per-field
//! clocks stored in each row's `clk` column.
//!
//! The field order is part of the storage format: `clk` holds one clock per field in exactly
//! this order. Append new fields at the end (with a migration); never reorder.

use crate::{Error, Hlc, Result};

/// A synced table whose every field is a last-writer-wins register.
pub(crate) struct Table {
    pub name: &'static str,
    pub fields: &'static [&'static str],
}

impl Table {
    /// The position of `field` in the clock vector. An unknown field is a programming error.
    pub fn position(&self, field: &str) -> usize {
        self.fields
            .iter()
            .position(|f| *f == field)
            .unwrap_or_else(|| panic!("{}.{field} is not a synced field", self.name))
    }
}

pub(crate) const CONTACT: Table = Table {
    name: "contact",
    fields: &[
        "name",
        "organization",
        "role",
        "phone",
        "email",
        "town",
        "how_met",
        "met_at_event",
        "referred_by",
        "notes",
        "created_at",
        "deleted",
    ],
};

pub(crate) const EVENT: Table = Table {
    name: "event",
    fields: &[
        "title",
        "kind",
        "status",
        "starts_at",
        "ends_at",
        "time_zone",
        "place",
        "organizer",
        "goal",
        "contribution",
        "cost_cents",
        "currency",
        "checklist",
        "created_at",
        "deleted",
    ],
};

pub(crate) const FOLLOW_UP: Table = Table {
    name: "follow_up",
    fields: &[
        "contact",
        "action",
        "due",
        "note",
        "done",
        "created_at",
        "deleted",
    ],
};

/// A check-in's note and event once corrected (the check-in itself is insert-only).
pub(crate) const CHECKIN_EDIT: Table = Table {
    name: "checkin_edit",
    fields: &["note", "event", "created_at", "deleted"],
};

/// How often to keep in touch with a contact (row id = the contact's) or a tag's people.
pub(crate) const CADENCE: Table = Table {
    name: "cadence",
    fields: &["tag", "kind", "days", "created_at", "deleted"],
};

pub(crate) const DEAL: Table = Table {
    name: "deal",
    fields: &[
        "contact",
        "title",
        "amount_cents",
        "currency",
        "status",
        "date",
        "channel",
        "event",
        "created_at",
        "deleted",
    ],
};

/// One field's clock: the HLC of its last write and the local ordinal of the writing device.
/// Ordered by (hlc, device) — the total order that decides which write wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(crate) struct FieldClock {
    pub hlc: Hlc,
    pub device: u16,
}

const CLOCK_BYTES: usize = 10;

/// Packs clocks as `hlc: u64 LE, device: u16 LE` per field.
pub(crate) fn pack(clocks: &[FieldClock]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(clocks.len() * CLOCK_BYTES);
    for clock in clocks {
        bytes.extend_from_slice(&clock.hlc.0.to_le_bytes());
        bytes.extend_from_slice(&clock.device.to_le_bytes());
    }
    bytes
}

/// Unpacks a `clk` column for a table with `fields` fields. A shorter vector (written by an
/// older schema with fewer fields) is padded with zero clocks, which any write beats.
pub(crate) fn unpack(bytes: &[u8], fields: usize) -> Result<Vec<FieldClock>> {
    if !bytes.len().is_multiple_of(CLOCK_BYTES) || bytes.len() / CLOCK_BYTES > fields {
        return Err(Error::invalid(format!(
            "a row's clock vector has {} bytes, which does not fit {fields} fields; the database is damaged, restore it from a synced device",
            bytes.len()
        )));
    }
    let mut clocks: Vec<FieldClock> = bytes
        .chunks_exact(CLOCK_BYTES)
        .map(|chunk| FieldClock {
            hlc: Hlc(u64::from_le_bytes(chunk[..8].try_into().expect("8 bytes"))),
            device: u16::from_le_bytes(chunk[8..].try_into().expect("2 bytes")),
        })
        .collect();
    clocks.resize(fields, FieldClock::default());
    Ok(clocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_round_trip_and_old_short_vectors_pad_with_zero() {
        let clocks = [
            FieldClock {
                hlc: Hlc(7 << 16),
                device: 3,
            },
            FieldClock {
                hlc: Hlc(9),
                device: 1,
            },
        ];
        assert_eq!(unpack(&pack(&clocks), 2).unwrap(), clocks);
        let padded = unpack(&pack(&clocks[..1]), 3).unwrap();
        assert_eq!(padded[1..], [FieldClock::default(); 2]);
        assert!(unpack(&[1, 2, 3], 2).is_err());
    }
}
