//! Story: mistakes a user must be able to fix — a contact deleted by accident, a deal entered
//! wrongly or twice, a stray test event, a follow-up ticked off too soon — through the real
//! `handschlag` binary.

use handschlag_tests::Device;

#[test]
fn a_deleted_contacts_won_deal_stays_counted_and_the_delete_can_be_undone() {
    let laptop = Device::default();
    laptop.ok(&["contact", "add", "--name", "Anna Bauer"]);
    let deal = laptop.json(&[
        "deal",
        "add",
        "Anna Bauer",
        "--title",
        "Workshop",
        "--amount",
        "1200.00",
        "--status",
        "won",
    ]);
    laptop.ok(&["contact", "delete", "Anna Bauer"]);

    let deals = laptop.json(&["deal", "list"]);
    assert_eq!(
        deals.as_array().unwrap().len(),
        1,
        "the won deal is still listed"
    );
    assert_eq!(deals[0]["id"], deal["id"]);
    assert_eq!(deals[0]["amountCents"], 120_000);
    assert_eq!(
        deals[0]["contactName"], "Anna Bauer",
        "with the name as it was"
    );
    assert_eq!(deals[0]["contactDeleted"], true);

    let restored = laptop.json(&["contact", "restore", "anna bauer"]);
    assert_eq!(restored["name"], "Anna Bauer");
    let anna = laptop.json(&["contact", "show", "Anna Bauer"]);
    assert_eq!(anna["deals"][0]["id"], deal["id"], "her deal is hers again");
    assert_eq!(laptop.json(&["deal", "list"])[0]["contactDeleted"], false);
    let again = laptop.refuses(&["contact", "restore", "Anna Bauer"]);
    assert!(again.contains("no deleted contact"), "{again}");
}

#[test]
fn a_deal_can_be_corrected_reattributed_and_deleted() {
    let laptop = Device::default();
    laptop.ok(&[
        "contact",
        "add",
        "--name",
        "Anna Bauer",
        "--how-met",
        "online",
    ]);
    laptop.ok(&["contact", "add", "--name", "Jürgen Müller"]);
    laptop.ok(&[
        "event",
        "add",
        "--title",
        "Sommerfest TSV",
        "--starts",
        "2026-07-04T15:00",
        "--tz",
        "Europe/Berlin",
    ]);
    let deal = laptop.json(&[
        "deal",
        "add",
        "Anna Bauer",
        "--title",
        "Workshp",
        "--amount",
        "380.00",
    ]);
    let id = deal["id"].as_str().unwrap();
    assert_eq!(deal["attribution"]["channel"], "online");

    let fixed = laptop.json(&[
        "deal",
        "edit",
        id,
        "--title",
        "Workshop",
        "--amount",
        "3800.00",
        "--contact",
        "Jürgen Müller",
        "--event",
        "Sommerfest",
        "--channel",
        "in-person",
    ]);
    assert_eq!(fixed["title"], "Workshop");
    assert_eq!(fixed["amountCents"], 380_000);
    assert_eq!(fixed["contactName"], "Jürgen Müller");
    assert_eq!(fixed["attribution"]["eventTitle"], "Sommerfest TSV");
    assert_eq!(fixed["attribution"]["overridden"], true);

    let derived = laptop.json(&["deal", "edit", id, "--derived"]);
    assert_eq!(
        derived["attribution"]["overridden"], false,
        "the override is cleared"
    );
    assert_eq!(derived["attribution"]["eventId"], serde_json::Value::Null);

    laptop.ok(&["deal", "delete", id]);
    assert_eq!(laptop.json(&["deal", "list"]), serde_json::json!([]));
    let gone = laptop.refuses(&["deal", "edit", id, "--title", "x"]);
    assert!(gone.contains("no deal"), "{gone}");
}

#[test]
fn a_stray_event_can_be_deleted_and_its_checkins_stay_with_their_contacts() {
    let laptop = Device::default();
    laptop.ok(&["contact", "add", "--name", "Anna Bauer"]);
    laptop.ok(&[
        "event",
        "add",
        "--title",
        "Test",
        "--starts",
        "2026-07-04T15:00",
        "--tz",
        "Europe/Berlin",
    ]);
    laptop.ok(&[
        "checkin",
        "Anna Bauer",
        "--event",
        "Test",
        "--note",
        "hello",
    ]);
    laptop.ok(&["event", "delete", "Test"]);
    assert_eq!(laptop.json(&["event", "list"]), serde_json::json!([]));
    let anna = laptop.json(&["contact", "show", "Anna Bauer"]);
    assert_eq!(anna["checkins"][0]["note"], "hello");
    assert!(laptop.refuses(&["event", "show", "Test"]).contains("Test"));
}

#[test]
fn a_follow_up_ticked_off_too_soon_can_be_opened_again() {
    let laptop = Device::default();
    laptop.ok(&["contact", "add", "--name", "Anna Bauer"]);
    let follow_up = laptop.json(&["followup", "add", "Anna Bauer", "--due", "2026-12-09"]);
    let id = follow_up["id"].as_str().unwrap();
    laptop.ok(&["followup", "done", id]);
    let reopened = laptop.json(&["followup", "reopen", id]);
    assert_eq!(reopened["done"], false);
    assert_eq!(reopened["due"], "2026-12-09", "due when it was");
    let open = laptop.json(&["followup", "list", "--due", "all"]);
    assert_eq!(open[0]["id"], follow_up["id"]);
}

#[test]
fn a_contacts_own_edits_are_kept_in_its_history() {
    let laptop = Device::default();
    laptop.ok(&[
        "contact",
        "add",
        "--name",
        "Anna Bauer",
        "--town",
        "Musterstadt",
    ]);
    laptop.ok(&["contact", "edit", "Anna Bauer", "--town", "Beispielheim"]);
    laptop.ok(&["contact", "edit", "Anna Bauer", "--town", "Neustadt"]);
    let anna = laptop.json(&["contact", "show", "Anna Bauer", "--history"]);
    let earlier: Vec<&str> = anna["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|change| change["field"] == "town")
        .map(|change| change["value"].as_str().unwrap())
        .collect();
    assert_eq!(earlier, ["Beispielheim", "Musterstadt"], "newest first");
    assert_eq!(anna["contact"]["town"], "Neustadt");
}

/// Story: at the event the user checked Anna in without a note, and under the wrong event. The
/// note is added and the event corrected afterwards; the debriefs of both events follow.
#[test]
fn a_checkins_note_and_event_can_be_corrected_and_the_debrief_follows() {
    let laptop = Device::default();
    laptop.ok(&["contact", "add", "--name", "Anna Bauer"]);
    for title in ["Sommerfest TSV", "Gewerbeverein Stammtisch"] {
        laptop.ok(&[
            "event",
            "add",
            "--title",
            title,
            "--starts",
            "2026-07-04T15:00",
            "--tz",
            "Europe/Berlin",
        ]);
    }
    let checkin = laptop.json(&["checkin", "Anna Bauer", "--event", "Stammtisch"]);
    let id = checkin["id"].as_str().unwrap();

    let corrected = laptop.json(&[
        "checkin",
        "edit",
        id,
        "--note",
        "restructuring — call next week",
        "--event",
        "Sommerfest",
    ]);
    assert_eq!(corrected["note"], "restructuring — call next week");
    assert_eq!(corrected["eventTitle"], "Sommerfest TSV");
    assert_eq!(corrected["at"], checkin["at"], "when it happened stays");
    let sommerfest = laptop.json(&["event", "show", "Sommerfest"]);
    assert_eq!(
        sommerfest["checkins"][0]["note"],
        "restructuring — call next week"
    );
    let stammtisch = laptop.json(&["event", "show", "Stammtisch"]);
    assert_eq!(stammtisch["checkins"], serde_json::json!([]));

    let unfiled = laptop.json(&["checkin", "edit", id, "--no-event"]);
    assert_eq!(unfiled["eventId"], serde_json::Value::Null);
    assert_eq!(
        unfiled["note"], "restructuring — call next week",
        "the note stays"
    );
    laptop.ok(&["checkin", "--retract", id]);
    let retracted = laptop.refuses(&["checkin", "edit", id, "--note", "x"]);
    assert!(retracted.contains("was retracted"), "{retracted}");
}
