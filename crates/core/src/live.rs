//! Whether the records a request names are live (present and not deleted): the one existence
//! check every domain module uses, so the modules need not import each other for it.

use rusqlite::Connection;

use crate::{Error, Id, Result};

/// The contact `id` is live; else a not-found error that says it may have been deleted.
pub(crate) fn contact(conn: &Connection, id: Id) -> Result<()> {
    is_live(conn, "contact", id)
}

/// The event `id` is live; else a not-found error that says it may have been deleted.
pub(crate) fn event(conn: &Connection, id: Id) -> Result<()> {
    is_live(conn, "event", id)
}

/// The live event an optional id from a request names (none for `None`).
pub(crate) fn optional_event(conn: &Connection, id: Option<&str>) -> Result<Option<Id>> {
    let Some(id) = id else {
        return Ok(None);
    };
    let id = Id::parse(id, "event")?;
    event(conn, id)?;
    Ok(Some(id))
}

fn is_live(conn: &Connection, table: &'static str, id: Id) -> Result<()> {
    let live: bool = conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1 AND deleted = 0)"
        ))?
        .query_row([id], |row| row.get(0))?;
    if !live {
        return Err(Error::NotFound(format!(
            "no {table} with id {id}; it may have been deleted"
        )));
    }
    Ok(())
}
