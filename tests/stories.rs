//! The stories of PRODUCT.md, told through the real `handschlag` binary on a real SQLite file.

mod cards;
mod duplicates;
mod help;
mod import;
mod insights;
mod mistakes;
mod packaging;
mod soak;
mod sync;
mod trust;
mod web;

use handschlag_tests::{Device, today_in_berlin};

fn add_contact(device: &Device, args: &[&str]) -> String {
    let mut all = vec!["contact", "add"];
    all.extend_from_slice(args);
    device.json(&all)["id"]
        .as_str()
        .expect("a created contact has an id")
        .to_string()
}

#[test]
fn story_1_at_the_event_a_new_contact_and_a_checkin_of_a_known_one() {
    let phone = Device::default();
    add_contact(
        &phone,
        &[
            "--name",
            "Anna Bauer",
            "--org",
            "Bauer Logistik",
            "--how-met",
            "online",
        ],
    );
    phone.ok(&[
        "event",
        "add",
        "--title",
        "Stammtisch Musterstadt",
        "--starts",
        "2026-07-04T19:00",
        "--tz",
        "Europe/Berlin",
        "--kind",
        "meetup",
    ]);

    // A new person: the record printed with --json is the record stored.
    let created = phone.json(&[
        "contact",
        "add",
        "--name",
        "Jürgen Müller",
        "--org",
        "Müller Bau",
        "--town",
        "Musterstadt",
        "--phone",
        "+49 171 1234567",
        "--email",
        "j@example.org",
        "--tag",
        "handwerk",
        "--how-met",
        "in-person",
        "--notes",
        "restructuring — call next week",
    ]);
    assert_eq!(created["name"], "Jürgen Müller");
    assert_eq!(created["organization"], "Müller Bau");
    assert_eq!(created["tags"], serde_json::json!(["handwerk"]));
    assert_eq!(created["metInPerson"], true);

    // A known person, found by typing part of the company name.
    let checkin = phone.json(&[
        "checkin",
        "baue",
        "--event",
        "stammtisch",
        "--note",
        "wants an offer",
    ]);
    assert_eq!(checkin["contactName"], "Anna Bauer");
    assert_eq!(checkin["eventTitle"], "Stammtisch Musterstadt");
    assert_eq!(checkin["kind"], "in-person");

    let anna = phone.json(&["contact", "show", "Anna Bauer"]);
    assert_eq!(
        anna["contact"]["metInPerson"], true,
        "a check-in in person makes the contact real"
    );
    assert_eq!(anna["checkins"][0]["note"], "wants an offer");
    let text = phone.ok(&["contact", "show", "Anna Bauer"]);
    assert!(
        text.contains("in-person at Stammtisch Musterstadt — wants an offer"),
        "{text}"
    );
}

#[test]
fn german_search_finds_names_however_they_are_typed() {
    let device = Device::default();
    add_contact(
        &device,
        &[
            "--name",
            "Jürgen Müller",
            "--org",
            "Müller Bau",
            "--town",
            "Musterstadt",
        ],
    );
    add_contact(
        &device,
        &["--name", "Anna Bauer", "--org", "Bauer Logistik"],
    );
    add_contact(
        &device,
        &[
            "--name",
            "Eva Weiß",
            "--town",
            "Nachbarstadt",
            "--tag",
            "sparkasse",
        ],
    );
    for typed in ["mueller", "muller", "Müll", "MUELLER", "jürgen", "musterst"] {
        assert_eq!(
            device.search(typed),
            ["Jürgen Müller"],
            "searching {typed:?}"
        );
    }
    assert_eq!(device.search("baue"), ["Anna Bauer"]);
    assert_eq!(device.search("logistik"), ["Anna Bauer"], "organization");
    assert_eq!(device.search("weiss"), ["Eva Weiß"]);
    assert_eq!(device.search("sparkasse"), ["Eva Weiß"], "tags");
    assert!(device.search("schmidt").is_empty());
    let listing = device.ok(&["contact", "list", "--query", "mueller"]);
    assert!(
        listing.contains("Jürgen Müller") && listing.contains("1 of 1 contacts"),
        "{listing}"
    );
}

#[test]
fn contacts_filter_by_met_in_person_tag_and_town() {
    let device = Device::default();
    add_contact(
        &device,
        &[
            "--name",
            "Met Person",
            "--how-met",
            "in-person",
            "--town",
            "Musterstadt",
        ],
    );
    add_contact(
        &device,
        &[
            "--name",
            "Online Person",
            "--how-met",
            "online",
            "--tag",
            "linkedin",
        ],
    );
    let met_later = add_contact(&device, &["--name", "Met Later", "--how-met", "online"]);
    device.ok(&["checkin", &met_later]);
    let names = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["contact", "list"];
        all.extend_from_slice(args);
        let page = device.json(&all);
        page["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&["--met-in-person"]), ["Met Later", "Met Person"]);
    assert_eq!(names(&["--never-met"]), ["Online Person"]);
    assert_eq!(names(&["--tag", "linkedin"]), ["Online Person"]);
    assert_eq!(names(&["--town", "musterstadt"]), ["Met Person"]);
}

#[test]
fn story_3_plan_an_event_then_debrief_it() {
    let laptop = Device::default();
    add_contact(
        &laptop,
        &["--name", "Eva Weiß", "--org", "Sparkasse Musterstadt"],
    );
    add_contact(&laptop, &["--name", "Anna Bauer"]);
    let event = laptop.json(&[
        "event",
        "add",
        "--title",
        "Sommerfest TSV Musterstadt",
        "--starts",
        "2026-07-04T15:00",
        "--tz",
        "Europe/Berlin",
        "--place",
        "Sportplatz",
        "--kind",
        "club-festival",
        "--cost",
        "40.00",
        "--contribution",
        "2 kg Bratwurst",
        "--goal",
        "meet the new Sparkasse branch manager",
        "--meet",
        "Eva Weiß",
        "--meet",
        "Anna Bauer",
        "--todo",
        "order sausages",
    ]);
    assert_eq!(event["costCents"], 4000);
    assert_eq!(event["currency"], "EUR");
    assert_eq!(event["timeZone"], "Europe/Berlin");
    assert_eq!(event["startsLocal"], "2026-07-04T15:00");
    assert_eq!(
        event["startsAt"], 1_783_170_000_000_i64,
        "15:00 CEST is 13:00 UTC"
    );
    assert_eq!(event["peopleToMeet"].as_array().unwrap().len(), 2);
    assert_eq!(event["checklist"][0]["text"], "order sausages");

    laptop.ok(&[
        "checkin",
        "Anna Bauer",
        "--event",
        "Sommerfest",
        "--note",
        "talked about logistics",
    ]);
    laptop.ok(&["event", "edit", "Sommerfest", "--status", "attended"]);
    let debrief = laptop.json(&["event", "show", "Sommerfest"]);
    assert_eq!(debrief["event"]["status"], "attended");
    assert_eq!(debrief["checkins"][0]["contactName"], "Anna Bauer");
    let missed: Vec<&str> = debrief["missed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(missed, ["Eva Weiß"], "whom I wanted to meet and did not");
    let text = laptop.ok(&["event", "show", "Sommerfest"]);
    assert!(
        text.contains("cost          40.00 EUR") && text.contains("Wanted to meet, not met"),
        "{text}"
    );
}

#[test]
fn story_4_follow_ups_due_today_with_the_last_encounter_then_done_or_snoozed() {
    let laptop = Device::default();
    add_contact(&laptop, &["--name", "Anna Bauer"]);
    add_contact(&laptop, &["--name", "Jürgen Müller"]);
    laptop.ok(&["checkin", "Anna Bauer", "--note", "restructuring"]);
    let today = today_in_berlin();
    let yesterday = today.pred_opt().unwrap().to_string();
    let tomorrow = today.succ_opt().unwrap().to_string();
    let today = today.to_string();

    let due = laptop.json(&[
        "followup",
        "add",
        "Anna Bauer",
        "--due",
        &today,
        "--action",
        "send-offer",
    ]);
    laptop.ok(&["followup", "add", "Jürgen Müller", "--due", &yesterday]);
    laptop.ok(&[
        "followup",
        "add",
        "Jürgen Müller",
        "--due",
        &tomorrow,
        "--action",
        "meeting",
    ]);

    let due_today = laptop.json(&["followup", "list", "--due", "today"]);
    assert_eq!(due_today.as_array().unwrap().len(), 1);
    assert_eq!(due_today[0]["contactName"], "Anna Bauer");
    assert_eq!(
        due_today[0]["lastCheckin"]["note"], "restructuring",
        "the context of the last encounter"
    );
    assert_eq!(
        laptop.json(&["followup", "list", "--due", "overdue"])[0]["due"],
        yesterday.as_str()
    );
    assert_eq!(
        laptop.json(&["followup", "list"]).as_array().unwrap().len(),
        3
    );

    let id = due["id"].as_str().unwrap();
    assert_eq!(laptop.json(&["followup", "done", id])["done"], true);
    assert!(
        laptop
            .ok(&["followup", "list", "--due", "today"])
            .contains("No follow-ups due.")
    );
    let overdue = laptop.json(&["followup", "list", "--due", "overdue"]);
    let snoozed = laptop.json(&[
        "followup",
        "snooze",
        overdue[0]["id"].as_str().unwrap(),
        "--to",
        &tomorrow,
    ]);
    assert_eq!(snoozed["due"], tomorrow.as_str());
    assert!(
        laptop
            .json(&["followup", "list", "--due", "overdue"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn story_5_an_order_is_attributed_to_where_the_relationship_began() {
    let laptop = Device::default();
    laptop.ok(&[
        "event",
        "add",
        "--title",
        "Infoabend Sparkasse",
        "--starts",
        "2026-05-12T18:30",
        "--tz",
        "Europe/Berlin",
    ]);
    add_contact(&laptop, &["--name", "Anna Bauer", "--how-met", "online"]);
    add_contact(&laptop, &["--name", "Online Olaf", "--how-met", "online"]);
    laptop.ok(&["checkin", "Anna Bauer", "--event", "Infoabend"]);

    let deal = laptop.json(&[
        "deal",
        "add",
        "Anna Bauer",
        "--title",
        "Workshop",
        "--amount",
        "3.800,00",
        "--status",
        "won",
        "--date",
        "2026-06-01",
    ]);
    assert_eq!(deal["amountCents"], 380_000);
    assert_eq!(deal["attribution"]["channel"], "in-person");
    assert_eq!(deal["attribution"]["eventTitle"], "Infoabend Sparkasse");
    assert_eq!(deal["attribution"]["overridden"], false);

    let online = laptop.json(&[
        "deal",
        "add",
        "Online Olaf",
        "--title",
        "Coaching",
        "--amount",
        "900",
    ]);
    assert_eq!(online["attribution"]["channel"], "online");
    assert_eq!(online["status"], "open");
    let overridden = laptop.json(&[
        "deal",
        "add",
        "Online Olaf",
        "--title",
        "Seminar",
        "--amount",
        "1200",
        "--channel",
        "referral",
    ]);
    assert_eq!(overridden["attribution"]["channel"], "referral");
    assert_eq!(overridden["attribution"]["overridden"], true);

    let text = laptop.ok(&["deal", "list", "--contact", "Anna Bauer"]);
    assert!(
        text.contains(
            "won   3800.00 EUR for Anna Bauer: Workshop (in-person via Infoabend Sparkasse)"
        ),
        "{text}"
    );
}

#[test]
fn a_name_that_fits_several_contacts_lists_them_and_changes_nothing() {
    let device = Device::default();
    let jurgen = add_contact(&device, &["--name", "Jürgen Müller", "--org", "Müller Bau"]);
    add_contact(&device, &["--name", "Petra Müller"]);
    let error = device.refuses(&["checkin", "müller"]);
    assert!(
        error.starts_with("error: 'müller' matches 2 contacts; name one by its id:"),
        "{error}"
    );
    assert!(
        error.contains(&format!("{jurgen}  Jürgen Müller (Müller Bau)")),
        "{error}"
    );
    assert!(error.contains("Petra Müller"));
    // The exact name, or the id, is unambiguous.
    device.ok(&["checkin", "Jürgen Müller"]);
    device.ok(&["checkin", &jurgen]);
}

#[test]
fn bad_input_gets_a_one_line_fix_and_writes_nothing() {
    let device = Device::default();
    add_contact(&device, &["--name", "Anna Bauer"]);
    device.ok(&[
        "event",
        "add",
        "--title",
        "Sommerfest",
        "--starts",
        "2026-07-04T15:00",
        "--tz",
        "Europe/Berlin",
    ]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["checkin", "Nobody Known"],
            "no contact matches 'Nobody Known'; check the spelling, or add the contact first",
        ),
        (
            &["checkin", "Anna Bauer", "--event", "Winterfest"],
            "no event matches 'Winterfest'",
        ),
        (
            &["followup", "add", "Anna Bauer", "--due", "next monday"],
            "write it as 2026-07-07",
        ),
        (
            &["followup", "add", "Anna Bauer", "--due", "2026-02-30"],
            "is not a date",
        ),
        (
            &[
                "deal",
                "add",
                "Anna Bauer",
                "--title",
                "Workshop",
                "--amount",
                "-3800",
            ],
            "amounts cannot be negative",
        ),
        (
            &[
                "deal",
                "add",
                "Anna Bauer",
                "--title",
                "Workshop",
                "--amount",
                "lots",
            ],
            "write it like 3800.00",
        ),
        (
            &[
                "deal",
                "add",
                "Anna Bauer",
                "--title",
                " ",
                "--amount",
                "10",
            ],
            "a deal needs a title",
        ),
        (
            &[
                "deal",
                "add",
                "Anna Bauer",
                "--title",
                "X",
                "--amount",
                "10",
                "--currency",
                "Euro",
            ],
            "three letters",
        ),
        (&["contact", "add", "--name", ""], "a contact needs a name"),
        (
            &["contact", "add", "--name", "X", "--email", "not-an-address"],
            "name@example.org",
        ),
        (
            &["contact", "add", "--name", "X", "--how-met", "telepathy"],
            "in-person, online, referral",
        ),
        (
            &[
                "contact",
                "add",
                "--name",
                "X",
                "--favourite-colour",
                "blue",
            ],
            "unexpected argument '--favourite-colour'",
        ),
        (
            &[
                "event",
                "add",
                "--title",
                "X",
                "--starts",
                "2026-03-29T02:30",
                "--tz",
                "Europe/Berlin",
            ],
            "does not exist in Europe/Berlin",
        ),
        (
            &[
                "event",
                "add",
                "--title",
                "X",
                "--starts",
                "2026-07-04T15:00",
                "--tz",
                "Berlin",
            ],
            "use an IANA name such as Europe/Berlin",
        ),
        (
            &["followup", "done", "not-an-id"],
            "is not a valid follow-up id",
        ),
    ];
    for (args, expected) in cases {
        let error = device.refuses(args);
        assert!(
            error.contains(expected),
            "{args:?}: expected {expected:?} in {error:?}"
        );
        assert!(error.starts_with("error: "), "{args:?}: {error}");
    }
}

#[test]
fn errors_are_json_too_for_scripts() {
    let device = Device::default();
    let run = device.run(&["contact", "show", "Nobody", "--json"]);
    assert!(!run.success);
    let error: serde_json::Value = serde_json::from_str(run.stderr.trim()).expect("a JSON error");
    assert_eq!(error["code"], "notFound");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("check the spelling")
    );
}

#[test]
fn a_checkin_is_retracted_not_deleted_and_edits_and_deletes_stick() {
    let device = Device::default();
    let anna = add_contact(&device, &["--name", "Anna Bauer", "--how-met", "online"]);
    let checkin = device.json(&["checkin", &anna, "--kind", "call"]);
    let retracted = device.json(&["checkin", "--retract", checkin["id"].as_str().unwrap()]);
    assert_eq!(retracted["retracted"], true);
    let shown = device.json(&["contact", "show", &anna]);
    assert_eq!(
        shown["checkins"][0]["retracted"], true,
        "the retracted check-in stays in the history"
    );
    assert_eq!(shown["contact"]["lastMetAt"], serde_json::Value::Null);

    let edited = device.json(&[
        "contact",
        "edit",
        "Anna Bauer",
        "--org",
        "Bauer Logistik",
        "--town",
        "Musterstadt",
    ]);
    assert_eq!(edited["organization"], "Bauer Logistik");
    device.json(&["contact", "tag", "Anna Bauer", "Kunde"]);
    assert_eq!(device.search("kunde"), ["Anna Bauer"]);
    assert_eq!(
        device.json(&["contact", "untag", "Anna Bauer", "kunde"])["tags"],
        serde_json::json!([])
    );
    device.ok(&["contact", "delete", "Anna Bauer"]);
    assert!(device.search("bauer").is_empty());
    assert!(
        device
            .refuses(&["contact", "show", &anna])
            .contains("may have been deleted")
    );
}

#[test]
fn export_is_sorted_and_the_same_for_the_same_records() {
    let device = Device::default();
    add_contact(&device, &["--name", "Zoë Zeller", "--tag", "presse"]);
    add_contact(&device, &["--name", "Anna Bauer"]);
    device.ok(&["checkin", "Anna Bauer"]);
    device.ok(&[
        "deal",
        "add",
        "Anna Bauer",
        "--title",
        "Workshop",
        "--amount",
        "3800",
    ]);
    let export = device.json(&["export", "--format", "json"]);
    let ids: Vec<&str> = export["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "contacts are sorted by id");
    assert_eq!(ids.len(), 2);
    assert_eq!(export["checkins"].as_array().unwrap().len(), 1);
    assert_eq!(export["deals"][0]["amountCents"], 380_000);
    assert_eq!(
        device.ok(&["export"]),
        device.ok(&["export", "--format", "json"]),
        "byte for byte"
    );
    assert!(
        device
            .refuses(&["export", "--format", "xml"])
            .contains("invalid value 'xml'")
    );
}

#[test]
fn a_contact_without_sync_conflicts_says_so_in_its_history() {
    let device = Device::default();
    add_contact(&device, &["--name", "Anna Bauer"]);
    let shown = device.ok(&["contact", "show", "Anna Bauer", "--history"]);
    assert!(
        shown.contains("History\n  no value was replaced by another device"),
        "{shown}"
    );
}

#[test]
fn met_someone_is_one_write_and_todays_checkins_are_listed_anywhere_or_at_the_event() {
    let phone = Device::default();
    phone.ok(&[
        "event",
        "add",
        "--title",
        "Stammtisch Musterstadt",
        "--starts",
        "2026-07-04T19:00",
        "--tz",
        "Europe/Berlin",
    ]);
    let anna = phone.json(&[
        "contact",
        "add",
        "--name",
        "Anna Bauer",
        "--org",
        "Bauer Logistik",
        "--met-at",
        "stammtisch",
        "--met-now",
        "--notes",
        "restructuring — call next week",
    ]);
    assert_eq!(anna["metInPerson"], true);
    assert_eq!(anna["howMet"], "in-person");
    assert!(anna["lastMetAt"].is_number(), "checked in as it was saved");
    add_contact(&phone, &["--name", "Eva Weiß", "--met-now"]);
    add_contact(&phone, &["--name", "Olaf Online", "--how-met", "online"]);

    // An event that does not exist: neither the contact nor a check-in is written.
    phone.refuses(&[
        "contact",
        "add",
        "--name",
        "Half Written",
        "--met-at",
        "Winterfest",
        "--met-now",
    ]);

    let today = phone.json(&["checkin", "list", "--today"]);
    let names: Vec<&str> = today
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["contactName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Eva Weiß", "Anna Bauer"], "newest first, anywhere");
    assert_eq!(today[1]["eventTitle"], "Stammtisch Musterstadt");
    assert_eq!(today[1]["note"], "restructuring — call next week");

    let there = phone.json(&["checkin", "list", "--today", "--event", "Stammtisch"]);
    assert_eq!(there.as_array().unwrap().len(), 1);
    assert_eq!(there[0]["contactName"], "Anna Bauer");

    let yesterday = today_in_berlin().pred_opt().unwrap().to_string();
    assert!(
        phone
            .ok(&["checkin", "list", "--day", &yesterday])
            .contains("No check-ins.")
    );
    let text = phone.ok(&["checkin", "list", "--today"]);
    assert!(
        text.contains("in-person Anna Bauer at Stammtisch Musterstadt — restructuring"),
        "{text}"
    );
    // Recording a check-in still works beside the list subcommand.
    phone.ok(&["checkin", "Olaf Online", "--kind", "call"]);
    assert_eq!(
        phone.json(&["checkin", "list"]).as_array().unwrap().len(),
        3
    );
}

#[test]
fn an_order_is_marked_won_or_lost_and_corrected_field_by_field() {
    let laptop = Device::default();
    add_contact(&laptop, &["--name", "Anna Bauer", "--how-met", "in-person"]);
    let deal = laptop.json(&[
        "deal",
        "add",
        "Anna Bauer",
        "--title",
        "Workshop",
        "--amount",
        "3800",
        "--date",
        "2026-06-01",
    ]);
    let id = deal["id"].as_str().unwrap();
    let won = laptop.json(&["deal", "edit", id, "--status", "won"]);
    assert_eq!(won["status"], "won");
    assert_eq!(
        (&won["title"], &won["amountCents"], &won["date"]),
        (&deal["title"], &deal["amountCents"], &deal["date"]),
        "fields left out stay"
    );
    let text = laptop.ok(&[
        "deal",
        "edit",
        id,
        "--amount",
        "4.200,50",
        "--title",
        "Workshop, 2 days",
    ]);
    assert!(
        text.starts_with("Updated 2026-06-01 won   4200.50 EUR for Anna Bauer: Workshop, 2 days"),
        "{text}"
    );
    assert!(
        laptop
            .refuses(&[
                "deal",
                "edit",
                id,
                "--status",
                "won",
                "--date",
                "2026-13-01"
            ])
            .contains("is not a date")
    );
    assert!(
        laptop
            .refuses(&["deal", "edit", id])
            .contains("required arguments were not provided")
    );
    assert_eq!(
        laptop.json(&["deal", "edit", id, "--status", "lost"])["status"],
        "lost"
    );
}

#[test]
fn an_event_gets_an_end_and_another_currency_after_it_was_planned() {
    let laptop = Device::default();
    laptop.ok(&[
        "event",
        "add",
        "--title",
        "Sommerfest",
        "--starts",
        "2026-07-04T15:00",
        "--tz",
        "Europe/Berlin",
        "--cost",
        "40",
    ]);
    let edited = laptop.json(&[
        "event",
        "edit",
        "Sommerfest",
        "--ends",
        "2026-07-04T23:00",
        "--currency",
        "chf",
    ]);
    assert_eq!(edited["endsLocal"], "2026-07-04T23:00");
    assert_eq!(
        edited["endsAt"], 1_783_198_800_000_i64,
        "23:00 CEST is 21:00 UTC"
    );
    assert_eq!(edited["currency"], "CHF");
    for (args, expected) in [
        (
            ["--ends", "2026-07-04T14:00"],
            "the event ends before it starts",
        ),
        (
            ["--ends", "2026-03-29T02:30"],
            "does not exist in Europe/Berlin",
        ),
        (["--currency", "Franken"], "three letters"),
    ] {
        let mut all = vec!["event", "edit", "Sommerfest"];
        all.extend_from_slice(&args);
        let error = laptop.refuses(&all);
        assert!(error.contains(expected), "{args:?}: {error}");
    }
    let open_end = laptop.json(&["event", "edit", "Sommerfest", "--ends", ""]);
    assert_eq!(open_end["endsAt"], serde_json::Value::Null);
}

/// Parses an `.ics` or `.vcf` file line by line as a calendar or address book would: CRLF only,
/// physical lines at most 75 octets, folded lines joined back.
fn content_lines(file: &str) -> Vec<String> {
    assert!(file.ends_with("\r\n"), "{file:?}");
    let mut lines: Vec<String> = Vec::new();
    for physical in file.strip_suffix("\r\n").unwrap().split("\r\n") {
        assert!(!physical.contains('\n'), "a bare LF in {physical:?}");
        assert!(
            physical.len() <= 75,
            "{} octets: {physical:?}",
            physical.len()
        );
        match physical.strip_prefix(' ') {
            Some(rest) => lines.last_mut().expect("a line to continue").push_str(rest),
            None => lines.push(physical.to_string()),
        }
    }
    lines
}

#[test]
fn story_4_follow_ups_land_in_the_calendar_as_an_ics_file() {
    let laptop = Device::default();
    add_contact(&laptop, &["--name", "Anna Bauer"]);
    add_contact(&laptop, &["--name", "Jürgen Müller"]);
    let call = laptop.json(&[
        "followup",
        "add",
        "Anna Bauer",
        "--due",
        "2026-07-07",
        "--note",
        "restructuring, new warehouse; offer \\ discount\nsecond line of a note that is long enough to be folded by the exporter",
    ]);
    let offer = laptop.json(&[
        "followup",
        "add",
        "Jürgen Müller",
        "--due",
        "2026-07-10",
        "--action",
        "send-offer",
    ]);
    let done = laptop.json(&["followup", "add", "Anna Bauer", "--due", "2026-07-08"]);
    laptop.ok(&["followup", "done", done["id"].as_str().unwrap()]);

    let ics = laptop.ok(&["followup", "export"]);
    let lines = content_lines(&ics);
    assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
    assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
    assert!(lines.contains(&"VERSION:2.0".to_string()));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let mut events: Vec<Vec<String>> = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in &lines[1..lines.len() - 1] {
        match line.as_str() {
            "BEGIN:VEVENT" => {
                assert!(current.is_none(), "nested VEVENT");
                current = Some(Vec::new());
            }
            "END:VEVENT" => events.push(current.take().expect("END without BEGIN")),
            line => {
                let (name, _) = line.split_once(':').expect("NAME:value");
                assert!(!name.is_empty(), "{line}");
                if let Some(event) = current.as_mut() {
                    event.push(line.to_string());
                }
            }
        }
    }
    assert!(current.is_none(), "an unclosed VEVENT");
    assert_eq!(events.len(), 2, "one VEVENT per open follow-up: {lines:#?}");
    let property = |event: &[String], name: &str| -> String {
        event
            .iter()
            .find_map(|l| l.strip_prefix(&format!("{name}:")).map(String::from))
            .unwrap_or_else(|| panic!("no {name} in {event:#?}"))
    };
    assert_eq!(property(&events[0], "UID"), call["id"].as_str().unwrap());
    assert_eq!(property(&events[0], "DTSTART;VALUE=DATE"), "20260707");
    assert_eq!(property(&events[0], "DTEND;VALUE=DATE"), "20260708");
    assert_eq!(property(&events[0], "SUMMARY"), "Call Anna Bauer");
    assert_eq!(
        property(&events[0], "DESCRIPTION"),
        "restructuring\\, new warehouse\\; offer \\\\ discount\\nsecond line of a note that is long enough to be folded by the exporter"
    );
    assert!(property(&events[0], "DTSTAMP").ends_with('Z'));
    assert_eq!(property(&events[1], "UID"), offer["id"].as_str().unwrap());
    assert_eq!(
        property(&events[1], "SUMMARY"),
        "Send offer to Jürgen Müller"
    );

    let german = laptop.ok(&["followup", "export", "--lang", "de"]);
    assert!(
        german.contains("SUMMARY:Angebot an Jürgen Müller senden\r\n"),
        "{german}"
    );
    let json = laptop.json(&["followup", "export"]);
    assert!(
        json["ics"]
            .as_str()
            .unwrap()
            .starts_with("BEGIN:VCALENDAR\r\n")
    );
}

/// Issue 12, a first step: the address book comes along. Every live contact leaves as a vCard
/// 3.0 card any address book reads — CRLF, folded at 75 octets, text escaped — with the
/// contact's id as its UID, so a newer export updates the cards instead of doubling them.
#[test]
fn contacts_leave_as_a_vcard_file_for_any_address_book() {
    let laptop = Device::default();
    let anna = add_contact(
        &laptop,
        &[
            "--name",
            "Anna Müller-Lüdenscheidt",
            "--org",
            "Bäckerei Müller; Söhne, KG",
            "--phone",
            "0171 1234567",
            "--email",
            "anna@example.org",
            "--town",
            "Großheim",
            "--tag",
            "kunde",
            "--notes",
            "restructuring; a new warehouse, and a note long enough to be folded by the exporter",
        ],
    );
    add_contact(&laptop, &["--name", "Łukasz"]);
    add_contact(&laptop, &["--name", "Gone Person"]);
    laptop.ok(&["contact", "delete", "Gone Person"]);

    let vcf = laptop.ok(&["export", "--format", "vcard"]);
    let lines = content_lines(&vcf);
    let cards: Vec<&[String]> = lines
        .split(|line| line == "END:VCARD")
        .filter(|card| !card.is_empty())
        .collect();
    assert_eq!(cards.len(), 2, "the deleted contact stays out: {lines:#?}");
    let anna_card = cards
        .iter()
        .find(|card| card.contains(&format!("UID:{anna}")))
        .expect("Anna's card, her id as its UID");
    for expected in [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Anna Müller-Lüdenscheidt",
        "N:Müller-Lüdenscheidt;Anna;;;",
        "ORG:Bäckerei Müller\\; Söhne\\, KG",
        "TEL;TYPE=VOICE:0171 1234567",
        "EMAIL;TYPE=INTERNET:anna@example.org",
        "ADR:;;;Großheim;;;",
        "CATEGORIES:kunde",
        "NOTE:restructuring\\; a new warehouse\\, and a note long enough to be folded by the exporter",
    ] {
        assert!(
            anna_card.iter().any(|l| l == expected),
            "{expected} in {anna_card:#?}"
        );
    }
    assert!(
        cards
            .iter()
            .any(|card| card.contains(&"FN:Łukasz".to_string()))
    );
    let json = laptop.json(&["export", "--format", "vcard"]);
    assert_eq!(json["vcf"].as_str().unwrap(), vcf);

    // An address book's parser, independent of ours (Debian's python3-vobject), reads every
    // field back as it was written.
    let file = laptop.db.with_extension("vcf");
    std::fs::write(&file, &vcf).unwrap();
    let parsed = std::process::Command::new("/usr/bin/python3")
        .arg("-c")
        .arg(VOBJECT_READER)
        .arg(&file)
        .output()
        .expect("python3 with vobject (the test command installs python3-vobject)");
    assert!(
        parsed.status.success(),
        "{}",
        String::from_utf8_lossy(&parsed.stderr)
    );
    let read: serde_json::Value = serde_json::from_slice(&parsed.stdout).unwrap();
    let read_anna = read
        .as_array()
        .unwrap()
        .iter()
        .find(|card| card["uid"] == anna.as_str())
        .expect("Anna's card");
    assert_eq!(
        read_anna,
        &serde_json::json!({
            "uid": anna, "fn": "Anna Müller-Lüdenscheidt", "family": "Müller-Lüdenscheidt",
            "given": "Anna", "org": ["Bäckerei Müller; Söhne, KG"], "tel": "0171 1234567",
            "email": "anna@example.org", "city": "Großheim", "categories": ["kunde"],
            "note": "restructuring; a new warehouse, and a note long enough to be folded by the exporter",
        })
    );
}

/// Prints the cards of the vCard file in `argv[1]` as JSON, read by vobject.
const VOBJECT_READER: &str = r#"
import json, sys, vobject
def value(card, name):
    return getattr(card, name).value if hasattr(card, name) else None
cards = []
for card in vobject.readComponents(open(sys.argv[1], encoding="utf-8").read()):
    cards.append({
        "uid": value(card, "uid"), "fn": value(card, "fn"),
        "family": card.n.value.family, "given": card.n.value.given,
        "org": value(card, "org"), "tel": value(card, "tel"), "email": value(card, "email"),
        "city": card.adr.value.city if hasattr(card, "adr") else None,
        "categories": value(card, "categories"), "note": value(card, "note"),
    })
print(json.dumps(cards))
"#;

/// An event planned without `--tz` is in the zone the machine's user lives in — `TZ` when set,
/// as for "today" — not in whatever /etc/localtime says.
#[test]
fn an_event_without_a_zone_is_in_the_users_zone() {
    let laptop = Device::default();
    let event = laptop.json(&[
        "event",
        "add",
        "--title",
        "Sommerfest",
        "--starts",
        "2026-07-04T15:00",
    ]);
    assert_eq!(event["timeZone"], "Europe/Berlin");
    assert_eq!(event["startsLocal"], "2026-07-04T15:00");
}

#[test]
fn search_finds_names_whose_letters_unicode_does_not_decompose() {
    let laptop = Device::default();
    for name in ["Łukasz Wałęsa", "Yıldız Ince", "Søren Ærø"] {
        add_contact(&laptop, &["--name", name]);
    }
    assert_eq!(laptop.search("lukasz"), ["Łukasz Wałęsa"]);
    assert_eq!(laptop.search("yildiz"), ["Yıldız Ince"]);
    assert_eq!(laptop.search("soren"), ["Søren Ærø"]);
    assert_eq!(laptop.search("soeren aeroe"), ["Søren Ærø"]);
}
