//! Reminders of the follow-ups due today: which ones this device has not yet raised a
//! notification for today, and remembering that it has — once per day and per follow-up. The
//! bookkeeping is a local setting, never synced (each device reminds on its own), and holds one
//! day only: the first look on a new day starts afresh.

use std::collections::BTreeSet;

use handschlag_api::{FollowUp, FollowUpDue, FollowUpQuery, Language};

use crate::{Notebook, Result, calendar, follow_up};

/// The local setting: the day, then the ids of the follow-ups reminded of that day.
const REMINDED: &str = "reminded_follow_ups";

/// A notification to raise about one follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub follow_up_id: String,
    /// What to do, with whom: "Call Anna Bauer".
    pub title: String,
    /// The follow-up's note, or that it is due today.
    pub body: String,
}

/// The follow-ups reminded of on one day.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Reminded {
    pub day: String,
    pub follow_ups: BTreeSet<String>,
}

impl Reminded {
    fn decode(bytes: &[u8]) -> Reminded {
        let text = String::from_utf8_lossy(bytes);
        let mut words = text.split_whitespace().map(String::from);
        Reminded {
            day: words.next().unwrap_or_default(),
            follow_ups: words.collect(),
        }
    }

    fn encode(&self) -> Vec<u8> {
        let mut words = vec![self.day.as_str()];
        words.extend(self.follow_ups.iter().map(String::as_str));
        words.join(" ").into_bytes()
    }
}

/// Of the open follow-ups due on `today`, those `reminded` does not list for that very day.
pub fn unreminded<'a>(
    due_today: &'a [FollowUp],
    reminded: &Reminded,
    today: &str,
) -> Vec<&'a FollowUp> {
    due_today
        .iter()
        .filter(|follow_up| !follow_up.done && follow_up.due == today)
        .filter(|follow_up| reminded.day != today || !reminded.follow_ups.contains(&follow_up.id))
        .collect()
}

/// The notification for `follow_up`, in `language`.
pub fn reminder(follow_up: &FollowUp, language: Language) -> Reminder {
    let body = match (follow_up.note.trim(), language) {
        ("", Language::En) => "Due today".to_owned(),
        ("", Language::De) => "Heute fällig".to_owned(),
        (note, _) => note.to_owned(),
    };
    Reminder {
        follow_up_id: follow_up.id.clone(),
        title: calendar::summary(follow_up, language),
        body,
    }
}

impl Notebook {
    /// The follow-ups due on `today` (`YYYY-MM-DD`, this device's local date) that this device
    /// has not reminded of today, as reminders in `language`; from now on they count as
    /// reminded, so each is handed out once per day.
    pub fn take_reminders(&mut self, today: &str, language: Language) -> Result<Vec<Reminder>> {
        let due_today = follow_up::list(
            &self.conn,
            &FollowUpQuery {
                due: FollowUpDue::Today,
                today: today.to_owned(),
                include_done: false,
            },
        )?;
        let mut reminded = self
            .setting(REMINDED)?
            .map(|bytes| Reminded::decode(&bytes))
            .unwrap_or_default();
        let fresh = unreminded(&due_today, &reminded, today);
        if fresh.is_empty() {
            return Ok(Vec::new());
        }
        if reminded.day != today {
            reminded = Reminded {
                day: today.to_owned(),
                follow_ups: BTreeSet::new(),
            };
        }
        reminded
            .follow_ups
            .extend(fresh.iter().map(|follow_up| follow_up.id.clone()));
        self.set_setting(REMINDED, &reminded.encode())?;
        Ok(fresh
            .into_iter()
            .map(|follow_up| reminder(follow_up, language))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use handschlag_api::{
        ContactCreate, FollowUpAction, FollowUpCreate, FollowUpSnooze, Handler, IdRequest,
    };

    use super::*;
    use crate::db::tests::notebook;

    fn follow_up(id: &str, due: &str) -> FollowUp {
        FollowUp {
            id: id.into(),
            contact_id: "c".into(),
            contact_name: "Anna Bauer".into(),
            action: FollowUpAction::Call,
            due: due.into(),
            note: String::new(),
            done: false,
            last_checkin: None,
        }
    }

    fn ids(follow_ups: Vec<&FollowUp>) -> Vec<&str> {
        follow_ups.iter().map(|f| f.id.as_str()).collect()
    }

    #[test]
    fn the_ones_not_yet_reminded_of_today_are_due() {
        let due = [follow_up("a", "2026-07-06"), follow_up("b", "2026-07-06")];
        let reminded = Reminded {
            day: "2026-07-06".into(),
            follow_ups: ["a".to_owned()].into(),
        };
        assert_eq!(ids(unreminded(&due, &reminded, "2026-07-06")), ["b"]);
    }

    #[test]
    fn what_was_reminded_yesterday_is_reminded_again_today() {
        let due = [follow_up("a", "2026-07-07")];
        let yesterday = Reminded {
            day: "2026-07-06".into(),
            follow_ups: ["a".to_owned()].into(),
        };
        assert_eq!(ids(unreminded(&due, &yesterday, "2026-07-07")), ["a"]);
    }

    #[test]
    fn done_or_not_due_today_is_never_reminded() {
        let mut done = follow_up("a", "2026-07-06");
        done.done = true;
        let due = [done, follow_up("b", "2026-07-07")];
        assert!(unreminded(&due, &Reminded::default(), "2026-07-06").is_empty());
    }

    #[test]
    fn the_bookkeeping_reads_back_what_it_wrote() {
        let reminded = Reminded {
            day: "2026-07-06".into(),
            follow_ups: ["0190-a".to_owned(), "0190-b".to_owned()].into(),
        };
        assert_eq!(Reminded::decode(&reminded.encode()), reminded);
        assert_eq!(Reminded::decode(b""), Reminded::default());
    }

    #[test]
    fn a_reminder_says_what_to_do_with_whom_in_either_language() {
        let mut due = follow_up("a", "2026-07-06");
        assert_eq!(
            reminder(&due, Language::De),
            Reminder {
                follow_up_id: "a".into(),
                title: "Anna Bauer anrufen".into(),
                body: "Heute fällig".into(),
            }
        );
        due.note = "restructuring — ask about the new site".into();
        let english = reminder(&due, Language::En);
        assert_eq!(english.title, "Call Anna Bauer");
        assert_eq!(english.body, "restructuring — ask about the new site");
    }

    #[test]
    fn each_follow_up_is_handed_out_once_per_day() {
        let mut notebook = notebook();
        let anna = notebook
            .contact_create(ContactCreate {
                name: "Anna Bauer".into(),
                ..ContactCreate::default()
            })
            .unwrap();
        let plan = |notebook: &mut Notebook, due: &str| {
            notebook
                .follow_up_create(FollowUpCreate {
                    contact_id: anna.id.clone(),
                    due: due.into(),
                    ..FollowUpCreate::default()
                })
                .unwrap()
        };
        let call = plan(&mut notebook, "2026-07-06");
        plan(&mut notebook, "2026-07-07");

        let monday = notebook.take_reminders("2026-07-06", Language::En).unwrap();
        assert_eq!(monday.len(), 1);
        assert_eq!(monday[0].follow_up_id, call.id);
        assert!(
            notebook
                .take_reminders("2026-07-06", Language::En)
                .unwrap()
                .is_empty()
        );

        // One planned later that day is reminded of at the next look, on its own.
        let meeting = plan(&mut notebook, "2026-07-06");
        let later = notebook.take_reminders("2026-07-06", Language::En).unwrap();
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].follow_up_id, meeting.id);

        // Snoozed to Tuesday: reminded again on Tuesday, beside Tuesday's own.
        notebook
            .follow_up_snooze(FollowUpSnooze {
                id: call.id.clone(),
                due: "2026-07-07".into(),
            })
            .unwrap();
        notebook
            .follow_up_complete(IdRequest { id: meeting.id })
            .unwrap();
        let tuesday = notebook.take_reminders("2026-07-07", Language::En).unwrap();
        assert_eq!(tuesday.len(), 2);
        assert!(tuesday.iter().any(|r| r.follow_up_id == call.id));
        assert!(
            notebook
                .take_reminders("2026-07-07", Language::En)
                .unwrap()
                .is_empty()
        );
    }
}
