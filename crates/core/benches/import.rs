//! Importing 50,000 contacts (a LinkedIn `Connections.csv` of that size) into an empty notebook,
//! beside a plain INSERT of the same rows into a copy of the `contact` table (same columns, same
//! indexes) in one transaction, measured in the same run. Also the preview (`--dry-run`) and a
//! second import of the same file (every row found, nothing written).
//!
//! Run: `cargo bench -p handschlag-core --bench import`. It prints seconds and ratios; it asserts
//! no timings.

use std::time::{Duration, Instant};

use base64::Engine;
use handschlag_api::{ContactImport, ContactQuery, Handler};
use handschlag_core::Notebook;
use handschlag_core::system::{OsEntropy, SystemClock};

const CONTACTS: usize = 50_000;
const FIRST: &[&str] = &[
    "Anna", "Jürgen", "Eva", "Petra", "Karl", "Sabine", "Łukasz", "Zoë",
];
const LAST: &[&str] = &[
    "Müller", "Bauer", "Weiß", "Schmidt", "Fischer", "Yıldız", "Koch",
];
const COMPANY: &[&str] = &[
    "Bau GmbH",
    "Logistik AG",
    "Steuerberatung",
    "Coaching",
    "Elektro",
];

/// A LinkedIn export of `CONTACTS` connections: its preamble, then one row each.
fn connections() -> String {
    let mut csv = String::from(
        "\u{feff}Notes:\r\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n",
    );
    for i in 0..CONTACTS {
        let (first, last) = (FIRST[i % FIRST.len()], LAST[i / FIRST.len() % LAST.len()]);
        let email = if i % 3 == 0 {
            format!("person{i}@example.de")
        } else {
            String::new()
        };
        csv += &format!(
            "{first},{last} {i},https://www.linkedin.com/in/person-{i},{email},\"{}, Nr. {}\",Geschäftsführer,{:02} Jan 2024\r\n",
            COMPANY[i % COMPANY.len()],
            i % 97,
            i % 28 + 1
        );
    }
    csv
}

fn request(csv: &str, dry_run: bool) -> ContactImport {
    ContactImport {
        file_name: "Connections.csv".into(),
        data: base64::engine::general_purpose::STANDARD.encode(csv),
        dry_run,
        ..Default::default()
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// The same rows by plain INSERTs, in one transaction, into a copy of `contact` made from the
/// notebook's own schema.
fn plain_insert(path: &std::path::Path, csv: &str) -> Duration {
    let mut conn = rusqlite::Connection::open(path).unwrap();
    let schema: Vec<String> = conn
        .prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'contact' AND type IN ('table', 'index') AND sql IS NOT NULL")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for sql in schema {
        let sql = sql
            .replace("TABLE contact (", "TABLE plain_contact (")
            .replace("INDEX contact_", "INDEX plain_contact_")
            .replace(" ON contact ", " ON plain_contact ");
        conn.execute_batch(&sql).unwrap();
    }
    let rows: Vec<Vec<String>> = csv
        .lines()
        .skip(4)
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect();
    timed(|| {
        let tx = conn.transaction().unwrap();
        {
            let mut insert = tx
                .prepare("INSERT INTO plain_contact (id, name, organization, role, phone, email, town, how_met, referred_by, notes, created_at, deleted, clk, lseq) VALUES (?1, ?2, ?3, ?4, '', ?5, '', 'online', '', ?6, ?7, 0, ?8, ?7)")
                .unwrap();
            for (i, row) in rows.iter().enumerate() {
                let mut id = [0u8; 16];
                id[..8].copy_from_slice(&(i as u64).to_be_bytes());
                insert
                    .execute((
                        &id[..],
                        format!("{} {}", row[0], row[1]),
                        &row[4],
                        &row[6],
                        &row[3],
                        &row[2],
                        i as i64,
                        &id[..12],
                    ))
                    .unwrap();
            }
        }
        tx.commit().unwrap();
    })
    .1
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let csv = connections();
    let path = dir.path().join("import.db");
    let mut notebook = Notebook::open(&path, Box::new(SystemClock), Box::new(OsEntropy)).unwrap();
    let (preview, dry_run) = timed(|| notebook.contact_import(request(&csv, true)).unwrap());
    assert_eq!(preview.new as usize, CONTACTS);
    let (report, import) = timed(|| notebook.contact_import(request(&csv, false)).unwrap());
    assert_eq!(report.new as usize, CONTACTS);
    let (_, first_search) = timed(|| {
        notebook
            .contact_list(ContactQuery {
                query: "mueller".into(),
                ..Default::default()
            })
            .unwrap()
    });
    let (again, reimport) = timed(|| notebook.contact_import(request(&csv, false)).unwrap());
    assert_eq!(again.unchanged as usize, CONTACTS);
    drop(notebook);
    // The copy of `contact` is made from a fresh notebook's schema.
    let plain_path = dir.path().join("plain.db");
    drop(Notebook::open(&plain_path, Box::new(SystemClock), Box::new(OsEntropy)).unwrap());
    let plain = plain_insert(&plain_path, &csv);
    println!(
        "importing {CONTACTS} LinkedIn connections ({} KB of CSV)",
        csv.len() / 1024
    );
    println!("preview (dry run)          {:>8.2?}", dry_run);
    println!("import into an empty notebook {:>8.2?}", import);
    println!(
        "first search after it      {first_search:>8.2?}   (indexes the new contacts for search)"
    );
    println!(
        "the same file again        {:>8.2?}   (all {} unchanged)",
        reimport, again.unchanged
    );
    println!(
        "plain INSERT of the same rows {:>8.2?}   (baseline, one transaction)",
        plain
    );
    println!(
        "ratio import / plain INSERT  {:.1}x",
        import.as_secs_f64() / plain.as_secs_f64()
    );
}
