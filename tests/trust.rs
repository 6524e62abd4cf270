//! Trust stories: nothing is lost when several processes share one file, when a device restores
//! a backup, or when a paired device misbehaves.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use handschlag_api::{ContactCreate, Handler};
use handschlag_tests::{Device, Dice};

/// Story: the laptop runs `serve` and, in another process, keeps adding contacts to the same
/// file (the CLI or the desktop app beside the hub) while the phone logs people and syncs again
/// and again. Every contact written on the laptop reaches the phone.
#[test]
fn a_writer_beside_the_hub_loses_nothing_while_a_phone_syncs_50_times() {
    let laptop = Device::default();
    let _hub = laptop.serve();
    let phone = Device::default();
    phone.pair_with(&laptop, "phone");

    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let mut notebook = laptop.open();
        std::thread::spawn(move || {
            let mut written = 0;
            while !stop.load(Ordering::Relaxed) {
                notebook
                    .contact_create(ContactCreate {
                        name: format!("Written beside the hub {written}"),
                        ..Default::default()
                    })
                    .expect("the writer's contact is stored");
                written += 1;
                // A person or a program writes in bursts, not without pause: SQLite's lock is not
                // fair, and a writer that never lets go starves every other one.
                std::thread::sleep(std::time::Duration::from_millis(3));
            }
            written
        })
    };
    for round in 0..50 {
        phone.ok(&["contact", "add", "--name", &format!("Met at round {round}")]);
        phone.ok(&["sync"]);
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().expect("the writer ran");
    phone.ok(&["sync"]);
    phone.ok(&["sync"]);

    let on_laptop = laptop.json(&["contact", "list", "--limit", "100000"])["total"].clone();
    let on_phone = phone.json(&["contact", "list", "--limit", "100000"])["total"].clone();
    assert_eq!(on_laptop.as_u64(), Some(written as u64 + 50));
    assert_eq!(
        on_phone, on_laptop,
        "the phone lacks contacts the laptop wrote during its syncs"
    );
    assert_eq!(phone.ok(&["export"]), laptop.ok(&["export"]));
}

/// Story: the phone is backed up, edited further on both sides, then restored from that backup
/// (a broken update, a mistake). Edits made before the backup, after it and after the restore,
/// on either device, all end up on both; so do all check-ins.
#[test]
fn a_phone_restores_a_backup_and_no_edit_made_anywhere_is_lost() {
    let laptop = Device::default();
    let _hub = laptop.serve();
    let phone = Device::default();
    phone.pair_with(&laptop, "phone");

    phone.ok(&["contact", "add", "--name", "Anna Bauer"]);
    phone.ok(&["checkin", "Anna Bauer", "--note", "before the backup"]);
    laptop.ok(&["contact", "add", "--name", "Jürgen Müller"]);
    phone.ok(&["sync"]);
    let backup = phone.json(&["backup"])["path"]
        .as_str()
        .expect("the backup's path")
        .to_string();

    phone.ok(&["contact", "add", "--name", "Eva Weiß"]);
    phone.ok(&["checkin", "Jürgen Müller", "--note", "after the backup"]);
    laptop.ok(&["contact", "edit", "Anna Bauer", "--town", "Musterstadt"]);
    phone.ok(&["sync"]);

    let restored = phone.json(&["restore", &backup]);
    assert!(
        restored["kept"]["name"]
            .as_str()
            .unwrap()
            .contains("before-restore")
    );
    assert_eq!(
        phone.search("eva"),
        Vec::<String>::new(),
        "the restored notebook is the backup's"
    );

    phone.ok(&["contact", "add", "--name", "Otto Klein"]);
    phone.ok(&["checkin", "Otto Klein", "--note", "after the restore"]);
    phone.ok(&["contact", "edit", "Jürgen Müller", "--role", "Meister"]);
    laptop.ok(&["contact", "add", "--name", "Paula Roth"]);
    phone.ok(&["sync"]);
    phone.ok(&["sync"]);

    let export = laptop.ok(&["export"]);
    assert_eq!(phone.ok(&["export"]), export, "phone and laptop differ");
    let names: Vec<String> = laptop.json(&["contact", "list"])["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "Anna Bauer",
            "Eva Weiß",
            "Jürgen Müller",
            "Otto Klein",
            "Paula Roth"
        ]
    );
    let anna = phone.json(&["contact", "show", "Anna Bauer"]);
    assert_eq!(anna["contact"]["town"], "Musterstadt");
    let juergen = laptop.json(&["contact", "show", "Jürgen Müller"]);
    assert_eq!(juergen["contact"]["role"], "Meister");
    let notes = |device: &Device| {
        let mut notes: Vec<String> = device
            .json(&["checkin", "list"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["note"].as_str().unwrap().to_string())
            .collect();
        notes.sort();
        notes
    };
    assert_eq!(
        notes(&phone),
        ["after the backup", "after the restore", "before the backup"]
    );
    assert_eq!(notes(&laptop), notes(&phone));
}

/// A stranger with a TLS certificate but no pairing sends small bodies that inflate to 60 MB,
/// to every sync path. The hub refuses each before reading it, so its memory stays where it was
/// (it grew by hundreds of MB when bodies were decoded before the certificate was checked).
#[test]
fn an_unpaired_client_cannot_make_the_hub_inflate_what_it_sends() {
    use handschlag_sync::{HubClient, Identity};
    let laptop = Device::default();
    let hub = laptop.serve();
    let stranger = Identity::generate("stranger").expect("an identity");
    let client = HubClient::new(&hub.address, &stranger, hub.fingerprint(&laptop)).unwrap();
    let bomb =
        handschlag_sync::wire::encode(&serde_json::json!({ "rows": "a".repeat(60_000_000) }));
    assert!(bomb.len() < 100_000, "{} bytes", bomb.len());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    let before = hub.peak_memory_kib();
    for path in [
        "/v1/sync/hello",
        "/v1/sync/pull",
        "/v1/sync/push",
        "/v1/sync/push",
    ] {
        let refused = runtime
            .block_on(client.post_encoded::<serde_json::Value>(
                path,
                handschlag_sync::wire::CONTENT_TYPE,
                bomb.clone(),
            ))
            .unwrap_err()
            .to_string();
        assert!(refused.contains("not paired"), "{path}: {refused}");
    }
    // Pairing is open to strangers, so its bodies are small on the wire and inflated alike.
    let small_bomb = handschlag_sync::wire::encode(&"a".repeat(1_000_000));
    for (body, refusal) in [
        (bomb, "length limit exceeded"),
        (small_bomb, "inflates to more than 16384 bytes"),
    ] {
        let pairing = runtime
            .block_on(client.post_encoded::<serde_json::Value>(
                "/v1/sync/pair",
                handschlag_sync::wire::CONTENT_TYPE,
                body,
            ))
            .unwrap_err()
            .to_string();
        assert!(pairing.contains(refusal), "{pairing}");
    }
    let grown = hub.peak_memory_kib().saturating_sub(before);
    assert!(grown < 16 * 1024, "the hub's memory grew by {grown} KiB");
}

/// The desktop app, `serve` and a script start at the same moment on a notebook that does not
/// exist yet: every one of them opens it (the schema is made once, not twice).
#[test]
fn programs_opening_a_new_notebook_at_once_all_succeed() {
    for round in 0..10 {
        let fresh = Device::default();
        let starts: Vec<_> = (0..6)
            .map(|_| fresh.spawn_capturing(&["contact", "list"]))
            .collect();
        for start in starts {
            let output = start.wait_with_output().expect("it ran");
            assert!(
                output.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        assert_eq!(fresh.integrity(), "ok");
    }
}

/// Another program holds the notebook's write lock for longer than a command waits: the command
/// says so and how to recover, and writes nothing.
#[test]
fn a_command_blocked_by_another_writer_says_so_and_changes_nothing() {
    let laptop = Device::default();
    laptop.ok(&["contact", "add", "--name", "Anna Bauer"]);
    let before = laptop.state();
    let writer = rusqlite::Connection::open(&laptop.db).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    let refused = laptop.run(&["contact", "add", "--name", "Jürgen Müller"]);
    writer.execute_batch("ROLLBACK").unwrap();
    assert!(!refused.success);
    assert!(
        refused
            .stderr
            .contains("another program is writing to this notebook; try again"),
        "{}",
        refused.stderr
    );
    assert_eq!(laptop.state(), before);
    laptop.ok(&["contact", "add", "--name", "Jürgen Müller"]);
}

/// Someone pastes the laptop's own pairing link into "Join a hub" on the laptop itself.
#[test]
fn a_device_cannot_pair_with_itself() {
    let laptop = Device::default();
    let _hub = laptop.serve();
    let link = laptop.json(&["pair", "invite"])["link"]
        .as_str()
        .unwrap()
        .to_string();
    let refused = laptop.refuses(&["pair", "join", &link, "--name", "laptop"]);
    assert!(refused.contains("own pairing link"), "{refused}");
    assert_eq!(laptop.json(&["devices", "list"]), serde_json::json!([]));
}

/// `handschlag backup` killed with SIGKILL at random moments, 50 times: the notebook is never
/// touched, and every file the backups folder lists is a whole, intact backup.
#[test]
fn a_backup_killed_at_any_moment_leaves_the_notebook_and_every_listed_backup_intact() {
    let laptop = Device::default();
    laptop.add_many_contacts(3000);
    let export = laptop.ok(&["export"]);
    let typical = laptop.time(&["backup"]);
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    let mut cut = 0;
    for _ in 0..50 {
        cut += usize::from(!laptop.kill_during(&["backup"], typical, &mut dice));
    }
    eprintln!("{cut} of 50 backups were killed before they finished");
    assert!(cut >= 12, "only {cut} kills hit a running backup");
    assert_eq!(laptop.integrity(), "ok");
    assert_eq!(laptop.ok(&["export"]), export);
    laptop.ok(&["backup"]);
    let listed = laptop.json(&["backup", "--list"]);
    let listed = listed.as_array().unwrap();
    assert!((2..=7).contains(&listed.len()), "{listed:?}");
    for backup in listed {
        let copy = Device::at_copy_of(backup["path"].as_str().unwrap());
        assert_eq!(copy.integrity(), "ok");
        assert_eq!(copy.ok(&["export"]), export);
    }
}

/// `handschlag restore` killed with SIGKILL at random moments, 50 times: the notebook is always
/// either wholly what it was or wholly the backup, never half of each, and a sync after the
/// last one loses nothing.
#[test]
fn a_restore_killed_at_any_moment_leaves_the_old_notebook_or_the_backup() {
    let laptop = Device::default();
    let _hub = laptop.serve();
    let phone = Device::default();
    phone.pair_with(&laptop, "phone");
    phone.add_many_contacts(1500);
    phone.ok(&["sync"]);
    let backup = phone.json(&["backup", "--out", &phone.beside("kept.db")])["path"]
        .as_str()
        .unwrap()
        .to_string();
    let backed_up = Device::at_copy_of(&backup).ok(&["export"]);
    phone.add_many_contacts(1500);
    let mut states = vec![phone.ok(&["export"])];
    let typical = phone.time(&["restore", &backup]);
    let mut dice = Dice(0xD1B5_4A32_D192_ED03);
    let mut cut = 0;
    for round in 0..50 {
        phone.add_many_contacts(1);
        states.push(phone.ok(&["export"]));
        cut += usize::from(!phone.kill_during(&["restore", &backup], typical, &mut dice));
        assert_eq!(phone.integrity(), "ok", "round {round}");
        let now = phone.ok(&["export"]);
        assert!(
            now == backed_up || states.contains(&now),
            "round {round}: the notebook is neither the backup nor what it was"
        );
    }
    eprintln!("{cut} of 50 restores were killed before they finished");
    assert!(cut >= 12, "only {cut} kills hit a running restore");
    phone.ok(&["sync"]);
    phone.ok(&["sync"]);
    assert_eq!(phone.ok(&["export"]), laptop.ok(&["export"]));
}

/// A notebook of an old schema is opened by a command that is killed with SIGKILL at random
/// moments (while it backs up and migrates), 50 times on fresh copies: each copy is intact,
/// at the old schema or the new one, and opens with every record.
#[test]
fn a_migration_killed_at_any_moment_leaves_a_notebook_that_opens_with_every_record() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/core/tests/fixtures/schema-1.db"
    );
    let reference = Device::at_copy_of(fixture);
    let export = reference.ok(&["export"]);
    let typical = Device::at_copy_of(fixture).time(&["contact", "list"]);
    let mut dice = Dice(0xA076_1D64_78BD_642F);
    let mut cut = 0;
    for round in 0..50 {
        let old = Device::at_copy_of(fixture);
        cut += usize::from(!old.kill_during(&["contact", "list"], typical, &mut dice));
        assert_eq!(old.integrity(), "ok", "round {round}");
        assert_eq!(old.ok(&["export"]), export, "round {round}");
    }
    eprintln!("{cut} of 50 migrating commands were killed before they finished");
    assert!(cut >= 12, "only {cut} kills hit a running command");
}
