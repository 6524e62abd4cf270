//! Deals (orders) and their attribution: where the relationship that brought the order began.
//! An order changes as it goes (open → won or lost, a new amount); each change goes through the
//! write path field by field, so an edit here and another elsewhere both survive a sync.
//!
//! Attribution is derived unless overridden on the deal: the event is the one recorded as where
//! we met, else the event of the contact's first in-person check-in; the channel is in person
//! when such an event exists, else how we met.

use handschlag_api::{Attribution, Channel, Deal, DealCreate, DealQuery, DealStatus, DealUpdate};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

use crate::event::{checked_amount, checked_currency};
use crate::table;
use crate::time::{date, utc_date};
use crate::write::{Write, id_or_null, text};
use crate::{Error, Id, Result};

/// Every live deal with its attribution, derived here and nowhere else (the deal list and the
/// insights both read it): the event is the override if set, else the contact's recorded event,
/// else the event of their first in-person check-in at an event (read from `meeting` when their
/// very first meeting was at one); the channel is the override if set, else in person when such
/// an event exists, else how we met. The contact is read through `contact_attribution`, which
/// holds what the attribution needs: the planner would otherwise read each contact's whole row.
pub(crate) const ATTRIBUTED: &str = "
    SELECT d.id, d.contact, c.name AS contact_name, d.title, d.amount_cents, d.currency,
        d.status, d.date, d.channel IS NOT NULL OR d.event IS NOT NULL AS overridden,
        coalesce(d.channel, iif(source.id IS NULL, c.how_met, 'in-person')) AS channel,
        source.id AS event, source.title AS event_title, c.deleted AS contact_deleted
    FROM deal d JOIN contact c INDEXED BY contact_attribution ON c.id = d.contact
    LEFT JOIN event source ON source.id = coalesce(d.event, c.met_at_event,
        (SELECT m.first_event FROM meeting m WHERE m.contact = d.contact),
        (SELECT k.event FROM live_checkin k
         WHERE k.contact = d.contact AND k.kind = 'in-person' AND k.event IS NOT NULL
         ORDER BY k.at LIMIT 1))
    WHERE d.deleted = 0";

fn columns() -> String {
    format!(
        "SELECT a.id, a.contact, a.contact_name, a.title, a.amount_cents, a.currency, a.status,
            a.date, a.overridden, a.channel, a.event, a.event_title, a.contact_deleted
         FROM ({ATTRIBUTED}) a"
    )
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Deal> {
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
            channel: channel(&row.get::<_, String>(9)?),
            event_id: row.get::<_, Option<Id>>(10)?.map(|id| id.to_string()),
            event_title: row.get(11)?,
            overridden: row.get(8)?,
        },
        contact_deleted: row.get(12)?,
    })
}

/// A stored channel; anything unknown reads as online, the channel that claims the least.
pub(crate) fn channel(text: &str) -> Channel {
    text.parse().unwrap_or(Channel::Online)
}

pub(crate) fn get(conn: &Connection, id: Id) -> Result<Deal> {
    conn.prepare_cached(&format!("{} WHERE a.id = ?1", columns()))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no deal with id {id}")))
}

fn checked_title(title: &str) -> Result<&str> {
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::invalid("a deal needs a title, such as \"Workshop\""));
    }
    Ok(title)
}

pub(crate) fn create(write: &mut Write<'_>, new: DealCreate) -> Result<Id> {
    let contact = Id::parse(&new.contact_id, "contact")?;
    crate::live::contact(&write.tx, contact)?;
    let title = checked_title(&new.title)?;
    let amount = checked_amount(new.amount_cents, "the amount")?;
    let currency = checked_currency(new.currency.as_deref())?;
    let day = match new.date.as_deref() {
        Some(day) => date(day, "deal date")?.to_string(),
        None => utc_date(write.now_ms),
    };
    let event = crate::live::optional_event(&write.tx, new.event_id.as_deref())?;
    let id = write.new_id();
    write.insert_row(
        id,
        &[
            (table::Deal::Contact, Value::Blob(contact.0.to_vec())),
            (table::Deal::Title, text(title)),
            (table::Deal::AmountCents, Value::Integer(amount)),
            (table::Deal::Currency, text(currency)),
            (
                table::Deal::Status,
                text(new.status.unwrap_or(DealStatus::Open).as_str()),
            ),
            (table::Deal::Date, text(day)),
            (
                table::Deal::Channel,
                new.channel.map_or(Value::Null, |c| text(c.as_str())),
            ),
            (table::Deal::Event, id_or_null(event)),
        ],
    )?;
    Ok(id)
}

/// Applies the given changes to a live deal; fields left out keep their value (and clock).
pub(crate) fn update(write: &mut Write<'_>, change: DealUpdate) -> Result<Id> {
    let id = Id::parse(&change.id, "deal")?;
    get(&write.tx, id)?;
    let mut changes = Vec::new();
    if let Some(title) = change.title.as_deref() {
        changes.push((table::Deal::Title, text(checked_title(title)?)));
    }
    if let Some(amount) = change.amount_cents {
        changes.push((
            table::Deal::AmountCents,
            Value::Integer(checked_amount(amount, "the amount")?),
        ));
    }
    if let Some(currency) = change.currency.as_deref() {
        changes.push((
            table::Deal::Currency,
            text(checked_currency(Some(currency))?),
        ));
    }
    if let Some(status) = change.status {
        changes.push((table::Deal::Status, text(status.as_str())));
    }
    if let Some(day) = change.date.as_deref() {
        changes.push((table::Deal::Date, text(date(day, "deal date")?.to_string())));
    }
    if let Some(contact) = change.contact_id.as_deref() {
        let contact = Id::parse(contact, "contact")?;
        crate::live::contact(&write.tx, contact)?;
        changes.push((table::Deal::Contact, Value::Blob(contact.0.to_vec())));
    }
    if let Some(attribution) = change.attribution {
        let event = crate::live::optional_event(&write.tx, attribution.event_id.as_deref())?;
        changes.push((
            table::Deal::Channel,
            attribution
                .channel
                .map_or(Value::Null, |c| text(c.as_str())),
        ));
        changes.push((table::Deal::Event, id_or_null(event)));
    }
    write.update_row(id, &changes)?;
    Ok(id)
}

/// Marks a deal deleted (it syncs): it no longer counts anywhere.
pub(crate) fn delete(write: &mut Write<'_>, id: Id) -> Result<()> {
    get(&write.tx, id)?;
    write.update_row(id, &[(table::Deal::Deleted, Value::Integer(1))])?;
    Ok(())
}

/// Deals, newest first — those of deleted contacts too: an order won stays won.
pub(crate) fn list(conn: &Connection, query: &DealQuery) -> Result<Vec<Deal>> {
    let contact = query
        .contact_id
        .as_deref()
        .map(|id| Id::parse(id, "contact"))
        .transpose()?;
    Ok(conn
        .prepare_cached(&format!(
            "{} WHERE ?1 IS NULL OR a.contact = ?1 ORDER BY a.date DESC, a.id DESC",
            columns()
        ))?
        .query_map([contact], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use handschlag_api::{ContactCreate, Handler};

    use super::*;
    use crate::db::tests::notebook;
    use crate::table::{DEAL, Field, FieldClock, unpack};

    fn clocks(notebook: &crate::Notebook, id: &str) -> Vec<FieldClock> {
        let clk: Vec<u8> = notebook
            .conn
            .query_row(
                "SELECT clk FROM deal WHERE id = ?1",
                [Id::parse(id, "deal").unwrap()],
                |r| r.get(0),
            )
            .unwrap();
        unpack(&clk, DEAL.fields.len()).unwrap()
    }

    fn workshop(notebook: &mut crate::Notebook) -> Deal {
        let anna = notebook
            .contact_create(ContactCreate {
                name: "Anna Bauer".into(),
                ..Default::default()
            })
            .unwrap();
        notebook
            .deal_create(DealCreate {
                contact_id: anna.id,
                title: "Workshop".into(),
                amount_cents: 380_000,
                date: Some("2026-06-01".into()),
                ..Default::default()
            })
            .unwrap()
    }

    #[test]
    fn an_update_changes_only_the_given_fields_and_their_clocks() {
        let mut notebook = notebook();
        let deal = workshop(&mut notebook);
        assert_eq!(deal.status, DealStatus::Open);
        let before = clocks(&notebook, &deal.id);

        let won = notebook
            .deal_update(DealUpdate {
                id: deal.id.clone(),
                status: Some(DealStatus::Won),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(won.status, DealStatus::Won);
        assert_eq!(
            (won.title.as_str(), won.amount_cents, won.date.as_str()),
            ("Workshop", 380_000, "2026-06-01"),
            "fields left out stay"
        );
        let after = clocks(&notebook, &deal.id);
        for (position, field) in DEAL.fields.iter().enumerate() {
            if position == table::Deal::Status.position() {
                assert!(after[position] > before[position], "status is stamped");
            } else {
                assert_eq!(after[position], before[position], "{field} keeps its clock");
            }
        }

        let edited = notebook
            .deal_update(DealUpdate {
                id: deal.id.clone(),
                title: Some(" Workshop, two days ".into()),
                amount_cents: Some(760_000),
                currency: Some("chf".into()),
                date: Some("2026-06-15".into()),
                status: Some(DealStatus::Lost),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            (
                edited.title.as_str(),
                edited.amount_cents,
                edited.currency.as_str(),
                edited.date.as_str(),
                edited.status
            ),
            (
                "Workshop, two days",
                760_000,
                "CHF",
                "2026-06-15",
                DealStatus::Lost
            )
        );
        let lseq = notebook.lseq().unwrap();
        notebook
            .deal_update(DealUpdate {
                id: deal.id,
                status: Some(DealStatus::Lost),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            notebook.lseq().unwrap(),
            lseq,
            "the same value again is no change"
        );
    }

    #[test]
    fn a_bad_update_is_refused_whole() {
        let mut notebook = notebook();
        let deal = workshop(&mut notebook);
        let lseq = notebook.lseq().unwrap();
        for (change, expected) in [
            (
                DealUpdate {
                    status: Some(DealStatus::Won),
                    amount_cents: Some(-1),
                    ..Default::default()
                },
                "cannot be negative",
            ),
            (
                DealUpdate {
                    title: Some("  ".into()),
                    ..Default::default()
                },
                "needs a title",
            ),
            (
                DealUpdate {
                    currency: Some("Euro".into()),
                    ..Default::default()
                },
                "three letters",
            ),
            (
                DealUpdate {
                    date: Some("2026-02-30".into()),
                    ..Default::default()
                },
                "is not a date",
            ),
        ] {
            let error = notebook
                .deal_update(DealUpdate {
                    id: deal.id.clone(),
                    ..change
                })
                .unwrap_err();
            assert!(error.message.contains(expected), "{}", error.message);
        }
        assert_eq!(notebook.lseq().unwrap(), lseq, "nothing written");
        assert_eq!(
            notebook.deal_list(DealQuery::default()).unwrap()[0].status,
            DealStatus::Open
        );
        let missing = notebook
            .deal_update(DealUpdate {
                id: "01900000-0000-7000-8000-000000000000".into(),
                status: Some(DealStatus::Won),
                ..Default::default()
            })
            .unwrap_err();
        assert!(missing.message.contains("no deal"), "{}", missing.message);
    }
}
