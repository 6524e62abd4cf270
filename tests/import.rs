//! Issue 12: a freelancer brings years of contacts in from LinkedIn, an old phone and Outlook,
//! through `handschlag import`, and nothing is half-imported.

use handschlag_tests::Device;
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("{}/fixtures/import/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn names(device: &Device) -> Vec<String> {
    let page = device.json(&["contact", "list"]);
    let mut names: Vec<String> = page["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn issue_12_contacts_come_in_from_linkedin_a_phone_and_outlook_after_a_preview() {
    let laptop = Device::default();
    // The preview says what would happen and writes nothing.
    let preview = laptop.ok(&["import", &fixture("Connections.csv"), "--dry-run"]);
    assert!(
        preview.contains("Read 3 rows: LinkedIn, UTF-8."),
        "{preview}"
    );
    assert!(
        preview.contains("3 new, 0 updated, 0 unchanged"),
        "{preview}"
    );
    assert!(
        preview.contains("line 5    new       Petra Schmidt"),
        "{preview}"
    );
    assert!(preview.contains("Nothing was written"), "{preview}");
    assert!(names(&laptop).is_empty());

    let report: Value = laptop.json(&["import", &fixture("Connections.csv")]);
    assert_eq!(
        (report["new"].as_u64(), report["written"].as_bool()),
        (Some(3), Some(true))
    );
    laptop.ok(&["import", &fixture("phone-2.1.vcf")]);
    let report = laptop.json(&["import", &fixture("outlook-de.csv")]);
    assert_eq!(report["encoding"], "windows-1252");
    assert_eq!(
        names(&laptop),
        [
            "Jörg Schröder",
            "Jürgen Müller",
            "Karl Becker",
            "Maria Meier",
            "Petra Schmidt",
            "Pizza Roma",
            "Sabine Weiß",
            "Zoë Lange"
        ]
    );
    // LinkedIn and XING people are "never met in person" at once, and findable by platform.
    let online = laptop.json(&["contact", "list", "--never-met", "--tag", "linkedin"]);
    assert_eq!(online["total"], 3);
    let karl = laptop.json(&["contact", "show", "Karl Becker"]);
    assert_eq!(karl["contact"]["howMet"], "online");
    // A phone's card does not say how we met: not known, rather than guessed, until set by hand;
    // an order from such a contact counts as "not known" until then.
    let juergen = laptop.json(&["contact", "show", "Jürgen Müller"]);
    assert_eq!(juergen["contact"]["howMet"], "unknown");
    laptop.ok(&[
        "deal",
        "add",
        "Jürgen Müller",
        "--title",
        "Dach",
        "--amount",
        "900",
        "--status",
        "won",
    ]);
    let stats = laptop.json(&["stats"]);
    assert_eq!(stats["channels"][0]["channel"], "unknown", "{stats}");
    laptop.ok(&["contact", "edit", "Jürgen Müller", "--how-met", "in-person"]);
    let stats = laptop.json(&["stats"]);
    assert_eq!(stats["channels"][0]["channel"], "in-person", "{stats}");

    // The same files again: nothing doubled.
    let again = laptop.json(&["import", &fixture("Connections.csv")]);
    assert_eq!(
        (again["new"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(3))
    );
    assert_eq!(names(&laptop).len(), 8);
}

#[test]
fn issue_12_a_file_that_is_no_contact_list_changes_nothing_and_says_what_to_do() {
    let laptop = Device::default();
    laptop.ok(&["import", &fixture("phone-4.0.vcf")]);
    let before = laptop.ok(&["export"]);

    let refused = laptop.refuses(&["import", &fixture("other-layout.csv")]);
    assert!(
        refused.contains("Kunde | Wohnort | Handy") && refused.contains("--map"),
        "{refused}"
    );
    let refused = laptop.refuses(&[
        "import",
        &fixture("other-layout.csv"),
        "--map",
        "Kunde=customer",
    ]);
    assert!(
        refused.contains("'customer' is not one of: name, first-name"),
        "{refused}"
    );
    let refused = laptop.refuses(&["import", "/nonexistent/contacts.vcf"]);
    assert!(
        refused.contains("cannot read /nonexistent/contacts.vcf"),
        "{refused}"
    );
    assert_eq!(laptop.ok(&["export"]), before, "nothing changed");

    // A table with broken rows: they are named by line; the good ones come in.
    let report = laptop.ok(&["import", &fixture("broken.csv")]);
    assert!(report.contains("Skipped 2:"), "{report}");
    assert!(
        report.contains("line 3: 'not-an-email' is not an email address"),
        "{report}"
    );
    assert!(
        report.contains("line 4: no name, email or phone number"),
        "{report}"
    );

    let mapped = laptop.json(&[
        "import",
        &fixture("other-layout.csv"),
        "--map",
        "Kunde=name,Wohnort=town,Handy=phone",
    ]);
    assert_eq!(mapped["new"], 1);
    let stefan = laptop.json(&["contact", "show", "Stefan Braun"]);
    assert_eq!(stefan["contact"]["town"], "Talstadt");
}

#[test]
fn issue_12_contacts_leave_as_a_table_and_come_back_as_the_same_contacts() {
    let laptop = Device::default();
    laptop.ok(&[
        "contact",
        "add",
        "--name",
        "Jürgen Müller",
        "--org",
        "Bau, Holz & Söhne",
        "--email",
        "j@example.de",
        "--tag",
        "kunde",
        "--tag",
        "handwerk",
        "--notes",
        "said \"call in spring\"\nsecond line",
    ]);
    laptop.ok(&[
        "contact",
        "add",
        "--name",
        "Łukasz",
        "--phone",
        "0171 1234567",
    ]);
    let file = laptop.db.with_extension("csv");
    let saved = laptop.ok(&["export", "--format", "csv", "--out", file.to_str().unwrap()]);
    assert!(saved.starts_with("Saved "), "{saved}");
    let table = std::fs::read_to_string(&file).unwrap();
    assert!(
        table.starts_with(
            "Name,Organization,Role,Phone,Email,Town,Tags,Notes,How met,Met in person,Last met,Id\n"
        ),
        "{table}"
    );
    assert!(
        table.contains("\"said \"\"call in spring\"\"\nsecond line\""),
        "quoted as RFC 4180: {table}"
    );

    // Into another notebook: the same contacts; back into this one: the same ones, found by id.
    let phone = Device::default();
    let report = phone.json(&["import", file.to_str().unwrap()]);
    assert_eq!(report["new"], 2);
    let jurgen = phone.json(&["contact", "show", "Jürgen Müller"])["contact"].clone();
    assert_eq!(
        (
            &jurgen["organization"],
            &jurgen["email"],
            &jurgen["tags"],
            &jurgen["notes"]
        ),
        (
            &serde_json::json!("Bau, Holz & Söhne"),
            &serde_json::json!("j@example.de"),
            &serde_json::json!(["handwerk", "kunde"]),
            &serde_json::json!("said \"call in spring\"\nsecond line")
        )
    );
    let again = laptop.json(&["import", file.to_str().unwrap()]);
    assert_eq!(
        (again["new"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2))
    );
}

#[test]
fn issue_12_events_and_follow_ups_leave_as_a_calendar_another_program_reads() {
    let laptop = Device::default();
    laptop.ok(&["contact", "add", "--name", "Anna Bauer"]);
    laptop.ok(&[
        "event",
        "add",
        "--title",
        "Sommerfest, TSV",
        "--starts",
        "2026-07-04T15:00",
        "--ends",
        "2026-07-04T22:00",
        "--tz",
        "Europe/Berlin",
        "--place",
        "Sportplatz; Musterstadt",
    ]);
    laptop.ok(&[
        "event",
        "add",
        "--title",
        "Meetup NYC",
        "--starts",
        "2026-12-10T19:00",
        "--tz",
        "America/New_York",
    ]);
    laptop.ok(&["followup", "add", "Anna Bauer", "--due", "2026-07-07"]);
    let file = laptop.db.with_extension("ics");
    laptop.ok(&[
        "export",
        "--format",
        "ics",
        "--lang",
        "de",
        "--out",
        file.to_str().unwrap(),
    ]);
    let ics = std::fs::read_to_string(&file).unwrap();
    assert!(
        ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("DTSTART;TZID=Europe/Berlin:20260704T150000\r\n"),
        "{ics}"
    );

    // Python's vobject, which the project does not otherwise use, reads it with the zones
    // applied: each event starts at the instant it was planned for.
    let parsed = std::process::Command::new("/usr/bin/python3")
        .arg("-c")
        .arg(ICALENDAR_READER)
        .arg(&file)
        .output()
        .expect("python3 with vobject (the test command installs python3-vobject)");
    assert!(
        parsed.status.success(),
        "{}",
        String::from_utf8_lossy(&parsed.stderr)
    );
    let read: Value = serde_json::from_slice(&parsed.stdout).unwrap();
    assert_eq!(
        read,
        serde_json::json!([
            ["Anna Bauer anrufen", "2026-07-07", null],
            [
                "Meetup NYC",
                "2026-12-11T00:00:00+00:00",
                "2026-12-11T04:00:00+00:00"
            ],
            [
                "Sommerfest, TSV",
                "2026-07-04T13:00:00+00:00",
                "2026-07-04T20:00:00+00:00"
            ],
        ])
    );
}

/// Prints each event of the calendar in `argv[1]` as [summary, start, end] (instants in UTC,
/// dates as they are), sorted, as read by vobject.
const ICALENDAR_READER: &str = r#"
import datetime, json, sys, vobject
def when(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).isoformat()
    return value.isoformat()
calendar = vobject.readOne(open(sys.argv[1], encoding="utf-8").read())
events = []
for event in calendar.vevent_list:
    end = when(event.dtend.value) if isinstance(event.dtstart.value, datetime.datetime) else None
    events.append([event.summary.value, when(event.dtstart.value), end])
print(json.dumps(sorted(events)))
"#;

#[test]
fn issue_12_a_large_import_shows_a_progress_bar_on_a_terminal_and_none_in_a_pipe() {
    let laptop = Device::default();
    let file = laptop.beside("Connections.csv");
    let mut rows =
        vec!["First Name,Last Name,URL,Email Address,Company,Position,Connected On".to_string()];
    rows.extend((0..2_400).map(|i| {
        format!("Anna{i},Bauer,https://www.linkedin.com/in/anna-{i},,Firma {i},CEO,01 Jan 2025")
    }));
    std::fs::write(&file, rows.join("\n")).unwrap();

    // On a terminal, the bar grows as rows are written.
    let (_, shown) = laptop.on_terminal(&format!("import '{file}'"));
    let bars: Vec<&str> = shown
        .lines()
        .filter(|l| l.starts_with("Importing "))
        .collect();
    assert_eq!(bars.len(), 5, "{shown}");
    assert!(
        bars[0].ends_with(" 500 of 2400") && bars[4].ends_with(" 2400 of 2400"),
        "{bars:?}"
    );
    assert!(bars[4].contains(&"█".repeat(30)), "{}", bars[4]);
    assert_eq!(laptop.json(&["contact", "list"])["total"], 2_400);

    // In a pipe (a script, a log), no bar.
    let again = laptop.run(&["import", &file]);
    assert!(
        again.success && !again.stderr.contains("Importing"),
        "{}",
        again.stderr
    );
}
