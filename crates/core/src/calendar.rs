//! Follow-ups as an iCalendar file (RFC 5545), so reminders land in the user's calendar: one
//! all-day `VEVENT` per open follow-up on its due date. The follow-up's id is the `UID`, so
//! importing a newer export updates the entry (a snoozed follow-up moves) instead of adding a
//! second one.
//!
//! Text values are escaped and content lines folded as `content_line` does.

use chrono::{DateTime, Days};
use handschlag_api::{FollowUp, FollowUpAction, FollowUpDue, FollowUpQuery, Language};
use rusqlite::Connection;

use crate::content_line::{escape_text, push_line};
use crate::time::{date, utc_date};
use crate::{Error, Result};

/// The calendar of every open follow-up of a live contact, stamped `now_ms`.
pub(crate) fn follow_ups(conn: &Connection, now_ms: i64, language: Language) -> Result<String> {
    let open = crate::follow_up::list(
        conn,
        &FollowUpQuery {
            due: FollowUpDue::All,
            today: utc_date(now_ms),
            include_done: false,
        },
    )?;
    let stamp = DateTime::from_timestamp_millis(now_ms)
        .ok_or_else(|| Error::invalid("the clock is out of range; check the system time"))?
        .format("%Y%m%dT%H%M%SZ")
        .to_string();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Handschlag//Follow-ups//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_line(&mut out, line);
    }
    let name = match language {
        Language::En => "Handschlag follow-ups",
        Language::De => "Handschlag Nachfassen",
    };
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    for follow_up in &open {
        let due = date(&follow_up.due, "due date")?;
        let next_day = due.checked_add_days(Days::new(1)).ok_or_else(|| {
            Error::invalid("a due date is out of range; snooze it to another day")
        })?;
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}", follow_up.id));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", due.format("%Y%m%d")),
        );
        push_line(
            &mut out,
            &format!("DTEND;VALUE=DATE:{}", next_day.format("%Y%m%d")),
        );
        push_line(
            &mut out,
            &format!("SUMMARY:{}", escape_text(&summary(follow_up, language))),
        );
        if !follow_up.note.is_empty() {
            push_line(
                &mut out,
                &format!("DESCRIPTION:{}", escape_text(&follow_up.note)),
            );
        }
        // A reminder, not an appointment: it does not block the day.
        push_line(&mut out, "TRANSP:TRANSPARENT");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    Ok(out)
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
