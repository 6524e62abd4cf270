//! The hub's web UI as a browser on the same machine sees it: the embedded app, the command API
//! over both command lists, and the refusals that keep other web pages from driving it.

use handschlag_tests::Device;
use serde_json::json;

#[test]
fn the_hub_serves_the_app_and_its_routes_on_loopback() {
    let laptop = Device::default();
    let hub = laptop.serve();
    assert!(hub.ui.starts_with("127.0.0.1:"), "{}", hub.ui);
    for path in ["/", "/index.html", "/some/app/route"] {
        let page = hub.http("GET", path, &[("Host", &hub.ui)], "");
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        assert!(
            page.body.contains("<div id=\"app\">"),
            "{path}: {}",
            page.body
        );
        assert!(
            page.head
                .to_lowercase()
                .contains("content-security-policy: default-src 'self'"),
            "{}",
            page.head
        );
    }
}

#[test]
fn story_1_a_contact_made_in_the_browser_is_the_same_contact_on_the_command_line() {
    let laptop = Device::default();
    let hub = laptop.serve();
    let created = hub.api(
        "contact_create",
        json!({"name": "Jürgen Müller", "organization": "Müller Bau", "howMet": "in-person"}),
    );
    assert_eq!(created.status, 200, "{}", created.body);
    let listed = laptop.json(&["contact", "list", "--query", "mueller"]);
    assert_eq!(listed["contacts"][0]["name"], "Jürgen Müller");
    assert_eq!(listed["contacts"][0]["id"], created.json()["id"]);

    let missing = hub.api("contact_create", json!({"name": "  "}));
    assert_eq!(missing.status, 422);
    assert_eq!(missing.json()["code"], "invalid");
    assert!(missing.json()["message"].as_str().unwrap().contains("name"));
}

#[test]
fn other_pages_and_other_host_names_cannot_drive_the_api() {
    let laptop = Device::default();
    let hub = laptop.serve();
    let before = laptop.state();
    let body = json!({"name": "Mallory"}).to_string();
    let evil_origin = hub.http(
        "POST",
        "/v1/api/contact_create",
        &[
            ("Host", &hub.ui),
            ("Origin", "http://evil.example"),
            ("Content-Type", "application/json"),
        ],
        &body,
    );
    assert_eq!(evil_origin.status, 403, "{}", evil_origin.body);
    let rebound_host = hub.http(
        "POST",
        "/v1/api/contact_create",
        &[
            ("Host", "evil.example"),
            ("Content-Type", "application/json"),
        ],
        &body,
    );
    assert_eq!(rebound_host.status, 403, "{}", rebound_host.body);
    let form_post = hub.http(
        "POST",
        "/v1/api/contact_create",
        &[("Host", &hub.ui), ("Content-Type", "text/plain")],
        &body,
    );
    assert_eq!(form_post.status, 415, "{}", form_post.body);
    let unknown = hub.api("contact_explode", json!({}));
    assert_eq!(unknown.json()["code"], "unknownCommand");
    assert_eq!(laptop.state(), before, "nothing was written");
}

/// Another program or user on this machine (no browser, so no Origin) tries the API directly,
/// without the session cookie the app's page gets, or with one from an earlier start.
#[test]
fn a_local_program_without_the_pages_session_cannot_drive_the_api() {
    let laptop = Device::default();
    let hub = laptop.serve();
    let before = laptop.state();
    let body = json!({"name": "Mallory"}).to_string();
    for cookie in [None, Some("handschlag_session=00000000"), Some("other=1")] {
        let mut headers = vec![
            ("Host", hub.ui.as_str()),
            ("Content-Type", "application/json"),
        ];
        headers.extend(cookie.map(|c| ("Cookie", c)));
        let answer = hub.http("POST", "/v1/api/contact_create", &headers, &body);
        assert_eq!(answer.status, 403, "{cookie:?}: {}", answer.body);
        assert!(
            answer.body.contains("open (or reload) the address"),
            "{}",
            answer.body
        );
    }
    assert_eq!(laptop.state(), before, "nothing was written");
    let page = hub.http("GET", "/", &[("Host", &hub.ui)], "");
    let cookie = page
        .head
        .lines()
        .find(|line| line.starts_with("set-cookie: "))
        .expect("the page sets a cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert_eq!(hub.api("device_overview", json!({})).status, 200);
}

#[test]
fn the_web_ui_never_listens_beyond_this_machine() {
    let laptop = Device::default();
    let refused = laptop.refuses(&["serve", "--listen", "127.0.0.1:0", "--ui", "0.0.0.0:0"]);
    assert!(refused.contains("loopback"), "{refused}");
}

#[test]
fn story_8_pairing_from_the_devices_screen_and_what_is_not_yet_synced() {
    let laptop = Device::default();
    let hub = laptop.serve();
    let invite = hub.api("pairing_invite", json!({})).json();
    let link = invite["link"].as_str().expect("a link");
    let rows = invite["qr"].as_array().expect("QR rows");
    assert!(rows.len() >= 21, "a QR code has at least 21 rows");
    assert!(
        rows.iter()
            .all(|row| row.as_str().unwrap().len() == rows.len())
    );

    let phone = Device::default();
    let joined = phone.json(&["pair", "join", link, "--name", "Anna's phone"]);
    let overview = hub.api("device_overview", json!({})).json();
    assert_eq!(overview["hubRunning"], true);
    let peer = &overview["peers"][0];
    assert_eq!(peer["name"], "Anna's phone");
    assert_eq!(
        peer["shortCode"], joined["code"],
        "both screens show one code"
    );
    assert_eq!(peer["dialed"], false, "the phone dials the hub");
    assert_eq!(peer["pending"], true, "it waits for the hub's owner");
    assert_eq!(phone.refused_as(&["sync"]), "pending");
    let id = peer["id"].as_str().unwrap();
    let allowed = hub.api("device_allow", json!({"id": id})).json();
    assert_eq!(allowed["peers"][0]["pending"], false);

    hub.api("contact_create", json!({"name": "Anna Bauer"}));
    let waiting = hub.api("device_overview", json!({})).json();
    assert_eq!(waiting["peers"][0]["waiting"], 1, "{waiting}");
    assert_eq!(waiting["waiting"], 1);

    phone.ok(&["contact", "add", "--name", "Jürgen Müller"]);
    phone.ok(&["sync"]);
    let synced = hub.api("device_overview", json!({})).json();
    assert_eq!(synced["waiting"], 0, "{synced}");
    assert!(synced["peers"][0]["lastSyncAt"].as_i64().is_some());
    assert_eq!(
        phone.json(&["contact", "list"])["total"],
        2,
        "the phone has both contacts"
    );

    let revoked = hub.api("device_revoke", json!({"id": id})).json();
    assert_eq!(revoked["peers"][0]["revoked"], true);
    assert_eq!(phone.refused_as(&["sync"]), "revoked");
    // The phone's own window asks the same: its report carries the kind, for the UI to word.
    let report = phone.serve().api("sync_now", json!({"hub": null})).json();
    assert_eq!(report["peers"][0]["error"]["code"], "revoked", "{report}");
}

/// Issue 12: a LinkedIn export of 20,000 connections (2.3 MB, 3 MB as base64) comes in through
/// the web UI's API in one request, like the small ones.
#[test]
fn a_large_contact_file_can_be_imported_through_the_browser() {
    use base64::Engine;
    let laptop = Device::default();
    let hub = laptop.serve();
    let mut csv =
        String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for i in 0..20_000 {
        csv += &format!(
            "Person,Number {i},https://www.linkedin.com/in/person-{i},person{i}@example.de,\"Firma {i}, GmbH\",Geschäftsführerin,03 Jan 2023\n"
        );
    }
    let data = base64::engine::general_purpose::STANDARD.encode(&csv);
    assert!(data.len() > 3_000_000);
    let imported = hub.api(
        "contact_import",
        json!({"fileName": "Connections.csv", "data": data, "dryRun": false}),
    );
    assert_eq!(
        imported.status,
        200,
        "{}",
        &imported.body[..imported.body.len().min(300)]
    );
    assert_eq!(
        laptop.json(&["contact", "list", "--limit", "1"])["total"],
        20_000
    );
}
