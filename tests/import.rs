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
