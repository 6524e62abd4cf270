//! Story 2 and 8 through real processes: a hub on a loopback port, devices pairing through the
//! printed link, edits while apart, sync, and identical exports; refused devices change nothing.

use handschlag_tests::{Device, Dice};

fn invite(hub_device: &Device) -> String {
    hub_device.json(&["pair", "invite"])["link"]
        .as_str()
        .expect("a link")
        .to_string()
}

fn join(device: &Device, link: &str, name: &str) -> String {
    let joined = device.json(&["pair", "join", link, "--name", name]);
    joined["code"].as_str().expect("a short code").to_string()
}

#[test]
fn story_2_three_devices_edit_apart_then_sync_to_identical_exports() {
    let laptop = Device::default();
    laptop.ok(&[
        "contact",
        "add",
        "--name",
        "Anna Bauer",
        "--org",
        "Bauer Logistik",
    ]);
    let hub = laptop.serve();

    let phone = Device::default();
    let code = join(&phone, &invite(&laptop), "Anna's phone");
    let asked = hub.line_starting_with("Anna's phone wants to pair");
    assert!(
        asked.contains(&format!("code {code}")),
        "both sides show the same code: {asked}"
    );
    assert_eq!(phone.refused_as(&["sync"]), "pending");
    laptop.ok(&["devices", "allow", "Anna's phone"]);
    let tablet = Device::default();
    tablet.pair_with(&laptop, "tablet");
    hub.line_starting_with("tablet wants to pair");

    // Apart: the phone logs the evening, the tablet and the laptop edit Anna.
    phone.ok(&["sync"]);
    phone.ok(&[
        "contact",
        "add",
        "--name",
        "Jürgen Müller",
        "--org",
        "Müller Bau",
        "--tag",
        "handwerk",
    ]);
    phone.ok(&["checkin", "Jürgen Müller", "--note", "call next week"]);
    phone.ok(&["followup", "add", "Jürgen Müller", "--due", "2026-12-01"]);
    tablet.ok(&["sync"]);
    tablet.ok(&["contact", "edit", "Anna Bauer", "--town", "Musterstadt"]);
    laptop.ok(&["contact", "edit", "Anna Bauer", "--role", "CEO"]);

    let synced = phone.json(&["sync"]);
    assert!(
        synced["peers"][0]["sent"].as_u64().unwrap() >= 4,
        "the phone sent its evening: {synced}"
    );
    tablet.ok(&["sync"]);
    phone.ok(&["sync"]);

    let export = laptop.ok(&["export", "--format", "json"]);
    assert_eq!(
        phone.ok(&["export", "--format", "json"]),
        export,
        "phone and laptop differ"
    );
    assert_eq!(
        tablet.ok(&["export", "--format", "json"]),
        export,
        "tablet and laptop differ"
    );
    let anna = laptop.json(&["contact", "show", "Anna Bauer"]);
    assert_eq!(
        (
            anna["contact"]["town"].as_str(),
            anna["contact"]["role"].as_str()
        ),
        (Some("Musterstadt"), Some("CEO"))
    );
    assert_eq!(
        tablet.search("mueller"),
        ["Jürgen Müller"],
        "the phone's contact reached the tablet via the hub"
    );
    let devices = laptop.json(&["devices", "list"]);
    assert_eq!(devices.as_array().unwrap().len(), 2);

    // The laptop's hub stops: the phone is told the hub is out of reach, by its kind.
    drop(hub);
    assert_eq!(phone.refused_as(&["sync"]), "unreachable");
    // Its log says so only when asked with -v: a hub out of reach is normal away from home.
    let quiet = phone.run(&["sync"]);
    assert_eq!(quiet.status, Some(7));
    assert!(!quiet.stderr.contains("sync skipped"), "{}", quiet.stderr);
    let verbose = phone.run(&["-v", "sync"]);
    assert_eq!(verbose.status, Some(7));
    assert!(
        verbose
            .stderr
            .lines()
            .any(|line| line.contains("INFO") && line.contains("sync skipped")),
        "-v logs no skipped sync: {}",
        verbose.stderr
    );
}

#[test]
fn story_8_revoked_unpaired_and_wrong_certificate_devices_are_refused() {
    let laptop = Device::default();
    let _hub = laptop.serve();
    let phone = Device::default();
    let link = invite(&laptop);
    join(&phone, &link, "lost phone");
    laptop.ok(&["devices", "allow", "lost phone"]);

    let stranger = Device::default();
    stranger.ok(&["contact", "list"]);
    let reused = stranger.refuses(&["pair", "join", &link, "--name", "stranger"]);
    assert!(reused.contains("already used"), "{reused}");
    assert_eq!(stranger.refused_as(&["sync"]), "notPaired");

    let fresh = invite(&laptop);
    let fingerprint = fresh
        .split("fp=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let forged = fresh.replace(fingerprint, &"0".repeat(fingerprint.len()));
    assert_eq!(
        stranger.refused_as(&["pair", "join", &forged, "--name", "stranger"]),
        "certificateMismatch"
    );

    laptop.ok(&["contact", "add", "--name", "Secret Contact"]);
    laptop.ok(&["devices", "revoke", "lost phone"]);
    assert_eq!(phone.refused_as(&["sync"]), "revoked");
    assert!(
        phone.search("secret").is_empty(),
        "a revoked device gets nothing"
    );
}

/// Kills `handschlag sync` with SIGKILL at pseudo-random moments, 50 times, while the hub keeps
/// getting new contacts: the phone's database must stay intact every time, and the next
/// uninterrupted sync must end where a one-shot sync would — identical exports on both sides.
#[test]
fn a_sync_killed_at_any_moment_leaves_an_intact_database_that_converges() {
    const ROUND: usize = 300;
    let laptop = Device::default();
    let _hub = laptop.serve();
    let phone = Device::default();
    phone.pair_with(&laptop, "phone");
    phone.ok(&["contact", "add", "--name", "Written on the phone"]);

    // How long a sync of one round's contacts takes on this machine, so the kills below land
    // inside syncs however fast or slow the build is.
    laptop.add_many_contacts(ROUND);
    let started = std::time::Instant::now();
    phone.ok(&["sync"]);
    let typical = started.elapsed();

    let mut dice = Dice(0x2545_F491_4F6C_DD1D);
    let mut cut_mid_sync = 0;
    for round in 0..50 {
        laptop.add_many_contacts(ROUND);
        let finished = phone.kill_during(&["sync"], typical, &mut dice);
        assert_eq!(
            phone.integrity(),
            "ok",
            "round {round}: the phone's database is damaged"
        );
        cut_mid_sync += usize::from(!finished);
    }
    eprintln!("{cut_mid_sync} of 50 syncs were killed before they finished");
    assert!(
        cut_mid_sync >= 12,
        "only {cut_mid_sync} kills hit a running sync; the test proves little"
    );
    phone.ok(&["sync"]);
    assert_eq!(
        phone.ok(&["export"]),
        laptop.ok(&["export"]),
        "the interrupted syncs did not converge"
    );
    assert_eq!(
        laptop.search("written on the phone"),
        ["Written on the phone"]
    );
}

/// Sends what a broken or hostile client might: malformed bodies, another schema, a page over
/// the size limit, and a page claiming to come from another device. Each is refused with a
/// reason, and the hub's data stays exactly as it was.
#[test]
fn malformed_pages_to_the_sync_endpoint_are_refused_and_change_nothing() {
    use handschlag_api::{ApiError, ContactCreate, ErrorCode, Handler};
    use handschlag_core::RecordChange;
    use handschlag_sync::{Fingerprint, HubClient, Identity, wire};
    use serde_json::Value;

    let laptop = Device::default();
    let hub = laptop.serve();
    let phone = Device::default();
    let link = invite(&laptop);
    join(&phone, &link, "phone");
    laptop.ok(&["devices", "allow", "phone"]);
    let before = laptop.ok(&["export"]);

    let mut notebook = phone.open();
    notebook
        .contact_create(ContactCreate {
            name: "Sneaky".into(),
            ..Default::default()
        })
        .unwrap();
    let identity = Identity {
        cert_der: notebook.setting("tls_cert").unwrap().unwrap(),
        key_der: notebook.setting("tls_key").unwrap().unwrap(),
    };
    let fingerprint: Fingerprint = link
        .split("fp=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let client = HubClient::new(&hub.address, &identity, fingerprint).unwrap();
    let page = notebook.changes_since(0, 1000).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let push = |body: Vec<u8>| {
        runtime
            .block_on(client.post_encoded::<Value>("/v1/sync/push", wire::CONTENT_TYPE, body))
            .unwrap_err()
    };

    let garbage = push(wire::encode(&"{\"protocol\": 1, \"rows\": [tr"));
    assert!(
        garbage.to_string().contains("not a valid message"),
        "{garbage}"
    );
    let wrong_shape = push(wire::encode(&(2u32, "lots")));
    assert!(
        wrong_shape.to_string().contains("not a valid message"),
        "{wrong_shape}"
    );
    let undeflated = push(b"{\"protocol\": 1}".to_vec()).to_string();
    assert!(undeflated.contains("not deflated"), "{undeflated}");
    let deflated = wire::encode(&page);
    let truncated = push(deflated[..deflated.len() / 2].to_vec()).to_string();
    assert!(truncated.contains("update Handschlag"), "{truncated}");
    // A device of the first sync format (deflated JSON) is told to update, not half read.
    let json = serde_json::to_vec(&serde_json::json!({ "protocol": 1, "rows": [] })).unwrap();
    let older = runtime
        .block_on(client.post_encoded::<Value>(
            "/v1/sync/push",
            "application/vnd.handschlag.sync+json+deflate",
            json,
        ))
        .unwrap_err();
    assert_eq!(ApiError::from(older).code, ErrorCode::VersionMismatch);

    let mut newer = page.clone();
    newer.schema += 1;
    let error = push(wire::encode(&newer));
    assert!(
        error.to_string().contains("update the app on this device"),
        "{error}"
    );

    let mut huge = page.clone();
    let tombstone = RecordChange::Tombstone {
        target: [7; 16],
        hlc: 1,
        origin: 0,
    };
    huge.devices = vec![page.device];
    huge.records = vec![tombstone; handschlag_sync::protocol::MAX_PAGE + 1];
    let error = push(wire::encode(&huge));
    assert!(
        error.to_string().contains(&format!(
            "at most {} changes",
            handschlag_sync::protocol::MAX_PAGE
        )),
        "{error}"
    );

    let mut forged = page.clone();
    forged.device = [9; 16];
    let error = push(wire::encode(&forged));
    assert!(
        error.to_string().contains("only push its own change feed"),
        "{error}"
    );

    let mut dangling = page;
    dangling.rows[0].clocks[0].1 = 99;
    let error = push(wire::encode(&dangling));
    assert!(error.to_string().contains("did not list"), "{error}");

    assert_eq!(
        laptop.ok(&["export"]),
        before,
        "a refused page changed the hub"
    );
}

#[test]
fn issue_15_a_first_full_sync_shows_a_progress_bar_on_a_terminal_and_none_in_a_pipe() {
    let laptop = Device::default();
    let _hub = laptop.serve();
    let phone = Device::default();
    phone.pair_with(&laptop, "phone");
    phone.add_many_contacts(6_000);

    // On a terminal, the bar grows page by page.
    let (synced, shown) = phone.on_terminal("sync");
    let bars: Vec<(u64, u64)> = shown
        .lines()
        .filter_map(|l| l.strip_prefix("Syncing with Handschlag hub "))
        .map(|bar| {
            let numbers: Vec<u64> = bar
                .split_whitespace()
                .filter_map(|word| word.parse().ok())
                .collect();
            (numbers[0], numbers[1])
        })
        .collect();
    assert!(synced, "{shown}");
    assert!(
        bars.len() >= 2,
        "a bar while it ran, then the full one: {shown}"
    );
    let (last_done, all) = *bars.last().unwrap();
    assert!(all >= 6_000 && last_done == all, "{bars:?}");
    assert!(
        bars.windows(2)
            .all(|w| w[0].0 <= w[1].0 && w[0].1 == w[1].1),
        "it only grows: {bars:?}"
    );
    assert!(bars[0].0 < all, "it was drawn before the end: {bars:?}");
    assert_eq!(laptop.json(&["contact", "list"])["total"], 6_000);

    // In a pipe (a script, a log), no bar.
    phone.add_many_contacts(10);
    let again = phone.run(&["sync"]);
    assert!(
        again.success && !again.stderr.contains("Syncing"),
        "{}",
        again.stderr
    );
}
