-- Schema 2: what replication needs beside the data.

-- Devices this one syncs with: how far each one's change feed has been applied here, and how
-- it is trusted. `cursor` is the peer's lseq up to which its changes are merged; it is written
-- in the same transaction as the page it belongs to, so an interrupted sync resumes where it
-- stopped. Local to this device, never synced.
CREATE TABLE peer (
    device_id    BLOB PRIMARY KEY,
    instance_id  BLOB NOT NULL DEFAULT x'',    -- a new instance (restored file) resets the cursor
    cursor       INTEGER NOT NULL DEFAULT 0,
    name         TEXT NOT NULL DEFAULT '',
    fingerprint  BLOB UNIQUE,                  -- SHA-256 of its TLS certificate; NULL: not paired
    address      TEXT,                         -- where this device dials it (a hub), if it does
    paired_at    INTEGER,
    revoked_at   INTEGER,                      -- set: refused, whatever certificate it shows
    last_sync_at INTEGER
) STRICT, WITHOUT ROWID;

-- One-time pairing tokens a hub hands out in its pairing link; valid for minutes, single use.
CREATE TABLE pairing_token (
    token      TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT, WITHOUT ROWID;

-- This device's own settings: its TLS identity, the address its hub listens on.
CREATE TABLE local_setting (
    key   TEXT PRIMARY KEY,
    value ANY
) STRICT, WITHOUT ROWID;

-- Values that lost a merge: the local value a remote write replaced, or a remote value that
-- arrived older than the local one. Local (never synced); shown as "changed on <device> at
-- <time> — was …". Keyed by the losing write's clock, so re-applying a page adds nothing.
CREATE TABLE field_history (
    tbl        TEXT NOT NULL,
    row_id     BLOB NOT NULL,
    field      TEXT NOT NULL,
    value      ANY,                            -- the losing value, of whatever type the field has
    hlc        INTEGER NOT NULL,               -- the losing write's clock
    device     BLOB NOT NULL,                  -- the losing write's device
    winner_hlc INTEGER NOT NULL,               -- the clock of the value that won
    winner_device BLOB NOT NULL,
    PRIMARY KEY (tbl, row_id, field, hlc, device)
) STRICT, WITHOUT ROWID;
