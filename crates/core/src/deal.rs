//! Deals (orders) and their attribution: where the relationship that brought the order began.
//!
//! Attribution is derived unless overridden on the deal: the event is the one recorded as where
//! we met, else the event of the contact's first in-person check-in; the channel is in person
//! when such an event exists, else how we met.

use handschlag_api::{Attribution, Channel, Deal, DealCreate, DealQuery, DealStatus};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

use crate::event::{checked_amount, checked_currency};
use crate::table::DEAL;
use crate::time::{date, utc_date};
use crate::write::{Write, id_or_null, text};
use crate::{Error, Id, Result};

/// Columns of a deal with its derived attribution: the override if set, else the contact's
/// recorded event, else the event of their first in-person check-in.
const COLUMNS: &str =
    "d.id, d.contact, c.name, d.title, d.amount_cents, d.currency, d.status, d.date,
    d.channel, d.event, c.how_met, source.id, source.title
    FROM deal d JOIN contact c ON c.id = d.contact
    LEFT JOIN event source ON source.id = coalesce(d.event, c.met_at_event,
        (SELECT k.event FROM live_checkin k
         WHERE k.contact = d.contact AND k.kind = 'in-person' AND k.event IS NOT NULL
         ORDER BY k.at LIMIT 1))";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Deal> {
    let channel_override: Option<String> = row.get(8)?;
    let event_override: Option<Id> = row.get(9)?;
    let how_met: Channel = row.get::<_, String>(10)?.parse().unwrap_or(Channel::Online);
    let event: Option<Id> = row.get(11)?;
    let derived_channel = if event.is_some() {
        Channel::InPerson
    } else {
        how_met
    };
    Ok(Deal {
        id: row.get::<_, Id>(0)?.to_string(),
        contact_id: row.get::<_, Id>(1)?.to_string(),
        contact_name: row.get(2)?,
        title: row.get(3)?,
        amount_cents: row.get(4)?,
        currency: row.get(5)?,
        status: row.get::<_, String>(6)?.parse().unwrap_or(DealStatus::Open),
        date: row.get(7)?,
        attribution: Attribution {
            channel: channel_override
                .as_deref()
                .and_then(|c| c.parse().ok())
                .unwrap_or(derived_channel),
            event_id: event.map(|id| id.to_string()),
            event_title: row.get(12)?,
            overridden: channel_override.is_some() || event_override.is_some(),
        },
    })
}

pub(crate) fn get(conn: &Connection, id: Id) -> Result<Deal> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} WHERE d.id = ?1 AND d.deleted = 0"
    ))?
    .query_row([id], from_row)
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("no deal with id {id}")))
}

pub(crate) fn create(write: &mut Write<'_>, new: DealCreate) -> Result<Id> {
    let contact = Id::parse(&new.contact_id, "contact")?;
    crate::contact::ensure_exists(&write.tx, contact)?;
    let title = new.title.trim();
    if title.is_empty() {
        return Err(Error::invalid("a deal needs a title, such as \"Workshop\""));
    }
    let amount = checked_amount(new.amount_cents, "the amount")?;
    let currency = checked_currency(new.currency.as_deref())?;
    let day = match new.date.as_deref() {
        Some(day) => date(day, "deal date")?.to_string(),
        None => utc_date(write.now_ms),
    };
    let event = new
        .event_id
        .as_deref()
        .map(|id| Id::parse(id, "event"))
        .transpose()?;
    if let Some(event) = event {
        crate::event::ensure_exists(&write.tx, event)?;
    }
    let id = write.new_id();
    write.insert_row(
        &DEAL,
        id,
        &[
            ("contact", Value::Blob(contact.0.to_vec())),
            ("title", text(title)),
            ("amount_cents", Value::Integer(amount)),
            ("currency", text(currency)),
            (
                "status",
                text(new.status.unwrap_or(DealStatus::Open).as_str()),
            ),
            ("date", text(day)),
            (
                "channel",
                new.channel.map_or(Value::Null, |c| text(c.as_str())),
            ),
            ("event", id_or_null(event)),
        ],
    )?;
    Ok(id)
}

/// Deals of live contacts, newest first.
pub(crate) fn list(conn: &Connection, query: &DealQuery) -> Result<Vec<Deal>> {
    let contact = query
        .contact_id
        .as_deref()
        .map(|id| Id::parse(id, "contact"))
        .transpose()?;
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} WHERE d.deleted = 0 AND c.deleted = 0 AND (?1 IS NULL OR d.contact = ?1)
             ORDER BY d.date DESC, d.id DESC"
        ))?
        .query_map([contact], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}
