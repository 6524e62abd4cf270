-- Merges of two contacts made on this device, so each can be undone. Local (never synced): a
-- merge and its undo are ordinary synced writes; this only remembers what one merge changed.
CREATE TABLE contact_merge (
    id      BLOB PRIMARY KEY,
    kept    BLOB NOT NULL,
    dropped BLOB NOT NULL,
    at      INTEGER NOT NULL,
    undone  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- One thing a merge changed: a field of the kept contact (`key` its column, with the values
-- before and after), a tag or import UID it gained (`key` the value), or a record it moved —
-- follow-up, deal, check-in (the copy recorded for the kept contact), event whose people to
-- meet it joined, its cadence (`key` the record's id).
CREATE TABLE contact_merge_step (
    merge  BLOB NOT NULL REFERENCES contact_merge (id),
    kind   TEXT NOT NULL,
    key    ANY,
    before ANY,
    after  ANY
) STRICT;
CREATE INDEX contact_merge_step_by_merge ON contact_merge_step (merge);
