//! A database written by an earlier schema opens in this build, is migrated in place, and keeps
//! every record. The fixture was made with the `handschlag` CLI of schema 1; when a migration is
//! added, keep this fixture and add one made by the previous release next to it.

use handschlag_api::{ContactQuery, DealQuery, EventQuery, Handler, IdRequest};
use handschlag_core::system::{OsEntropy, SystemClock};
use handschlag_core::{Notebook, SCHEMA_VERSION};

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

#[test]
fn a_schema_1_database_migrates_and_keeps_every_record() {
    let (_dir, mut notebook) = open_copy_of("schema-1.db");
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

    let found = notebook
        .contact_list(ContactQuery {
            query: "mueller".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.contacts[0].name, "Jürgen Müller");
    assert_eq!(found.contacts[0].tags, ["handwerk"]);
    let anna = notebook
        .contact_list(ContactQuery {
            query: "anna bauer".into(),
            ..Default::default()
        })
        .unwrap();
    let anna = notebook
        .contact_get(IdRequest {
            id: anna.contacts[0].id.clone(),
        })
        .unwrap();
    assert_eq!(anna.checkins[0].note, "call next week");
    assert_eq!(anna.follow_ups[0].due, "2026-07-07");

    let events = notebook.event_list(EventQuery::default()).unwrap();
    assert_eq!(events[0].title, "Sommerfest TSV");
    assert_eq!(
        events[0].people_to_meet,
        std::slice::from_ref(&anna.contact.id)
    );
    let deals = notebook.deal_list(DealQuery::default()).unwrap();
    assert_eq!(deals[0].amount_cents, 380_000);
    assert_eq!(
        deals[0].attribution.event_title.as_deref(),
        Some("Sommerfest TSV")
    );

    // And it keeps working: a write continues the old change counter.
    notebook
        .checkin_create(handschlag_api::CheckinCreate {
            contact_id: anna.contact.id,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(notebook.lseq().unwrap(), lseq_before + 1);
}
