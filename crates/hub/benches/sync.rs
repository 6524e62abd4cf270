//! Replication benchmarks, each beside a baseline measured in the same run (results and how to
//! read them: BENCHMARKS.md):
//! * a local contact write, vs. a plain INSERT of the same row into an identical `contact` table;
//! * applying the change feed of 10,000 contacts to an empty replica, vs. one transaction of plain
//!   INSERTs of the same rows into an identical `contact` table;
//! * the bytes of that feed on the wire, vs. the raw bytes of the field values;
//! * the same 10,000 contacts through the `automerge` crate (build, save, load), the peer baseline;
//! * a first full sync of them between two programs (`handschlag sync` → `handschlag serve`),
//!   with the peak memory of each;
//! * an incremental sync of 100 edits over loopback TLS through the real hub, vs. plain INSERTs of
//!   the 100 rows;
//! * the window's commands while another device pulls all 10,000 contacts, vs. the same commands
//!   on the quiet notebook; and the first search after that sync, vs. the whole search catch-up;
//! * the storage benchmark's 50,000-contact notebook synced program to program to an empty hub,
//!   with peak memory, then the hub's first search.
//!
//! Run: `cargo bench -p handschlag-hub --bench sync`.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT};
use handschlag_api::{ContactCreate, ContactQuery, ContactUpdate, Handler};
use handschlag_core::peer::hex;
use handschlag_core::system::{OsEntropy, SystemClock};
use handschlag_core::{Changes, Notebook, RowChange, WireValue};
use handschlag_hub::serve::SyncEndpoint;
use handschlag_hub::{device, indexer, session};
use handschlag_sync::protocol::MAX_PAGE as PAGE;
use handschlag_sync::wire;
use rusqlite::types::Value;
use tokio::sync::Mutex;

const CONTACTS: usize = 10_000;
const EDITS: usize = 100;
const ROUNDS: usize = 20;

fn open(path: &Path) -> Notebook {
    Notebook::open(path, Box::new(SystemClock), Box::new(OsEntropy)).unwrap()
}

fn in_memory() -> Notebook {
    Notebook::open_in_memory(Box::new(SystemClock), Box::new(OsEntropy)).unwrap()
}

/// Contact `i` of the scenario: eight filled text fields.
fn contact(i: usize) -> ContactCreate {
    ContactCreate {
        name: format!("Kontakt Nummer {i}"),
        organization: format!("Firma {} GmbH", i % 700),
        role: "Geschäftsführung".into(),
        phone: format!("+49 171 {i:07}"),
        email: format!("kontakt{i}@example.org"),
        town: ["Musterstadt", "Nachbarort", "Großheim"][i % 3].into(),
        referred_by: "Eva Weiß".into(),
        notes: "met at the Stammtisch, wants an offer for a workshop in spring".into(),
        ..Default::default()
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

/// A connection with an empty copy of the notebook's `contact` table (same columns, same
/// indexes), for the plain-INSERT baselines.
struct Baseline {
    conn: rusqlite::Connection,
    next: i64,
}

impl Baseline {
    fn new(conn: rusqlite::Connection, schema_from: &Path) -> Baseline {
        let source = rusqlite::Connection::open(schema_from).unwrap();
        let mut statement = source
            .prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'contact' AND sql IS NOT NULL")
            .unwrap();
        let schema: Vec<String> = statement
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "synchronous", "NORMAL").unwrap(); // as the notebook between syncs
        conn.execute_batch(&format!("{};", schema.join(";\n")))
            .unwrap();
        Baseline { conn, next: 0 }
    }

    /// The plain INSERT of one row as the feed carries it (with a clock blob of the same size).
    fn insert(conn: &rusqlite::Connection, row: &RowChange, lseq: i64) {
        let values = std::iter::once(Value::Blob(row.id.to_vec()))
            .chain(row.values.iter().map(Value::from))
            .chain([
                Value::Blob(vec![0; row.clocks.len() * 10]),
                Value::Integer(lseq),
            ]);
        conn.prepare_cached(
            "INSERT INTO contact (id, name, organization, role, phone, email, town, how_met,
                met_at_event, referred_by, notes, created_at, deleted, clk, lseq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )
        .unwrap()
        .execute(rusqlite::params_from_iter(values))
        .unwrap();
    }

    /// Plain INSERTs of `rows` in one transaction, with fresh ids.
    fn insert_all(&mut self, rows: &[&RowChange]) -> Duration {
        let start = Instant::now();
        let tx = self.conn.transaction().unwrap();
        for row in rows {
            self.next += 1;
            let mut row = (*row).clone();
            row.id[..8].copy_from_slice(&self.next.to_be_bytes());
            Self::insert(&tx, &row, self.next);
        }
        tx.commit().unwrap();
        start.elapsed()
    }
}

/// The whole change feed of `source`, page by page.
fn feed(source: &Notebook) -> Vec<Changes> {
    let mut pages = Vec::new();
    let mut cursor = 0;
    loop {
        let page = source.changes_since(cursor, PAGE).unwrap();
        cursor = page.next_cursor;
        let more = page.more;
        pages.push(page);
        if !more {
            return pages;
        }
    }
}

fn raw_bytes(rows: &[&RowChange]) -> usize {
    rows.iter()
        .map(|row| {
            16 + row
                .values
                .iter()
                .map(|v| match v {
                    WireValue::Text(t) => t.len(),
                    WireValue::Integer(_) => 8,
                    WireValue::Blob(b) => b.len(),
                    WireValue::Null => 0,
                })
                .sum::<usize>()
        })
        .sum()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let phone_path = dir.path().join("phone.db");
    let mut phone = open(&phone_path);

    // A local contact write, sampled in turns with its baseline on files of the same kind.
    let mut baseline = Baseline::new(
        rusqlite::Connection::open(dir.path().join("plain.db")).unwrap(),
        &phone_path,
    );
    let (mut write, mut plain) = (Vec::new(), Vec::new());
    for i in 0..CONTACTS {
        let start = Instant::now();
        phone.contact_create(contact(i)).unwrap();
        write.push(start.elapsed());
        let row = phone.changes_since(phone.lseq().unwrap() - 1, 1).unwrap();
        baseline.next += 1;
        let start = Instant::now();
        let mut row = row.rows[0].clone();
        row.id[..8].copy_from_slice(&baseline.next.to_be_bytes());
        Baseline::insert(&baseline.conn, &row, baseline.next);
        plain.push(start.elapsed());
    }
    let (write, plain) = (median(write), median(plain));
    println!("local contact write (contact_create, p50)   {write:>10.1?}");
    println!("plain INSERT of the same row (p50)          {plain:>10.1?}");
    println!(
        "ratio write/plain                           {:>9.2}x   (target within 2x)",
        ratio(write, plain)
    );

    // The full feed applied to an empty replica.
    let pages = feed(&phone);
    let rows: Vec<&RowChange> = pages.iter().flat_map(|p| p.rows.iter()).collect();
    let (mut merge, mut catch_up, mut plain) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..5 {
        let mut replica = in_memory();
        let start = Instant::now();
        for page in &pages {
            replica.apply(page).unwrap();
        }
        merge.push(start.elapsed());
        let start = Instant::now();
        replica.catch_up_search().unwrap();
        catch_up.push(start.elapsed());
        let mut baseline =
            Baseline::new(rusqlite::Connection::open_in_memory().unwrap(), &phone_path);
        plain.push(baseline.insert_all(&rows));
    }
    let (merge, catch_up, plain) = (median(merge), median(catch_up), median(plain));
    println!(
        "\n{CONTACTS} contacts in {} pages of up to {PAGE}",
        pages.len()
    );
    println!("apply to an empty replica (merge)           {merge:>10.1?}");
    println!("then index them for search (catch-up)       {catch_up:>10.1?}");
    println!("plain INSERT into an identical table, 1 tx  {plain:>10.1?}");
    println!(
        "ratio merge/plain                           {:>9.2}x   (target within 3x)",
        ratio(merge, plain)
    );
    println!(
        "ratio merge+catch-up/plain                  {:>9.2}x",
        ratio(merge + catch_up, plain)
    );

    let wire: usize = pages.iter().map(|p| wire::encode(p).len()).sum();
    let json: usize = pages
        .iter()
        .map(|p| serde_json::to_vec(p).unwrap().len())
        .sum();
    let raw = raw_bytes(&rows);
    println!("bytes on the wire (deflated postcard)       {wire:>10}");
    println!("  the same pages as plain JSON              {json:>10}");
    println!("raw field bytes (+16-byte ids)              {raw:>10}");
    println!(
        "ratio wire/raw                              {:>9.2}x   (target under 0.7x)",
        wire as f64 / raw as f64
    );

    let ids: Vec<String> = rows.iter().map(|row| hex(&row.id)).collect();
    automerge_baseline(merge, wire, &ids);

    let copy = dir.path().join("phone-copy.db");
    phone.backup_to(&copy).unwrap();
    let programs = sync_between_programs(dir.path(), &copy, "10k");
    println!(
        "\nfirst full sync of {CONTACTS} contacts, `handschlag sync` → `handschlag serve`: {:.1?}",
        programs.time
    );
    println!(
        "  peak memory (VmHWM): hub {} MiB, phone-side sync {} MiB",
        programs.hub_kib / 1024,
        programs.phone_kib / 1024
    );
    incremental_sync_over_tls(dir.path(), phone, catch_up);
    first_full_sync_of_the_storage_seed(dir.path());
}

/// What a first full sync between two programs took: the time of `handschlag sync`, and the
/// peak memory of the hub's process and of the syncing one.
struct ProgramSync {
    time: Duration,
    hub_kib: u64,
    phone_kib: u64,
}

/// A first full sync as a phone meets a laptop, each its own program: `handschlag serve` on an
/// empty hub database, `handschlag sync` on `phone` after pairing through the CLI.
fn sync_between_programs(dir: &Path, phone: &Path, name: &str) -> ProgramSync {
    let hub_db = dir.join(format!("{name}-hub.db"));
    let cli = |db: &Path, args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_handschlag"))
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let mut hub = std::process::Command::new(env!("CARGO_BIN_EXE_handschlag"))
        .arg("--db")
        .arg(&hub_db)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(hub.stdout.take().unwrap()));
    lines
        .by_ref()
        .map(Result::unwrap)
        .find(|line| line.starts_with("Handschlag hub listening on "))
        .expect("the hub listens");
    std::thread::spawn(move || lines.for_each(drop));
    let invite: serde_json::Value =
        serde_json::from_str(&cli(&hub_db, &["pair", "invite", "--json"])).unwrap();
    cli(
        phone,
        &[
            "pair",
            "join",
            invite["link"].as_str().unwrap(),
            "--name",
            "phone",
        ],
    );
    cli(&hub_db, &["devices", "allow", "phone"]);

    let start = Instant::now();
    let mut sync = std::process::Command::new(env!("CARGO_BIN_EXE_handschlag"))
        .arg("--db")
        .arg(phone)
        .arg("sync")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // VmHWM only grows: its last reading before the program ends is its peak.
    let mut phone_kib = 0;
    let status = loop {
        if let Some(status) = sync.try_wait().unwrap() {
            break status;
        }
        phone_kib = peak_kib(sync.id()).unwrap_or(phone_kib);
        std::thread::sleep(Duration::from_millis(5));
    };
    let time = start.elapsed();
    assert!(status.success(), "the sync went through");
    let hub_kib = peak_kib(hub.id()).unwrap();
    hub.kill().unwrap();
    hub.wait().unwrap();
    ProgramSync {
        time,
        hub_kib,
        phone_kib,
    }
}

/// The most memory process `pid` has held so far (VmHWM), in KiB; `None` once it has ended.
fn peak_kib(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The storage benchmark's notebook (50,000 contacts, 200,000 check-ins, their events,
/// follow-ups and deals) synced by a phone to an empty laptop, each its own program; then the
/// laptop's first search, while its search index is still being built.
fn first_full_sync_of_the_storage_seed(dir: &Path) {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    let seed = seeds.join(format!(
        "store-50000-200000-2000-10000-20000-cadences-v{}.db",
        handschlag_core::SCHEMA_VERSION
    ));
    if !seed.exists() {
        println!(
            "\n(no {}: the storage benchmark makes it; run `cargo xtask bench`)",
            seed.display()
        );
        return;
    }
    let phone = dir.join("seed-phone.db");
    let changes = {
        let seed = open(&seed);
        seed.backup_to(&phone).unwrap();
        seed.changes_after(0).unwrap()
    };
    let programs = sync_between_programs(dir, &phone, "seed");
    println!(
        "\nfirst full sync of the storage seed ({changes} changes), program to program: {:.2?}   (target ≤ 3 s)",
        programs.time
    );
    println!(
        "  peak memory (VmHWM): hub {} MiB, phone-side sync {} MiB",
        programs.hub_kib / 1024,
        programs.phone_kib / 1024
    );
    let mut laptop = open(&dir.join("seed-hub.db"));
    laptop.index_search_in_background();
    let start = Instant::now();
    let found = laptop
        .contact_list(ContactQuery {
            query: "mueller".into(),
            limit: Some(50),
            ..Default::default()
        })
        .unwrap();
    println!(
        "  first search on the laptop after it  {:.1?}   ({} contacts still being indexed; target < 100 ms)",
        start.elapsed(),
        found.indexing
    );
}

/// The same 10,000 contacts as an automerge document: a map of contacts by their ids (`ids`, as
/// our pages carry them), each a map of its eight fields. Also built with the keys 0, 1, 2 …
/// as this baseline first was: what an id costs on either side.
fn automerge_baseline(merge: Duration, wire: usize, ids: &[String]) {
    let sequential: Vec<String> = (0..CONTACTS).map(|i| format!("{i:016x}")).collect();
    let (_, by_number) = automerge_document(&sequential);
    println!(
        "\nautomerge: saved document bytes, keys 0, 1, 2 …              {:>10}",
        by_number.len()
    );
    let (build, saved) = automerge_document(ids);
    let mut loads = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let replica = AutoCommit::load(&saved).unwrap();
        loads.push(start.elapsed());
        drop(replica);
    }
    let load = median(loads);
    println!("automerge: build the document, one change per contact  {build:>10.1?}");
    println!("automerge: load it into an empty replica                {load:>10.1?}");
    println!(
        "automerge: saved document bytes, keyed by the ids        {:>10}",
        saved.len()
    );
    println!(
        "ours/automerge: apply {:.2}x, bytes {:.2}x (keys 0, 1, 2 …: {:.2}x)   (target bytes ≤ 1.0x)",
        ratio(merge, load),
        wire as f64 / saved.len() as f64,
        wire as f64 / by_number.len() as f64
    );
}

/// The contacts keyed by `keys` in one automerge document, and how long building it took.
fn automerge_document(keys: &[String]) -> (Duration, Vec<u8>) {
    let start = Instant::now();
    let mut doc = AutoCommit::new();
    let contacts = doc.put_object(ROOT, "contacts", ObjType::Map).unwrap();
    for (i, key) in keys.iter().enumerate() {
        let c = contact(i);
        let object = doc
            .put_object(&contacts, key.as_str(), ObjType::Map)
            .unwrap();
        for (field, value) in [
            ("name", c.name),
            ("organization", c.organization),
            ("role", c.role),
            ("phone", c.phone),
            ("email", c.email),
            ("town", c.town),
            ("referredBy", c.referred_by),
            ("notes", c.notes),
        ] {
            doc.put(&object, field, value).unwrap();
        }
        doc.commit();
    }
    let build = start.elapsed();
    (build, doc.save())
}

/// Pairs `joining` as `name` with the hub, which allows it.
fn pair(
    runtime: &tokio::runtime::Runtime,
    hub: &Mutex<Notebook>,
    joining: &Mutex<Notebook>,
    name: &str,
) {
    let link = runtime
        .block_on(async { device::invite(&mut *hub.lock().await) })
        .unwrap();
    runtime
        .block_on(session::join(joining, &link, name))
        .unwrap();
    runtime
        .block_on(async { hub.lock().await.allow_peer(name) })
        .unwrap();
}

/// A hub on a loopback port serving a second database; the phone pairs with it, syncs its
/// 10,000 contacts once, then edits 100 contacts and syncs, round after round.
fn incremental_sync_over_tls(dir: &Path, phone: Notebook, catch_up: Duration) {
    let mut phone = Mutex::new(phone);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let hub = Arc::new(Mutex::new(open(&dir.join("hub.db"))));
    let endpoint = runtime
        .block_on(SyncEndpoint::bind(&hub, "127.0.0.1:0".parse().unwrap()))
        .unwrap();
    runtime.spawn(endpoint.serve());
    pair(&runtime, &hub, &phone, "phone");
    let sync = |phone: &Mutex<Notebook>| {
        let peer = phone
            .blocking_lock()
            .peers()
            .unwrap()
            .into_iter()
            .find(|p| p.address.is_some())
            .unwrap();
        runtime.block_on(session::sync_with(phone, &peer)).unwrap()
    };
    let start = Instant::now();
    sync(&phone);
    let full = start.elapsed();

    let phone_now = phone.get_mut();
    let ids: Vec<String> = phone_now
        .contact_list(handschlag_api::ContactQuery {
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap()
        .contacts
        .into_iter()
        .map(|c| c.id)
        .collect();
    let mut baseline = Baseline::new(
        rusqlite::Connection::open(dir.join("plain-sync.db")).unwrap(),
        &dir.join("hub.db"),
    );
    let (mut synced, mut plain) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        for (i, id) in ids
            .iter()
            .cycle()
            .skip(round * EDITS)
            .take(EDITS)
            .enumerate()
        {
            phone
                .get_mut()
                .contact_update(ContactUpdate {
                    id: id.clone(),
                    notes: Some(format!(
                        "round {round}, edit {i}: wants the offer by Friday"
                    )),
                    ..Default::default()
                })
                .unwrap();
        }
        let phone_now = phone.get_mut();
        let edits = phone_now
            .changes_since(phone_now.lseq().unwrap() - EDITS as i64, EDITS)
            .unwrap();
        let start = Instant::now();
        let moved = sync(&phone);
        synced.push(start.elapsed());
        assert_eq!(moved.sent as usize, EDITS, "every edit reached the hub");
        plain.push(baseline.insert_all(&edits.rows.iter().collect::<Vec<_>>()));
    }
    let (synced, plain) = (median(synced), median(plain));
    println!("\nfirst full sync of {CONTACTS} contacts over loopback TLS   {full:>10.1?}");
    println!(
        "incremental sync of {EDITS} edits over loopback TLS (p50) {synced:>10.1?}   (target under 10 ms)"
    );
    println!("plain INSERT of the {EDITS} rows, 1 tx (p50)              {plain:>10.1?}");
    println!(
        "ratio sync/plain                                     {:>9.2}x",
        ratio(synced, plain)
    );
    commands_during_a_full_sync(&runtime, &hub, dir, catch_up);
}

/// What the window feels during a sync: a second device (a tablet) pulls the hub's 10,000
/// contacts while, every 2 ms, the window asks its notebook for a page of contacts and a search;
/// the latency of those commands beside the same commands on the quiet notebook afterwards. Then
/// the first search after the sync, with search indexed in the background, beside the whole
/// catch-up it used to wait for (`catch_up`, measured above).
fn commands_during_a_full_sync(
    runtime: &tokio::runtime::Runtime,
    hub: &Arc<Mutex<Notebook>>,
    dir: &Path,
    catch_up: Duration,
) {
    let tablet = Arc::new(Mutex::new(open(&dir.join("tablet.db"))));
    pair(runtime, hub, &tablet, "tablet");
    runtime.spawn(indexer::run(tablet.clone()));
    let command = |tablet: Arc<Mutex<Notebook>>, query: &'static str| async move {
        let start = Instant::now();
        let page = tablet.lock().await.contact_list(ContactQuery {
            query: query.into(),
            limit: Some(50),
            ..Default::default()
        });
        (start.elapsed(), page.unwrap())
    };
    let (during, first_search) = runtime.block_on(async {
        let syncing = tokio::spawn({
            let tablet = tablet.clone();
            async move { device::sync_round(&tablet, None).await }
        });
        let mut during = Vec::new();
        for query in ["", "nummer 12"].iter().cycle() {
            if syncing.is_finished() {
                break;
            }
            during.push(command(tablet.clone(), query).await.0);
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let report = syncing.await.unwrap().unwrap();
        assert_eq!(report.peers[0].error, None, "the tablet synced");
        (during, command(tablet.clone(), "nummer 12").await)
    });
    runtime.block_on(indexer::catch_up(&tablet));
    let quiet: Vec<Duration> = ["", "nummer 12"]
        .iter()
        .cycle()
        .take(200)
        .map(|query| runtime.block_on(command(tablet.clone(), query)).0)
        .collect();
    let percentile = |mut samples: Vec<Duration>, p: f64| {
        samples.sort();
        samples[((samples.len() - 1) as f64 * p) as usize]
    };
    let (waits, quiet_p50) = (during.len(), median(quiet.clone()));
    println!(
        "
window commands (a page of contacts, a search) while a tablet syncs {CONTACTS} contacts:"
    );
    println!(
        "  during the sync ({waits} commands)  p50 {:>9.1?}  p95 {:>9.1?}  max {:>9.1?}",
        percentile(during.clone(), 0.5),
        percentile(during.clone(), 0.95),
        percentile(during, 1.0)
    );
    println!(
        "  quiet notebook (200 commands)      p50 {quiet_p50:>9.1?}  p95 {:>9.1?}  max {:>9.1?}",
        percentile(quiet.clone(), 0.95),
        percentile(quiet, 1.0)
    );
    let (first, page) = first_search;
    println!(
        "first search right after the sync    {first:>9.1?}  ({} contacts still being indexed; the whole catch-up it used to wait for: {catch_up:.1?})",
        page.indexing
    );
}
