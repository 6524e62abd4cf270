//! The canonical export: every live record, each list sorted by id, so that two replicas that
//! converged produce identical output, and a field's history of values that lost a merge.

use handschlag_api::{Export, FieldChange};
use rusqlite::Connection;
use rusqlite::types::Value;

use crate::{Hlc, Id, Result, checkin, contact, deal, event, follow_up};

fn ids(conn: &Connection, sql: &str) -> Result<Vec<Id>> {
    Ok(conn
        .prepare(sql)?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Reads every record `sql` selects the ids of, in that order.
fn all<T>(conn: &Connection, sql: &str, get: fn(&Connection, Id) -> Result<T>) -> Result<Vec<T>> {
    ids(conn, sql)?
        .into_iter()
        .map(|id| get(conn, id))
        .collect()
}

pub(crate) fn export(conn: &Connection) -> Result<Export> {
    Ok(Export {
        cadences: crate::cadence::list(conn)?,
        contacts: all(
            conn,
            "SELECT id FROM contact WHERE deleted = 0 ORDER BY id",
            contact::get,
        )?,
        events: all(
            conn,
            "SELECT id FROM event WHERE deleted = 0 ORDER BY id",
            event::get,
        )?,
        checkins: all(
            conn,
            "SELECT id FROM live_checkin ORDER BY id",
            checkin::get,
        )?,
        // Only those whose contact has arrived (sync may deliver a follow-up or deal first).
        follow_ups: all(
            conn,
            "SELECT f.id FROM follow_up f JOIN contact c ON c.id = f.contact WHERE f.deleted = 0 ORDER BY f.id",
            follow_up::get,
        )?,
        deals: all(
            conn,
            "SELECT d.id FROM deal d JOIN contact c ON c.id = d.contact WHERE d.deleted = 0 ORDER BY d.id",
            deal::get,
        )?,
    })
}

/// Values of a record's fields that lost a sync merge, newest first.
pub(crate) fn history(conn: &Connection, row: Id) -> Result<Vec<FieldChange>> {
    let mut statement = conn.prepare_cached(
        "SELECT h.field, h.value, h.hlc, coalesce(nullif(loser.name, ''), hex(h.device)),
                h.winner_hlc, coalesce(nullif(winner.name, ''), hex(h.winner_device))
         FROM field_history h
         LEFT JOIN device loser ON loser.device_id = h.device
         LEFT JOIN device winner ON winner.device_id = h.winner_device
         WHERE h.row_id = ?1 ORDER BY h.winner_hlc DESC, h.hlc DESC",
    )?;
    let changes = statement.query_map([row], |row| {
        let value = match row.get::<_, Value>(1)? {
            Value::Null => String::new(),
            Value::Integer(i) => i.to_string(),
            Value::Real(r) => r.to_string(),
            Value::Text(t) => t,
            Value::Blob(b) => Id::try_from(b.as_slice())
                .map(|id| id.to_string())
                .unwrap_or_default(),
        };
        Ok(FieldChange {
            field: row.get(0)?,
            value,
            written_at: Hlc(row.get::<_, i64>(2)? as u64).millis(),
            device: row.get(3)?,
            replaced_at: Hlc(row.get::<_, i64>(4)? as u64).millis(),
            replaced_by: row.get(5)?,
        })
    })?;
    Ok(changes.collect::<rusqlite::Result<_>>()?)
}
