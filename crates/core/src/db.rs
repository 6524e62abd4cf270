//! Opening the database: pragmas, the append-only migrations, and this replica's identity.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::write::Write;
use crate::{Clock, Entropy, Error, Result};

/// The migrations, in order; `PRAGMA user_version` is the number applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_sync.sql"),
    include_str!("../migrations/0003_sync_status.sql"),
    include_str!("../migrations/0004_checkin_by_time.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open Handschlag database with its injected clock and entropy.
pub struct Notebook {
    pub(crate) conn: Connection,
    pub(crate) clock: Box<dyn Clock>,
    pub(crate) entropy: Box<dyn Entropy>,
}

impl Notebook {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path, clock: Box<dyn Clock>, entropy: Box<dyn Entropy>) -> Result<Notebook> {
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::invalid(format!(
                    "cannot create {}: {e}; pick another --db path",
                    dir.display()
                ))
            })?;
        }
        let conn = Connection::open(path)?;
        Self::with_connection(conn, clock, entropy)
    }

    /// An in-memory database, for tests.
    pub fn open_in_memory(clock: Box<dyn Clock>, entropy: Box<dyn Entropy>) -> Result<Notebook> {
        Self::with_connection(Connection::open_in_memory()?, clock, entropy)
    }

    fn with_connection(
        mut conn: Connection,
        clock: Box<dyn Clock>,
        mut entropy: Box<dyn Entropy>,
    ) -> Result<Notebook> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        migrate(&mut conn)?;
        ensure_replica(&mut conn, &mut *entropy)?;
        Ok(Notebook {
            conn,
            clock,
            entropy,
        })
    }

    /// Runs `body` as one write transaction: all of it commits, or none of it does.
    pub(crate) fn write<T>(&mut self, body: impl FnOnce(&mut Write<'_>) -> Result<T>) -> Result<T> {
        let now_ms = self.clock.now_ms();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut write = Write::begin(tx, now_ms, &mut *self.entropy)?;
        let value = body(&mut write)?;
        write.commit()?;
        Ok(value)
    }

    /// The schema version of the open file (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    /// Indexes for search every contact changed since the last search; returns how many.
    /// Every search and name lookup does this first.
    pub fn catch_up_search(&mut self) -> Result<usize> {
        if !crate::search::is_stale(&self.conn)? {
            return Ok(0);
        }
        self.write(crate::search::catch_up)
    }

    /// The last change counter handed out; grows with every local write.
    pub fn lseq(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT lseq FROM replica", [], |row| row.get(0))?)
    }
}

/// Applies every migration newer than the file's `user_version`, each in its own transaction.
fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(Error::TooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Gives a new database its device id, instance id and device ordinal.
fn ensure_replica(conn: &mut Connection, entropy: &mut dyn Entropy) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let existing: Option<i64> = tx
        .query_row("SELECT singleton FROM replica", [], |row| row.get(0))
        .optional()?;
    if existing.is_none() {
        let mut ids = [0u8; 32];
        entropy.fill(&mut ids);
        let (device, instance) = ids.split_at(16);
        tx.execute(
            "INSERT INTO replica (singleton, device_id, instance_id) VALUES (1, ?1, ?2)",
            (device, instance),
        )?;
        tx.execute(
            "INSERT INTO device (device_id, name) VALUES (?1, 'this device')",
            [device],
        )?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A clock the test moves by hand.
    pub(crate) struct FixedClock(pub i64);
    impl Clock for FixedClock {
        fn now_ms(&self) -> i64 {
            self.0
        }
    }

    /// Deterministic "randomness": a counter.
    pub(crate) struct CountingEntropy(pub u8);
    impl Entropy for CountingEntropy {
        fn fill(&mut self, bytes: &mut [u8]) {
            for byte in bytes {
                self.0 = self.0.wrapping_add(1);
                *byte = self.0;
            }
        }
    }

    pub(crate) fn notebook() -> Notebook {
        // 2026-07-04T12:00:00Z
        Notebook::open_in_memory(
            Box::new(FixedClock(1_783_166_400_000)),
            Box::new(CountingEntropy(0)),
        )
        .unwrap()
    }

    #[test]
    fn a_new_database_gets_an_identity_and_the_latest_schema() {
        let notebook = notebook();
        let version: i64 = notebook
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        assert_eq!(notebook.lseq().unwrap(), 0);
        notebook.identity().unwrap();
    }

    #[test]
    fn a_database_from_a_newer_build_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("newer.db");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(conn);
        let error = Notebook::open(&path, Box::new(FixedClock(0)), Box::new(CountingEntropy(0)))
            .err()
            .unwrap();
        assert!(error.to_string().contains("update the app"), "{error}");
    }
}
