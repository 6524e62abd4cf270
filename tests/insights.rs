//! Issue 11: did personal contact earn money? A known history — people met at three events,
//! online and by referral, follow-ups done and not, deals won, lost and open in EUR and CHF, one
//! attribution overridden, one event without cost, meetings logged afterwards — and every figure
//! of `handschlag stats --json` asserted exactly.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use handschlag_tests::{Device, today_in_berlin};
use serde_json::{Value, json};

/// The day `n` days before today, `YYYY-MM-DD`.
fn ago(n: u64) -> NaiveDate {
    today_in_berlin() - Days::new(n)
}

fn at(n: u64, time: &str) -> String {
    format!("{}T{time}", ago(n))
}

/// The history of the story, written through the CLI as a user would.
fn freelancer() -> Device {
    let me = Device::default();
    for (name, extra) in [
        ("Anna Bauer", vec!["--town", "Musterstadt"]),
        ("Ben Berger", vec!["--town", "Musterstadt"]),
        ("Clara Chen", vec!["--town", "Zürich"]),
        (
            "Dora Diehl",
            vec!["--town", "Musterstadt", "--how-met", "online"],
        ),
        (
            "Emil Engel",
            vec!["--how-met", "referral", "--referred-by", "Anna Bauer"],
        ),
        ("Fritz Frank", vec!["--town", "Beispielheim"]),
    ] {
        let mut args = vec!["contact", "add", "--name", name];
        args.extend(extra);
        me.ok(&args);
    }
    let sommerfest = at(60, "15:00");
    let stammtisch = at(20, "19:00");
    let messe = at(3, "10:00");
    me.ok(&[
        "event",
        "add",
        "--title",
        "Sommerfest",
        "--starts",
        &sommerfest,
        "--kind",
        "club-festival",
        "--cost",
        "150.00",
        "--contribution",
        "Sponsoring",
        "--meet",
        "Dora Diehl",
    ]);
    me.ok(&[
        "event",
        "add",
        "--title",
        "Stammtisch",
        "--starts",
        &stammtisch,
        "--kind",
        "meetup",
    ]);
    me.ok(&[
        "event",
        "add",
        "--title",
        "Messe",
        "--starts",
        &messe,
        "--kind",
        "fair",
        "--cost",
        "300.00",
        "--currency",
        "CHF",
    ]);

    // Meetings, each logged afterwards at the time it happened.
    for (who, event, when) in [
        ("Anna Bauer", "Sommerfest", at(60, "16:00")),
        ("Fritz Frank", "Sommerfest", at(60, "17:00")),
        // Met twice there: still one person, new there.
        ("Anna Bauer", "Sommerfest", at(60, "18:00")),
        ("Ben Berger", "Stammtisch", at(20, "19:30")),
        ("Anna Bauer", "Stammtisch", at(20, "20:00")),
        ("Clara Chen", "Messe", at(3, "11:00")),
    ] {
        me.ok(&["checkin", who, "--event", event, "--at", &when]);
    }
    me.ok(&[
        "checkin",
        "Ben Berger",
        "--kind",
        "call",
        "--at",
        &at(18, "09:00"),
    ]);

    let clara = me.json(&[
        "followup",
        "add",
        "Clara Chen",
        "--due",
        &ago(0).to_string(),
    ]);
    me.ok(&["followup", "done", clara["id"].as_str().unwrap()]);
    me.ok(&[
        "followup",
        "add",
        "Anna Bauer",
        "--due",
        &ago(0).to_string(),
        "--action",
        "send-offer",
    ]);

    for (who, title, amount, currency, status, date, extra) in [
        (
            "Anna Bauer",
            "Workshop",
            "1200.00",
            "EUR",
            "won",
            ago(40),
            vec![],
        ),
        // Won before they first met in person: revenue, but not the funnel's.
        (
            "Ben Berger",
            "Vorgespräch",
            "100.00",
            "EUR",
            "won",
            ago(25),
            vec![],
        ),
        (
            "Ben Berger",
            "Beratung",
            "800.00",
            "EUR",
            "won",
            ago(5),
            vec![],
        ),
        (
            "Ben Berger",
            "Extra",
            "300.00",
            "EUR",
            "lost",
            ago(4),
            vec![],
        ),
        (
            "Clara Chen",
            "Messestand",
            "2000.00",
            "CHF",
            "won",
            ago(1),
            vec![],
        ),
        (
            "Clara Chen",
            "Folgeauftrag",
            "500.00",
            "CHF",
            "open",
            ago(1),
            vec![],
        ),
        (
            "Dora Diehl",
            "Website",
            "400.00",
            "EUR",
            "won",
            ago(2),
            vec![],
        ),
        (
            "Emil Engel",
            "Schulung",
            "600.00",
            "EUR",
            "won",
            ago(4),
            vec!["--channel", "in-person", "--event", "Stammtisch"],
        ),
    ] {
        let date = date.to_string();
        let mut args = vec![
            "deal",
            "add",
            who,
            "--title",
            title,
            "--amount",
            amount,
            "--currency",
            currency,
            "--status",
            status,
            "--date",
            &date,
        ];
        args.extend(extra);
        me.ok(&args);
    }
    me
}

fn channel(
    channel: &str,
    currency: &str,
    revenue: i64,
    deals: u32,
    contacts: u32,
    average: i64,
) -> Value {
    json!({"channel": channel, "currency": currency, "revenueCents": revenue, "deals": deals,
        "contacts": contacts, "averageCents": average})
}

/// Won revenue by month, channel and currency, summed here from the deals as written above.
fn months(deals: &[(NaiveDate, &str, &str, i64)]) -> Value {
    let mut sums: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    for (date, channel, currency, cents) in deals {
        let month = date.format("%Y-%m").to_string();
        *sums
            .entry((month, currency.to_string(), channel.to_string()))
            .or_default() += cents;
    }
    sums.into_iter()
        .map(|((month, currency, channel), cents)| {
            json!({"month": month, "channel": channel, "currency": currency, "revenueCents": cents})
        })
        .collect()
}

/// An event's figures (people met and new among them, follow-ups created and done), without its
/// id and start.
fn event(
    title: &str,
    (met, new): (u32, u32),
    follow_ups: (u32, u32),
    won: u32,
    revenue: Value,
    cost: Value,
    net: Value,
) -> Value {
    json!({"title": title, "met": met, "newContacts": new, "followUps": follow_ups.0,
        "followUpsDone": follow_ups.1, "dealsWon": won, "revenue": revenue, "cost": cost, "net": net})
}

fn events(stats: &Value) -> Vec<Value> {
    stats["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let mut e = e.clone();
            let object = e.as_object_mut().unwrap();
            object.remove("eventId");
            object.remove("startsAt");
            e
        })
        .collect()
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect()
}

#[test]
fn issue_11_every_figure_of_a_known_history() {
    let me = freelancer();
    let stats = me.json(&["stats"]);

    assert_eq!(stats["currencies"], json!(["CHF", "EUR"]));
    assert_eq!(
        stats["won"],
        json!([{"cents": 200_000, "currency": "CHF"}, {"cents": 310_000, "currency": "EUR"}])
    );
    assert_eq!(
        stats["channels"],
        json!([
            channel("in-person", "CHF", 200_000, 1, 1, 200_000),
            // Anna (met at the Sommerfest), Ben (the Stammtisch) and Emil, overridden to in person.
            channel("in-person", "EUR", 270_000, 4, 3, 67_500),
            channel("online", "EUR", 40_000, 1, 1, 40_000),
        ])
    );
    assert_eq!(
        stats["months"],
        months(&[
            (ago(40), "in-person", "EUR", 120_000),
            (ago(5), "in-person", "EUR", 80_000),
            (ago(25), "in-person", "EUR", 10_000),
            (ago(1), "in-person", "CHF", 200_000),
            (ago(2), "online", "EUR", 40_000),
            (ago(4), "in-person", "EUR", 60_000),
        ])
    );
    let eur = |cents: i64| json!({"cents": cents, "currency": "EUR"});
    let chf = |cents: i64| json!({"cents": cents, "currency": "CHF"});
    assert_eq!(
        events(&stats),
        vec![
            event(
                "Messe",
                (1, 1),
                (1, 1),
                1,
                json!([chf(200_000)]),
                chf(30_000),
                chf(170_000)
            ),
            // No cost: revenue only, no made-up net.
            event(
                "Stammtisch",
                (2, 1),
                (1, 0),
                3,
                json!([eur(150_000)]),
                Value::Null,
                Value::Null
            ),
            event(
                "Sommerfest",
                (2, 2),
                (0, 0),
                1,
                json!([eur(120_000)]),
                eur(15_000),
                eur(105_000)
            ),
        ]
    );
    // Anna, Fritz, Ben and Clara were first met in person; Ben (a call two days later) and Clara
    // (a follow-up) were followed up within 7 days; Anna, Ben and Clara brought deals after 20,
    // 15 and 2 days.
    assert_eq!(
        stats["funnel"],
        json!({"met": 4, "followedUp": 2, "won": 3, "medianDaysToWin": 15.0})
    );
    assert_eq!(names(&stats["noFollowUp"]), ["Fritz Frank", "Anna Bauer"]);
    assert_eq!(stats["noFollowUp"][1]["date"], json!(ago(20).to_string()));
    assert_eq!(names(&stats["inviteNext"]), ["Dora Diehl"]);
    assert_eq!(
        stats["missed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (
                m["name"].as_str().unwrap(),
                m["eventTitle"].as_str().unwrap()
            ))
            .collect::<Vec<_>>(),
        [("Dora Diehl", "Sommerfest")]
    );
}

#[test]
fn issue_11_an_event_and_a_contact_show_their_own_figures() {
    let me = freelancer();
    let stats = me.json(&["stats"]);
    let messe = me.json(&["event", "show", "Messe"]);
    assert_eq!(
        messe["figures"], stats["events"][0],
        "the event's page counts as the Dashboard"
    );
    let anna = me.json(&["contact", "show", "Anna Bauer"]);
    assert_eq!(
        anna["revenue"],
        json!([{"cents": 120_000, "currency": "EUR"}])
    );
    let last_met = anna["checkins"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "in-person")
        .map(|c| c["at"].as_i64().unwrap())
        .max();
    assert_eq!(anna["lastMetInPerson"].as_i64(), last_met);
    let dora = me.json(&["contact", "show", "Dora Diehl"]);
    assert_eq!(dora["lastMetInPerson"], Value::Null, "never met in person");
}

#[test]
fn issue_11_a_period_and_a_currency_narrow_every_figure() {
    let me = freelancer();
    let from = ago(30).to_string();
    let stats = me.json(&["stats", "--from", &from]);
    assert_eq!(stats["from"], json!(from));
    assert_eq!(
        stats["channels"],
        json!([
            channel("in-person", "CHF", 200_000, 1, 1, 200_000),
            channel("in-person", "EUR", 150_000, 3, 2, 50_000),
            channel("online", "EUR", 40_000, 1, 1, 40_000),
        ])
    );
    let titles: Vec<&str> = stats["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Messe", "Stammtisch"]);
    assert_eq!(
        stats["funnel"],
        json!({"met": 2, "followedUp": 2, "won": 2, "medianDaysToWin": 8.5})
    );
    assert_eq!(names(&stats["noFollowUp"]), ["Anna Bauer"]);
    assert_eq!(stats["missed"], json!([]));

    let chf = me.json(&["stats", "--currency", "chf"]);
    assert_eq!(
        chf["channels"],
        json!([channel("in-person", "CHF", 200_000, 1, 1, 200_000)])
    );
    assert_eq!(chf["currencies"], json!(["CHF"]));

    // A deleted contact's deal still counts: the money was earned.
    me.ok(&["contact", "delete", "Dora Diehl"]);
    let after = me.json(&["stats"]);
    assert_eq!(
        after["channels"][2],
        channel("online", "EUR", 40_000, 1, 1, 40_000)
    );
    assert_eq!(names(&after["inviteNext"]), Vec::<&str>::new());
}

#[test]
fn issue_11_bad_input_is_refused_with_a_way_out() {
    let me = freelancer();
    let before = me.state();
    assert!(
        me.refuses(&["stats", "--from", "2026-12-01", "--to", "2026-11-01"])
            .contains("the period ends before it starts; give a --from on or before --to")
    );
    assert!(
        me.refuses(&["stats", "--currency", "EURO"])
            .contains("use three letters such as EUR")
    );
    assert!(
        me.refuses(&["stats", "--from", "2026-02-30"])
            .contains("write it as")
    );
    assert_eq!(me.state(), before, "a refused command changes nothing");
}

#[test]
fn issue_11_phone_and_laptop_show_the_same_figures_after_a_sync() {
    let laptop = Device::default();
    let phone = Device::default();
    let _hub = laptop.serve();
    phone.pair_with(&laptop, "phone");

    // At the event, on the phone: the event, two people met.
    phone.ok(&[
        "event",
        "add",
        "--title",
        "Stammtisch",
        "--starts",
        &at(2, "19:00"),
        "--kind",
        "meetup",
        "--cost",
        "40.00",
    ]);
    phone.ok(&[
        "contact",
        "add",
        "--name",
        "Anna Bauer",
        "--met-at",
        "Stammtisch",
        "--met-now",
    ]);
    phone.ok(&["contact", "add", "--name", "Ben Berger"]);
    phone.ok(&[
        "checkin",
        "Ben Berger",
        "--event",
        "Stammtisch",
        "--at",
        &at(2, "20:00"),
    ]);
    phone.ok(&["sync"]);

    // Back at the desk, on the laptop: the order that came of it.
    laptop.ok(&[
        "deal",
        "add",
        "Anna Bauer",
        "--title",
        "Workshop",
        "--amount",
        "1200.00",
        "--status",
        "won",
    ]);
    phone.ok(&["sync"]);

    let on_laptop = laptop.json(&["stats"]);
    assert_eq!(on_laptop, phone.json(&["stats"]));
    assert_eq!(
        on_laptop["channels"],
        json!([channel("in-person", "EUR", 120_000, 1, 1, 120_000)])
    );
    assert_eq!(on_laptop["events"][0]["met"], json!(2));
    assert_eq!(
        on_laptop["events"][0]["net"],
        json!({"cents": 116_000, "currency": "EUR"})
    );
}

#[test]
fn issue_11_keep_in_touch_is_driven_by_real_meetings_on_every_device() {
    let laptop = Device::default();
    let phone = Device::default();
    let _hub = laptop.serve();
    phone.pair_with(&laptop, "phone");
    for (name, tag) in [
        ("Anna Bauer", "kunde"),
        ("Ben Berger", "kunde"),
        ("Clara Chen", "presse"),
        ("Dora Diehl", "kunde"),
        ("Anton Adler", "kunde"),
    ] {
        laptop.ok(&["contact", "add", "--name", name, "--tag", tag]);
    }
    laptop.ok(&["checkin", "Anna Bauer", "--at", &at(40, "00:00")]);
    laptop.ok(&["checkin", "Ben Berger", "--at", &at(60, "00:00")]);
    laptop.ok(&[
        "checkin",
        "Clara Chen",
        "--kind",
        "call",
        "--at",
        &at(25, "00:00"),
    ]);
    laptop.ok(&["cadence", "set", "--tag", "kunde", "--in-person", "30"]);
    // A contact's own cadence beats their tag's: Ben is due in 30 days, not overdue.
    laptop.ok(&["cadence", "set", "Ben Berger", "--in-person", "90"]);
    laptop.ok(&["cadence", "set", "Clara Chen", "--any", "30"]);
    assert!(
        laptop
            .refuses(&["cadence", "set", "Clara Chen", "--any", "-30"])
            .contains("a cadence is 1 to 3650 days")
    );

    let due = |device: &Device| {
        let stats = device.json(&["stats"]);
        stats["keepInTouch"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| (k["name"].as_str().unwrap().to_string(), k.clone()))
            .collect::<Vec<_>>()
    };
    let listed = due(&laptop);
    let names: Vec<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    // Most overdue first: Anna (met 40 days ago, every 30), Dora and Anton (never met: due
    // since the cadence was set; Dora was added first), Clara (a call 25 days ago counts for
    // "any contact every 30").
    assert_eq!(
        names,
        ["Anna Bauer", "Dora Diehl", "Anton Adler", "Clara Chen"]
    );
    let anna = &listed[0].1;
    assert_eq!(anna["tag"], json!("kunde"));
    assert_eq!(
        anna["dueAt"].as_i64().unwrap() - anna["lastAt"].as_i64().unwrap(),
        30 * 86_400_000
    );
    assert!(anna["overdueDays"].as_i64().unwrap() >= 9);
    assert_eq!(listed[1].1["lastAt"], Value::Null);
    assert_eq!(listed[3].1["kind"], json!("any"));
    assert!((-5..=-4).contains(&listed[3].1["overdueDays"].as_i64().unwrap()));

    // On the phone, the same tag's cadence set differently before a sync: one row, last writer.
    phone.ok(&["cadence", "set", "--tag", "kunde", "--in-person", "45"]);
    phone.ok(&["sync"]);
    laptop.ok(&["checkin", "Anna Bauer"]); // met today, at the laptop
    phone.ok(&["sync"]);
    let tags = |device: &Device| {
        device
            .json(&["cadence", "list"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["tag"] == json!("kunde"))
            .count()
    };
    assert_eq!((tags(&laptop), tags(&phone)), (1, 1), "one cadence per tag");
    assert_eq!(
        laptop.json(&["cadence", "list"]),
        phone.json(&["cadence", "list"])
    );
    let names = |device: &Device| due(device).into_iter().map(|(n, _)| n).collect::<Vec<_>>();
    assert_eq!(
        names(&laptop),
        ["Dora Diehl", "Anton Adler", "Clara Chen"],
        "meeting Anna was the 'done'"
    );
    assert_eq!(names(&laptop), names(&phone));
    let anna = laptop.json(&["contact", "show", "Anna Bauer"]);
    assert_eq!(anna["keepInTouch"]["kind"], json!("in-person"));
    assert!(anna["keepInTouch"]["overdueDays"].as_i64().unwrap() <= -44);
}

#[test]
fn issue_11_a_list_names_the_fifty_most_urgent_people() {
    let me = Device::default();
    for i in 0..55 {
        let name = format!("Person {i:02}");
        me.ok(&["contact", "add", "--name", &name]);
        // Person 00 was met longest ago: the most urgent to follow up.
        let when = format!("{}T{:02}:{:02}", ago(30), i / 60 + 8, i % 60);
        me.ok(&["checkin", &name, "--at", &when]);
    }
    let stats = me.json(&["stats"]);
    let names = names(&stats["noFollowUp"]);
    assert_eq!(names.len(), 50, "at most 50 names");
    assert_eq!((names[0], names[49]), ("Person 00", "Person 49"));
}
