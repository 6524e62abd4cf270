//! Replication benchmarks, each beside a plain rusqlite baseline measured in the same run:
//! * applying the full change feed of 10,000 contacts to an empty replica, vs. one transaction
//!   of plain INSERTs of the same rows into a table of the same shape;
//! * the bytes of that feed as sent (JSON pages), vs. the raw bytes of the field values.
//!
//! Run: `cargo bench -p handschlag-core --bench sync`. Results: BENCHMARKS.md.

use std::time::{Duration, Instant};

use handschlag_api::{ContactCreate, Handler};
use handschlag_core::system::{OsEntropy, SystemClock};
use handschlag_core::{Notebook, WireValue};

const CONTACTS: usize = 10_000;
const PAGE: usize = 1000;

fn notebook() -> Notebook {
    Notebook::open_in_memory(Box::new(SystemClock), Box::new(OsEntropy)).unwrap()
}

/// A replica with 10,000 contacts of eight filled text fields each.
fn source() -> Notebook {
    let mut notebook = notebook();
    for i in 0..CONTACTS {
        notebook
            .contact_create(ContactCreate {
                name: format!("Kontakt Nummer {i}"),
                organization: format!("Firma {} GmbH", i % 700),
                role: "Geschäftsführung".into(),
                phone: format!("+49 171 {:07}", i),
                email: format!("kontakt{i}@example.org"),
                town: ["Musterstadt", "Nachbarort", "Großheim"][i % 3].into(),
                referred_by: "Eva Weiß".into(),
                notes: "met at the Stammtisch, wants an offer for a workshop in spring".into(),
                ..Default::default()
            })
            .unwrap();
    }
    notebook
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let source = source();
    let mut pages = Vec::new();
    let mut cursor = 0;
    loop {
        let page = source.changes_since(cursor, PAGE).unwrap();
        cursor = page.next_cursor;
        let more = page.more;
        pages.push(page);
        if !more {
            break;
        }
    }
    let rows: Vec<_> = pages.iter().flat_map(|p| p.rows.iter()).collect();

    let mut apply = Vec::new();
    let mut plain = Vec::new();
    for _ in 0..5 {
        let mut replica = notebook();
        let start = Instant::now();
        for page in &pages {
            replica.apply(page).unwrap();
        }
        apply.push(start.elapsed());

        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        let columns: Vec<String> = (0..rows[0].values.len()).map(|i| format!("f{i}")).collect();
        conn.execute_batch(&format!(
            "CREATE TABLE plain (id BLOB PRIMARY KEY, {}) WITHOUT ROWID",
            columns.join(", ")
        ))
        .unwrap();
        let start = Instant::now();
        let tx = conn.transaction().unwrap();
        {
            let sql = format!(
                "INSERT INTO plain VALUES (?{})",
                ", ?".repeat(columns.len())
            );
            let mut insert = tx.prepare(&sql).unwrap();
            for row in &rows {
                let values = std::iter::once(rusqlite::types::Value::Blob(row.id.to_vec()))
                    .chain(row.values.iter().map(rusqlite::types::Value::from));
                insert.execute(rusqlite::params_from_iter(values)).unwrap();
            }
        }
        tx.commit().unwrap();
        plain.push(start.elapsed());
    }
    let (apply, plain) = (median(apply), median(plain));

    let wire: usize = pages
        .iter()
        .map(|p| serde_json::to_vec(p).unwrap().len())
        .sum();
    let raw: usize = rows
        .iter()
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
        .sum();

    println!(
        "{CONTACTS} contacts in {} pages of up to {PAGE}",
        pages.len()
    );
    println!("apply to an empty replica   {apply:>10.1?}  (merge, clocks, lseq, search index)");
    println!("plain INSERT, one tx        {plain:>10.1?}");
    println!(
        "ratio apply/plain           {:.1}x   (target within 3x)",
        apply.as_secs_f64() / plain.as_secs_f64()
    );
    println!("bytes on the wire (JSON)    {wire}");
    println!("raw field bytes             {raw}");
    println!(
        "ratio wire/raw              {:.2}x  (target under 0.7x)",
        wire as f64 / raw as f64
    );
}
