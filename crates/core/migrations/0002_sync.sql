-- Schema 2: what replication needs beside the data.

-- Devices this one syncs with, and how far each one's change feed has been applied here.
-- `cursor` is the peer's lseq up to which its changes are merged; it is written in the same
-- transaction as the page it belongs to, so an interrupted sync resumes where it stopped.
CREATE TABLE peer (
    device_id   BLOB PRIMARY KEY,
    instance_id BLOB NOT NULL,                 -- a new instance (restored file) resets the cursor
    cursor      INTEGER NOT NULL DEFAULT 0
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
