//! Contact cards passed by QR code at an event. My card: the contact marked as me (a synced
//! element, so every device shows the same card), as a vCard any phone camera reads. A scanned
//! card: someone else's vCard, taken in as an import takes in a card, and checked in in person
//! at the chosen event — one write, so a failure leaves neither behind.

use handschlag_api::{CardScan, CardScanned, Channel, CheckinKind, ContactUpdate, MyCard};
use rusqlite::{Connection, OptionalExtension};

use crate::write::Write;
use crate::{Error, Id, Result, checkin, contact, import, qr, vcard};

/// The element kind that marks a contact as me (its value is empty).
const ME: &str = "me";

/// The contact marked as me; when two devices marked different contacts before they synced,
/// the latest mark wins.
pub(crate) fn me(conn: &Connection) -> Result<Option<Id>> {
    Ok(conn
        .prepare_cached(
            "SELECT e.owner FROM live_element e JOIN contact c ON c.id = e.owner
             WHERE e.kind = ?1 AND c.deleted = 0 ORDER BY e.hlc DESC LIMIT 1",
        )?
        .query_row([ME], |row| row.get(0))
        .optional()?)
}

/// Marks `contact` as me, or nobody; any earlier mark is removed.
pub(crate) fn set_me(write: &mut Write<'_>, contact: Option<Id>) -> Result<()> {
    let marked: Vec<Id> = write
        .tx
        .prepare_cached("SELECT DISTINCT owner FROM live_element WHERE kind = ?1")?
        .query_map([ME], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for owner in marked.into_iter().filter(|owner| Some(*owner) != contact) {
        write.remove_element(owner, ME, "")?;
    }
    if let Some(contact) = contact {
        crate::live::contact(&write.tx, contact)?;
        write.add_element(contact, ME, "")?;
    }
    Ok(())
}

/// My card, with its vCard and QR code; empty while no contact is marked as me.
pub(crate) fn mine(conn: &Connection) -> Result<MyCard> {
    let Some(me) = me(conn)? else {
        return Ok(MyCard {
            contact: None,
            vcard: String::new(),
            qr: Vec::new(),
        });
    };
    let contact = contact::get(conn, me)?;
    let vcard = vcard::shared(&contact);
    let qr = qr::modules(&vcard).ok_or_else(|| {
        Error::invalid(
            "your card is too long for a QR code; shorten its name, organization or role",
        )
    })?;
    Ok(MyCard {
        contact: Some(contact),
        vcard,
        qr,
    })
}

/// Takes in a scanned card and checks its person in, in person, now, at the event named.
pub(crate) fn scan(write: &mut Write<'_>, scan: &CardScan) -> Result<CardScanned> {
    let event = crate::live::optional_event(&write.tx, scan.event_id.as_deref())?;
    let (id, created) = import::scanned_card(write, &scan.vcard)?;
    if contact::get(&write.tx, id)?.how_met == Channel::Unknown {
        // Taken from an address book before; now we know how we met.
        contact::update(
            write,
            ContactUpdate {
                id: id.to_string(),
                how_met: Some(Channel::InPerson),
                ..Default::default()
            },
        )?;
    }
    let now = write.now_ms;
    let checkin = checkin::insert(write, id, event, CheckinKind::InPerson, now, "", "")?;
    let settled = write.settled()?;
    Ok(CardScanned {
        contact: contact::get(settled, id)?,
        checkin: checkin::get(settled, checkin)?,
        created,
    })
}
