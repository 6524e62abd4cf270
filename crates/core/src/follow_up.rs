//! Follow-ups: what to do next with whom, and when; listed by due date relative to the
//! caller's `today`, each with the context of the last encounter.

use handschlag_api::{FollowUp, FollowUpAction, FollowUpCreate, FollowUpDue, FollowUpQuery};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

use crate::table;
use crate::time::date;
use crate::write::{Write, text};
use crate::{Error, Id, Result};

const COLUMNS: &str = "f.id, f.contact, c.name, f.action, f.due, f.note, f.done
    FROM follow_up f JOIN contact c ON c.id = f.contact";

fn from_row(row: &Row<'_>) -> rusqlite::Result<FollowUp> {
    Ok(FollowUp {
        id: row.get::<_, Id>(0)?.to_string(),
        contact_id: row.get::<_, Id>(1)?.to_string(),
        contact_name: row.get(2)?,
        action: row
            .get::<_, String>(3)?
            .parse()
            .unwrap_or(FollowUpAction::Other),
        due: row.get(4)?,
        note: row.get(5)?,
        done: row.get(6)?,
        last_checkin: None,
    })
}

fn with_context(conn: &Connection, mut follow_up: FollowUp) -> Result<FollowUp> {
    let contact = Id::parse(&follow_up.contact_id, "contact")?;
    follow_up.last_checkin = crate::checkin::last_for_contact(conn, contact)?;
    Ok(follow_up)
}

pub(crate) fn get(conn: &Connection, id: Id) -> Result<FollowUp> {
    let follow_up = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} WHERE f.id = ?1 AND f.deleted = 0"
        ))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| {
            Error::NotFound(format!(
                "no follow-up with id {id}; list them with their ids first"
            ))
        })?;
    with_context(conn, follow_up)
}

pub(crate) fn create(write: &mut Write<'_>, new: FollowUpCreate) -> Result<Id> {
    let contact = Id::parse(&new.contact_id, "contact")?;
    crate::live::contact(&write.tx, contact)?;
    let due = date(&new.due, "due date")?;
    let id = write.new_id();
    write.insert_row(
        id,
        &[
            (table::FollowUp::Contact, Value::Blob(contact.0.to_vec())),
            (
                table::FollowUp::Action,
                text(new.action.unwrap_or(FollowUpAction::Call).as_str()),
            ),
            (table::FollowUp::Due, text(due.to_string())),
            (table::FollowUp::Note, text(new.note.trim())),
            (table::FollowUp::Done, Value::Integer(0)),
        ],
    )?;
    Ok(id)
}

pub(crate) fn complete(write: &mut Write<'_>, id: Id) -> Result<()> {
    get(&write.tx, id)?;
    write.update_row(id, &[(table::FollowUp::Done, Value::Integer(1))])?;
    Ok(())
}

/// Undoes "done": open again, due when it was.
pub(crate) fn reopen(write: &mut Write<'_>, id: Id) -> Result<()> {
    get(&write.tx, id)?;
    write.update_row(id, &[(table::FollowUp::Done, Value::Integer(0))])?;
    Ok(())
}

pub(crate) fn snooze(write: &mut Write<'_>, id: Id, due: &str) -> Result<()> {
    get(&write.tx, id)?;
    let due = date(due, "new due date")?;
    write.update_row(
        id,
        &[
            (table::FollowUp::Due, text(due.to_string())),
            (table::FollowUp::Done, Value::Integer(0)),
        ],
    )?;
    Ok(())
}

/// Follow-ups of live contacts by due date: overdue ones first, then by date.
pub(crate) fn list(conn: &Connection, query: &FollowUpQuery) -> Result<Vec<FollowUp>> {
    let today = date(&query.today, "today")?.to_string();
    let due = match query.due {
        FollowUpDue::Today => "f.due = ?1",
        FollowUpDue::Overdue => "f.due < ?1",
        FollowUpDue::Upcoming => "f.due > ?1",
        FollowUpDue::All => "?1 IS NOT NULL",
    };
    let done = if query.include_done {
        ""
    } else {
        "AND f.done = 0"
    };
    let follow_ups: Vec<FollowUp> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} WHERE f.deleted = 0 AND c.deleted = 0 AND {due} {done} ORDER BY f.done, f.due, c.name"
        ))?
        .query_map([today], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    follow_ups
        .into_iter()
        .map(|f| with_context(conn, f))
        .collect()
}

/// A contact's follow-ups, open ones first.
pub(crate) fn list_for_contact(conn: &Connection, contact: Id) -> Result<Vec<FollowUp>> {
    let follow_ups: Vec<FollowUp> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} WHERE f.contact = ?1 AND f.deleted = 0 ORDER BY f.done, f.due"
        ))?
        .query_map([contact], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(follow_ups)
}
