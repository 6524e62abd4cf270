//! Storage benchmarks at the size PRODUCT.md promises: 50,000 contacts and 200,000 check-ins
//! (half of them at 2,000 events), 20,000 follow-ups, 10,000 deals in two currencies and
//! keep-in-touch cadences for 10,000 contacts.
//!
//! Each target is measured beside a baseline in the same run, on the same file, so the printed
//! ratios hold on a noisy shared machine where absolute times do not:
//! * one check-in through the write path vs. a plain rusqlite INSERT of the same row;
//! * searches (p95) over the full data set;
//! * the whole Dashboard (`insights_get`, all time) vs. one plain pass over the check-ins.
//!
//! Run: `cargo xtask bench` (or `cargo bench -p handschlag-core`). The seeded database is kept in
//! `target/bench-data/` and reused by later runs.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use criterion::Criterion;
use handschlag_api::{
    CadenceKind, CadenceSet, CheckinCreate, CheckinKind, ContactCreate, ContactQuery, DealCreate,
    DealStatus, Empty, EventCreate, EventQuery, FollowUpCreate, Handler, IdRequest, InsightsQuery,
};
use handschlag_core::system::{OsEntropy, SystemClock};
use handschlag_core::{Clock, Notebook};

const CONTACTS: usize = 50_000;
const CHECKINS: usize = 200_000;
const EVENTS: usize = 2_000;
const DEALS: usize = 10_000;
/// One follow-up for every tenth check-in, planned the day after it; two in three are done.
const FOLLOW_UPS: usize = CHECKINS / 10;
const DAY_MS: i64 = 86_400_000;
const QUERIES: &[&str] = &[
    "mueller",
    "baue",
    "weiss",
    "Müll",
    "logistik",
    "mu",
    "schmidt musterstadt",
];

const FIRST: &[&str] = &[
    "Anna", "Jürgen", "Eva", "Petra", "Karl", "Sabine", "Thomas", "Ülkü", "Jörg", "Maria",
    "Stefan", "Zoë", "Lukas", "Hannah", "Bernd", "Ingrid",
];
const LAST: &[&str] = &[
    "Müller",
    "Bauer",
    "Weiß",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
];
const ORG: &[&str] = &[
    "Bau",
    "Logistik",
    "Steuerberatung",
    "Consulting",
    "Metzgerei",
    "Sparkasse",
    "Elektro",
    "Werbeagentur",
    "Schreinerei",
    "Coaching",
];
const TOWN: &[&str] = &[
    "Musterstadt",
    "Nachbarort",
    "Großheim",
    "Kleinau",
    "Bergdorf",
    "Talstadt",
    "Seeburg",
    "Wiesental",
];
const NOTE: &[&str] = &[
    "restructuring",
    "wants an offer",
    "met at the Stammtisch",
    "new branch manager",
    "",
    "",
    "call in spring",
    "knows the mayor",
];

/// A tiny deterministic generator, so every run seeds the same data.
struct Dice(u64);
impl Dice {
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        items[(self.0 % items.len() as u64) as usize]
    }
}

/// The seed's clock: follow-ups are created when they were planned, on the day after a meeting.
#[derive(Clone)]
struct SeedClock(Arc<AtomicI64>);
impl Clock for SeedClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::Relaxed)
    }
}

fn open(path: &Path) -> Notebook {
    Notebook::open(path, Box::new(SystemClock), Box::new(OsEntropy)).expect("bench database opens")
}

/// The seeded database (built once, then reused) and some contact ids in it.
fn seeded() -> (PathBuf, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!(
        "store-{CONTACTS}-{CHECKINS}-{EVENTS}-{DEALS}-{FOLLOW_UPS}-cadences-v{}.db",
        handschlag_core::SCHEMA_VERSION
    ));
    let clock = SeedClock(Arc::new(AtomicI64::new(now())));
    let mut notebook = Notebook::open(&path, Box::new(clock.clone()), Box::new(OsEntropy))
        .expect("bench database opens");
    let existing = notebook
        .contact_list(ContactQuery {
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap();
    if existing.total as usize >= CONTACTS {
        return (path, existing.contacts.into_iter().map(|c| c.id).collect());
    }
    eprintln!(
        "seeding {CONTACTS} contacts and {CHECKINS} check-ins into {} (once)",
        path.display()
    );
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    let mut ids = Vec::with_capacity(CONTACTS);
    for _ in 0..CONTACTS {
        let last = dice.pick(LAST);
        let contact = notebook
            .contact_create(ContactCreate {
                name: format!("{} {last}", dice.pick(FIRST)),
                organization: format!("{} {}", dice.pick(LAST), dice.pick(ORG)),
                town: dice.pick(TOWN).into(),
                notes: dice.pick(NOTE).into(),
                tags: vec![
                    dice.pick(&["kunde", "handwerk", "bank", "verein", "presse"])
                        .into(),
                ],
                ..Default::default()
            })
            .unwrap();
        ids.push(contact.id);
    }
    // One event every few days over the last years; every other check-in happens at one.
    let events: Vec<(String, i64)> = (0..EVENTS)
        .map(|i| {
            let event = notebook
                .event_create(EventCreate {
                    title: format!("{} {i}", dice.pick(&["Stammtisch", "Sommerfest", "Messe"])),
                    starts: format!("{}T19:00", day(i as i64 * 2 + 1)),
                    time_zone: "Europe/Berlin".into(),
                    cost_cents: [0, 4000, 15000][i % 3],
                    ..Default::default()
                })
                .unwrap();
            (event.id, event.starts_at)
        })
        .collect();
    let mut follow_ups = Vec::with_capacity(FOLLOW_UPS);
    for i in 0..CHECKINS {
        let (event_id, at) = if i % 2 == 0 {
            let (id, starts) = &events[i / 2 % EVENTS];
            (Some(id.clone()), starts + (i % 120) as i64 * 60_000)
        } else {
            (None, now() - (i % 1500) as i64 * DAY_MS)
        };
        let contact_id = ids[i * 7919 % CONTACTS].clone();
        if i % 10 == 0 {
            follow_ups.push((contact_id.clone(), at + DAY_MS));
        }
        notebook
            .checkin_create(CheckinCreate {
                contact_id,
                event_id,
                kind: Some(if i % 5 == 4 {
                    CheckinKind::Call
                } else {
                    CheckinKind::InPerson
                }),
                at: Some(at),
                note: dice.pick(NOTE).into(),
                ..Default::default()
            })
            .unwrap();
    }
    for (i, (contact_id, planned_at)) in follow_ups.into_iter().enumerate() {
        clock.0.store(planned_at, Ordering::Relaxed);
        let follow_up = notebook
            .follow_up_create(FollowUpCreate {
                contact_id,
                due: day_of(planned_at + 7 * DAY_MS),
                note: "send the offer".into(),
                ..Default::default()
            })
            .unwrap();
        if i % 3 != 2 {
            notebook
                .follow_up_complete(IdRequest { id: follow_up.id })
                .unwrap();
        }
    }
    clock.0.store(now(), Ordering::Relaxed);
    for i in 0..DEALS {
        notebook
            .deal_create(DealCreate {
                contact_id: ids[i * 104_729 % CONTACTS].clone(),
                title: "Auftrag".into(),
                amount_cents: 10_000 + (i as i64 * 7_919) % 500_000,
                currency: Some(["EUR", "CHF"][i % 2].into()),
                status: Some(
                    [
                        DealStatus::Won,
                        DealStatus::Won,
                        DealStatus::Open,
                        DealStatus::Lost,
                    ][i % 4],
                ),
                date: Some(day((i % 1500) as i64)),
                ..Default::default()
            })
            .unwrap();
    }
    // Keep in touch: everyone tagged "kunde" (one in five) is to be met every 90 days, and a
    // hundred contacts have a cadence of their own.
    notebook
        .cadence_set(CadenceSet {
            tag: Some("kunde".into()),
            kind: CadenceKind::InPerson,
            days: 90,
            contact_id: None,
        })
        .unwrap();
    for contact_id in ids.iter().step_by(CONTACTS / 100) {
        notebook
            .cadence_set(CadenceSet {
                contact_id: Some(contact_id.clone()),
                kind: CadenceKind::Any,
                days: 30,
                tag: None,
            })
            .unwrap();
    }
    ids.truncate(1000);
    (path, ids)
}

#[allow(clippy::disallowed_methods)] // the seed spreads its data back from today
fn now() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The calendar day `days_ago` days before today, `YYYY-MM-DD`.
fn day(days_ago: i64) -> String {
    day_of(now() - days_ago * DAY_MS)
}

/// The UTC calendar day of an instant, `YYYY-MM-DD`.
fn day_of(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .date_naive()
        .to_string()
}

/// An identical copy of the `checkin` table (same columns, same indexes), for the baseline: a
/// plain INSERT of the same row, without the write path around it.
const BASELINE_TABLE: &str = "CREATE TABLE IF NOT EXISTS bench_plain_checkin (
    id BLOB PRIMARY KEY, contact BLOB NOT NULL, event BLOB, kind TEXT NOT NULL, at INTEGER NOT NULL,
    place TEXT NOT NULL, note TEXT NOT NULL, hlc INTEGER NOT NULL, origin INTEGER NOT NULL, lseq INTEGER NOT NULL,
    retracted INTEGER NOT NULL DEFAULT 0, current_event BLOB
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS bench_plain_by_lseq ON bench_plain_checkin (lseq);
CREATE INDEX IF NOT EXISTS bench_plain_by_contact ON bench_plain_checkin (contact, at);
CREATE INDEX IF NOT EXISTS bench_plain_by_event ON bench_plain_checkin (current_event, retracted, kind, contact);
CREATE INDEX IF NOT EXISTS bench_plain_by_at ON bench_plain_checkin (at);
CREATE INDEX IF NOT EXISTS bench_plain_live ON bench_plain_checkin (retracted, contact, at, kind, current_event);";

struct Baseline {
    conn: rusqlite::Connection,
    next: u64,
}

impl Baseline {
    fn new(path: &Path) -> Baseline {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.pragma_update(None, "synchronous", "NORMAL").unwrap(); // as the notebook between syncs
        conn.execute_batch(BASELINE_TABLE).unwrap();
        // Continue after the rows earlier runs left, so keys stay unique and ascending.
        let next: i64 = conn
            .query_row("SELECT count(*) FROM bench_plain_checkin", [], |row| {
                row.get(0)
            })
            .unwrap();
        let next = next as u64;
        Baseline { conn, next }
    }

    /// One autocommit INSERT of a check-in-shaped row, every other one at `event`.
    fn insert(&mut self, contact: &[u8; 16], event: &[u8; 16]) {
        self.next += 1;
        let mut id = [0u8; 16];
        id[..8].copy_from_slice(&self.next.to_be_bytes()); // ascending, like UUIDv7
        let event = self.next.is_multiple_of(2).then_some(&event[..]);
        self.conn
            .prepare_cached("INSERT INTO bench_plain_checkin VALUES (?1, ?2, ?3, 'in-person', ?4, '', 'wants an offer', ?4, 1, ?4, 0, ?3)")
            .unwrap()
            .execute((&id[..], &contact[..], event, self.next as i64))
            .unwrap();
    }

    /// One plain pass over every check-in, grouped per contact: the least any all-time figure
    /// over the meetings has to read.
    fn scan(&self) {
        self.conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT contact, min(at) FROM checkin GROUP BY contact)",
            )
            .unwrap()
            .query_row([], |row| row.get::<_, i64>(0))
            .unwrap();
    }
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

fn time(n: usize, mut f: impl FnMut(usize)) -> Vec<Duration> {
    (0..n)
        .map(|i| {
            let start = Instant::now();
            f(i);
            start.elapsed()
        })
        .collect()
}

fn main() {
    let (path, ids) = seeded();
    let mut notebook = open(&path);
    let mut baseline = Baseline::new(&path);
    let contact_bytes = uuid_bytes(&ids[0]);
    // Every other check-in is at an event, as in the field: those also count the person's
    // follow-ups for the event.
    let event = notebook
        .event_list(EventQuery::default())
        .unwrap()
        .swap_remove(0)
        .id;
    let event_bytes = uuid_bytes(&event);
    let checkin = |notebook: &mut Notebook, i: usize| {
        notebook
            .checkin_create(CheckinCreate {
                contact_id: ids[i % ids.len()].clone(),
                event_id: i.is_multiple_of(2).then(|| event.clone()),
                note: "wants an offer".into(),
                ..Default::default()
            })
            .unwrap();
    };

    let mut criterion = Criterion::default()
        .configure_from_args()
        .sample_size(20)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_secs(1));
    let mut i = 0;
    criterion.bench_function("checkin_create (write path)", |b| {
        b.iter(|| {
            i += 1;
            checkin(&mut notebook, i)
        })
    });
    criterion.bench_function("plain INSERT of the same row (baseline)", |b| {
        b.iter(|| baseline.insert(&contact_bytes, &event_bytes))
    });
    for query in QUERIES {
        criterion.bench_function(&format!("search {query:?}"), |b| {
            b.iter(|| {
                notebook
                    .contact_list(ContactQuery {
                        query: (*query).into(),
                        limit: Some(50),
                        ..Default::default()
                    })
                    .unwrap()
            })
        });
    }
    criterion.final_summary();

    // Percentiles, each beside its baseline from this same run: the two are sampled in turns,
    // so a busy neighbour on the shared machine slows both alike.
    let (mut write, mut plain) = (Vec::new(), Vec::new());
    for i in 0..3000 {
        write.extend(time(1, |_| checkin(&mut notebook, i)));
        plain.extend(time(1, |_| baseline.insert(&contact_bytes, &event_bytes)));
    }
    let (write_p50, write_p99) = (percentile(&mut write, 0.5), percentile(&mut write, 0.99));
    let (plain_p50, plain_p99) = (percentile(&mut plain, 0.5), percentile(&mut plain, 0.99));
    println!(
        "\nsummary at {CONTACTS} contacts / {CHECKINS}+ check-ins ({})",
        path.display()
    );
    println!("check-in write   p50 {write_p50:>9.1?}  p99 {write_p99:>9.1?}   (target p99 < 2 ms)");
    println!("plain INSERT     p50 {plain_p50:>9.1?}  p99 {plain_p99:>9.1?}");
    println!(
        "ratio write/plain  p50 {:.2}x  p99 {:.2}x   (target within 2x)",
        write_p50.as_secs_f64() / plain_p50.as_secs_f64(),
        write_p99.as_secs_f64() / plain_p99.as_secs_f64()
    );
    let mut dashboard = Vec::new();
    let mut plain_pass = Vec::new();
    for _ in 0..15 {
        dashboard.extend(time(1, |_| {
            notebook.insights_get(InsightsQuery::default()).unwrap();
        }));
        plain_pass.extend(time(1, |_| baseline.scan()));
    }
    let (dashboard_p50, plain_p50) = (
        percentile(&mut dashboard, 0.5),
        percentile(&mut plain_pass, 0.5),
    );
    println!("dashboard (insights_get, all time)  p50 {dashboard_p50:>9.1?}   (target < 100 ms)");
    println!("one plain pass over the check-ins  p50 {plain_p50:>9.1?}");
    println!(
        "ratio dashboard/plain pass  {:.1}x",
        dashboard_p50.as_secs_f64() / plain_p50.as_secs_f64()
    );
    // A contact's page also names the likely duplicates among every live contact.
    let mut page = time(60, |i| {
        notebook
            .contact_get(IdRequest {
                id: ids[i * 797 % ids.len()].clone(),
            })
            .unwrap();
    });
    let mut duplicates = time(5, |_| {
        notebook.contact_duplicate_list(Empty {}).unwrap();
    });
    let page_p50 = percentile(&mut page, 0.5);
    println!(
        "contact page (contact_get, with likely duplicates)  p50 {page_p50:>9.1?}  p95 {:>9.1?}   {:.1}x the plain pass",
        percentile(&mut page, 0.95),
        page_p50.as_secs_f64() / plain_p50.as_secs_f64()
    );
    println!(
        "duplicates list (contact_duplicate_list)  p50 {:>9.1?}",
        percentile(&mut duplicates, 0.5)
    );
    for query in QUERIES {
        let mut samples = time(200, |_| {
            notebook
                .contact_list(ContactQuery {
                    query: (*query).into(),
                    limit: Some(50),
                    ..Default::default()
                })
                .unwrap();
        });
        let found = notebook
            .contact_list(ContactQuery {
                query: (*query).into(),
                limit: Some(1),
                ..Default::default()
            })
            .unwrap()
            .total;
        println!(
            "search {:<22} p50 {:>9.1?}  p95 {:>9.1?}   {found:>6} matches   (target p95 < 10 ms)",
            format!("{query:?}"),
            percentile(&mut samples, 0.5),
            percentile(&mut samples, 0.95)
        );
    }
}

fn uuid_bytes(id: &str) -> [u8; 16] {
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    let mut bytes = [0u8; 16];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).unwrap();
    }
    bytes
}
