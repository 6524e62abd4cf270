//! A database written by an earlier schema opens in this build, is migrated in place, and keeps
//! every record. Each fixture `tests/fixtures/schema-N.db` was written by the `handschlag` CLI of
//! schema N, built at the last commit before migration N+1 was added (`tests/fixtures/README.md`
//! names the commits and the commands). When a migration is added, keep these fixtures, add one
//! written by the CLI of the schema before it the same way, and a test for it below. Where builds
//! of one schema wrote different files (a migration edited in place), the older kind has a
//! fixture of its own: `schema-1-before-names.db`.

use base64::Engine;
use handschlag_api::{
    CheckinCreate, CheckinQuery, Contact, ContactImport, ContactQuery, Empty, Handler, IdRequest,
    InsightsQuery, MergeUndo, Money, Reference,
};
use handschlag_core::system::{OsEntropy, SystemClock};
use handschlag_core::{Notebook, SCHEMA_VERSION};
use std::fmt::Display;

/// A fixture and what was written into it.
struct Fixture {
    file: &'static str,
    /// Every live record, each retracted check-in and each event's figures, as [`records`] lists
    /// them.
    records: &'static [&'static str],
    /// Searches, each with the contact it finds first; the first one's contact is written to.
    finds: &'static [(&'static str, &'static str)],
    /// Deleted contacts: they stay deleted (not in `records`) and can be brought back.
    deleted: &'static [&'static str],
    /// The contact marked as me.
    me: Option<&'static str>,
    /// A merge made there, undone here: the contact it merged away.
    merged_away: Option<&'static str>,
    /// Namesakes said to be two people: not listed as likely duplicates.
    distinct: Option<&'static str>,
    /// A contact and the only other one sharing a name, email or phone with it: listed on the
    /// first one's page and, as the only pair, in the Duplicates list.
    likely_duplicates: Option<(&'static str, &'static str)>,
    /// A vCard file imported there: importing it again finds every card there unchanged.
    imported: Option<&'static str>,
}

const NOTHING_MORE: Fixture = Fixture {
    file: "",
    records: &[],
    finds: &[],
    deleted: &[],
    me: None,
    merged_away: None,
    distinct: None,
    likely_duplicates: None,
    imported: None,
};

fn open_copy_of(fixture: &str) -> (tempfile::TempDir, Notebook) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    std::fs::copy(
        format!("{}/tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR")),
        &path,
    )
    .unwrap();
    let notebook = Notebook::open(&path, Box::new(SystemClock), Box::new(OsEntropy)).unwrap();
    (dir, notebook)
}

/// `what` and its non-empty fields as `name=value`.
fn line(what: String, fields: &[(&str, &dyn Display)]) -> String {
    fields.iter().fold(what, |line, (name, value)| {
        let value = value.to_string();
        if value.is_empty() {
            line
        } else {
            format!("{line} {name}={value}")
        }
    })
}

fn yes(flag: bool) -> &'static str {
    if flag { "yes" } else { "" }
}

fn money(money: &[Money]) -> String {
    let sums: Vec<_> = money
        .iter()
        .map(|m| format!("{} {}", m.cents, m.currency))
        .collect();
    sums.join(",")
}

/// Every live record (and every retracted check-in of a live contact) and each event's figures
/// from the insights, one line each, sorted: contacts and events named instead of their ids.
fn records(notebook: &mut Notebook) -> Vec<String> {
    let all = notebook.notebook_export(Empty {}).unwrap();
    let contact = |id: &str| {
        let found = all.contacts.iter().find(|c| c.id == id);
        found.map_or(id.to_string(), |c| c.name.clone())
    };
    let event = |id: &Option<String>| {
        let found = all.events.iter().find(|e| Some(&e.id) == id.as_ref());
        found.map_or(id.clone().unwrap_or_default(), |e| e.title.clone())
    };
    let mut lines = Vec::new();
    for c in &all.contacts {
        lines.push(line(
            format!("contact {}", c.name),
            &[
                ("org", &c.organization),
                ("role", &c.role),
                ("town", &c.town),
                ("phone", &c.phone),
                ("email", &c.email),
                ("how", &c.how_met),
                ("at", &event(&c.met_at_event_id)),
                ("by", &c.referred_by),
                ("notes", &c.notes),
                ("tags", &c.tags.join(",")),
                ("met", &yes(c.met_in_person)),
            ],
        ));
    }
    for e in &all.events {
        let todo: Vec<_> = e
            .checklist
            .iter()
            .map(|item| format!("[{}] {}", if item.done { "x" } else { " " }, item.text))
            .collect();
        let meet: Vec<_> = e.people_to_meet.iter().map(|id| contact(id)).collect();
        lines.push(line(
            format!("event {}", e.title),
            &[
                ("kind", &e.kind),
                ("status", &e.status),
                ("starts", &format!("{} {}", e.starts_local, e.time_zone)),
                ("ends", &e.ends_local.as_deref().unwrap_or_default()),
                ("place", &e.place),
                ("organizer", &e.organizer),
                ("goal", &e.goal),
                ("contribution", &e.contribution),
                ("cost", &format!("{} {}", e.cost_cents, e.currency)),
                ("todo", &todo.join(";")),
                ("meet", &meet.join(",")),
            ],
        ));
    }
    let checkins = notebook
        .checkin_list(CheckinQuery {
            include_retracted: true,
            ..Default::default()
        })
        .unwrap();
    for k in &checkins {
        let at = chrono::DateTime::from_timestamp_millis(k.at).unwrap();
        lines.push(line(
            format!("checkin {}", k.contact_name),
            &[
                ("kind", &k.kind),
                ("at", &at.format("%Y-%m-%d %H:%M")),
                ("event", &k.event_title.as_deref().unwrap_or_default()),
                ("place", &k.place),
                ("note", &k.note),
                ("retracted", &yes(k.retracted)),
            ],
        ));
    }
    for f in &all.follow_ups {
        lines.push(line(
            format!("follow-up {}", f.contact_name),
            &[
                ("action", &f.action),
                ("due", &f.due),
                ("note", &f.note),
                ("done", &yes(f.done)),
            ],
        ));
    }
    for d in &all.deals {
        let attribution = &d.attribution;
        lines.push(line(
            format!("deal {}", d.contact_name),
            &[
                ("title", &d.title),
                ("amount", &format!("{} {}", d.amount_cents, d.currency)),
                ("status", &d.status),
                ("date", &d.date),
                ("via", &attribution.channel),
                (
                    "event",
                    &attribution.event_title.as_deref().unwrap_or_default(),
                ),
                ("overridden", &yes(attribution.overridden)),
            ],
        ));
    }
    for c in &all.cadences {
        lines.push(line(
            "cadence".into(),
            &[
                ("tag", &c.tag.as_deref().unwrap_or_default()),
                ("contact", &c.contact_name.as_deref().unwrap_or_default()),
                ("kind", &c.kind),
                ("days", &c.days),
            ],
        ));
    }
    let insights = notebook.insights_get(InsightsQuery::default()).unwrap();
    for e in &insights.events {
        lines.push(line(
            format!("figures {}", e.title),
            &[
                ("met", &e.met),
                ("new", &e.new_contacts),
                ("follow-ups", &e.follow_ups),
                ("done", &e.follow_ups_done),
                ("won", &e.deals_won),
                ("revenue", &money(&e.revenue)),
                ("cost", &money(e.cost.as_slice())),
                ("net", &money(e.net.as_slice())),
            ],
        ));
    }
    lines.sort();
    lines
}

fn first_found(notebook: &mut Notebook, query: &str) -> Contact {
    let found = notebook.contact_list(ContactQuery {
        query: query.into(),
        ..Default::default()
    });
    found.unwrap().contacts.remove(0)
}

fn migrates_and_keeps_every_record(fixture: &Fixture) {
    let (_dir, mut notebook) = open_copy_of(fixture.file);
    assert_eq!(
        notebook.schema_version().unwrap(),
        SCHEMA_VERSION,
        "migrated to the latest schema"
    );
    let backups = notebook.backups().unwrap();
    assert_eq!(backups.len(), 1, "a backup is taken before migrating");
    assert!(
        backups[0]
            .path
            .to_string_lossy()
            .ends_with("-before-migration.db")
    );
    let lseq_before = notebook.lseq().unwrap();

    assert_eq!(records(&mut notebook), fixture.records);
    for (query, name) in fixture.finds {
        assert_eq!(
            first_found(&mut notebook, query).name,
            *name,
            "searching {query}"
        );
    }
    if let Some(me) = fixture.me {
        let card = notebook.my_card_get(Empty {}).unwrap();
        assert_eq!(card.contact.unwrap().name, me);
    }
    if let Some(name) = fixture.distinct {
        let pairs = notebook.contact_duplicate_list(Empty {}).unwrap();
        assert!(
            !pairs
                .iter()
                .any(|pair| pair.first.name == name && pair.second.name == name),
            "{name} and {name} are two people: {pairs:?}"
        );
    }
    if let Some((name, other)) = fixture.likely_duplicates {
        let contact = notebook.contact_resolve(Reference {
            reference: name.into(),
        });
        let page = notebook
            .contact_get(IdRequest {
                id: contact.unwrap().id,
            })
            .unwrap();
        let on_page: Vec<_> = page
            .likely_duplicates
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(on_page, [other], "{name}'s likely duplicates");
        let pairs = notebook.contact_duplicate_list(Empty {}).unwrap();
        let pairs: Vec<_> = pairs
            .iter()
            .map(|pair| (pair.first.name.as_str(), pair.second.name.as_str()))
            .collect();
        assert_eq!(pairs, [(name, other)], "the Duplicates list");
    }
    if let Some(vcf) = fixture.imported {
        let again = notebook
            .contact_import(ContactImport {
                file_name: "kontakte.vcf".into(),
                data: base64::engine::general_purpose::STANDARD.encode(vcf),
                dry_run: true,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            (again.new, again.updated, again.unchanged),
            (0, 0, 2),
            "{:#?}",
            again.preview
        );
    }

    // And it keeps working: a write continues the old change counter.
    let someone = first_found(&mut notebook, fixture.finds[0].0);
    notebook
        .checkin_create(CheckinCreate {
            contact_id: someone.id,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(notebook.lseq().unwrap(), lseq_before + 1);
    // What was deleted or merged away there is still there to bring back.
    for name in fixture.deleted {
        let restored = notebook
            .contact_restore(Reference {
                reference: name.to_string(),
            })
            .unwrap();
        assert_eq!(restored.name, *name);
    }
    if let Some(name) = fixture.merged_away {
        let undone = notebook.contact_merge_undo(MergeUndo::default()).unwrap();
        assert_eq!(undone.restored.name, name);
    }
}

/// The file the fixtures of schema 8 and 9 imported (`fixtures/README.md`).
const VCARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:4711@adressbuch.example\r\n\
    N:Wiśniewski;Łukasz;;;\r\nFN:Łukasz Wiśniewski\r\nORG:Wiśniewski Transporte\r\n\
    TEL;TYPE=CELL:+48 600 123 456\r\nEMAIL:lukasz@wisniewski.example\r\n\
    ADR;TYPE=WORK:;;;Görlitz;;;\r\nCATEGORIES:spedition\r\nEND:VCARD\r\n\
    BEGIN:VCARD\r\nVERSION:3.0\r\nN:Bauer;Anna;;;\r\nFN:Anna Bauer\r\n\
    EMAIL:anna.bauer@example.de\r\nTEL:+49 911 223344\r\nEND:VCARD\r\n";

#[test]
fn a_schema_1_database_migrates_and_keeps_every_record() {
    migrates_and_keeps_every_record(&Fixture {
        file: "schema-1.db",
        records: &[
            "checkin Anna Bauer kind=in-person at=2026-11-25 20:03 event=Sommerfest TSV note=call next week",
            "contact Anna Bauer org=Bauer Logistik how=online met=yes",
            "contact Jürgen Müller org=Müller Bau town=Musterstadt how=in-person tags=handwerk met=yes",
            "deal Anna Bauer title=Workshop amount=380000 EUR status=won date=2026-07-20 via=in-person event=Sommerfest TSV",
            "event Sommerfest TSV kind=other status=planned starts=2026-07-04T15:00 Europe/Berlin cost=4000 EUR meet=Anna Bauer",
            "figures Sommerfest TSV met=1 new=1 follow-ups=0 done=0 won=1 revenue=380000 EUR cost=4000 EUR net=376000 EUR",
            "follow-up Anna Bauer action=call due=2026-07-07",
        ],
        finds: &[("mueller", "Jürgen Müller"), ("anna bauer", "Anna Bauer")],
        ..NOTHING_MORE
    });
}

/// The first schema-1 builds (to 5de6d0d) wrote no name index `contact_names` (5516ddf added it
/// to `0001_init.sql` in place): migrating makes it and indexes every contact again, so
/// searching, a contact's page and the Duplicates list work.
#[test]
fn a_schema_1_database_of_the_first_builds_gets_its_name_index_and_searches() {
    migrates_and_keeps_every_record(&Fixture {
        file: "schema-1-before-names.db",
        records: &[
            "checkin Anna Bauer kind=in-person at=2026-12-04 04:38 event=Sommerfest TSV Fürth note=sucht einen Dachdecker",
            "checkin Anna Bauer kind=message at=2026-12-04 04:38 note=aus Versehen retracted=yes",
            "checkin Jürgen Müller kind=call at=2026-12-04 04:38 note=Rückruf wegen Termin",
            "checkin Jürgen Müller kind=in-person at=2026-12-04 04:38 place=Fürth note=Angebot fürs Dach besprochen",
            "checkin Søren Kristensen kind=in-person at=2026-12-04 04:38 event=Sommerfest TSV Fürth note=Stand neben uns",
            "contact Anna Bauer org=Bauer Logistik role=Einkauf town=Nürnberg email=anna.bauer@example.de how=online met=yes",
            "contact Dachdeckerei Fürth phone=0911 / 76 54 32 how=online notes=Büro",
            "contact Jürgen Müller org=Müller Bau town=Fürth phone=+49 911 765432 how=referral by=Anna Bauer notes=Dachdecker, Meisterbetrieb tags=dach,handwerk met=yes",
            "contact Søren Kristensen org=Nordlicht ApS how=in-person at=Sommerfest TSV Fürth notes=Stand neben uns met=yes",
            "deal Anna Bauer title=Workshop amount=380000 EUR status=won date=2026-12-02 via=in-person event=Sommerfest TSV Fürth",
            "deal Jürgen Müller title=Dachrinne amount=64000 EUR status=open date=2026-12-03 via=referral",
            "event Sommerfest TSV Fürth kind=meetup status=attended starts=2026-11-27T18:00 Europe/Berlin place=Rathaus, Großer Saal goal=zwei neue Kunden cost=4000 EUR todo=[ ] Visitenkarten einpacken meet=Anna Bauer",
            "figures Sommerfest TSV Fürth met=2 new=2 follow-ups=1 done=0 won=1 revenue=380000 EUR cost=4000 EUR net=376000 EUR",
            "follow-up Anna Bauer action=call due=2026-12-07 note=Angebot nachfassen",
            "follow-up Jürgen Müller action=email due=2026-12-01 note=Unterlagen schicken done=yes",
        ],
        finds: &[("mueller", "Jürgen Müller"), ("soeren", "Søren Kristensen")],
        deleted: &["Fritz Weiß"],
        likely_duplicates: Some(("Jürgen Müller", "Dachdeckerei Fürth")),
        ..NOTHING_MORE
    });
}

#[test]
fn a_schema_2_database_migrates_and_keeps_every_record() {
    migrates_and_keeps_every_record(&Fixture {
        file: "schema-2.db",
        records: &[
            "checkin Anna Bauer kind=in-person at=2026-12-04 04:17 event=Handwerkermesse Nürnberg note=Lager in Fürth ansehen",
            "checkin Anna Bauer kind=message at=2026-12-04 04:17 note=aus Versehen retracted=yes",
            "checkin Jürgen Müller kind=call at=2026-12-04 04:17 note=Rückruf wegen Termin",
            "checkin Jürgen Müller kind=in-person at=2026-12-04 04:17 place=Fürth note=Angebot fürs Dach besprochen",
            "checkin Søren Kristensen kind=in-person at=2026-12-04 04:17 event=Handwerkermesse Nürnberg note=Stand neben uns",
            "contact Anna Bauer org=Bauer Logistik role=Einkauf town=Nürnberg email=anna.bauer@example.de how=online met=yes",
            "contact Jürgen Müller org=Müller Bau town=Fürth phone=+49 911 765432 how=referral by=Anna Bauer notes=Dachdecker, Meisterbetrieb tags=dach,handwerk met=yes",
            "contact Søren Kristensen org=Nordlicht ApS how=in-person at=Handwerkermesse Nürnberg notes=Stand neben uns met=yes",
            "deal Anna Bauer title=Lagerplanung amount=125000 EUR status=won date=2026-12-02 via=in-person event=Handwerkermesse Nürnberg",
            "deal Jürgen Müller title=Dachrinne amount=64000 EUR status=open date=2026-12-03 via=referral",
            "event Handwerkermesse Nürnberg kind=meetup status=attended starts=2026-11-27T18:00 Europe/Berlin place=Rathaus, Großer Saal goal=zwei neue Kunden cost=4000 EUR todo=[ ] Visitenkarten einpacken meet=Anna Bauer",
            "figures Handwerkermesse Nürnberg met=2 new=2 follow-ups=1 done=0 won=1 revenue=125000 EUR cost=4000 EUR net=121000 EUR",
            "follow-up Anna Bauer action=call due=2026-12-08 note=Angebot nachfassen",
            "follow-up Jürgen Müller action=email due=2026-12-01 note=Unterlagen schicken done=yes",
        ],
        finds: &[("mueller", "Jürgen Müller"), ("soeren", "Søren Kristensen")],
        deleted: &["Fritz Weiß"],
        ..NOTHING_MORE
    });
}

#[test]
fn a_schema_3_database_migrates_and_keeps_every_record() {
    migrates_and_keeps_every_record(&Fixture {
        file: "schema-3.db",
        records: &[
            "checkin Anna Bauer kind=in-person at=2026-12-04 04:18 event=Gründerstammtisch Würzburg note=sucht Hilfe bei der Buchhaltung",
            "checkin Anna Bauer kind=message at=2026-12-04 04:18 note=aus Versehen retracted=yes",
            "checkin Jürgen Müller kind=call at=2026-12-04 04:18 note=Rückruf wegen Termin",
            "checkin Jürgen Müller kind=in-person at=2026-12-04 04:18 place=Fürth note=Angebot fürs Dach besprochen",
            "checkin Søren Kristensen kind=in-person at=2026-12-04 04:18 event=Gründerstammtisch Würzburg note=Stand neben uns",
            "contact Anna Bauer org=Bauer Logistik role=Einkauf town=Nürnberg email=anna.bauer@example.de how=online met=yes",
            "contact Jürgen Müller org=Müller Bau town=Fürth phone=+49 911 765432 how=referral by=Anna Bauer notes=Dachdecker, Meisterbetrieb tags=dach,handwerk met=yes",
            "contact Søren Kristensen org=Nordlicht ApS how=in-person at=Gründerstammtisch Würzburg notes=Stand neben uns met=yes",
            "deal Anna Bauer title=Buchhaltung einrichten amount=240000 EUR status=won date=2026-12-02 via=in-person event=Gründerstammtisch Würzburg",
            "deal Jürgen Müller title=Dachrinne amount=64000 EUR status=open date=2026-12-03 via=referral",
            "event Gründerstammtisch Würzburg kind=meetup status=attended starts=2026-11-27T18:00 Europe/Berlin place=Rathaus, Großer Saal goal=zwei neue Kunden cost=4000 EUR todo=[ ] Visitenkarten einpacken meet=Anna Bauer",
            "figures Gründerstammtisch Würzburg met=2 new=2 follow-ups=1 done=0 won=1 revenue=240000 EUR cost=4000 EUR net=236000 EUR",
            "follow-up Anna Bauer action=call due=2026-12-09 note=Angebot nachfassen",
            "follow-up Jürgen Müller action=email due=2026-12-01 note=Unterlagen schicken done=yes",
        ],
        finds: &[("mueller", "Jürgen Müller"), ("soeren", "Søren Kristensen")],
        deleted: &["Fritz Weiß"],
        ..NOTHING_MORE
    });
}

#[test]
fn a_schema_4_database_migrates_and_keeps_every_record() {
    migrates_and_keeps_every_record(&Fixture {
        file: "schema-4.db",
        records: &[
            "checkin Anna Bauer kind=in-person at=2026-12-04 04:18 event=Frühschoppen Gewerbeverein note=Fuhrpark wird größer",
            "checkin Anna Bauer kind=message at=2026-12-04 04:18 note=aus Versehen retracted=yes",
            "checkin Jürgen Müller kind=call at=2026-12-04 04:18 note=Rückruf wegen Termin",
            "checkin Jürgen Müller kind=in-person at=2026-12-04 04:18 place=Fürth note=Angebot fürs Dach besprochen",
            "checkin Søren Kristensen kind=in-person at=2026-12-04 04:18 event=Frühschoppen Gewerbeverein note=Stand neben uns",
            "contact Anna Bauer org=Bauer Logistik role=Einkauf town=Nürnberg email=anna.bauer@example.de how=online met=yes",
            "contact Jürgen Müller org=Müller Bau town=Fürth phone=+49 911 765432 how=referral by=Anna Bauer notes=Dachdecker, Meisterbetrieb tags=dach,handwerk met=yes",
            "contact Søren Kristensen org=Nordlicht ApS how=in-person at=Frühschoppen Gewerbeverein notes=Stand neben uns met=yes",
            "deal Anna Bauer title=Tourenplanung amount=315050 EUR status=won date=2026-12-02 via=in-person event=Frühschoppen Gewerbeverein",
            "deal Jürgen Müller title=Dachrinne amount=68000 EUR status=open date=2026-12-03 via=referral",
            "event Frühschoppen Gewerbeverein kind=meetup status=attended starts=2026-11-27T18:00 Europe/Berlin ends=2026-11-27T22:00 place=Rathaus, Großer Saal goal=zwei neue Kunden cost=4000 EUR todo=[ ] Visitenkarten einpacken meet=Anna Bauer",
            "figures Frühschoppen Gewerbeverein met=2 new=2 follow-ups=1 done=0 won=1 revenue=315050 EUR cost=4000 EUR net=311050 EUR",
            "follow-up Anna Bauer action=call due=2026-12-10 note=Angebot nachfassen",
            "follow-up Jürgen Müller action=email due=2026-12-01 note=Unterlagen schicken done=yes",
        ],
        finds: &[("mueller", "Jürgen Müller"), ("soeren", "Søren Kristensen")],
        deleted: &["Fritz Weiß"],
        ..NOTHING_MORE
    });
}

#[test]
fn a_schema_5_database_migrates_and_keeps_every_record() {
    migrates_and_keeps_every_record(&Fixture {
        file: "schema-5.db",
        records: &[
            "checkin Anna Bauer kind=in-person at=2026-12-04 04:18 event=Adventsmarkt-Treff Bamberg note=Grüße an Jürgen ausrichten",
            "checkin Anna Bauer kind=message at=2026-12-04 04:18 note=aus Versehen retracted=yes",
            "checkin Jürgen Müller kind=call at=2026-12-04 04:18 note=Rückruf wegen Termin",
            "checkin Jürgen Müller kind=in-person at=2026-12-04 04:18 place=Fürth note=Angebot fürs Dach besprochen",
            "checkin Søren Kristensen kind=in-person at=2026-12-04 04:18 event=Adventsmarkt-Treff Bamberg note=Stand neben uns",
            "contact Anna Bauer org=Bauer Logistik role=Einkauf town=Nürnberg email=anna.bauer@example.de how=online met=yes",
            "contact Jürgen Müller org=Müller Bau town=Fürth phone=+49 911 765432 how=referral by=Anna Bauer notes=Dachdecker, Meisterbetrieb tags=dach,handwerk met=yes",
            "contact Søren Kristensen org=Nordlicht ApS how=in-person at=Adventsmarkt-Treff Bamberg notes=Stand neben uns met=yes",
            "deal Anna Bauer title=Schulung amount=98000 EUR status=won date=2026-12-02 via=in-person event=Adventsmarkt-Treff Bamberg",
            "deal Jürgen Müller title=Dachrinne amount=68000 EUR status=open date=2026-12-03 via=in-person event=Adventsmarkt-Treff Bamberg overridden=yes",
            "event Adventsmarkt-Treff Bamberg kind=meetup status=attended starts=2026-11-27T18:00 Europe/Berlin ends=2026-11-27T22:00 place=Rathaus, Großer Saal goal=zwei neue Kunden cost=4000 EUR todo=[ ] Visitenkarten einpacken meet=Anna Bauer",
            "figures Adventsmarkt-Treff Bamberg met=2 new=2 follow-ups=1 done=0 won=1 revenue=98000 EUR cost=4000 EUR net=94000 EUR",
            "follow-up Anna Bauer action=call due=2026-12-11 note=Angebot nachfassen",
            "follow-up Jürgen Müller action=email due=2026-12-01 note=Unterlagen schicken done=yes",
        ],
        finds: &[("mueller", "Jürgen Müller"), ("soeren", "Søren Kristensen")],
        deleted: &["Fritz Weiß"],
        ..NOTHING_MORE
    });
}

#[test]
fn a_schema_6_database_migrates_and_keeps_every_record() {
    migrates_and_keeps_every_record(&Fixture {
        file: "schema-6.db",
        records: &[
            "checkin Anna Bauer kind=in-person at=2026-12-04 04:19 event=Unternehmerfrühstück Erlangen note=will ein Angebot bis Freitag",
            "checkin Anna Bauer kind=message at=2026-12-04 04:19 note=aus Versehen retracted=yes",
            "checkin Jürgen Müller kind=call at=2026-12-04 04:19 note=Rückruf wegen Termin",
            "checkin Jürgen Müller kind=in-person at=2026-11-27 19:30 event=Unternehmerfrühstück Erlangen note=am Stand getroffen, Dachsanierung im Frühjahr",
            "checkin Jürgen Müller kind=in-person at=2026-12-04 04:19 place=Fürth note=Angebot fürs Dach besprochen",
            "checkin Søren Kristensen kind=in-person at=2026-12-04 04:19 event=Unternehmerfrühstück Erlangen note=Stand neben uns",
            "contact Anna Bauer org=Bauer Logistik role=Einkauf town=Nürnberg email=anna.bauer@example.de how=online met=yes",
            "contact Jürgen Müller org=Müller Bau town=Fürth phone=+49 911 765432 how=referral by=Anna Bauer notes=Dachdecker, Meisterbetrieb tags=dach,handwerk met=yes",
            "contact Søren Kristensen org=Nordlicht ApS how=in-person at=Unternehmerfrühstück Erlangen notes=Stand neben uns met=yes",
            "deal Anna Bauer title=Lagerumbau amount=420000 EUR status=won date=2026-12-02 via=in-person event=Unternehmerfrühstück Erlangen",
            "deal Jürgen Müller title=Dachrinne amount=68000 EUR status=open date=2026-12-03 via=in-person event=Unternehmerfrühstück Erlangen overridden=yes",
            "event Unternehmerfrühstück Erlangen kind=meetup status=attended starts=2026-11-27T18:00 Europe/Berlin ends=2026-11-27T22:00 place=Rathaus, Großer Saal goal=zwei neue Kunden cost=4000 EUR todo=[ ] Visitenkarten einpacken meet=Anna Bauer",
            "figures Unternehmerfrühstück Erlangen met=3 new=3 follow-ups=2 done=1 won=1 revenue=420000 EUR cost=4000 EUR net=416000 EUR",
            "follow-up Anna Bauer action=call due=2026-12-14 note=Angebot nachfassen",
            "follow-up Jürgen Müller action=email due=2026-12-01 note=Unterlagen schicken done=yes",
        ],
        finds: &[("mueller", "Jürgen Müller"), ("soeren", "Søren Kristensen")],
        deleted: &["Fritz Weiß"],
        ..NOTHING_MORE
    });
}

#[test]
fn a_schema_7_database_migrates_and_keeps_every_record() {
    migrates_and_keeps_every_record(&Fixture {
        file: "schema-7.db",
        records: &[
            "cadence contact=Anna Bauer kind=any days=30",
            "cadence tag=handwerk kind=in-person days=60",
            "checkin Anna Bauer kind=in-person at=2026-12-04 04:19 event=Netzwerkabend Fürth note=Interesse an Wartungsvertrag",
            "checkin Anna Bauer kind=message at=2026-12-04 04:19 note=aus Versehen retracted=yes",
            "checkin Jürgen Müller kind=call at=2026-12-04 04:19 note=Rückruf wegen Termin",
            "checkin Jürgen Müller kind=in-person at=2026-11-27 19:30 event=Netzwerkabend Fürth note=am Stand getroffen, Dachsanierung im Frühjahr",
            "checkin Jürgen Müller kind=in-person at=2026-12-04 04:19 place=Fürth note=Angebot fürs Dach besprochen",
            "checkin Søren Kristensen kind=in-person at=2026-12-04 04:19 event=Netzwerkabend Fürth note=Stand neben uns",
            "contact Anna Bauer org=Bauer Logistik role=Einkauf town=Nürnberg email=anna.bauer@example.de how=online met=yes",
            "contact Jürgen Müller org=Müller Bau town=Fürth phone=+49 911 765432 how=referral by=Anna Bauer notes=Dachdecker, Meisterbetrieb tags=dach,handwerk met=yes",
            "contact Søren Kristensen org=Nordlicht ApS how=in-person at=Netzwerkabend Fürth notes=Stand neben uns met=yes",
            "deal Anna Bauer title=Wartungsvertrag amount=560000 EUR status=won date=2026-12-02 via=in-person event=Netzwerkabend Fürth",
            "deal Jürgen Müller title=Dachrinne amount=68000 EUR status=open date=2026-12-03 via=in-person event=Netzwerkabend Fürth overridden=yes",
            "event Netzwerkabend Fürth kind=meetup status=attended starts=2026-11-27T18:00 Europe/Berlin ends=2026-11-27T22:00 place=Rathaus, Großer Saal goal=zwei neue Kunden cost=4000 EUR todo=[ ] Visitenkarten einpacken meet=Anna Bauer",
            "figures Netzwerkabend Fürth met=3 new=3 follow-ups=2 done=1 won=1 revenue=560000 EUR cost=4000 EUR net=556000 EUR",
            "follow-up Anna Bauer action=call due=2026-12-15 note=Angebot nachfassen",
            "follow-up Jürgen Müller action=email due=2026-12-01 note=Unterlagen schicken done=yes",
        ],
        finds: &[("mueller", "Jürgen Müller"), ("soeren", "Søren Kristensen")],
        deleted: &["Fritz Weiß"],
        ..NOTHING_MORE
    });
}

#[test]
fn a_schema_8_database_migrates_and_keeps_every_record() {
    migrates_and_keeps_every_record(&Fixture {
        file: "schema-8.db",
        records: &[
            "cadence contact=Anna Bauer kind=any days=30",
            "cadence tag=handwerk kind=in-person days=60",
            "checkin Anna Bauer kind=in-person at=2026-12-04 04:19 event=Messe BAU München note=kennt den Einkäufer von Höfner",
            "checkin Anna Bauer kind=message at=2026-12-04 04:19 note=aus Versehen retracted=yes",
            "checkin Jürgen Müller kind=call at=2026-12-04 04:19 note=Rückruf wegen Termin",
            "checkin Jürgen Müller kind=in-person at=2026-11-27 19:30 event=Messe BAU München note=am Stand getroffen, Dachsanierung im Frühjahr",
            "checkin Jürgen Müller kind=in-person at=2026-12-04 04:19 place=Fürth note=Angebot fürs Dach besprochen",
            "checkin Søren Kristensen kind=in-person at=2026-12-04 04:19 event=Messe BAU München note=Stand neben uns",
            "contact Anna Bauer org=Bauer Logistik role=Einkauf town=Nürnberg phone=+49 911 223344 email=anna.bauer@example.de how=online met=yes",
            "contact Jürgen Müller org=Müller Bau town=Fürth phone=+49 911 765432 how=referral by=Anna Bauer notes=Dachdecker, Meisterbetrieb tags=dach,handwerk met=yes",
            "contact Søren Kristensen org=Nordlicht ApS how=in-person at=Messe BAU München notes=Stand neben uns met=yes",
            "contact Łukasz Wiśniewski org=Wiśniewski Transporte town=Görlitz phone=+48 600 123 456 email=lukasz@wisniewski.example how=online tags=spedition",
            "deal Anna Bauer title=Einführung Höfner amount=730000 EUR status=won date=2026-12-02 via=in-person event=Messe BAU München",
            "deal Jürgen Müller title=Dachrinne amount=68000 EUR status=open date=2026-12-03 via=in-person event=Messe BAU München overridden=yes",
            "event Messe BAU München kind=meetup status=attended starts=2026-11-27T18:00 Europe/Berlin ends=2026-11-27T22:00 place=Rathaus, Großer Saal goal=zwei neue Kunden cost=4000 EUR todo=[ ] Visitenkarten einpacken meet=Anna Bauer",
            "figures Messe BAU München met=3 new=3 follow-ups=2 done=1 won=1 revenue=730000 EUR cost=4000 EUR net=726000 EUR",
            "follow-up Anna Bauer action=call due=2026-12-16 note=Angebot nachfassen",
            "follow-up Jürgen Müller action=email due=2026-12-01 note=Unterlagen schicken done=yes",
        ],
        finds: &[
            ("mueller", "Jürgen Müller"),
            ("soeren", "Søren Kristensen"),
            ("lukasz", "Łukasz Wiśniewski"),
        ],
        deleted: &["Fritz Weiß"],
        imported: Some(VCARD),
        ..NOTHING_MORE
    });
}

#[test]
fn a_schema_9_database_migrates_and_keeps_every_record() {
    migrates_and_keeps_every_record(&Fixture {
        file: "schema-9.db",
        records: &[
            "cadence contact=Anna Bauer kind=any days=30",
            "cadence tag=handwerk kind=in-person days=60",
            "checkin Anna Bauer kind=in-person at=2026-12-04 04:19 event=Jahresempfang IHK Nürnberg note=stellt uns dem Vorstand vor",
            "checkin Anna Bauer kind=message at=2026-12-04 04:19 note=aus Versehen retracted=yes",
            "checkin Jürgen Müller kind=call at=2026-12-04 04:19 note=Rückruf wegen Termin",
            "checkin Jürgen Müller kind=call at=2026-12-04 04:19 note=Visitenkarte nachgereicht",
            "checkin Jürgen Müller kind=in-person at=2026-11-27 19:30 event=Jahresempfang IHK Nürnberg note=am Stand getroffen, Dachsanierung im Frühjahr",
            "checkin Jürgen Müller kind=in-person at=2026-12-04 04:19 place=Fürth note=Angebot fürs Dach besprochen",
            "checkin Søren Kristensen kind=in-person at=2026-12-04 04:19 event=Jahresempfang IHK Nürnberg note=Stand neben uns",
            "contact Anna Bauer org=Bauer Logistik role=Einkauf town=Nürnberg phone=+49 911 223344 email=anna.bauer@example.de how=online met=yes",
            "contact Jürgen Müller org=Müller Bau town=Fürth phone=+49 911 765432 email=j.mueller@mueller-bau.example how=referral by=Anna Bauer notes=Dachdecker, Meisterbetrieb tags=dach,handwerk met=yes",
            "contact Katrin Vogel org=Vogel IT-Beratung town=Nürnberg email=katrin@vogel-it.example how=online",
            "contact Søren Kristensen org=Nordlicht ApS how=in-person at=Jahresempfang IHK Nürnberg notes=Stand neben uns met=yes",
            "contact Thomas Schmidt org=Schmidt Elektro how=online",
            "contact Thomas Schmidt org=Stadtwerke Fürth how=online",
            "contact Łukasz Wiśniewski org=Wiśniewski Transporte town=Görlitz phone=+48 600 123 456 email=lukasz@wisniewski.example how=unknown tags=spedition",
            "deal Anna Bauer title=Rahmenvertrag amount=890000 EUR status=won date=2026-12-02 via=in-person event=Jahresempfang IHK Nürnberg",
            "deal Jürgen Müller title=Dachrinne amount=68000 EUR status=open date=2026-12-03 via=in-person event=Jahresempfang IHK Nürnberg overridden=yes",
            "event Jahresempfang IHK Nürnberg kind=meetup status=attended starts=2026-11-27T18:00 Europe/Berlin ends=2026-11-27T22:00 place=Rathaus, Großer Saal goal=zwei neue Kunden cost=4000 EUR todo=[ ] Visitenkarten einpacken meet=Anna Bauer",
            "figures Jahresempfang IHK Nürnberg met=3 new=3 follow-ups=2 done=1 won=1 revenue=890000 EUR cost=4000 EUR net=886000 EUR",
            "follow-up Anna Bauer action=call due=2026-12-17 note=Angebot nachfassen",
            "follow-up Jürgen Müller action=email due=2026-12-01 note=Unterlagen schicken done=yes",
        ],
        finds: &[
            ("mueller", "Jürgen Müller"),
            ("soeren", "Søren Kristensen"),
            ("lukasz", "Łukasz Wiśniewski"),
        ],
        deleted: &["Fritz Weiß"],
        imported: Some(VCARD),
        me: Some("Katrin Vogel"),
        merged_away: Some("Jürgen Mueller"),
        distinct: Some("Thomas Schmidt"),
        ..NOTHING_MORE
    });
}
