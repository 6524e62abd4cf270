//! Events: plan (goal, people to meet, checklist, contribution and cost), edit, list upcoming
//! then past, and the debrief — whom I met there and which of the people to meet I missed.

use handschlag_api::{
    ChecklistItem, Event, EventCreate, EventDetail, EventKind, EventStatus, EventUpdate,
};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

use crate::search::fold;
use crate::table;
use crate::time::{local_to_utc, utc_to_local, zone};
use crate::write::{Write, text};
use crate::{Error, Id, Result};

const COLUMNS: &str = "e.id, e.title, e.kind, e.status, e.starts_at, e.ends_at, e.time_zone,
    e.place, e.organizer, e.goal, e.contribution, e.cost_cents, e.currency, e.checklist, e.created_at,
    (SELECT group_concat(value, ',') FROM
        (SELECT DISTINCT value FROM live_element m WHERE m.owner = e.id AND m.kind = 'meet' ORDER BY value))";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Event> {
    let time_zone: String = row.get(6)?;
    let starts_at: i64 = row.get(4)?;
    let ends_at: Option<i64> = row.get(5)?;
    let tz = zone(&time_zone).ok();
    let starts_local = tz.map(|tz| utc_to_local(starts_at, tz)).unwrap_or_default();
    let ends_local = tz.zip(ends_at).map(|(tz, ends)| utc_to_local(ends, tz));
    let checklist: String = row.get(13)?;
    let people: Option<String> = row.get(15)?;
    Ok(Event {
        id: row.get::<_, Id>(0)?.to_string(),
        title: row.get(1)?,
        kind: row.get::<_, String>(2)?.parse().unwrap_or(EventKind::Other),
        status: row
            .get::<_, String>(3)?
            .parse()
            .unwrap_or(EventStatus::Planned),
        starts_at,
        ends_at,
        time_zone,
        starts_local,
        ends_local,
        place: row.get(7)?,
        organizer: row.get(8)?,
        goal: row.get(9)?,
        contribution: row.get(10)?,
        cost_cents: row.get(11)?,
        currency: row.get(12)?,
        checklist: checklist_from_json(&checklist),
        people_to_meet: people
            .map(|p| p.split(',').map(String::from).collect())
            .unwrap_or_default(),
        created_at: row.get(14)?,
    })
}

fn checklist_from_json(json: &str) -> Vec<ChecklistItem> {
    let items: Vec<serde_json::Value> = serde_json::from_str(json).unwrap_or_default();
    items
        .iter()
        .map(|item| ChecklistItem {
            text: item["text"].as_str().unwrap_or_default().to_string(),
            done: item["done"].as_bool().unwrap_or_default(),
        })
        .collect()
}

fn checklist_to_json(items: &[ChecklistItem]) -> Result<String> {
    let items = items
        .iter()
        .map(|item| {
            let text = item.text.trim();
            if text.is_empty() {
                return Err(Error::invalid(
                    "a checklist item needs text; remove empty items",
                ));
            }
            Ok(serde_json::json!({ "text": text, "done": item.done }))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(serde_json::Value::Array(items).to_string())
}

/// A live event by id.
pub(crate) fn get(conn: &Connection, id: Id) -> Result<Event> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM event e WHERE e.id = ?1 AND e.deleted = 0"
    ))?
    .query_row([id], from_row)
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("no event with id {id}; it may have been deleted")))
}

pub(crate) fn checked_currency(currency: Option<&str>) -> Result<String> {
    let currency = currency
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .unwrap_or("EUR")
        .to_uppercase();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(Error::invalid(format!(
            "'{currency}' is not a currency code; use three letters such as EUR or CHF"
        )));
    }
    Ok(currency)
}

pub(crate) fn checked_amount(cents: i64, what: &str) -> Result<i64> {
    if cents < 0 {
        return Err(Error::invalid(format!(
            "{what} cannot be negative; enter the amount without a minus sign"
        )));
    }
    Ok(cents)
}

fn people(write: &Write<'_>, references: &[String]) -> Result<Vec<Id>> {
    references
        .iter()
        .map(|reference| {
            let id = Id::parse(reference, "contact")?;
            crate::live::contact(&write.tx, id)?;
            Ok(id)
        })
        .collect()
}

pub(crate) fn create(write: &mut Write<'_>, new: EventCreate) -> Result<Id> {
    let title = new.title.trim();
    if title.is_empty() {
        return Err(Error::invalid(
            "an event needs a title, such as \"Sommerfest TSV\"",
        ));
    }
    let tz = zone(&new.time_zone)?;
    let starts_at = local_to_utc(&new.starts, tz, "start")?;
    let ends_at = new
        .ends
        .as_deref()
        .map(|ends| local_to_utc(ends, tz, "end"))
        .transpose()?;
    if ends_at.is_some_and(|ends| ends < starts_at) {
        return Err(Error::invalid(
            "the event ends before it starts; check the end time",
        ));
    }
    let people = people(write, &new.people_to_meet)?;
    let id = write.new_id();
    write.insert_row(
        id,
        &[
            (table::Event::Title, text(title)),
            (
                table::Event::Kind,
                text(new.kind.unwrap_or(EventKind::Other).as_str()),
            ),
            (
                table::Event::Status,
                text(new.status.unwrap_or(EventStatus::Planned).as_str()),
            ),
            (table::Event::StartsAt, Value::Integer(starts_at)),
            (
                table::Event::EndsAt,
                ends_at.map_or(Value::Null, Value::Integer),
            ),
            (table::Event::TimeZone, text(tz.name())),
            (table::Event::Place, text(new.place.trim())),
            (table::Event::Organizer, text(new.organizer.trim())),
            (table::Event::Goal, text(new.goal.trim())),
            (table::Event::Contribution, text(new.contribution.trim())),
            (
                table::Event::CostCents,
                Value::Integer(checked_amount(new.cost_cents, "the cost")?),
            ),
            (
                table::Event::Currency,
                text(checked_currency(new.currency.as_deref())?),
            ),
            (
                table::Event::Checklist,
                text(checklist_to_json(&new.checklist)?),
            ),
        ],
    )?;
    for person in people {
        write.add_element(id, "meet", &person.to_string())?;
    }
    Ok(id)
}

/// Marks an event deleted (it syncs); check-ins made there keep their contacts and times.
pub(crate) fn delete(write: &mut Write<'_>, id: Id) -> Result<()> {
    get(&write.tx, id)?;
    write.update_row(id, &[(table::Event::Deleted, Value::Integer(1))])?;
    Ok(())
}

pub(crate) fn update(write: &mut Write<'_>, change: EventUpdate) -> Result<Id> {
    let id = Id::parse(&change.id, "event")?;
    let current = get(&write.tx, id)?;
    let mut changes = Vec::new();
    if let Some(title) = change.title.as_deref().map(str::trim) {
        if title.is_empty() {
            return Err(Error::invalid(
                "an event needs a title; keep the old one or type a new one",
            ));
        }
        changes.push((table::Event::Title, text(title)));
    }
    let tz = zone(change.time_zone.as_deref().unwrap_or(&current.time_zone))?;
    let zone_changes = change.time_zone.is_some();
    if zone_changes {
        changes.push((table::Event::TimeZone, text(tz.name())));
    }
    // In a new zone, start and end keep their wall times (the event is at 15:00 there).
    let starts = change.starts.as_deref().unwrap_or(&current.starts_local);
    let starts_at = if change.starts.is_some() || zone_changes {
        let starts_at = local_to_utc(starts, tz, "start")?;
        changes.push((table::Event::StartsAt, Value::Integer(starts_at)));
        starts_at
    } else {
        current.starts_at
    };
    let ends_at = match change.ends.as_deref().map(str::trim) {
        Some("") => Some(None),
        Some(ends) => Some(Some(local_to_utc(ends, tz, "end")?)),
        None if zone_changes => current
            .ends_local
            .as_deref()
            .map(|ends| local_to_utc(ends, tz, "end"))
            .transpose()?
            .map(Some),
        None => None,
    };
    if let Some(ends_at) = ends_at {
        changes.push((
            table::Event::EndsAt,
            ends_at.map_or(Value::Null, Value::Integer),
        ));
    }
    if ends_at
        .unwrap_or(current.ends_at)
        .is_some_and(|ends| ends < starts_at)
    {
        return Err(Error::invalid(
            "the event ends before it starts; check the end time",
        ));
    }
    if let Some(currency) = change.currency.as_deref() {
        changes.push((
            table::Event::Currency,
            text(checked_currency(Some(currency))?),
        ));
    }
    if let Some(kind) = change.kind {
        changes.push((table::Event::Kind, text(kind.as_str())));
    }
    if let Some(status) = change.status {
        changes.push((table::Event::Status, text(status.as_str())));
    }
    for (field, value) in [
        (table::Event::Place, &change.place),
        (table::Event::Organizer, &change.organizer),
        (table::Event::Goal, &change.goal),
        (table::Event::Contribution, &change.contribution),
    ] {
        if let Some(value) = value {
            changes.push((field, text(value.trim())));
        }
    }
    if let Some(cost) = change.cost_cents {
        changes.push((
            table::Event::CostCents,
            Value::Integer(checked_amount(cost, "the cost")?),
        ));
    }
    if let Some(checklist) = &change.checklist {
        changes.push((table::Event::Checklist, text(checklist_to_json(checklist)?)));
    }
    let adds = people(write, &change.people_to_meet_add)?;
    write.update_row(id, &changes)?;
    for person in adds {
        write.add_element(id, "meet", &person.to_string())?;
    }
    for person in &change.people_to_meet_remove {
        write.remove_element(id, "meet", &Id::parse(person, "contact")?.to_string())?;
    }
    Ok(id)
}

/// Events matching `query` (title, place, organizer): upcoming first (soonest first), then
/// past ones (most recent first).
pub(crate) fn list(conn: &Connection, query: &str, now_ms: i64) -> Result<Vec<Event>> {
    let mut events: Vec<Event> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM event e WHERE e.deleted = 0
             ORDER BY (coalesce(e.ends_at, e.starts_at + 14400000) < ?1), abs(e.starts_at - ?1)"
        ))?
        .query_map([now_ms], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let wanted = fold(query.trim());
    if !wanted.0.is_empty() {
        events.retain(|event| {
            let haystack = fold(&format!(
                "{} {} {}",
                event.title, event.place, event.organizer
            ));
            haystack.0.contains(&wanted.0) || haystack.1.contains(&wanted.1)
        });
    }
    Ok(events)
}

/// The one event `reference` (an id, or a title as typed) refers to.
pub(crate) fn resolve(conn: &Connection, reference: &str, now_ms: i64) -> Result<Event> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Error::invalid("name an event by its title or id"));
    }
    if Id::looks_like_id(reference) {
        return get(conn, Id::parse(reference, "event")?);
    }
    let candidates = list(conn, reference, now_ms)?;
    let wanted = fold(reference).0;
    let exact: Vec<&Event> = candidates
        .iter()
        .filter(|e| fold(&e.title).0 == wanted)
        .collect();
    match (exact.as_slice(), candidates.as_slice()) {
        ([one], _) => Ok((*one).clone()),
        ([], [one]) => Ok(one.clone()),
        ([], []) => Err(Error::NotFound(format!(
            "no event matches '{reference}'; check the title, or plan the event first"
        ))),
        (_, many) => {
            let mut message = format!(
                "'{reference}' matches {} events; name one by its id:",
                many.len()
            );
            for event in many.iter().take(10) {
                message.push_str(&format!(
                    "\n  {}  {} ({})",
                    event.id, event.title, event.starts_local
                ));
            }
            Err(Error::Ambiguous(message))
        }
    }
}

/// The debrief: check-ins at the event, and the people to meet who were not met there.
pub(crate) fn detail(conn: &Connection, id: Id) -> Result<EventDetail> {
    let event = get(conn, id)?;
    let checkins = crate::checkin::list_for_event(conn, id)?;
    let missed = event
        .people_to_meet
        .iter()
        .filter(|person| {
            !checkins
                .iter()
                .any(|c| &c.contact_id == *person && !c.retracted)
        })
        .filter_map(|person| Id::parse(person, "contact").ok())
        .filter_map(|person| crate::contact::get(conn, person).ok())
        .collect();
    Ok(EventDetail {
        figures: crate::insights::for_event(conn, id)?,
        event,
        checkins,
        missed,
    })
}

#[cfg(test)]
mod tests {
    use handschlag_api::{Handler, IdRequest};

    use super::*;
    use crate::db::tests::notebook;

    fn sommerfest(notebook: &mut crate::Notebook) -> Event {
        notebook
            .event_create(EventCreate {
                title: "Sommerfest".into(),
                starts: "2026-07-04T15:00".into(),
                time_zone: "Europe/Berlin".into(),
                cost_cents: 4000,
                ..Default::default()
            })
            .unwrap()
    }

    fn edit(id: &str) -> EventUpdate {
        EventUpdate {
            id: id.into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_edit_sets_moves_and_removes_the_end_and_changes_the_currency() {
        let mut notebook = notebook();
        let event = sommerfest(&mut notebook);
        assert_eq!((event.ends_at, event.ends_local.as_deref()), (None, None));

        let ends = notebook
            .event_update(EventUpdate {
                ends: Some("2026-07-04T22:30".into()),
                currency: Some("chf".into()),
                ..edit(&event.id)
            })
            .unwrap();
        assert_eq!(ends.ends_local.as_deref(), Some("2026-07-04T22:30"));
        assert_eq!(
            ends.ends_at,
            Some(event.starts_at + 7 * 3_600_000 + 1_800_000)
        );
        assert_eq!((ends.currency.as_str(), ends.cost_cents), ("CHF", 4000));
        assert_eq!(ends.starts_at, event.starts_at, "the start stays");

        // Another zone: the festival is still 15:00 to 22:30 on the local clock there.
        let moved = notebook
            .event_update(EventUpdate {
                time_zone: Some("Europe/London".into()),
                ..edit(&event.id)
            })
            .unwrap();
        assert_eq!(moved.starts_local, "2026-07-04T15:00");
        assert_eq!(moved.ends_local.as_deref(), Some("2026-07-04T22:30"));
        assert_eq!(moved.starts_at, event.starts_at + 3_600_000);
        assert_eq!(moved.ends_at, ends.ends_at.map(|e| e + 3_600_000));

        let open_end = notebook
            .event_update(EventUpdate {
                ends: Some(String::new()),
                ..edit(&event.id)
            })
            .unwrap();
        assert_eq!((open_end.ends_at, open_end.ends_local), (None, None));
    }

    #[test]
    fn an_edited_end_is_checked_like_a_new_one_and_a_refusal_writes_nothing() {
        let mut notebook = notebook();
        let event = sommerfest(&mut notebook);
        notebook
            .event_update(EventUpdate {
                ends: Some("2026-07-04T18:00".into()),
                ..edit(&event.id)
            })
            .unwrap();
        let lseq = notebook.lseq().unwrap();
        for (change, expected) in [
            (
                EventUpdate {
                    ends: Some("2026-07-04T14:00".into()),
                    ..edit(&event.id)
                },
                "ends before it starts",
            ),
            (
                EventUpdate {
                    starts: Some("2026-07-04T19:00".into()),
                    ..edit(&event.id)
                },
                "ends before it starts",
            ),
            (
                EventUpdate {
                    starts: Some("2026-03-28T20:00".into()),
                    ends: Some("2026-03-29T02:30".into()),
                    ..edit(&event.id)
                },
                "does not exist in Europe/Berlin",
            ),
            (
                EventUpdate {
                    ends: Some("tonight".into()),
                    ..edit(&event.id)
                },
                "write it as 2026-07-04T15:00",
            ),
            (
                EventUpdate {
                    title: Some("Renamed".into()),
                    currency: Some("Euro".into()),
                    ..edit(&event.id)
                },
                "three letters",
            ),
        ] {
            let error = notebook.event_update(change).unwrap_err();
            assert!(error.message.contains(expected), "{}", error.message);
        }
        assert_eq!(notebook.lseq().unwrap(), lseq, "nothing written");
        let kept = notebook
            .event_get(IdRequest {
                id: event.id.clone(),
            })
            .unwrap()
            .event;
        assert_eq!(
            (
                kept.title.as_str(),
                kept.ends_local.as_deref(),
                kept.currency.as_str()
            ),
            ("Sommerfest", Some("2026-07-04T18:00"), "EUR")
        );
        // Start and end moved together are fine.
        let later = notebook
            .event_update(EventUpdate {
                starts: Some("2026-07-04T19:00".into()),
                ends: Some("2026-07-04T23:00".into()),
                ..edit(&event.id)
            })
            .unwrap();
        assert_eq!(later.ends_local.as_deref(), Some("2026-07-04T23:00"));
    }
}
