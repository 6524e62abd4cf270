//! Issue 12: after an import, the same person is in the notebook twice. The likely duplicates
//! are listed (names folded, phones as E.164, emails case-folded), two people with one name are
//! told apart, a merge keeps everything of both, syncs to the phone as ordinary writes, and can
//! be undone.

use handschlag_tests::Device;
use serde_json::Value;

fn add(device: &Device, args: &[&str]) -> String {
    let added = device.json(&[&["contact", "add"], args].concat());
    added["id"].as_str().unwrap().to_string()
}

fn show(device: &Device, id: &str) -> Value {
    device.json(&["contact", "show", id])
}

/// Each pair as "first name + second name: reasons".
fn pairs(device: &Device) -> Vec<String> {
    let listed = device.json(&["contact", "duplicates"]);
    listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let reasons: Vec<&str> = p["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap())
                .collect();
            format!(
                "{} + {}: {}",
                p["first"]["name"].as_str().unwrap(),
                p["second"]["name"].as_str().unwrap(),
                reasons.join(", ")
            )
        })
        .collect()
}

#[test]
fn issue_12_a_merge_keeps_everything_of_both_syncs_and_can_be_undone() {
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
        "--kind",
        "meetup",
    ]);
    let anna = add(
        &laptop,
        &[
            "--name",
            "Anna Bauer",
            "--org",
            "Bauer Logistik",
            "--email",
            "Anna.Bauer@example.org",
            "--town",
            "Berlin",
            "--tag",
            "kunde",
        ],
    );
    // The same Anna, typed on the phone at the Sommerfest: another spelling, her mobile.
    let anna_again = add(
        &laptop,
        &[
            "--name",
            "anna  BAUER",
            "--phone",
            "0171 1234567",
            "--email",
            "anna.bauer@example.org",
            "--town",
            "Musterstadt",
            "--tag",
            "messe",
            "--met-at",
            "Sommerfest",
            "--met-now",
            "--notes",
            "wants a quote",
        ],
    );
    laptop.ok(&["followup", "add", &anna_again, "--due", "2026-07-07"]);
    laptop.ok(&[
        "deal",
        "add",
        &anna_again,
        "--title",
        "Workshop",
        "--amount",
        "1200.00",
        "--status",
        "won",
    ]);
    laptop.ok(&["cadence", "set", &anna_again, "--in-person", "60"]);
    add(
        &laptop,
        &["--name", "Łukasz Nowak", "--phone", "+49 (0)30 555 1234"],
    );
    add(
        &laptop,
        &["--name", "Lukasz Nowak", "--phone", "030 5551234"],
    );
    add(&laptop, &["--name", "Thomas Müller", "--org", "Müller Bau"]);
    add(
        &laptop,
        &["--name", "Thomas Mueller", "--org", "Mueller Consulting"],
    );

    assert_eq!(
        pairs(&laptop),
        [
            "Anna Bauer + anna  BAUER: name, email",
            "Łukasz Nowak + Lukasz Nowak: name, phone",
            "Thomas Müller + Thomas Mueller: name",
        ]
    );
    // Found on save: her page says who she may be.
    assert_eq!(
        show(&laptop, &anna_again)["likelyDuplicates"][0]["id"],
        anna.as_str()
    );

    // Two Thomases are two people: said once, they are not listed again.
    let said = laptop.ok(&["contact", "distinct", "Thomas Müller", "Mueller Consulting"]);
    assert!(said.contains("are two people"), "{said}");

    let phone = Device::default();
    let hub = laptop.serve();
    phone.pair_with(&laptop, "phone");
    hub.line_starting_with("phone wants to pair");
    phone.ok(&["sync"]);
    assert_eq!(
        pairs(&phone).len(),
        2,
        "the phone knows the Thomases are two people"
    );

    // Merge: keep the first Anna, take the other's town.
    let merged = laptop.ok(&["contact", "merge", &anna, &anna_again, "--take", "town"]);
    assert!(
        merged.contains("1 check-ins, 1 follow-ups, 1 deals and 1 tags moved"),
        "{merged}"
    );
    let kept = show(&laptop, &anna);
    let contact = &kept["contact"];
    assert_eq!(
        (
            &contact["name"],
            &contact["town"],
            &contact["phone"],
            &contact["email"]
        ),
        (
            &Value::from("Anna Bauer"),
            &Value::from("Musterstadt"),
            &Value::from("0171 1234567"),
            &Value::from("Anna.Bauer@example.org")
        )
    );
    assert_eq!(contact["tags"], serde_json::json!(["kunde", "messe"]));
    assert_eq!(contact["metInPerson"], true);
    let checkins = kept["checkins"].as_array().unwrap();
    assert_eq!(checkins.len(), 1);
    assert_eq!(checkins[0]["eventTitle"], "Sommerfest");
    assert_eq!(checkins[0]["note"], "wants a quote");
    assert_eq!(kept["followUps"].as_array().unwrap().len(), 1);
    assert_eq!(kept["deals"][0]["title"], "Workshop");
    assert_eq!(kept["keepInTouch"]["days"], 60);
    assert_eq!(pairs(&laptop), ["Łukasz Nowak + Lukasz Nowak: name, phone"]);
    let sommerfest = laptop.json(&["event", "show", "Sommerfest"]);
    assert_eq!(sommerfest["figures"]["met"], 1, "{sommerfest}");

    // The phone sees the same merge after a sync.
    phone.ok(&["sync"]);
    assert_eq!(phone.ok(&["export"]), laptop.ok(&["export"]));
    assert_eq!(
        show(&phone, &anna)["contact"],
        show(&laptop, &anna)["contact"]
    );

    // Undo: two contacts again, each with what was theirs.
    let undone = laptop.ok(&["contact", "unmerge"]);
    assert!(undone.contains("two contacts again"), "{undone}");
    let (first, second) = (show(&laptop, &anna), show(&laptop, &anna_again));
    assert_eq!(first["contact"]["town"], "Berlin");
    assert_eq!(first["contact"]["phone"], "");
    assert_eq!(first["contact"]["tags"], serde_json::json!(["kunde"]));
    assert_eq!(
        first["checkins"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["retracted"] == false)
            .count(),
        0
    );
    assert_eq!(first["deals"].as_array().unwrap().len(), 0);
    assert!(first["keepInTouch"].is_null());
    assert_eq!(second["contact"]["tags"], serde_json::json!(["messe"]));
    assert_eq!(second["followUps"].as_array().unwrap().len(), 1);
    assert_eq!(second["deals"][0]["title"], "Workshop");
    assert_eq!(second["keepInTouch"]["days"], 60);
    let live: Vec<&Value> = second["checkins"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["retracted"] == false)
        .collect();
    assert_eq!(
        (live.len(), &live[0]["eventTitle"]),
        (1, &Value::from("Sommerfest"))
    );
    let refused = laptop.refuses(&["contact", "unmerge"]);
    assert!(refused.contains("no merge to undo"), "{refused}");

    phone.ok(&["sync"]);
    assert_eq!(phone.ok(&["export"]), laptop.ok(&["export"]));
}

#[test]
fn issue_12_a_merge_that_cannot_be_done_says_why_and_changes_nothing() {
    let laptop = Device::default();
    let anna = add(&laptop, &["--name", "Anna Bauer"]);
    let before = laptop.ok(&["export"]);
    let itself = laptop.refuses(&["contact", "merge", &anna, &anna]);
    assert!(itself.contains("cannot be merged with itself"), "{itself}");
    let unknown = laptop.refuses(&["contact", "merge", &anna, "Nobody Here"]);
    assert!(unknown.contains("Nobody Here"), "{unknown}");
    let field = laptop.refuses(&["contact", "merge", &anna, &anna, "--take", "shoe-size"]);
    assert!(field.contains("'shoe-size' is not one of"), "{field}");
    assert_eq!(laptop.ok(&["export"]), before);
}

#[test]
fn issue_12_undoing_a_merge_leaves_what_was_changed_since() {
    let laptop = Device::default();
    let anna = add(&laptop, &["--name", "Anna Bauer", "--town", "Berlin"]);
    let other = add(
        &laptop,
        &["--name", "Anna Bauer", "--town", "Köln", "--role", "CEO"],
    );
    laptop.ok(&["contact", "merge", &anna, &other, "--take", "town"]);
    laptop.ok(&["contact", "edit", &anna, "--town", "Hamburg"]);
    laptop.ok(&["contact", "unmerge"]);
    let kept = show(&laptop, &anna)["contact"].clone();
    assert_eq!(kept["town"], "Hamburg", "an edit after the merge stays");
    assert_eq!(kept["role"], "", "what the merge filled in is taken back");
    let restored = show(&laptop, &other)["contact"].clone();
    assert_eq!(
        (&restored["town"], &restored["role"]),
        (&Value::from("Köln"), &Value::from("CEO"))
    );
}

#[test]
fn issue_12_a_name_many_people_share_is_no_sign_of_a_duplicate_on_the_list_or_the_page() {
    let laptop = Device::default();
    let annas: Vec<String> = (0..9)
        .map(|i| {
            add(
                &laptop,
                &["--name", "Anna Bauer", "--town", &format!("Ort {i}")],
            )
        })
        .collect();
    let again = add(
        &laptop,
        &["--name", "A. Bauer", "--email", "anna@example.org"],
    );
    laptop.ok(&["contact", "edit", &annas[0], "--email", "ANNA@example.org"]);
    assert_eq!(
        pairs(&laptop),
        ["Anna Bauer + A. Bauer: email"],
        "nine Annas are nine people"
    );
    let page = show(&laptop, &annas[0])["likelyDuplicates"].clone();
    let named: Vec<&str> = page
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        named,
        [again.as_str()],
        "the page names the same email, not the eight namesakes"
    );
    assert_eq!(
        show(&laptop, &annas[1])["likelyDuplicates"],
        Value::Array(vec![])
    );
}
