//! Events and follow-ups as an iCalendar file (RFC 5545), so they land in the user's calendar:
//! each event at its local time in its own zone (with a `VTIMEZONE` for each zone used), each
//! open follow-up as an all-day `VEVENT` on its due date. A record's id is its `UID`, so
//! importing a newer export updates the entry (a snoozed follow-up moves) instead of adding a
//! second one.
//!
//! Text values are escaped and content lines folded as `content_line` does.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days};
use handschlag_api::{Event, FollowUp, FollowUpAction, FollowUpDue, FollowUpQuery, Language};
use rusqlite::Connection;

use crate::content_line::{escape_text, push_line};
use crate::time::{date, utc_date, zone};
use crate::{Error, Result};

/// The calendar of every open follow-up of a live contact, stamped `now_ms`.
pub(crate) fn follow_ups(conn: &Connection, now_ms: i64, language: Language) -> Result<String> {
    let name = match language {
        Language::En => "Handschlag follow-ups",
        Language::De => "Handschlag Nachfassen",
    };
    let mut out = begin("Follow-ups", name);
    push_follow_ups(&mut out, conn, now_ms, language)?;
    push_line(&mut out, "END:VCALENDAR");
    Ok(out)
}

/// Every live event and every open follow-up as one calendar, stamped `now_ms`.
pub(crate) fn everything(conn: &Connection, now_ms: i64, language: Language) -> Result<String> {
    let events = crate::event::list(conn, "", now_ms)?;
    let mut out = begin("Calendar", "Handschlag");
    // Each zone's offset changes over the years its events fall in.
    let mut zones: BTreeMap<&str, (i32, i32)> = BTreeMap::new();
    for event in &events {
        let year = year_of(event.starts_at)?;
        let span = zones
            .entry(event.time_zone.as_str())
            .or_insert((year, year));
        *span = (span.0.min(year), span.1.max(year));
    }
    for (name, (from, to)) in &zones {
        crate::vtimezone::component(&mut out, zone(name)?, *from, *to);
    }
    let stamp = stamp(now_ms)?;
    for event in &events {
        push_event(&mut out, event, &stamp)?;
    }
    push_follow_ups(&mut out, conn, now_ms, language)?;
    push_line(&mut out, "END:VCALENDAR");
    Ok(out)
}

fn begin(what: &str, name: &str) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        &format!("PRODID:-//Handschlag//{what}//EN"),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_line(&mut out, line);
    }
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    out
}

/// `DTSTAMP`'s form of an instant: `20260704T120000Z`.
fn stamp(ms: i64) -> Result<String> {
    Ok(DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| Error::invalid("the clock is out of range; check the system time"))?
        .format("%Y%m%dT%H%M%SZ")
        .to_string())
}

fn year_of(ms: i64) -> Result<i32> {
    DateTime::from_timestamp_millis(ms)
        .map(|at| at.year())
        .ok_or_else(|| Error::invalid("an event's time is out of range; edit its start"))
}

/// An event at its local wall time in its zone; four hours long when it has no end.
fn push_event(out: &mut String, event: &Event, stamp: &str) -> Result<()> {
    let tz = zone(&event.time_zone)?;
    let local = |ms: i64| -> Result<String> {
        Ok(DateTime::from_timestamp_millis(ms)
            .ok_or_else(|| Error::invalid("an event's time is out of range; edit its start"))?
            .with_timezone(&tz)
            .format("%Y%m%dT%H%M%S")
            .to_string())
    };
    let ends_at = event.ends_at.unwrap_or(event.starts_at + 4 * 3_600_000);
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}", event.id));
    push_line(out, &format!("DTSTAMP:{stamp}"));
    push_line(
        out,
        &format!(
            "DTSTART;TZID={}:{}",
            event.time_zone,
            local(event.starts_at)?
        ),
    );
    push_line(
        out,
        &format!("DTEND;TZID={}:{}", event.time_zone, local(ends_at)?),
    );
    push_line(out, &format!("SUMMARY:{}", escape_text(&event.title)));
    if !event.place.is_empty() {
        push_line(out, &format!("LOCATION:{}", escape_text(&event.place)));
    }
    if !event.goal.is_empty() {
        push_line(out, &format!("DESCRIPTION:{}", escape_text(&event.goal)));
    }
    push_line(out, "END:VEVENT");
    Ok(())
}

/// Every open follow-up of a live contact, as an all-day reminder on its due date.
fn push_follow_ups(
    out: &mut String,
    conn: &Connection,
    now_ms: i64,
    language: Language,
) -> Result<()> {
    let open = crate::follow_up::list(
        conn,
        &FollowUpQuery {
            due: FollowUpDue::All,
            today: utc_date(now_ms),
            include_done: false,
        },
    )?;
    let stamp = stamp(now_ms)?;
    for follow_up in &open {
        let due = date(&follow_up.due, "due date")?;
        let next_day = due.checked_add_days(Days::new(1)).ok_or_else(|| {
            Error::invalid("a due date is out of range; snooze it to another day")
        })?;
        push_line(out, "BEGIN:VEVENT");
        push_line(out, &format!("UID:{}", follow_up.id));
        push_line(out, &format!("DTSTAMP:{stamp}"));
        push_line(out, &format!("DTSTART;VALUE=DATE:{}", due.format("%Y%m%d")));
        push_line(
            out,
            &format!("DTEND;VALUE=DATE:{}", next_day.format("%Y%m%d")),
        );
        push_line(
            out,
            &format!("SUMMARY:{}", escape_text(&summary(follow_up, language))),
        );
        if !follow_up.note.is_empty() {
            push_line(
                out,
                &format!("DESCRIPTION:{}", escape_text(&follow_up.note)),
            );
        }
        // A reminder, not an appointment: it does not block the day.
        push_line(out, "TRANSP:TRANSPARENT");
        push_line(out, "END:VEVENT");
    }
    Ok(())
}

/// What to do, with whom: "Call Anna Bauer", "Anna Bauer anrufen".
pub(crate) fn summary(follow_up: &FollowUp, language: Language) -> String {
    let name = &follow_up.contact_name;
    match (language, follow_up.action) {
        (Language::En, FollowUpAction::Call) => format!("Call {name}"),
        (Language::En, FollowUpAction::Meeting) => format!("Meeting with {name}"),
        (Language::En, FollowUpAction::SendOffer) => format!("Send offer to {name}"),
        (Language::En, FollowUpAction::Email) => format!("Email {name}"),
        (Language::En, FollowUpAction::Other) => format!("Follow up with {name}"),
        (Language::De, FollowUpAction::Call) => format!("{name} anrufen"),
        (Language::De, FollowUpAction::Meeting) => format!("Treffen mit {name}"),
        (Language::De, FollowUpAction::SendOffer) => format!("Angebot an {name} senden"),
        (Language::De, FollowUpAction::Email) => format!("E-Mail an {name}"),
        (Language::De, FollowUpAction::Other) => format!("Bei {name} nachfassen"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content_line::tests::unfold;
    use crate::db::tests::notebook;
    use handschlag_api::{ContactCreate, FollowUpCalendar, FollowUpCreate, Handler, IdRequest};

    #[test]
    fn open_follow_ups_become_all_day_events_with_stable_uids() {
        let mut notebook = notebook();
        let anna = notebook
            .contact_create(ContactCreate {
                name: "Anna Bauer".into(),
                ..Default::default()
            })
            .unwrap();
        let gone = notebook
            .contact_create(ContactCreate {
                name: "Gone Person".into(),
                ..Default::default()
            })
            .unwrap();
        let plan =
            |notebook: &mut crate::Notebook, contact: &str, action, due: &str, note: &str| {
                notebook
                    .follow_up_create(FollowUpCreate {
                        contact_id: contact.into(),
                        action: Some(action),
                        due: due.into(),
                        note: note.into(),
                    })
                    .unwrap()
            };
        let call = plan(
            &mut notebook,
            &anna.id,
            FollowUpAction::Call,
            "2026-07-07",
            "restructuring, new site; ask about C:\\offers\nsecond line",
        );
        let offer = plan(
            &mut notebook,
            &anna.id,
            FollowUpAction::SendOffer,
            "2026-12-31",
            "",
        );
        let done = plan(
            &mut notebook,
            &anna.id,
            FollowUpAction::Email,
            "2026-07-05",
            "",
        );
        notebook
            .follow_up_complete(IdRequest {
                id: done.id.clone(),
            })
            .unwrap();
        plan(
            &mut notebook,
            &gone.id,
            FollowUpAction::Call,
            "2026-07-06",
            "",
        );
        notebook.contact_delete(IdRequest { id: gone.id }).unwrap();

        let ics = notebook
            .follow_up_calendar(FollowUpCalendar::default())
            .unwrap()
            .ics;
        let lines = unfold(&ics);
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
        assert!(lines.contains(&"VERSION:2.0".to_string()));
        assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
        let events: Vec<&[String]> = lines
            .split(|l| l == "BEGIN:VEVENT")
            .skip(1)
            .map(|chunk| &chunk[..chunk.iter().position(|l| l == "END:VEVENT").unwrap()])
            .collect();
        assert_eq!(
            events.len(),
            2,
            "one event per open follow-up of a live contact"
        );
        assert_eq!(
            events[0],
            [
                format!("UID:{}", call.id),
                "DTSTAMP:20260704T120000Z".to_string(),
                "DTSTART;VALUE=DATE:20260707".to_string(),
                "DTEND;VALUE=DATE:20260708".to_string(),
                "SUMMARY:Call Anna Bauer".to_string(),
                "DESCRIPTION:restructuring\\, new site\\; ask about C:\\\\offers\\nsecond line"
                    .to_string(),
                "TRANSP:TRANSPARENT".to_string(),
            ]
        );
        assert!(events[1].contains(&format!("UID:{}", offer.id)));
        assert!(
            events[1].contains(&"DTEND;VALUE=DATE:20270101".to_string()),
            "across the year"
        );
        assert!(
            !events[1].iter().any(|l| l.starts_with("DESCRIPTION")),
            "no empty description"
        );

        // The same follow-ups give the same UIDs; German entries for a German user.
        let german = notebook
            .follow_up_calendar(FollowUpCalendar {
                language: Some(Language::De),
            })
            .unwrap()
            .ics;
        let german = unfold(&german);
        assert!(german.contains(&format!("UID:{}", call.id)));
        assert!(german.contains(&"SUMMARY:Anna Bauer anrufen".to_string()));
        assert!(german.contains(&"SUMMARY:Angebot an Anna Bauer senden".to_string()));
    }
}
