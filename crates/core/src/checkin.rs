//! Check-ins (encounters): insert-only records of meeting someone, in person or otherwise.
//! A check-in is never edited or deleted; retracting one writes a tombstone that keeps it in
//! history as retracted.

use handschlag_api::{Checkin, CheckinCreate, CheckinKind};
use rusqlite::{Connection, OptionalExtension, Row};

use crate::write::Write;
use crate::{Error, Id, Result};

/// Columns of [`Checkin`]. Contact and event are outer joins: by sync, a check-in can arrive
/// before the contact it belongs to.
const COLUMNS: &str =
    "k.id, k.contact, coalesce(c.name, ''), k.event, e.title, k.kind, k.at, k.place, k.note,
    EXISTS (SELECT 1 FROM tombstone t WHERE t.target = k.id)
    FROM checkin k
    LEFT JOIN contact c ON c.id = k.contact
    LEFT JOIN event e ON e.id = k.event";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Checkin> {
    Ok(Checkin {
        id: row.get::<_, Id>(0)?.to_string(),
        contact_id: row.get::<_, Id>(1)?.to_string(),
        contact_name: row.get(2)?,
        event_id: row.get::<_, Option<Id>>(3)?.map(|id| id.to_string()),
        event_title: row.get(4)?,
        kind: row
            .get::<_, String>(5)?
            .parse()
            .unwrap_or(CheckinKind::InPerson),
        at: row.get(6)?,
        place: row.get(7)?,
        note: row.get(8)?,
        retracted: row.get(9)?,
    })
}

pub(crate) fn get(conn: &Connection, id: Id) -> Result<Checkin> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} WHERE k.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no check-in with id {id}")))
}

/// Records an encounter with a live contact, optionally at a live event.
pub(crate) fn create(write: &mut Write<'_>, new: CheckinCreate) -> Result<Id> {
    let contact = Id::parse(&new.contact_id, "contact")?;
    crate::contact::ensure_exists(&write.tx, contact)?;
    let event = new
        .event_id
        .as_deref()
        .map(|id| Id::parse(id, "event"))
        .transpose()?;
    if let Some(event) = event {
        crate::event::ensure_exists(&write.tx, event)?;
    }
    let id = write.new_id();
    let at = new.at.unwrap_or(write.now_ms);
    let kind = new.kind.unwrap_or(CheckinKind::InPerson);
    let (hlc, origin, lseq) = write.record_stamp();
    write
        .tx
        .prepare_cached(
            "INSERT INTO checkin (id, contact, event, kind, at, place, note, hlc, origin, lseq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute((
            id,
            contact,
            event,
            kind.as_str(),
            at,
            new.place.trim(),
            new.note.trim(),
            hlc,
            origin,
            lseq,
        ))?;
    if kind == CheckinKind::InPerson {
        // Cheaper than a recount, and writes no page when the flag is already set.
        write
            .tx
            .prepare_cached(
                "UPDATE contact SET met_in_person = 1 WHERE id = ?1 AND met_in_person = 0",
            )?
            .execute([contact])?;
    }
    Ok(id)
}

/// Retracts a check-in; retracting twice is harmless.
pub(crate) fn retract(write: &mut Write<'_>, id: Id) -> Result<()> {
    let checkin = get(&write.tx, id)?;
    write.tombstone(id)?;
    refresh_met(&write.tx, Id::parse(&checkin.contact_id, "contact")?)
}

/// Recomputes the contact's derived `met_in_person` flag from its live in-person check-ins.
/// Every path that tombstones a check-in (or applies check-ins from elsewhere) calls this in the
/// same transaction.
pub(crate) fn refresh_met(conn: &Connection, contact: Id) -> Result<()> {
    conn.prepare_cached(
        "UPDATE contact SET met_in_person = EXISTS
            (SELECT 1 FROM live_checkin k WHERE k.contact = ?1 AND k.kind = 'in-person')
         WHERE id = ?1",
    )?
    .execute([contact])?;
    Ok(())
}

/// A contact's check-ins, newest first, retracted ones included (marked).
pub(crate) fn list_for_contact(conn: &Connection, contact: Id) -> Result<Vec<Checkin>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} WHERE k.contact = ?1 ORDER BY k.at DESC, k.id DESC"
        ))?
        .query_map([contact], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// An event's check-ins, in the order they happened.
pub(crate) fn list_for_event(conn: &Connection, event: Id) -> Result<Vec<Checkin>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} WHERE k.event = ?1 ORDER BY k.at, k.id"
        ))?
        .query_map([event], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The latest live check-in with a contact.
pub(crate) fn last_for_contact(conn: &Connection, contact: Id) -> Result<Option<Checkin>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} WHERE k.contact = ?1
               AND NOT EXISTS (SELECT 1 FROM tombstone t WHERE t.target = k.id)
             ORDER BY k.at DESC, k.id DESC LIMIT 1"
        ))?
        .query_row([contact], from_row)
        .optional()?)
}
