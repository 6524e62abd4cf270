//! The synced last-writer-wins tables, their fields in clock order, and the packed per-field
//! clocks stored in each row's `clk` column.
//!
//! The field order is part of the storage format: `clk` holds one clock per field in exactly
//! this order. Append new fields at the end (with a migration); never reorder.

use crate::{Error, Hlc, Result};

/// A synced table whose every field is a last-writer-wins register.
pub(crate) struct Table {
    pub name: &'static str,
    /// The columns, in clock order.
    pub fields: &'static [&'static str],
    /// Where `created_at` and `deleted` are, which the write path sets.
    pub created_at: usize,
    pub deleted: usize,
    /// `SELECT` of a row's fields and `clk` by `id`: the merge reads every row it receives, so
    /// the statement's text is made once, at compile time.
    pub select: &'static str,
    /// `INSERT` of a whole row: `id`, the fields, `clk`, `lseq`.
    pub insert: &'static str,
}

/// A field of one synced table's rows. Each table's fields are an enum in clock order, so a
/// misspelt field, or one of another table, does not compile.
pub(crate) trait Field: Copy {
    const TABLE: &'static Table;

    /// The field's place in the clock vector.
    fn position(self) -> usize;

    fn column(self) -> &'static str {
        Self::TABLE.fields[self.position()]
    }
}

/// Declares a synced table from one list: its [`Table`] (the columns) and the enum of its
/// fields, whose discriminants are their places in the clock vector.
macro_rules! synced_table {
    (@another $column:literal) => {
        ", ?"
    };
    ($(#[$doc:meta])* $table:ident = $name:literal, $fields:ident { $($field:ident = $column:literal,)+ }) => {
        $(#[$doc])*
        pub(crate) const $table: Table = Table {
            name: $name,
            fields: &[$($column),+],
            created_at: $fields::CreatedAt as usize,
            deleted: $fields::Deleted as usize,
            select: concat!("SELECT ", $($column, ", ",)+ "clk FROM ", $name, " WHERE id = ?1"),
            insert: concat!(
                "INSERT INTO ", $name, " (id, ", $($column, ", ",)+ "clk, lseq) VALUES (?",
                $(synced_table!(@another $column),)+ ", ?, ?)"
            ),
        };

        #[doc = concat!("The fields of `", $name, "` rows, in clock order.")]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum $fields {
            $($field),+
        }

        impl Field for $fields {
            const TABLE: &'static Table = &$table;

            fn position(self) -> usize {
                self as usize
            }
        }
    };
}

synced_table! {
    CONTACT = "contact", Contact {
        Name = "name",
        Organization = "organization",
        Role = "role",
        Phone = "phone",
        Email = "email",
        Town = "town",
        HowMet = "how_met",
        MetAtEvent = "met_at_event",
        ReferredBy = "referred_by",
        Notes = "notes",
        CreatedAt = "created_at",
        Deleted = "deleted",
    }
}

synced_table! {
    EVENT = "event", Event {
        Title = "title",
        Kind = "kind",
        Status = "status",
        StartsAt = "starts_at",
        EndsAt = "ends_at",
        TimeZone = "time_zone",
        Place = "place",
        Organizer = "organizer",
        Goal = "goal",
        Contribution = "contribution",
        CostCents = "cost_cents",
        Currency = "currency",
        Checklist = "checklist",
        CreatedAt = "created_at",
        Deleted = "deleted",
    }
}

synced_table! {
    FOLLOW_UP = "follow_up", FollowUp {
        Contact = "contact",
        Action = "action",
        Due = "due",
        Note = "note",
        Done = "done",
        CreatedAt = "created_at",
        Deleted = "deleted",
    }
}

synced_table! {
    /// A check-in's note and event once corrected (the check-in itself is insert-only).
    CHECKIN_EDIT = "checkin_edit", CheckinEdit {
        Note = "note",
        Event = "event",
        CreatedAt = "created_at",
        Deleted = "deleted",
    }
}

synced_table! {
    /// How often to keep in touch with a contact (row id = the contact's) or a tag's people.
    CADENCE = "cadence", Cadence {
        Tag = "tag",
        Kind = "kind",
        Days = "days",
        CreatedAt = "created_at",
        Deleted = "deleted",
    }
}

synced_table! {
    DEAL = "deal", Deal {
        Contact = "contact",
        Title = "title",
        AmountCents = "amount_cents",
        Currency = "currency",
        Status = "status",
        Date = "date",
        Channel = "channel",
        Event = "event",
        CreatedAt = "created_at",
        Deleted = "deleted",
    }
}

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
