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
    include_str!("../migrations/0005_trust.sql"),
    include_str!("../migrations/0006_checkin_edit.sql"),
    include_str!("../migrations/0007_insights.sql"),
    include_str!("../migrations/0008_dashboard.sql"),
    include_str!("../migrations/0009_contact_merge.sql"),
    include_str!("../migrations/0010_duplicate_key.sql"),
    include_str!("../migrations/0011_contentless_search.sql"),
];

/// How many contacts one slice of the search catch-up indexes: ~18 ms at ~70 µs a contact
/// (BENCHMARKS.md), so a command waits at most about that long for the background indexer.
pub const SEARCH_SLICE: usize = 250;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open Handschlag database with its injected clock and entropy.
pub struct Notebook {
    pub(crate) conn: Connection,
    pub(crate) clock: Box<dyn Clock>,
    pub(crate) entropy: Box<dyn Entropy>,
    /// How far `contact_import` has come while it runs.
    pub(crate) running_import: std::sync::Arc<crate::RunningImport>,
    pub(crate) running_sync: std::sync::Arc<crate::RunningSync>,
    /// Whether a background indexer catches up search (see [`Notebook::searchable`]).
    search_in_background: bool,
}

impl Notebook {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// The file holds the device's private TLS key, so a directory it creates is private to the
    /// user (0700), and so is the file (0600).
    pub fn open(
        path: &Path,
        clock: Box<dyn Clock>,
        mut entropy: Box<dyn Entropy>,
    ) -> Result<Notebook> {
        if !path.exists() {
            create(path, &mut *entropy)?;
        }
        make_private(path)?;
        let conn = Connection::open(path)?;
        let mut notebook = Self::with_connection(conn, clock, entropy)?;
        notebook.migrate()?;
        Ok(notebook)
    }

    /// An in-memory database, for tests.
    pub fn open_in_memory(clock: Box<dyn Clock>, entropy: Box<dyn Entropy>) -> Result<Notebook> {
        let mut notebook = Self::with_connection(Connection::open_in_memory()?, clock, entropy)?;
        notebook.migrate()?;
        Ok(notebook)
    }

    fn with_connection(
        conn: Connection,
        clock: Box<dyn Clock>,
        entropy: Box<dyn Entropy>,
    ) -> Result<Notebook> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // NORMAL: a power cut may take back the last commits (never corrupt the file). Where
        // that would matter — a change counter another device has seen — `durable` syncs first.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        Ok(Notebook {
            conn,
            clock,
            entropy,
            running_import: Default::default(),
            running_sync: Default::default(),
            search_in_background: false,
        })
    }

    /// Brings the schema up to date (after a backup, when an older schema is found) and gives
    /// a new database its identity.
    fn migrate(&mut self) -> Result<()> {
        let found = schema_version(&self.conn)?;
        if (1..SCHEMA_VERSION).contains(&found) && self.conn.path().is_some_and(|p| !p.is_empty()) {
            self.backup(crate::backup::Reason::BeforeMigration)?;
        }
        migrate(&mut self.conn)?;
        ensure_replica(&mut self.conn, &mut *self.entropy)
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
        schema_version(&self.conn)
    }

    /// Runs `body` with every commit in it on disk before it returns. Between syncs, commits
    /// are synced lazily (a power cut may take back the last ones), which is safe as long as no
    /// other device has seen their change counters: with them lost, the same `lseq` numbers
    /// would be handed out again for other rows, and a peer that had pulled the lost ones
    /// would skip those. So what another device learns of this notebook — a page of its feed,
    /// how far a push left it — is made durable first.
    pub(crate) fn durably<T>(&mut self, body: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        let result = body(self);
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        result
    }

    /// Puts every commit so far on disk: a commit with `synchronous=FULL` syncs the whole
    /// write-ahead log, earlier commits with it. See [`Notebook::durably`].
    pub(crate) fn sync_to_disk(&self) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        let synced = self.conn.execute("UPDATE replica SET lseq = lseq", []);
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        synced?;
        Ok(())
    }

    /// Indexes for search every contact changed since the last search, in one transaction;
    /// returns how many.
    pub fn catch_up_search(&mut self) -> Result<usize> {
        if crate::search::waiting(&self.conn)? == 0 {
            return Ok(0);
        }
        self.write(|w| crate::search::catch_up(w, usize::MAX))
    }

    /// Indexes one slice of what is stale ([`SEARCH_SLICE`] contacts); returns how many contacts
    /// still wait. The app's background indexer calls it until none do, letting go of the
    /// notebook between slices.
    pub fn catch_up_search_slice(&mut self) -> Result<usize> {
        if crate::search::waiting(&self.conn)? == 0 {
            return Ok(0);
        }
        // Counted in the same transaction: another program may be writing the file too.
        self.write(|w| {
            crate::search::catch_up(w, SEARCH_SLICE)?;
            crate::search::waiting(&w.tx)
        })
    }

    /// From now on, a command that searches indexes at most one slice first: a background
    /// indexer (`handschlag_hub::indexer`) does the rest. Without one (the CLI) it indexes all.
    pub fn index_search_in_background(&mut self) {
        self.search_in_background = true;
    }

    /// Makes the search indexes ready for a command that reads them; returns how many contacts
    /// still wait to be indexed (only ever more than 0 while a background indexer runs).
    pub(crate) fn searchable(&mut self) -> Result<usize> {
        if self.search_in_background {
            self.catch_up_search_slice()
        } else {
            self.catch_up_search().map(|_| 0)
        }
    }

    /// The last change counter handed out; grows with every local write.
    pub fn lseq(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT lseq FROM replica", [], |row| row.get(0))?)
    }
}

pub(crate) fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Applies every migration newer than the file's `user_version`, each in its own exclusive
/// transaction that reads the version first: when two processes open a new file at once, the
/// second finds the first one's work done instead of running it again.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        let found = schema_version(&tx)?;
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew {
                found,
                known: SCHEMA_VERSION,
            });
        }
        let Some(sql) = MIGRATIONS.get(found as usize) else {
            return Ok(());
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", found + 1)?;
        tx.commit()?;
    }
}

/// Makes a new notebook at `path` (and its directory, 0700): whole — in WAL mode, with its
/// schema and identity — in a file of its own first, which then appears under `path` at once.
/// When programs start together on a notebook that does not exist yet, one of them makes it and
/// the others open that one; none of them sees a half-made file (two making the schema in one
/// file at once failed with "table replica already exists" or a disk I/O error).
fn create(path: &Path, entropy: &mut dyn Entropy) -> Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    let mut suffix = [0u8; 8];
    entropy.fill(&mut suffix);
    let mut staging = path.as_os_str().to_owned();
    staging.push(format!(".{}.new", crate::peer::hex(&suffix)));
    let staging = std::path::PathBuf::from(staging);
    let made = (|| {
        let mut conn = Connection::open(&staging)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        migrate(&mut conn)?;
        ensure_replica(&mut conn, entropy)?;
        // Closing the only connection moves the log into the file.
        conn.close().map_err(|(_, e)| e)?;
        make_private(&staging)?;
        match std::fs::hard_link(&staging, path) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(cannot_write(path, e)),
            _ => Ok(()),
        }
    })();
    let _ = std::fs::remove_file(&staging);
    made
}

/// Creates `dir` and its missing parents, private to the user (0700 on Unix).
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| cannot_write(dir, e))
}

/// Makes a file readable and writable by its user alone (0600 on Unix).
pub(crate) fn make_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| cannot_write(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

pub(crate) fn cannot_write(path: &Path, error: std::io::Error) -> Error {
    Error::invalid(format!(
        "cannot write {}: {error}; check that the disk has room and the folder is yours, or pick another --db path",
        path.display()
    ))
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

    fn synchronous(notebook: &Notebook) -> i64 {
        notebook
            .conn
            .pragma_query_value(None, "synchronous", |row| row.get(0))
            .unwrap()
    }

    /// With `synchronous=NORMAL` a power cut could take back a WAL database's last commits, and
    /// the `lseq` numbers they used would be handed out again for other rows, which peers that
    /// had pulled the lost ones skip: a page of the feed is synced to disk before it leaves, and
    /// a hub's push applies commit with FULL, the answer telling the device how far it holds.
    #[test]
    fn what_another_device_learns_is_on_disk_first() {
        use handschlag_api::{ContactCreate, Handler};
        let dir = tempfile::tempdir().unwrap();
        let mut notebook = Notebook::open(
            &dir.path().join("handschlag.db"),
            Box::new(FixedClock(0)),
            Box::new(CountingEntropy(0)),
        )
        .unwrap();
        assert_eq!(synchronous(&notebook), 1, "NORMAL between syncs");
        let inside = notebook.durably(|n| Ok(synchronous(n))).unwrap();
        assert_eq!((inside, synchronous(&notebook)), (2, 1), "FULL inside only");

        let writes = notebook.conn.total_changes();
        notebook.changes_since(0, 10).unwrap();
        assert_eq!(
            notebook.conn.total_changes(),
            writes,
            "an empty page needs no sync"
        );
        notebook
            .contact_create(ContactCreate {
                name: "Anna".into(),
                ..Default::default()
            })
            .unwrap();
        let writes = notebook.conn.total_changes();
        notebook.changes_since(0, 10).unwrap();
        assert_eq!(
            notebook.conn.total_changes(),
            writes + 1,
            "a page with rows is preceded by a commit with FULL"
        );
        assert_eq!(synchronous(&notebook), 1);
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
