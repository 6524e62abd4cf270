//! Imports of real export layouts, from the fixture files in `tests/fixtures/import/`, asserted
//! on the contacts they leave.

use base64::Engine;
use handschlag_api::{
    Channel, ColumnMap, Contact, ContactImport, ContactQuery, Empty, Handler, ImportAction,
    ImportField, ImportReport, Reference,
};

use crate::Notebook;
use crate::db::tests::FixedClock;

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            &include_bytes!(concat!("../../../../tests/fixtures/import/", $name))[..],
        )
    };
}

fn notebook() -> Notebook {
    // Real randomness: the counting test entropy repeats its ids after a few dozen writes.
    Notebook::open_in_memory(
        Box::new(FixedClock(1_783_166_400_000)),
        Box::new(crate::system::OsEntropy),
    )
    .unwrap()
}

fn request((name, bytes): (&str, &[u8]), dry_run: bool) -> ContactImport {
    ContactImport {
        file_name: name.into(),
        data: base64::engine::general_purpose::STANDARD.encode(bytes),
        dry_run,
        ..Default::default()
    }
}

fn import(notebook: &mut Notebook, file: (&str, &[u8])) -> ImportReport {
    notebook.contact_import(request(file, false)).unwrap()
}

fn contact(notebook: &mut Notebook, name: &str) -> Contact {
    notebook
        .contact_resolve(Reference {
            reference: name.into(),
        })
        .unwrap()
}

fn count(notebook: &mut Notebook) -> u32 {
    notebook
        .contact_list(ContactQuery::default())
        .unwrap()
        .total
}

#[test]
fn an_old_phones_vcards_arrive_with_umlauts_and_quoted_printable_undone() {
    let mut notebook = notebook();
    let report = import(&mut notebook, fixture!("phone-2.1.vcf"));
    assert_eq!(
        (report.source.as_str(), report.encoding.as_str()),
        ("vCard 2.1", "windows-1252")
    );
    assert_eq!((report.read, report.new, report.problems.len()), (3, 3, 0));

    let jurgen = contact(&mut notebook, "Jürgen Müller");
    assert_eq!(
        jurgen.organization, "Grün & Partner Straßenbau GmbH",
        "a soft line break joined"
    );
    assert_eq!(
        (
            jurgen.role.as_str(),
            jurgen.phone.as_str(),
            jurgen.town.as_str()
        ),
        ("Bauleiter", "0171 1234567", "Köln")
    );
    assert_eq!(
        jurgen.notes,
        "Sommerfest 2025, will ein Angebot für das Büro.\r\nAnrufen im Frühjahr."
    );
    let sabine = contact(&mut notebook, "Sabine Weiß");
    assert_eq!(sabine.email, "sabine.weiss@example.de");
    assert_eq!(
        (sabine.how_met, sabine.tags.clone()),
        (Channel::Online, vec!["xing".to_string()])
    );
    let pizza = contact(&mut notebook, "Pizza Roma");
    assert_eq!(
        (pizza.phone.as_str(), pizza.email.as_str()),
        ("+49 (0)89 123456", "")
    );
}

#[test]
fn apple_cards_keep_the_preferred_address_and_a_note_folded_inside_a_letter() {
    let mut notebook = notebook();
    let report = import(&mut notebook, fixture!("apple-3.0.vcf"));
    assert_eq!((report.source.as_str(), report.new), ("vCard 3.0", 2));
    let lukasz = contact(&mut notebook, "lukasz");
    assert_eq!(lukasz.name, "Łukasz Wiśniewski");
    assert_eq!(
        (
            lukasz.email.as_str(),
            lukasz.phone.as_str(),
            lukasz.town.as_str()
        ),
        ("lukasz@example.pl", "+48 601 234 567", "Gdańsk")
    );
    assert_eq!(lukasz.organization, "Bau, Holz & Co");
    assert_eq!(lukasz.tags, ["handwerk", "kunde"]);
    let soren = contact(&mut notebook, "soeren");
    assert_eq!(
        soren.notes,
        "Trifft man beim Stammtisch in Gröbenzell, immer donnerstags.\nKennt den Bürgermeister."
    );
}

#[test]
fn a_phones_vcard_4_gives_numbers_without_tel_and_email_only_cards_a_name() {
    let mut notebook = notebook();
    let report = import(&mut notebook, fixture!("phone-4.0.vcf"));
    assert_eq!((report.source.as_str(), report.new), ("vCard 4.0", 2));
    let ayse = contact(&mut notebook, "yildiz");
    assert_eq!(
        (ayse.phone.as_str(), ayse.email.as_str()),
        ("+49-171-555-0101", "ayse.yildiz@example.com")
    );
    let info = contact(&mut notebook, "info@bergdorf-bau.example");
    assert_eq!(info.email, "info@bergdorf-bau.example");
}

#[test]
fn linkedin_connections_are_met_online_with_their_profile_kept() {
    let mut notebook = notebook();
    let report = import(&mut notebook, fixture!("Connections.csv"));
    assert_eq!(
        (report.source.as_str(), report.encoding.as_str()),
        ("LinkedIn", "UTF-8")
    );
    assert_eq!(
        (report.new, report.problems.len()),
        (3, 0),
        "the notes preamble is no row"
    );
    assert_eq!(report.preview[0].at, "line 5");
    let petra = contact(&mut notebook, "Petra Schmidt");
    assert_eq!(
        (
            petra.organization.as_str(),
            petra.role.as_str(),
            petra.email.as_str()
        ),
        ("Schmidt, Wagner & Partner", "Steuerberaterin", "")
    );
    assert_eq!(
        (petra.how_met, petra.tags.clone()),
        (Channel::Online, vec!["linkedin".to_string()])
    );
    assert_eq!(
        petra.notes,
        "LinkedIn: https://www.linkedin.com/in/petra-schmidt-4711 (connected 03 Jan 2023)"
    );
    let never_met = notebook
        .contact_list(ContactQuery {
            met_in_person: Some(false),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        never_met.total, 3,
        "all three are 'never met in person' at once"
    );
}

#[test]
fn google_contacts_in_both_layouts_take_the_first_of_several_values() {
    let mut notebook = notebook();
    assert_eq!(
        import(&mut notebook, fixture!("google.csv")).source,
        "Google Contacts"
    );
    let eva = contact(&mut notebook, "Eva Fischer");
    assert_eq!(
        (eva.email.as_str(), eva.phone.as_str(), eva.town.as_str()),
        ("eva@fischer-elektro.example", "0170 9876543", "Bad Tölz")
    );
    assert_eq!(
        (eva.organization.as_str(), eva.role.as_str()),
        ("Fischer Elektro", "Inhaberin")
    );
    assert_eq!(
        eva.tags,
        ["kunden"],
        "Google's own label myContacts is no tag"
    );
    assert_eq!(eva.notes, "Kennt alle im Ort.\nAnrufen, nicht mailen.");
    assert_eq!(
        contact(&mut notebook, "Bernd Koch").phone,
        "+49 151 2345678"
    );

    assert_eq!(import(&mut notebook, fixture!("google-old.csv")).new, 1);
    let ingrid = contact(&mut notebook, "Ingrid Hoffmann");
    assert_eq!(
        (
            ingrid.email.as_str(),
            ingrid.organization.as_str(),
            ingrid.role.as_str()
        ),
        ("ingrid@example.org", "TSV Bergdorf", "Vorsitzende")
    );
    assert_eq!(ingrid.tags, ["verein"]);
}

#[test]
fn outlook_tables_in_german_windows_1252_and_in_english_are_read() {
    let mut notebook = notebook();
    let report = import(&mut notebook, fixture!("outlook-de.csv"));
    assert_eq!(
        (report.source.as_str(), report.encoding.as_str(), report.new),
        ("Outlook (Deutsch)", "windows-1252", 2)
    );
    let lines: Vec<&str> = report.preview.iter().map(|r| r.at.as_str()).collect();
    assert_eq!(
        lines,
        ["line 2", "line 4"],
        "a note over two lines; CRLF line ends"
    );
    let jorg = contact(&mut notebook, "Jörg Schröder");
    assert_eq!(
        (
            jorg.organization.as_str(),
            jorg.role.as_str(),
            jorg.town.as_str(),
            jorg.phone.as_str()
        ),
        ("Schröder Metzgerei", "Inhaber", "Großheim", "08031 12345")
    );
    assert_eq!(
        jorg.notes,
        "Liefert für das Sommerfest.\r\nRechnung über 500 € offen."
    );
    assert_eq!(jorg.tags, ["lieferant"]);
    assert_eq!(contact(&mut notebook, "Maria Meier").phone, "0175 5556667");

    assert_eq!(
        import(&mut notebook, fixture!("outlook-en.csv")).source,
        "Outlook"
    );
    let thomas = contact(&mut notebook, "Thomas Wagner");
    assert_eq!(
        (
            thomas.phone.as_str(),
            thomas.town.as_str(),
            thomas.role.as_str()
        ),
        ("+49 171 5550123", "Seeburg", "Consultant"),
        "the mobile number before the office one"
    );
}

#[test]
fn broken_rows_are_named_by_line_and_the_rest_is_taken_in() {
    let mut notebook = notebook();
    let report = import(&mut notebook, fixture!("broken.csv"));
    assert_eq!(report.new, 2);
    let problems: Vec<(String, bool)> = report
        .problems
        .iter()
        .map(|p| {
            (
                p.at.clone(),
                p.reason.contains("email") || p.reason.contains("no name"),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [("line 3".to_string(), true), ("line 4".to_string(), true)]
    );
    assert_eq!(count(&mut notebook), 2);
}

#[test]
fn a_table_of_another_layout_needs_its_columns_named() {
    let mut notebook = notebook();
    let refused = notebook
        .contact_import(request(fixture!("other-layout.csv"), false))
        .unwrap_err();
    assert!(
        refused.message.contains("--map") && refused.message.contains("Kunde | Wohnort | Handy"),
        "{}",
        refused.message
    );
    let preview = notebook
        .contact_import(request(fixture!("other-layout.csv"), true))
        .unwrap();
    assert_eq!(
        preview.columns,
        ["Kunde", "Wohnort", "Handy"],
        "a preview names them, to map"
    );
    let mut mapped = request(fixture!("other-layout.csv"), false);
    mapped.map = [
        ("Kunde", ImportField::Name),
        ("Wohnort", ImportField::Town),
        ("Handy", ImportField::Phone),
    ]
    .into_iter()
    .map(|(column, field)| ColumnMap {
        column: column.into(),
        field,
    })
    .collect();
    assert_eq!(notebook.contact_import(mapped).unwrap().new, 1);
    let stefan = contact(&mut notebook, "Stefan Braun");
    assert_eq!(
        (stefan.town.as_str(), stefan.phone.as_str()),
        ("Talstadt", "0176 1212121")
    );
}

#[test]
fn a_dry_run_and_an_unreadable_file_change_nothing() {
    let mut notebook = notebook();
    let preview = notebook
        .contact_import(request(fixture!("Connections.csv"), true))
        .unwrap();
    assert!(!preview.written);
    assert_eq!(preview.new, 3);
    assert_eq!(preview.preview[0].name, "Petra Schmidt");
    assert_eq!(count(&mut notebook), 0);
    let refused = notebook
        .contact_import(request(
            ("contacts.xlsx", b"PK\x03\x04\x00\x00binary"),
            false,
        ))
        .unwrap_err();
    assert!(
        refused.message.contains("not a text file"),
        "{}",
        refused.message
    );
    let refused = notebook
        .contact_import(request(("contacts.vcf", b"hello"), false))
        .unwrap_err();
    assert!(refused.message.contains("no vCard"), "{}", refused.message);
    assert_eq!(count(&mut notebook), 0);
}

#[test]
fn importing_again_updates_instead_of_adding_and_fills_only_what_is_missing() {
    let mut notebook = notebook();
    // Karl is known already, with his email and a note of our own; Zoe too, without one.
    for (name, email, notes) in [
        ("Karl Becker", "karl.becker@example.de", "Met at the fair"),
        ("Zoe Lange", "", ""),
    ] {
        notebook
            .contact_create(handschlag_api::ContactCreate {
                name: name.into(),
                email: email.into(),
                notes: notes.into(),
                how_met: Some(Channel::InPerson),
                ..Default::default()
            })
            .unwrap();
    }
    let report = import(&mut notebook, fixture!("Connections.csv"));
    assert_eq!(
        (report.new, report.updated, report.likely_duplicates),
        (2, 1, 1)
    );
    let zoe_row = report
        .preview
        .iter()
        .find(|r| r.name == "Zoë Lange")
        .unwrap();
    assert_eq!(zoe_row.likely_duplicate_of.as_deref(), Some("Zoe Lange"));
    let karl = contact(&mut notebook, "Karl Becker");
    assert_eq!(karl.organization, "Becker Logistik", "filled in");
    assert_eq!(
        karl.how_met,
        Channel::InPerson,
        "how we met is never overwritten"
    );
    assert_eq!(
        karl.notes,
        "Met at the fair\nLinkedIn: https://www.linkedin.com/in/karlbecker (connected 17 Nov 2025)"
    );
    let again = import(&mut notebook, fixture!("Connections.csv"));
    assert_eq!(
        (again.new, again.updated, again.unchanged),
        (0, 0, 3),
        "by the profile address"
    );
    assert_eq!(count(&mut notebook), 4);
}

#[test]
fn a_handschlag_export_imported_again_is_the_same_contacts() {
    let mut notebook = notebook();
    import(&mut notebook, fixture!("apple-3.0.vcf"));
    import(&mut notebook, fixture!("outlook-de.csv"));
    let exported = notebook.contact_vcard_export(Empty {}).unwrap().vcf;
    let again = import(&mut notebook, ("export.vcf", exported.as_bytes()));
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 4));
    assert_eq!(
        notebook.contact_vcard_export(Empty {}).unwrap().vcf,
        exported
    );

    // Into another notebook and back out: the same cards but for their ids.
    let mut other = self::notebook();
    assert_eq!(
        import(&mut other, ("export.vcf", exported.as_bytes())).new,
        4
    );
    // There the first notebook's ids are remembered as uids: the same file again changes nothing.
    let twice = import(&mut other, ("export.vcf", exported.as_bytes()));
    assert_eq!((twice.new, twice.updated, twice.unchanged), (0, 0, 4));
    // The cards without their UIDs, in one order (ids made in the same millisecond sort apart).
    let cards = |vcf: &str| {
        let mut cards: Vec<String> = vcf
            .split("END:VCARD")
            .map(|card| {
                card.lines()
                    .filter(|l| !l.is_empty() && !l.starts_with("UID:"))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        cards.sort();
        cards
    };
    let copied = other.contact_vcard_export(Empty {}).unwrap().vcf;
    assert_eq!(cards(&copied), cards(&exported));
    // Back into the first: found by name and email or phone; their other UIDs are remembered,
    // nothing else changes.
    let back = import(&mut notebook, ("copy.vcf", copied.as_bytes()));
    assert_eq!((back.new, back.updated), (0, 4));
    assert_eq!(
        notebook.contact_vcard_export(Empty {}).unwrap().vcf,
        exported
    );
    let again = import(&mut notebook, ("copy.vcf", copied.as_bytes()));
    assert_eq!(again.unchanged, 4);
}

#[test]
fn the_same_person_twice_in_one_file_is_taken_in_once() {
    let mut notebook = notebook();
    let twice = "Name,Email\nAnna Bauer,anna@example.de\nAnna  Bauer,ANNA@example.de\n";
    let report = import(&mut notebook, ("twice.csv", twice.as_bytes()));
    assert_eq!(report.new, 1);
    assert_eq!(report.preview[1].action, ImportAction::Skipped);
    assert_eq!(report.problems[0].reason, "the same person as line 2");
}
