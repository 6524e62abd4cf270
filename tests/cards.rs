//! Issue 12: cards by QR code. My card is the contact marked as me, drawn as a vCard QR code
//! that keeps my notes and tags private and shows on every device; a card scanned at an event
//! becomes a contact met in person and checked in there in one step, and scanning it again
//! adds a check-in, not a second contact.

use handschlag_tests::Device;
use serde_json::{Value, json};

fn add(device: &Device, args: &[&str]) -> String {
    let added = device.json(&[&["contact", "add"], args].concat());
    added["id"].as_str().unwrap().to_string()
}

#[test]
fn issue_12_my_card_is_a_qr_code_without_my_notes_on_every_device() {
    let laptop = Device::default();
    let none = laptop.ok(&["contact", "me"]);
    assert!(
        none.contains("handschlag contact me \"Your Name\""),
        "{none}"
    );
    let me = add(
        &laptop,
        &[
            "--name",
            "Jana Schäfer",
            "--org",
            "Schäfer Design",
            "--email",
            "jana@example.org",
            "--phone",
            "0171 1234567",
            "--notes",
            "private: rent due",
            "--tag",
            "ich",
        ],
    );
    let card = laptop.json(&["contact", "me", "Jana Schäfer"]);
    assert_eq!(card["contact"]["id"], me.as_str());
    let vcard = card["vcard"].as_str().unwrap();
    for line in [
        "FN:Jana Schäfer",
        "ORG:Schäfer Design",
        "EMAIL;TYPE=INTERNET:jana@example.org",
    ] {
        assert!(vcard.contains(line), "{line} missing from {vcard}");
    }
    assert!(
        !vcard.contains("rent due") && !vcard.contains("CATEGORIES"),
        "{vcard}"
    );
    let rows: Vec<&str> = card["qr"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        rows.len() >= 21 && rows.iter().all(|r| r.len() == rows.len()),
        "a square QR code"
    );
    assert!(
        laptop
            .ok(&["contact", "me"])
            .contains("My card: Jana Schäfer")
    );
    assert_eq!(laptop.json(&["contact", "show", &me])["isMe"], true);

    let phone = Device::default();
    let hub = laptop.serve();
    phone.pair_with(&laptop, "phone");
    hub.line_starting_with("phone wants to pair");
    phone.ok(&["sync"]);
    assert_eq!(
        phone.json(&["contact", "me"])["vcard"],
        vcard,
        "the phone shows the same card"
    );

    let other = add(&phone, &["--name", "Jana Schäfer-Lind"]);
    phone.ok(&["contact", "me", &other]);
    phone.ok(&["sync"]);
    assert_eq!(
        laptop.json(&["contact", "me"])["contact"]["id"],
        other.as_str(),
        "one me, the latest"
    );
    assert_eq!(laptop.json(&["contact", "show", &me])["isMe"], false);
    assert_eq!(
        laptop.json(&["contact", "me", "--nobody"])["contact"],
        Value::Null
    );
}

#[test]
fn issue_12_a_scanned_card_is_a_contact_checked_in_at_the_event_once() {
    let laptop = Device::default();
    let event = laptop.json(&[
        "event",
        "add",
        "--title",
        "Gründerabend",
        "--starts",
        "2026-12-03T18:00",
        "--tz",
        "Europe/Berlin",
        "--kind",
        "meetup",
    ]);
    let hub = laptop.serve();
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:019f0000-0000-7000-8000-0000000000aa\r\n\
                FN:Łukasz Wójcik\r\nN:Wójcik;Łukasz;;;\r\nORG:Wójcik IT\r\nTEL:+48 601 234 567\r\n\
                EMAIL:lukasz@example.org\r\nEND:VCARD\r\n";
    let scan = json!({"vcard": card, "eventId": event["id"]});

    let scanned = hub.api("card_scan", scan.clone());
    assert_eq!(scanned.status, 200, "{}", scanned.body);
    let scanned = scanned.json();
    assert_eq!(scanned["created"], true);
    let id = scanned["contact"]["id"].as_str().unwrap();
    let shown = laptop.json(&["contact", "show", "lukasz"]);
    assert_eq!(shown["contact"]["id"], id);
    assert_eq!(shown["contact"]["organization"], "Wójcik IT");
    assert_eq!(shown["contact"]["howMet"], "in-person");
    assert_eq!(shown["checkins"][0]["eventTitle"], "Gründerabend");
    assert_eq!(shown["checkins"][0]["kind"], "in-person");

    let again = hub.api("card_scan", scan).json();
    assert_eq!(
        (&again["created"], &again["contact"]["id"]),
        (&json!(false), &json!(id))
    );
    let shown = laptop.json(&["contact", "show", id]);
    assert_eq!(
        shown["checkins"].as_array().unwrap().len(),
        2,
        "a second encounter"
    );
    assert_eq!(
        laptop.json(&["contact", "list"])["total"],
        1,
        "not a second contact"
    );
}

#[test]
fn issue_12_a_scanned_card_from_the_address_book_is_now_met_in_person() {
    let laptop = Device::default();
    let known = add(
        &laptop,
        &[
            "--name",
            "Jürgen Müller",
            "--phone",
            "0171 7654321",
            "--how-met",
            "unknown",
        ],
    );
    let hub = laptop.serve();
    let card = "BEGIN:VCARD\nVERSION:4.0\nFN:Juergen Mueller\nTEL;VALUE=uri:tel:+49-171-7654321\nTITLE:Bauleiter\nEND:VCARD\n";
    let scanned = hub.api("card_scan", json!({ "vcard": card })).json();
    assert_eq!(
        scanned["contact"]["id"],
        known.as_str(),
        "the same person, by name and phone"
    );
    assert_eq!(scanned["contact"]["howMet"], "in-person");
    assert_eq!(scanned["contact"]["role"], "Bauleiter", "filled in");
    assert_eq!(
        scanned["checkin"]["eventId"],
        Value::Null,
        "no event chosen"
    );
}

#[test]
fn issue_12_a_code_that_is_no_card_changes_nothing_and_says_what_to_scan() {
    let laptop = Device::default();
    let hub = laptop.serve();
    let before = laptop.ok(&["export"]);
    for text in [
        "https://example.com/",
        "handschlag://pair?v=1&addr=127.0.0.1:7878",
        "BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n",
    ] {
        let refused = hub.api("card_scan", json!({ "vcard": text }));
        assert_eq!(refused.status, 422, "{text}: {}", refused.body);
        let error = refused.json();
        assert_eq!(error["code"], "invalid", "{text}");
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains("scan") || message.contains("name"),
            "{text}: {message}"
        );
    }
    let missing = hub.api(
        "card_scan",
        json!({"vcard": "BEGIN:VCARD\nFN:Anna\nEND:VCARD\n", "eventId": "019f0000-0000-7000-8000-000000000001"}),
    );
    assert_eq!(missing.json()["code"], "notFound", "{}", missing.body);
    assert_eq!(laptop.ok(&["export"]), before, "nothing written");
}
