//! Backups and restore. A backup is a consistent copy of the notebook taken while other programs
//! (the CLI, `serve`, the desktop app) keep using it; the copies live in `backups/` beside the
//! database, newest seven kept. Restoring one checks it, keeps the current file as a backup,
//! keeps this device's trust (pairings, revocations, TLS identity) as it is now, and gives the
//! restored notebook a new instance id, so every peer reads its feed again from the start and
//! nothing written after the backup is skipped.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::db::{
    SCHEMA_VERSION, cannot_write, create_private_dir, make_private, migrate, schema_version,
};
use crate::peer::hex;
use crate::{Error, Notebook, Result};

/// How many backups the folder keeps; older ones are removed.
pub const KEEP: usize = 7;

/// How old the newest backup may be before the running app takes another.
pub const DAILY_MS: i64 = 24 * 60 * 60 * 1000;

const PREFIX: &str = "handschlag-";

/// Why a backup was taken; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The user asked for it.
    Manual,
    /// The running app's daily copy.
    Daily,
    /// Taken before the schema of the file was brought up to date.
    BeforeMigration,
    /// The file as it was before a restore replaced it.
    BeforeRestore,
}

impl Reason {
    fn word(self) -> &'static str {
        match self {
            Reason::Manual => "manual",
            Reason::Daily => "daily",
            Reason::BeforeMigration => "before-migration",
            Reason::BeforeRestore => "before-restore",
        }
    }
}

/// A backup in the backups folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub path: PathBuf,
    /// When it was taken, Unix ms (from its name).
    pub taken_at: i64,
    pub size: u64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The notebook as it was before, kept as a backup.
    pub kept: Backup,
    /// The restored notebook's new instance id, as hex.
    pub instance: String,
}

impl Notebook {
    /// The folder backups are kept in: `backups/` beside the database.
    pub fn backup_dir(&self) -> Result<PathBuf> {
        let path = self
            .conn
            .path()
            .filter(|path| !path.is_empty())
            .ok_or_else(|| Error::invalid("an in-memory notebook has no backups folder"))?;
        Ok(Path::new(path).with_file_name("backups"))
    }

    /// Takes a backup into the backups folder and keeps the newest [`KEEP`].
    pub fn backup(&mut self, reason: Reason) -> Result<Backup> {
        let dir = self.backup_dir()?;
        create_private_dir(&dir)?;
        let now = self.clock.now_ms();
        let stamp = chrono::DateTime::from_timestamp_millis(now)
            .unwrap_or_default()
            .format("%Y%m%d-%H%M%S-%3f");
        let path = dir.join(format!("{PREFIX}{stamp}-{}.db", reason.word()));
        self.backup_to(&path)?;
        let mut kept = self.backups()?;
        for old in kept.split_off(KEEP.min(kept.len())) {
            std::fs::remove_file(&old.path).map_err(|e| cannot_write(&old.path, e))?;
        }
        remove_abandoned(&dir, now);
        Ok(Backup {
            size: file_size(&path)?,
            path,
            taken_at: now,
        })
    }

    /// Takes the daily backup when the newest one is older than a day; returns it if taken.
    pub fn backup_if_due(&mut self) -> Result<Option<Backup>> {
        let newest = self.backups()?.first().map_or(i64::MIN, |b| b.taken_at);
        if self.clock.now_ms().saturating_sub(newest) < DAILY_MS {
            return Ok(None);
        }
        self.backup(Reason::Daily).map(Some)
    }

    /// Writes a consistent copy of the notebook to `out`, which must not exist yet. The copy
    /// appears under that name only once it is whole and on disk.
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        if out.exists() {
            return Err(Error::invalid(format!(
                "{} already exists; choose a new file name for the backup",
                out.display()
            )));
        }
        // A partial copy under this name is what a killed backup left behind.
        let partial = out.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        let path = partial.to_str().ok_or_else(|| {
            Error::invalid("the backup's path is not valid UTF-8; choose another --out file")
        })?;
        self.conn.execute("VACUUM INTO ?1", [path])?;
        let written = std::fs::File::open(&partial).map_err(|e| cannot_write(&partial, e))?;
        written.sync_all().map_err(|e| cannot_write(&partial, e))?;
        make_private(&partial)?;
        std::fs::rename(&partial, out).map_err(|e| cannot_write(out, e))?;
        Ok(())
    }

    /// The backup called `name` in the backups folder (as `backup_list` names it).
    pub fn backup_named(&self, name: &str) -> Result<PathBuf> {
        self.backups()?
            .into_iter()
            .find(|b| b.path.file_name().is_some_and(|n| n == name))
            .map(|b| b.path)
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "no backup '{name}' in the backups folder; choose one from the list"
                ))
            })
    }

    /// The backups in the backups folder, newest first.
    pub fn backups(&self) -> Result<Vec<Backup>> {
        let dir = self.backup_dir()?;
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(Vec::new());
        };
        let mut found = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| cannot_write(&dir, e))?.path();
            if let Some(taken_at) = taken_at(&path) {
                found.push(Backup {
                    size: file_size(&path)?,
                    path,
                    taken_at,
                });
            }
        }
        found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.path.cmp(&a.path)));
        Ok(found)
    }

    /// Replaces the notebook with the backup `file`, in one step that other programs on this
    /// file see whole or not at all. The backup must be a Handschlag notebook of this device,
    /// intact and not from a newer build; the notebook it replaces is kept as a backup first.
    pub fn restore(&mut self, file: &Path) -> Result<Restored> {
        let dir = self.backup_dir()?;
        create_private_dir(&dir)?;
        let mut random = [0u8; 16];
        self.entropy.fill(&mut random);
        let staging = dir.join(format!(".restoring-{}.db", hex(&random[..8])));
        let result = self.restore_via(file, &staging, random);
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", staging.display()));
        }
        result
    }

    fn restore_via(&mut self, file: &Path, staging: &Path, instance: [u8; 16]) -> Result<Restored> {
        let source = check_backup(file, self.identity()?.0)?;
        let staging_name = staging
            .to_str()
            .ok_or_else(|| Error::invalid("the backups folder's path is not valid UTF-8"))?;
        source.execute("VACUUM INTO ?1", [staging_name])?;
        drop(source);
        let mut staged = Connection::open(staging)?;
        migrate(&mut staged)?;
        let live = self
            .conn
            .path()
            .ok_or_else(|| Error::invalid("an in-memory notebook cannot be restored"))?
            .to_string();
        staged.execute("ATTACH DATABASE ?1 AS live", [&live])?;
        keep_local_trust(&mut staged, instance)?;
        staged.execute("DETACH DATABASE live", [])?;
        let kept = self.backup(Reason::BeforeRestore)?;
        let copy = rusqlite::backup::Backup::new(&staged, &mut self.conn)?;
        copy.step(-1)?;
        Ok(Restored {
            kept,
            instance: hex(&instance),
        })
    }
}

impl From<&Backup> for handschlag_api::BackupInfo {
    fn from(backup: &Backup) -> Self {
        handschlag_api::BackupInfo {
            name: backup
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path: backup.path.display().to_string(),
            taken_at: backup.taken_at,
            size: backup.size,
        }
    }
}

/// Opens `file` read-only and checks that it is an intact Handschlag notebook of `device`
/// that this build can read.
fn check_backup(file: &Path, device: [u8; 16]) -> Result<Connection> {
    let shown = file.display();
    let source =
        Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| {
            Error::invalid(format!(
                "cannot open {shown} ({e}); choose a file from `handschlag backup --list`"
            ))
        })?;
    let check: String = source
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .map_err(|e| not_a_notebook(file, &e.to_string()))?;
    if check != "ok" {
        return Err(Error::invalid(format!(
            "{shown} is damaged ({check}); choose another backup, nothing was changed"
        )));
    }
    let found = schema_version(&source)?;
    if found > SCHEMA_VERSION {
        return Err(Error::TooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    let owner: Option<crate::Id> = source
        .query_row("SELECT device_id FROM replica", [], |row| row.get(0))
        .optional()
        .map_err(|e| not_a_notebook(file, &e.to_string()))?;
    match owner {
        Some(owner) if owner.0 == device => Ok(source),
        Some(_) => Err(Error::invalid(format!(
            "{shown} is a backup of another device; restore it on that device, or pair this device with it and sync"
        ))),
        None => Err(not_a_notebook(file, "it has no device identity")),
    }
}

fn not_a_notebook(file: &Path, why: &str) -> Error {
    Error::invalid(format!(
        "{} is not a Handschlag backup ({why}); choose a file from `handschlag backup --list`",
        file.display()
    ))
}

/// In the staged copy (with the live notebook attached as `live`): a new instance id, the clock
/// as far as it has gone, and this device's trust as it is now — its settings and TLS identity, pairing links, and every peer's
/// pairing or revocation — while how far each peer's feed is merged stays what the backup holds.
/// No peer is assumed to hold anything of the new instance yet.
fn keep_local_trust(staged: &mut Connection, instance: [u8; 16]) -> Result<()> {
    let tx = staged.transaction()?;
    tx.execute("UPDATE replica SET instance_id = ?1", [&instance[..]])?;
    // Clocks this device handed out after the backup are on other devices; a later write must
    // never get one of them again (with another value, replicas would disagree for good).
    tx.execute(
        "UPDATE main.replica SET hlc = max(hlc, (SELECT hlc FROM live.replica))",
        [],
    )?;
    tx.execute_batch(
        "DELETE FROM main.local_setting;
         INSERT INTO main.local_setting SELECT key, value FROM live.local_setting;
         DELETE FROM main.pairing_token;
         INSERT INTO main.pairing_token SELECT token, expires_at, used_at FROM live.pairing_token;
         UPDATE main.peer SET fingerprint = NULL, paired_at = NULL, acked = 0;
         INSERT INTO main.peer (device_id) SELECT device_id FROM live.peer WHERE true
             ON CONFLICT (device_id) DO NOTHING;
         UPDATE main.peer SET (name, fingerprint, address, paired_at, revoked_at, last_sync_at, pending) =
             (SELECT name, fingerprint, address, paired_at, revoked_at, last_sync_at, pending
              FROM live.peer WHERE live.peer.device_id = main.peer.device_id)
             WHERE device_id IN (SELECT device_id FROM live.peer);",
    )?;
    tx.commit()?;
    Ok(())
}

/// Removes partial copies that backups killed midway left in `dir` (an hour old at `now_ms`, so
/// that one another program is writing now is left alone).
fn remove_abandoned(dir: &Path, now_ms: i64) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let modified_ms = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(i64::MAX, |since| since.as_millis() as i64);
        let abandoned = now_ms.saturating_sub(modified_ms) > 60 * 60 * 1000;
        if path.extension().is_some_and(|e| e == "partial") && abandoned {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// When a backup file was taken, from its name; `None` for other files.
fn taken_at(path: &Path) -> Option<i64> {
    let name = path.file_name()?.to_str()?;
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(".db")?.get(..19)?;
    let time = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S-%3f").ok()?;
    Some(time.and_utc().timestamp_millis())
}

fn file_size(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)
        .map_err(|e| cannot_write(path, e))?
        .len())
}

#[cfg(test)]
mod tests {
    use handschlag_api::{ContactCreate, ContactQuery, Handler};

    use super::*;
    use crate::db::tests::{CountingEntropy, FixedClock};

    const NOON: i64 = 1_783_166_400_000;
    const DAY: i64 = DAILY_MS;

    fn open(path: &Path, now: i64, seed: u8) -> Notebook {
        Notebook::open(
            path,
            Box::new(FixedClock(now)),
            Box::new(CountingEntropy(seed)),
        )
        .unwrap()
    }

    fn add(notebook: &mut Notebook, name: &str) {
        notebook
            .contact_create(ContactCreate {
                name: name.into(),
                ..Default::default()
            })
            .unwrap();
    }

    fn names(notebook: &mut Notebook) -> Vec<String> {
        let page = notebook.contact_list(ContactQuery::default()).unwrap();
        page.contacts.into_iter().map(|c| c.name).collect()
    }

    #[test]
    fn the_daily_backup_is_taken_once_a_day_and_the_newest_seven_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("handschlag.db");
        let mut first = open(&path, NOON, 0);
        let taken = first
            .backup_if_due()
            .unwrap()
            .expect("the first one is due");
        assert!(taken.path.starts_with(dir.path().join("backups")));
        assert_eq!(
            first.backup_if_due().unwrap(),
            None,
            "not again the same day"
        );
        for day in 1..=9 {
            let mut later = open(&path, NOON + day * DAY, 0);
            assert!(later.backup_if_due().unwrap().is_some(), "day {day}");
        }
        let kept = first.backups().unwrap();
        assert_eq!(kept.len(), KEEP);
        assert_eq!(kept[0].taken_at, NOON + 9 * DAY, "newest first");
        assert_eq!(kept[KEEP - 1].taken_at, NOON + 3 * DAY);
    }

    #[cfg(unix)]
    #[test]
    fn the_notebook_its_folder_and_its_backups_are_private_to_the_user() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new folder").join("handschlag.db");
        let mut notebook = open(&path, NOON, 0);
        add(&mut notebook, "Anna");
        let backup = notebook.backup(Reason::Manual).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(mode(backup.path.parent().unwrap()), 0o700);
        for file in [&path, &path.with_extension("db-wal"), &backup.path] {
            assert_eq!(mode(file), 0o600, "{}", file.display());
        }
    }

    #[test]
    fn a_restore_brings_back_the_backup_keeps_the_notebook_it_replaces_and_renews_the_instance() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("handschlag.db");
        let mut notebook = open(&path, NOON, 0);
        add(&mut notebook, "Anna");
        let backup = notebook.backup(Reason::Manual).unwrap();
        add(&mut notebook, "Written after the backup");
        let (device, instance) = notebook.identity().unwrap();
        notebook.set_setting("tls_key", b"the key of now").unwrap();

        let mut beside = open(&path, NOON, 50);
        let restored = notebook.restore(&backup.path).unwrap();
        assert_eq!(names(&mut notebook), ["Anna"]);
        assert_eq!(
            names(&mut beside),
            ["Anna"],
            "another program on the file sees it"
        );
        let (same_device, new_instance) = notebook.identity().unwrap();
        assert_eq!(same_device, device);
        assert_ne!(new_instance, instance);
        assert_eq!(restored.instance, hex(&new_instance));
        assert_eq!(
            notebook.setting("tls_key").unwrap().as_deref(),
            Some(&b"the key of now"[..]),
            "this device's identity is kept"
        );
        let mut kept = open(&restored.kept.path, NOON, 0);
        assert_eq!(names(&mut kept), ["Anna", "Written after the backup"]);
    }

    #[test]
    fn a_damaged_foreign_or_newer_backup_is_refused_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("handschlag.db");
        let mut notebook = open(&path, NOON, 0);
        add(&mut notebook, "Anna");
        let before = crate::export::export(&notebook.conn).unwrap();

        let garbage = dir.path().join("garbage.db");
        std::fs::write(&garbage, b"this is not a database at all, just text").unwrap();
        let other = dir.path().join("other.db");
        add(&mut open(&other, NOON, 77), "Someone else's");
        let newer = dir.path().join("newer.db");
        let from_the_future = open(&newer, NOON, 0);
        from_the_future
            .backup_to(&dir.path().join("newer-copy.db"))
            .unwrap();
        drop(from_the_future);
        rusqlite::Connection::open(dir.path().join("newer-copy.db"))
            .unwrap()
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let plain = dir.path().join("plain.db");
        rusqlite::Connection::open(&plain)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();

        for (file, reason) in [
            (garbage, "not a Handschlag backup"),
            (other, "a backup of another device"),
            (dir.path().join("newer-copy.db"), "update the app"),
            (plain, "not a Handschlag backup"),
            (dir.path().join("missing.db"), "cannot open"),
        ] {
            let error = notebook.restore(&file).unwrap_err().to_string();
            assert!(error.contains(reason), "{}: {error}", file.display());
            assert_eq!(crate::export::export(&notebook.conn).unwrap(), before);
        }
        assert!(
            notebook.backups().unwrap().is_empty(),
            "nothing was replaced"
        );
    }
}
